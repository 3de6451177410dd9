"""``audit export`` and ``audit verify`` show a progress bar on a terminal, and nothing in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hatrack.audit.trail import TrailRecorder
from hatrack.state import open_state
from tests.audit.records import call, root
from tests.support.server import BIN

EVENTS = 2500  # more than one update step of the bar (every 1,000 events)


@pytest.fixture
def large_trail(tmp_path: Path, now: datetime) -> Path:
    directory = tmp_path / "state"
    state = open_state(directory, now=now)
    recorder = TrailRecorder(state.database)
    with state.database.begin() as conn:
        for n in range(EVENTS):
            recorder.record(
                conn, call("iam", "ListUsers", root(state.account_id), now + timedelta(seconds=n))
            )
    state.database.dispose()
    return directory


def run_with_terminal_stderr(*args: str, stdout: Path) -> str:
    """Run ``hatrack ARGS`` with stderr on a pseudo-terminal (as in a shell); what it drew there."""
    controller, terminal = pty.openpty()
    with stdout.open("wb") as out:
        process = subprocess.Popen([str(BIN / "hatrack"), *args], stdout=out, stderr=terminal)
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=120) == 0
    os.close(controller)
    return drawn.decode(errors="replace")


@pytest.mark.parametrize("command", ["export", "verify"])
def test_on_a_terminal_the_bar_counts_every_event(large_trail: Path, tmp_path: Path, command: str) -> None:
    drawn = run_with_terminal_stderr(
        "audit", command, "--state-dir", str(large_trail), stdout=tmp_path / "out"
    )
    assert command in drawn
    assert f"{EVENTS}/{EVENTS}" in drawn
    if command == "export":
        assert len((tmp_path / "out").read_text().splitlines()) == EVENTS


def test_in_a_pipe_there_is_no_bar_and_stdout_is_only_the_events(large_trail: Path) -> None:
    result = subprocess.run(
        [str(BIN / "hatrack"), "audit", "export", "--state-dir", str(large_trail)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == EVENTS

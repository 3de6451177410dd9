"""``hatrack analyze``: the commands read the state folder and print the report."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from hatrack.cli.main import cli
from hatrack.state import open_state
from tests.analysis.world import ACCOUNT, World, allow, arn, trust


def test_analyze_escalation_prints_the_path_as_text_and_as_json(tmp_path: Path, now: datetime) -> None:
    directory = tmp_path / "state"
    state = open_state(directory, account_id=ACCOUNT, now=now)
    with state.database.begin() as conn:
        world = World(conn)
        alice = world.user("alice", allow("sts:AssumeRole"))
        admin = world.role("Admin", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), allow("*"))
    state.database.dispose()

    shown = CliRunner().invoke(cli, ["analyze", "escalation", "--state-dir", str(directory), "--json"])
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.output)
    assert report["administrators"] == [admin]
    assert [(f["principal"], f["gains"]) for f in report["findings"]] == [(alice, "administrator")]

    text = CliRunner().invoke(
        cli, ["analyze", "escalation", "--state-dir", str(directory), "--account-id", ACCOUNT]
    )
    assert text.exit_code == 0, text.output
    assert f"{alice} -> ADMINISTRATOR" in text.output
    assert f"1. as {alice}: sts:AssumeRole on {arn('role', 'Admin')}" in text.output

"""A real ``hatrack serve --dev`` process on a free loopback port, or a server that already runs.

``start_server`` runs ``hatrack serve --dev`` on a throwaway state folder (SQLite) with the same
interpreter (``python -m hatrack.cli.main``, so no console script on ``PATH`` is needed) and reads the
new account's root keys from the welcome it prints once. ``reset`` calls the dev endpoint
``POST /_hatrack/reset`` (``X-Hatrack-Reset: 1``): every entity and event goes, the account and
its root keys stay.

The child processes get the caller's environment without any ``AWS_*`` variable: the server never
needs, and must never see, the developer's real AWS credentials.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

RESET_PATH = "/_hatrack/reset"
START_TIMEOUT_SECONDS = 30.0


class HatrackServerError(RuntimeError):
    """The test server did not start, or does not answer a reset (not started with ``--dev``?)."""


@dataclass(frozen=True)
class RootCredentials:
    access_key_id: str
    secret_access_key: str


@dataclass
class HatrackTestServer:
    """A hatrack server a test session uses: started here (``process`` set) or found at an endpoint."""

    endpoint: str
    root: RootCredentials
    account_id: str | None = None
    state_dir: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def is_managed(self) -> bool:
        """Whether this session started the server (and may copy its state folder)."""
        return self.process is not None

    def reset(self) -> None:
        """Wipe every entity and event; the account and the root keys stay."""
        request = urllib.request.Request(
            f"{self.endpoint}{RESET_PATH}", method="POST", data=b"", headers={"X-Hatrack-Reset": "1"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as error:
            hint = " (is it running with --dev?)" if error.code == 404 else ""
            raise HatrackServerError(f"reset of {self.endpoint} failed: HTTP {error.code}{hint}") from error
        except urllib.error.URLError as error:
            raise HatrackServerError(f"reset of {self.endpoint} failed: {error.reason}") from error

    def keep_state(self, destination: Path) -> Path:
        """Copy the state folder to ``destination`` (the database by SQLite's backup, consistent live).

        ``hatrack serve --state-dir DESTINATION`` then serves exactly what the test left behind.
        """
        if self.state_dir is None:
            raise HatrackServerError("only a server this session started has a state folder to keep")
        destination.mkdir(parents=True, exist_ok=True)
        for source in self.state_dir.iterdir():
            if source.name.endswith(("-wal", "-shm", "-journal", ".log")) or not source.is_file():
                continue
            if source.suffix == ".db":
                _backup_sqlite(source, destination / source.name)
            else:
                shutil.copy2(source, destination / source.name)
        return destination

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()

    def log_tail(self, lines: int = 20) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _backup_sqlite(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_environment() -> dict[str, str]:
    """The environment of the server's processes: the caller's, without any AWS_* variable."""
    return {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}


def hatrack_command(*args: str) -> list[str]:
    """``hatrack ARGS`` run by this interpreter (the hatrack importable here is the one served)."""
    return [sys.executable, "-m", "hatrack.cli.main", *args]


def start_server(
    state_dir: Path, *, account_id: str | None = None, extra_args: Sequence[str] = ()
) -> HatrackTestServer:
    """Serve a new state in ``state_dir`` with ``--dev`` on a free loopback port.

    One process, not ``init`` then ``serve``: a first ``hatrack serve`` creates the state and prints
    the root keys once on its stdout (the ``[profile hatrack]`` block of the README), which is read
    here from a pipe, never written to the log; the rest of stdout is copied to ``server.log``.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    if any(state_dir.iterdir()):
        raise HatrackServerError(f"{state_dir} is not empty: the test server needs a new state folder")
    port = free_port()
    log_path = state_dir / "server.log"
    log = open(log_path, "ab")  # noqa: SIM115  (closed by HatrackTestServer.stop)
    process = subprocess.Popen(
        hatrack_command(
            "serve",
            "--port",
            str(port),
            "--state-dir",
            str(state_dir),
            "--dev",
            "--digest-interval",
            "0",
            *(["--account-id", account_id] if account_id else []),
            *extra_args,
        ),
        stdout=subprocess.PIPE,
        stderr=log,
        env=child_environment(),
    )
    server = HatrackTestServer(
        endpoint=f"http://127.0.0.1:{port}",
        root=RootCredentials("", ""),
        account_id=account_id,
        state_dir=state_dir,
        process=process,
        log_path=log_path,
        _log=log,
    )
    try:
        assert process.stdout is not None
        server.root = _read_root_keys(process.stdout)
        threading.Thread(target=_copy, args=(process.stdout, log), daemon=True).start()
        _wait_until_listening(port, process)
    except BaseException:
        server.stop()
        raise
    return server


_KEY_LINE = re.compile(rb"^(aws_access_key_id|aws_secret_access_key) = (\S+)$")


def _read_root_keys(stdout: IO[bytes]) -> RootCredentials:
    """The root keys of the welcome a first ``hatrack serve`` prints (before it serves anything)."""
    found: dict[bytes, str] = {}
    for line in stdout:
        matched = _KEY_LINE.match(line.strip())
        if matched:
            found[matched.group(1)] = matched.group(2).decode()
        if len(found) == 2:
            return RootCredentials(found[b"aws_access_key_id"], found[b"aws_secret_access_key"])
    raise HatrackServerError("hatrack serve exited before printing the root credentials of its new state")


def _copy(source: IO[bytes], log: IO[bytes]) -> None:
    """The rest of the server's stdout (uvicorn's access log) into ``server.log`` (never a full pipe)."""
    for line in source:
        try:
            log.write(line)
            log.flush()
        except ValueError:  # the log was closed: the server is being stopped
            return


def existing_server(endpoint: str, root: RootCredentials) -> HatrackTestServer:
    """A server someone else runs (it must run with ``--dev``); its account is learnt on first use."""
    return HatrackTestServer(endpoint=endpoint.rstrip("/"), root=root)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HatrackServerError(f"hatrack serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise HatrackServerError("hatrack serve did not start listening in time")

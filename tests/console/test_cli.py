"""The console's commands: `hatrack account` prints each account's sign-in link, and
`hatrack account set-root-password` takes only a password AWS would take for a root user."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.support.server import BIN


def _hatrack(*args: str, state: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hatrack"), *args, "--state-dir", str(state)],
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
    )


def test_account_prints_the_sign_in_link_and_root_passwords_follow_aws_rules(tmp_path: Path) -> None:
    created = json.loads(_hatrack("init", "--json", state=tmp_path).stdout)
    account = created["account_id"]
    listed = _hatrack("account", state=tmp_path)
    assert listed.returncode == 0
    assert f"http://127.0.0.1:8740/console?account={account}" in listed.stdout
    weak = _hatrack("account", "set-root-password", "--password-stdin", state=tmp_path, stdin="short\n")
    assert weak.returncode != 0
    assert "8 to 128 characters" in weak.stderr
    assert "short" not in weak.stderr.replace("8 to 128 characters", "")
    good = _hatrack(
        "account", "set-root-password", "--password-stdin", state=tmp_path, stdin="Root-Pass-42\n"
    )
    assert good.returncode == 0, good.stderr
    assert f"/console?account={account}" in good.stdout
    assert "Root-Pass-42" not in good.stdout + good.stderr

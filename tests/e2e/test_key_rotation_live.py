"""``hatrack keys rotate`` while the server runs: the server re-reads its key file within seconds and
seals from then on with the new primary key (no restart), and what it sealed before still opens."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.server import BIN, running_server

pytestmark = pytest.mark.e2e


def _sealed_under(state_dir: Path, access_key_id: str) -> str:
    """The keyring key id a stored access-key secret is sealed under (the 4 bytes after the version)."""
    with sqlite3.connect(state_dir / "hatrack.db") as db:
        (sealed,) = db.execute(
            "SELECT sealed_secret FROM access_keys WHERE access_key_id = ?", (access_key_id,)
        ).fetchone()
    return bytes(sealed[1:5]).hex()


def test_a_rotation_is_picked_up_by_the_running_server(tmp_path: Path) -> None:
    with running_server(tmp_path, extra_args=()) as server:
        iam = server.client("iam")
        iam.create_user(UserName="before")
        before = iam.create_access_key(UserName="before")["AccessKey"]
        rotated = subprocess.run(
            [str(BIN / "hatrack"), "keys", "rotate", "--state-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        primary = json.loads(rotated.stdout)["primary_key_id"]
        assert _sealed_under(tmp_path, before["AccessKeyId"]) != primary
        deadline = time.monotonic() + 10
        n = 0
        while True:
            n += 1
            iam.create_user(UserName=f"after-{n}")
            after = iam.create_access_key(UserName=f"after-{n}")["AccessKey"]
            if _sealed_under(tmp_path, after["AccessKeyId"]) == primary:
                break
            assert time.monotonic() < deadline, "the server still seals with the old primary key"
            time.sleep(0.5)
        for key in (before, after):
            caller = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
            assert caller.get_caller_identity()["Arn"].endswith(
                f"user/{'before' if key is before else f'after-{n}'}"
            )

"""Retiring a leaked master key: rotate, retire the old key, and everything stored keeps working.

Through the CLI as an operator types it (``hatrack keys rotate`` / ``retire``) between two runs of a
real server on the same state, with boto3 before and after.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.support.server import BIN, running_server

pytestmark = pytest.mark.e2e


def _hatrack(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hatrack"), *args, "--database", database_url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _keys(state_dir: Path) -> dict[str, object]:
    listed = subprocess.run(
        [str(BIN / "hatrack"), "keys", "list", "--state-dir", str(state_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return dict(json.loads(listed.stdout))


# The account root may not assume roles (AWS refuses it): alice does.
ASSUME_ANY_ROLE = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
)


def _trust_root(account: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def test_a_retired_key_is_gone_and_everything_stored_still_works(tmp_path: Path, database_url: str) -> None:
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    with running_server(state_dir, database_url=database_url) as first:
        iam = first.client("iam")
        iam.create_user(UserName="alice")
        alice_key = iam.create_access_key(UserName="alice")["AccessKey"]
        iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        iam.put_user_policy(UserName="alice", PolicyName="assume", PolicyDocument=ASSUME_ANY_ROLE)
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone")["VirtualMFADevice"]
        seed = totp_secret_from_base32(device["Base32StringSeed"].decode())
        now = datetime.now(UTC)
        iam.enable_mfa_device(
            UserName="alice",
            SerialNumber=device["SerialNumber"],
            AuthenticationCode1=totp_code(seed, now - timedelta(seconds=30)),
            AuthenticationCode2=totp_code(seed, now),
        )
        role = iam.create_role(RoleName="Ops", AssumeRolePolicyDocument=_trust_root(first.account_id))["Role"]
        as_alice = first.client("sts", key=alice_key["AccessKeyId"], secret=alice_key["SecretAccessKey"])
        session = as_alice.assume_role(RoleArn=role["Arn"], RoleSessionName="before")["Credentials"]
    old = _keys(state_dir)
    old_primary = str(old["primary_key_id"])
    key_file = json.loads((state_dir / "master.key").read_text())
    old_material = next(k["key"] for k in key_file["keys"] if k["id"] == old_primary)

    refused = _hatrack(
        "keys", "retire", old_primary, "--state-dir", str(state_dir), database_url=database_url
    )
    assert refused.returncode != 0 and "primary" in refused.stderr  # the primary cannot be retired
    rotated = subprocess.run(
        [str(BIN / "hatrack"), "keys", "rotate", "--state-dir", str(state_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert rotated.returncode == 0, rotated.stderr
    retired = _hatrack(
        "keys", "retire", old_primary, "--state-dir", str(state_dir), database_url=database_url
    )
    assert retired.returncode == 0, retired.stderr
    report = json.loads(retired.stdout)
    assert report["resealed"]["access_keys"] >= 2  # root's and alice's
    assert report["resealed"]["iam_virtual_mfa_devices"] == 1
    assert old_primary not in report["key_ids"]

    text = (state_dir / "master.key").read_text()
    assert old_primary not in text and old_material not in text  # the old key's bytes are gone
    assert base64.b64decode(old_material).hex() not in text

    with running_server(state_dir, database_url=database_url) as second:
        again = dataclasses.replace(second, secret_access_key=first.secret_access_key)
        assert again.client("iam").get_user(UserName="alice")["User"]["UserName"] == "alice"  # root's key
        alice = again.client("iam", key=alice_key["AccessKeyId"], secret=alice_key["SecretAccessKey"])
        assert alice.get_user()["User"]["UserName"] == "alice"  # a user's key
        # The MFA seed was re-sealed too: a fresh code still proves the device.
        code = totp_code(seed, datetime.now(UTC) + timedelta(seconds=30))
        sts_alice = again.client("sts", key=alice_key["AccessKeyId"], secret=alice_key["SecretAccessKey"])
        assert sts_alice.get_session_token(SerialNumber=device["SerialNumber"], TokenCode=code)["Credentials"]
        # A session token sealed under the retired key is invalid by design: it is not stored, so it
        # cannot be re-sealed; its holder asks for a new one.
        stale = again.client(
            "sts",
            key=session["AccessKeyId"],
            secret=session["SecretAccessKey"],
            token=session["SessionToken"],
        )
        with pytest.raises(ClientError) as invalid:
            stale.get_caller_identity()
        assert invalid.value.response["Error"]["Code"] == "InvalidClientTokenId"
        fresh = sts_alice.assume_role(RoleArn=role["Arn"], RoleSessionName="after")["Credentials"]
        assert fresh["AccessKeyId"].startswith("ASIA")
    verified = _hatrack("audit", "verify", "--state-dir", str(state_dir), database_url=database_url)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_retire_refuses_the_staged_key_and_unknown_keys(tmp_path: Path, database_url: str) -> None:
    state_dir = tmp_path / "state"
    init = subprocess.run(
        [str(BIN / "hatrack"), "init", "--json", "--state-dir", str(state_dir), "--database", database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert init.returncode == 0, init.stderr
    key_file = json.loads((state_dir / "master.key").read_text())
    staged = _hatrack(
        "keys", "retire", key_file["staged"], "--state-dir", str(state_dir), database_url=database_url
    )
    assert staged.returncode != 0 and "staged" in staged.stderr
    unknown = _hatrack("keys", "retire", "00000000", "--state-dir", str(state_dir), database_url=database_url)
    assert unknown.returncode != 0 and "no key" in unknown.stderr
    assert json.loads((state_dir / "master.key").read_text()) == key_file


def test_every_sealed_column_of_the_schema_is_re_sealed_on_retirement() -> None:
    from hatrack.store.sealed import SEALED_COLUMNS
    from hatrack.store.tables import metadata

    found = {
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if column.name.startswith("sealed_")
    }
    assert found == {(c.table, c.sealed_column) for c in SEALED_COLUMNS}

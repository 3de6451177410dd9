"""``hatrack configure-profile`` writes profiles the AWS CLI uses as typed, and leaves the others alone."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from hatrack.cli.aws_files import set_section
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e

PRODUCTION_CONFIG = """# my real accounts: hands off
[default]
region = eu-west-1

[profile prod]
region = eu-central-1   ; Frankfurt
output = table

"""
PRODUCTION_CREDENTIALS = "[prod]\naws_access_key_id = AKIAPRODPRODPROD0000\naws_secret_access_key = prod\n"


def user_environment(home: Path) -> dict[str, str]:
    """A shell of a person: a HOME, and no AWS_* variable at all (the CLI reads only ~/.aws)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["HOME"] = str(home)
    return environment


def hatrack(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hatrack"), *args],
        input=stdin,
        env=user_environment(home),
        capture_output=True,
        text=True,
        timeout=60,
    )


def aws(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "aws"), *args, "--output", "json"],
        env=user_environment(home),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_keys_profile_and_a_role_profile_work_in_the_aws_cli_and_other_profiles_stay_byte_for_byte(
    server: RunningServer, tmp_path: Path
) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/alice"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role_arn = iam.create_role(RoleName="Analyst", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "config").write_text(PRODUCTION_CONFIG)
    (home / ".aws" / "credentials").write_text(PRODUCTION_CREDENTIALS)

    keys = hatrack(
        home,
        "configure-profile",
        "alice",
        "--endpoint",
        server.endpoint,
        "--access-key-id",
        key["AccessKeyId"],
        stdin=key["SecretAccessKey"] + "\n",
    )
    assert keys.returncode == 0, keys.stderr
    assert key["SecretAccessKey"] not in keys.stdout + keys.stderr
    role = hatrack(
        home, "configure-profile", "analyst", "--endpoint", server.endpoint,
        "--role-arn", role_arn, "--source-profile", "alice", "--role-session-name", "alice-analyst",
    )  # fmt: skip
    assert role.returncode == 0, role.stderr

    as_alice = aws(home, "sts", "get-caller-identity", "--profile", "alice")
    assert as_alice.returncode == 0, as_alice.stderr
    assert json.loads(as_alice.stdout)["Arn"] == f"arn:aws:iam::{server.account_id}:user/alice"
    as_analyst = aws(home, "sts", "get-caller-identity", "--profile", "analyst")
    assert as_analyst.returncode == 0, as_analyst.stderr
    assert (
        json.loads(as_analyst.stdout)["Arn"]
        == f"arn:aws:sts::{server.account_id}:assumed-role/Analyst/alice-analyst"
    )

    config = (home / ".aws" / "config").read_text()
    credentials = (home / ".aws" / "credentials").read_text()
    assert config.startswith(PRODUCTION_CONFIG)
    assert credentials.startswith(PRODUCTION_CREDENTIALS)
    assert f"[profile analyst]\nregion = us-east-1\nendpoint_url = {server.endpoint}\n" in config
    assert "role_arn = " + role_arn in config and "source_profile = alice" in config


def test_a_new_credentials_file_is_readable_by_its_owner_only(server: RunningServer, tmp_path: Path) -> None:
    result = hatrack(
        tmp_path,
        "configure-profile", "ci", "--endpoint", server.endpoint,
        "--access-key-id", server.access_key_id, "--secret-access-key", server.secret_access_key,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / ".aws" / "credentials").stat().st_mode) == 0o600
    assert aws(tmp_path, "sts", "get-caller-identity", "--profile", "ci").returncode == 0


def test_rewriting_a_profile_changes_only_its_keys_and_keeps_its_other_settings() -> None:
    text = "[profile a]\nregion = eu-west-1\noutput = text\n\n# b is mine\n[profile b]\nregion = x\n"
    updated = set_section(text, "profile a", {"region": "us-east-1", "endpoint_url": "http://h:1"})
    assert updated == (
        "[profile a]\nregion = us-east-1\noutput = text\nendpoint_url = http://h:1\n\n"
        "# b is mine\n[profile b]\nregion = x\n"
    )


def test_a_new_profile_is_appended_after_a_blank_line() -> None:
    assert set_section("[default]\nregion = x", "profile n", {"region": "y"}) == (
        "[default]\nregion = x\n\n[profile n]\nregion = y\n"
    )
    assert set_section("", "n", {"k": "v"}) == "[n]\nk = v\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role-arn", "arn:aws:iam::123456789012:role/R"], "--role-arn needs --source-profile"),
        (["--source-profile", "a"], "need --role-arn"),
        ([], "give --access-key-id"),
        (
            ["--role-arn", "arn:aws:iam::1:role/R", "--source-profile", "a", "--access-key-id", "K"],
            "not keys",
        ),
    ],
)
def test_a_profile_that_cannot_work_is_refused_and_nothing_is_written(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = hatrack(tmp_path, "configure-profile", "p", "--endpoint", "http://127.0.0.1:1", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / ".aws").exists()

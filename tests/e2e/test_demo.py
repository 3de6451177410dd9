"""``hatrack demo``: the story is made on a server, and the walkthrough it prints works when a person
runs it as printed (every ``$`` line, in order, with the AWS CLI and ``hatrack``)."""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import signal
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from hatrack.credentials.totp import totp_code
from tests.support.server import BIN, RunningServer, free_port

pytestmark = pytest.mark.e2e


def person(home: Path) -> dict[str, str]:
    """A person's shell: a HOME of their own, no AWS_* variable."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("AWS_")}, "HOME": str(home)}


def run_printed(line: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run a ``$ `` line of the walkthrough as a shell would (its ``# note`` is a shell comment)."""
    words = shlex.split(line[2:], comments=True)
    program = {"aws": BIN / "aws", "hatrack": BIN / "hatrack"}[words[0]]
    return subprocess.run(
        [str(program), *words[1:]],
        input=stdin,
        env=person(home),
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # no terminal: the CLI reads the MFA code from stdin
    )


def test_the_printed_walkthrough_lives_through_the_story_and_contains_mallory(
    server: RunningServer, tmp_path: Path
) -> None:
    environment = {
        **person(tmp_path),
        "AWS_ACCESS_KEY_ID": server.access_key_id,
        "AWS_SECRET_ACCESS_KEY": server.secret_access_key,
    }
    demo = subprocess.run(
        [str(BIN / "hatrack"), "demo", "--endpoint", server.endpoint],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    assert "13/13" in demo.stderr  # the progress bar got to its end
    walkthrough = demo.stdout
    account = server.account_id
    assert f"{server.endpoint}/console" in walkthrough
    assert (
        f"{server.endpoint}/switchrole?roleName=SecurityAnalystRole&account={account}"
        "&displayName=Analyst&color=99BCE3"
    ) in walkthrough
    assert f"/switchrole?roleName=SecurityBreakGlassRole&account={account}" in walkthrough
    assert "mallory iam:CreateUser: AccessDenied" in walkthrough
    seed = re.search(r"Seed: ([A-Z2-7]+)", walkthrough)
    assert seed is not None

    outputs = []
    for line in (line for line in walkthrough.splitlines() if line.startswith("$ ")):
        code = totp_code(base64.b32decode(seed.group(1)), datetime.now(UTC)) + "\n"
        result = run_printed(line, tmp_path, stdin=code if "enter the MFA code" in line else "")
        if "# refused" in line:
            assert result.returncode != 0 and "AccessDenied" in result.stderr, line
        else:
            assert result.returncode == 0, f"{line}\n{result.stderr}"
        outputs.append(result.stdout)

    assert json.loads(outputs[1])["Arn"] == f"arn:aws:iam::{account}:user/alice"
    assert json.loads(outputs[3])["Arn"].endswith(":assumed-role/SecurityAnalystRole/alice-analyst")
    mallory_did = [name for name, _ in json.loads(outputs[4])]
    assert {"CreateUser", "AttachUserPolicy", "CreateAccessKey", "ListUsers"} <= set(mallory_did)
    analyst_trail, break_glass_trail = json.loads(outputs[-2]), json.loads(outputs[-1])
    assert "PutUserPolicy" not in analyst_trail and "UpdateAccessKey" in analyst_trail  # the refused one
    assert "LookupEvents" in analyst_trail
    assert break_glass_trail.count("UpdateAccessKey") == 2 and "PutUserPolicy" in break_glass_trail
    assert "LookupEvents" not in break_glass_trail  # (the listing call itself comes after it is read)

    iam = server.client("iam")
    keys = iam.list_access_keys(UserName="mallory")["AccessKeyMetadata"]
    assert [key["Status"] for key in keys] == ["Inactive", "Inactive"]
    assert iam.list_user_policies(UserName="mallory")["PolicyNames"] == ["Contained", "Developer"]


def test_without_mfa_the_break_glass_hat_stays_on_the_hook(server: RunningServer, tmp_path: Path) -> None:
    environment = {
        **person(tmp_path),
        "AWS_ACCESS_KEY_ID": server.access_key_id,
        "AWS_SECRET_ACCESS_KEY": server.secret_access_key,
    }
    demo = subprocess.run(
        [str(BIN / "hatrack"), "demo", "--endpoint", server.endpoint],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    sts = server.client("sts", key=_alice_key(demo.stdout), secret=_alice_secret(demo.stdout))
    with pytest.raises(ClientError, match="AccessDenied"):
        sts.assume_role(
            RoleArn=f"arn:aws:iam::{server.account_id}:role/SecurityBreakGlassRole", RoleSessionName="probe"
        )
    assert sts.assume_role(
        RoleArn=f"arn:aws:iam::{server.account_id}:role/SecurityAnalystRole", RoleSessionName="probe"
    )["Credentials"]


def _alice_key(walkthrough: str) -> str:
    found = re.search(r"--access-key-id (\S+) --secret-access-key", walkthrough)
    assert found is not None
    return found.group(1)


def _alice_secret(walkthrough: str) -> str:
    found = re.search(r"--secret-access-key (\S+)", walkthrough)
    assert found is not None
    return shlex.split(found.group(1))[0]


def test_on_a_fresh_state_folder_the_demo_serves_until_it_is_stopped(tmp_path: Path) -> None:
    port = free_port()
    demo = subprocess.Popen(
        [str(BIN / "hatrack"), "demo", "--state-dir", str(tmp_path / "demo"), "--port", str(port)],
        env=person(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert demo.stdout is not None
        lines = []
        for line in demo.stdout:
            lines.append(line.rstrip("\n"))
            if "Ctrl-C stops it" in line:
                break
        for line in [line for line in lines if line.startswith("$ ")][:2]:
            result = run_printed(line, tmp_path)
            assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["Arn"].endswith(":user/alice")
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=20)
    again = subprocess.run(
        [str(BIN / "hatrack"), "demo", "--state-dir", str(tmp_path / "demo"), "--port", str(port)],
        env=person(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and "already holds a hatrack state" in again.stderr


def test_a_second_story_on_the_same_account_is_a_clear_error(server: RunningServer, tmp_path: Path) -> None:
    environment = {
        **person(tmp_path),
        "AWS_ACCESS_KEY_ID": server.access_key_id,
        "AWS_SECRET_ACCESS_KEY": server.secret_access_key,
    }
    command = [str(BIN / "hatrack"), "demo", "--endpoint", server.endpoint]
    subprocess.run(command, env=environment, capture_output=True, timeout=120, check=True)
    again = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1
    assert "the story could not be made" in again.stderr and "EntityAlreadyExists" in again.stderr
    assert "Traceback" not in again.stderr

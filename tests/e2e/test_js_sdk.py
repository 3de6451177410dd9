"""The AWS SDK for JavaScript v3, unchanged, against a real hatrack server: static keys, errors, a client
built from AWS_ENDPOINT_URL and the other AWS_* variables alone,
``fromTemporaryCredentials`` (AssumeRole and chaining) and ``fromIni`` with ``role_arn``/``source_profile``.

The SDK comes from the npm registry, pinned by tests/js/package-lock.json, installed once into
tests/js/node_modules (``npm ci``, under a file lock so parallel workers install it once). Without
``node``/``npm`` the tests skip with the reason; under CI they must run (.ci/run installs Node.js).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.components import missing
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e

JS = Path(__file__).resolve().parents[1] / "js"


@pytest.fixture(scope="session")
def node() -> str:
    """``node``, with the pinned SDK installed in tests/js/node_modules."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing(
            "Node.js", "node and npm run the AWS SDK for JavaScript v3 tests (apt-get install nodejs npm)"
        )
    with open(JS / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        installed = JS / "node_modules" / ".package-lock.json"
        if not installed.exists() or installed.stat().st_mtime < (JS / "package-lock.json").stat().st_mtime:
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=JS,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                missing("the npm registry", f"npm ci failed: {result.stderr.strip()[-500:]}")
    return node


def run_scenario(node: str, name: str, given: dict[str, Any], env: dict[str, str] | None = None) -> Any:
    environment = env or {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run(
        [node, str(JS / "scenarios.mjs"), name],
        input=json.dumps(given),
        cwd=JS,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def keys_of(server: RunningServer, user: str) -> dict[str, str]:
    key = server.client("iam").create_access_key(UserName=user)["AccessKey"]
    return {"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}


def root(server: RunningServer) -> dict[str, str]:
    return {"access_key_id": server.access_key_id, "secret_access_key": server.secret_access_key}


def make_role_trusting(server: RunningServer, role: str, user: str) -> str:
    iam = server.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/{user}"},
                "Action": "sts:AssumeRole",
            },
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:role/{role}"},
                "Action": "sts:AssumeRole",
            },
        ],
    }
    # A role may not name itself before it exists: create it trusting the user, then add itself.
    first = {**trust, "Statement": trust["Statement"][:1]}
    arn: str = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(first))["Role"]["Arn"]
    iam.update_assume_role_policy(RoleName=role, PolicyDocument=json.dumps(trust))
    return arn


def test_static_keys_identify_the_user_and_a_refusal_is_aws_access_denied(
    node: str, server: RunningServer
) -> None:
    server.client("iam").create_user(UserName="js-alice")
    found = run_scenario(
        node, "keys", {"endpoint": server.endpoint, "root": root(server), "user": keys_of(server, "js-alice")}
    )
    assert found["arn"] == f"arn:aws:iam::{server.account_id}:user/js-alice"
    assert sorted(found["users"]) == ["js-alice", "made-by-js"]
    assert found["denied"]["name"] == "AccessDenied"
    assert found["denied"]["status"] == 403
    assert found["denied"]["message"].startswith(
        f"User: arn:aws:iam::{server.account_id}:user/js-alice is not authorized to perform: iam:CreateUser"
    )


def test_from_temporary_credentials_assumes_and_chains_the_role_and_a_stranger_is_refused(
    node: str, server: RunningServer
) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="js-alice")
    iam.create_user(UserName="js-stranger")
    role_arn = make_role_trusting(server, "JsAnalyst", "js-alice")
    found = run_scenario(
        node,
        "temporary",
        {
            "endpoint": server.endpoint,
            "role_arn": role_arn,
            "user": keys_of(server, "js-alice"),
            "stranger": keys_of(server, "js-stranger"),
        },
    )
    assumed = f"arn:aws:sts::{server.account_id}:assumed-role/JsAnalyst"
    assert found["arn"] == f"{assumed}/js-session"
    assert found["chained"] == f"{assumed}/js-chained"
    assert found["refused"]["name"] == "AccessDenied"


def test_from_ini_assumes_the_role_of_a_profile_written_by_hatrack_configure_profile(
    node: str, server: RunningServer, tmp_path: Path
) -> None:
    server.client("iam").create_user(UserName="js-alice")
    role_arn = make_role_trusting(server, "JsAnalyst", "js-alice")
    alice = keys_of(server, "js-alice")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["HOME"] = str(tmp_path)
    for args in (
        [
            "alice",
            "--access-key-id",
            alice["access_key_id"],
            "--secret-access-key",
            alice["secret_access_key"],
        ],
        ["analyst", "--role-arn", role_arn, "--source-profile", "alice", "--role-session-name", "js-ini"],
    ):
        subprocess.run(
            [str(BIN / "hatrack"), "configure-profile", *args, "--endpoint", server.endpoint],
            env=environment,
            check=True,
            capture_output=True,
            timeout=60,
        )
    found = run_scenario(node, "ini", {}, env={**environment, "AWS_PROFILE": "analyst"})
    assert found["arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/JsAnalyst/js-ini"


def test_a_client_built_from_the_environment_alone_reaches_hatrack(node: str, server: RunningServer) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(
        AWS_ENDPOINT_URL=server.endpoint,
        AWS_ACCESS_KEY_ID=server.access_key_id,
        AWS_SECRET_ACCESS_KEY=server.secret_access_key,
        AWS_REGION="us-east-1",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    found = run_scenario(node, "environment", {}, env=environment)
    assert found["arn"] == f"arn:aws:iam::{server.account_id}:root"

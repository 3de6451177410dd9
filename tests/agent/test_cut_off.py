"""What cuts a workload off, and what it cannot get: a role that does not trust EC2 (EC2's
``AssumeRoleUnauthorizedAccess``, the refused AssumeRole in the trail), ``hatrack role
revoke-sessions`` (its current credentials are denied at once), deregistration (its certificate is
refused from the next request on, and recorded); ``credential-process`` mode; certificate renewal and
a credential refresh when the agent's clock moves on."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agent.test_end_to_end import EC2_TRUST, make_profile_role, run_python
from tests.support.agent import hatrack, no_credentials_env, register_workload, running_agent
from tests.support.server import RunningServer, running_server

pytestmark = pytest.mark.xdist_group("agent-cut-off")  # one server for the module

UNTRUSTING = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
READ_ROLES = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}]}
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    root = tmp_path_factory.mktemp("cutoff")
    with running_server(root) as running:
        make_profile_role(running, "app", EC2_TRUST, READ_ROLES)
        make_profile_role(running, "lambda-only", UNTRUSTING, READ_ROLES)
        yield running


def lookup(server: RunningServer, name: str) -> list[dict[str, object]]:
    events = server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}]
    )["Events"]
    return [json.loads(event["CloudTrailEvent"]) for event in events]


def imds_get(imds: str, path: str) -> tuple[int, str]:
    put = urllib.request.Request(
        imds + "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"}
    )
    with urllib.request.urlopen(put, timeout=5) as answer:
        token = answer.read().decode()
    request = urllib.request.Request(imds + path, headers={"X-aws-ec2-metadata-token": token})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_role_that_does_not_trust_ec2_is_refused_as_ec2_refuses_it(
    server: RunningServer, tmp_path: Path
) -> None:
    registered = register_workload(server, "stranger", "lambda-only")
    with running_agent(server, tmp_path / "agent", join_token=registered["join_token"]) as agent:
        assert imds_get(agent.imds, "/latest/meta-data/iam/security-credentials/")[0] == 404
        status, body = imds_get(agent.imds, "/latest/meta-data/iam/info")
        assert status == 200
        info = json.loads(body)
        assert info["Code"] == "AssumeRoleUnauthorizedAccess"
        assert info["Message"].startswith("EC2 cannot assume the role lambda-only.")
    refused = [
        r
        for r in lookup(server, "AssumeRole")
        if r["requestParameters"]["roleSessionName"] == registered["workload_id"]
    ]  # type: ignore[index]
    assert refused and refused[0]["errorCode"] == "AccessDenied"
    assert refused[0]["userIdentity"] == {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}


def test_revoking_the_roles_sessions_denies_the_workloads_current_credentials(
    server: RunningServer, tmp_path: Path
) -> None:
    registered = register_workload(server, "revoked", "app")
    with running_agent(server, tmp_path / "agent", join_token=registered["join_token"]) as agent:
        env = no_credentials_env(tmp_path / "home", server, AWS_EC2_METADATA_SERVICE_ENDPOINT=agent.imds)
        code = "import boto3; print(boto3.client('iam').get_role(RoleName='app')['Role']['RoleName'])"
        assert run_python(code, env).stdout.strip() == "app"
        time.sleep(0.01)
        done = hatrack(
            "role",
            "revoke-sessions",
            "app",
            "--account-id",
            server.account_id,
            "--state-dir",
            str(server.state_dir),
        )
        assert done.returncode == 0, done.stderr
        denied = run_python(code, env)
        assert denied.returncode != 0 and "AccessDenied" in denied.stderr
    server.client("iam").delete_role_policy(RoleName="app", PolicyName="AWSRevokeOlderSessions")


def test_deregistration_cuts_the_workload_off_and_is_recorded(server: RunningServer, tmp_path: Path) -> None:
    registered = register_workload(server, "leaving", "app")
    state = tmp_path / "agent"
    code = "import boto3; print(boto3.client('iam').get_role(RoleName='app')['Role']['RoleName'])"
    with running_agent(server, state, join_token=registered["join_token"]) as agent:
        env = no_credentials_env(tmp_path / "home", server, AWS_EC2_METADATA_SERVICE_ENDPOINT=agent.imds)
        assert run_python(code, env).stdout.strip() == "app"
        process = hatrack("agent", "--state-dir", str(state), "credential-process")
        assert process.returncode == 0, process.stderr
        document = json.loads(process.stdout)
        assert document["Version"] == 1 and document["AccessKeyId"].startswith("ASIA")
        assert set(document) == {"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
        done = hatrack("workload", "deregister", "leaving", "--state-dir", str(server.state_dir))
        assert done.returncode == 0, done.stderr
        # The credentials already issued are denied (the role's HatrackDeregisteredWorkloads policy) ...
        denied = run_python(code, env)
        assert denied.returncode != 0 and "AccessDenied" in denied.stderr
        # ... and no new ones are issued to its certificate.
        refused = hatrack("agent", "--state-dir", str(state), "credential-process")
        assert refused.returncode != 0 and "deregistered" in refused.stderr
    records = [
        r
        for r in lookup(server, "GetWorkloadCredentials")
        if r["userIdentity"].get("principalId") == registered["workload_id"]  # type: ignore[union-attr]
    ]
    assert records and records[0]["errorCode"] == "AccessDenied"
    assert records[0]["recipientAccountId"] == server.account_id
    # Other workloads of the same role are unaffected.
    other = register_workload(server, "staying", "app")
    with running_agent(server, tmp_path / "other", join_token=other["join_token"]) as agent:
        env = no_credentials_env(tmp_path / "home", server, AWS_EC2_METADATA_SERVICE_ENDPOINT=agent.imds)
        assert run_python(code, env).stdout.strip() == "app"


def test_the_aws_cli_through_credential_process(server: RunningServer, tmp_path: Path) -> None:
    registered = register_workload(server, "cli", "app")
    state = tmp_path / "agent"
    with running_agent(server, state, join_token=registered["join_token"]):
        pass
    home = tmp_path / "home"
    home.mkdir()
    config = home / "config"
    command = f"{Path(sys.executable).parent / 'hatrack'} agent --state-dir {state} credential-process"
    config.write_text(f"[default]\ncredential_process = {command}\n")
    env = no_credentials_env(home, server, AWS_CONFIG_FILE=str(config))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "aws"), "sts", "get-caller-identity", "--output", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Arn"].endswith(f":assumed-role/app/{registered['workload_id']}")


def test_a_later_start_reuses_the_state_renews_the_certificate_and_refreshes_credentials(
    server: RunningServer, tmp_path: Path
) -> None:
    registered = register_workload(server, "renewing", "app")
    state = tmp_path / "agent"
    with running_agent(server, state, join_token=registered["join_token"]):
        pass
    offset = tmp_path / "offset"
    offset.write_text("0")
    first_certificate = (state / "certificate.pem").read_text()
    with running_agent(
        server, state, join_token=None, extra_env={"HATRACK_AGENT_CLOCK_OFFSET_FILE": str(offset)}
    ) as agent:
        env = no_credentials_env(tmp_path / "home", server, AWS_EC2_METADATA_SERVICE_ENDPOINT=agent.imds)
        code = (
            "import boto3, sys, time\n"
            "session = boto3.Session()\n"
            "sts = session.client('sts')\n"
            "print(session.get_credentials().get_frozen_credentials().access_key)\n"
            "print(sts.get_caller_identity()['Arn'])\n"
        )
        before = run_python(code, env)
        assert before.returncode == 0, before.stderr
        # 36 minutes on: fewer than 25 remain, the agent fetches a new set ahead of expiry.
        offset.write_text(str(36 * 60))
        refreshed = agent.log().count("credentials refreshed")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and agent.log().count("credentials refreshed") == refreshed:
            time.sleep(0.2)
        after = run_python(code, env)
        assert after.returncode == 0, after.stderr
        assert before.stdout.split()[0] != after.stdout.split()[0]
        assert before.stdout.split()[1] == after.stdout.split()[1]
        # 17 hours on: less than a third of the certificate's 24 hours remains, it is renewed.
        offset.write_text(str(17 * 3600))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (state / "certificate.pem").read_text() == first_certificate:
            time.sleep(0.2)
        assert (state / "certificate.pem").read_text() != first_certificate
        assert (state / "key.pem").stat().st_mode & 0o777 == 0o600
        offset.write_text("0")
        assert "renewed" in agent.log()
    secret = json.loads(hatrack("agent", "--state-dir", str(state), "credential-process").stdout)[
        "SecretAccessKey"
    ]
    assert secret not in agent.log()


def test_a_server_outage_is_ridden_out_with_the_cached_credentials(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    with running_server(tmp_path / "server") as own:
        make_profile_role(own, "app", EC2_TRUST, READ_ROLES)
        registered = register_workload(own, "steady", "app")
        offset = tmp_path / "offset"
        offset.write_text("0")
        extra = {"HATRACK_AGENT_CLOCK_OFFSET_FILE": str(offset)}
        with running_agent(
            own, tmp_path / "agent", join_token=registered["join_token"], extra_env=extra
        ) as agent:
            path = "/latest/meta-data/iam/security-credentials/app"
            before = json.loads(imds_get(agent.imds, path)[1])
            own.process.terminate()
            own.process.wait(timeout=10)
            # 36 minutes on, the set is due for a refresh the server cannot answer: it is still served.
            offset.write_text(str(36 * 60))
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and "credentials not refreshed" not in agent.log():
                time.sleep(0.2)
            during = json.loads(imds_get(agent.imds, path)[1])
            assert during["AccessKeyId"] == before["AccessKeyId"]
            assert (
                "retry in" in agent.log() and f"serving CredentialSet({before['AccessKeyId']}" in agent.log()
            )
            assert before["SecretAccessKey"] not in agent.log()

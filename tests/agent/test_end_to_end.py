"""A workload with no AWS credentials configured gets its instance profile role's credentials from a
real ``hatrack agent`` beside a real ``hatrack serve``: boto3 through IMDSv2 and through the container
endpoint, and the AWS CLI, each see ``assumed-role/ROLE/i-...``; the endpoints behave as AWS's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent import RunningAgent, hatrack, no_credentials_env, register_workload, running_agent
from tests.support.npm import npm_packages
from tests.support.server import BIN, RunningServer, free_port, running_server

pytestmark = pytest.mark.xdist_group("agent-end-to-end")  # one server for the module

EC2_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
# The role may read roles, and only as the workload named "web" (its session tag).
READ_ROLES_AS_WEB = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "iam:GetRole",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/workload-name": "web"}},
            }
        ],
    }
)
WHO_AM_I = "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"


@dataclass(frozen=True)
class Setup:
    server: RunningServer
    agent: RunningAgent
    workload_id: str
    join_token: str
    home: Path


def make_profile_role(server: RunningServer, name: str, trust: str, policy: str) -> None:
    iam = server.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName=name, PolicyName="app", PolicyDocument=policy)
    iam.create_instance_profile(InstanceProfileName=name)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("workload")
    (root / "server").mkdir()
    with running_server(root / "server") as server:
        make_profile_role(server, "web-role", EC2_TRUST, READ_ROLES_AS_WEB)
        registered = register_workload(server, "web", "web-role")
        with running_agent(server, root / "agent", join_token=registered["join_token"]) as agent:
            yield Setup(server, agent, registered["workload_id"], registered["join_token"], root / "home")


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def expected_arn(setup: Setup) -> str:
    return f"arn:aws:sts::{setup.server.account_id}:assumed-role/web-role/{setup.workload_id}"


def test_a_workload_id_has_the_shape_of_an_instance_id(setup: Setup) -> None:
    assert re.fullmatch(r"i-[0-9a-f]{17}", setup.workload_id)


def test_boto3_through_imdsv2_sees_the_role_session_named_after_the_workload(setup: Setup) -> None:
    env = no_credentials_env(setup.home, setup.server, AWS_EC2_METADATA_SERVICE_ENDPOINT=setup.agent.imds)
    done = run_python(WHO_AM_I, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected_arn(setup)


def test_boto3_through_the_container_endpoint_sees_the_same_session(setup: Setup) -> None:
    env = no_credentials_env(
        setup.home,
        setup.server,
        AWS_CONTAINER_CREDENTIALS_FULL_URI=setup.agent.container,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(setup.agent.container_token_file),
    )
    done = run_python(WHO_AM_I, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected_arn(setup)


def test_the_aws_cli_with_no_credentials_configured(setup: Setup) -> None:
    env = no_credentials_env(setup.home, setup.server, AWS_EC2_METADATA_SERVICE_ENDPOINT=setup.agent.imds)
    done = subprocess.run(
        [str(BIN / "aws"), "sts", "get-caller-identity", "--output", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Arn"] == expected_arn(setup)


def test_the_session_tags_name_the_workload_and_policies_can_use_them(setup: Setup) -> None:
    code = (
        "import boto3\n"
        "iam = boto3.client('iam')\n"
        "print(iam.get_role(RoleName='web-role')['Role']['RoleName'])\n"
        "try:\n"
        "    iam.list_users()\n"
        "except Exception as error:\n"
        "    print(error.response['Error']['Code'])\n"
    )
    env = no_credentials_env(setup.home, setup.server, AWS_EC2_METADATA_SERVICE_ENDPOINT=setup.agent.imds)
    done = run_python(code, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["web-role", "AccessDenied"]


# -- IMDSv2 as AWS answers it --------------------------------------------------------------------


def imds(
    setup: Setup, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, str]:
    request = urllib.request.Request(setup.agent.imds + path, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def token(setup: Setup, ttl: str = "60") -> str:
    status, body = imds(
        setup, "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": ttl}
    )
    assert status == 200
    return body


def test_imds_needs_a_token_imdsv1_is_off(setup: Setup) -> None:
    assert imds(setup, "/latest/meta-data/iam/security-credentials/")[0] == 401
    bad = {"X-aws-ec2-metadata-token": "not-a-token"}
    assert imds(setup, "/latest/meta-data/iam/security-credentials/", headers=bad)[0] == 401


@pytest.mark.parametrize("ttl", [None, "0", "21601", "ten"])
def test_a_token_ttl_outside_1_to_21600_is_a_bad_request(setup: Setup, ttl: str | None) -> None:
    headers = {} if ttl is None else {"X-aws-ec2-metadata-token-ttl-seconds": ttl}
    assert imds(setup, "/latest/api/token", method="PUT", headers=headers)[0] == 400


def test_a_token_request_that_went_through_a_proxy_is_refused(setup: Setup) -> None:
    headers = {"X-aws-ec2-metadata-token-ttl-seconds": "60", "X-Forwarded-For": "10.0.0.1"}
    assert imds(setup, "/latest/api/token", method="PUT", headers=headers)[0] == 403


def test_the_credentials_document_is_awss(setup: Setup) -> None:
    headers = {"X-aws-ec2-metadata-token": token(setup, "21600")}
    status, role = imds(setup, "/latest/meta-data/iam/security-credentials/", headers=headers)
    assert (status, role) == (200, "web-role")
    status, body = imds(setup, f"/latest/meta-data/iam/security-credentials/{role}", headers=headers)
    document = json.loads(body)
    assert set(document) == {
        "Code",
        "LastUpdated",
        "Type",
        "AccessKeyId",
        "SecretAccessKey",
        "Token",
        "Expiration",
    }
    assert document["Code"] == "Success" and document["Type"] == "AWS-HMAC"
    assert document["AccessKeyId"].startswith("ASIA")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["Expiration"])
    status, body = imds(setup, "/latest/meta-data/iam/info", headers=headers)
    info = json.loads(body)
    assert info["Code"] == "Success"
    assert info["InstanceProfileArn"] == f"arn:aws:iam::{setup.server.account_id}:instance-profile/web-role"
    assert info["InstanceProfileId"].startswith("AIPA")
    assert imds(setup, "/latest/meta-data/instance-id", headers=headers) == (200, setup.workload_id)
    status, body = imds(setup, "/latest/dynamic/instance-identity/document", headers=headers)
    identity: dict[str, Any] = json.loads(body)
    assert identity["instanceId"] == setup.workload_id
    assert identity["accountId"] == setup.server.account_id


def test_the_container_endpoint_refuses_a_missing_or_wrong_authorization(setup: Setup) -> None:
    for headers, status in (({}, 401), ({"Authorization": "wrong"}, 403)):
        request = urllib.request.Request(setup.agent.container, headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == status
    good = {"Authorization": setup.agent.container_token_file.read_text().strip()}
    with urllib.request.urlopen(
        urllib.request.Request(setup.agent.container, headers=good), timeout=5
    ) as answer:
        document = json.loads(answer.read())
    assert set(document) == {"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn"}
    assert document["RoleArn"] == f"arn:aws:iam::{setup.server.account_id}:role/web-role"


def test_the_agent_keeps_its_key_private(setup: Setup) -> None:
    assert (setup.agent.state_dir / "key.pem").stat().st_mode & 0o777 == 0o600
    assert setup.agent.state_dir.stat().st_mode & 0o777 == 0o700


# -- the trail -----------------------------------------------------------------------------------


def test_the_assume_role_is_in_the_trail_as_ec2s(setup: Setup) -> None:
    events = setup.server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}]
    )["Events"]
    records = [json.loads(event["CloudTrailEvent"]) for event in events]
    mine = [r for r in records if r["requestParameters"]["roleSessionName"] == setup.workload_id]
    assert mine, records
    record = mine[0]
    assert record["userIdentity"] == {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}
    assert record["sourceIPAddress"] == "ec2.amazonaws.com"
    assert record["requestParameters"]["roleArn"] == f"arn:aws:iam::{setup.server.account_id}:role/web-role"
    assert {"key": "workload-name", "value": "web"} in record["requestParameters"]["tags"]
    assert "secretAccessKey" not in json.dumps(record["responseElements"])
    assert record["additionalEventData"]["workloadId"] == setup.workload_id


def test_a_used_join_token_is_refused_and_recorded(setup: Setup) -> None:
    body = json.dumps({"join_token": setup.join_token, "csr": "irrelevant"}).encode()
    request = urllib.request.Request(
        setup.server.endpoint + "/_hatrack/workloads/join", data=body, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    assert setup.join_token not in refused.value.read().decode()
    events = setup.server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "JoinWorkload"}]
    )["Events"]
    records = [json.loads(event["CloudTrailEvent"]) for event in events]
    assert [r.get("errorCode") for r in records] == ["AccessDenied", None]
    assert setup.join_token not in json.dumps(records)


def test_workload_list_shows_it(setup: Setup) -> None:
    done = hatrack("workload", "list", "--json", "--state-dir", str(setup.server.state_dir))
    assert done.returncode == 0, done.stderr
    assert [(w["name"], w["workload_id"]) for w in json.loads(done.stdout)] == [("web", setup.workload_id)]


# -- the AWS SDK for JavaScript v3 -----------------------------------------------------------------

JS_SDK_VERSION = "3.1178.0"
JS_WHO_AM_I = """
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
const { fromInstanceMetadata, fromContainerMetadata } = require("@aws-sdk/credential-providers");
const container = process.env.HATRACK_PROVIDER === "container";
const credentials = container ? fromContainerMetadata() : fromInstanceMetadata();
const client = new STSClient({ region: "us-east-1", endpoint: process.env.HATRACK_ENDPOINT, credentials });
client.send(new GetCallerIdentityCommand({})).then(
  (answer) => console.log(answer.Arn),
  (error) => { console.error(error); process.exit(1); },
);
"""


@pytest.fixture(scope="module")
def js_sdk() -> Path:
    return npm_packages(
        f"aws-sdk-js-{JS_SDK_VERSION}",
        (f"@aws-sdk/client-sts@{JS_SDK_VERSION}", f"@aws-sdk/credential-providers@{JS_SDK_VERSION}"),
    )


@pytest.mark.parametrize("provider", ["imds", "container"])
def test_the_aws_sdk_for_javascript_v3_sees_the_role_session(
    setup: Setup, js_sdk: Path, provider: str
) -> None:
    variables = (
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT": setup.agent.imds}
        if provider == "imds"
        else {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": setup.agent.container,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": setup.agent.container_token_file.read_text().strip(),
        }
    )
    env = no_credentials_env(
        setup.home,
        setup.server,
        HATRACK_ENDPOINT=setup.server.endpoint,
        HATRACK_PROVIDER=provider,
        **variables,
    )
    env["NODE_PATH"] = str(js_sdk / "node_modules")
    done = subprocess.run(["node", "-e", JS_WHO_AM_I], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected_arn(setup)


# -- the seed's story: a web app with no credentials -----------------------------------------------

WEB_APP = """
import html, sys, boto3
from botocore.exceptions import ClientError
from http.server import BaseHTTPRequestHandler, HTTPServer

class Page(BaseHTTPRequestHandler):
    def do_GET(self):
        iam = boto3.client("iam")  # no credentials configured: the SDK finds the agent's IMDS
        me = boto3.client("sts").get_caller_identity()["Arn"]
        role = iam.get_role(RoleName="web-role")["Role"]["Arn"]
        try:
            iam.list_users()
            users = "allowed"
        except ClientError as error:
            users = "refused: " + error.response["Error"]["Code"]
        body = f"<h1>{html.escape(me)}</h1><p>role: {html.escape(role)}</p><p>users: {users}</p>".encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(body)

server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Page)
print("ready", flush=True)
server.serve_forever()
"""


def test_a_web_app_started_with_no_credentials_reads_what_its_role_allows(setup: Setup) -> None:
    port = free_port()
    env = no_credentials_env(setup.home, setup.server, AWS_EC2_METADATA_SERVICE_ENDPOINT=setup.agent.imds)
    app = subprocess.Popen(
        [sys.executable, "-c", WEB_APP, str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == b"ready"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            text = page.read().decode()
    finally:
        app.terminate()
        app.wait(timeout=10)
    assert f"<h1>{expected_arn(setup)}</h1>" in text
    assert f"role: arn:aws:iam::{setup.server.account_id}:role/web-role" in text
    assert "users: refused: AccessDenied" in text

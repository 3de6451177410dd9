"""A real server process answers real clients: boto3 and the AWS CLI, signed, on both databases."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.support.server import BIN, RunningServer, running_server

pytestmark = pytest.mark.e2e


def test_boto3_gets_the_root_identity(server: RunningServer) -> None:
    identity = server.client("sts").get_caller_identity()
    assert identity["Account"] == server.account_id
    assert identity["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    assert identity["UserId"] == server.account_id


def test_the_aws_cli_gets_the_root_identity(server: RunningServer, tmp_path: Path) -> None:
    result = server.aws("sts", "get-caller-identity", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:iam::{server.account_id}:root"


def test_a_wrong_secret_is_refused_with_signature_does_not_match(server: RunningServer) -> None:
    wrong = server.secret_access_key[:-1] + ("A" if server.secret_access_key[-1] != "A" else "B")
    with pytest.raises(ClientError) as refused:
        server.client("sts", secret=wrong).get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_an_unknown_key_is_refused_with_invalid_client_token_id(server: RunningServer) -> None:
    with pytest.raises(ClientError) as refused:
        server.client("sts", key="AKIAIOSFODNN7EXAMPLE").get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_a_forged_session_token_is_refused(server: RunningServer) -> None:
    with pytest.raises(ClientError) as refused:
        server.client("sts", key="ASIAIOSFODNN7EXAMPLE", token="Zm9yZ2Vk" * 20).get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert (
        refused.value.response["Error"]["Message"] == "The security token included in the request is invalid"
    )


def test_an_unsigned_request_is_refused(server: RunningServer) -> None:
    request = urllib.request.Request(
        server.endpoint,
        data=b"Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert b"<Code>MissingAuthenticationToken</Code>" in refused.value.read()


def test_an_unknown_action_is_invalid_action(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=GetSendStatistics&Version=2011-06-15")
    assert status == 400
    assert "<Code>InvalidAction</Code>" in body
    assert "Could not find operation GetSendStatistics for version 2011-06-15" in body


def _signed_post(
    server: RunningServer,
    form: str,
    *,
    content_type: str = "application/x-www-form-urlencoded; charset=utf-8",
) -> tuple[int, str]:
    """POST a form signed by botocore's own SigV4 signer, whatever its Action."""
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials

    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=server.endpoint + "/",
        data=form,
        headers={"Content-Type": content_type},
    )
    credentials = botocore.credentials.Credentials(server.access_key_id, server.secret_access_key)
    botocore.auth.SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
    prepared = request.prepare()
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    http = urllib.request.Request(prepared.url, data=body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_known_but_unimplemented_operation_names_itself(server: RunningServer) -> None:
    with pytest.raises(ClientError) as refused:
        server.client("iam").list_server_certificates()
    error = refused.value.response["Error"]
    assert error["Code"] == "NotImplemented"
    assert "ListServerCertificates" in error["Message"]


def test_a_restart_reuses_the_state(tmp_path: Path) -> None:
    with running_server(tmp_path) as first:
        account = first.client("sts").get_caller_identity()["Account"]
    again = subprocess.run(
        [str(BIN / "hatrack"), "init", "--json", "--state-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    reopened = json.loads(again.stdout)
    assert reopened["account_id"] == account
    assert reopened["secret_access_key"] is None  # shown once, at creation, never again


def test_the_reset_path_exists_only_in_dev_mode(tmp_path: Path) -> None:
    with running_server(tmp_path, extra_args=()) as plain:
        request = urllib.request.Request(f"{plain.endpoint}/_hatrack/reset", method="POST", data=b"")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(request, timeout=10)
        assert missing.value.code == 404


def test_the_master_key_file_is_private(server: RunningServer) -> None:
    assert (server.state_dir / "master.key").stat().st_mode & 0o077 == 0


def test_a_body_over_one_mebibyte_is_refused_before_it_is_read(server: RunningServer) -> None:
    import http.client
    import urllib.parse

    parsed = urllib.parse.urlsplit(server.endpoint)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=10)
    connection.putrequest("POST", "/")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(1024 * 1024 + 1))
    connection.endheaders()  # the body is never sent: the answer must not wait for it
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_a_wrong_version_is_invalid_action(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=GetCallerIdentity&Version=2010-05-08")
    assert status == 400
    assert "Could not find operation GetCallerIdentity for version 2010-05-08" in body


def test_a_missing_version_is_a_missing_parameter(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=GetCallerIdentity")
    assert status == 400
    assert "<Code>MissingParameter</Code>" in body


def test_a_query_body_must_be_form_encoded(server: RunningServer) -> None:
    status, body = _signed_post(
        server, "Action=GetCallerIdentity&Version=2011-06-15", content_type="text/plain"
    )
    assert status == 403
    assert "<Code>InvalidContentType</Code>" in body


def test_methods_other_than_get_and_post_are_refused(server: RunningServer) -> None:
    request = urllib.request.Request(server.endpoint + "/", method="PUT", data=b"")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405


def test_a_presigned_get_request_is_answered(server: RunningServer) -> None:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials

    request = botocore.awsrequest.AWSRequest(
        method="GET", url=server.endpoint + "/?Action=GetCallerIdentity&Version=2011-06-15"
    )
    credentials = botocore.credentials.Credentials(server.access_key_id, server.secret_access_key)
    botocore.auth.SigV4QueryAuth(credentials, "sts", "us-east-1", expires=300).add_auth(request)
    with urllib.request.urlopen(request.prepare().url, timeout=10) as response:
        body = response.read().decode()
    assert f"<Arn>arn:aws:iam::{server.account_id}:root</Arn>" in body

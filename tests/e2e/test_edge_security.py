"""The HTTP edge against real clients (issue 10): presigned identity proofs, query encoding, error documents.

Each test reproduces what a real client or verifier sends, against a real ``hatrack serve`` process.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hatrack.api.throttle import KEY_RULE
from hatrack.server import DEFAULT_KEEP_ALIVE_SECONDS, uvicorn_options
from tests.support.server import RunningServer, running_server

pytestmark = pytest.mark.e2e

K8S_PREFIX = "k8s-aws-v1."
K8S_HEADER = "x-k8s-aws-id"
VAULT_HEADER = "X-Vault-AWS-IAM-Server-ID"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Status, content type and body of a plain GET (urllib, as a verifier would send it)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("content-type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read().decode()


def _raw(
    server: RunningServer, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Status, content type and body of any request, sent byte for byte (http.client normalizes nothing)."""
    host, port = server.endpoint.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.getheader("content-type", ""), response.read().decode()
    finally:
        connection.close()


def _root_arn(server: RunningServer) -> str:
    return f"arn:aws:iam::{server.account_id}:root"


# --- 1. presigned GetCallerIdentity as real clients build it --------------------------------------


def test_a_boto3_presigned_get_caller_identity_url_identifies_the_caller(server: RunningServer) -> None:
    # boto3 signs with the model's method (POST) and hands out a URL that is then fetched with GET.
    url = server.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60)

    status, _, body = _get(url)

    assert status == 200, body
    assert f"<Arn>{_root_arn(server)}</Arn>" in body


def test_a_presigned_url_signed_for_post_does_not_accept_a_body(server: RunningServer) -> None:
    url = server.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60)
    parts = urllib.parse.urlsplit(url)

    status, _, body = _raw(
        server,
        "POST",
        f"{parts.path}?{parts.query}",
        b"UserName=mallory",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert status == 403 and "SignatureDoesNotMatch" in body


def _k8s_token(server: RunningServer, cluster_id: str) -> str:
    """A token as aws-iam-authenticator (and ``aws eks get-token``) builds it: a presigned GET that signs
    the ``x-k8s-aws-id`` header, X-Amz-Expires=60, base64url without padding behind ``k8s-aws-v1.``."""
    sts = server.client("sts")

    def add_cluster_id(request: Any, **_: Any) -> None:
        request.headers[K8S_HEADER] = cluster_id

    sts.meta.events.register("before-sign.sts.GetCallerIdentity", add_cluster_id)
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    return K8S_PREFIX + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def _k8s_verify(token: str, cluster_id: str) -> tuple[int, Any]:
    """The authenticator server's side: decode, check the signed header, GET with it, read JSON."""
    encoded = token.removeprefix(K8S_PREFIX)
    url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query["Action"] == "GetCallerIdentity" and query["X-Amz-Expires"] == "60"
    assert K8S_HEADER in query["X-Amz-SignedHeaders"].split(";")
    status, content_type, body = _get(url, {K8S_HEADER: cluster_id, "accept": "application/json"})
    assert content_type.startswith("application/json"), content_type
    return status, json.loads(body)


def test_an_aws_iam_authenticator_token_identifies_the_caller_in_json(server: RunningServer) -> None:
    token = _k8s_token(server, "CLUSTER")

    status, answer = _k8s_verify(token, "CLUSTER")

    assert status == 200, answer
    result = answer["GetCallerIdentityResponse"]["GetCallerIdentityResult"]
    assert result == {"UserId": server.account_id, "Account": server.account_id, "Arn": _root_arn(server)}
    assert answer["GetCallerIdentityResponse"]["ResponseMetadata"]["RequestId"]


def test_an_aws_iam_authenticator_token_for_another_cluster_is_refused(server: RunningServer) -> None:
    token = _k8s_token(server, "CLUSTER")

    status, answer = _k8s_verify(token, "OTHER-CLUSTER")

    assert status == 403
    assert answer["Error"]["Code"] == "SignatureDoesNotMatch"
    assert answer["Error"]["Type"] == "Sender" and answer["RequestId"]


def _vault_login_data(server: RunningServer, server_id: str | None) -> dict[str, str]:
    """What Vault's AWS auth client sends: a signed POST GetCallerIdentity, every part base64."""
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    if server_id is not None:
        headers[VAULT_HEADER] = server_id
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=server.endpoint + "/", data=body, headers=headers
    )
    credentials = botocore.credentials.Credentials(server.access_key_id, server.secret_access_key)
    botocore.auth.SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
    as_header_map = {name: [str(value)] for name, value in request.headers.items()}  # Go's http.Header
    return {
        "iam_http_request_method": "POST",
        "iam_request_url": base64.b64encode(request.url.encode()).decode(),
        "iam_request_body": base64.b64encode(body.encode()).decode(),
        "iam_request_headers": base64.b64encode(json.dumps(as_header_map).encode()).decode(),
    }


def _vault_replay(login: dict[str, str]) -> tuple[int, str]:
    """Vault's server side: rebuild the request from the login data and send exactly that."""
    headers = json.loads(base64.b64decode(login["iam_request_headers"]))
    request = urllib.request.Request(
        base64.b64decode(login["iam_request_url"]).decode(),
        data=base64.b64decode(login["iam_request_body"]),
        headers={name: ",".join(values) for name, values in headers.items()},
        method=login["iam_http_request_method"],
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("server_id", [None, "vault.example.com"], ids=["plain", "server-id"])
def test_a_vault_aws_auth_login_replayed_by_the_verifier_identifies_the_caller(
    server: RunningServer, server_id: str | None
) -> None:
    login = _vault_login_data(server, server_id)

    status, body = _vault_replay(login)

    assert status == 200, body
    assert f"<Arn>{_root_arn(server)}</Arn>" in body


def test_a_vault_login_whose_server_id_was_changed_is_refused(server: RunningServer) -> None:
    login = _vault_login_data(server, "vault.example.com")
    headers = json.loads(base64.b64decode(login["iam_request_headers"]))
    headers[VAULT_HEADER] = ["vault.attacker.example"]
    login["iam_request_headers"] = base64.b64encode(json.dumps(headers).encode()).decode()

    status, body = _vault_replay(login)

    assert status == 403 and "<Code>SignatureDoesNotMatch</Code>" in body


# --- 2. "+" in a query string is a space, as the form parser reads it -----------------------------


def test_editing_an_escaped_plus_into_a_plus_breaks_a_presigned_url(server: RunningServer) -> None:
    server.client("iam").create_user(UserName="a+b")
    url = server.client("iam").generate_presigned_url(
        "get_user", Params={"UserName": "a+b"}, HttpMethod="GET"
    )
    assert "UserName=a%2Bb" in url
    status, _, body = _get(url)
    assert status == 200 and "<UserName>a+b</UserName>" in body

    status, _, body = _get(url.replace("UserName=a%2Bb", "UserName=a+b"))

    assert status == 403, body
    assert "<Code>SignatureDoesNotMatch</Code>" in body


# --- 3, 5. refusals before the pipeline are AWS error documents ------------------------------------


def _error_of(body: str) -> tuple[str, str]:
    """(Type, Code) of a Query-protocol ``<ErrorResponse>``, read as XML."""
    root = ElementTree.fromstring(body)
    namespace = root.tag.partition("}")[0] + "}"
    error = root.find(f"{namespace}Error")
    assert error is not None and root.find(f"{namespace}RequestId") is not None
    return error.findtext(f"{namespace}Type", ""), error.findtext(f"{namespace}Code", "")


def _oversized(server: RunningServer, headers: dict[str, str]) -> tuple[int, str, str]:
    """Announce a 2 MiB body and send none of it: the server must answer without waiting for it."""
    host, port = server.endpoint.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/")
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(2 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader("content-type", ""), response.read().decode()
    finally:
        connection.close()


def test_a_body_over_the_limit_is_answered_with_an_xml_error_document(server: RunningServer) -> None:
    status, content_type, body = _oversized(server, {"Content-Type": "application/x-www-form-urlencoded"})

    assert status == 413
    assert content_type.startswith("text/xml")
    assert _error_of(body) == ("Sender", "RequestEntityTooLarge")


def test_a_json_protocol_body_over_the_limit_is_answered_in_json(server: RunningServer) -> None:
    status, content_type, body = _oversized(
        server,
        {"X-Amz-Target": "CloudTrail_20131101.LookupEvents", "Content-Type": "application/x-amz-json-1.1"},
    )

    assert status == 413 and content_type.startswith("application/x-amz-json-1.1")
    assert json.loads(body)["__type"] == "RequestEntityTooLarge"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_answered_with_an_xml_error_document(server: RunningServer, method: str) -> None:
    status, content_type, body = _raw(server, method, "/")

    assert status == 405 and content_type.startswith("text/xml")
    assert _error_of(body) == ("Sender", "MethodNotAllowed")


def test_an_unknown_path_is_answered_with_an_xml_error_document(server: RunningServer) -> None:
    status, _, body = _raw(server, "GET", "/nothing-here")

    assert status == 404
    assert _error_of(body) == ("Sender", "NotFound")


@pytest.mark.parametrize(
    "path", ["/%zz", "/a/../../", "/..", "/%zz?Action=GetCallerIdentity&Version=2011-06-15"]
)
def test_a_malformed_path_is_refused_before_routing(server: RunningServer, path: str) -> None:
    status, _, body = _raw(server, "GET", path)

    assert status == 400, body
    assert _error_of(body) == ("Sender", "InvalidURIPath")


# --- 4. an unknown Query parameter is refused, recorded, and changes nothing -----------------------


def _signed_post(server: RunningServer, body: str, service: str = "iam") -> tuple[int, str]:
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=server.endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    credentials = botocore.credentials.Credentials(server.access_key_id, server.secret_access_key)
    botocore.auth.SigV4Auth(credentials, service, "us-east-1").add_auth(request)
    sent = urllib.request.Request(
        request.url, data=body.encode(), headers=dict(request.headers.items()), method="POST"
    )
    try:
        with urllib.request.urlopen(sent, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_unknown_parameter_is_refused_and_recorded_and_nothing_is_created(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=CreateUser&UserName=x&Bogus=1&Version=2010-05-08")

    assert status == 400, body
    assert _error_of(body) == ("Sender", "UnknownParameter")
    assert "The parameter Bogus is not recognized" in body
    with pytest.raises(ClientError) as missing:
        server.client("iam").get_user(UserName="x")
    assert missing.value.response["Error"]["Code"] == "NoSuchEntity"
    events = server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}]
    )["Events"]
    assert [json.loads(event["CloudTrailEvent"]).get("errorCode") for event in events] == ["UnknownParameter"]


def test_the_same_call_without_the_unknown_parameter_is_answered(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=CreateUser&UserName=x&Version=2010-05-08")

    assert status == 200, body
    assert server.client("iam").get_user(UserName="x")["User"]["UserName"] == "x"


# --- 6. forwarded headers only from named proxies; TLS gives aws:SecureTransport -------------------

FORGED_ADDRESS = "203.0.113.7"


def _user_allowed_if(root: Any, name: str, condition: dict[str, Any]) -> dict[str, str]:
    """A user whose one inline policy allows iam:ListUsers under ``condition``; returns its key."""
    iam = root.client("iam") if isinstance(root, RunningServer) else root
    iam.create_user(UserName=name)
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*", "Condition": condition}
        ],
    }
    iam.put_user_policy(UserName=name, PolicyName="conditional", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def _with_headers(client: Any, headers: dict[str, str]) -> Any:
    def add(request: Any, **_: Any) -> None:
        for name, value in headers.items():
            request.headers[name] = value

    client.meta.events.register("before-sign.iam.*", add)
    return client


def _list_users_code(client: Any) -> str:
    try:
        client.list_users()
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    return "OK"


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server told that the proxy at 127.0.0.1 may speak for its clients."""
    state = tmp_path_factory.mktemp("state-proxied")
    with running_server(state, extra_args=("--forwarded-allow-ips", "127.0.0.1")) as running:
        yield running


def test_a_forged_x_forwarded_for_from_loopback_is_not_believed(server: RunningServer) -> None:
    keys = _user_allowed_if(server, "ip-bound", {"IpAddress": {"aws:SourceIp": f"{FORGED_ADDRESS}/32"}})
    client = _with_headers(
        server.client("iam", key=keys["key"], secret=keys["secret"]), {"X-Forwarded-For": FORGED_ADDRESS}
    )

    assert _list_users_code(client) == "AccessDenied"
    denied = server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": keys["key"]}]
    )["Events"]
    assert [json.loads(event["CloudTrailEvent"])["sourceIPAddress"] for event in denied] == ["127.0.0.1"]


def test_a_forged_x_forwarded_proto_does_not_make_plain_http_secure(server: RunningServer) -> None:
    keys = _user_allowed_if(server, "tls-bound", {"Bool": {"aws:SecureTransport": "true"}})
    client = _with_headers(
        server.client("iam", key=keys["key"], secret=keys["secret"]), {"X-Forwarded-Proto": "https"}
    )

    assert _list_users_code(client) == "AccessDenied"


def test_a_named_proxy_s_forwarded_headers_are_honoured(proxied_server: RunningServer) -> None:
    ip_keys = _user_allowed_if(
        proxied_server, "ip-bound", {"IpAddress": {"aws:SourceIp": f"{FORGED_ADDRESS}/32"}}
    )
    tls_keys = _user_allowed_if(proxied_server, "tls-bound", {"Bool": {"aws:SecureTransport": "true"}})

    def as_user(keys: dict[str, str], headers: dict[str, str]) -> str:
        client = proxied_server.client("iam", key=keys["key"], secret=keys["secret"])
        return _list_users_code(_with_headers(client, headers))

    assert as_user(ip_keys, {"X-Forwarded-For": FORGED_ADDRESS}) == "OK"
    assert as_user(ip_keys, {}) == "AccessDenied"
    assert as_user(tls_keys, {"X-Forwarded-Proto": "https"}) == "OK"
    assert as_user(tls_keys, {}) == "AccessDenied"


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = datetime.now(UTC) - timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_over_tls_secure_transport_is_true(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    state = tmp_path / "state"
    state.mkdir()
    with running_server(state, extra_args=("--tls-cert", str(cert), "--tls-key", str(key))) as running:
        endpoint = running.endpoint.replace("http://", "https://")

        def client(keys: dict[str, str] | None = None) -> Any:
            return boto3.client(
                "iam",
                endpoint_url=endpoint,
                region_name="us-east-1",
                aws_access_key_id=keys["key"] if keys else running.access_key_id,
                aws_secret_access_key=keys["secret"] if keys else running.secret_access_key,
                verify=str(cert),
                config=Config(retries={"max_attempts": 1}),
            )

        keys = _user_allowed_if(client(), "tls-bound", {"Bool": {"aws:SecureTransport": "true"}})
        assert _list_users_code(client(keys)) == "OK"
        denied = _user_allowed_if(client(), "plain-bound", {"Bool": {"aws:SecureTransport": "false"}})
        assert _list_users_code(client(denied)) == "AccessDenied"


# --- 8. keep-alive connections outlive a client's idle gap ---------------------------------------


def test_the_default_keep_alive_outlasts_clients_idle_reuse() -> None:
    assert uvicorn_options()["timeout_keep_alive"] == DEFAULT_KEEP_ALIVE_SECONDS >= 60


def test_a_keep_alive_connection_is_reused_after_an_idle_gap(tmp_path: Path) -> None:
    # The server keeps idle connections 2 s here; the client idles 1.2 s, longer than an old 1 s timeout
    # would allow, and must find its connection still open (the same socket, no reconnect).
    with running_server(tmp_path, extra_args=("--keep-alive-timeout", "2")) as running:
        host, port = running.endpoint.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            for gap in (0.0, 1.2):
                time.sleep(gap)
                request = botocore.awsrequest.AWSRequest(
                    method="POST",
                    url=running.endpoint + "/",
                    data="Action=GetCallerIdentity&Version=2011-06-15",
                    headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
                )
                credentials = botocore.credentials.Credentials(
                    running.access_key_id, running.secret_access_key
                )
                botocore.auth.SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
                connection.request("POST", "/", body=request.body, headers=dict(request.headers.items()))
                if gap == 0.0:
                    first_socket = connection.sock
                response = connection.getresponse()
                assert response.status == 200, response.read()
                assert response.getheader("connection", "").lower() != "close"
                response.read()
            assert connection.sock is first_socket
        finally:
            connection.close()


# --- 7. a flood of bad signatures is throttled for the flooder only --------------------------------


def test_a_flood_of_bad_signatures_is_throttled_while_good_clients_keep_working(
    server: RunningServer,
) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="bystander")
    bystander = iam.create_access_key(UserName="bystander")["AccessKey"]
    flooder = server.client("sts", secret="not-the-secret-" + "x" * 25)

    codes: list[str] = []
    for _ in range(int(KEY_RULE.burst) + 10):  # the burst, then more than the refill can cover
        with pytest.raises(ClientError) as refused:
            flooder.get_caller_identity()
        codes.append(refused.value.response["Error"]["Code"])
        if codes[-1] == "Throttling":
            break
    assert codes[: int(KEY_RULE.burst)] == ["SignatureDoesNotMatch"] * int(KEY_RULE.burst)
    assert codes[-1] == "Throttling"
    assert refused.value.response["Error"]["Message"] == "Rate exceeded"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    good = server.client("sts", key=bystander["AccessKeyId"], secret=bystander["SecretAccessKey"])
    assert good.get_caller_identity()["Arn"].endswith(":user/bystander")
    assert server.client("sts").get_caller_identity()["Arn"] == _root_arn(server)  # the key's owner too
    events = server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "GetCallerIdentity"}], MaxResults=50
    )["Events"]
    assert "Throttling" in {json.loads(event["CloudTrailEvent"]).get("errorCode") for event in events}


# --- 9. inputs that crashed the pipeline on PostgreSQL (found by tests/api/test_fuzz.py) -----------


def test_a_nul_in_a_presigned_access_key_id_is_an_aws_error_not_a_500(server: RunningServer) -> None:
    url = server.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    broken = url.replace(f"X-Amz-Credential={server.access_key_id}", "X-Amz-Credential=AKIA%00X")

    status, _, body = _get(broken)

    assert status == 403, body
    assert _error_of(body) == ("Sender", "InvalidClientTokenId")


@pytest.mark.parametrize("value", ["a\x00b", "\ud800"], ids=["nul", "lone-surrogate"])
def test_a_json_string_that_cannot_be_stored_is_a_serialization_error(
    server: RunningServer, value: str
) -> None:
    trail = server.client("cloudtrail")
    body = json.dumps({"LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": value}]})
    trail.meta.events.register(
        "before-sign.cloudtrail.LookupEvents", lambda request, **_: _set_body(request, body)
    )

    with pytest.raises(ClientError) as refused:
        trail.lookup_events(LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "placeholder"}])

    assert refused.value.response["Error"]["Code"] == "SerializationException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _set_body(request: Any, body: str) -> None:
    request.data = body.encode()
    request.headers["Content-Length"] = str(len(request.data))


def test_a_nul_in_a_signed_form_value_is_a_validation_error_and_recorded(server: RunningServer) -> None:
    status, body = _signed_post(server, "Action=CreateUser&Version=2010-05-08&UserName=a%00b")

    assert status == 400, body
    assert _error_of(body) == ("Sender", "ValidationError")

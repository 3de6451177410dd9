"""IAM Roles Anywhere's CreateSession (``POST /sessions``) on a real server: the test signs each
request itself with ``cryptography``, following AWS's documented algorithm
(https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html), with
its own canonical request (nothing of hatrack's signing code), for RSA and ECDSA certificates."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from tests.support.server import BIN, RunningServer, running_server

Key = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
pytestmark = pytest.mark.xdist_group("roles-anywhere")  # one server for the module

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "rolesanywhere.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
            "Condition": {"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "app1"}},
        }
    ],
}
READ_ROLES_AS_APP1 = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "iam:GetRole",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/x509Subject/OU": "payments"}},
        }
    ],
}


def make_ca(key: Key, name: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def make_leaf(ca_key: Key, ca: x509.Certificate, key: Key, cn: str, ou: str = "payments") -> x509.Certificate:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, cn),
                    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou),
                ]
            )
        )
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(hours=2))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{cn}.example.com")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def new_key(kind: str) -> Key:
    return rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())


def _uri_encode(text: str) -> str:
    return urllib.parse.quote(text, safe="-_.~")


def signed_create_session(
    endpoint: str,
    certificate: x509.Certificate,
    key: Key,
    query: dict[str, str],
    body: bytes,
    *,
    tamper: bool = False,
) -> tuple[int, dict[str, Any]]:
    """AWS's four tasks: canonical request, string to sign, signature with the private key, headers."""
    now = datetime.now(UTC)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    host = urllib.parse.urlsplit(endpoint).netloc
    x509_header = base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()
    headers = {
        "content-type": "application/json",
        "host": host,
        "x-amz-date": amz_date,
        "x-amz-x509": x509_header,
    }
    signed_headers = ";".join(sorted(headers))
    canonical_query = "&".join(f"{_uri_encode(k)}={_uri_encode(v)}" for k, v in sorted(query.items()))
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in sorted(headers))
    canonical_request = "\n".join(
        [
            "POST",
            "/sessions",
            canonical_query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    algorithm = "AWS4-X509-RSA-SHA256" if isinstance(key, rsa.RSAPrivateKey) else "AWS4-X509-ECDSA-SHA256"
    scope = f"{amz_date[:8]}/us-east-1/rolesanywhere/aws4_request"
    string_to_sign = "\n".join(
        [algorithm, amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    ).encode()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(string_to_sign, padding.PKCS1v15(), hashes.SHA256())
    else:
        signature = key.sign(string_to_sign, ec.ECDSA(hashes.SHA256()))
    headers["authorization"] = (
        f"{algorithm} Credential={certificate.serial_number}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature.hex()}"
    )
    sent = body + (b" " if tamper else b"")
    url = f"{endpoint}/sessions?{canonical_query}"
    request = urllib.request.Request(url, data=sent, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@dataclass(frozen=True)
class Anywhere:
    server: RunningServer
    anchor_arn: str
    profile_arn: str
    short_profile_arn: str
    role_arn: str
    ca_keys: dict[str, tuple[Key, x509.Certificate]]


def hatrack(*args: str) -> str:
    done = subprocess.run([str(BIN / "hatrack"), *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def anywhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Anywhere]:
    root = tmp_path_factory.mktemp("anywhere")
    (root / "server").mkdir()
    ca_keys: dict[str, tuple[Key, x509.Certificate]] = {}
    bundle = ""
    for kind in ("rsa", "ecdsa"):
        key = new_key(kind)
        ca = make_ca(key, f"test CA {kind}")
        ca_keys[kind] = (key, ca)
        bundle += ca.public_bytes(serialization.Encoding.PEM).decode()
    (root / "bundle.pem").write_text(bundle)
    with running_server(root / "server") as server:
        iam = server.client("iam")
        role = iam.create_role(RoleName="anywhere", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
        iam.put_role_policy(
            RoleName="anywhere", PolicyName="read", PolicyDocument=json.dumps(READ_ROLES_AS_APP1)
        )
        state = ("--state-dir", str(server.state_dir))
        anchor = hatrack(
            "rolesanywhere",
            "create-trust-anchor",
            "test-cas",
            "--ca-bundle",
            str(root / "bundle.pem"),
            *state,
        )
        profile = hatrack("rolesanywhere", "create-profile", "apps", "--role-arn", role["Arn"], *state)
        short = hatrack(
            "rolesanywhere",
            "create-profile",
            "short",
            "--role-arn",
            role["Arn"],
            "--duration-seconds",
            "900",
            *state,
        )
        yield Anywhere(server, anchor, profile, short, role["Arn"], ca_keys)


def query(anywhere: Anywhere, profile: str | None = None) -> dict[str, str]:
    return {
        "profileArn": profile or anywhere.profile_arn,
        "roleArn": anywhere.role_arn,
        "trustAnchorArn": anywhere.anchor_arn,
    }


@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_create_session_answers_a_credential_set_for_the_certificate(anywhere: Anywhere, kind: str) -> None:
    ca_key, ca = anywhere.ca_keys[kind]
    key = new_key(kind)
    leaf = make_leaf(ca_key, ca, key, "app1")
    status, answer = signed_create_session(anywhere.server.endpoint, leaf, key, query(anywhere), b"{}")
    assert status == 201, answer
    entry = answer["credentialSet"][0]
    serial = format(leaf.serial_number, "x")
    account = anywhere.server.account_id
    assert entry["assumedRoleUser"]["arn"] == f"arn:aws:sts::{account}:assumed-role/anywhere/{serial}"
    assert entry["sourceIdentity"] == "CN=app1"
    assert answer["subjectArn"].startswith(f"arn:aws:rolesanywhere:us-east-1:{account}:subject/")
    credentials = entry["credentials"]
    session = boto3.Session(
        aws_access_key_id=credentials["accessKeyId"],
        aws_secret_access_key=credentials["secretAccessKey"],
        aws_session_token=credentials["sessionToken"],
        region_name="us-east-1",
    )
    sts = session.client("sts", endpoint_url=anywhere.server.endpoint)
    assert sts.get_caller_identity()["Arn"] == entry["assumedRoleUser"]["arn"]
    # The certificate's OU is a principal tag: the role's policy allows GetRole for OU=payments.
    iam = session.client("iam", endpoint_url=anywhere.server.endpoint)
    assert iam.get_role(RoleName="anywhere")["Role"]["RoleName"] == "anywhere"
    expiration = datetime.strptime(credentials["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(minutes=55) < expiration - datetime.now(UTC) <= timedelta(hours=1)


def test_the_principal_tags_of_the_subject_decide_in_the_trust_policy(anywhere: Anywhere) -> None:
    ca_key, ca = anywhere.ca_keys["ecdsa"]
    key = new_key("ecdsa")
    leaf = make_leaf(ca_key, ca, key, "intruder")
    status, answer = signed_create_session(anywhere.server.endpoint, leaf, key, query(anywhere), b"{}")
    assert status == 403
    assert "credentialSet" not in answer


def test_a_certificate_of_another_ca_is_untrusted(anywhere: Anywhere) -> None:
    stranger_key = new_key("ecdsa")
    stranger = make_ca(stranger_key, "stranger")
    key = new_key("ecdsa")
    leaf = make_leaf(stranger_key, stranger, key, "app1")
    status, answer = signed_create_session(anywhere.server.endpoint, leaf, key, query(anywhere), b"{}")
    assert status == 403
    assert "Untrusted certificate" in answer["message"]


def test_a_tampered_request_does_not_verify(anywhere: Anywhere) -> None:
    ca_key, ca = anywhere.ca_keys["rsa"]
    key = new_key("rsa")
    leaf = make_leaf(ca_key, ca, key, "app1")
    status, answer = signed_create_session(
        anywhere.server.endpoint, leaf, key, query(anywhere), b"{}", tamper=True
    )
    assert status == 403
    assert "signature" in answer["message"]


def test_the_profile_caps_the_duration(anywhere: Anywhere) -> None:
    ca_key, ca = anywhere.ca_keys["ecdsa"]
    key = new_key("ecdsa")
    leaf = make_leaf(ca_key, ca, key, "app1")
    body = json.dumps({"durationSeconds": 3600}).encode()
    status, answer = signed_create_session(
        anywhere.server.endpoint, leaf, key, query(anywhere, anywhere.short_profile_arn), body
    )
    assert status == 201, answer
    expiration = answer["credentialSet"][0]["credentials"]["expiration"]
    left = datetime.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(minutes=13) < left <= timedelta(minutes=15)


def test_create_session_is_an_assume_role_by_roles_anywhere_in_the_trail(anywhere: Anywhere) -> None:
    ca_key, ca = anywhere.ca_keys["ecdsa"]
    for cn, status in (("app1", 201), ("intruder", 403)):
        key = new_key("ecdsa")
        leaf = make_leaf(ca_key, ca, key, cn)
        assert signed_create_session(anywhere.server.endpoint, leaf, key, query(anywhere), b"{}")[0] == status
    events = anywhere.server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}]
    )["Events"]
    records = [json.loads(event["CloudTrailEvent"]) for event in events]
    assert records
    assert all(
        r["userIdentity"] == {"type": "AWSService", "invokedBy": "rolesanywhere.amazonaws.com"}
        for r in records
    )
    refused = [r for r in records if r.get("errorCode")]
    assert refused and refused[0]["errorCode"] == "AccessDenied"
    granted = [r for r in records if not r.get("errorCode")]
    tags = {t["key"]: t["value"] for t in granted[0]["requestParameters"]["tags"]}
    assert tags["x509Subject/CN"] == "app1" and tags["x509SAN/DNS"] == "app1.example.com"
    assert "x509Issuer/CN" in tags
    assert all("secretAccessKey" not in json.dumps(r.get("responseElements")) for r in records)


def test_a_path_of_the_workload_endpoints_that_is_not_posted_is_refused(
    anywhere: Anywhere, tmp_path: Path
) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anywhere.server.endpoint + "/sessions", timeout=5)
    assert refused.value.code == 405


def test_hatracks_own_workload_ca_as_a_trust_anchor(anywhere: Anywhere) -> None:
    """A workload's certificate (CN = its name) gets Roles Anywhere sessions from an anchor on the
    account's workload CA, with the workload's tags; once deregistered, it is refused."""
    server = anywhere.server
    iam = server.client("iam")
    iam.create_instance_profile(InstanceProfileName="app1-profile")
    state = ("--state-dir", str(server.state_dir))
    token = json.loads(
        hatrack("workload", "register", "app1", "--instance-profile", "app1-profile", "--json", *state)
    )
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ignored")]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
        .decode()
    )
    join = urllib.request.Request(
        server.endpoint + "/_hatrack/workloads/join",
        data=json.dumps({"join_token": token["join_token"], "csr": csr}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(join, timeout=10) as answer:
        certificate = x509.load_pem_x509_certificate(json.loads(answer.read())["certificate"].encode())
    anchor = hatrack("rolesanywhere", "create-trust-anchor", "hatrack-ca", *state)
    params = query(anywhere) | {"trustAnchorArn": anchor}
    status, answer = signed_create_session(server.endpoint, certificate, key, params, b"{}")
    assert status == 201, answer
    assert answer["credentialSet"][0]["sourceIdentity"] == "CN=app1"
    # A certificate of another CA does not pass this anchor.
    ca_key, ca = anywhere.ca_keys["ecdsa"]
    other_key = new_key("ecdsa")
    other = make_leaf(ca_key, ca, other_key, "app1")
    assert signed_create_session(server.endpoint, other, other_key, params, b"{}")[0] == 403
    hatrack("workload", "deregister", "app1", *state)
    status, answer = signed_create_session(server.endpoint, certificate, key, params, b"{}")
    assert status == 403 and "revoked" in answer["message"]

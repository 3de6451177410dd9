"""No secret in the clear anywhere the server writes: database files, server log, trail (issue 10).

A full scenario through boto3 against a real server hands out every kind of secret hatrack knows (a
password, access-key secrets, a TOTP seed, a role session's secret and token) and takes a few wrong
ones (a bad signature, a wrong old password, a wrong MFA code). Afterwards the raw bytes of the
database (SQLite's files including -wal, or every table of PostgreSQL), the server's captured output
and LookupEvents' answers are searched for each secret, raw and as base64 and hex, and for the
master keys.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from hatrack.agent.signer import sign_headers
from hatrack.agent.state import csr_pem, new_key
from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.e2e.test_audit import raw_sql
from tests.support.agent import register_workload
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def _forms(secret: bytes) -> set[bytes]:
    """The secret as raw bytes and in the encodings a careless writer would use."""
    forms = {
        secret,
        base64.b64encode(secret),
        base64.urlsafe_b64encode(secret),
        base64.b64encode(secret).rstrip(b"="),
        base64.b32encode(secret).rstrip(b"="),
        secret.hex().encode(),
        secret.hex().upper().encode(),
    }
    return {form for form in forms if len(form) >= 8}


ASSUME_ANY_ROLE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
}


def _scenario(server: RunningServer) -> dict[str, bytes]:
    iam = server.client("iam")
    found: dict[str, bytes] = {"root secret": server.secret_access_key.encode()}
    password = "Scan-Passw0rd-" + datetime.now(UTC).strftime("%H%M%S%f")
    found["password"] = password.encode()
    iam.create_user(UserName="scan")
    iam.create_login_profile(UserName="scan", Password=password)
    iam.attach_user_policy(UserName="scan", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    key = iam.create_access_key(UserName="scan")["AccessKey"]
    found["user secret"] = key["SecretAccessKey"].encode()
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="scan-phone")["VirtualMFADevice"]
    found["totp seed (base32)"] = device["Base32StringSeed"]
    seed = totp_secret_from_base32(device["Base32StringSeed"].decode())
    found["totp seed"] = seed
    found["mfa qr code"] = device["QRCodePNG"]
    now = datetime.now(UTC)
    iam.enable_mfa_device(
        UserName="scan",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp_code(seed, now - timedelta(seconds=30)),
        AuthenticationCode2=totp_code(seed, now),
    )
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="ScanRole", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_user_policy(UserName="scan", PolicyName="assume", PolicyDocument=json.dumps(ASSUME_ANY_ROLE))
    as_scan = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    # The account root may not assume roles (AWS refuses it), so the user does.
    session = as_scan.assume_role(RoleArn=role["Arn"], RoleSessionName="scan-session")["Credentials"]
    found["session secret"] = session["SecretAccessKey"].encode()
    found["session token"] = session["SessionToken"].encode()
    as_session = server.client(
        "sts", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"]
    )
    as_session.get_caller_identity()
    # Failed attempts: a wrong secret, a wrong old password, a wrong MFA code.
    wrong_secret = "Wrong/Secret/" + "k" * 27
    found["wrong secret"] = wrong_secret.encode()
    with pytest.raises(ClientError):
        server.client("iam", key=key["AccessKeyId"], secret=wrong_secret).list_users()
    user_iam = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    wrong_password = "Not-The-Passw0rd-" + password[-8:]
    found["wrong password"] = wrong_password.encode()
    with pytest.raises(ClientError):
        user_iam.change_password(OldPassword=wrong_password, NewPassword="New-Passw0rd-123456")
    user_sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    with pytest.raises(ClientError):
        user_sts.get_session_token(SerialNumber=device["SerialNumber"], TokenCode="000000")
    found.update(_workload_secrets(server))
    master = json.loads((server.state_dir / "master.key").read_text())
    for entry in master["keys"]:
        found[f"master key {entry['id']}"] = base64.b64decode(entry["key"])
    return found


def _workload_secrets(server: RunningServer) -> dict[str, bytes]:
    """A workload's join token (used, then replayed) and the credentials its certificate gets."""
    iam = server.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName="ScanWorkload", AssumeRolePolicyDocument=json.dumps(trust))
    iam.create_instance_profile(InstanceProfileName="ScanWorkload")
    iam.add_role_to_instance_profile(InstanceProfileName="ScanWorkload", RoleName="ScanWorkload")
    token = register_workload(server, "scan", "ScanWorkload")["join_token"]
    key = new_key()
    body = json.dumps({"join_token": token, "csr": csr_pem(key)}).encode()
    join = urllib.request.Request(server.endpoint + "/_hatrack/workloads/join", data=body, method="POST")
    with urllib.request.urlopen(join, timeout=10) as answer:
        certificate = x509.load_pem_x509_certificate(json.loads(answer.read())["certificate"].encode())
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(
            urllib.request.Request(server.endpoint + "/_hatrack/workloads/join", data=body, method="POST"),
            timeout=10,
        )
    url = server.endpoint + "/_hatrack/workloads/credentials"
    headers = sign_headers("POST", url, b"{}", key=key, certificate=certificate)
    request = urllib.request.Request(url, data=b"{}", method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as answer:
        issued = json.loads(answer.read())
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return {
        "join token": token.encode(),
        "workload private key": private,
        "workload session secret": issued["SecretAccessKey"].encode(),
        "workload session token": issued["Token"].encode(),
    }


def _trail(server: RunningServer) -> bytes:
    pages: list[Any] = []
    paginator = server.client("cloudtrail").get_paginator("lookup_events")
    for page in paginator.paginate():
        pages.extend(page["Events"])
    assert len(pages) > 10
    return json.dumps(pages, default=str).encode()


def _database_bytes(server: RunningServer) -> bytes:
    if server.database_url is None:
        files = sorted(server.state_dir.glob("hatrack.db*"))
        assert files, "no SQLite files found"
        return b"".join(path.read_bytes() for path in files)
    dump: list[bytes] = []
    with raw_sql(server) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        ]
        assert tables
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"').fetchall():
                for value in row:
                    dump.append(
                        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                    )
    return b"\n".join(dump)


def test_no_secret_is_in_the_clear_in_the_database_the_log_or_the_trail(server: RunningServer) -> None:
    found = _scenario(server)
    places = {
        "the trail": _trail(server),
        "the database": _database_bytes(server),
        "the server log": (server.state_dir / "server.log").read_bytes(),
    }
    leaks = [
        f"{name} in {place}"
        for name, secret in found.items()
        for form in _forms(secret)
        for place, content in places.items()
        if form in content
    ]
    assert leaks == []

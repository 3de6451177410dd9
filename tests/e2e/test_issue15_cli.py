"""The AWS CLI against a real server for issue 15's operations: SAML providers and
assume-role-with-saml (the CLI sends it unsigned), service-linked roles, SSH public keys and
signing certificates."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from tests.sts.saml_idp import SamlIdp
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def _ok(server: RunningServer, home: Path, *args: str) -> dict[str, object]:
    result = server.aws(*args, home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_the_cli_sets_up_saml_federation_and_assumes_the_role(server: RunningServer, tmp_path: Path) -> None:
    idp = SamlIdp()
    (tmp_path / "metadata.xml").write_text(idp.metadata())
    arn = _ok(
        server, tmp_path, "iam", "create-saml-provider", "--name", "Corp",
        "--saml-metadata-document", f"file://{tmp_path / 'metadata.xml'}",
    )["SAMLProviderArn"]  # fmt: skip
    assert isinstance(arn, str)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithSAML"}
        ],
    }
    role = _ok(
        server, tmp_path, "iam", "create-role", "--role-name", "federated",
        "--assume-role-policy-document", json.dumps(trust),
    )["Role"]  # fmt: skip
    assert isinstance(role, dict)
    assertion = idp.signed_response(roles=[f"{role['Arn']},{arn}"])
    (tmp_path / "assertion.b64").write_text(assertion)
    answer = _ok(
        server, tmp_path, "sts", "assume-role-with-saml", "--role-arn", role["Arn"], "--principal-arn", arn,
        "--saml-assertion", f"file://{tmp_path / 'assertion.b64'}",
    )  # fmt: skip
    assert answer["Subject"] == "alice@example.com"
    listed = _ok(server, tmp_path, "iam", "list-saml-providers")["SAMLProviderList"]
    assert isinstance(listed, list) and [entry["Arn"] for entry in listed] == [arn]
    _ok(server, tmp_path, "iam", "delete-saml-provider", "--saml-provider-arn", arn)


def test_the_cli_manages_a_service_linked_role(server: RunningServer, tmp_path: Path) -> None:
    service = "elasticbeanstalk.amazonaws.com"
    role = _ok(server, tmp_path, "iam", "create-service-linked-role", "--aws-service-name", service)["Role"]
    assert isinstance(role, dict) and role["RoleName"] == "AWSServiceRoleForElasticBeanstalk"
    refused = server.aws(
        "iam", "delete-role", "--role-name", "AWSServiceRoleForElasticBeanstalk", home=tmp_path
    )
    assert refused.returncode != 0 and "UnmodifiableEntity" in refused.stderr
    name = "AWSServiceRoleForElasticBeanstalk"
    task = _ok(server, tmp_path, "iam", "delete-service-linked-role", "--role-name", name)["DeletionTaskId"]
    assert isinstance(task, str)
    status = _ok(
        server, tmp_path, "iam", "get-service-linked-role-deletion-status", "--deletion-task-id", task
    )
    assert status["Status"] == "SUCCEEDED"


def test_the_cli_uploads_ssh_keys_and_signing_certificates(server: RunningServer, tmp_path: Path) -> None:
    _ok(server, tmp_path, "iam", "create-user", "--user-name", "dev")
    ssh_key = ed25519.Ed25519PrivateKey.generate().public_key()
    body = ssh_key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    uploaded = _ok(
        server, tmp_path, "iam", "upload-ssh-public-key", "--user-name", "dev", "--ssh-public-key-body", body
    )["SSHPublicKey"]  # fmt: skip
    assert isinstance(uploaded, dict) and uploaded["Status"] == "Active"
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dev")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    _ok(
        server, tmp_path, "iam", "upload-signing-certificate", "--user-name", "dev",
        "--certificate-body", f"file://{tmp_path / 'cert.pem'}",
    )  # fmt: skip
    certificates = _ok(server, tmp_path, "iam", "list-signing-certificates", "--user-name", "dev")[
        "Certificates"
    ]
    assert isinstance(certificates, list) and len(certificates) == 1

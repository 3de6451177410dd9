"""Signing certificates through boto3 against a real server: PEM parsed with cryptography, expiry,
2 per user, one owner per certificate, status, and the caller's own certificates without UserName."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

MALFORMED = (
    "MalformedCertificate",
    "The request was rejected because the certificate was malformed or expired.",
)


def _certificate(*, days_left: int = 30) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "signer")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=60))
        .not_valid_after(now + datetime.timedelta(days=days_left))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.fixture
def iam(server: RunningServer) -> Any:
    client = server.client("iam")
    client.create_user(UserName="dev")
    return client


def test_a_certificate_is_uploaded_listed_deactivated_and_deleted(iam: Any) -> None:
    body = _certificate()
    uploaded = iam.upload_signing_certificate(UserName="dev", CertificateBody=body)["Certificate"]
    assert uploaded["UserName"] == "dev"
    assert uploaded["Status"] == "Active"
    assert uploaded["CertificateBody"].strip() == body.strip()
    certificate_id = uploaded["CertificateId"]
    listed = iam.list_signing_certificates(UserName="dev")["Certificates"]
    assert [item["CertificateId"] for item in listed] == [certificate_id]
    iam.update_signing_certificate(UserName="dev", CertificateId=certificate_id, Status="Inactive")
    assert iam.list_signing_certificates(UserName="dev")["Certificates"][0]["Status"] == "Inactive"
    with pytest.raises(ClientError) as raised:
        iam.delete_user(UserName="dev")
    assert _error(raised)[0] == "DeleteConflict"
    iam.delete_signing_certificate(UserName="dev", CertificateId=certificate_id)
    assert iam.list_signing_certificates(UserName="dev")["Certificates"] == []
    with pytest.raises(ClientError) as raised:
        iam.delete_signing_certificate(UserName="dev", CertificateId=certificate_id)
    assert _error(raised)[0] == "NoSuchEntity"


def test_a_body_that_is_no_certificate_or_an_expired_one_is_refused(iam: Any) -> None:
    for body in ("not a certificate", _certificate(days_left=-1)):
        with pytest.raises(ClientError) as raised:
            iam.upload_signing_certificate(UserName="dev", CertificateBody=body)
        assert _error(raised) == MALFORMED
    assert iam.list_signing_certificates(UserName="dev")["Certificates"] == []


def test_a_user_holds_at_most_two(iam: Any) -> None:
    for _ in range(2):
        iam.upload_signing_certificate(UserName="dev", CertificateBody=_certificate())
    with pytest.raises(ClientError) as raised:
        iam.upload_signing_certificate(UserName="dev", CertificateBody=_certificate())
    assert _error(raised)[0] == "LimitExceeded"


def test_one_certificate_belongs_to_one_owner_of_the_account(iam: Any) -> None:
    iam.create_user(UserName="other")
    body = _certificate()
    iam.upload_signing_certificate(UserName="dev", CertificateBody=body)
    with pytest.raises(ClientError) as raised:
        iam.upload_signing_certificate(UserName="other", CertificateBody=body)
    assert _error(raised)[0] == "DuplicateCertificate"


def test_without_user_name_a_user_manages_its_own(server: RunningServer, iam: Any) -> None:
    iam.put_user_policy(
        UserName="dev",
        PolicyName="own",
        PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*SigningCertificate*",'
        '"Resource":"arn:aws:iam::*:user/${aws:username}"}]}',
    )
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    own = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    uploaded = own.upload_signing_certificate(CertificateBody=_certificate())["Certificate"]
    assert uploaded["UserName"] == "dev"
    assert [c["CertificateId"] for c in own.list_signing_certificates()["Certificates"]] == [
        uploaded["CertificateId"]
    ]

"""SSH public keys of IAM users through boto3 against a real server: ssh-rsa (≥ 2048 bits) and
ssh-ed25519 keys, AWS's MD5 fingerprints, SSH and PEM encodings, status, the quota of 5, and the
errors for keys that are malformed, too short, of another kind or uploaded twice."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

SSH = serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH


def _rsa(bits: int = 2048) -> str:
    return rsa.generate_private_key(65537, bits).public_key().public_bytes(*SSH).decode()


def _ed25519() -> str:
    return ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(*SSH).decode()


def _md5_fingerprint(body: str) -> str:
    digest = hashlib.md5(base64.b64decode(body.split()[1]), usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, 32, 2))


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.fixture
def iam(server: RunningServer) -> Any:
    client = server.client("iam")
    client.create_user(UserName="dev")
    return client


def test_an_rsa_key_is_uploaded_read_listed_deactivated_and_deleted(iam: Any) -> None:
    body = _rsa() + " dev@laptop"
    uploaded = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=body)["SSHPublicKey"]
    key_id = uploaded["SSHPublicKeyId"]
    assert key_id.startswith("APKA") and len(key_id) == 20
    assert uploaded["Status"] == "Active"
    assert uploaded["Fingerprint"] == _md5_fingerprint(body)
    got = iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id, Encoding="SSH")["SSHPublicKey"]
    assert got["SSHPublicKeyBody"] == " ".join(body.split()[:2])
    pem = iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id, Encoding="PEM")["SSHPublicKey"]
    assert pem["SSHPublicKeyBody"].startswith("-----BEGIN PUBLIC KEY-----")
    listed = iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["Status"]) for k in listed] == [(key_id, "Active")]
    iam.update_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id, Status="Inactive")
    assert iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"][0]["Status"] == "Inactive"
    iam.delete_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id)
    assert iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"] == []
    with pytest.raises(ClientError) as raised:
        iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id, Encoding="SSH")
    assert _error(raised)[0] == "NoSuchEntity"


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_the_fingerprint_is_what_ssh_keygen_shows(iam: Any, tmp_path: Path) -> None:
    body = _ed25519()
    (tmp_path / "key.pub").write_text(body + "\n")
    shown = subprocess.run(
        ["ssh-keygen", "-l", "-E", "md5", "-f", str(tmp_path / "key.pub")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    uploaded = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=body)["SSHPublicKey"]
    assert "MD5:" + uploaded["Fingerprint"] == shown


def test_an_ed25519_key_and_a_pem_rsa_key_are_accepted(iam: Any) -> None:
    assert iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=_ed25519())["SSHPublicKey"]
    pem = (
        rsa.generate_private_key(65537, 2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    uploaded = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=pem)["SSHPublicKey"]
    assert uploaded["SSHPublicKeyBody"].startswith("ssh-rsa ")


def test_an_rsa_key_under_2048_bits_is_refused(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=_rsa(1024))
    assert _error(raised)[0] == "InvalidPublicKey"


def test_a_key_of_another_kind_or_malformed_is_refused(iam: Any) -> None:
    ecdsa = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(*SSH).decode()
    with pytest.raises(ClientError) as raised:
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=ecdsa)
    assert _error(raised) == (
        "UnrecognizedPublicKeyEncoding",
        "The request was rejected because the public key encoding format is unsupported or unrecognized.",
    )
    with pytest.raises(ClientError) as raised:
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody="ssh-rsa bm90IGEga2V5")
    assert _error(raised) == (
        "InvalidPublicKey",
        "The request was rejected because the public key is malformed or otherwise invalid.",
    )
    assert iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"] == []


def test_the_same_key_twice_is_refused(iam: Any) -> None:
    body = _ed25519()
    iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=body)
    with pytest.raises(ClientError) as raised:
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=body + " again")
    assert _error(raised)[0] == "DuplicateSSHPublicKey"


def test_a_user_holds_at_most_five_keys(iam: Any) -> None:
    for _ in range(5):
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=_ed25519())
    with pytest.raises(ClientError) as raised:
        iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=_ed25519())
    assert _error(raised)[0] == "LimitExceeded"


def test_a_user_with_ssh_keys_cannot_be_deleted(iam: Any) -> None:
    key_id = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=_ed25519())["SSHPublicKey"][
        "SSHPublicKeyId"
    ]
    with pytest.raises(ClientError) as raised:
        iam.delete_user(UserName="dev")
    assert _error(raised)[0] == "DeleteConflict"
    iam.delete_ssh_public_key(UserName="dev", SSHPublicKeyId=key_id)
    iam.delete_user(UserName="dev")

"""The agent's state folder: its private key (``key.pem``, mode 0600, never leaves the machine), its
certificate and the CA's (``certificate.pem``, ``ca.pem``), what the server said of the workload
(``workload.json``) and the container endpoint's authorization token (``container-token``, 0600).

Files are written whole (a temporary file renamed over the old one), so a crash never leaves half a
key; the folder itself is made with mode 0700.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KEY_FILE = "key.pem"
CERTIFICATE_FILE = "certificate.pem"
CA_FILE = "ca.pem"
WORKLOAD_FILE = "workload.json"
CONTAINER_TOKEN_FILE = "container-token"


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600, atomically."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def csr_pem(key: ec.EllipticCurvePrivateKey) -> str:
    """A CSR proving possession of ``key`` (the server names the subject itself)."""
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hatrack workload")]))
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM).decode()


@dataclass(frozen=True, slots=True)
class Identity:
    """What the agent proves itself with."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    workload: dict[str, Any]  # workload_id, name, account_id, instance_profile

    @property
    def workload_id(self) -> str:
        return str(self.workload["workload_id"])

    @property
    def not_after(self) -> datetime:
        return self.certificate.not_valid_after_utc

    @property
    def not_before(self) -> datetime:
        return self.certificate.not_valid_before_utc


class StateDir:
    def __init__(self, path: Path) -> None:
        self.path = path

    def ensure(self) -> None:
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.path, 0o700)

    def has_identity(self) -> bool:
        return all((self.path / name).exists() for name in (KEY_FILE, CERTIFICATE_FILE, WORKLOAD_FILE))

    def load(self) -> Identity:
        key = serialization.load_pem_private_key((self.path / KEY_FILE).read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        certificate = x509.load_pem_x509_certificate((self.path / CERTIFICATE_FILE).read_bytes())
        workload = json.loads((self.path / WORKLOAD_FILE).read_text())
        return Identity(key, certificate, workload)

    def save(self, key: ec.EllipticCurvePrivateKey, answer: dict[str, Any]) -> Identity:
        """Keep the key and the certificate the server answered with (join or renewal)."""
        self.ensure()
        write_private(self.path / KEY_FILE, key_pem(key))
        write_private(self.path / CERTIFICATE_FILE, str(answer["certificate"]).encode())
        write_private(self.path / CA_FILE, str(answer["ca_certificate"]).encode())
        workload = {
            name: answer[name]
            for name in ("workload_id", "name", "account_id", "instance_profile", "server")
            if name in answer
        }
        write_private(self.path / WORKLOAD_FILE, json.dumps(workload).encode())
        return self.load()

    def container_token(self, given: Path | None) -> str:
        """The container endpoint's authorization token: the file given, or ``container-token`` in the
        state folder (made with 32 random bytes at first start)."""
        path = given if given is not None else self.path / CONTAINER_TOKEN_FILE
        if not path.exists():
            self.ensure()
            write_private(path, secrets.token_urlsafe(32).encode())
        return path.read_text().strip()

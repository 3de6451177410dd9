"""A tiny OpenID Connect identity provider for tests: its own RSA and EC keys, a JWKS, ID tokens, and
optionally its discovery document and key set served over HTTPS on 127.0.0.1 (a self-signed
certificate, written to a file that the code under test is told to trust)."""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import ssl
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _int_b64(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class IdentityProvider:
    issuer: str
    rsa_key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    ec_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    requests: list[str] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        rsa_numbers = self.rsa_key.public_key().public_numbers()
        ec_numbers = self.ec_key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": "rsa-1",
                    "use": "sig",
                    "alg": "RS256",
                    "n": _int_b64(rsa_numbers.n),
                    "e": _int_b64(rsa_numbers.e),
                },
                {
                    "kty": "EC",
                    "kid": "ec-1",
                    "use": "sig",
                    "crv": "P-256",
                    "x": b64url(ec_numbers.x.to_bytes(32, "big")),
                    "y": b64url(ec_numbers.y.to_bytes(32, "big")),
                },
            ]
        }

    def token(self, *, algorithm: str = "RS256", kid: str | None = None, **claims: Any) -> str:
        header = {"alg": algorithm, "typ": "JWT", "kid": kid or ("rsa-1" if algorithm == "RS256" else "ec-1")}
        body = {"iss": self.issuer, **claims}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(body).encode())}".encode()
        if algorithm == "RS256":
            signature = self.rsa_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        else:
            r, s = decode_dss_signature(self.ec_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return f"{signing_input.decode()}.{b64url(signature)}"

    def jwks_text(self) -> str:
        """The key set as the file an operator gives ``hatrack oidc set-keys --jwks-file``."""
        return json.dumps(self.jwks())


# What the served provider answers for a path: (status, extra headers, body); None: the default.
Route = Callable[[str], tuple[int, dict[str, str], bytes] | None]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, as PEM files in ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "hatrack test issuer")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "issuer.pem", folder / "issuer-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


@dataclass
class ServedProvider(IdentityProvider):
    """An identity provider served over HTTPS; ``ca_file`` is the certificate to trust."""

    ca_file: Path = Path()
    route: Route = field(default=lambda path: None)


@contextmanager
def served_provider(
    route: Route | None = None, *, certificate: tuple[Path, Path] | None = None
) -> Iterator[ServedProvider]:
    """An identity provider whose discovery document and JWKS are served over HTTPS from 127.0.0.1.

    ``route`` may answer a path itself (a redirect, an error); every request's path is recorded in
    ``requests``, so tests can count what the server under test fetched. ``certificate`` (certificate
    and key files from ``self_signed``) lets a server started earlier trust the provider.
    """
    provider_box: list[ServedProvider] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            provider = provider_box[0]
            provider.requests.append(self.path)
            answer = provider.route(self.path)
            if answer is not None:
                status, headers, data = answer
            elif self.path == "/.well-known/openid-configuration":
                status, headers = 200, {"Content-Type": "application/json"}
                data = json.dumps({"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/keys"}).encode()
            elif self.path == "/keys":
                status, headers, data = (
                    200,
                    {"Content-Type": "application/json"},
                    json.dumps(provider.jwks()).encode(),
                )
            else:
                status, headers, data = 404, {}, b"not found"
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    with tempfile.TemporaryDirectory() as folder:
        cert_file, key_file = certificate or self_signed(Path(folder))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        provider_box.append(
            ServedProvider(
                issuer=f"https://127.0.0.1:{server.server_address[1]}",
                ca_file=cert_file,
                route=route or (lambda path: None),
            )
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield provider_box[0]
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

"""A tiny OpenID Connect identity provider for tests: its own RSA and EC keys, a JWKS, ID tokens, and
optionally its discovery document and key set served over HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes
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

    def jwks_tags(self) -> list[tuple[str, str]]:
        """The key set as hatrack's ``hatrack:jwks:N`` provider tags (base64url, 256-char chunks)."""
        encoded = b64url(json.dumps(self.jwks(), separators=(",", ":")).encode())
        return [
            (f"hatrack:jwks:{index}", encoded[start : start + 256])
            for index, start in enumerate(range(0, len(encoded), 256))
        ]


@contextmanager
def served_provider() -> Iterator[IdentityProvider]:
    """An identity provider whose discovery document and JWKS are served from 127.0.0.1."""
    provider_box: list[IdentityProvider] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            provider = provider_box[0]
            provider.requests.append(self.path)
            if self.path == "/.well-known/openid-configuration":
                body = {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/keys"}
            elif self.path == "/keys":
                body = provider.jwks()
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider_box.append(IdentityProvider(issuer=f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider_box[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

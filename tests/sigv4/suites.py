"""The SigV4 test vectors of botocore's classic suite and aws-c-auth's suite, read into ``Vector`` values.

The data files live in ``tests/sigv4/vectors/`` (copied byte for byte, Apache-2.0; see ``SOURCE.md``
there). Each vector is one signature: 34 classic header signatures, and 38 aws-c-auth cases signed both
with an Authorization header and as a presigned URL: 110 in all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hatrack.sigv4.request import HttpRequest

VECTORS = Path(__file__).resolve().parent / "vectors"
CLASSIC = VECTORS / "aws4_testsuite"
CRT = VECTORS / "aws-signing-test-suite" / "v4"

CLASSIC_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
CLASSIC_NOW = datetime(2015, 8, 30, 12, 36, 0, tzinfo=UTC)
_AUTHORIZATION_SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")


@dataclass(frozen=True, slots=True)
class Vector:
    name: str
    signed_request: str
    canonical_request: str
    string_to_sign: str
    signature: str
    secret_access_key: str
    region: str
    service: str
    now: datetime
    normalize: bool
    presigned: bool
    token_added_after_signing: bool

    def request(self) -> HttpRequest:
        return parse_http_request(self.signed_request)


def parse_http_request(text: str) -> HttpRequest:
    """An HTTP/1.1 message as the suites write it: request line, headers (obs-fold kept), blank line, body.

    The suites write the request target as decoded text (``/example space/``); it is passed on as is,
    which is what a client that sent those characters would have put on the wire.
    """
    head, _, body = text.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, rest = request_line.split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    path, _, query = target.partition("?")
    headers: list[tuple[str, str]] = []
    for line in header_lines:
        if line[:1] in (" ", "\t"):  # obs-fold: a continuation of the previous header's value
            name, value = headers[-1]
            headers[-1] = (name, f"{value}\n{line}")
        else:
            name, _, value = line.partition(":")
            headers.append((name, value))
    return HttpRequest(method, path, query, tuple(headers), body.encode())


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _with_authorization(signed_request: str, authorization: str) -> str:
    """The signed request with the published Authorization value.

    Upstream, ``get-vanilla-with-session-token.sreq`` carries get-vanilla's signature by mistake; its
    ``.authz``, ``.creq`` and ``.sts`` agree with each other, so ``.authz`` is the published signature.
    """
    return re.sub(r"(?m)^Authorization:.*$", lambda _: f"Authorization: {authorization}", signed_request)


def classic_vectors() -> list[Vector]:
    vectors = []
    for signed in sorted(CLASSIC.rglob("*.sreq")):
        stem = signed.with_suffix("")
        match = _AUTHORIZATION_SIGNATURE.search(_read(stem.with_suffix(".authz")))
        assert match is not None
        vectors.append(
            Vector(
                name=f"classic/{signed.parent.relative_to(CLASSIC)}",
                signed_request=_with_authorization(_read(signed), _read(stem.with_suffix(".authz"))),
                canonical_request=_read(stem.with_suffix(".creq")),
                string_to_sign=_read(stem.with_suffix(".sts")),
                signature=match.group(1),
                secret_access_key=CLASSIC_SECRET,
                region="us-east-1",
                service="service",
                now=CLASSIC_NOW,
                normalize=True,
                presigned=False,
                token_added_after_signing=stem.name == "post-sts-header-after",
            )
        )
    return vectors


def crt_vectors() -> list[Vector]:
    vectors = []
    for case in sorted(path for path in CRT.iterdir() if path.is_dir()):
        context = json.loads(_read(case / "context.json"))
        credentials = context["credentials"]
        for form in ("header", "query"):
            vectors.append(
                Vector(
                    name=f"crt/{case.name}/{form}",
                    signed_request=_read(case / f"{form}-signed-request.txt"),
                    canonical_request=_read(case / f"{form}-canonical-request.txt"),
                    string_to_sign=_read(case / f"{form}-string-to-sign.txt"),
                    signature=_read(case / f"{form}-signature.txt").strip(),
                    secret_access_key=credentials["secret_access_key"],
                    region=context["region"],
                    service=context["service"],
                    now=datetime.fromisoformat(context["timestamp"]),
                    normalize=context["normalize"],
                    presigned=form == "query",
                    token_added_after_signing="token" in credentials
                    and context.get("omit_session_token", False),
                )
            )
    return vectors


ALL_VECTORS = classic_vectors() + crt_vectors()

"""The HTTP request as SigV4 sees it: method, raw path, raw query, headers in arrival order, body.

The api layer builds one from the ASGI scope; nothing here knows about ASGI or any server. Imports nothing
of hatrack.

Text fields are ``str``. Characters outside ASCII (which no AWS SDK sends unescaped) are taken as UTF-8 text
when canonicalised: decode raw bytes with ``"utf-8", "surrogateescape"`` so odd bytes survive the round trip.
Header values are best decoded as Latin-1, which is what HTTP clients encode them with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    path: str  # raw path as on the wire, percent-encoded, no query
    query_string: str  # raw, no leading '?'
    headers: tuple[tuple[str, str], ...]  # as received, in order, names in any case
    body: bytes

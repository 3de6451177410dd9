"""The value types of condition operators: dates (ISO 8601 or epoch seconds), numbers, IP ranges.

Shared by validation (is this value readable?) and evaluation (compare it). Each parser returns
``None`` for text it cannot read. Imports nothing of hatrack.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_EPOCH = re.compile(r"^-?[0-9]{1,19}$")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


@lru_cache(maxsize=4096)
def parse_instant(text: str) -> float | None:
    """Seconds since the epoch of an ISO 8601 date/time (UTC unless an offset is given) or epoch text."""
    text = text.strip()
    if _EPOCH.match(text):
        return float(int(text))
    if len(text) > 64:
        return None
    candidate = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    text = text.strip()
    if len(text) > 64 or not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


@lru_cache(maxsize=4096)
def parse_network(text: str) -> IpNetwork | None:
    """A CIDR block or a single address (a /32 or /128 network)."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def parse_address(text: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def parse_bool(text: str) -> bool | None:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None

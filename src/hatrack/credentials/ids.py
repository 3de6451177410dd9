"""AWS-style unique ids: a four-letter prefix that names the kind of entity, then 17 random characters.

AWS's ids (IAM User Guide, "IAM identifiers", unique ids) look like ``AIDACKCEVSQ6C2EXAMPLE``:
``AIDA`` user, ``AROA`` role, ``AGPA`` group, ``ANPA`` managed policy, ``AIPA`` instance profile.
The random part uses the RFC 4648 base32 alphabet (A-Z and 2-7), as AWS's do. 17 characters carry
85 random bits, so ids never need a uniqueness retry in practice (the store still enforces it).

Imports nothing of hatrack.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable

USER_ID_PREFIX = "AIDA"
ROLE_ID_PREFIX = "AROA"
GROUP_ID_PREFIX = "AGPA"
POLICY_ID_PREFIX = "ANPA"
INSTANCE_PROFILE_ID_PREFIX = "AIPA"

UNIQUE_ID_LENGTH = 21
_PREFIX = re.compile(r"[A-Z]{4}", re.ASCII)


def random_base32(length: int, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """``length`` uniformly random characters of the base32 alphabet A-Z2-7."""
    # Each character is 5 bits; encode enough whole bytes and keep the first ``length`` characters,
    # which depend only on random bits (padding appears only after them).
    return base64.b32encode(token_bytes((5 * length + 7) // 8)).decode("ascii")[:length]


def new_unique_id(prefix: str, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """An id such as ``AIDA`` + 17 base32 characters (21 in all)."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"an id prefix is four capital letters, not {prefix!r}")
    return prefix + random_base32(UNIQUE_ID_LENGTH - len(prefix), token_bytes=token_bytes)

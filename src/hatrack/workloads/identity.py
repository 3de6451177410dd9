"""Workload ids and join tokens.

- A workload id has AWS's instance-id shape, ``i-`` + 17 lower-case hex digits (68 random bits), and is
  the role session name of the workload's credentials.
- A join token is 32 random bytes (``hjt_`` + base64url); only its SHA-256 is stored. It is good for
  one exchange and for ``JOIN_TOKEN_TTL_SECONDS`` [choice: one hour by default, at most a day: long
  enough to start a VM or a container by hand, short enough that a token left in a shell history or a
  provisioning log is dead by the time someone finds it].
"""

from __future__ import annotations

import hashlib
import re
import secrets

JOIN_TOKEN_PREFIX = "hjt_"
JOIN_TOKEN_TTL_SECONDS = 3600
JOIN_TOKEN_MAX_TTL_SECONDS = 86400
WORKLOAD_ID = re.compile(r"i-[0-9a-f]{17}")
# IAM's name characters, as for instance profiles: [\w+=,.@-], 1-128.
WORKLOAD_NAME = re.compile(r"[\w+=,.@-]{1,128}")


def new_workload_id() -> str:
    return "i-" + secrets.token_hex(9)[:17]


def new_join_token() -> str:
    return JOIN_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 (hex) of a join token: the only form it is stored in (a token is 256 random bits, so a
    fast hash is enough; nobody can guess one to match)."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()

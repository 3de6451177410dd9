"""Console passwords, stored as Argon2id hashes (argon2-cffi), never in a recoverable form.

Parameters: OWASP Password Storage Cheat Sheet, "Argon2id": "use Argon2id with a minimum
configuration of 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism"
(m=19456 KiB, t=2, p=1; https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
16-byte random salt and 32-byte tag, in the PHC string format (``$argon2id$v=19$m=...``), so the
parameters travel with each hash and ``needs_rehash`` can upgrade old hashes at the next sign-in.

The password text is never logged and never appears in an exception raised here. Length and
complexity rules (AWS: at most 128 characters, the account password policy) belong to ``iam``.
Imports nothing of hatrack.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1 (see the module docstring).
ARGON2_MEMORY_COST_KIB = 19_456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1

_HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_COST_KIB,
    parallelism=ARGON2_PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)


def hash_password(password: str) -> str:
    """A new Argon2id hash of ``password`` with a fresh random salt (PHC string).

    ``ValueError`` if the text cannot be UTF-8 encoded (a lone surrogate); the message omits the text.
    """
    encoded = _encode(password)
    if encoded is None:
        raise ValueError("the password is not valid Unicode text")
    return _HASHER.hash(encoded)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; False (never an exception) on any mismatch.

    The comparison inside argon2 is constant-time. A malformed or non-Argon2 hash also gives False.
    """
    encoded = _encode(password)
    if encoded is None:
        return False
    try:
        return _HASHER.verify(password_hash, encoded)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether ``password_hash`` was made with other parameters than today's (or cannot be read).

    Callers rehash after a successful ``verify_password``, when they have the password text.
    """
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def _encode(password: str) -> bytes | None:
    # Encode here rather than in argon2: a UnicodeEncodeError would carry the whole password text.
    try:
        return password.encode("utf-8")
    except UnicodeEncodeError:
        return None

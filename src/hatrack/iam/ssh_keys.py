"""SSH public keys of IAM users (for AWS CodeCommit-style Git over SSH).

AWS's rules: ``ssh-rsa`` keys of at least 2,048 bits, in OpenSSH or PEM form; hatrack also takes
``ssh-ed25519`` [choice]. A key is parsed with ``cryptography``; its fingerprint is the MD5 digest of
the OpenSSH key blob in colon-separated hex, as ``ssh-keygen -l -E md5`` and AWS show it. At most 5
keys per user (AWS's quota); the same key twice for one user is DuplicateSSHPublicKey. Ids are
``APKA`` + 16 characters, as AWS's.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from sqlalchemy.engine import Connection

from hatrack.credentials.ids import random_base32
from hatrack.errors import (
    DuplicateSSHPublicKey,
    InvalidPublicKey,
    LimitExceeded,
    NoSuchEntity,
    UnrecognizedPublicKeyEncoding,
)
from hatrack.model.identities import SshKeyRow, UserRecord
from hatrack.store import ssh_keys as store

MAX_KEYS_PER_USER = 5
MIN_RSA_BITS = 2048
KEY_ID_PREFIX = "APKA"
ACTIVE, INACTIVE = "Active", "Inactive"

# AWS's texts (the API reference's descriptions of these errors).
MALFORMED = "The request was rejected because the public key is malformed or otherwise invalid."
UNRECOGNIZED = (
    "The request was rejected because the public key encoding format is unsupported or unrecognized."
)
DUPLICATE = (
    "The request was rejected because the SSH public key is already associated with the specified IAM user."
)
TOO_SHORT = f"The SSH public key must be an ssh-rsa key of at least {MIN_RSA_BITS} bits."  # [choice]


def _public_key(body: str) -> rsa.RSAPublicKey | ed25519.Ed25519PublicKey:
    text = body.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            key = serialization.load_ssh_public_key(text.encode("ascii"))
    except UnsupportedAlgorithm:
        raise UnrecognizedPublicKeyEncoding(UNRECOGNIZED) from None
    except (ValueError, UnicodeEncodeError):
        raise InvalidPublicKey(MALFORMED) from None
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise InvalidPublicKey(TOO_SHORT)
        return key
    if isinstance(key, ed25519.Ed25519PublicKey):
        return key
    raise UnrecognizedPublicKeyEncoding(UNRECOGNIZED)


def canonical_body(body: str) -> str:
    """The key in OpenSSH form (type and base64 blob, no comment)."""
    key = _public_key(body)
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def fingerprint_of(openssh_body: str) -> str:
    blob = base64.b64decode(openssh_body.split()[1])
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pem_of(openssh_body: str) -> str:
    key = serialization.load_ssh_public_key(openssh_body.encode("ascii"))
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _not_found(key_id: str) -> NoSuchEntity:
    return NoSuchEntity(f"The Public Key with id {key_id} cannot be found.")  # [choice]


def upload_key(conn: Connection, user: UserRecord, body: str, *, now: datetime) -> SshKeyRow:
    openssh = canonical_body(body)
    existing = store.keys_of_user(conn, user.account_id, user.user_id)
    if any(key.body == openssh for key in existing):
        raise DuplicateSSHPublicKey(DUPLICATE)
    if len(existing) >= MAX_KEYS_PER_USER:
        raise LimitExceeded(f"Cannot exceed quota for PublicKeysPerUser: {MAX_KEYS_PER_USER}")  # [choice]
    key = SshKeyRow(
        key_id=KEY_ID_PREFIX + random_base32(16),
        account_id=user.account_id,
        user_id=user.user_id,
        body=openssh,
        fingerprint=fingerprint_of(openssh),
        status=ACTIVE,
        uploaded_at=now,
    )
    store.insert_key(conn, key)
    return key


def list_keys(conn: Connection, user: UserRecord) -> list[SshKeyRow]:
    return store.keys_of_user(conn, user.account_id, user.user_id)


def get_key(conn: Connection, user: UserRecord, key_id: str) -> SshKeyRow:
    found = next((key for key in list_keys(conn, user) if key.key_id == key_id), None)
    if found is None:
        raise _not_found(key_id)
    return found


def update_status(conn: Connection, user: UserRecord, key_id: str, status: str) -> None:
    key = get_key(conn, user, key_id)
    store.set_status(conn, key.key_id, status)


def delete_key(conn: Connection, user: UserRecord, key_id: str) -> None:
    key = get_key(conn, user, key_id)
    store.delete_key(conn, key.key_id)


def count_keys(conn: Connection, account_id: str, user_id: str) -> int:
    return len(store.keys_of_user(conn, account_id, user_id))

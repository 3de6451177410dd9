"""Signed digests of the trail: each account's chain head signed with the server's Ed25519 key.

Like CloudTrail's digest files, a digest names the account, the time, how far the chain went
(``sequence``), the chain's hash there (``headHash``) and the signature of the digest before it, so
removing a digest is noticed too. Whoever holds only the public key can check an exported copy of
the trail (JSON Lines of the records, in order) against exported digests: recompute the chain and
compare it at each digest's sequence.

The private key is generated on first use and stored in ``audit_signing_keys`` sealed under the
server's keyring (AES-GCM, like access-key secrets), so every node sharing the database signs with
the same key and the key rotates with nothing but the keyring. ``hatrack audit digest public-key``
prints the public half (PEM).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Connection

from hatrack.audit.chain import chain_hash
from hatrack.audit.events import event_time_text
from hatrack.credentials.keyring import Keyring
from hatrack.store import audit as store
from hatrack.store.audit import GENESIS_HASH, StoredDigest, StoredSigningKey

DIGEST_VERSION = "1.0"
_ASSOCIATED = b"hatrack:audit-digest-signing-key:"


@dataclass(frozen=True, slots=True)
class CheckedDigest:
    account_id: str
    digest_number: int
    sequence: int
    head_hash: str
    signature: str
    digest_time: str


@dataclass(frozen=True, slots=True)
class DigestProblem:
    detail: str


def fingerprint(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def read_public_key_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def load_public_key(conn: Connection) -> Ed25519PublicKey | None:
    stored = store.get_signing_key(conn)
    return Ed25519PublicKey.from_public_bytes(stored.public_key) if stored else None


def signing_key_associated_data(key_id: str) -> bytes:
    """What the private key of ``key_id`` is sealed with (``hatrack.rekey`` re-seals it)."""
    return _ASSOCIATED + key_id.encode()


def signing_key(conn: Connection, keyring: Keyring, *, now: datetime) -> Ed25519PrivateKey:
    """The digest-signing key, created (and sealed under ``keyring``) on first use."""
    stored = store.get_signing_key(conn)
    if stored is None:  # create it, unless another node did meanwhile: one key for every node
        store.lock_signing_key_creation(conn)
        stored = store.get_signing_key(conn)
    if stored is not None:
        raw = keyring.open(stored.sealed_private_key, associated_data=_ASSOCIATED + stored.key_id.encode())
        return Ed25519PrivateKey.from_private_bytes(raw)
    private = Ed25519PrivateKey.generate()
    public = private.public_key()
    key_id = fingerprint(public)
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    store.insert_signing_key(
        conn,
        StoredSigningKey(
            key_id=key_id,
            public_key=public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
            sealed_private_key=keyring.seal(raw, associated_data=_ASSOCIATED + key_id.encode()),
            created_at=now,
        ),
    )
    return private


def _signed_text(document: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def create_digests(
    conn: Connection, keyring: Keyring, *, now: datetime, account_ids: Sequence[str] | None = None
) -> list[StoredDigest]:
    """Sign the current head of each trail (one new digest per account whose head moved since its last)."""
    key = signing_key(conn, keyring, now=now)
    made: list[StoredDigest] = []
    for account_id in account_ids if account_ids is not None else store.list_trail_accounts(conn):
        head = store.lock_head(conn, account_id)
        existing = store.list_digests(conn, account_id)
        last = json.loads(existing[-1].document) if existing else None
        if last is not None and last["sequence"] == head.sequence and last["headHash"] == head.head_hash:
            continue
        document: dict[str, Any] = {
            "digestVersion": DIGEST_VERSION,
            "accountId": account_id,
            "digestNumber": len(existing) + 1,
            "digestTime": event_time_text(now),
            "sequence": head.sequence,
            "headHash": head.head_hash,
            "previousDigestSignature": last["signature"] if last else None,
            "signatureAlgorithm": "Ed25519",
            "signingKeyFingerprint": fingerprint(key.public_key()),
        }
        document["signature"] = base64.b64encode(key.sign(_signed_text(document))).decode()
        digest = StoredDigest(
            account_id=account_id,
            digest_number=document["digestNumber"],
            sequence=head.sequence,
            digest_time=now,
            document=json.dumps(document, separators=(",", ":")),
        )
        store.insert_digest(conn, digest)
        made.append(digest)
    return made


def check_digest_document(
    text: str | Mapping[str, Any], public_key: Ed25519PublicKey | None, *, previous_signature: str | None
) -> CheckedDigest | DigestProblem:
    """The digest's content if its signature holds and it follows ``previous_signature``."""
    try:
        document = json.loads(text) if isinstance(text, str) else dict(text)
        number = int(document["digestNumber"])
        signature = str(document["signature"])
        checked = CheckedDigest(
            account_id=str(document["accountId"]),
            digest_number=number,
            sequence=int(document["sequence"]),
            head_hash=str(document["headHash"]),
            signature=signature,
            digest_time=str(document["digestTime"]),
        )
    except (ValueError, KeyError, TypeError):
        return DigestProblem("a digest is not readable")
    if public_key is None:
        return DigestProblem(f"digest {number} cannot be checked: the signing key is missing")
    try:
        public_key.verify(base64.b64decode(signature), _signed_text(document))
    except (InvalidSignature, ValueError):
        return DigestProblem(f"digest {number} of account {checked.account_id!r} has a bad signature")
    if document.get("previousDigestSignature") != previous_signature:
        return DigestProblem(
            f"digest {number} does not follow the digest before it: a digest was removed or reordered"
        )
    return checked


@dataclass(frozen=True, slots=True)
class CopyReport:
    account_id: str
    events: int
    digests: int
    verified_through: int  # the highest sequence a good digest vouches for
    problem: str | None


def verify_copy(
    event_lines: Iterable[str], digest_lines: Iterable[str], public_key: Ed25519PublicKey
) -> list[CopyReport]:
    """Check an exported trail (records in chain order) against exported digests, with the public key only."""
    hashes: dict[str, list[str]] = {}
    for line in event_lines:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        account = str(json.loads(text).get("recipientAccountId", ""))
        chain = hashes.setdefault(account, [GENESIS_HASH])
        chain.append(chain_hash(chain[-1], text))
    documents: dict[str, list[dict[str, Any]]] = {}
    for line in digest_lines:
        if line.strip():
            document = json.loads(line)
            documents.setdefault(str(document.get("accountId", "")), []).append(document)
    reports: list[CopyReport] = []
    for account in sorted(set(hashes) | set(documents)):
        chain = hashes.get(account, [GENESIS_HASH])
        digests = sorted(documents.get(account, []), key=lambda d: int(d.get("digestNumber", 0)))
        previous: str | None = None
        through = 0
        problem: str | None = None
        for document in digests:
            checked = check_digest_document(document, public_key, previous_signature=previous)
            if isinstance(checked, DigestProblem):
                problem = checked.detail
                break
            previous = checked.signature
            if checked.sequence >= len(chain):
                problem = (
                    f"digest {checked.digest_number} covers {checked.sequence} events but the copy holds "
                    f"{len(chain) - 1}: events were removed"
                )
                break
            if chain[checked.sequence] != checked.head_hash:
                problem = (
                    f"digest {checked.digest_number} (signed {checked.digest_time}) does not match the copy: "
                    f"an event after event {through} and at or before event {checked.sequence} was changed, "
                    f"removed or inserted"
                )
                break
            through = checked.sequence
        reports.append(CopyReport(account, len(chain) - 1, len(digests), through, problem))
    return reports

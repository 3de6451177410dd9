"""The keyring: AES-256-GCM keys that seal secrets at rest and session tokens.

One key is **primary** (it seals), one may be **staged** (the next primary), and every key in the
ring opens. This is keystone's fernet rotation (``keystone/common/fernet_utils.py``) with AES-GCM in
place of Fernet: ``rotate()`` promotes the staged key to primary and stages a fresh one, so every node
that loaded the key file has already seen a key before any node seals with it. Old keys stay for
opening until ``retire()`` drops them: retire a key only when nothing sealed under it is still needed
(session tokens live at most 36 hours; access-key secrets must be re-sealed first, see
``sealed_key_id``).

Sealed layout (``FORMAT_VERSION`` 1)::

    version (1 byte) | key id (4 bytes) | nonce (12 bytes) | AES-GCM ciphertext + 16-byte tag

The version and key id travel in the clear and are authenticated: they are prefixed to the caller's
associated data. Nonces are random (96 bits), so one key should seal well under 2**32 messages;
rotate long before that.

Where the keys come from:

* ``Keyring.load_or_create(path)``: a JSON key file. It is created with mode 0600 from the first byte
  (a ``mkstemp`` file, then ``link``ed into place, so it is never visible half-written nor readable by
  others). A key file that group or others may read is **refused** with ``KeyFileInsecure``, as ssh
  refuses such a private key: a leaked master key unseals every secret.
* ``Keyring.from_environment(value)``: ``HATRACK_MASTER_KEY`` holds either one 32-byte key (base64 or
  64 hex digits; its key id is derived from the key, so every node agrees on it) or a whole key file
  document (JSON), which carries rotation state.
* ``Keyring.generate()``: an in-memory ring, for tests and ``--dev`` servers.

Imports nothing of hatrack. Key material never appears in ``repr`` or in error messages.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
KEY_BYTES = 32
KEY_ID_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = 1 + KEY_ID_BYTES
OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES

_DOCUMENT_TAG = "hatrack-keyring"
_DOCUMENT_VERSION = 1
_ENVIRONMENT_KEY_ID_LABEL = b"hatrack keyring key id\x00"


class SealedDataInvalid(Exception):
    """A sealed blob did not open: wrong format, unknown key, tampered bytes or other associated data.

    Internal, not an ``IamError``: callers decide what a client sees (a session token that does not
    open is ``InvalidClientTokenId``; an access-key secret that does not open is a server fault).
    Deliberately carries no detail.
    """

    def __init__(self) -> None:
        super().__init__("sealed data is invalid")


class KeyringError(Exception):
    """The keyring cannot be loaded or changed as asked (malformed key file, refused operation)."""


class KeyFileInsecure(KeyringError):
    """The key file may be read by group or others; hatrack refuses to use it until it is 0600."""


class KeySource(StrEnum):
    FILE = "file"
    ENVIRONMENT = "environment"
    MEMORY = "memory"


@dataclass(frozen=True, slots=True)
class _Key:
    key_id: bytes
    material: bytes = field(repr=False)
    created_at: datetime | None
    aead: AESGCM = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class _Ring:
    """One immutable snapshot of the ring; the Keyring swaps snapshots whole, so readers need no lock."""

    keys: Mapping[bytes, _Key]  # in the order the keys were added
    primary: bytes
    staged: bytes | None


def _new_key(key_id: bytes, material: bytes, created_at: datetime | None) -> _Key:
    return _Key(key_id=key_id, material=material, created_at=created_at, aead=AESGCM(material))


def _fresh_key(existing: Mapping[bytes, _Key], now: datetime) -> _Key:
    key_id = secrets.token_bytes(KEY_ID_BYTES)
    while key_id in existing:  # pragma: no cover - a 1 in 2**32 draw
        key_id = secrets.token_bytes(KEY_ID_BYTES)
    return _new_key(key_id, secrets.token_bytes(KEY_BYTES), now)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Keyring:
    """A set of AES-256-GCM keys: the primary seals, every key opens. See the module docstring."""

    __slots__ = ("_path", "_ring", "_source")

    def __init__(self, ring: _Ring, *, source: KeySource, path: Path | None = None) -> None:
        self._ring = ring
        self._source = source
        self._path = path

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def generate(cls, *, now: datetime | None = None) -> Keyring:
        """A new in-memory ring with a primary and a staged key; ``rotate`` keeps it in memory."""
        return cls(_initial_ring(now or _utc_now()), source=KeySource.MEMORY)

    @classmethod
    def load_or_create(cls, path: Path, *, now: datetime | None = None) -> Keyring:
        """Open the key file at ``path``, creating it (mode 0600, atomically) if it does not exist.

        Two processes racing to create the file end up with the same ring: the loser loads the winner's.
        Raises ``KeyFileInsecure`` if the file is readable or writable by group or others.
        """
        path = Path(path)
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            ring = _initial_ring(now or _utc_now())
            with contextlib.suppress(FileExistsError):
                _write_atomically(path, _dump_document(ring), replace_existing=False)
        return cls(_read_key_file(path), source=KeySource.FILE, path=path)

    @classmethod
    def from_environment(cls, value: str) -> Keyring:
        """The ring in ``HATRACK_MASTER_KEY``: one base64 (or hex) 32-byte key, or a key file's JSON."""
        text = value.strip()
        if text.startswith("{"):
            return cls(_parse_document(text), source=KeySource.ENVIRONMENT)
        material = _decode_master_key(text)
        key_id = hashlib.sha256(_ENVIRONMENT_KEY_ID_LABEL + material).digest()[:KEY_ID_BYTES]
        key = _new_key(key_id, material, None)
        return cls(_Ring(keys={key_id: key}, primary=key_id, staged=None), source=KeySource.ENVIRONMENT)

    # --- what is in the ring ---------------------------------------------------------------------

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Every key id (8 hex digits), oldest first."""
        return tuple(key_id.hex() for key_id in self._ring.keys)

    @property
    def primary_key_id(self) -> str:
        return self._ring.primary.hex()

    @property
    def staged_key_id(self) -> str | None:
        staged = self._ring.staged
        return None if staged is None else staged.hex()

    @property
    def source(self) -> KeySource:
        return self._source

    @property
    def path(self) -> Path | None:
        return self._path

    def __repr__(self) -> str:
        return (
            f"Keyring(source={self._source.value}, primary={self.primary_key_id}, keys={len(self.key_ids)})"
        )

    # --- sealing ---------------------------------------------------------------------------------

    def seal(self, plaintext: bytes, *, associated_data: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext`` under the primary key, binding ``associated_data``."""
        ring = self._ring
        key = ring.keys[ring.primary]
        header = bytes((FORMAT_VERSION,)) + key.key_id
        nonce = secrets.token_bytes(NONCE_BYTES)
        return header + nonce + key.aead.encrypt(nonce, plaintext, header + associated_data)

    def open(self, sealed: bytes, *, associated_data: bytes) -> bytes:
        """The plaintext of ``sealed``; ``SealedDataInvalid`` on any failure, whatever its cause."""
        if len(sealed) < OVERHEAD_BYTES or sealed[0] != FORMAT_VERSION:
            raise SealedDataInvalid()
        key = self._ring.keys.get(bytes(sealed[1:HEADER_BYTES]))
        if key is None:
            raise SealedDataInvalid()
        nonce = sealed[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
        try:
            return key.aead.decrypt(
                nonce, sealed[HEADER_BYTES + NONCE_BYTES :], sealed[:HEADER_BYTES] + associated_data
            )
        except InvalidTag:
            raise SealedDataInvalid() from None

    def sealed_key_id(self, sealed: bytes) -> str:
        """The id of the key ``sealed`` claims to be sealed under (unverified), to find what to re-seal."""
        if len(sealed) < OVERHEAD_BYTES or sealed[0] != FORMAT_VERSION:
            raise SealedDataInvalid()
        return bytes(sealed[1:HEADER_BYTES]).hex()

    # --- rotation --------------------------------------------------------------------------------

    def rotate(self, *, now: datetime | None = None) -> str:
        """Promote the staged key to primary, stage a new key, persist; returns the new primary key id.

        Older keys stay in the ring for opening. A file-backed ring re-reads its file under a lock
        first, so concurrent rotations (two ``hatrack`` commands) do not lose each other's keys.
        A ring from ``HATRACK_MASTER_KEY`` cannot rotate: the change would be lost on restart.
        """
        when = now or _utc_now()

        def promote(ring: _Ring) -> _Ring:
            keys = dict(ring.keys)
            if ring.staged is None:  # a ring that never had a staged key: the new key becomes primary now
                primary = _fresh_key(keys, when)
                keys[primary.key_id] = primary
                staged = _fresh_key(keys, when)
                keys[staged.key_id] = staged
                return _Ring(keys=keys, primary=primary.key_id, staged=staged.key_id)
            staged = _fresh_key(keys, when)
            keys[staged.key_id] = staged
            return _Ring(keys=keys, primary=ring.staged, staged=staged.key_id)

        self._change(promote)
        return self.primary_key_id

    def retire(self, key_id: str) -> None:
        """Drop ``key_id`` from the ring (and the file); what it sealed no longer opens.

        Refuses the primary and the staged key, and an id that is not in the ring.
        """

        def drop(ring: _Ring) -> _Ring:
            raw = _parse_key_id(key_id)
            if raw not in ring.keys:
                raise KeyringError(f"no key '{key_id}' in the keyring")
            if raw == ring.primary:
                raise KeyringError(f"key '{key_id}' is the primary key; rotate before retiring it")
            if raw == ring.staged:
                raise KeyringError(f"key '{key_id}' is the staged next key; it cannot be retired")
            return replace(ring, keys={k: v for k, v in ring.keys.items() if k != raw})

        self._change(drop)

    def reload(self) -> None:
        """Re-read the key file (a file-backed ring), to pick up a rotation done by another process."""
        if self._path is not None:
            self._ring = _read_key_file(self._path)

    def _change(self, change: Callable[[_Ring], _Ring]) -> None:
        if self._source is KeySource.ENVIRONMENT:
            raise KeyringError(
                "the keyring comes from HATRACK_MASTER_KEY; change the key there, not with rotate or retire"
            )
        if self._path is None:
            self._ring = change(self._ring)
            return
        with _locked(self._path):
            ring = change(_read_key_file(self._path))
            _write_atomically(self._path, _dump_document(ring), replace_existing=True)
        self._ring = ring

    def to_document(self) -> str:
        """The ring as key file JSON (it holds key material: for ``HATRACK_MASTER_KEY`` or a backup)."""
        return _dump_document(self._ring)


def new_master_key() -> str:
    """A fresh 32-byte key, base64, as ``HATRACK_MASTER_KEY`` accepts it."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


# --- the key file --------------------------------------------------------------------------------


def _initial_ring(now: datetime) -> _Ring:
    keys: dict[bytes, _Key] = {}
    primary = _fresh_key(keys, now)
    keys[primary.key_id] = primary
    staged = _fresh_key(keys, now)
    keys[staged.key_id] = staged
    return _Ring(keys=keys, primary=primary.key_id, staged=staged.key_id)


def _dump_document(ring: _Ring) -> str:
    document = {
        "format": _DOCUMENT_TAG,
        "version": _DOCUMENT_VERSION,
        "primary": ring.primary.hex(),
        "staged": None if ring.staged is None else ring.staged.hex(),
        "keys": [
            {
                "id": key.key_id.hex(),
                "key": base64.b64encode(key.material).decode("ascii"),
                "created_at": None if key.created_at is None else key.created_at.isoformat(),
            }
            for key in ring.keys.values()
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _parse_document(text: str) -> _Ring:
    """A key file document -> ring; ``KeyringError`` naming the problem (never the key material)."""
    try:
        document = json.loads(text)
    except ValueError:
        raise KeyringError("the keyring document is not valid JSON") from None
    if not isinstance(document, dict) or document.get("format") != _DOCUMENT_TAG:
        raise KeyringError(f"the keyring document is not a {_DOCUMENT_TAG} document")
    if document.get("version") != _DOCUMENT_VERSION:
        raise KeyringError(f"unsupported keyring document version {document.get('version')!r}")
    entries = document.get("keys")
    if not isinstance(entries, list) or not entries:
        raise KeyringError("the keyring document has no keys")
    keys: dict[bytes, _Key] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise KeyringError("a keyring entry is not an object")
        key_id = _parse_key_id(entry.get("id"))
        if key_id in keys:
            raise KeyringError(f"key '{key_id.hex()}' appears twice in the keyring")
        material = _decode_key_material(entry.get("key"), key_id)
        keys[key_id] = _new_key(key_id, material, _parse_created_at(entry.get("created_at"), key_id))
    primary = _parse_key_id(document.get("primary"))
    if primary not in keys:
        raise KeyringError(f"the primary key '{primary.hex()}' is not in the keyring")
    staged_text = document.get("staged")
    staged = None if staged_text is None else _parse_key_id(staged_text)
    if staged is not None and (staged not in keys or staged == primary):
        raise KeyringError(f"the staged key '{staged.hex()}' is not a second key of the keyring")
    return _Ring(keys=keys, primary=primary, staged=staged)


def _parse_key_id(value: object) -> bytes:
    if isinstance(value, str) and len(value) == 2 * KEY_ID_BYTES:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(value)
    raise KeyringError(f"{value!r} is not a key id (8 hex digits)")


def _decode_key_material(value: object, key_id: bytes) -> bytes:
    if isinstance(value, str):
        with contextlib.suppress(binascii.Error, ValueError):
            material = base64.b64decode(value, validate=True)
            if len(material) == KEY_BYTES:
                return material
    raise KeyringError(f"key '{key_id.hex()}' is not {KEY_BYTES} bytes of base64")


def _parse_created_at(value: object, key_id: bytes) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value)
    raise KeyringError(f"key '{key_id.hex()}' has a created_at that is not an ISO 8601 time")


def _decode_master_key(text: str) -> bytes:
    if len(text) == 2 * KEY_BYTES:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(text)
    with contextlib.suppress(binascii.Error, ValueError):
        material = base64.b64decode(text, validate=True)
        if len(material) == KEY_BYTES:
            return material
    with contextlib.suppress(binascii.Error, ValueError):
        material = base64.urlsafe_b64decode(text)
        if len(material) == KEY_BYTES:
            return material
    raise KeyringError(
        "HATRACK_MASTER_KEY must be 32 bytes as base64 or 64 hex digits, or a keyring JSON document"
    )


def _read_key_file(path: Path) -> _Ring:
    # Open first, then check the mode of what was opened: no window between the check and the read.
    with open(path, encoding="utf-8") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if mode & 0o077:
            raise KeyFileInsecure(
                f"key file {path} has mode {mode & 0o777:04o}; it must not be accessible to group or "
                f"others (chmod 600 {path})"
            )
        text = handle.read()
    return _parse_document(text)


def _write_atomically(path: Path, text: str, *, replace_existing: bool) -> None:
    """Write ``text`` to ``path`` so that no reader ever sees a partial file or a permissive mode.

    ``mkstemp`` creates the temporary file with mode 0600 (no umask can widen it); it is written,
    flushed to disk, then renamed over ``path`` (``replace_existing``) or hard-linked to it (create
    only: ``FileExistsError`` if another process won the race).
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace_existing:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock beside the key file (the key file itself is replaced, so not it)."""
    descriptor = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)

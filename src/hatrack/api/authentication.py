"""Who signed this request: SigV4 claim -> secret (sealed key or session token) -> verified ``Caller``.

The order of checks is AWS's: the signature claim's own checks (``sigv4``), then the session token
(``ExpiredToken`` / ``InvalidClientTokenId``), then the access key, then the signature itself.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from hatrack.credentials.access_keys import open_secret
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import open_session_token
from hatrack.errors import InvalidClientTokenId
from hatrack.iam.principals import UserIdentity, find_user
from hatrack.model import AccessKey, Caller, CallerKind, SessionClaims, TokenKind
from hatrack.partitions import DEFAULT_PARTITION, check_signing_region, partition_named
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SignatureClaim, SigningKeyCache, verify_signature
from hatrack.store.access_keys import get_access_key, record_access_key_use
from hatrack.store.changes import credential_changes
from hatrack.store.db import DATABASE_ERRORS, Database

log = logging.getLogger("hatrack.api")

INVALID_TOKEN = "The security token included in the request is invalid"
UNKNOWN_KEY = "The security token included in the request is invalid."
INACTIVE_KEY = "The AWS access key provided does not exist in our records."

# A key id's shape: word characters, 16 (the model's minimum) to 32 (the store's column; AWS's keys and
# hatrack's have 20). Anything else is no key and is not looked up: PostgreSQL cannot even compare a
# NUL-bearing string, nor store a longer one in the trail (each was a 500: tests/api/test_fuzz.py).
ACCESS_KEY_ID_SHAPE = re.compile(r"\w{16,32}", re.ASCII)

# How often at most a key's "last used" is written for repeated use (the first use is written at once).
LAST_USED_INTERVAL_SECONDS = 60.0


# How long a long-term key's record may serve from memory (changes made by this process, and on
# PostgreSQL by any node, drop it at once: store/changes.py).
KEY_CACHE_SECONDS = 1.0
KEY_CACHE_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class _KnownKey:
    key: AccessKey | None
    user: UserIdentity | None
    secret: str
    generation: int
    fetched: float


@dataclass(frozen=True, slots=True)
class Authenticated:
    caller: Caller
    region: str


class Authenticator:
    """Verifies requests for the accounts of one server, all in the server's ARN ``partition``.

    INVARIANT: every ``Caller`` it returns carries the server's partition; nothing the client sends
    (the signing region, a session token's claims) chooses it.
    """

    def __init__(self, database: Database, keyring: Keyring, *, partition: str = DEFAULT_PARTITION) -> None:
        self._database = database
        self._keyring = keyring
        self._partition = partition_named(partition)
        self._signing_keys = SigningKeyCache()
        self._last_written: dict[str, float] = {}
        self._keys: dict[str, _KnownKey] = {}
        self._lock = threading.Lock()
        # SQLite: a handle that refuses at once instead of waiting for the write lock.
        self._quick_database = Database(database.url, busy_timeout_ms=0) if database.is_sqlite else database
        self._later = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hatrack-last-used")

    def authenticate(self, request: HttpRequest, claim: SignatureClaim, *, now: datetime) -> Authenticated:
        check_signing_region(self._partition, claim.service, claim.region)
        partition = self._partition.name
        key_id = claim.access_key_id
        if claim.security_token is not None:
            if not key_id.startswith("ASIA"):
                raise InvalidClientTokenId(INVALID_TOKEN)
            session = open_session_token(self._keyring, claim.security_token, access_key_id=key_id, now=now)
            verify_signature(request, claim, session.secret_access_key, cache=self._signing_keys)
            return Authenticated(caller_of_session(session, partition=partition), claim.region)
        if key_id.startswith("ASIA"):
            raise InvalidClientTokenId(INVALID_TOKEN)
        known = self._long_term_key(key_id)
        key, user, secret = known.key, known.user, known.secret
        assert key is not None  # _long_term_key refuses unknown keys
        verify_signature(request, claim, secret, cache=self._signing_keys)
        self._note_use(key_id, claim, now=now)
        if key.user_name is None:
            caller = Caller(
                kind=CallerKind.ROOT,
                account_id=key.account_id,
                partition=partition,
                arn=f"arn:{partition}:iam::{key.account_id}:root",
                principal_id=key.account_id,
                access_key_id=key_id,
            )
        else:
            if user is None:  # the key's user is gone: the key went with it
                raise InvalidClientTokenId(UNKNOWN_KEY)
            caller = Caller(
                kind=CallerKind.IAM_USER,
                account_id=key.account_id,
                partition=partition,
                arn=f"arn:{partition}:iam::{key.account_id}:user{user.path}{user.name}",
                principal_id=key.user_id,
                access_key_id=key_id,
                user_name=user.name,
                user_path=user.path,
            )
        return Authenticated(caller, claim.region)

    def _long_term_key(self, key_id: str) -> _KnownKey:
        """The key, its owner and its secret: from memory while no credential changed, else the store.

        INVARIANT: an entry is used only while ``credential_changes`` still shows the count read
        before the entry was fetched, is ``trusted``, and for at most ``KEY_CACHE_SECONDS``. On
        PostgreSQL other nodes' changes move the count within milliseconds (``store/notifications.py``),
        and a node whose listener is down reads the store on every request; on SQLite other
        processes' changes reach this one within the expiry.
        """
        if ACCESS_KEY_ID_SHAPE.fullmatch(key_id) is None:
            raise InvalidClientTokenId(UNKNOWN_KEY)
        tick = time.monotonic()
        generation = credential_changes.value
        cached = self._keys.get(key_id)
        if (
            cached is not None
            and cached.generation == generation
            and credential_changes.trusted
            and tick - cached.fetched < KEY_CACHE_SECONDS
        ):
            known = cached
        else:
            with self._database.read() as conn:
                key = get_access_key(conn, key_id)
                user = (
                    None
                    if key is None or key.user_name is None
                    else find_user(conn, key.account_id, key.user_id)
                )
            secret = "" if key is None else open_secret(self._keyring, key.access_key_id, key.sealed_secret)
            known = _KnownKey(key, user, secret, generation, tick)
            if len(self._keys) >= KEY_CACHE_ENTRIES:
                self._keys.clear()
            self._keys[key_id] = known
        if known.key is None:
            raise InvalidClientTokenId(UNKNOWN_KEY)
        if known.key.status != "Active":
            raise InvalidClientTokenId(INACTIVE_KEY)
        return known

    def _note_use(self, key_id: str, claim: SignatureClaim, *, now: datetime) -> None:
        """Record the key's last use, at most once a minute per key to spare the write."""
        tick = time.monotonic()
        with self._lock:
            last = self._last_written.get(key_id)
            if last is not None and tick - last < LAST_USED_INTERVAL_SECONDS:
                return
            self._last_written[key_id] = tick
        use = (key_id, now, claim.service, claim.region)
        try:
            # On SQLite this may run on the event loop: never wait there for another writer's lock.
            self._write_use(self._quick_database, *use)
        except DATABASE_ERRORS:
            # The lock is taken (or the write failed): record it from a thread that may wait.
            self._later.submit(self._write_use_later, *use)

    @staticmethod
    def _write_use(database: Database, key_id: str, at: datetime, service: str, region: str) -> None:
        with database.begin() as conn:
            record_access_key_use(conn, key_id, at=at, service=service, region=region)

    def _write_use_later(self, key_id: str, at: datetime, service: str, region: str) -> None:
        try:
            self._write_use(self._database, key_id, at, service, region)
        except Exception:
            # INVARIANT: this runs in the executor thread, where an exception would vanish with the
            # unobserved future; last-used is bookkeeping, so log any failure here and carry on.
            log.exception("could not record the last use of access key %s", key_id)

    def forget_key(self, key_id: str) -> None:
        """Drop what is cached about a key (its status changed or it was deleted)."""
        with self._lock:
            self._last_written.pop(key_id, None)


def caller_of_session(session: SessionClaims, *, partition: str) -> Caller:
    """The caller a session token stands for, in the server's ``partition``.

    The token records the partition it was issued in (the server's, sealed at issue); a token that
    names another one was not issued by this server's configuration and is refused, so its claim can
    change no ARN.
    """
    if session.partition != partition:
        raise InvalidClientTokenId(INVALID_TOKEN)
    account = session.account_id
    if session.kind is TokenKind.ASSUMED_ROLE:
        return Caller(
            kind=CallerKind.ASSUMED_ROLE,
            account_id=account,
            partition=partition,
            arn=f"arn:{partition}:sts::{account}:assumed-role/{session.role_name}/{session.session_name}",
            principal_id=f"{session.role_id}:{session.session_name}",
            access_key_id=session.access_key_id,
            session=session,
        )
    if session.kind is TokenKind.FEDERATED:
        return Caller(
            kind=CallerKind.FEDERATED_USER,
            account_id=account,
            partition=partition,
            arn=f"arn:{partition}:sts::{account}:federated-user/{session.session_name}",
            principal_id=f"{account}:{session.session_name}",
            access_key_id=session.access_key_id,
            user_name=session.user_name,
            user_path=session.user_path,
            session=session,
        )
    if session.user_name is None:
        return Caller(
            kind=CallerKind.ROOT,
            account_id=account,
            partition=partition,
            arn=f"arn:{partition}:iam::{account}:root",
            principal_id=account,
            access_key_id=session.access_key_id,
            session=session,
        )
    return Caller(
        kind=CallerKind.IAM_USER,
        account_id=account,
        partition=partition,
        arn=f"arn:{partition}:iam::{account}:user{session.user_path}{session.user_name}",
        principal_id=session.user_id,
        access_key_id=session.access_key_id,
        user_name=session.user_name,
        user_path=session.user_path,
        session=session,
    )

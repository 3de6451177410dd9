"""Console sessions: what a signed-in browser holds, kept on the server and sealed under the keyring.

The browser's cookie holds only a random 256-bit id; the row is found by its SHA-256
(``store.console``), and everything else (the temporary credentials, the worn role's credentials,
the CSRF secret) is JSON sealed with AES-GCM under the keyring, bound to the row. The session id
changes at sign-in and at every switch (``rotate``); sign-out deletes the row, and a session never
outlives its credentials (``expires_at`` is the base credentials' expiry, and a worn role is dropped
when its own credentials expire).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import anyio.to_thread

from hatrack.console.api_client import SessionCredentials
from hatrack.credentials.keyring import Keyring, SealedDataInvalid
from hatrack.store import console as store
from hatrack.store.db import Database

STAGE_MFA = "mfa"  # the password was right; a TOTP code is asked next
STAGE_CHANGE_PASSWORD = "change_password"  # signed in, but a new password must be chosen first
STAGE_READY = "ready"


@dataclass(frozen=True, slots=True)
class WornRole:
    """The role a Switch Role put on: its credentials and how the header shows it."""

    credentials: SessionCredentials
    role_arn: str
    role_name: str
    account: str
    display_name: str
    color: str
    assumed_role_arn: str


@dataclass(frozen=True, slots=True)
class Hat:
    """One identity this console session acted as, for the trail page: the base session or a role."""

    arn: str
    access_key_id: str
    started_at: str


@dataclass(frozen=True, slots=True)
class ConsoleState:
    stage: str
    account_id: str
    principal_arn: str  # the signed-in identity (a user, root, or a federated role session)
    user_name: str | None
    user_id: str
    expires_at: datetime
    csrf_token: str
    base: SessionCredentials | None = None
    role: WornRole | None = None
    mfa_used: bool = False
    via_federation: bool = False
    password_expired: bool = False
    hats: tuple[Hat, ...] = field(default=())
    destination: str = "/console/home"
    # Before the MFA step: what the password check found (no credentials are issued yet).
    pending: dict[str, Any] | None = None

    @property
    def is_root(self) -> bool:
        return self.principal_arn.endswith(":root")

    @property
    def acting_credentials(self) -> SessionCredentials | None:
        return self.role.credentials if self.role is not None else self.base


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def _credentials_to_wire(credentials: SessionCredentials) -> dict[str, Any]:
    return {**asdict(credentials), "expiration": credentials.expiration.isoformat()}


def _credentials_from_wire(wire: dict[str, Any]) -> SessionCredentials:
    return SessionCredentials(
        access_key_id=wire["access_key_id"],
        secret_access_key=wire["secret_access_key"],
        session_token=wire["session_token"],
        expiration=datetime.fromisoformat(wire["expiration"]),
    )


def encode_state(state: ConsoleState) -> bytes:
    role = None
    if state.role is not None:
        role = {**asdict(state.role), "credentials": _credentials_to_wire(state.role.credentials)}
    wire = {
        **asdict(state),
        "expires_at": state.expires_at.isoformat(),
        "base": None if state.base is None else _credentials_to_wire(state.base),
        "role": role,
        "hats": [asdict(hat) for hat in state.hats],
    }
    return json.dumps(wire, separators=(",", ":")).encode("utf-8")


def decode_state(data: bytes) -> ConsoleState:
    wire = json.loads(data.decode("utf-8"))
    role = wire.pop("role")
    base = wire.pop("base")
    return ConsoleState(
        **{
            **wire,
            "expires_at": datetime.fromisoformat(wire["expires_at"]),
            "hats": tuple(Hat(**hat) for hat in wire["hats"]),
        },
        base=None if base is None else _credentials_from_wire(base),
        role=None
        if role is None
        else WornRole(**{**role, "credentials": _credentials_from_wire(role["credentials"])}),
    )


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class ConsoleSessions:
    """The sessions of every signed-in browser, in the shared store."""

    def __init__(self, database: Database, keyring: Keyring) -> None:
        self.database = database
        self.keyring = keyring

    def _seal(self, row_hash: str, state: ConsoleState) -> bytes:
        return self.keyring.seal(
            encode_state(state), associated_data=store.console_state_associated_data(row_hash)
        )

    async def create(self, state: ConsoleState, *, now: datetime) -> str:
        """A new session id (the cookie's value) for ``state``."""
        session_id = secrets.token_urlsafe(32)
        row_hash = session_hash(session_id)
        row = store.ConsoleSessionRow(
            session_hash=row_hash,
            account_id=state.account_id,
            principal_arn=state.principal_arn,
            created_at=now,
            expires_at=state.expires_at,
            sealed_state=self._seal(row_hash, state),
        )

        def write() -> None:
            with self.database.begin() as conn:
                store.delete_expired_sessions(conn, now=now)
                store.insert_session(conn, row)

        await anyio.to_thread.run_sync(write)
        return session_id

    async def load(self, session_id: str, *, now: datetime) -> ConsoleState | None:
        """The state of a live session; None for an unknown, ended or expired one."""
        if not session_id or len(session_id) > 128:
            return None
        row_hash = session_hash(session_id)

        def read() -> store.ConsoleSessionRow | None:
            with self.database.read() as conn:
                return store.get_session(conn, row_hash)

        row = await anyio.to_thread.run_sync(read)
        if row is None or row.expires_at <= now:
            return None
        try:
            state = decode_state(
                self.keyring.open(
                    row.sealed_state, associated_data=store.console_state_associated_data(row_hash)
                )
            )
        except (SealedDataInvalid, ValueError, KeyError, TypeError):
            return None
        if state.role is not None and state.role.credentials.expiration <= now:
            state = replace(state, role=None)  # the worn role's hour is over: back to the user
            await self.save(session_id, state)
        return state

    async def save(self, session_id: str, state: ConsoleState) -> None:
        row_hash = session_hash(session_id)
        sealed = self._seal(row_hash, state)

        def write() -> None:
            with self.database.begin() as conn:
                store.replace_state(conn, row_hash, sealed, expires_at=state.expires_at)

        await anyio.to_thread.run_sync(write)

    async def rotate(self, session_id: str, state: ConsoleState, *, now: datetime) -> str:
        """End ``session_id`` and start a new one holding ``state`` (a new id after every switch)."""
        await self.end(session_id)
        return await self.create(state, now=now)

    async def end(self, session_id: str) -> None:
        row_hash = session_hash(session_id)

        def write() -> None:
            with self.database.begin() as conn:
                store.delete_session(conn, row_hash)

        await anyio.to_thread.run_sync(write)

"""The web console's records: signed-in browser sessions, root passwords, and kept role lists.

- ``console_sessions``: one row per signed-in browser, keyed by the SHA-256 of the random id its
  cookie holds (a copy of the table gives no usable cookie). Everything secret about the session (its
  temporary credentials, the CSRF secret) is in ``sealed_state``, sealed under the keyring by
  ``hatrack.console`` with ``console_state_associated_data`` (so ``hatrack keys retire`` re-seals it).
  Sign-out and switch delete the row: a session ends on the server, for every node sharing the store.
- ``console_root_passwords``: the account root's console password (Argon2id hash), set by
  ``hatrack account set-root-password``.
- ``console_role_lists``: per signed-in identity, the recently used roles (AWS keeps 5) and the
  favourites the user keeps (JSON lists of {account, roleName, displayName, color}; not secret).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.identity_tables import as_utc
from hatrack.store.schema import UtcDateTime, metadata

_STATE_LABEL = b"hatrack console session v1\x00"

console_sessions = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("principal_arn", sa.String(2048), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("sealed_state", sa.LargeBinary, nullable=False),
    sa.Index("ix_console_sessions_expires_at", "expires_at"),
)

console_root_passwords = sa.Table(
    "console_root_passwords",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("password_hash", sa.String(512), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)

console_role_lists = sa.Table(
    "console_role_lists",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("principal_arn", sa.String(2048), nullable=False),
    sa.Column("recent_roles", sa.Text, nullable=False),
    sa.Column("favourite_roles", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("account_id", "principal_arn"),
)


def console_state_associated_data(session_hash: str) -> bytes:
    """What a session's sealed state is bound to: its row (a blob moved to another row does not open)."""
    return _STATE_LABEL + session_hash.encode("ascii")


@dataclass(frozen=True, slots=True)
class ConsoleSessionRow:
    session_hash: str
    account_id: str
    principal_arn: str
    created_at: datetime
    expires_at: datetime
    sealed_state: bytes


def insert_session(conn: Connection, row: ConsoleSessionRow) -> None:
    conn.execute(
        console_sessions.insert().values(
            session_hash=row.session_hash,
            account_id=row.account_id,
            principal_arn=row.principal_arn,
            created_at=row.created_at,
            expires_at=row.expires_at,
            sealed_state=row.sealed_state,
        )
    )


def get_session(conn: Connection, session_hash: str) -> ConsoleSessionRow | None:
    row = (
        conn.execute(console_sessions.select().where(console_sessions.c.session_hash == session_hash))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return ConsoleSessionRow(
        session_hash=row["session_hash"],
        account_id=row["account_id"],
        principal_arn=row["principal_arn"],
        created_at=as_utc(row["created_at"]),
        expires_at=as_utc(row["expires_at"]),
        sealed_state=bytes(row["sealed_state"]),
    )


def replace_state(conn: Connection, session_hash: str, sealed_state: bytes, *, expires_at: datetime) -> None:
    conn.execute(
        console_sessions.update()
        .where(console_sessions.c.session_hash == session_hash)
        .values(sealed_state=sealed_state, expires_at=expires_at)
    )


def delete_session(conn: Connection, session_hash: str) -> bool:
    result = conn.execute(console_sessions.delete().where(console_sessions.c.session_hash == session_hash))
    return bool(result.rowcount)


def delete_expired_sessions(conn: Connection, *, now: datetime) -> int:
    result = conn.execute(console_sessions.delete().where(console_sessions.c.expires_at <= now))
    return int(result.rowcount or 0)


def get_root_password_hash(conn: Connection, account_id: str) -> str | None:
    value = conn.execute(
        sa.select(console_root_passwords.c.password_hash).where(
            console_root_passwords.c.account_id == account_id
        )
    ).scalar()
    return None if value is None else str(value)


def set_root_password_hash(conn: Connection, account_id: str, password_hash: str, *, at: datetime) -> None:
    table = console_root_passwords
    if conn.execute(
        table.update()
        .where(table.c.account_id == account_id)
        .values(password_hash=password_hash, changed_at=at)
    ).rowcount:
        return
    conn.execute(table.insert().values(account_id=account_id, password_hash=password_hash, changed_at=at))


@dataclass(frozen=True, slots=True)
class RoleLists:
    recent: tuple[dict[str, str], ...] = ()
    favourites: tuple[dict[str, str], ...] = ()


def get_role_lists(conn: Connection, account_id: str, principal_arn: str) -> RoleLists:
    table = console_role_lists
    row = (
        conn.execute(
            table.select().where(table.c.account_id == account_id, table.c.principal_arn == principal_arn)
        )
        .mappings()
        .first()
    )
    if row is None:
        return RoleLists()
    return RoleLists(tuple(json.loads(row["recent_roles"])), tuple(json.loads(row["favourite_roles"])))


def put_role_lists(conn: Connection, account_id: str, principal_arn: str, lists: RoleLists) -> None:
    table = console_role_lists
    values = {
        "recent_roles": json.dumps(list(lists.recent)),
        "favourite_roles": json.dumps(list(lists.favourites)),
    }
    where = (table.c.account_id == account_id, table.c.principal_arn == principal_arn)
    if conn.execute(table.update().where(*where).values(values)).rowcount:
        return
    conn.execute(table.insert().values(account_id=account_id, principal_arn=principal_arn, **values))

"""Repository of the audit trail: append chained events, lock a trail's head, look events up.

The chain itself (hashes, what an event says) is ``hatrack.audit``'s business; this module only
stores and finds rows, and returns frozen records, never Row objects. Lookups walk the indexes
(account_id, attribute, event_time, sequence) newest first, and page with a (time, sequence) marker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, RowMapping

from hatrack.store.audit_tables import (
    audit_digests,
    audit_event_resources,
    audit_events,
    audit_heads,
    audit_signing_keys,
)

GENESIS_HASH = "0" * 64

# LookupEvents attribute → the events column holding it (ResourceType/ResourceName live in their own table).
EVENT_COLUMNS = {
    "EventId": audit_events.c.event_id,
    "EventName": audit_events.c.event_name,
    "ReadOnly": audit_events.c.read_only,
    "Username": audit_events.c.username,
    "EventSource": audit_events.c.event_source,
    "AccessKeyId": audit_events.c.access_key_id,
}
RESOURCE_COLUMNS = {
    "ResourceType": audit_event_resources.c.resource_type,
    "ResourceName": audit_event_resources.c.resource_name,
}


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One event of an account's trail, as stored: the JSON text and the columns lookups use."""

    account_id: str
    sequence: int
    event_id: str
    event_time: datetime
    event_name: str
    event_source: str
    read_only: str
    username: str | None
    access_key_id: str | None
    event_json: str
    previous_hash: str
    event_hash: str
    resources: tuple[tuple[str, str], ...] = ()  # (ResourceType, ResourceName); filled only on insert


@dataclass(frozen=True, slots=True)
class TrailHead:
    account_id: str
    sequence: int
    head_hash: str


@dataclass(frozen=True, slots=True)
class LookupQuery:
    account_id: str
    attribute: tuple[str, str] | None = None  # (AttributeKey, AttributeValue)
    start_time: datetime | None = None
    end_time: datetime | None = None
    # Page marker: return only events strictly older than (event_time, sequence) in lookup order.
    before: tuple[datetime, int] | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class StoredDigest:
    account_id: str
    digest_number: int
    sequence: int
    digest_time: datetime
    document: str


@dataclass(frozen=True, slots=True)
class StoredSigningKey:
    key_id: str
    public_key: bytes
    sealed_private_key: bytes
    created_at: datetime


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back naive; every timestamp hatrack stores is UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _event(row: RowMapping) -> StoredEvent:
    return StoredEvent(
        account_id=row["account_id"],
        sequence=int(row["sequence"]),
        event_id=row["event_id"],
        event_time=_utc(row["event_time"]),
        event_name=row["event_name"],
        event_source=row["event_source"],
        read_only=row["read_only"],
        username=row["username"],
        access_key_id=row["access_key_id"],
        event_json=row["event_json"],
        previous_hash=row["previous_hash"],
        event_hash=row["event_hash"],
    )


# -- appending ----------------------------------------------------------------------------------


# Built once: statements the hot path runs on every call (SQLAlchemy caches their compiled form).
_ADVANCE_HEAD = sa.text(
    "UPDATE audit_heads SET sequence = sequence + :count WHERE account_id = :account_id "
    "RETURNING sequence, head_hash"
)
_CREATE_HEAD = sa.text(
    "INSERT INTO audit_heads (account_id, sequence, head_hash) VALUES (:account_id, 0, :genesis) "
    "ON CONFLICT (account_id) DO NOTHING"
)
_SET_HEAD_HASH = sa.text("UPDATE audit_heads SET head_hash = :head_hash WHERE account_id = :account_id")
_HAS_WRITTEN = sa.text("SELECT txid_current_if_assigned()")


def advance_head(conn: Connection, account_id: str, count: int) -> TrailHead:
    """Reserve ``count`` sequence numbers of ``account_id``'s trail; returns the head as it was before.

    The UPDATE locks the head row until the transaction ends (PostgreSQL row lock; on SQLite the
    transaction already holds the database's write lock), creating the row on the trail's first event.
    INVARIANT: every append reads the head through this function, in the transaction that appends, so
    two writers of one account never chain from the same head.
    """
    params = {"account_id": account_id, "count": count}
    row = conn.execute(_ADVANCE_HEAD, params).first()
    if row is None:
        conn.execute(_CREATE_HEAD, {"account_id": account_id, "genesis": GENESIS_HASH})
        row = conn.execute(_ADVANCE_HEAD, params).one()
    return TrailHead(account_id, int(row[0]) - count, str(row[1]))


def lock_head(conn: Connection, account_id: str) -> TrailHead:
    """The head of ``account_id``'s trail, locked until the transaction ends (created when missing)."""
    return advance_head(conn, account_id, 0)


def transaction_has_written(conn: Connection) -> bool:
    """Whether ``conn``'s transaction has changed anything yet (True when the database cannot tell).

    PostgreSQL assigns a transaction id at the first write; SQLite cannot say, so it answers True.
    """
    if conn.dialect.name != "postgresql":
        return True
    return conn.execute(_HAS_WRITTEN).scalar() is not None


def set_head_hash(conn: Connection, account_id: str, head_hash: str) -> None:
    conn.execute(_SET_HEAD_HASH, {"account_id": account_id, "head_hash": head_hash})


_EVENT_COLUMNS = (
    "account_id, sequence, event_id, event_time, event_name, event_source, read_only, username, "
    "access_key_id, event_json, previous_hash, event_hash"
)
_RESOURCE_COLUMNS = "account_id, sequence, position, resource_type, resource_name, event_time"


@dataclass(frozen=True, slots=True)
class _InsertPlan:
    events_sql: str
    resources_sql: str
    time_to_db: Callable[[datetime], object] | None


_INSERT_PLANS: dict[str, _InsertPlan] = {}


def _insert_plan(dialect: Dialect) -> _InsertPlan:
    """The driver-level INSERTs for ``dialect`` (its placeholder style) and its timestamp conversion."""
    plan = _INSERT_PLANS.get(dialect.name)
    if plan is None:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        plan = _InsertPlan(
            events_sql=f"INSERT INTO audit_events ({_EVENT_COLUMNS}) VALUES ({', '.join([mark] * 12)})",
            resources_sql=(
                f"INSERT INTO audit_event_resources ({_RESOURCE_COLUMNS}) VALUES ({', '.join([mark] * 6)})"
            ),
            # Exactly what SQLAlchemy would bind for this column type (SQLite stores text).
            time_to_db=audit_events.c.event_time.type.dialect_impl(dialect).bind_processor(dialect),
        )
        _INSERT_PLANS[dialect.name] = plan
    return plan


def insert_events(conn: Connection, events: Sequence[StoredEvent]) -> None:
    """Insert chained events and their resources: one executemany per table, straight to the driver.

    The hot path of every call: the SQL is prepared once per dialect and the rows are plain tuples,
    so no statement is compiled and no parameter dict is built per row.
    """
    if not events:
        return
    plan = _insert_plan(conn.dialect)
    to_db = plan.time_to_db
    times = [e.event_time if to_db is None else to_db(e.event_time) for e in events]
    conn.exec_driver_sql(
        plan.events_sql,
        [
            (
                e.account_id,
                e.sequence,
                e.event_id,
                time,
                e.event_name,
                e.event_source,
                e.read_only,
                e.username,
                e.access_key_id,
                e.event_json,
                e.previous_hash,
                e.event_hash,
            )
            for e, time in zip(events, times, strict=True)
        ],
    )
    resources = [
        (e.account_id, e.sequence, position, resource_type, resource_name, time)
        for e, time in zip(events, times, strict=True)
        for position, (resource_type, resource_name) in enumerate(e.resources)
    ]
    if resources:
        conn.exec_driver_sql(plan.resources_sql, resources)


# -- reading ------------------------------------------------------------------------------------


def get_head(conn: Connection, account_id: str) -> TrailHead | None:
    row = (
        conn.execute(sa.select(audit_heads).where(audit_heads.c.account_id == account_id)).mappings().first()
    )
    return TrailHead(row["account_id"], int(row["sequence"]), row["head_hash"]) if row else None


def list_trail_accounts(conn: Connection) -> list[str]:
    """Every account with a trail (a head or at least one event)."""
    heads = sa.select(audit_heads.c.account_id)
    events = sa.select(audit_events.c.account_id).distinct()
    rows = conn.execute(sa.union(heads, events)).scalars()
    return sorted(set(rows))


def iter_trail(
    conn: Connection, account_id: str, *, after_sequence: int = 0, page: int = 2000
) -> Iterator[StoredEvent]:
    """The events of one trail in chain order, read page by page."""
    marker = after_sequence
    while True:
        rows = (
            conn.execute(
                sa.select(audit_events)
                .where(audit_events.c.account_id == account_id, audit_events.c.sequence > marker)
                .order_by(audit_events.c.sequence)
                .limit(page)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        for row in rows:
            yield _event(row)
        marker = int(rows[-1]["sequence"])


def trail_resources(
    conn: Connection, account_id: str, first: int, last: int
) -> dict[int, list[tuple[str, str]]]:
    """The stored resource rows of events ``first``..``last`` of a trail, by sequence."""
    rows = conn.execute(
        sa.select(
            audit_event_resources.c.sequence,
            audit_event_resources.c.resource_type,
            audit_event_resources.c.resource_name,
        )
        .where(
            audit_event_resources.c.account_id == account_id,
            audit_event_resources.c.sequence >= first,
            audit_event_resources.c.sequence <= last,
        )
        .order_by(audit_event_resources.c.sequence, audit_event_resources.c.position)
    ).all()
    found: dict[int, list[tuple[str, str]]] = {}
    for sequence, resource_type, resource_name in rows:
        found.setdefault(int(sequence), []).append((resource_type, resource_name))
    return found


def _time_bounds(table: sa.Table, query: LookupQuery) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if query.start_time is not None:
        conditions.append(table.c.event_time >= query.start_time)
    if query.end_time is not None:
        conditions.append(table.c.event_time <= query.end_time)
    if query.before is not None:
        moment, sequence = query.before
        conditions.append(table.c.event_time <= moment)
        conditions.append(
            sa.or_(
                table.c.event_time < moment,
                sa.and_(table.c.event_time == moment, table.c.sequence < sequence),
            )
        )
    return conditions


def lookup_events(conn: Connection, query: LookupQuery) -> list[StoredEvent]:
    """Up to ``query.limit`` events of one account, newest first, matching the query."""
    attribute = query.attribute
    if attribute is not None and attribute[0] in RESOURCE_COLUMNS:
        return _lookup_by_resource(conn, query, RESOURCE_COLUMNS[attribute[0]], attribute[1])
    conditions = [audit_events.c.account_id == query.account_id, *_time_bounds(audit_events, query)]
    if attribute is not None:
        conditions.append(EVENT_COLUMNS[attribute[0]] == attribute[1])
    rows = conn.execute(
        sa.select(audit_events)
        .where(*conditions)
        .order_by(audit_events.c.event_time.desc(), audit_events.c.sequence.desc())
        .limit(query.limit)
    ).mappings()
    return [_event(row) for row in rows]


def _lookup_by_resource(
    conn: Connection, query: LookupQuery, column: sa.Column[str], value: str
) -> list[StoredEvent]:
    # An event may name the same resource type twice (a role by name and by ARN): keep each event once.
    resources = audit_event_resources
    found: list[StoredEvent] = []
    seen: set[int] = set()
    marker = query.before
    while len(found) < query.limit:
        page_query = LookupQuery(
            account_id=query.account_id, start_time=query.start_time, end_time=query.end_time, before=marker
        )
        batch = query.limit * 2
        rows = (
            conn.execute(
                sa.select(audit_events)
                .select_from(
                    resources.join(
                        audit_events,
                        sa.and_(
                            audit_events.c.account_id == resources.c.account_id,
                            audit_events.c.sequence == resources.c.sequence,
                        ),
                    )
                )
                .where(
                    resources.c.account_id == query.account_id,
                    column == value,
                    *_time_bounds(resources, page_query),
                )
                .order_by(resources.c.event_time.desc(), resources.c.sequence.desc())
                .limit(batch)
            )
            .mappings()
            .all()
        )
        for row in rows:
            event = _event(row)
            if event.sequence not in seen and len(found) < query.limit:
                seen.add(event.sequence)
                found.append(event)
        if len(rows) < batch:
            break
        last = _event(rows[-1])
        marker = (last.event_time, last.sequence)
    return found


def events_by_access_key(conn: Connection, access_key_id: str, *, limit: int = 1000) -> list[StoredEvent]:
    """Events signed with ``access_key_id``, in every account's trail, oldest first."""
    rows = conn.execute(
        sa.select(audit_events)
        .where(audit_events.c.access_key_id == access_key_id)
        .order_by(audit_events.c.event_time, audit_events.c.account_id, audit_events.c.sequence)
        .limit(limit)
    ).mappings()
    return [_event(row) for row in rows]


def events_naming_resource(
    conn: Connection, resource_name: str, *, event_names: Sequence[str]
) -> list[StoredEvent]:
    """Events (in any account) that list ``resource_name`` among their resources, oldest first."""
    resources = audit_event_resources
    rows = conn.execute(
        sa.select(audit_events)
        .select_from(
            resources.join(
                audit_events,
                sa.and_(
                    audit_events.c.account_id == resources.c.account_id,
                    audit_events.c.sequence == resources.c.sequence,
                ),
            )
        )
        .where(resources.c.resource_name == resource_name, audit_events.c.event_name.in_(list(event_names)))
        .order_by(audit_events.c.event_time, audit_events.c.account_id, audit_events.c.sequence)
    ).mappings()
    unique: dict[tuple[str, int], StoredEvent] = {}
    for row in rows:
        event = _event(row)
        unique.setdefault((event.account_id, event.sequence), event)
    return list(unique.values())


def events_after(
    conn: Connection, markers: dict[str, int], *, account_id: str | None = None, limit: int = 500
) -> list[StoredEvent]:
    """Events appended after ``markers[account] `` (a sequence per account), oldest first: for tailing."""
    accounts = [account_id] if account_id is not None else list_trail_accounts(conn)
    found: list[StoredEvent] = []
    for account in accounts:
        rows = conn.execute(
            sa.select(audit_events)
            .where(audit_events.c.account_id == account, audit_events.c.sequence > markers.get(account, 0))
            .order_by(audit_events.c.sequence)
            .limit(limit)
        ).mappings()
        found.extend(_event(row) for row in rows)
    found.sort(key=lambda e: (e.event_time, e.account_id, e.sequence))
    return found


def last_events(conn: Connection, *, account_id: str | None, count: int) -> list[StoredEvent]:
    """The ``count`` newest events (of one account, or of all), oldest first."""
    query = sa.select(audit_events)
    if account_id is not None:
        query = query.where(audit_events.c.account_id == account_id)
    rows = conn.execute(
        query.order_by(audit_events.c.event_time.desc(), audit_events.c.sequence.desc()).limit(count)
    ).mappings()
    return [_event(row) for row in reversed(list(rows))]


# -- digests and the signing key ----------------------------------------------------------------


def insert_digest(conn: Connection, digest: StoredDigest) -> None:
    conn.execute(
        audit_digests.insert().values(
            account_id=digest.account_id,
            digest_number=digest.digest_number,
            sequence=digest.sequence,
            digest_time=digest.digest_time,
            document=digest.document,
        )
    )


def list_digests(conn: Connection, account_id: str) -> list[StoredDigest]:
    rows = conn.execute(
        sa.select(audit_digests)
        .where(audit_digests.c.account_id == account_id)
        .order_by(audit_digests.c.digest_number)
    ).mappings()
    return [
        StoredDigest(
            account_id=row["account_id"],
            digest_number=int(row["digest_number"]),
            sequence=int(row["sequence"]),
            digest_time=_utc(row["digest_time"]),
            document=row["document"],
        )
        for row in rows
    ]


def get_signing_key(conn: Connection) -> StoredSigningKey | None:
    row = (
        conn.execute(sa.select(audit_signing_keys).order_by(audit_signing_keys.c.created_at.desc()).limit(1))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return StoredSigningKey(
        row["key_id"], row["public_key"], row["sealed_private_key"], _utc(row["created_at"])
    )


# Creating the signing key: one node at a time (several nodes' first digests may fall together).
_SIGNING_KEY_LOCK_ID = 0x68617472616B64  # "hatrakd"


def lock_signing_key_creation(conn: Connection) -> None:
    """Serialize the creation of the signing key until this transaction ends. On PostgreSQL an
    advisory lock (READ COMMITTED would let two transactions each find none and insert one); SQLite's
    writers already hold the database's write lock from BEGIN IMMEDIATE."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _SIGNING_KEY_LOCK_ID})


def insert_signing_key(conn: Connection, key: StoredSigningKey) -> None:
    conn.execute(
        audit_signing_keys.insert().values(
            key_id=key.key_id,
            public_key=key.public_key,
            sealed_private_key=key.sealed_private_key,
            created_at=key.created_at,
        )
    )

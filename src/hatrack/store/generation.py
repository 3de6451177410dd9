"""The store's generation: a number that moves in the same transaction as any change to what makes up
a principal's policy set, so caches of policy sets stay exact across processes and nodes.

A write to one of ``WATCHED`` (the tables the policy source reads: users, groups, memberships, roles,
inline and managed policies, their versions and attachments, tags) marks its connection; the unit of
work bumps the one ``store_generation`` row before it commits (``bump_if_changed``), so the change and
the new number commit together or not at all. A reader reads the number first (``current``) and keys
what it caches by it: any process, on any node, sees a change by the number it reads next, without
waiting for a cache to expire and without any message between processes.

A read unit on PostgreSQL sees each statement's latest committed data (READ COMMITTED), so data read
after the number may be newer than the number says, never older: an entry can be fresher than its
key, never staler. Only read units fill such caches: a write transaction sees its own uncommitted
changes, which a rollback would leave in the cache under a number another change then takes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import UpdateBase

from hatrack.store.schema import metadata

store_generation = sa.Table(
    "store_generation",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# What ``iam/policy_source.py`` reads to build a principal's policies, boundary and tags.
# ``tests/store/test_generation.py`` checks this against the tables it really reads.
WATCHED = frozenset(
    {
        "iam_users",
        "iam_groups",
        "iam_group_members",
        "iam_entity_tags",
        "roles",
        "inline_policies",
        "managed_policies",
        "policy_versions",
        "policy_attachments",
    }
)
ROW_ID = 1
_CHANGED = "hatrack_generation_changed"
_SEEN = "hatrack_generation_seen"
_CURRENT = sa.select(store_generation.c.value).where(store_generation.c.id == ROW_ID)
_BUMP = (
    sa.update(store_generation)
    .where(store_generation.c.id == ROW_ID)
    .values(value=store_generation.c.value + 1)
)


def watch(engine: Engine) -> None:
    """Mark a connection that writes a watched table (every INSERT, UPDATE or DELETE through Core)."""

    @event.listens_for(engine, "before_execute")
    def _mark(conn: Connection, clause: Any, _multiparams: Any, _params: Any, _options: Any) -> None:
        if isinstance(clause, UpdateBase):
            table = getattr(clause, "table", None)
            if table is not None and getattr(table, "name", None) in WATCHED:
                conn.info[_CHANGED] = True


def forget_changes(conn: Connection) -> None:
    """Drop a mark left by a unit of work that rolled back (the connection is pooled and reused)."""
    conn.info.pop(_CHANGED, None)


def take_changes(conn: Connection) -> bool:
    """Whether a watched table was written since the last call (the mark is removed)."""
    return bool(conn.info.pop(_CHANGED, False))


def bump(conn: Connection) -> None:
    conn.execute(_BUMP)


def bump_if_changed(conn: Connection) -> None:
    """Move the generation if this transaction wrote a watched table (call it just before commit)."""
    if take_changes(conn):
        bump(conn)


def current(conn: Connection) -> int:
    """The generation as this connection's transaction sees it now."""
    return int(conn.execute(_CURRENT).scalar_one())


def seen(conn: Connection) -> int:
    """The generation of this read unit: read once, at its first call (``Database.read`` forgets it at
    the start of every unit). Later reads of the unit are as new as it or newer, never older."""
    found = conn.info.get(_SEEN)
    if found is None:
        found = conn.info[_SEEN] = current(conn)
    return int(found)


def forget_seen(conn: Connection) -> None:
    conn.info.pop(_SEEN, None)

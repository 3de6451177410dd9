"""Tags of roles, customer-managed policies, instance profiles and OpenID Connect providers.

They share ``identity_tables.entity_tags`` (and its repository in ``store.users``) with the tags of
users and groups, keyed by the resource kind and the resource's id (the OIDC provider's url).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store import users
from hatrack.store.identity_tables import entity_tags

Tag = tuple[str, str]

ROLE = "role"
POLICY = "policy"
INSTANCE_PROFILE = "instance-profile"
OIDC_PROVIDER = "oidc-provider"


def get_tags(conn: Connection, account_id: str, kind: str, resource_id: str) -> tuple[Tag, ...]:
    return tuple(users.get_tags(conn, account_id, kind, resource_id))


def get_tags_of_many(
    conn: Connection, account_id: str, kind: str, resource_ids: Iterable[str]
) -> dict[str, tuple[Tag, ...]]:
    """The tags of several resources in one query (List operations)."""
    wanted = list(resource_ids)
    found: dict[str, list[Tag]] = {resource_id: [] for resource_id in wanted}
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(entity_tags.c.entity_id, entity_tags.c.key, entity_tags.c.value)
        .where(
            entity_tags.c.account_id == account_id,
            entity_tags.c.entity_kind == kind,
            entity_tags.c.entity_id.in_(wanted),
        )
        .order_by(entity_tags.c.entity_id, entity_tags.c.position, entity_tags.c.key_lower)
    ).all()
    for row in rows:
        found[row.entity_id].append((row.key, row.value))
    return {resource_id: tuple(tags) for resource_id, tags in found.items()}


def replace_tags(conn: Connection, account_id: str, kind: str, resource_id: str, tags: Sequence[Tag]) -> None:
    """Make ``tags`` (already merged and checked) the resource's whole tag set."""
    users.set_tags(conn, account_id, kind, resource_id, tags)


def delete_tags(conn: Connection, account_id: str, kind: str, resource_id: str) -> None:
    users.delete_tags(conn, account_id, kind, resource_id)

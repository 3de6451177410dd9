"""The analysis reads every principal's policies through the authorizer's own policy source: the bulk
read of a whole account gives exactly what the one-principal reads give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hatrack.iam import policy_source
from hatrack.store import groups as group_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store
from tests.analysis.world import ACCOUNT, World, allow, trust, world_at


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[World]:
    """A hand-built account on SQLite, and on PostgreSQL when it is there."""
    with world_at(tmp_path, database_url=database_url) as built:
        yield built


def test_account_policies_are_the_one_principal_policies(world: World) -> None:
    boundary = world.managed("Boundary", allow("s3:*"))
    shared = world.managed("Shared", allow("ec2:Describe*"))
    world.user("alice", allow("s3:GetObject"), boundary=boundary, tags=[("team", "ops")])
    world.user("bob")
    world.group("devs", allow("s3:ListBucket"), members=["alice", "bob"])
    world.group("ops", members=["alice"])
    world.attach("group", "devs", shared)
    world.attach("user", "alice", shared)
    world.attach("group", "ops", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    world.role("Build", trust({"Service": "ec2.amazonaws.com"}), allow("s3:PutObject"), boundary=boundary)
    world.attach("role", "Build", shared)
    conn = world.conn
    users = user_store.list_users(conn, ACCOUNT)
    roles = [role_store.get_role(conn, ACCOUNT, r.role_name) for r in role_store.list_roles(conn, ACCOUNT)]
    groups_of = {u.user_id: group_store.list_groups_for_user(conn, ACCOUNT, u.user_id) for u in users}
    bulk = policy_source.account_policies(
        conn, ACCOUNT, users, [r for r in roles if r is not None], groups_of, partition="aws"
    )
    for user in users:
        assert bulk[user.user_id] == policy_source.user_policies(conn, user, partition="aws")
    for role in roles:
        assert role is not None
        assert bulk[role.role_id] == policy_source.role_policies(conn, role, partition="aws")
    assert len(bulk[users[0].user_id].identity) == 4  # her inline, devs inline, Shared once, ReadOnlyAccess

"""What the simulator and GetAccountAuthorizationDetails read from the store, on both databases: a
principal's policies (its own, its groups', its boundary) and the account's entities page by page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.engine import Connection

from hatrack.errors import NoSuchEntity
from hatrack.iam import attachments, boundaries, inline_policies, managed_policies, roles
from hatrack.iam.attachments import GROUP, USER
from hatrack.iam.authorization_details import (
    GroupDetail,
    ManagedPolicyDetail,
    RoleDetail,
    UserDetail,
    account_authorization_details,
)
from hatrack.iam.simulation import simulator, sources
from hatrack.iam.simulation.values import BOUNDARY_SOURCE, IDENTITY_SOURCE, Simulation
from hatrack.model import Account
from hatrack.model.identities import GroupRecord, UserRecord
from hatrack.store import groups as group_store
from hatrack.store import users as user_store
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database

ACCOUNT = "111122223333"
READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"


def allow(action: str) -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    )


@pytest.fixture
def conn(database_url: str, now: datetime) -> Iterator[Connection]:
    database = Database(database_url)
    database.migrate()
    with database.begin() as connection:
        insert_account(connection, Account(account_id=ACCOUNT, created_at=now))
        yield connection
    database.dispose()


def set_up_alice(conn: Connection, now: datetime) -> str:
    """alice (path /dev/) in group devs; inline, customer- and AWS-managed policies; a boundary."""
    user_store.insert_user(conn, UserRecord("AIDAALICE000000000001", ACCOUNT, "alice", "/dev/", now))
    group_store.insert_group(conn, GroupRecord("AGPADEVS0000000000001", ACCOUNT, "devs", "/", now))
    group_store.add_member(conn, ACCOUNT, "AGPADEVS0000000000001", "AIDAALICE000000000001", at=now)
    alice = attachments.find_principal(conn, ACCOUNT, USER, "alice")
    devs = attachments.find_principal(conn, ACCOUNT, GROUP, "devs")
    custom = managed_policies.create_policy(
        conn,
        ACCOUNT,
        policy_name="Deploy",
        path="/ci/",
        document=allow("iam:ListRoles"),
        description="deploys",
        tags=(),
        now=now,
    )
    inline_policies.put_inline_policy(conn, ACCOUNT, alice, "mine", allow("iam:GetUser"), now=now)
    inline_policies.put_inline_policy(conn, ACCOUNT, devs, "team", allow("iam:ListUsers"), now=now)
    attachments.attach_policy(conn, ACCOUNT, alice, custom.arn("aws"), now=now)
    attachments.attach_policy(conn, ACCOUNT, devs, READ_ONLY, now=now)
    attachments.attach_policy(conn, ACCOUNT, alice, READ_ONLY, now=now)
    boundaries.put_user_permissions_boundary(conn, ACCOUNT, "alice", READ_ONLY)
    return custom.arn("aws")


def test_a_user_is_simulated_with_its_own_and_its_groups_policies_and_its_boundary(
    conn: Connection, now: datetime
) -> None:
    deploy = set_up_alice(conn, now)
    source = sources.load_source_policies(
        conn, ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/dev/alice", partition="aws"
    )
    found = sorted((s.policy.source_id, s.policy_type, s.policy_arn, s.attachment) for s in source.identity)
    assert found == [
        ("Deploy", "user-managed", deploy, None),
        ("IAMReadOnlyAccess", "aws-managed", READ_ONLY, None),
        ("mine", "inline", None, ("user", "alice")),
        ("team", "inline", None, ("group", "devs")),
    ]
    assert {s.policy.source_type for s in source.identity} == {IDENTITY_SOURCE}
    assert source.boundary is not None
    assert (source.boundary.policy.source_id, source.boundary.policy.source_type) == (
        "IAMReadOnlyAccess",
        BOUNDARY_SOURCE,
    )

    setup = Simulation(
        identity=tuple(s.policy for s in source.identity),
        caller_arn=source.principal.arn("aws"),
        caller_account=ACCOUNT,
        boundary=source.boundary.policy,
    )
    get, delete = simulator.simulate(setup, ["iam:GetUser", "iam:DeleteUser"])
    assert (get.decision, get.allowed_by_boundary) == ("allowed", True)
    assert (delete.decision, delete.allowed_by_boundary) == ("implicitDeny", False)


def test_a_principal_that_is_not_there_is_no_such_entity(conn: Connection, now: datetime) -> None:
    set_up_alice(conn, now)
    for arn in (
        f"arn:aws:iam::{ACCOUNT}:user/bob",
        f"arn:aws:iam::{ACCOUNT}:user/alice",  # wrong path
        "arn:aws:iam::444455556666:user/dev/alice",
        f"arn:aws:iam::{ACCOUNT}:role/alice",
    ):
        with pytest.raises(NoSuchEntity):
            sources.load_source_policies(conn, ACCOUNT, arn, partition="aws")


def test_a_group_has_its_policies_and_no_boundary(conn: Connection, now: datetime) -> None:
    set_up_alice(conn, now)
    source = sources.load_source_policies(
        conn, ACCOUNT, f"arn:aws:iam::{ACCOUNT}:group/devs", partition="aws"
    )
    assert sorted(s.policy.source_id for s in source.identity) == ["IAMReadOnlyAccess", "team"]
    assert source.boundary is None


def test_authorization_details_list_each_kind_with_relationships_and_paginate(
    conn: Connection, now: datetime
) -> None:
    deploy = set_up_alice(conn, now)
    roles.create_role(
        conn,
        ACCOUNT,
        role_name="worker",
        path="/",
        assume_role_policy_document=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}],
            }
        ),
        tags=(("env", "prod"),),
        now=now,
    )
    everything = account_authorization_details(conn, ACCOUNT).items
    assert [type(item).__name__ for item in everything] == [
        "UserDetail",
        "GroupDetail",
        "RoleDetail",
        "ManagedPolicyDetail",
        "ManagedPolicyDetail",
    ]
    user, group, role, *policies = everything
    assert isinstance(user, UserDetail) and isinstance(group, GroupDetail) and isinstance(role, RoleDetail)
    assert [p.policy_name for p in user.inline_policies] == ["mine"]
    assert user.group_names == ("devs",)
    assert sorted(view.arn("aws") for view in user.attached_policies) == sorted([deploy, READ_ONLY])
    assert [p.policy_name for p in group.inline_policies] == ["team"]
    assert role.role.tags == (("env", "prod"),)
    # Only the AWS-managed policies the account uses are listed.
    assert sorted(p.policy.arn("aws") for p in policies if isinstance(p, ManagedPolicyDetail)) == sorted(
        [READ_ONLY, deploy]
    )

    local = account_authorization_details(conn, ACCOUNT, entity_filter=["LocalManagedPolicy"]).items
    assert [p.policy.arn("aws") for p in local if isinstance(p, ManagedPolicyDetail)] == [deploy]

    first = account_authorization_details(conn, ACCOUNT, max_items=2)
    assert first.is_truncated and first.marker is not None and len(first.items) == 2
    rest = account_authorization_details(conn, ACCOUNT, marker=first.marker)
    assert not rest.is_truncated
    assert [type(item) for item in first.items + rest.items] == [type(item) for item in everything]

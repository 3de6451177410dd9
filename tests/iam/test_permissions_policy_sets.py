"""policy_source.load_principal_policies: a caller's identity-based policies, boundary and tags, read fresh
with a few queries (the one policy source of the authorizer and the simulator)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection

from hatrack.iam import attachments, boundaries, inline_policies, managed_policies, policy_source, roles
from hatrack.iam.attachments import GROUP, ROLE, USER
from hatrack.iam.policy_source import ALLOWS_NOTHING
from hatrack.model import Account, Caller, CallerKind, SessionClaims, TokenKind
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


def user_caller(user: UserRecord) -> Caller:
    return Caller(
        kind=CallerKind.IAM_USER,
        account_id=ACCOUNT,
        partition="aws",
        arn=user.arn("aws"),
        principal_id=user.user_id,
        user_name=user.name,
    )


def count_queries(conn: Connection) -> list[str]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(conn, "before_cursor_execute", record)
    return seen


def test_a_user_has_its_own_and_its_groups_policies_its_boundary_and_tags(
    conn: Connection, now: datetime
) -> None:
    user = UserRecord("AIDAALICE000000000001", ACCOUNT, "alice", "/", now, tags=(("team", "ops"),))
    user_store.insert_user(conn, user)
    group_store.insert_group(conn, GroupRecord("AGPADEVS0000000000001", ACCOUNT, "devs", "/", now))
    group_store.add_member(conn, ACCOUNT, "AGPADEVS0000000000001", user.user_id, at=now)
    alice = attachments.find_principal(conn, ACCOUNT, USER, "alice")
    devs = attachments.find_principal(conn, ACCOUNT, GROUP, "devs")
    custom = managed_policies.create_policy(
        conn,
        ACCOUNT,
        policy_name="Custom",
        path="/",
        document=allow("iam:ListRoles"),
        description=None,
        tags=(),
        now=now,
    )
    inline_policies.put_inline_policy(conn, ACCOUNT, alice, "mine", allow("iam:GetUser"), now=now)
    inline_policies.put_inline_policy(conn, ACCOUNT, devs, "team", allow("iam:ListUsers"), now=now)
    attachments.attach_policy(conn, ACCOUNT, alice, custom.arn("aws"), now=now)
    attachments.attach_policy(conn, ACCOUNT, devs, READ_ONLY, now=now)
    boundaries.put_user_permissions_boundary(conn, ACCOUNT, "alice", custom.arn("aws"))

    queries = count_queries(conn)
    loaded = policy_source.load_principal_policies(conn, user_caller(user))
    assert len(queries) <= 8
    labels = sorted(policy.label for policy in loaded.identity)
    assert labels == sorted(["inline:mine", "inline:team", custom.arn("aws"), READ_ONLY])
    assert loaded.boundary is not None and loaded.boundary.label == custom.arn("aws")
    assert "iam:ListRoles" in loaded.boundary.document
    assert loaded.tags == (("team", "ops"),)

    managed_policies.create_policy_version(
        conn, ACCOUNT, custom.arn("aws"), document=allow("iam:ListPolicies"), set_as_default=True, now=now
    )
    reloaded = policy_source.load_principal_policies(conn, user_caller(user))
    assert any("iam:ListPolicies" in policy.document for policy in reloaded.identity)
    assert reloaded.boundary is not None and "iam:ListPolicies" in reloaded.boundary.document


def test_a_role_session_has_the_role_policies(conn: Connection, now: datetime) -> None:
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}],
        }
    )
    role = roles.create_role(
        conn,
        ACCOUNT,
        role_name="worker",
        path="/",
        assume_role_policy_document=trust,
        now=now,
        permissions_boundary_arn=READ_ONLY,
        tags=(("env", "prod"),),
    )
    worker = attachments.find_principal(conn, ACCOUNT, ROLE, "worker")
    inline_policies.put_inline_policy(conn, ACCOUNT, worker, "p", allow("iam:*"), now=now)
    session = SessionClaims(
        kind=TokenKind.ASSUMED_ROLE,
        account_id=ACCOUNT,
        partition="aws",
        access_key_id="ASIAEXAMPLE",
        secret_access_key="s",
        issued_at=now,
        expires_at=now + timedelta(hours=1),
        session_name="s1",
        role_name="worker",
        role_id=role.role_id,
    )
    caller = Caller(
        kind=CallerKind.ASSUMED_ROLE,
        account_id=ACCOUNT,
        partition="aws",
        arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/s1",
        principal_id=f"{role.role_id}:s1",
        session=session,
    )
    loaded = policy_source.load_principal_policies(conn, caller)
    assert [policy.label for policy in loaded.identity] == ["inline:p"]
    assert loaded.boundary is not None and loaded.boundary.label == READ_ONLY
    assert loaded.tags == (("env", "prod"),)


def test_the_root_has_no_policies_and_a_vanished_boundary_allows_nothing(
    conn: Connection, now: datetime
) -> None:
    root = Caller(
        kind=CallerKind.ROOT,
        account_id=ACCOUNT,
        partition="aws",
        arn=f"arn:aws:iam::{ACCOUNT}:root",
        principal_id=ACCOUNT,
    )
    assert policy_source.load_principal_policies(conn, root).identity == ()
    user = UserRecord(
        "AIDABOB00000000000001",
        ACCOUNT,
        "bob",
        "/",
        now,
        permissions_boundary_arn=f"arn:aws:iam::{ACCOUNT}:policy/Gone",
    )
    user_store.insert_user(conn, user)
    loaded = policy_source.load_principal_policies(conn, user_caller(user))
    assert loaded.boundary is not None and loaded.boundary.document == ALLOWS_NOTHING

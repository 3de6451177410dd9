"""Policy sets and roles remembered by the store's generation: served from memory only while nothing
they are made of has changed, on this process or any other sharing the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection

from hatrack.iam import attachments, boundaries, cached_reads, inline_policies, managed_policies, roles
from hatrack.iam.attachments import GROUP, USER
from hatrack.model import Account, Caller, CallerKind, SessionClaims, TokenKind
from hatrack.model.identities import GroupRecord, RoleRecord, UserRecord
from hatrack.store import generation
from hatrack.store import groups as group_store
from hatrack.store import users as user_store
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database

ACCOUNT = "111122223333"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def allow(action: str) -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    )


@pytest.fixture
def databases(database_url: str, now: datetime) -> Iterator[tuple[Database, Database]]:
    """Two handles on one database, as two server processes have."""
    first, second = Database(database_url), Database(database_url)
    first.migrate()
    with first.begin() as conn:
        insert_account(conn, Account(account_id=ACCOUNT, created_at=now))
    cached_reads.forget_all()
    yield first, second
    cached_reads.forget_all()
    first.dispose()
    second.dispose()


def _alice(conn: Connection, now: datetime) -> UserRecord:
    user = UserRecord("AIDAALICE000000000001", ACCOUNT, "alice", "/", now, tags=(("team", "ops"),))
    user_store.insert_user(conn, user)
    return user


def _ops_role(conn: Connection, now: datetime) -> RoleRecord:
    return roles.create_role(
        conn,
        ACCOUNT,
        role_name="ops",
        path="/",
        assume_role_policy_document=TRUST,
        now=now,
        tags=(("k", "v"),),
    )


def _put(conn: Connection, user_name: str, name: str, document: str, now: datetime) -> None:
    principal = attachments.find_principal(conn, ACCOUNT, USER, user_name)
    inline_policies.put_inline_policy(conn, ACCOUNT, principal, name, document, now=now)


def _caller(user: UserRecord) -> Caller:
    return Caller(
        kind=CallerKind.IAM_USER,
        account_id=ACCOUNT,
        partition="aws",
        arn=user.arn("aws"),
        principal_id=user.user_id,
        user_name=user.name,
    )


def _documents(database: Database, caller: Caller) -> list[str]:
    with database.read() as conn:
        return [policy.document for policy in cached_reads.principal_policies(conn, caller).identity]


def _statements(conn: Connection) -> list[str]:
    seen: list[str] = []
    event.listen(conn, "before_cursor_execute", lambda *args: seen.append(str(args[2])))
    return seen


def test_every_table_a_policy_set_is_read_from_moves_the_generation(
    databases: tuple[Database, Database], now: datetime
) -> None:
    """The watched tables are exactly what the policy source reads: a user in a group with inline,
    managed and boundary policies and tags, and a role session with the same."""
    database, _ = databases
    with database.begin() as conn:
        user = _alice(conn, now)
        group_store.insert_group(conn, GroupRecord("AGPADEVS0000000000001", ACCOUNT, "devs", "/", now))
        group_store.add_member(conn, ACCOUNT, "AGPADEVS0000000000001", user.user_id, at=now)
        devs = attachments.find_principal(conn, ACCOUNT, GROUP, "devs")
        inline_policies.put_inline_policy(conn, ACCOUNT, devs, "g", allow("iam:GetUser"), now=now)
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
        alice = attachments.find_principal(conn, ACCOUNT, USER, "alice")
        attachments.attach_policy(conn, ACCOUNT, alice, custom.arn("aws"), now=now)
        boundaries.put_user_permissions_boundary(conn, ACCOUNT, "alice", custom.arn("aws"))
        role = _ops_role(conn, now)
    role_caller = Caller(
        kind=CallerKind.ASSUMED_ROLE,
        account_id=ACCOUNT,
        partition="aws",
        arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ops/s",
        principal_id=f"{role.role_id}:s",
        session=SessionClaims(
            kind=TokenKind.ASSUMED_ROLE,
            account_id=ACCOUNT,
            partition="aws",
            access_key_id="ASIAEXAMPLE",
            secret_access_key="s",
            issued_at=now,
            expires_at=now + timedelta(hours=1),
            session_name="s",
            role_name="ops",
            role_id=role.role_id,
        ),
    )
    read_tables: set[str] = set()
    with database.read() as conn:

        def note(_conn: Connection, clause: object, *_: object) -> None:
            if isinstance(clause, sa.sql.Select):
                read_tables.update(t.name for t in clause.get_final_froms() for t in _tables_of(t))

        event.listen(conn, "before_execute", note)
        cached_reads.principal_policies(conn, _caller(user))
        cached_reads.principal_policies(conn, role_caller)
    assert read_tables - {"store_generation"} <= generation.WATCHED, read_tables - generation.WATCHED
    assert {"iam_users", "iam_group_members", "inline_policies", "policy_attachments", "roles"} <= read_tables


def _tables_of(selectable: object) -> list[sa.Table]:
    if isinstance(selectable, sa.Table):
        return [selectable]
    found: list[sa.Table] = []
    for child in getattr(selectable, "get_children", lambda: [])():
        found.extend(_tables_of(child))
    return found


def test_a_cached_policy_set_is_read_from_memory_with_one_query(
    databases: tuple[Database, Database], now: datetime
) -> None:
    database, _ = databases
    with database.begin() as conn:
        user = _alice(conn, now)
        _put(conn, "alice", "p", allow("iam:GetUser"), now)
    assert _documents(database, _caller(user)) == [allow("iam:GetUser")]
    with database.read() as conn:
        statements = _statements(conn)
        cached_reads.principal_policies(conn, _caller(user))
    assert len(statements) == 1 and "store_generation" in statements[0]


def test_a_change_through_another_process_is_enforced_on_the_next_read(
    databases: tuple[Database, Database], now: datetime
) -> None:
    this_process, other_process = databases
    with this_process.begin() as conn:
        user = _alice(conn, now)
        _put(conn, "alice", "p", allow("iam:GetUser"), now)
    assert _documents(this_process, _caller(user)) == [allow("iam:GetUser")]  # now cached here
    with other_process.begin() as conn:
        _put(conn, "alice", "p", allow("iam:DeleteUser"), now)
    assert _documents(this_process, _caller(user)) == [allow("iam:DeleteUser")]
    with other_process.begin() as conn:
        alice = attachments.find_principal(conn, ACCOUNT, USER, "alice")
        inline_policies.delete_inline_policy(conn, ACCOUNT, alice, "p")
    assert _documents(this_process, _caller(user)) == []


def test_a_write_transaction_reads_through_and_fills_nothing(
    databases: tuple[Database, Database], now: datetime
) -> None:
    """A write transaction sees its own uncommitted change: remembering it would outlive a rollback."""
    database, _ = databases
    with database.begin() as conn:
        user = _alice(conn, now)
    with pytest.raises(RuntimeError), database.begin() as conn:
        _put(conn, "alice", "p", allow("iam:GetUser"), now)
        seen = [p.document for p in cached_reads.principal_policies(conn, _caller(user)).identity]
        assert seen == [allow("iam:GetUser")]
        raise RuntimeError("roll back")
    assert _documents(database, _caller(user)) == []


def test_the_role_of_an_assume_role_and_its_tags_follow_a_change_at_once(
    databases: tuple[Database, Database], now: datetime
) -> None:
    this_process, other_process = databases
    with this_process.begin() as conn:
        role = _ops_role(conn, now)
    with this_process.read() as conn:
        found = cached_reads.role_by_name(conn, ACCOUNT, "OPS")
        assert found is not None and found.assume_role_policy_document == TRUST
        assert cached_reads.role_tags(conn, ACCOUNT, role.role_id) == (("k", "v"),)
    narrowed = TRUST.replace(f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT)
    with other_process.begin() as conn:
        roles.update_assume_role_policy(conn, ACCOUNT, "ops", narrowed)
        roles.untag_role(conn, ACCOUNT, "ops", ["k"])
    with this_process.read() as conn:
        found = cached_reads.role_by_name(conn, ACCOUNT, "ops")
        assert found is not None and found.assume_role_policy_document == narrowed
        assert cached_reads.role_tags(conn, ACCOUNT, role.role_id) == ()
    with other_process.begin() as conn:
        roles.delete_role(conn, ACCOUNT, "ops")
    with this_process.read() as conn:
        assert cached_reads.role_by_name(conn, ACCOUNT, "ops") is None

"""Small hand-built accounts for the analysis tests: users, roles, groups and policies written through
hatrack's own services into a real (SQLite) store."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.analysis.escalation import EscalationReport, Finding, analyze_escalation
from hatrack.iam import attachments, groups, inline_policies, managed_policies, roles, users
from hatrack.iam.attachments import GROUP, ROLE, USER
from hatrack.model import Account
from hatrack.model.identities import LoginProfileRecord, VirtualMfaDeviceRecord
from hatrack.store import login_profiles as login_store
from hatrack.store import mfa as mfa_store
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
ACCOUNT = "111122223333"
OTHER = "444455556666"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def allow(action: str | list[str], resource: str | list[str] = "*", **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def deny(action: str | list[str], resource: str | list[str] = "*", **condition: Any) -> dict[str, Any]:
    return {**allow(action, resource, **condition), "Effect": "Deny"}


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def trust(principal: dict[str, Any] | str, **condition: Any) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return document(statement)


def arn(kind: str, name: str, account: str = ACCOUNT) -> str:
    return f"arn:aws:iam::{account}:{kind}/{name}"


class World:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._serial = 0

    def account(self, account_id: str) -> None:
        insert_account(self.conn, Account(account_id=account_id, created_at=NOW))

    def user(
        self,
        name: str,
        *statements: dict[str, Any],
        account: str = ACCOUNT,
        tags: Sequence[tuple[str, str]] = (),
        boundary: str | None = None,
        mfa: bool = False,
        password: bool = False,
    ) -> str:
        record = users.create_user(
            self.conn, account_id=account, name=name, tags=tags, permissions_boundary_arn=boundary, now=NOW
        )
        if statements:
            self.inline(USER, name, document(*statements), account=account)
        if mfa:
            self._serial += 1
            serial = f"arn:aws:iam::{account}:mfa/{name}"
            mfa_store.insert_device(self.conn, VirtualMfaDeviceRecord(serial, account, name, "/", b"x", NOW))
            mfa_store.assign_device(
                self.conn, serial, user_id=record.user_id, user_name=name, at=NOW, last_used_step=0
            )
        if password:
            login_store.insert_login_profile(
                self.conn, LoginProfileRecord(record.user_id, account, "$argon2id$x", False, NOW, NOW)
            )
        return record.arn("aws")

    def role(
        self,
        name: str,
        trust_policy: str,
        *statements: dict[str, Any],
        account: str = ACCOUNT,
        boundary: str | None = None,
        tags: Sequence[tuple[str, str]] = (),
    ) -> str:
        record = roles.create_role(
            self.conn,
            account,
            role_name=name,
            path="/",
            assume_role_policy_document=trust_policy,
            permissions_boundary_arn=boundary,
            tags=tags,
            now=NOW,
        )
        if statements:
            self.inline(ROLE, name, document(*statements), account=account)
        return record.arn("aws")

    def group(
        self, name: str, *statements: dict[str, Any], members: Sequence[str] = (), account: str = ACCOUNT
    ) -> str:
        record = groups.create_group(self.conn, account_id=account, name=name, now=NOW)
        if statements:
            self.inline(GROUP, name, document(*statements), account=account)
        for member in members:
            groups.add_user_to_group(self.conn, account, name, member, now=NOW)
        return record.arn("aws")

    def inline(self, kind: str, name: str, text: str, *, account: str = ACCOUNT) -> None:
        principal = attachments.find_principal(self.conn, account, kind, name)
        inline_policies.put_inline_policy(self.conn, account, principal, f"{kind}-{name}", text, now=NOW)

    def managed(self, name: str, *statements: dict[str, Any], account: str = ACCOUNT) -> str:
        managed_policies.create_policy(
            self.conn,
            account,
            policy_name=name,
            path="/",
            document=document(*statements),
            description=None,
            tags=(),
            now=NOW,
        )
        return f"arn:aws:iam::{account}:policy/{name}"

    def version(self, policy_arn: str, *statements: dict[str, Any], account: str = ACCOUNT) -> None:
        managed_policies.create_policy_version(
            self.conn, account, policy_arn, document=document(*statements), set_as_default=False, now=NOW
        )

    def attach(self, kind: str, name: str, policy_arn: str, *, account: str = ACCOUNT) -> None:
        principal = attachments.find_principal(self.conn, account, kind, name)
        attachments.attach_policy(self.conn, account, principal, policy_arn, now=NOW)

    def analyze(self, account_id: str | None = None) -> EscalationReport:
        return analyze_escalation(self.conn, partition="aws", now=NOW, account_id=account_id)

    def paths(self, principal: str) -> dict[str, list[tuple[str, str, str]]]:
        """gains -> [(kind, actor, resource), ...] of every finding of ``principal``."""
        report = self.analyze()
        return {
            finding.gains: [(s.kind, s.actor, s.resource) for s in finding.steps]
            for finding in report.findings
            if finding.principal == principal
        }

    def finding(self, principal: str, gains: str) -> Finding | None:
        return next(
            (f for f in self.analyze().findings if f.principal == principal and f.gains == gains), None
        )


@contextmanager
def world_at(folder: Path, *, database_url: str | None = None) -> Iterator[World]:
    database = Database(database_url or f"sqlite+pysqlite:///{folder / 'hatrack.db'}")
    database.migrate()
    try:
        with database.begin() as conn:
            world = World(conn)
            world.account(ACCOUNT)
            yield world
    finally:
        database.dispose()

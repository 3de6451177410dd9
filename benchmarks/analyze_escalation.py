"""``hatrack analyze escalation`` on a large account: 1,000 users, 1,000 roles, 5,000 policies.

The account is written through hatrack's own services into a fresh SQLite store (not timed): every
user has 3 attached customer managed policies and is in one of 50 groups; every role has 2; most
roles trust the account, some trust a compute service or one user, and a second account holds roles
trusting the first. About 2% of the policies carry an escalation action (sts:AssumeRole on some roles,
iam:PassRole with lambda:CreateFunction, iam:CreateAccessKey, iam:AttachUserPolicy on
``${aws:username}``, iam:CreatePolicyVersion), a few with conditions (MFA, tags), the rest are
ordinary service permissions. Then the whole analysis runs once, on one core, and the script prints
the time to read the store, the time to decide, and the findings.

Run: ``python benchmarks/analyze_escalation.py [--users N --roles N --policies N --seed S]``.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hatrack.analysis.escalation import analyze_inventory
from hatrack.analysis.inventory import load_inventory, other_versions
from hatrack.iam import attachments, groups, managed_policies, roles, users
from hatrack.iam.attachments import GROUP, ROLE, USER
from hatrack.model import Account
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database

ACCOUNT = "111122223333"
PARTNER = "444455556666"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
SERVICES = ("s3", "ec2", "dynamodb", "sqs", "sns", "logs", "kms", "cloudwatch", "lambda", "rds")
VERBS = ("Get*", "List*", "Describe*", "Put*", "Delete*", "Create*", "Update*", "*")


def _document(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _ordinary(rng: random.Random) -> dict[str, Any]:
    service = rng.choice(SERVICES)
    actions = [f"{service}:{rng.choice(VERBS)}" for _ in range(rng.randint(1, 4))]
    resource = rng.choice(["*", f"arn:aws:{service}:us-east-1:{ACCOUNT}:{rng.choice('abcdef')}*"])
    statement: dict[str, Any] = {"Effect": rng.choice(["Allow"] * 9 + ["Deny"]), "Action": actions}
    statement["Resource"] = resource
    return statement


def _escalating(rng: random.Random, users_count: int, roles_count: int) -> dict[str, Any]:
    kind = rng.randrange(6)
    if kind == 0:
        role = f"arn:aws:iam::{ACCOUNT}:role/role{rng.randrange(roles_count)}"
        return {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role}
    if kind == 1:
        return {
            "Effect": "Allow",
            "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
            "Resource": "*",
        }
    if kind == 2:
        target = f"arn:aws:iam::{ACCOUNT}:user/user{rng.randrange(users_count)}"
        return {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": target}
    if kind == 3:
        return {
            "Effect": "Allow",
            "Action": "iam:AttachUserPolicy",
            "Resource": f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    if kind == 4:
        return {
            "Effect": "Allow",
            "Action": "iam:CreatePolicyVersion",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}},
        }
    return {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{PARTNER}:role/*"}


def build(database: Database, *, users_count: int, roles_count: int, policies_count: int, seed: int) -> None:
    rng = random.Random(seed)
    with database.begin() as conn:
        insert_account(conn, Account(account_id=ACCOUNT, created_at=NOW))
        insert_account(conn, Account(account_id=PARTNER, created_at=NOW))
        policy_arns = []
        for n in range(policies_count):
            statements = [_ordinary(rng) for _ in range(rng.randint(2, 5))]
            if rng.random() < 0.02:
                statements.append(_escalating(rng, users_count, roles_count))
            managed_policies.create_policy(
                conn,
                ACCOUNT,
                policy_name=f"policy{n}",
                path="/",
                document=_document(statements),
                description=None,
                tags=(),
                now=NOW,
            )
            policy_arns.append(f"arn:aws:iam::{ACCOUNT}:policy/policy{n}")
        for n in range(50):
            groups.create_group(conn, account_id=ACCOUNT, name=f"group{n}", now=NOW)
            group = attachments.find_principal(conn, ACCOUNT, GROUP, f"group{n}")
            for arn in rng.sample(policy_arns, 2):
                attachments.attach_policy(conn, ACCOUNT, group, arn, now=NOW)
        for n in range(users_count):
            tags = [("team", rng.choice(["platform", "data", "web", "ops"]))]
            users.create_user(conn, account_id=ACCOUNT, name=f"user{n}", tags=tags, now=NOW)
            groups.add_user_to_group(conn, ACCOUNT, f"group{rng.randrange(50)}", f"user{n}", now=NOW)
            user = attachments.find_principal(conn, ACCOUNT, USER, f"user{n}")
            for arn in rng.sample(policy_arns, 3):
                attachments.attach_policy(conn, ACCOUNT, user, arn, now=NOW)
        for n in range(roles_count):
            choice = rng.random()
            if choice < 0.8:
                principal: dict[str, str] = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
            elif choice < 0.9:
                principal = {"Service": "lambda.amazonaws.com"}
            else:
                principal = {"AWS": f"arn:aws:iam::{ACCOUNT}:user/user{rng.randrange(users_count)}"}
            trust = _document([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}])
            roles.create_role(
                conn, ACCOUNT, role_name=f"role{n}", path="/", assume_role_policy_document=trust, now=NOW
            )
            role = attachments.find_principal(conn, ACCOUNT, ROLE, f"role{n}")
            for arn in rng.sample(policy_arns, 2):
                attachments.attach_policy(conn, ACCOUNT, role, arn, now=NOW)
            if n % 100 == 0:  # a few administrators
                attachments.attach_policy(
                    conn, ACCOUNT, role, "arn:aws:iam::aws:policy/AdministratorAccess", now=NOW
                )
        for n in range(20):
            trust = _document(
                [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]
            )
            roles.create_role(
                conn, PARTNER, role_name=f"partner{n}", path="/", assume_role_policy_document=trust, now=NOW
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--policies", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite+pysqlite:///{Path(folder) / 'hatrack.db'}")
        database.migrate()
        started = time.perf_counter()
        build(
            database,
            users_count=args.users,
            roles_count=args.roles,
            policies_count=args.policies,
            seed=args.seed,
        )
        print(
            f"built {args.users} users, {args.roles} roles, {args.policies} policies "
            f"in {time.perf_counter() - started:.1f} s (not timed below)"
        )
        with database.read() as conn:
            cpu_started = time.process_time()
            started = time.perf_counter()
            inventory = load_inventory(conn, partition="aws")
            loaded = time.perf_counter()
            report = analyze_inventory(
                inventory, now=NOW, versions=lambda arn: other_versions(conn, inventory, arn)
            )
            done = time.perf_counter()
            cpu = time.process_time() - cpu_started
        database.dispose()
    admin = sum(1 for f in report.findings if f.is_administrator)
    print(
        f"read the store: {loaded - started:.2f} s; decided: {done - loaded:.2f} s; "
        f"total {done - started:.2f} s wall, {cpu:.2f} s of CPU (one core: the wall time grows "
        "when the machine is shared)"
    )
    print(
        f"{report.analysed} identities, {len(report.administrators)} administrators, "
        f"{admin} paths to administrator, {len(report.findings) - admin} other gains"
    )


if __name__ == "__main__":
    main()

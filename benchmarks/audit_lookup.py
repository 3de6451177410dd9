"""LookupEvents latency over a large trail: load N chained events, then time filtered lookups.

    python benchmarks/audit_lookup.py                       # 1,000,000 events, temporary SQLite
    python benchmarks/audit_lookup.py --database postgresql+psycopg://user@host/db
    python benchmarks/audit_lookup.py --postgres-temp       # a throwaway PostgreSQL (initdb on PATH)

The events are real CloudTrail records chained with real hashes (1,000 users, 40 operations, 90 days),
appended through the same code the server uses, one transaction per 5,000 events. Each lookup runs
the LookupEvents code path (``hatrack.audit.lookup``) with MaxResults 50, cold once and then warm;
the script prints the median and worst warm latency per filter. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hatrack.api.protocol import ServiceModels
from hatrack.audit.call import CallRecord
from hatrack.audit.chain import append_events
from hatrack.audit.events import build_events
from hatrack.audit.lookup import lookup, lookup_request
from hatrack.model import Caller, CallerKind
from hatrack.store.db import Database

ACCOUNT = "111122223333"
OPERATIONS = [
    ("iam", name, name.startswith(("Get", "List")))
    for name in [
        "CreateUser",
        "GetUser",
        "ListUsers",
        "UpdateUser",
        "DeleteUser",
        "CreateAccessKey",
        "ListAccessKeys",
        "UpdateAccessKey",
        "DeleteAccessKey",
        "CreateRole",
        "GetRole",
        "ListRoles",
        "DeleteRole",
        "PutRolePolicy",
        "GetRolePolicy",
        "PutUserPolicy",
        "GetUserPolicy",
        "AttachRolePolicy",
        "ListAttachedRolePolicies",
        "CreateGroup",
        "GetGroup",
        "AddUserToGroup",
        "ListGroups",
        "CreatePolicy",
        "GetPolicy",
        "ListPolicies",
        "TagUser",
        "ListUserTags",
        "GetLoginProfile",
        "CreateLoginProfile",
        "ListMFADevices",
        "GetAccountSummary",
        "ListAccountAliases",
        "GetAccessKeyLastUsed",
        "ListGroupsForUser",
    ]
] + [
    ("sts", "AssumeRole", False),
    ("sts", "GetCallerIdentity", True),
    ("cloudtrail", "LookupEvents", True),
    ("sts", "GetSessionToken", False),
    ("sts", "GetAccessKeyInfo", True),
]


def _callers(count: int) -> list[Caller]:
    return [
        Caller(
            kind=CallerKind.IAM_USER,
            account_id=ACCOUNT,
            partition="aws",
            arn=f"arn:aws:iam::{ACCOUNT}:user/user{n:04d}",
            principal_id=f"AIDA{n:017d}",
            access_key_id=f"AKIA{n:016d}",
            user_name=f"user{n:04d}",
        )
        for n in range(count)
    ]


def _records(total: int, start: datetime, rng: random.Random) -> Iterator[CallRecord]:
    models = ServiceModels()
    callers = _callers(1000)
    span = timedelta(days=90).total_seconds()
    for n in range(total):
        service, operation, read_only = OPERATIONS[rng.randrange(len(OPERATIONS))]
        caller = callers[rng.randrange(len(callers))]
        params: dict[str, Any] = {}
        if (
            (service == "iam" and "User" in operation)
            or "AccessKey" in operation
            or "LoginProfile" in operation
        ):
            params["UserName"] = f"user{rng.randrange(1000):04d}"
        if "Role" in operation and service == "iam":
            params["RoleName"] = f"role{rng.randrange(200):03d}"
        if operation == "AssumeRole":
            params = {
                "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/role{rng.randrange(200):03d}",
                "RoleSessionName": "s",
            }
        yield CallRecord(
            request_id=f"{n:08d}-0000-0000-0000-000000000000",
            service=service,
            operation=operation,
            region="us-east-1",
            source_ip="10.0.0.1",
            user_agent="bench",
            event_time=start + timedelta(seconds=span * n / total),
            caller=caller,
            access_key_id=caller.access_key_id,
            params=params,
            read_only=read_only,
            operation_model=models.operation(service, operation),
        )


def load(database: Database, total: int, start: datetime, *, batch: int = 5000) -> float:
    rng = random.Random(7)
    began = time.perf_counter()
    pending = []
    loaded = 0
    for record in _records(total, start, rng):
        pending.extend(build_events(record))
        if len(pending) >= batch:
            with database.begin() as conn:
                append_events(conn, pending)
            loaded += len(pending)
            pending = []
            if loaded % 100_000 == 0:
                print(f"  loaded {loaded:,} events ({time.perf_counter() - began:.0f} s)", flush=True)
    if pending:
        with database.begin() as conn:
            append_events(conn, pending)
    return time.perf_counter() - began


def time_lookups(
    database: Database, start: datetime, *, repeats: int = 25
) -> list[tuple[str, float, float, float, int]]:
    middle = start + timedelta(days=45)
    cases: list[tuple[str, dict[str, Any]]] = [
        ("no filter (newest 50)", {}),
        (
            "EventName=CreateUser",
            {"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}]},
        ),
        (
            "Username=user0042",
            {"LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": "user0042"}]},
        ),
        (
            "AccessKeyId=AKIA…0042",
            {"LookupAttributes": [{"AttributeKey": "AccessKeyId", "AttributeValue": f"AKIA{42:016d}"}]},
        ),
        ("ReadOnly=false", {"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]}),
        (
            "EventSource=sts.amazonaws.com",
            {"LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": "sts.amazonaws.com"}]},
        ),
        (
            "ResourceName=user0042",
            {"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": "user0042"}]},
        ),
        (
            "ResourceType=AWS::IAM::Role",
            {"LookupAttributes": [{"AttributeKey": "ResourceType", "AttributeValue": "AWS::IAM::Role"}]},
        ),
        (
            "Username=user0042 + 1-day range",
            {
                "LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": "user0042"}],
                "StartTime": middle,
                "EndTime": middle + timedelta(days=1),
            },
        ),
        (
            "EventName=DeleteRole + 1-hour range",
            {
                "LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "DeleteRole"}],
                "StartTime": middle,
                "EndTime": middle + timedelta(hours=1),
            },
        ),
        ("EventId=<one event>", {}),
    ]
    with database.read() as conn:
        some = lookup(conn, lookup_request(ACCOUNT, {"MaxResults": 1, "EndTime": middle})).events[0]
    cases[-1] = (
        "EventId=<one event>",
        {"LookupAttributes": [{"AttributeKey": "EventId", "AttributeValue": some.event_id}]},
    )
    results = []
    for name, params in cases:
        request = lookup_request(ACCOUNT, {"MaxResults": 50, **params})
        samples = []
        found = 0
        cold = 0.0
        for attempt in range(repeats + 1):
            with database.read() as conn:
                began = time.perf_counter()
                page = lookup(conn, request)
                elapsed = (time.perf_counter() - began) * 1000
            found = len(page.events)
            if attempt == 0:
                cold = elapsed
            else:
                samples.append(elapsed)
        results.append((name, cold, statistics.median(samples), max(samples), found))
    return results


@contextmanager
def _database(url: str | None, postgres_temp: bool) -> Iterator[str]:
    if postgres_temp:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.support.postgres import running_postgres

        with running_postgres() as server:
            yield server.create_database()
        return
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite+pysqlite:///{Path(folder) / 'audit-bench.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", default=None, help="SQLAlchemy URL of an EMPTY database (default: temporary SQLite)"
    )
    parser.add_argument("--postgres-temp", action="store_true", help="start a throwaway PostgreSQL")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=25)
    args = parser.parse_args()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with _database(args.database, args.postgres_temp) as url:
        database = Database(url)
        database.migrate()
        print(f"{database.engine.dialect.name}: loading {args.events:,} events …", flush=True)
        seconds = load(database, args.events, start)
        print(f"loaded in {seconds:.0f} s ({args.events / seconds:,.0f} events/s)")
        if database.engine.dialect.name == "postgresql":
            with database.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            with database.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        print(
            f"\nLookupEvents, MaxResults=50, {args.repeats} warm runs each ({database.engine.dialect.name}):"
        )
        print(f"{'filter':<38} {'cold ms':>8} {'median ms':>10} {'max ms':>8} {'events':>7}")
        for name, cold, median, worst, found in time_lookups(database, start, repeats=args.repeats):
            print(f"{name:<38} {cold:>8.1f} {median:>10.1f} {worst:>8.1f} {found:>7}")
        database.dispose()


if __name__ == "__main__":
    main()

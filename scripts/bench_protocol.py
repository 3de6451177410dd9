"""Time the protocol layer's hot path: parse + validate + serialize for a few typical operations.

Run: ``python scripts/bench_protocol.py``. Prints microseconds per request (best of several runs).
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime

from hatrack.api.protocol import (
    ServiceModels,
    parse_form,
    parse_json_input,
    parse_query_input,
    serialize_json_output,
    serialize_query_output,
    validate_input,
)

MODELS = ServiceModels()
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8e8e8e8e8e"


def query_round(service: str, name: str, body: bytes, result: dict[str, object]) -> Callable[[], bytes]:
    op = MODELS.operation(service, name)
    assert op is not None

    def run() -> bytes:
        form = parse_form(body, "")
        form.pop("Action", None)
        form.pop("Version", None)
        params = parse_query_input(op, form)
        validate_input(op, params)
        return serialize_query_output(op, result, REQUEST_ID)

    return run


def user(i: int) -> dict[str, object]:
    return {
        "Path": "/engineering/",
        "UserName": f"user-{i}",
        "UserId": f"AIDA{i:016d}",
        "Arn": f"arn:aws:iam::123456789012:user/engineering/user-{i}",
        "CreateDate": NOW,
        "Tags": [{"Key": "team", "Value": "infra"}],
    }


CASES: dict[str, Callable[[], bytes]] = {
    "sts GetCallerIdentity": query_round(
        "sts",
        "GetCallerIdentity",
        b"Action=GetCallerIdentity&Version=2011-06-15",
        {"UserId": "AIDAEXAMPLE", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/alice"},
    ),
    "iam CreateUser (path + 2 tags)": query_round(
        "iam",
        "CreateUser",
        b"Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fengineering%2F"
        b"&Tags.member.1.Key=team&Tags.member.1.Value=infra&Tags.member.2.Key=cost&Tags.member.2.Value=42",
        {"User": user(1)},
    ),
    "iam ListUsers (10 users)": query_round(
        "iam",
        "ListUsers",
        b"Action=ListUsers&Version=2010-05-08&PathPrefix=%2F&MaxItems=100",
        {"Users": [user(i) for i in range(10)], "IsTruncated": False},
    ),
    "iam ListUsers (100 users)": query_round(
        "iam",
        "ListUsers",
        b"Action=ListUsers&Version=2010-05-08&MaxItems=100",
        {"Users": [user(i) for i in range(100)], "IsTruncated": True, "Marker": "abc"},
    ),
}


def lookup_events() -> bytes:
    op = MODELS.operation("cloudtrail", "LookupEvents")
    assert op is not None
    params = parse_json_input(
        op,
        b'{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"CreateUser"}],'
        b'"StartTime":1767225600,"MaxResults":50}',
    )
    validate_input(op, params)
    events = [
        {
            "EventId": f"e-{i}",
            "EventName": "CreateUser",
            "ReadOnly": "false",
            "EventTime": NOW,
            "EventSource": "iam.amazonaws.com",
            "Username": "alice",
            "Resources": [{"ResourceType": "AWS::IAM::User", "ResourceName": "bob"}],
            "CloudTrailEvent": '{"eventVersion":"1.08"}',
        }
        for i in range(10)
    ]
    return serialize_json_output(op, {"Events": events, "NextToken": "t"})


CASES["cloudtrail LookupEvents (10 events)"] = lookup_events


def main() -> None:
    for label, run in CASES.items():
        run()  # compile the plans once, as the first request does
        number = 2000
        # CPU time of this process, so other load on the machine does not count.
        best = min(timeit.repeat(run, number=number, repeat=5, timer=time.process_time)) / number
        print(f"{label:40s} {best * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()

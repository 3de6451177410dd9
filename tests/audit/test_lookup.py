"""LookupEvents: one attribute, a time range, pages newest first, AWS's errors, one account only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import pytest

from hatrack.audit.lookup import event_shape, lookup, lookup_request
from hatrack.audit.trail import TrailRecorder
from hatrack.errors import InvalidLookupAttributes, InvalidMaxResults, InvalidNextToken, InvalidTimeRange
from hatrack.store.db import Database
from tests.audit.records import ACCOUNT, OTHER_ACCOUNT, assume_role, call, root, user


@pytest.fixture
def trail(database: Database, now: datetime) -> Database:
    recorder = TrailRecorder(database)
    alice = user("alice", "AKIAALICEALICEAL0001")
    records = [
        call("iam", "CreateUser", root(), now, params={"UserName": "alice"}, request_id="r1"),
        call(
            "iam",
            "CreateAccessKey",
            root(),
            now + timedelta(minutes=1),
            params={"UserName": "alice"},
            result={
                "AccessKey": {
                    "UserName": "alice",
                    "AccessKeyId": "AKIAALICEALICEAL0001",
                    "Status": "Active",
                    "SecretAccessKey": "s" * 40,
                    "CreateDate": now,
                }
            },
            request_id="r2",
        ),
        call("iam", "ListUsers", alice, now + timedelta(minutes=2), read_only=True, request_id="r3"),
        assume_role(
            alice,
            f"arn:aws:iam::{ACCOUNT}:role/SecurityAnalystRole",
            "alice",
            "ASIAANALYST000000001",
            now + timedelta(minutes=3),
        ),
        call(
            "iam",
            "GetUser",
            root(OTHER_ACCOUNT, "AKIAOTHERROOT0000001"),
            now + timedelta(minutes=4),
            params={"UserName": "alice"},
            read_only=True,
            request_id="r5",
        ),
    ]
    for record in records:
        with database.begin() as conn:
            recorder.record(conn, record)
    return database


def _names(database: Database, params: Mapping[str, Any], account: str = ACCOUNT) -> list[str]:
    with database.read() as conn:
        page = lookup(conn, lookup_request(account, params))
    return [event.event_name for event in page.events]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("EventName", "CreateUser", ["CreateUser"]),
        ("ReadOnly", "true", ["ListUsers"]),
        ("ReadOnly", "false", ["AssumeRole", "CreateAccessKey", "CreateUser"]),
        ("Username", "alice", ["AssumeRole", "ListUsers"]),
        ("Username", "root", ["CreateAccessKey", "CreateUser"]),
        ("ResourceType", "AWS::IAM::User", ["CreateAccessKey", "CreateUser"]),
        ("ResourceName", "alice", ["CreateAccessKey", "CreateUser"]),
        ("ResourceName", "ASIAANALYST000000001", ["AssumeRole"]),
        ("ResourceName", "SecurityAnalystRole", ["AssumeRole"]),
        ("EventSource", "sts.amazonaws.com", ["AssumeRole"]),
        ("AccessKeyId", "AKIAALICEALICEAL0001", ["AssumeRole", "ListUsers"]),
    ],
)
def test_each_lookup_attribute_finds_its_events_newest_first(
    trail: Database, key: str, value: str, expected: list[str]
) -> None:
    assert _names(trail, {"LookupAttributes": [{"AttributeKey": key, "AttributeValue": value}]}) == expected


def test_an_event_is_found_by_its_id_and_shaped_like_cloudtrail_s_output(trail: Database) -> None:
    with trail.read() as conn:
        newest = lookup(conn, lookup_request(ACCOUNT, {"MaxResults": 1})).events[0]
        shape = event_shape(newest)
        assert _names(
            trail, {"LookupAttributes": [{"AttributeKey": "EventId", "AttributeValue": newest.event_id}]}
        ) == ["AssumeRole"]
    assert shape["EventName"] == "AssumeRole"
    assert shape["ReadOnly"] == "false"
    assert shape["Username"] == "alice"
    assert shape["AccessKeyId"] == "AKIAALICEALICEAL0001"
    assert shape["EventSource"] == "sts.amazonaws.com"
    assert {"ResourceType": "AWS::IAM::AccessKey", "ResourceName": "ASIAANALYST000000001"} in shape[
        "Resources"
    ]
    assert shape["CloudTrailEvent"] == newest.event_json


def test_the_time_range_is_inclusive(trail: Database, now: datetime) -> None:
    params = {"StartTime": now + timedelta(minutes=1), "EndTime": now + timedelta(minutes=2)}
    assert _names(trail, params) == ["ListUsers", "CreateAccessKey"]


def test_pages_follow_next_tokens_without_gaps_or_repeats(trail: Database) -> None:
    seen: list[str] = []
    token = None
    with trail.read() as conn:
        while True:
            params: dict[str, Any] = {"MaxResults": 1}
            if token:
                params["NextToken"] = token
            page = lookup(conn, lookup_request(ACCOUNT, params))
            seen.extend(event.event_name for event in page.events)
            token = page.next_token
            if token is None:
                break
    assert seen == ["AssumeRole", "ListUsers", "CreateAccessKey", "CreateUser"]


def test_a_caller_sees_only_its_own_account_s_events(trail: Database) -> None:
    assert _names(trail, {}, account=OTHER_ACCOUNT) == ["GetUser"]


def test_more_than_one_attribute_is_refused() -> None:
    attributes = [
        {"AttributeKey": "EventName", "AttributeValue": "A"},
        {"AttributeKey": "Username", "AttributeValue": "b"},
    ]
    with pytest.raises(InvalidLookupAttributes):
        lookup_request(ACCOUNT, {"LookupAttributes": attributes})


def test_a_start_time_after_the_end_time_is_refused(now: datetime) -> None:
    with pytest.raises(InvalidTimeRange):
        lookup_request(ACCOUNT, {"StartTime": now, "EndTime": now - timedelta(seconds=1)})


@pytest.mark.parametrize("max_results", [0, 51])
def test_max_results_must_be_between_1_and_50(max_results: int) -> None:
    with pytest.raises(InvalidMaxResults):
        lookup_request(ACCOUNT, {"MaxResults": max_results})


def test_a_bad_or_foreign_next_token_is_refused(trail: Database) -> None:
    with trail.read() as conn:
        token = lookup(conn, lookup_request(ACCOUNT, {"MaxResults": 1})).next_token
        assert token is not None
        with pytest.raises(InvalidNextToken):
            lookup(conn, lookup_request(ACCOUNT, {"NextToken": "not-a-token"}))
        with pytest.raises(InvalidNextToken):  # issued for another query
            lookup(
                conn,
                lookup_request(
                    ACCOUNT,
                    {
                        "NextToken": token,
                        "LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}],
                    },
                ),
            )
        with pytest.raises(InvalidNextToken):  # issued for another account
            lookup(conn, lookup_request(OTHER_ACCOUNT, {"NextToken": token}))

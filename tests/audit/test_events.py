"""A call becomes CloudTrail's record: the fields, the identities, and no secret anywhere."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta

import pytest

from hatrack.audit.events import (
    HIDDEN,
    MAX_ERROR_MESSAGE,
    MAX_USER_AGENT,
    SecretInRecord,
    build_events,
    columns_of,
    element_time_text,
)
from hatrack.errors import AccessDenied, NoSuchEntity, ValidationError
from tests.audit.records import ACCOUNT, OTHER_ACCOUNT, assume_role, call, role_session, root, user


def _ids() -> object:
    counter = iter(range(1, 1000))
    return lambda: f"00000000-0000-0000-0000-{next(counter):012d}"


def test_a_create_user_call_becomes_a_cloudtrail_record(now: datetime) -> None:
    record = call(
        "iam",
        "CreateUser",
        root(),
        now,
        params={"UserName": "bob", "Path": "/team/", "Tags": [{"Key": "team", "Value": "red"}]},
        result={
            "User": {
                "Path": "/team/",
                "UserName": "bob",
                "UserId": "AIDAEXAMPLEEXAMPLE01",
                "Arn": f"arn:aws:iam::{ACCOUNT}:user/team/bob",
                "CreateDate": now,
            }
        },
    )
    [event] = build_events(record, make_event_id=_ids())  # type: ignore[arg-type]
    body = event.record
    assert event.account_id == ACCOUNT
    assert body["eventVersion"] == "1.09"
    assert body["userIdentity"] == {
        "type": "Root",
        "principalId": ACCOUNT,
        "arn": f"arn:aws:iam::{ACCOUNT}:root",
        "accountId": ACCOUNT,
        "accessKeyId": "AKIAROOTROOTROOT0001",
    }
    assert body["eventTime"] == "2026-11-28T12:00:00Z"
    assert body["eventSource"] == "iam.amazonaws.com"
    assert body["eventName"] == "CreateUser"
    assert body["awsRegion"] == "us-east-1"
    assert body["sourceIPAddress"] == "198.51.100.7"
    assert body["requestParameters"] == {
        "userName": "bob",
        "path": "/team/",
        "tags": [{"key": "team", "value": "red"}],
    }
    assert body["responseElements"]["user"]["userName"] == "bob"
    assert body["responseElements"]["user"]["createDate"] == "Nov 28, 2026, 12:00:00 PM"
    assert body["requestID"] == "req-1"
    assert body["eventID"] == "00000000-0000-0000-0000-000000000001"
    assert body["readOnly"] is False
    assert body["eventType"] == "AwsApiCall"
    assert body["managementEvent"] is True
    assert body["eventCategory"] == "Management"
    assert body["recipientAccountId"] == ACCOUNT
    assert "errorCode" not in body and "sharedEventID" not in body


def test_read_only_calls_keep_their_parameters_but_not_their_response(now: datetime) -> None:
    record = call(
        "iam",
        "GetUser",
        root(),
        now,
        params={"UserName": "bob"},
        result={"User": {"UserName": "bob"}},
        read_only=True,
    )
    [event] = build_events(record)
    assert event.record["requestParameters"] == {"userName": "bob"}
    assert event.record["responseElements"] is None
    assert event.record["readOnly"] is True


def test_a_denied_call_records_the_error_and_no_response(now: datetime) -> None:
    denied = AccessDenied(
        "User: arn:aws:iam::111122223333:user/eve is not authorized to perform: iam:CreateUser"
    )
    record = call(
        "iam", "CreateUser", user("eve", "AKIAEVEEVEEVEEVE0001"), now, params={"UserName": "x"}, error=denied
    )
    [event] = build_events(record)
    assert event.record["errorCode"] == "AccessDenied"
    assert event.record["errorMessage"] == denied.message
    assert event.record["responseElements"] is None
    assert event.record["userIdentity"]["type"] == "IAMUser"
    assert event.record["userIdentity"]["userName"] == "eve"


def test_a_password_is_never_recorded(now: datetime) -> None:
    password = "correct-Horse-battery-9!"
    record = call(
        "iam",
        "CreateLoginProfile",
        root(),
        now,
        params={"UserName": "bob", "Password": password, "PasswordResetRequired": True},
        result={"LoginProfile": {"UserName": "bob", "CreateDate": now, "PasswordResetRequired": True}},
    )
    [event] = build_events(record)
    assert event.record["requestParameters"] == {"userName": "bob", "passwordResetRequired": True}
    assert password not in json.dumps(event.record)


def test_a_password_equal_to_the_user_name_hides_nothing_but_the_password_field(now: datetime) -> None:
    # The password is the caller's choice: searching for it would erase any text the caller names.
    record = call(
        "iam",
        "CreateLoginProfile",
        root(),
        now,
        params={"UserName": "alice", "Password": "alice"},
        result={"LoginProfile": {"UserName": "alice", "CreateDate": now, "PasswordResetRequired": False}},
    )
    [event] = build_events(record)
    assert event.record["requestParameters"] == {"userName": "alice"}
    assert event.record["responseElements"]["loginProfile"]["userName"] == "alice"
    assert HIDDEN not in event.text


def test_an_error_message_naming_what_a_password_equals_is_kept_as_written(now: datetime) -> None:
    record = call(
        "iam",
        "ChangePassword",
        user("bob", "AKIABOBBOBBOBBOB0001"),
        now,
        params={"OldPassword": "bob", "NewPassword": "The user bob may not reuse a password"},
        error=ValidationError("The user bob may not reuse a password"),
    )
    [event] = build_events(record)
    assert event.record["errorMessage"] == "The user bob may not reuse a password"
    assert event.record["requestParameters"] == {}


def test_a_server_made_secret_left_in_the_record_refuses_the_record(now: datetime) -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    record = call(
        "iam",
        "CreateAccessKey",
        root(),
        now,
        params={"UserName": "bob"},
        result={"AccessKey": {"UserName": "bob", "AccessKeyId": "AKIANEW", "SecretAccessKey": secret}},
    )
    leaky = dataclasses.replace(record, user_agent=f"agent {secret}")
    with pytest.raises(SecretInRecord) as refused:
        build_events(leaky)
    assert secret not in str(refused.value)


def test_free_text_is_bounded(now: datetime) -> None:
    record = call("iam", "ListUsers", root(), now, read_only=True, error=NoSuchEntity("m" * 100_000))
    record = dataclasses.replace(record, user_agent="a" * 200_000)
    [event] = build_events(record)
    assert len(event.record["userAgent"]) == MAX_USER_AGENT
    assert event.record["userAgent"].endswith("[truncated]")
    assert len(event.record["errorMessage"]) == MAX_ERROR_MESSAGE


def test_an_unauthenticated_call_s_parameters_are_bounded(now: datetime) -> None:
    record = call(
        "sts",
        "AssumeRoleWithWebIdentity",
        None,
        now,
        params={"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/r", "RoleSessionName": "s" * 5000},
        error=AccessDenied("no"),
    )
    [event] = build_events(record)
    assert len(event.record["requestParameters"]["roleSessionName"]) == 1024


def test_a_new_access_key_shows_its_id_and_never_its_secret(now: datetime) -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    record = call(
        "iam",
        "CreateAccessKey",
        root(),
        now,
        params={"UserName": "bob"},
        result={
            "AccessKey": {
                "UserName": "bob",
                "AccessKeyId": "AKIANEWKEYNEWKEY0001",
                "Status": "Active",
                "SecretAccessKey": secret,
                "CreateDate": now,
            }
        },
    )
    [event] = build_events(record)
    assert event.record["responseElements"]["accessKey"] == {
        "userName": "bob",
        "accessKeyId": "AKIANEWKEYNEWKEY0001",
        "status": "Active",
        "createDate": element_time_text(now),
    }
    assert secret not in json.dumps(event.record)


def test_assume_role_shows_the_new_key_and_expiration_but_not_the_secret_or_token(now: datetime) -> None:
    caller = user("alice", "AKIAALICEALICEAL0001")
    record = assume_role(
        caller, f"arn:aws:iam::{ACCOUNT}:role/SecurityAnalystRole", "alice", "ASIAANALYST000000001", now
    )
    [event] = build_events(record)
    credentials = event.record["responseElements"]["credentials"]
    assert credentials == {
        "accessKeyId": "ASIAANALYST000000001",
        "expiration": element_time_text(now + timedelta(hours=1)),
    }
    text = json.dumps(event.record)
    assert "SECRETSECRET" not in text and "SESSIONTOKEN" not in text
    assert event.record["resources"] == [
        {
            "accountId": ACCOUNT,
            "type": "AWS::IAM::Role",
            "ARN": f"arn:aws:iam::{ACCOUNT}:role/SecurityAnalystRole",
        }
    ]
    columns = columns_of(event.record)
    assert ("AWS::IAM::AccessKey", "ASIAANALYST000000001") in columns.resources
    assert ("AWS::IAM::Role", "SecurityAnalystRole") in columns.resources


def test_a_role_session_is_an_assumed_role_with_its_issuer(now: datetime) -> None:
    alice = user("alice", "AKIAALICEALICEAL0001")
    session = role_session(
        "SecurityAnalystRole", "alice", "ASIAANALYST000000001", source=alice, now=now, mfa=True
    )
    record = call("cloudtrail", "LookupEvents", session, now, read_only=True)
    [event] = build_events(record)
    identity = event.record["userIdentity"]
    assert identity["type"] == "AssumedRole"
    assert identity["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/SecurityAnalystRole/alice"
    assert identity["accessKeyId"] == "ASIAANALYST000000001"
    assert identity["sessionContext"]["sessionIssuer"] == {
        "type": "Role",
        "principalId": "AROASECURITYANALYSTRO",
        "arn": f"arn:aws:iam::{ACCOUNT}:role/SecurityAnalystRole",
        "accountId": ACCOUNT,
        "userName": "SecurityAnalystRole",
    }
    assert identity["sessionContext"]["attributes"] == {
        "creationDate": "2026-11-28T12:00:00Z",
        "mfaAuthenticated": "true",
    }
    assert event.record["eventSource"] == "cloudtrail.amazonaws.com"
    assert event.record["requestParameters"] is None
    assert columns_of(event.record).username == "alice"
    assert "SESSIONSECRET" not in json.dumps(event.record)


def test_cross_account_assume_role_lands_in_both_accounts_joined_by_shared_event_id(now: datetime) -> None:
    caller = user("alice", "AKIAALICEALICEAL0001")
    record = assume_role(
        caller, f"arn:aws:iam::{OTHER_ACCOUNT}:role/Auditor", "alice", "ASIAOTHER00000000001", now
    )
    mine, theirs = build_events(record)
    assert (mine.account_id, theirs.account_id) == (ACCOUNT, OTHER_ACCOUNT)
    assert mine.record["sharedEventID"] == theirs.record["sharedEventID"]
    assert mine.record["eventID"] != theirs.record["eventID"]
    assert mine.record["recipientAccountId"] == ACCOUNT
    assert theirs.record["recipientAccountId"] == OTHER_ACCOUNT
    assert mine.record["userIdentity"]["type"] == "IAMUser"
    assert theirs.record["userIdentity"] == {
        "type": "AWSAccount",
        "principalId": caller.principal_id,
        "accountId": ACCOUNT,
        "accessKeyId": "AKIAALICEALICEAL0001",
    }


def test_an_unauthenticated_call_goes_to_the_key_owner_or_to_no_trail(now: datetime) -> None:
    record = call(
        "iam", "ListUsers", None, now, error=NoSuchEntity("x"), access_key_id="AKIAUNKNOWNKEY000001"
    )
    [owned] = build_events(record, key_owner=ACCOUNT)
    assert owned.account_id == ACCOUNT
    assert owned.record["userIdentity"] == {"type": "Unknown", "accessKeyId": "AKIAUNKNOWNKEY000001"}
    assert build_events(record) == []
    assert build_events(record, key_owner="999999999999", account_exists=lambda a: a == ACCOUNT) == []


def test_an_unauthenticated_assume_role_never_reaches_the_role_s_account(now: datetime) -> None:
    record = call(
        "sts",
        "AssumeRole",
        None,
        now,
        params={"RoleArn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/r", "RoleSessionName": "s"},
        error=AccessDenied("no"),
        access_key_id="AKIANOBODY0000000001",
    )
    assert build_events(record) == []


def test_a_cross_account_call_reaches_only_accounts_that_exist(now: datetime) -> None:
    caller = user("alice", "AKIAALICEALICEAL0001")
    record = assume_role(caller, "arn:aws:iam::999999999999:role/Nobody", "alice", "ASIAX0000000000001", now)
    [mine] = build_events(record, account_exists=lambda a: a == ACCOUNT)
    assert mine.account_id == ACCOUNT


def test_iam_events_are_recorded_in_the_partition_s_global_region(now: datetime) -> None:
    record = call("iam", "ListUsers", root(), now, read_only=True)
    record = dataclasses.replace(record, region="eu-west-3")
    [event] = build_events(record)
    assert event.record["awsRegion"] == "us-east-1"

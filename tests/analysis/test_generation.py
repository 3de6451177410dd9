"""The generated policy: actions grouped by the exact resources they were used on, wildcarded only
when the exact policy would not fit, replayed through the evaluator; unused parts of current policies."""

from __future__ import annotations

import json

from hatrack.analysis.generation import RecordedCall, calls_of_record, policy_document, replay, unused_parts
from hatrack.iam.policy_source import INLINE, IdentityPolicy, PrincipalPolicies

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Ops"


def user(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


def test_actions_used_on_the_same_resources_share_a_statement() -> None:
    calls = [
        RecordedCall("iam:GetUser", user("bob")),
        RecordedCall("iam:UpdateAccessKey", user("bob")),
        RecordedCall("iam:GetUser", user("carol")),
        RecordedCall("iam:ListUsers", "*"),
        RecordedCall("iam:ListUsers", f"arn:aws:iam::{ACCOUNT}:user/"),
    ]
    statements = json.loads(policy_document(calls))["Statement"]
    assert statements == [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": [user("bob"), user("carol")]},
        {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:UpdateAccessKey", "Resource": user("bob")},
    ]
    assert replay(policy_document(calls), calls, role_arn=ROLE, account_id=ACCOUNT)


def test_resources_are_wildcarded_only_when_the_exact_policy_does_not_fit() -> None:
    calls = [RecordedCall("iam:GetUser", user(f"team/member{n:03d}")) for n in range(200)]
    document = policy_document(calls)
    assert json.loads(document)["Statement"] == [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": f"arn:aws:iam::{ACCOUNT}:user/team/member*"}
    ]
    assert replay(document, calls, role_arn=ROLE, account_id=ACCOUNT)
    small = policy_document(calls[:3])
    assert json.loads(small)["Statement"][0]["Resource"] == [c.resource for c in calls[:3]]


def test_a_replay_fails_for_a_call_the_policy_does_not_cover() -> None:
    document = policy_document([RecordedCall("iam:GetUser", user("bob"))])
    assert not replay(
        document, [RecordedCall("iam:GetUser", user("alice"))], role_arn=ROLE, account_id=ACCOUNT
    )


def test_unused_parts_of_the_current_policies() -> None:
    current = PrincipalPolicies(
        identity=(
            IdentityPolicy(
                "broad",
                json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": ["iam:*", "s3:GetObject"], "Resource": "*"},
                            {"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"},
                        ],
                    }
                ),
                INLINE,
                attached_to=("role", "Ops"),
            ),
        )
    )
    unused = unused_parts(current, [RecordedCall("iam:GetUser", user("bob"))])
    assert [(u.policy, u.action, u.resources) for u in unused] == [("inline:broad", "s3:GetObject", ("*",))]


def test_an_event_without_the_authorized_pairs_counts_as_its_action_on_everything() -> None:
    old = {"eventSource": "iam.amazonaws.com", "eventName": "ListRoles"}
    assert calls_of_record(old) == [RecordedCall("iam:ListRoles", "*")]
    assert calls_of_record({"eventSource": "sts.amazonaws.com", "eventName": "GetCallerIdentity"}) == []
    recorded = {
        **old,
        "additionalEventData": {"hatrackAuthorized": [{"action": "iam:ListRoles", "resource": ROLE}]},
    }
    assert calls_of_record(recorded) == [RecordedCall("iam:ListRoles", ROLE)]

"""The pure half of trust-policy principals kept by unique id (hatrack.iam.trust_principals)."""

from __future__ import annotations

import json

from hatrack.iam.trust_principals import replace_principals, trust_for_caller

ARN = "arn:aws:iam::123456789012:role/B"
ROLE_ID = "AROAABCDEFGHIJKLMNOPQ"


def test_the_text_is_kept_as_written_when_the_arn_appears_only_as_a_principal() -> None:
    written = (
        '{ "Version":"2012-10-17",\n  "Statement":[{"Effect":"Allow","Principal":{"AWS":["' + ARN + '"]},'
    )
    written += '"Action":"sts:AssumeRole"}]}'
    stored = replace_principals(written, {ARN: ROLE_ID})
    assert stored == written.replace(ARN, ROLE_ID)
    assert replace_principals(stored, {ROLE_ID: ARN}) == written


def test_an_arn_also_used_in_a_condition_is_replaced_only_in_the_principal() -> None:
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ARN},
                    "Action": "sts:AssumeRole",
                    "Condition": {"ArnEquals": {"aws:PrincipalArn": ARN}},
                }
            ],
        }
    )
    tree = json.loads(replace_principals(document, {ARN: ROLE_ID}))
    statement = tree["Statement"][0]
    assert statement["Principal"] == {"AWS": ROLE_ID}
    assert statement["Condition"] == {"ArnEquals": {"aws:PrincipalArn": ARN}}


def test_only_the_callers_own_id_becomes_an_arn_for_the_engine() -> None:
    other = "AROAZZZZZZZZZZZZZZZZZ"
    document = json.dumps(
        {
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": [ROLE_ID, other]}, "Action": "sts:AssumeRole"}
            ]
        }
    )
    seen = json.loads(trust_for_caller(document, ROLE_ID, ARN))
    assert seen["Statement"][0]["Principal"]["AWS"] == [ARN, other]
    assert trust_for_caller(document, "AROANOTTHERE234567ABC", ARN) == document

"""The seed's story, made on a server through the AWS API (botocore, as root), step by step.

Alice (a password, access keys and a virtual MFA device) wears two hats: ``SecurityAnalystRole``
(read-only, the trail included) and ``SecurityBreakGlassRole`` (may contain a user; its trust policy
requires MFA). Mallory, a developer, does something suspicious: reconnaissance, a second access key
for herself, then attempts (denied) to create an admin user, make herself admin and wear the
break-glass hat. Every call goes through authorization and into the trail like any client's.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from hatrack.credentials.totp import TOTP_PERIOD_SECONDS, totp_code

ANALYST_ROLE = "SecurityAnalystRole"
BREAK_GLASS_ROLE = "SecurityBreakGlassRole"
ALICE = "alice"
MALLORY = "mallory"

ClientFactory = Callable[..., Any]  # (service, keys=None) -> a botocore client


@dataclass(frozen=True)
class Story:
    """What the walkthrough prints: who exists, with which secrets (a demo account's, shown once)."""

    account_id: str
    partition: str
    alice_password: str
    alice_key_id: str
    alice_secret: str
    alice_mfa_serial: str
    alice_mfa_seed: str
    analyst_role_arn: str
    break_glass_role_arn: str
    mallory_key_ids: tuple[str, ...]
    mallory_attempts: tuple[tuple[str, str], ...]  # (action, outcome)


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _trust(principal: str, *, mfa: bool) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": principal},
        "Action": "sts:AssumeRole",
    }
    if mfa:
        statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    return _document(statement)


def _password() -> str:
    # [choice] long and mixed, so it passes any account password policy a demo server may have.
    return f"Hat-{secrets.token_urlsafe(12)}-7a"


STEPS = 13  # the descriptions ``make_story`` yields before its Story (the progress bar's total)


def make_story(client: ClientFactory) -> Iterator[str | Story]:
    """Create the story; yields a description after each step, and the ``Story`` last."""
    identity = client("sts").get_caller_identity()
    account_id, partition = identity["Account"], identity["Arn"].split(":")[1]
    iam = client("iam")
    arn = f"arn:{partition}:iam::{account_id}"
    analyst_arn, break_glass_arn = f"{arn}:role/{ANALYST_ROLE}", f"{arn}:role/{BREAK_GLASS_ROLE}"
    yield f"account {account_id}"

    alice_arn = iam.create_user(UserName=ALICE)["User"]["Arn"]
    password = _password()
    iam.create_login_profile(UserName=ALICE, Password=password, PasswordResetRequired=False)
    alice_key = iam.create_access_key(UserName=ALICE)["AccessKey"]
    yield "alice: a user with a password and an access key"

    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=ALICE)["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    seed_text = seed.decode() if isinstance(seed, bytes) else str(seed)
    secret = base64.b32decode(seed_text)
    now = datetime.now(UTC)
    step = timedelta(seconds=TOTP_PERIOD_SECONDS)
    # The two codes of the two previous steps: the code an authenticator shows now is still unused.
    iam.enable_mfa_device(
        UserName=ALICE,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp_code(secret, now - 2 * step),
        AuthenticationCode2=totp_code(secret, now - step),
    )
    yield "alice: a virtual MFA device"

    iam.put_user_policy(
        UserName=ALICE,
        PolicyName="WearTheSecurityHats",
        PolicyDocument=_document(
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": [analyst_arn, break_glass_arn]}
        ),
    )
    iam.attach_user_policy(UserName=ALICE, PolicyArn=f"arn:{partition}:iam::aws:policy/IAMUserChangePassword")
    yield "alice: may wear the two security hats"

    iam.create_role(
        RoleName=ANALYST_ROLE,
        AssumeRolePolicyDocument=_trust(alice_arn, mfa=False),
        Description="Read-only investigation, the trail included",
    )
    for policy in ("ReadOnlyAccess", "AWSCloudTrail_ReadOnlyAccess"):
        iam.attach_role_policy(RoleName=ANALYST_ROLE, PolicyArn=f"arn:{partition}:iam::aws:policy/{policy}")
    yield f"{ANALYST_ROLE}: read-only, trail access"

    iam.create_role(
        RoleName=BREAK_GLASS_ROLE,
        AssumeRolePolicyDocument=_trust(alice_arn, mfa=True),
        Description="Containment of a compromised user; MFA required",
    )
    iam.put_role_policy(
        RoleName=BREAK_GLASS_ROLE,
        PolicyName="Containment",
        PolicyDocument=_document(
            {
                "Effect": "Allow",
                "Action": [
                    "iam:Get*",
                    "iam:List*",
                    "iam:UpdateAccessKey",
                    "iam:PutUserPolicy",
                    "iam:AttachUserPolicy",
                    "iam:DeleteLoginProfile",
                    "cloudtrail:LookupEvents",
                ],
                "Resource": "*",
            }
        ),
    )
    yield f"{BREAK_GLASS_ROLE}: containment, MFA required"

    iam.create_user(UserName=MALLORY)
    iam.put_user_policy(
        UserName=MALLORY,
        PolicyName="Developer",
        PolicyDocument=_document(
            {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": f"{arn}:user/{MALLORY}"},
        ),
    )
    first_key = iam.create_access_key(UserName=MALLORY)["AccessKey"]
    yield "mallory: a developer with an access key"

    keys = (first_key["AccessKeyId"], first_key["SecretAccessKey"])
    as_mallory = client("iam", keys)
    as_mallory.list_users()
    as_mallory.list_roles()
    yield "mallory: lists the users and the roles"
    as_mallory.get_account_authorization_details()
    yield "mallory: reads every policy of the account"
    second_key = as_mallory.create_access_key(UserName=MALLORY)["AccessKey"]["AccessKeyId"]
    yield "mallory: makes herself a second access key"

    attempts: list[tuple[str, str]] = [
        ("iam:ListUsers", "allowed"),
        ("iam:GetAccountAuthorizationDetails", "allowed"),
        ("iam:CreateAccessKey", "allowed"),
    ]
    for action, call in (
        ("iam:CreateUser", lambda: as_mallory.create_user(UserName="backup-admin")),
        (
            "iam:AttachUserPolicy",
            lambda: as_mallory.attach_user_policy(
                UserName=MALLORY, PolicyArn=f"arn:{partition}:iam::aws:policy/AdministratorAccess"
            ),
        ),
        (
            "sts:AssumeRole",
            lambda: client("sts", keys).assume_role(RoleArn=break_glass_arn, RoleSessionName="mallory"),
        ),
    ):
        attempts.append((action, _outcome(call)))
        yield f"mallory: tries {action}"

    yield Story(
        account_id=account_id,
        partition=partition,
        alice_password=password,
        alice_key_id=alice_key["AccessKeyId"],
        alice_secret=alice_key["SecretAccessKey"],
        alice_mfa_serial=device["SerialNumber"],
        alice_mfa_seed=seed_text,
        analyst_role_arn=analyst_arn,
        break_glass_role_arn=break_glass_arn,
        mallory_key_ids=(first_key["AccessKeyId"], second_key),
        mallory_attempts=tuple(attempts),
    )


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except ClientError as error:
        return str(error.response.get("Error", {}).get("Code", "refused"))
    return "allowed"

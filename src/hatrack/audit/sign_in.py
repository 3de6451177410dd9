"""The console's sign-in as a CloudTrail event: ``ConsoleLogin`` (eventType ``AwsConsoleSignIn``).

Not an API call, but recorded by the same recorder as one (chained, redacted, in LookupEvents and
``hatrack audit``): ``console_login_record`` builds the ``CallRecord`` that the recorder turns into
AWS's record shape (CloudTrail User Guide, "AWS Management Console sign-in events"):

- ``eventSource`` ``signin.amazonaws.com``, ``awsRegion`` ``us-east-1``, ``requestParameters`` null;
- ``responseElements`` ``{"ConsoleLogin": "Success" | "Failure"}``;
- ``additionalEventData`` ``{"LoginTo", "MobileVersion": "No", "MFAUsed": "Yes" | "No"}``;
- on failure ``errorMessage`` ``"Failed authentication"``; a user name that names no user is shown as
  ``HIDDEN_DUE_TO_SECURITY_REASONS``, as AWS does, so the trail does not collect mistyped passwords.

Imports ``hatrack.model`` and ``audit.call`` only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hatrack.audit.call import CallRecord
from hatrack.errors import IamError
from hatrack.model import Caller, CallerKind

CONSOLE_LOGIN = "ConsoleLogin"
SIGN_IN_SERVICE = "signin"
SIGN_IN_REGION = "us-east-1"
FAILED_AUTHENTICATION = "Failed authentication"
HIDDEN_USER_NAME = "HIDDEN_DUE_TO_SECURITY_REASONS"


class FailedAuthentication(IamError):
    """The errorMessage of a failed console sign-in (AWS records no errorCode for it)."""

    code = ""


def console_login_record(
    *,
    caller: Caller,
    user_known: bool,
    success: bool,
    mfa_used: bool,
    login_to: str,
    source_ip: str,
    user_agent: str,
    event_time: datetime,
    request_id: str,
) -> CallRecord:
    """The record of one sign-in attempt by ``caller`` (root or an IAM user of ``caller.account_id``).

    ``user_known`` False: the name matched no user with a password; the identity then names no user.
    """
    identity: dict[str, Any] = {"type": caller.kind.value, "accountId": caller.account_id}
    if caller.kind is CallerKind.ROOT:
        identity |= {"principalId": caller.account_id, "arn": caller.arn}
    elif caller.kind in (CallerKind.ASSUMED_ROLE, CallerKind.FEDERATED_USER):  # a federation sign-in
        identity |= {"principalId": caller.principal_id, "arn": caller.arn}
    elif user_known:
        identity |= {"principalId": caller.principal_id, "arn": caller.arn, "userName": caller.user_name}
    else:
        identity |= {"principalId": "", "userName": HIDDEN_USER_NAME}
    identity["accessKeyId"] = ""
    return CallRecord(
        request_id=request_id,
        service=SIGN_IN_SERVICE,
        operation=CONSOLE_LOGIN,
        region=SIGN_IN_REGION,
        source_ip=source_ip,
        user_agent=user_agent,
        event_time=event_time,
        caller=caller,
        access_key_id=None,
        params={},
        error=None if success else FailedAuthentication(FAILED_AUTHENTICATION),
        read_only=False,
        notes={
            "userIdentity": identity,
            "responseElements": {CONSOLE_LOGIN: "Success" if success else "Failure"},
            "additionalEventData": {
                "LoginTo": login_to,
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa_used else "No",
            },
            "eventType": "AwsConsoleSignIn",
        },
    )

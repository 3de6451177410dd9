"""What temporary credentials may not call, whatever the policies say (AWS API reference):

- credentials from ``GetSessionToken`` "cannot call any IAM API operations unless MFA authentication
  information is included in the request" and "cannot call any STS API except AssumeRole or
  GetCallerIdentity";
- credentials from ``GetFederationToken`` cannot call IAM at all, nor STS except GetCallerIdentity;
- credentials from ``AssumeRole*`` "cannot call GetFederationToken or GetSessionToken".

``check_credential_limits`` is meant to run for every request before the policy decision (the
integrator calls it from the authorizer); the STS handlers also call it themselves.
"""

from __future__ import annotations

from hatrack.errors import AccessDenied
from hatrack.model import Caller, TokenKind

SESSION_TOKEN_STS_OPERATIONS = frozenset({"AssumeRole", "GetCallerIdentity"})
FEDERATED_STS_OPERATIONS = frozenset({"GetCallerIdentity"})
NO_SESSION_CREDENTIALS_OPERATIONS = frozenset({"GetSessionToken", "GetFederationToken"})


def session_credentials_refused(operation: str) -> AccessDenied:
    return AccessDenied(f"Cannot call {operation} with session credentials")


def check_credential_limits(caller: Caller, service: str, operation: str) -> None:
    """Raise ``AccessDenied`` when ``caller``'s kind of temporary credentials may not call ``operation``."""
    session = caller.session
    if session is None:
        return
    if service == "sts" and operation in NO_SESSION_CREDENTIALS_OPERATIONS:
        raise session_credentials_refused(operation)
    action = f"{service}:{operation}"
    if session.kind is TokenKind.SESSION_TOKEN:
        if service == "iam" and not session.mfa_authenticated:
            raise AccessDenied(
                f"User: {caller.arn} is not authorized to perform: {action} because credentials from "
                "GetSessionToken can call IAM only when the session was authenticated with MFA"
            )
        if service == "sts" and operation not in SESSION_TOKEN_STS_OPERATIONS:
            raise AccessDenied(
                f"User: {caller.arn} is not authorized to perform: {action} because credentials from "
                "GetSessionToken can call only sts:AssumeRole and sts:GetCallerIdentity"
            )
    elif session.kind is TokenKind.FEDERATED and (
        service == "iam" or (service == "sts" and operation not in FEDERATED_STS_OPERATIONS)
    ):
        raise AccessDenied(
            f"User: {caller.arn} is not authorized to perform: {action} because federated user "
            "credentials cannot call IAM or STS operations other than sts:GetCallerIdentity"
        )

"""GetFederationToken: a federated user session on behalf of an IAM user (a proxy's broker).

The session's permissions are the intersection of the calling user's policies and the session
policies passed; with no session policy it has none ("the resulting federated user session has no
permissions"). It lasts 900-129,600 s (default 12 h; the root's at most one hour) and is known as
``arn:aws:sts::ACCOUNT:federated-user/NAME``. Its credentials cannot call IAM, nor STS except
GetCallerIdentity (see ``limits``).
"""

from __future__ import annotations

from datetime import datetime

from hatrack.model import Caller, SessionClaims, TokenKind
from hatrack.sts.credentials import TemporaryKeys
from hatrack.sts.session_policies import NO_PERMISSIONS_POLICY, SessionPolicies
from hatrack.sts.session_tags import SessionTagSet
from hatrack.sts.session_token import caller_session_claims


def federated_user_arn(partition: str, account_id: str, name: str) -> str:
    return f"arn:{partition}:sts::{account_id}:federated-user/{name}"


def build_federated_session(
    *,
    caller: Caller,
    name: str,
    requested_seconds: int | None,
    keys: TemporaryKeys,
    policies: SessionPolicies,
    tag_set: SessionTagSet,
    now: datetime,
) -> SessionClaims:
    return caller_session_claims(
        kind=TokenKind.FEDERATED,
        caller=caller,
        requested_seconds=requested_seconds,
        keys=keys,
        now=now,
        session_name=name,
        session_policies=policies.documents or (NO_PERMISSIONS_POLICY,),
        session_policy_arns=policies.arns,
        tags=tag_set.tags,
    )

"""GetFederationToken: a federated user session on behalf of an IAM user (a proxy's broker).

The session's permissions are the intersection of the calling user's policies and the session
policies passed; with no session policy it has none ("the resulting federated user session has no
permissions"). It lasts 900-129,600 s (default 12 h; the root's at most one hour) and is known as
``arn:aws:sts::ACCOUNT:federated-user/NAME``. Its credentials cannot call IAM, nor STS except
GetCallerIdentity (see ``limits``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hatrack.model import Caller, SessionClaims, TokenKind
from hatrack.sts.credentials import TemporaryCredentials, TemporaryKeys, session_window
from hatrack.sts.durations import session_token_seconds
from hatrack.sts.session_policies import NO_PERMISSIONS_POLICY, SessionPolicies
from hatrack.sts.session_tags import SessionTagSet


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
    seconds = session_token_seconds(requested_seconds, is_root=caller.is_root)
    issued_at, expires_at = session_window(now, seconds)
    documents = policies.documents or (NO_PERMISSIONS_POLICY,)
    return SessionClaims(
        kind=TokenKind.FEDERATED,
        account_id=caller.account_id,
        partition=caller.partition,
        access_key_id=keys.access_key_id,
        secret_access_key=keys.secret_access_key,
        issued_at=issued_at,
        expires_at=expires_at,
        session_name=name,
        user_name=None if caller.is_root else caller.user_name,
        user_id=caller.principal_id,
        user_path=caller.user_path,
        source_arn=caller.arn,
        source_access_key_id=caller.access_key_id,
        session_policies=documents,
        session_policy_arns=policies.arns,
        tags=tag_set.tags,
    )


def federation_response(
    claims: SessionClaims, credentials: TemporaryCredentials, packed_size: int | None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "Credentials": credentials.shape(),
        "FederatedUser": {
            "FederatedUserId": f"{claims.account_id}:{claims.session_name}",
            "Arn": federated_user_arn(claims.partition, claims.account_id, claims.session_name),
        },
    }
    if packed_size is not None:
        result["PackedPolicySize"] = packed_size
    return result

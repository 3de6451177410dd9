"""What every STS operation that issues a session shares at the protocol edge: the request's session
tags and policy ARNs as ``sts`` takes them, and the typed ``Credentials`` and ``AssumedRoleUser`` of
its response. It registers no operation."""

from __future__ import annotations

from hatrack.api.shapes import sts as shapes
from hatrack.model import SessionClaims, SessionTag
from hatrack.sts import assume_role as steps
from hatrack.sts.credentials import TemporaryCredentials


def session_tags(tags: tuple[shapes.Tag, ...] | None) -> tuple[SessionTag, ...]:
    return tuple(SessionTag(key=tag.key, value=tag.value) for tag in tags or ())


def policy_arns(descriptors: tuple[shapes.PolicyDescriptorType, ...] | None) -> tuple[str, ...]:
    """The ARNs of ``PolicyArns`` (a descriptor without one names nothing and is passed over)."""
    return tuple(item.arn for item in descriptors or () if item.arn)


def credentials(issued: TemporaryCredentials) -> shapes.Credentials:
    return shapes.Credentials(
        access_key_id=issued.access_key_id,
        secret_access_key=issued.secret_access_key,
        session_token=issued.session_token,
        expiration=issued.expiration,
    )


def assumed_role_user(claims: SessionClaims) -> shapes.AssumedRoleUser:
    arn, role_session_id = steps.assumed_role_user(claims)
    return shapes.AssumedRoleUser(assumed_role_id=role_session_id, arn=arn)

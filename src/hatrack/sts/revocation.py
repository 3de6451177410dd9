"""Revoking a role's active sessions the way AWS does: a deny on older token issue times.

Temporary credentials "cannot be revoked", but because "permissions are evaluated each time an AWS
request is made" AWS attaches to the role the inline policy ``AWSRevokeOlderSessions``: Deny every
action on every resource when ``aws:TokenIssueTime`` is before the moment of revocation (IAM User
Guide, "Revoking IAM role temporary security credentials"). hatrack enforces exactly that document,
whether written here or by a client with PutRolePolicy; new sessions, issued later, are unaffected.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.engine import Connection

REVOKE_POLICY_NAME = "AWSRevokeOlderSessions"


def token_issue_time_text(moment: datetime) -> str:
    """``aws:TokenIssueTime``'s format, to the millisecond (session issue times keep milliseconds)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def revoke_older_sessions_policy(revoked_at: datetime) -> str:
    """AWS's ``AWSRevokeOlderSessions`` document for a revocation at ``revoked_at``."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": ["*"],
                    "Resource": ["*"],
                    "Condition": {"DateLessThan": {"aws:TokenIssueTime": token_issue_time_text(revoked_at)}},
                }
            ],
        }
    )


def revoke_role_sessions(
    conn: Connection, account_id: str, role_name: str, *, now: datetime, partition: str
) -> str:
    """Deny every session of the role issued before ``now``; returns the role's ARN.

    ``NoSuchEntity`` when there is no such role. Replaces an earlier revocation (a later cut-off
    covers everything the earlier one did).
    """
    from hatrack.iam.attachments import ROLE, find_principal
    from hatrack.iam.inline_policies import put_inline_policy

    role = find_principal(conn, account_id, ROLE, role_name)
    put_inline_policy(conn, account_id, role, REVOKE_POLICY_NAME, revoke_older_sessions_policy(now), now=now)
    return role.arn(partition)

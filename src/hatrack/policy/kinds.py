"""Where a policy document is attached, which decides its grammar and its size quota.

Size quotas (IAM User Guide, "IAM and AWS STS quotas"): managed policy 6,144 characters; inline
policies of a user 2,048, group 5,120, role 10,240 in total; role trust policy 2,048. White space
is not counted. Imports nothing of hatrack.
"""

from __future__ import annotations

import enum


class PolicyKind(enum.Enum):
    IDENTITY = "identity"
    MANAGED = "managed"
    INLINE_USER = "inline-user"
    INLINE_GROUP = "inline-group"
    INLINE_ROLE = "inline-role"
    TRUST = "trust"
    RESOURCE = "resource"
    BOUNDARY = "boundary"
    SESSION = "session"
    SCP = "scp"

    @property
    def requires_principal(self) -> bool:
        return self in (PolicyKind.TRUST, PolicyKind.RESOURCE)

    @property
    def requires_resource(self) -> bool:
        return self is not PolicyKind.TRUST

    @property
    def size_quota(self) -> int | None:
        return _SIZE_QUOTA.get(self)

    @property
    def requires_version_2012(self) -> bool:
        """CreatePolicy refuses documents without ``"Version": "2012-10-17"`` (managed and boundaries)."""
        return self in (PolicyKind.MANAGED, PolicyKind.BOUNDARY)


_SIZE_QUOTA = {
    PolicyKind.MANAGED: 6144,
    PolicyKind.BOUNDARY: 6144,
    PolicyKind.INLINE_USER: 2048,
    PolicyKind.INLINE_GROUP: 5120,
    PolicyKind.INLINE_ROLE: 10240,
    PolicyKind.TRUST: 2048,
}

# The actions a role trust policy may name (IAM User Guide, "Role trust policies").
TRUST_POLICY_ACTIONS = (
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
)

"""Where a policy document is attached, which decides its grammar and its size quota.

Size quotas (IAM User Guide, "IAM and AWS STS quotas"): managed policy 6,144 characters; inline
policies of a user 2,048, group 5,120, role 10,240 in total; role trust policy 2,048. White space
is not counted. Imports nothing of hatrack.
"""

from __future__ import annotations

import enum

# The longest policy document any IAM API takes (botocore's ``policyDocumentType``: max 131072),
# enforced wherever a document enters (the API, the simulator, the CLI, the parser) so that no
# later step ever works on a larger one.
MAX_DOCUMENT_CHARS = 131072


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
        """IAM refuses identity policies it stores without ``"Version": "2012-10-17"``.

        CreatePolicy/CreatePolicyVersion (managed, boundaries) and Put{User,Group,Role}Policy
        (inline) answer "Policy document must be version 2012-10-17 or greater." for a missing
        Version or 2008-10-17 (observed). Trust policies and resource policies keep
        accepting 2008-10-17 (many published trust and bucket policies use it). guess: session
        policies and simulator inputs follow the lenient rule; AWS's behaviour there is unverified.
        """
        return self in _NEEDS_2012


_NEEDS_2012 = frozenset(
    {
        PolicyKind.MANAGED,
        PolicyKind.BOUNDARY,
        PolicyKind.INLINE_USER,
        PolicyKind.INLINE_GROUP,
        PolicyKind.INLINE_ROLE,
    }
)

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

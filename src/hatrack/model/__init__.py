"""Domain records shared across packages, as frozen dataclasses.

The store returns these, the services work with them, the edge serializes them. Records that only
one service uses live in that service's package (for instance ``hatrack.iam.records``).
Imports nothing of hatrack but ``types``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class CallerKind(StrEnum):
    """What kind of identity signed a request (CloudTrail's ``userIdentity.type``)."""

    ROOT = "Root"
    IAM_USER = "IAMUser"
    ASSUMED_ROLE = "AssumedRole"
    FEDERATED_USER = "FederatedUser"
    ANONYMOUS = "Unknown"
    AWS_SERVICE = "AWSService"  # a service principal (ec2.amazonaws.com) assuming a role for a workload


class TokenKind(StrEnum):
    """Which STS operation minted a session token."""

    ASSUMED_ROLE = "assumed-role"
    SESSION_TOKEN = "session-token"  # GetSessionToken: the user or root itself, temporarily
    FEDERATED = "federated"  # GetFederationToken
    # The console's own sign-in (a password, and MFA when the user has a device): the user or root
    # itself, like SESSION_TOKEN, but not held to GetSessionToken's limits (AWS's console sessions
    # call IAM without MFA). Issued only by hatrack.console after the password check.
    CONSOLE = "console"


@dataclass(frozen=True, slots=True)
class SessionTag:
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """Everything a session token carries, sealed inside it; verifying it reads no database.

    For ``ASSUMED_ROLE``: ``role_*`` name the role, ``session_name`` the RoleSessionName,
    ``source_arn`` the identity that called AssumeRole (a user, root or another session).
    For ``SESSION_TOKEN`` and ``CONSOLE``: ``user_*`` name the user (or root when ``user_name`` is None).
    For ``FEDERATED``: ``session_name`` is the federated user's name, ``user_*`` its parent user.
    """

    kind: TokenKind
    account_id: str
    partition: str
    access_key_id: str
    secret_access_key: str
    issued_at: datetime
    expires_at: datetime
    session_name: str = ""
    role_name: str = ""
    role_path: str = "/"
    role_id: str = ""
    user_name: str | None = None
    user_id: str = ""
    user_path: str = "/"
    source_arn: str = ""
    source_access_key_id: str = ""
    source_identity: str | None = None
    mfa_authenticated: bool = False
    mfa_authenticated_at: datetime | None = None
    session_policies: tuple[str, ...] = ()  # inline Policy and the documents of PolicyArns
    session_policy_arns: tuple[str, ...] = ()
    tags: tuple[SessionTag, ...] = ()
    transitive_tag_keys: tuple[str, ...] = ()
    chained: bool = False  # a role session that was itself assumed by a role session
    # A role session assumed with console credentials (Switch Role): CloudTrail's
    # sessionCredentialFromConsole, as for the console sign-in's own (TokenKind.CONSOLE) credentials.
    from_console: bool = False


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated identity of one request: who signed it, with which key, and how.

    ``principal_id`` is CloudTrail's principalId / STS's UserId: the user id (AIDA...), the
    account id for root, ``ROLEID:SESSION`` for a role session, ``ACCOUNT:NAME`` for a federated user.
    """

    kind: CallerKind
    account_id: str
    partition: str
    arn: str
    principal_id: str
    access_key_id: str = ""
    user_name: str | None = None
    user_path: str = "/"
    session: SessionClaims | None = None
    tags: tuple[SessionTag, ...] = field(default=())

    @property
    def is_root(self) -> bool:
        return self.kind is CallerKind.ROOT or (
            self.session is not None
            and self.session.kind in (TokenKind.SESSION_TOKEN, TokenKind.CONSOLE)
            and self.session.user_name is None
        )

    @property
    def is_temporary(self) -> bool:
        return self.session is not None


@dataclass(frozen=True, slots=True)
class Account:
    account_id: str
    created_at: datetime
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class AccessKey:
    """A long-term access key; ``user_name`` None means the account root's key."""

    access_key_id: str
    account_id: str
    user_name: str | None
    user_id: str
    status: str  # "Active" | "Inactive"
    created_at: datetime
    sealed_secret: bytes
    last_used_at: datetime | None = None
    last_used_service: str | None = None
    last_used_region: str | None = None

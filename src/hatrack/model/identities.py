"""Domain records (identities) that store/ returns and iam/, sts/, api/ work with: frozen dataclasses.

Imports nothing of hatrack but ``types`` and ``model``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

Tag = tuple[str, str]  # (key, value), in the order they were set


@dataclass(frozen=True, slots=True)
class OidcProviderRecord:
    account_id: str
    url: str  # without the scheme: "token.actions.githubusercontent.com" or "host/path"
    client_ids: tuple[str, ...]
    thumbprints: tuple[str, ...]
    created_at: datetime
    tags: tuple[Tag, ...] = ()

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:oidc-provider/{self.url}"

    @property
    def issuer(self) -> str:
        return f"https://{self.url}"


@dataclass(frozen=True, slots=True)
class OidcProviderKeys:
    """The key set configured for a provider: the JWKS text itself, or the URL to fetch it from."""

    account_id: str
    url: str
    jwks: str | None
    jwks_uri: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class VirtualMfaDeviceRecord:
    serial_number: str
    account_id: str
    name: str
    path: str
    sealed_seed: bytes
    created_at: datetime
    user_id: str | None = None  # the account id when enabled for the root
    user_name: str | None = None
    enabled_at: datetime | None = None
    last_used_step: int | None = None

    @property
    def is_assigned(self) -> bool:
        return self.user_id is not None


@dataclass(frozen=True, slots=True)
class LoginProfileRecord:
    user_id: str
    account_id: str
    password_hash: str
    password_reset_required: bool
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True, slots=True)
class PasswordPolicyRecord:
    """The account password policy as stored (AWS's defaults are applied by ``hatrack.iam``)."""

    minimum_password_length: int = 8
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase_characters: bool = False
    require_lowercase_characters: bool = False
    allow_users_to_change_password: bool = False
    max_password_age: int | None = None
    password_reuse_prevention: int | None = None
    hard_expiry: bool = False


@dataclass(frozen=True, slots=True)
class InstanceProfileRecord:
    instance_profile_id: str
    account_id: str
    instance_profile_name: str
    path: str
    created_at: datetime
    role_ids: tuple[str, ...] = ()
    tags: tuple[Tag, ...] = ()

    def arn(self, partition: str) -> str:
        return (
            f"arn:{partition}:iam::{self.account_id}:instance-profile{self.path}{self.instance_profile_name}"
        )


@dataclass(frozen=True, slots=True)
class RoleRecord:
    role_id: str
    account_id: str
    role_name: str
    path: str
    assume_role_policy_document: str
    max_session_duration: int
    created_at: datetime
    description: str | None = None
    permissions_boundary_arn: str | None = None
    last_used_at: datetime | None = None
    last_used_region: str | None = None
    tags: tuple[Tag, ...] = ()

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:role{self.path}{self.role_name}"


@dataclass(frozen=True, slots=True)
class GroupRecord:
    group_id: str
    account_id: str
    name: str
    path: str
    created_at: datetime

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:group{self.path}{self.name}"

    @property
    def name_lower(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class UserRecord:
    user_id: str
    account_id: str
    name: str
    path: str
    created_at: datetime
    permissions_boundary_arn: str | None = None
    password_last_used: datetime | None = None
    tags: tuple[Tag, ...] = field(default=())

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:user{self.path}{self.name}"

    @property
    def name_lower(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class SamlProviderRecord:
    """An IAM SAML 2.0 identity provider: its metadata document and what was read from it."""

    account_id: str
    name: str  # the friendly name, the last part of the ARN
    provider_uuid: str
    metadata_document: str
    entity_id: str  # the IdP's entityID, the Issuer its assertions must name
    certificates: tuple[str, ...]  # the IdP's signing certificates (PEM), from the metadata
    created_at: datetime
    valid_until: datetime
    tags: tuple[Tag, ...] = ()

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:saml-provider/{self.name}"


@dataclass(frozen=True, slots=True)
class SshKeyRow:
    """An IAM user's SSH public key (OpenSSH form) and its MD5 fingerprint."""

    key_id: str
    account_id: str
    user_id: str
    body: str
    fingerprint: str
    status: str
    uploaded_at: datetime


@dataclass(frozen=True, slots=True)
class SigningCertificateRecord:
    """An X.509 signing certificate of an IAM user (or of the account root: ``owner_id`` the account
    id), its SHA-256 fingerprint (one certificate belongs to one owner of an account)."""

    certificate_id: str
    account_id: str
    owner_id: str
    body: str
    fingerprint: str
    status: str
    uploaded_at: datetime

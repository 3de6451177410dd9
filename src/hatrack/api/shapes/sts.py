"""Typed shapes of the sts model (botocore), written by scripts/generate_shapes.py.

Do not edit: regenerate. tests/api/test_shapes.py fails when this file drifts from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from hatrack.api.shapes.base import Field, Kind, Shape


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyDescriptorType(Shape):
    """``PolicyDescriptorType`` of the sts model."""

    arn: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyDescriptorType"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("arn", "arn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag(Shape):
    """``Tag`` of the sts model."""

    key: str
    value: str
    WIRE_NAME: ClassVar[str] = "Tag"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("key", "Key", Kind.SCALAR),
        Field("value", "Value", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvidedContext(Shape):
    """``ProvidedContext`` of the sts model."""

    provider_arn: str | None = None
    context_assertion: str | None = None
    WIRE_NAME: ClassVar[str] = "ProvidedContext"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("provider_arn", "ProviderArn", Kind.SCALAR),
        Field("context_assertion", "ContextAssertion", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleRequest(Shape):
    """``AssumeRoleRequest`` of the sts model."""

    role_arn: str
    role_session_name: str
    policy_arns: tuple[PolicyDescriptorType, ...] | None = None
    policy: str | None = None
    duration_seconds: int | None = None
    tags: tuple[Tag, ...] | None = None
    transitive_tag_keys: tuple[str, ...] | None = None
    external_id: str | None = None
    serial_number: str | None = None
    token_code: str | None = None
    source_identity: str | None = None
    provided_contexts: tuple[ProvidedContext, ...] | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_arn", "RoleArn", Kind.SCALAR),
        Field("role_session_name", "RoleSessionName", Kind.SCALAR),
        Field("policy_arns", "PolicyArns", Kind.LIST, PolicyDescriptorType),
        Field("policy", "Policy", Kind.SCALAR),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("transitive_tag_keys", "TransitiveTagKeys", Kind.LIST, None),
        Field("external_id", "ExternalId", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("token_code", "TokenCode", Kind.SCALAR),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
        Field("provided_contexts", "ProvidedContexts", Kind.LIST, ProvidedContext),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Credentials(Shape):
    """``Credentials`` of the sts model."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime
    WIRE_NAME: ClassVar[str] = "Credentials"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
        Field("secret_access_key", "SecretAccessKey", Kind.SCALAR),
        Field("session_token", "SessionToken", Kind.SCALAR),
        Field("expiration", "Expiration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumedRoleUser(Shape):
    """``AssumedRoleUser`` of the sts model."""

    assumed_role_id: str
    arn: str
    WIRE_NAME: ClassVar[str] = "AssumedRoleUser"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("assumed_role_id", "AssumedRoleId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleResponse(Shape):
    """``AssumeRoleResponse`` of the sts model."""

    credentials: Credentials | None = None
    assumed_role_user: AssumedRoleUser | None = None
    packed_policy_size: int | None = None
    source_identity: str | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("assumed_role_user", "AssumedRoleUser", Kind.STRUCTURE, AssumedRoleUser),
        Field("packed_policy_size", "PackedPolicySize", Kind.SCALAR),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleWithSAMLRequest(Shape):
    """``AssumeRoleWithSAMLRequest`` of the sts model."""

    role_arn: str
    principal_arn: str
    saml_assertion: str
    policy_arns: tuple[PolicyDescriptorType, ...] | None = None
    policy: str | None = None
    duration_seconds: int | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleWithSAMLRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_arn", "RoleArn", Kind.SCALAR),
        Field("principal_arn", "PrincipalArn", Kind.SCALAR),
        Field("saml_assertion", "SAMLAssertion", Kind.SCALAR),
        Field("policy_arns", "PolicyArns", Kind.LIST, PolicyDescriptorType),
        Field("policy", "Policy", Kind.SCALAR),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginIdentity(Shape):
    """``OriginIdentity`` of the sts model."""

    subject: str | None = None
    subject_type: str | None = None
    issuer: str | None = None
    federated_provider_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "OriginIdentity"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("subject", "Subject", Kind.SCALAR),
        Field("subject_type", "SubjectType", Kind.SCALAR),
        Field("issuer", "Issuer", Kind.SCALAR),
        Field("federated_provider_arn", "FederatedProviderArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionContext(Shape):
    """``TransactionContext`` of the sts model."""

    identity_provider: dict[str, str] | None = None
    WIRE_NAME: ClassVar[str] = "TransactionContext"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("identity_provider", "IdentityProvider", Kind.MAP, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrustedIdentityPropagationContext(Shape):
    """``TrustedIdentityPropagationContext`` of the sts model."""

    origin_identity: OriginIdentity | None = None
    transaction_context: TransactionContext | None = None
    WIRE_NAME: ClassVar[str] = "TrustedIdentityPropagationContext"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("origin_identity", "OriginIdentity", Kind.STRUCTURE, OriginIdentity),
        Field("transaction_context", "TransactionContext", Kind.STRUCTURE, TransactionContext),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleWithSAMLResponse(Shape):
    """``AssumeRoleWithSAMLResponse`` of the sts model."""

    credentials: Credentials | None = None
    assumed_role_user: AssumedRoleUser | None = None
    packed_policy_size: int | None = None
    subject: str | None = None
    subject_type: str | None = None
    issuer: str | None = None
    audience: str | None = None
    name_qualifier: str | None = None
    source_identity: str | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    trusted_identity_propagation_context: TrustedIdentityPropagationContext | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleWithSAMLResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("assumed_role_user", "AssumedRoleUser", Kind.STRUCTURE, AssumedRoleUser),
        Field("packed_policy_size", "PackedPolicySize", Kind.SCALAR),
        Field("subject", "Subject", Kind.SCALAR),
        Field("subject_type", "SubjectType", Kind.SCALAR),
        Field("issuer", "Issuer", Kind.SCALAR),
        Field("audience", "Audience", Kind.SCALAR),
        Field("name_qualifier", "NameQualifier", Kind.SCALAR),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
        Field(
            "trusted_identity_propagation_context",
            "TrustedIdentityPropagationContext",
            Kind.STRUCTURE,
            TrustedIdentityPropagationContext,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleWithWebIdentityRequest(Shape):
    """``AssumeRoleWithWebIdentityRequest`` of the sts model."""

    role_arn: str
    role_session_name: str
    web_identity_token: str
    provider_id: str | None = None
    policy_arns: tuple[PolicyDescriptorType, ...] | None = None
    policy: str | None = None
    duration_seconds: int | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleWithWebIdentityRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_arn", "RoleArn", Kind.SCALAR),
        Field("role_session_name", "RoleSessionName", Kind.SCALAR),
        Field("web_identity_token", "WebIdentityToken", Kind.SCALAR),
        Field("provider_id", "ProviderId", Kind.SCALAR),
        Field("policy_arns", "PolicyArns", Kind.LIST, PolicyDescriptorType),
        Field("policy", "Policy", Kind.SCALAR),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRoleWithWebIdentityResponse(Shape):
    """``AssumeRoleWithWebIdentityResponse`` of the sts model."""

    credentials: Credentials | None = None
    subject_from_web_identity_token: str | None = None
    assumed_role_user: AssumedRoleUser | None = None
    packed_policy_size: int | None = None
    provider: str | None = None
    audience: str | None = None
    source_identity: str | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    trusted_identity_propagation_context: TrustedIdentityPropagationContext | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRoleWithWebIdentityResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("subject_from_web_identity_token", "SubjectFromWebIdentityToken", Kind.SCALAR),
        Field("assumed_role_user", "AssumedRoleUser", Kind.STRUCTURE, AssumedRoleUser),
        Field("packed_policy_size", "PackedPolicySize", Kind.SCALAR),
        Field("provider", "Provider", Kind.SCALAR),
        Field("audience", "Audience", Kind.SCALAR),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
        Field(
            "trusted_identity_propagation_context",
            "TrustedIdentityPropagationContext",
            Kind.STRUCTURE,
            TrustedIdentityPropagationContext,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRootRequest(Shape):
    """``AssumeRootRequest`` of the sts model."""

    target_principal: str
    task_policy_arn: PolicyDescriptorType
    duration_seconds: int | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRootRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("target_principal", "TargetPrincipal", Kind.SCALAR),
        Field("task_policy_arn", "TaskPolicyArn", Kind.STRUCTURE, PolicyDescriptorType),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssumeRootResponse(Shape):
    """``AssumeRootResponse`` of the sts model."""

    credentials: Credentials | None = None
    source_identity: str | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "AssumeRootResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodeAuthorizationMessageRequest(Shape):
    """``DecodeAuthorizationMessageRequest`` of the sts model."""

    encoded_message: str
    WIRE_NAME: ClassVar[str] = "DecodeAuthorizationMessageRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("encoded_message", "EncodedMessage", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodeAuthorizationMessageResponse(Shape):
    """``DecodeAuthorizationMessageResponse`` of the sts model."""

    decoded_message: str | None = None
    WIRE_NAME: ClassVar[str] = "DecodeAuthorizationMessageResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("decoded_message", "DecodedMessage", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccessKeyInfoRequest(Shape):
    """``GetAccessKeyInfoRequest`` of the sts model."""

    access_key_id: str
    WIRE_NAME: ClassVar[str] = "GetAccessKeyInfoRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("access_key_id", "AccessKeyId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccessKeyInfoResponse(Shape):
    """``GetAccessKeyInfoResponse`` of the sts model."""

    account: str | None = None
    WIRE_NAME: ClassVar[str] = "GetAccessKeyInfoResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("account", "Account", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCallerIdentityRequest(Shape):
    """``GetCallerIdentityRequest`` of the sts model."""

    WIRE_NAME: ClassVar[str] = "GetCallerIdentityRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCallerIdentityResponse(Shape):
    """``GetCallerIdentityResponse`` of the sts model."""

    user_id: str | None = None
    account: str | None = None
    arn: str | None = None
    WIRE_NAME: ClassVar[str] = "GetCallerIdentityResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_id", "UserId", Kind.SCALAR),
        Field("account", "Account", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDelegatedAccessTokenRequest(Shape):
    """``GetDelegatedAccessTokenRequest`` of the sts model."""

    trade_in_token: str
    WIRE_NAME: ClassVar[str] = "GetDelegatedAccessTokenRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("trade_in_token", "TradeInToken", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDelegatedAccessTokenResponse(Shape):
    """``GetDelegatedAccessTokenResponse`` of the sts model."""

    credentials: Credentials | None = None
    packed_policy_size: int | None = None
    assumed_principal: str | None = None
    WIRE_NAME: ClassVar[str] = "GetDelegatedAccessTokenResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("packed_policy_size", "PackedPolicySize", Kind.SCALAR),
        Field("assumed_principal", "AssumedPrincipal", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetFederationTokenRequest(Shape):
    """``GetFederationTokenRequest`` of the sts model."""

    name: str
    policy: str | None = None
    policy_arns: tuple[PolicyDescriptorType, ...] | None = None
    duration_seconds: int | None = None
    tags: tuple[Tag, ...] | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "GetFederationTokenRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("name", "Name", Kind.SCALAR),
        Field("policy", "Policy", Kind.SCALAR),
        Field("policy_arns", "PolicyArns", Kind.LIST, PolicyDescriptorType),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FederatedUser(Shape):
    """``FederatedUser`` of the sts model."""

    federated_user_id: str
    arn: str
    WIRE_NAME: ClassVar[str] = "FederatedUser"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("federated_user_id", "FederatedUserId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetFederationTokenResponse(Shape):
    """``GetFederationTokenResponse`` of the sts model."""

    credentials: Credentials | None = None
    federated_user: FederatedUser | None = None
    packed_policy_size: int | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "GetFederationTokenResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("federated_user", "FederatedUser", Kind.STRUCTURE, FederatedUser),
        Field("packed_policy_size", "PackedPolicySize", Kind.SCALAR),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetScopedCredentialsRequest(Shape):
    """``GetScopedCredentialsRequest`` of the sts model."""

    policy: str | None = None
    duration_seconds: int | None = None
    minimum_session_token_size: int | None = None
    scoped_session_description: str | None = None
    WIRE_NAME: ClassVar[str] = "GetScopedCredentialsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy", "Policy", Kind.SCALAR),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
        Field("scoped_session_description", "ScopedSessionDescription", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopedSession(Shape):
    """``ScopedSession`` of the sts model."""

    scoped_session_id: str
    arn: str
    WIRE_NAME: ClassVar[str] = "ScopedSession"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("scoped_session_id", "ScopedSessionId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetScopedCredentialsResponse(Shape):
    """``GetScopedCredentialsResponse`` of the sts model."""

    credentials: Credentials | None = None
    session_info: ScopedSession | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    scoped_policies_count: int | None = None
    source_identity: str | None = None
    WIRE_NAME: ClassVar[str] = "GetScopedCredentialsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("session_info", "SessionInfo", Kind.STRUCTURE, ScopedSession),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
        Field("scoped_policies_count", "ScopedPoliciesCount", Kind.SCALAR),
        Field("source_identity", "SourceIdentity", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSessionTokenRequest(Shape):
    """``GetSessionTokenRequest`` of the sts model."""

    duration_seconds: int | None = None
    serial_number: str | None = None
    token_code: str | None = None
    minimum_session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "GetSessionTokenRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("token_code", "TokenCode", Kind.SCALAR),
        Field("minimum_session_token_size", "MinimumSessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSessionTokenResponse(Shape):
    """``GetSessionTokenResponse`` of the sts model."""

    credentials: Credentials | None = None
    session_token_utilization: int | None = None
    session_token_size: int | None = None
    WIRE_NAME: ClassVar[str] = "GetSessionTokenResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("credentials", "Credentials", Kind.STRUCTURE, Credentials),
        Field("session_token_utilization", "SessionTokenUtilization", Kind.SCALAR),
        Field("session_token_size", "SessionTokenSize", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetWebIdentityTokenRequest(Shape):
    """``GetWebIdentityTokenRequest`` of the sts model."""

    audience: tuple[str, ...]
    duration_seconds: int | None = None
    signing_algorithm: str
    scope: str | None = None
    subject_mode: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "GetWebIdentityTokenRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("audience", "Audience", Kind.LIST, None),
        Field("duration_seconds", "DurationSeconds", Kind.SCALAR),
        Field("signing_algorithm", "SigningAlgorithm", Kind.SCALAR),
        Field("scope", "Scope", Kind.SCALAR),
        Field("subject_mode", "SubjectMode", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetWebIdentityTokenResponse(Shape):
    """``GetWebIdentityTokenResponse`` of the sts model."""

    web_identity_token: str | None = None
    expiration: datetime | None = None
    WIRE_NAME: ClassVar[str] = "GetWebIdentityTokenResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("web_identity_token", "WebIdentityToken", Kind.SCALAR),
        Field("expiration", "Expiration", Kind.SCALAR),
    )


REQUESTS: dict[str, type[Shape]] = {
    "AssumeRole": AssumeRoleRequest,
    "AssumeRoleWithSAML": AssumeRoleWithSAMLRequest,
    "AssumeRoleWithWebIdentity": AssumeRoleWithWebIdentityRequest,
    "AssumeRoot": AssumeRootRequest,
    "DecodeAuthorizationMessage": DecodeAuthorizationMessageRequest,
    "GetAccessKeyInfo": GetAccessKeyInfoRequest,
    "GetCallerIdentity": GetCallerIdentityRequest,
    "GetDelegatedAccessToken": GetDelegatedAccessTokenRequest,
    "GetFederationToken": GetFederationTokenRequest,
    "GetScopedCredentials": GetScopedCredentialsRequest,
    "GetSessionToken": GetSessionTokenRequest,
    "GetWebIdentityToken": GetWebIdentityTokenRequest,
}

RESPONSES: dict[str, type[Shape]] = {
    "AssumeRole": AssumeRoleResponse,
    "AssumeRoleWithSAML": AssumeRoleWithSAMLResponse,
    "AssumeRoleWithWebIdentity": AssumeRoleWithWebIdentityResponse,
    "AssumeRoot": AssumeRootResponse,
    "DecodeAuthorizationMessage": DecodeAuthorizationMessageResponse,
    "GetAccessKeyInfo": GetAccessKeyInfoResponse,
    "GetCallerIdentity": GetCallerIdentityResponse,
    "GetDelegatedAccessToken": GetDelegatedAccessTokenResponse,
    "GetFederationToken": GetFederationTokenResponse,
    "GetScopedCredentials": GetScopedCredentialsResponse,
    "GetSessionToken": GetSessionTokenResponse,
    "GetWebIdentityToken": GetWebIdentityTokenResponse,
}

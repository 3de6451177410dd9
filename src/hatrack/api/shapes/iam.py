"""Typed shapes of the iam model (botocore), written by scripts/generate_shapes.py.

Do not edit: regenerate. tests/api/test_shapes.py fails when this file drifts from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from hatrack.api.shapes.base import Field, Kind, Shape


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptDelegationRequestRequest(Shape):
    """``AcceptDelegationRequestRequest`` of the iam model."""

    delegation_request_id: str
    WIRE_NAME: ClassVar[str] = "AcceptDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementValueEntry(Shape):
    """``ReplacementValueEntry`` of the iam model."""

    values: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "ReplacementValueEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("values", "Values", Kind.LIST, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class AcquireRoleRequest(Shape):
    """``AcquireRoleRequest`` of the iam model."""

    template_arn: str
    template_minor_version: int | None = None
    replacement_values: dict[str, ReplacementValueEntry] | None = None
    WIRE_NAME: ClassVar[str] = "AcquireRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("template_arn", "TemplateArn", Kind.SCALAR),
        Field("template_minor_version", "TemplateMinorVersion", Kind.SCALAR),
        Field("replacement_values", "ReplacementValues", Kind.MAP, ReplacementValueEntry),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachedPermissionsBoundary(Shape):
    """``AttachedPermissionsBoundary`` of the iam model."""

    permissions_boundary_type: str | None = None
    permissions_boundary_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "AttachedPermissionsBoundary"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("permissions_boundary_type", "PermissionsBoundaryType", Kind.SCALAR),
        Field("permissions_boundary_arn", "PermissionsBoundaryArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag(Shape):
    """``Tag`` of the iam model."""

    key: str
    value: str
    WIRE_NAME: ClassVar[str] = "Tag"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("key", "Key", Kind.SCALAR),
        Field("value", "Value", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleLastUsed(Shape):
    """``RoleLastUsed`` of the iam model."""

    last_used_date: datetime | None = None
    region: str | None = None
    WIRE_NAME: ClassVar[str] = "RoleLastUsed"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("last_used_date", "LastUsedDate", Kind.SCALAR),
        Field("region", "Region", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRoleTemplate(Shape):
    """``SourceRoleTemplate`` of the iam model."""

    template_arn: str
    template_minor_version: int
    WIRE_NAME: ClassVar[str] = "SourceRoleTemplate"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("template_arn", "TemplateArn", Kind.SCALAR),
        Field("template_minor_version", "TemplateMinorVersion", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(Shape):
    """``Role`` of the iam model."""

    path: str
    role_name: str
    role_id: str
    arn: str
    create_date: datetime
    assume_role_policy_document: str | None = None
    description: str | None = None
    max_session_duration: int | None = None
    max_signin_session_duration: int | None = None
    permissions_boundary: AttachedPermissionsBoundary | None = None
    tags: tuple[Tag, ...] | None = None
    role_last_used: RoleLastUsed | None = None
    source_role_template: SourceRoleTemplate | None = None
    WIRE_NAME: ClassVar[str] = "Role"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("role_id", "RoleId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("assume_role_policy_document", "AssumeRolePolicyDocument", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("max_session_duration", "MaxSessionDuration", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.STRUCTURE, AttachedPermissionsBoundary),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("role_last_used", "RoleLastUsed", Kind.STRUCTURE, RoleLastUsed),
        Field("source_role_template", "SourceRoleTemplate", Kind.STRUCTURE, SourceRoleTemplate),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AcquireRoleResponse(Shape):
    """``AcquireRoleResponse`` of the iam model."""

    role: Role
    WIRE_NAME: ClassVar[str] = "AcquireRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role", "Role", Kind.STRUCTURE, Role),)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddClientIDToOpenIDConnectProviderRequest(Shape):
    """``AddClientIDToOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    client_id: str
    WIRE_NAME: ClassVar[str] = "AddClientIDToOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("client_id", "ClientID", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AddRoleToInstanceProfileRequest(Shape):
    """``AddRoleToInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    role_name: str
    WIRE_NAME: ClassVar[str] = "AddRoleToInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("role_name", "RoleName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AddUserToGroupRequest(Shape):
    """``AddUserToGroupRequest`` of the iam model."""

    group_name: str
    user_name: str
    WIRE_NAME: ClassVar[str] = "AddUserToGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssociateDelegationRequestRequest(Shape):
    """``AssociateDelegationRequestRequest`` of the iam model."""

    delegation_request_id: str
    WIRE_NAME: ClassVar[str] = "AssociateDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachGroupPolicyRequest(Shape):
    """``AttachGroupPolicyRequest`` of the iam model."""

    group_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "AttachGroupPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachRolePolicyRequest(Shape):
    """``AttachRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "AttachRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachUserPolicyRequest(Shape):
    """``AttachUserPolicyRequest`` of the iam model."""

    user_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "AttachUserPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangePasswordRequest(Shape):
    """``ChangePasswordRequest`` of the iam model."""

    old_password: str
    new_password: str
    WIRE_NAME: ClassVar[str] = "ChangePasswordRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("old_password", "OldPassword", Kind.SCALAR),
        Field("new_password", "NewPassword", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAccessKeyRequest(Shape):
    """``CreateAccessKeyRequest`` of the iam model."""

    user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "CreateAccessKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessKey(Shape):
    """``AccessKey`` of the iam model."""

    user_name: str | None = None
    access_key_id: str
    status: str
    secret_access_key: str
    create_date: datetime | None = None
    WIRE_NAME: ClassVar[str] = "AccessKey"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("secret_access_key", "SecretAccessKey", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAccessKeyResponse(Shape):
    """``CreateAccessKeyResponse`` of the iam model."""

    access_key: AccessKey
    WIRE_NAME: ClassVar[str] = "CreateAccessKeyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("access_key", "AccessKey", Kind.STRUCTURE, AccessKey),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAccountAliasRequest(Shape):
    """``CreateAccountAliasRequest`` of the iam model."""

    account_alias: str
    WIRE_NAME: ClassVar[str] = "CreateAccountAliasRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("account_alias", "AccountAlias", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyParameter(Shape):
    """``PolicyParameter`` of the iam model."""

    name: str | None = None
    values: tuple[str, ...] | None = None
    type: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyParameter"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("name", "Name", Kind.SCALAR),
        Field("values", "Values", Kind.LIST, None),
        Field("type", "Type", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegationPermission(Shape):
    """``DelegationPermission`` of the iam model."""

    policy_template_arn: str | None = None
    parameters: tuple[PolicyParameter, ...] | None = None
    WIRE_NAME: ClassVar[str] = "DelegationPermission"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_template_arn", "PolicyTemplateArn", Kind.SCALAR),
        Field("parameters", "Parameters", Kind.LIST, PolicyParameter),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateDelegationRequestRequest(Shape):
    """``CreateDelegationRequestRequest`` of the iam model."""

    owner_account_id: str | None = None
    description: str
    permissions: DelegationPermission
    request_message: str | None = None
    requestor_workflow_id: str
    redirect_url: str | None = None
    notification_channel: str
    session_duration: int
    only_send_by_owner: bool | None = None
    WIRE_NAME: ClassVar[str] = "CreateDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("owner_account_id", "OwnerAccountId", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("permissions", "Permissions", Kind.STRUCTURE, DelegationPermission),
        Field("request_message", "RequestMessage", Kind.SCALAR),
        Field("requestor_workflow_id", "RequestorWorkflowId", Kind.SCALAR),
        Field("redirect_url", "RedirectUrl", Kind.SCALAR),
        Field("notification_channel", "NotificationChannel", Kind.SCALAR),
        Field("session_duration", "SessionDuration", Kind.SCALAR),
        Field("only_send_by_owner", "OnlySendByOwner", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateDelegationRequestResponse(Shape):
    """``CreateDelegationRequestResponse`` of the iam model."""

    console_deep_link: str | None = None
    delegation_request_id: str | None = None
    WIRE_NAME: ClassVar[str] = "CreateDelegationRequestResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("console_deep_link", "ConsoleDeepLink", Kind.SCALAR),
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateGroupRequest(Shape):
    """``CreateGroupRequest`` of the iam model."""

    path: str | None = None
    group_name: str
    WIRE_NAME: ClassVar[str] = "CreateGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("group_name", "GroupName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Group(Shape):
    """``Group`` of the iam model."""

    path: str
    group_name: str
    group_id: str
    arn: str
    create_date: datetime
    WIRE_NAME: ClassVar[str] = "Group"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("group_id", "GroupId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateGroupResponse(Shape):
    """``CreateGroupResponse`` of the iam model."""

    group: Group
    WIRE_NAME: ClassVar[str] = "CreateGroupResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("group", "Group", Kind.STRUCTURE, Group),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateInstanceProfileRequest(Shape):
    """``CreateInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    path: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("path", "Path", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class InstanceProfile(Shape):
    """``InstanceProfile`` of the iam model."""

    path: str
    instance_profile_name: str
    instance_profile_id: str
    arn: str
    create_date: datetime
    roles: tuple[Role, ...]
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "InstanceProfile"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("instance_profile_id", "InstanceProfileId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("roles", "Roles", Kind.LIST, Role),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateInstanceProfileResponse(Shape):
    """``CreateInstanceProfileResponse`` of the iam model."""

    instance_profile: InstanceProfile
    WIRE_NAME: ClassVar[str] = "CreateInstanceProfileResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile", "InstanceProfile", Kind.STRUCTURE, InstanceProfile),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateLoginProfileRequest(Shape):
    """``CreateLoginProfileRequest`` of the iam model."""

    user_name: str | None = None
    password: str | None = None
    password_reset_required: bool | None = None
    max_signin_session_duration: int | None = None
    WIRE_NAME: ClassVar[str] = "CreateLoginProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("password", "Password", Kind.SCALAR),
        Field("password_reset_required", "PasswordResetRequired", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginProfile(Shape):
    """``LoginProfile`` of the iam model."""

    user_name: str
    create_date: datetime
    password_reset_required: bool | None = None
    max_signin_session_duration: int | None = None
    WIRE_NAME: ClassVar[str] = "LoginProfile"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("password_reset_required", "PasswordResetRequired", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateLoginProfileResponse(Shape):
    """``CreateLoginProfileResponse`` of the iam model."""

    login_profile: LoginProfile
    WIRE_NAME: ClassVar[str] = "CreateLoginProfileResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("login_profile", "LoginProfile", Kind.STRUCTURE, LoginProfile),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextProviderKeyDefinition(Shape):
    """``ContextProviderKeyDefinition`` of the iam model."""

    source_key: str
    target_key: str | None = None
    WIRE_NAME: ClassVar[str] = "ContextProviderKeyDefinition"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("source_key", "SourceKey", Kind.SCALAR),
        Field("target_key", "TargetKey", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextProvider(Shape):
    """``ContextProvider`` of the iam model."""

    key_definition_list: tuple[ContextProviderKeyDefinition, ...] | None = None
    subject_source_key: str
    subject_type_value: str | None = None
    subject_type_source_key: str | None = None
    WIRE_NAME: ClassVar[str] = "ContextProvider"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("key_definition_list", "KeyDefinitionList", Kind.LIST, ContextProviderKeyDefinition),
        Field("subject_source_key", "SubjectSourceKey", Kind.SCALAR),
        Field("subject_type_value", "SubjectTypeValue", Kind.SCALAR),
        Field("subject_type_source_key", "SubjectTypeSourceKey", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateOpenIDConnectProviderRequest(Shape):
    """``CreateOpenIDConnectProviderRequest`` of the iam model."""

    url: str
    client_id_list: tuple[str, ...] | None = None
    thumbprint_list: tuple[str, ...] | None = None
    tags: tuple[Tag, ...] | None = None
    context_provider: ContextProvider | None = None
    identity_center_instance_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "CreateOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("url", "Url", Kind.SCALAR),
        Field("client_id_list", "ClientIDList", Kind.LIST, None),
        Field("thumbprint_list", "ThumbprintList", Kind.LIST, None),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateOpenIDConnectProviderResponse(Shape):
    """``CreateOpenIDConnectProviderResponse`` of the iam model."""

    open_id_connect_provider_arn: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateOpenIDConnectProviderResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePolicyRequest(Shape):
    """``CreatePolicyRequest`` of the iam model."""

    policy_name: str
    path: str | None = None
    policy_document: str
    description: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreatePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("path", "Path", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Shape):
    """``Policy`` of the iam model."""

    policy_name: str | None = None
    policy_id: str | None = None
    arn: str | None = None
    path: str | None = None
    default_version_id: str | None = None
    attachment_count: int | None = None
    permissions_boundary_usage_count: int | None = None
    is_attachable: bool | None = None
    description: str | None = None
    create_date: datetime | None = None
    update_date: datetime | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "Policy"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_id", "PolicyId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("path", "Path", Kind.SCALAR),
        Field("default_version_id", "DefaultVersionId", Kind.SCALAR),
        Field("attachment_count", "AttachmentCount", Kind.SCALAR),
        Field("permissions_boundary_usage_count", "PermissionsBoundaryUsageCount", Kind.SCALAR),
        Field("is_attachable", "IsAttachable", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("update_date", "UpdateDate", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePolicyResponse(Shape):
    """``CreatePolicyResponse`` of the iam model."""

    policy: Policy | None = None
    WIRE_NAME: ClassVar[str] = "CreatePolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("policy", "Policy", Kind.STRUCTURE, Policy),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePolicyVersionRequest(Shape):
    """``CreatePolicyVersionRequest`` of the iam model."""

    policy_arn: str
    policy_document: str
    set_as_default: bool | None = None
    WIRE_NAME: ClassVar[str] = "CreatePolicyVersionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
        Field("set_as_default", "SetAsDefault", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyVersion(Shape):
    """``PolicyVersion`` of the iam model."""

    document: str | None = None
    version_id: str | None = None
    is_default_version: bool | None = None
    create_date: datetime | None = None
    WIRE_NAME: ClassVar[str] = "PolicyVersion"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("document", "Document", Kind.SCALAR),
        Field("version_id", "VersionId", Kind.SCALAR),
        Field("is_default_version", "IsDefaultVersion", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePolicyVersionResponse(Shape):
    """``CreatePolicyVersionResponse`` of the iam model."""

    policy_version: PolicyVersion | None = None
    WIRE_NAME: ClassVar[str] = "CreatePolicyVersionResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_version", "PolicyVersion", Kind.STRUCTURE, PolicyVersion),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRoleRequest(Shape):
    """``CreateRoleRequest`` of the iam model."""

    path: str | None = None
    role_name: str
    assume_role_policy_document: str
    description: str | None = None
    max_session_duration: int | None = None
    max_signin_session_duration: int | None = None
    permissions_boundary: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("assume_role_policy_document", "AssumeRolePolicyDocument", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("max_session_duration", "MaxSessionDuration", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRoleResponse(Shape):
    """``CreateRoleResponse`` of the iam model."""

    role: Role
    WIRE_NAME: ClassVar[str] = "CreateRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role", "Role", Kind.STRUCTURE, Role),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSAMLProviderRequest(Shape):
    """``CreateSAMLProviderRequest`` of the iam model."""

    saml_metadata_document: str
    name: str
    tags: tuple[Tag, ...] | None = None
    assertion_encryption_mode: str | None = None
    add_private_key: str | None = None
    context_provider: ContextProvider | None = None
    identity_center_instance_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "CreateSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_metadata_document", "SAMLMetadataDocument", Kind.SCALAR),
        Field("name", "Name", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("assertion_encryption_mode", "AssertionEncryptionMode", Kind.SCALAR),
        Field("add_private_key", "AddPrivateKey", Kind.SCALAR),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSAMLProviderResponse(Shape):
    """``CreateSAMLProviderResponse`` of the iam model."""

    saml_provider_arn: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateSAMLProviderResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateServiceLinkedRoleRequest(Shape):
    """``CreateServiceLinkedRoleRequest`` of the iam model."""

    aws_service_name: str
    description: str | None = None
    custom_suffix: str | None = None
    WIRE_NAME: ClassVar[str] = "CreateServiceLinkedRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("aws_service_name", "AWSServiceName", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("custom_suffix", "CustomSuffix", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateServiceLinkedRoleResponse(Shape):
    """``CreateServiceLinkedRoleResponse`` of the iam model."""

    role: Role | None = None
    WIRE_NAME: ClassVar[str] = "CreateServiceLinkedRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role", "Role", Kind.STRUCTURE, Role),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateServiceSpecificCredentialRequest(Shape):
    """``CreateServiceSpecificCredentialRequest`` of the iam model."""

    user_name: str
    service_name: str
    credential_age_days: int | None = None
    WIRE_NAME: ClassVar[str] = "CreateServiceSpecificCredentialRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("credential_age_days", "CredentialAgeDays", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSpecificCredential(Shape):
    """``ServiceSpecificCredential`` of the iam model."""

    create_date: datetime
    expiration_date: datetime | None = None
    service_name: str
    service_user_name: str | None = None
    service_password: str | None = None
    service_credential_alias: str | None = None
    service_credential_secret: str | None = None
    service_specific_credential_id: str
    user_name: str
    status: str
    WIRE_NAME: ClassVar[str] = "ServiceSpecificCredential"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("expiration_date", "ExpirationDate", Kind.SCALAR),
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("service_user_name", "ServiceUserName", Kind.SCALAR),
        Field("service_password", "ServicePassword", Kind.SCALAR),
        Field("service_credential_alias", "ServiceCredentialAlias", Kind.SCALAR),
        Field("service_credential_secret", "ServiceCredentialSecret", Kind.SCALAR),
        Field("service_specific_credential_id", "ServiceSpecificCredentialId", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateServiceSpecificCredentialResponse(Shape):
    """``CreateServiceSpecificCredentialResponse`` of the iam model."""

    service_specific_credential: ServiceSpecificCredential | None = None
    WIRE_NAME: ClassVar[str] = "CreateServiceSpecificCredentialResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "service_specific_credential",
            "ServiceSpecificCredential",
            Kind.STRUCTURE,
            ServiceSpecificCredential,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateUserRequest(Shape):
    """``CreateUserRequest`` of the iam model."""

    path: str | None = None
    user_name: str
    permissions_boundary: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class User(Shape):
    """``User`` of the iam model."""

    path: str | None = None
    user_name: str | None = None
    user_id: str
    arn: str
    create_date: datetime
    password_last_used: datetime | None = None
    permissions_boundary: AttachedPermissionsBoundary | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "User"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
        Field("user_id", "UserId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("password_last_used", "PasswordLastUsed", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.STRUCTURE, AttachedPermissionsBoundary),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateUserResponse(Shape):
    """``CreateUserResponse`` of the iam model."""

    user: User | None = None
    WIRE_NAME: ClassVar[str] = "CreateUserResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user", "User", Kind.STRUCTURE, User),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVirtualMFADeviceRequest(Shape):
    """``CreateVirtualMFADeviceRequest`` of the iam model."""

    path: str | None = None
    virtual_mfa_device_name: str
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "CreateVirtualMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("virtual_mfa_device_name", "VirtualMFADeviceName", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class VirtualMFADevice(Shape):
    """``VirtualMFADevice`` of the iam model."""

    serial_number: str
    base32_string_seed: bytes | None = None
    qr_code_png: bytes | None = None
    user: User | None = None
    enable_date: datetime | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "VirtualMFADevice"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("base32_string_seed", "Base32StringSeed", Kind.SCALAR),
        Field("qr_code_png", "QRCodePNG", Kind.SCALAR),
        Field("user", "User", Kind.STRUCTURE, User),
        Field("enable_date", "EnableDate", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVirtualMFADeviceResponse(Shape):
    """``CreateVirtualMFADeviceResponse`` of the iam model."""

    virtual_mfa_device: VirtualMFADevice
    WIRE_NAME: ClassVar[str] = "CreateVirtualMFADeviceResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("virtual_mfa_device", "VirtualMFADevice", Kind.STRUCTURE, VirtualMFADevice),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeactivateMFADeviceRequest(Shape):
    """``DeactivateMFADeviceRequest`` of the iam model."""

    user_name: str | None = None
    serial_number: str
    WIRE_NAME: ClassVar[str] = "DeactivateMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteAccessKeyRequest(Shape):
    """``DeleteAccessKeyRequest`` of the iam model."""

    user_name: str | None = None
    access_key_id: str
    WIRE_NAME: ClassVar[str] = "DeleteAccessKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteAccountAliasRequest(Shape):
    """``DeleteAccountAliasRequest`` of the iam model."""

    account_alias: str
    WIRE_NAME: ClassVar[str] = "DeleteAccountAliasRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("account_alias", "AccountAlias", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteGroupRequest(Shape):
    """``DeleteGroupRequest`` of the iam model."""

    group_name: str
    WIRE_NAME: ClassVar[str] = "DeleteGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("group_name", "GroupName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteGroupPolicyRequest(Shape):
    """``DeleteGroupPolicyRequest`` of the iam model."""

    group_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "DeleteGroupPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteInstanceProfileRequest(Shape):
    """``DeleteInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    WIRE_NAME: ClassVar[str] = "DeleteInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteLoginProfileRequest(Shape):
    """``DeleteLoginProfileRequest`` of the iam model."""

    user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "DeleteLoginProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteOpenIDConnectProviderRequest(Shape):
    """``DeleteOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    WIRE_NAME: ClassVar[str] = "DeleteOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletePolicyRequest(Shape):
    """``DeletePolicyRequest`` of the iam model."""

    policy_arn: str
    WIRE_NAME: ClassVar[str] = "DeletePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("policy_arn", "PolicyArn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletePolicyVersionRequest(Shape):
    """``DeletePolicyVersionRequest`` of the iam model."""

    policy_arn: str
    version_id: str
    WIRE_NAME: ClassVar[str] = "DeletePolicyVersionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("version_id", "VersionId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteRoleRequest(Shape):
    """``DeleteRoleRequest`` of the iam model."""

    role_name: str
    WIRE_NAME: ClassVar[str] = "DeleteRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role_name", "RoleName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteRolePermissionsBoundaryRequest(Shape):
    """``DeleteRolePermissionsBoundaryRequest`` of the iam model."""

    role_name: str
    WIRE_NAME: ClassVar[str] = "DeleteRolePermissionsBoundaryRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role_name", "RoleName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteRolePolicyRequest(Shape):
    """``DeleteRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "DeleteRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteSAMLProviderRequest(Shape):
    """``DeleteSAMLProviderRequest`` of the iam model."""

    saml_provider_arn: str
    WIRE_NAME: ClassVar[str] = "DeleteSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteSSHPublicKeyRequest(Shape):
    """``DeleteSSHPublicKeyRequest`` of the iam model."""

    user_name: str
    ssh_public_key_id: str
    WIRE_NAME: ClassVar[str] = "DeleteSSHPublicKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_id", "SSHPublicKeyId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteServerCertificateRequest(Shape):
    """``DeleteServerCertificateRequest`` of the iam model."""

    server_certificate_name: str
    WIRE_NAME: ClassVar[str] = "DeleteServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteServiceLinkedRoleRequest(Shape):
    """``DeleteServiceLinkedRoleRequest`` of the iam model."""

    role_name: str
    WIRE_NAME: ClassVar[str] = "DeleteServiceLinkedRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role_name", "RoleName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteServiceLinkedRoleResponse(Shape):
    """``DeleteServiceLinkedRoleResponse`` of the iam model."""

    deletion_task_id: str
    WIRE_NAME: ClassVar[str] = "DeleteServiceLinkedRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("deletion_task_id", "DeletionTaskId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteServiceSpecificCredentialRequest(Shape):
    """``DeleteServiceSpecificCredentialRequest`` of the iam model."""

    user_name: str | None = None
    service_specific_credential_id: str
    WIRE_NAME: ClassVar[str] = "DeleteServiceSpecificCredentialRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("service_specific_credential_id", "ServiceSpecificCredentialId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteSigningCertificateRequest(Shape):
    """``DeleteSigningCertificateRequest`` of the iam model."""

    user_name: str | None = None
    certificate_id: str
    WIRE_NAME: ClassVar[str] = "DeleteSigningCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("certificate_id", "CertificateId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUserRequest(Shape):
    """``DeleteUserRequest`` of the iam model."""

    user_name: str
    WIRE_NAME: ClassVar[str] = "DeleteUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUserPermissionsBoundaryRequest(Shape):
    """``DeleteUserPermissionsBoundaryRequest`` of the iam model."""

    user_name: str
    WIRE_NAME: ClassVar[str] = "DeleteUserPermissionsBoundaryRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUserPolicyRequest(Shape):
    """``DeleteUserPolicyRequest`` of the iam model."""

    user_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "DeleteUserPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteVirtualMFADeviceRequest(Shape):
    """``DeleteVirtualMFADeviceRequest`` of the iam model."""

    serial_number: str
    WIRE_NAME: ClassVar[str] = "DeleteVirtualMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("serial_number", "SerialNumber", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class DetachGroupPolicyRequest(Shape):
    """``DetachGroupPolicyRequest`` of the iam model."""

    group_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "DetachGroupPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DetachRolePolicyRequest(Shape):
    """``DetachRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "DetachRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DetachUserPolicyRequest(Shape):
    """``DetachUserPolicyRequest`` of the iam model."""

    user_name: str
    policy_arn: str
    WIRE_NAME: ClassVar[str] = "DetachUserPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DisableOrganizationsRootCredentialsManagementRequest(Shape):
    """``DisableOrganizationsRootCredentialsManagementRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "DisableOrganizationsRootCredentialsManagementRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class DisableOrganizationsRootCredentialsManagementResponse(Shape):
    """``DisableOrganizationsRootCredentialsManagementResponse`` of the iam model."""

    organization_id: str | None = None
    enabled_features: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "DisableOrganizationsRootCredentialsManagementResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("organization_id", "OrganizationId", Kind.SCALAR),
        Field("enabled_features", "EnabledFeatures", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DisableOrganizationsRootSessionsRequest(Shape):
    """``DisableOrganizationsRootSessionsRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "DisableOrganizationsRootSessionsRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class DisableOrganizationsRootSessionsResponse(Shape):
    """``DisableOrganizationsRootSessionsResponse`` of the iam model."""

    organization_id: str | None = None
    enabled_features: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "DisableOrganizationsRootSessionsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("organization_id", "OrganizationId", Kind.SCALAR),
        Field("enabled_features", "EnabledFeatures", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableMFADeviceRequest(Shape):
    """``EnableMFADeviceRequest`` of the iam model."""

    user_name: str
    serial_number: str
    authentication_code1: str
    authentication_code2: str
    WIRE_NAME: ClassVar[str] = "EnableMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("authentication_code1", "AuthenticationCode1", Kind.SCALAR),
        Field("authentication_code2", "AuthenticationCode2", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableOrganizationsRootCredentialsManagementRequest(Shape):
    """``EnableOrganizationsRootCredentialsManagementRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "EnableOrganizationsRootCredentialsManagementRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableOrganizationsRootCredentialsManagementResponse(Shape):
    """``EnableOrganizationsRootCredentialsManagementResponse`` of the iam model."""

    organization_id: str | None = None
    enabled_features: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "EnableOrganizationsRootCredentialsManagementResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("organization_id", "OrganizationId", Kind.SCALAR),
        Field("enabled_features", "EnabledFeatures", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableOrganizationsRootSessionsRequest(Shape):
    """``EnableOrganizationsRootSessionsRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "EnableOrganizationsRootSessionsRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableOrganizationsRootSessionsResponse(Shape):
    """``EnableOrganizationsRootSessionsResponse`` of the iam model."""

    organization_id: str | None = None
    enabled_features: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "EnableOrganizationsRootSessionsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("organization_id", "OrganizationId", Kind.SCALAR),
        Field("enabled_features", "EnabledFeatures", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EnableOutboundWebIdentityFederationResponse(Shape):
    """``EnableOutboundWebIdentityFederationResponse`` of the iam model."""

    issuer_identifier: str | None = None
    WIRE_NAME: ClassVar[str] = "EnableOutboundWebIdentityFederationResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("issuer_identifier", "IssuerIdentifier", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateCredentialReportResponse(Shape):
    """``GenerateCredentialReportResponse`` of the iam model."""

    state: str | None = None
    description: str | None = None
    WIRE_NAME: ClassVar[str] = "GenerateCredentialReportResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("state", "State", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateOrganizationsAccessReportRequest(Shape):
    """``GenerateOrganizationsAccessReportRequest`` of the iam model."""

    entity_path: str
    organizations_policy_id: str | None = None
    WIRE_NAME: ClassVar[str] = "GenerateOrganizationsAccessReportRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("entity_path", "EntityPath", Kind.SCALAR),
        Field("organizations_policy_id", "OrganizationsPolicyId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateOrganizationsAccessReportResponse(Shape):
    """``GenerateOrganizationsAccessReportResponse`` of the iam model."""

    job_id: str | None = None
    WIRE_NAME: ClassVar[str] = "GenerateOrganizationsAccessReportResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("job_id", "JobId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateServiceLastAccessedDetailsRequest(Shape):
    """``GenerateServiceLastAccessedDetailsRequest`` of the iam model."""

    arn: str
    granularity: str | None = None
    WIRE_NAME: ClassVar[str] = "GenerateServiceLastAccessedDetailsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("arn", "Arn", Kind.SCALAR),
        Field("granularity", "Granularity", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateServiceLastAccessedDetailsResponse(Shape):
    """``GenerateServiceLastAccessedDetailsResponse`` of the iam model."""

    job_id: str | None = None
    WIRE_NAME: ClassVar[str] = "GenerateServiceLastAccessedDetailsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("job_id", "JobId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccessKeyLastUsedRequest(Shape):
    """``GetAccessKeyLastUsedRequest`` of the iam model."""

    access_key_id: str
    WIRE_NAME: ClassVar[str] = "GetAccessKeyLastUsedRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("access_key_id", "AccessKeyId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessKeyLastUsed(Shape):
    """``AccessKeyLastUsed`` of the iam model."""

    last_used_date: datetime | None = None
    service_name: str
    region: str
    WIRE_NAME: ClassVar[str] = "AccessKeyLastUsed"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("last_used_date", "LastUsedDate", Kind.SCALAR),
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("region", "Region", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccessKeyLastUsedResponse(Shape):
    """``GetAccessKeyLastUsedResponse`` of the iam model."""

    user_name: str | None = None
    access_key_last_used: AccessKeyLastUsed | None = None
    WIRE_NAME: ClassVar[str] = "GetAccessKeyLastUsedResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("access_key_last_used", "AccessKeyLastUsed", Kind.STRUCTURE, AccessKeyLastUsed),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountAuthorizationDetailsRequest(Shape):
    """``GetAccountAuthorizationDetailsRequest`` of the iam model."""

    filter: tuple[str, ...] | None = None
    max_items: int | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "GetAccountAuthorizationDetailsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("filter", "Filter", Kind.LIST, None),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyDetail(Shape):
    """``PolicyDetail`` of the iam model."""

    policy_name: str | None = None
    policy_document: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachedPolicy(Shape):
    """``AttachedPolicy`` of the iam model."""

    policy_name: str | None = None
    policy_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "AttachedPolicy"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UserDetail(Shape):
    """``UserDetail`` of the iam model."""

    path: str | None = None
    user_name: str | None = None
    user_id: str | None = None
    arn: str | None = None
    create_date: datetime | None = None
    user_policy_list: tuple[PolicyDetail, ...] | None = None
    group_list: tuple[str, ...] | None = None
    attached_managed_policies: tuple[AttachedPolicy, ...] | None = None
    permissions_boundary: AttachedPermissionsBoundary | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "UserDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
        Field("user_id", "UserId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("user_policy_list", "UserPolicyList", Kind.LIST, PolicyDetail),
        Field("group_list", "GroupList", Kind.LIST, None),
        Field("attached_managed_policies", "AttachedManagedPolicies", Kind.LIST, AttachedPolicy),
        Field("permissions_boundary", "PermissionsBoundary", Kind.STRUCTURE, AttachedPermissionsBoundary),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupDetail(Shape):
    """``GroupDetail`` of the iam model."""

    path: str | None = None
    group_name: str | None = None
    group_id: str | None = None
    arn: str | None = None
    create_date: datetime | None = None
    group_policy_list: tuple[PolicyDetail, ...] | None = None
    attached_managed_policies: tuple[AttachedPolicy, ...] | None = None
    WIRE_NAME: ClassVar[str] = "GroupDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("group_id", "GroupId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("group_policy_list", "GroupPolicyList", Kind.LIST, PolicyDetail),
        Field("attached_managed_policies", "AttachedManagedPolicies", Kind.LIST, AttachedPolicy),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleDetail(Shape):
    """``RoleDetail`` of the iam model."""

    path: str | None = None
    role_name: str | None = None
    role_id: str | None = None
    arn: str | None = None
    create_date: datetime | None = None
    assume_role_policy_document: str | None = None
    instance_profile_list: tuple[InstanceProfile, ...] | None = None
    role_policy_list: tuple[PolicyDetail, ...] | None = None
    attached_managed_policies: tuple[AttachedPolicy, ...] | None = None
    permissions_boundary: AttachedPermissionsBoundary | None = None
    tags: tuple[Tag, ...] | None = None
    role_last_used: RoleLastUsed | None = None
    WIRE_NAME: ClassVar[str] = "RoleDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("role_id", "RoleId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("assume_role_policy_document", "AssumeRolePolicyDocument", Kind.SCALAR),
        Field("instance_profile_list", "InstanceProfileList", Kind.LIST, InstanceProfile),
        Field("role_policy_list", "RolePolicyList", Kind.LIST, PolicyDetail),
        Field("attached_managed_policies", "AttachedManagedPolicies", Kind.LIST, AttachedPolicy),
        Field("permissions_boundary", "PermissionsBoundary", Kind.STRUCTURE, AttachedPermissionsBoundary),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("role_last_used", "RoleLastUsed", Kind.STRUCTURE, RoleLastUsed),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagedPolicyDetail(Shape):
    """``ManagedPolicyDetail`` of the iam model."""

    policy_name: str | None = None
    policy_id: str | None = None
    arn: str | None = None
    path: str | None = None
    default_version_id: str | None = None
    attachment_count: int | None = None
    permissions_boundary_usage_count: int | None = None
    is_attachable: bool | None = None
    description: str | None = None
    create_date: datetime | None = None
    update_date: datetime | None = None
    policy_version_list: tuple[PolicyVersion, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ManagedPolicyDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_id", "PolicyId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("path", "Path", Kind.SCALAR),
        Field("default_version_id", "DefaultVersionId", Kind.SCALAR),
        Field("attachment_count", "AttachmentCount", Kind.SCALAR),
        Field("permissions_boundary_usage_count", "PermissionsBoundaryUsageCount", Kind.SCALAR),
        Field("is_attachable", "IsAttachable", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("update_date", "UpdateDate", Kind.SCALAR),
        Field("policy_version_list", "PolicyVersionList", Kind.LIST, PolicyVersion),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountAuthorizationDetailsResponse(Shape):
    """``GetAccountAuthorizationDetailsResponse`` of the iam model."""

    user_detail_list: tuple[UserDetail, ...] | None = None
    group_detail_list: tuple[GroupDetail, ...] | None = None
    role_detail_list: tuple[RoleDetail, ...] | None = None
    policies: tuple[ManagedPolicyDetail, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "GetAccountAuthorizationDetailsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_detail_list", "UserDetailList", Kind.LIST, UserDetail),
        Field("group_detail_list", "GroupDetailList", Kind.LIST, GroupDetail),
        Field("role_detail_list", "RoleDetailList", Kind.LIST, RoleDetail),
        Field("policies", "Policies", Kind.LIST, ManagedPolicyDetail),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PasswordPolicy(Shape):
    """``PasswordPolicy`` of the iam model."""

    minimum_password_length: int | None = None
    require_symbols: bool | None = None
    require_numbers: bool | None = None
    require_uppercase_characters: bool | None = None
    require_lowercase_characters: bool | None = None
    allow_users_to_change_password: bool | None = None
    expire_passwords: bool | None = None
    max_password_age: int | None = None
    password_reuse_prevention: int | None = None
    hard_expiry: bool | None = None
    WIRE_NAME: ClassVar[str] = "PasswordPolicy"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("minimum_password_length", "MinimumPasswordLength", Kind.SCALAR),
        Field("require_symbols", "RequireSymbols", Kind.SCALAR),
        Field("require_numbers", "RequireNumbers", Kind.SCALAR),
        Field("require_uppercase_characters", "RequireUppercaseCharacters", Kind.SCALAR),
        Field("require_lowercase_characters", "RequireLowercaseCharacters", Kind.SCALAR),
        Field("allow_users_to_change_password", "AllowUsersToChangePassword", Kind.SCALAR),
        Field("expire_passwords", "ExpirePasswords", Kind.SCALAR),
        Field("max_password_age", "MaxPasswordAge", Kind.SCALAR),
        Field("password_reuse_prevention", "PasswordReusePrevention", Kind.SCALAR),
        Field("hard_expiry", "HardExpiry", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountPasswordPolicyResponse(Shape):
    """``GetAccountPasswordPolicyResponse`` of the iam model."""

    password_policy: PasswordPolicy
    WIRE_NAME: ClassVar[str] = "GetAccountPasswordPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("password_policy", "PasswordPolicy", Kind.STRUCTURE, PasswordPolicy),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountPropertiesRequest(Shape):
    """``GetAccountPropertiesRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "GetAccountPropertiesRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountPropertiesResponse(Shape):
    """``GetAccountPropertiesResponse`` of the iam model."""

    properties: dict[str, str] | None = None
    WIRE_NAME: ClassVar[str] = "GetAccountPropertiesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("properties", "Properties", Kind.MAP, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccountSummaryResponse(Shape):
    """``GetAccountSummaryResponse`` of the iam model."""

    summary_map: dict[str, int] | None = None
    WIRE_NAME: ClassVar[str] = "GetAccountSummaryResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("summary_map", "SummaryMap", Kind.MAP, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetContextKeysForCustomPolicyRequest(Shape):
    """``GetContextKeysForCustomPolicyRequest`` of the iam model."""

    policy_input_list: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "GetContextKeysForCustomPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("policy_input_list", "PolicyInputList", Kind.LIST, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetContextKeysForPolicyResponse(Shape):
    """``GetContextKeysForPolicyResponse`` of the iam model."""

    context_key_names: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "GetContextKeysForPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("context_key_names", "ContextKeyNames", Kind.LIST, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetContextKeysForPrincipalPolicyRequest(Shape):
    """``GetContextKeysForPrincipalPolicyRequest`` of the iam model."""

    policy_source_arn: str
    policy_input_list: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "GetContextKeysForPrincipalPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_source_arn", "PolicySourceArn", Kind.SCALAR),
        Field("policy_input_list", "PolicyInputList", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCredentialReportResponse(Shape):
    """``GetCredentialReportResponse`` of the iam model."""

    content: bytes | None = None
    report_format: str | None = None
    generated_time: datetime | None = None
    WIRE_NAME: ClassVar[str] = "GetCredentialReportResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("content", "Content", Kind.SCALAR),
        Field("report_format", "ReportFormat", Kind.SCALAR),
        Field("generated_time", "GeneratedTime", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDelegationRequestRequest(Shape):
    """``GetDelegationRequestRequest`` of the iam model."""

    delegation_request_id: str
    delegation_permission_check: bool | None = None
    WIRE_NAME: ClassVar[str] = "GetDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
        Field("delegation_permission_check", "DelegationPermissionCheck", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegationRequest(Shape):
    """``DelegationRequest`` of the iam model."""

    delegation_request_id: str | None = None
    owner_account_id: str | None = None
    description: str | None = None
    request_message: str | None = None
    permissions: DelegationPermission | None = None
    permission_policy: str | None = None
    role_permission_restriction_arns: tuple[str, ...] | None = None
    owner_id: str | None = None
    approver_id: str | None = None
    state: str | None = None
    expiration_time: datetime | None = None
    requestor_id: str | None = None
    requestor_name: str | None = None
    create_date: datetime | None = None
    session_duration: int | None = None
    redirect_url: str | None = None
    notes: str | None = None
    rejection_reason: str | None = None
    only_send_by_owner: bool | None = None
    updated_time: datetime | None = None
    WIRE_NAME: ClassVar[str] = "DelegationRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
        Field("owner_account_id", "OwnerAccountId", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("request_message", "RequestMessage", Kind.SCALAR),
        Field("permissions", "Permissions", Kind.STRUCTURE, DelegationPermission),
        Field("permission_policy", "PermissionPolicy", Kind.SCALAR),
        Field("role_permission_restriction_arns", "RolePermissionRestrictionArns", Kind.LIST, None),
        Field("owner_id", "OwnerId", Kind.SCALAR),
        Field("approver_id", "ApproverId", Kind.SCALAR),
        Field("state", "State", Kind.SCALAR),
        Field("expiration_time", "ExpirationTime", Kind.SCALAR),
        Field("requestor_id", "RequestorId", Kind.SCALAR),
        Field("requestor_name", "RequestorName", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("session_duration", "SessionDuration", Kind.SCALAR),
        Field("redirect_url", "RedirectUrl", Kind.SCALAR),
        Field("notes", "Notes", Kind.SCALAR),
        Field("rejection_reason", "RejectionReason", Kind.SCALAR),
        Field("only_send_by_owner", "OnlySendByOwner", Kind.SCALAR),
        Field("updated_time", "UpdatedTime", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDelegationRequestResponse(Shape):
    """``GetDelegationRequestResponse`` of the iam model."""

    delegation_request: DelegationRequest | None = None
    permission_check_status: str | None = None
    permission_check_result: str | None = None
    WIRE_NAME: ClassVar[str] = "GetDelegationRequestResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request", "DelegationRequest", Kind.STRUCTURE, DelegationRequest),
        Field("permission_check_status", "PermissionCheckStatus", Kind.SCALAR),
        Field("permission_check_result", "PermissionCheckResult", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGroupRequest(Shape):
    """``GetGroupRequest`` of the iam model."""

    group_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "GetGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGroupResponse(Shape):
    """``GetGroupResponse`` of the iam model."""

    group: Group
    users: tuple[User, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "GetGroupResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group", "Group", Kind.STRUCTURE, Group),
        Field("users", "Users", Kind.LIST, User),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGroupPolicyRequest(Shape):
    """``GetGroupPolicyRequest`` of the iam model."""

    group_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "GetGroupPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGroupPolicyResponse(Shape):
    """``GetGroupPolicyResponse`` of the iam model."""

    group_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "GetGroupPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetHumanReadableSummaryRequest(Shape):
    """``GetHumanReadableSummaryRequest`` of the iam model."""

    entity_arn: str
    locale: str | None = None
    WIRE_NAME: ClassVar[str] = "GetHumanReadableSummaryRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("entity_arn", "EntityArn", Kind.SCALAR),
        Field("locale", "Locale", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetHumanReadableSummaryResponse(Shape):
    """``GetHumanReadableSummaryResponse`` of the iam model."""

    summary_content: str | None = None
    locale: str | None = None
    summary_state: str | None = None
    WIRE_NAME: ClassVar[str] = "GetHumanReadableSummaryResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("summary_content", "SummaryContent", Kind.SCALAR),
        Field("locale", "Locale", Kind.SCALAR),
        Field("summary_state", "SummaryState", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetInstanceProfileRequest(Shape):
    """``GetInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    WIRE_NAME: ClassVar[str] = "GetInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetInstanceProfileResponse(Shape):
    """``GetInstanceProfileResponse`` of the iam model."""

    instance_profile: InstanceProfile
    WIRE_NAME: ClassVar[str] = "GetInstanceProfileResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile", "InstanceProfile", Kind.STRUCTURE, InstanceProfile),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetLoginProfileRequest(Shape):
    """``GetLoginProfileRequest`` of the iam model."""

    user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "GetLoginProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetLoginProfileResponse(Shape):
    """``GetLoginProfileResponse`` of the iam model."""

    login_profile: LoginProfile
    WIRE_NAME: ClassVar[str] = "GetLoginProfileResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("login_profile", "LoginProfile", Kind.STRUCTURE, LoginProfile),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetMFADeviceRequest(Shape):
    """``GetMFADeviceRequest`` of the iam model."""

    serial_number: str
    user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "GetMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetMFADeviceResponse(Shape):
    """``GetMFADeviceResponse`` of the iam model."""

    user_name: str | None = None
    serial_number: str
    enable_date: datetime | None = None
    certifications: dict[str, str] | None = None
    WIRE_NAME: ClassVar[str] = "GetMFADeviceResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("enable_date", "EnableDate", Kind.SCALAR),
        Field("certifications", "Certifications", Kind.MAP, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOpenIDConnectProviderRequest(Shape):
    """``GetOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    WIRE_NAME: ClassVar[str] = "GetOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOpenIDConnectProviderResponse(Shape):
    """``GetOpenIDConnectProviderResponse`` of the iam model."""

    url: str | None = None
    client_id_list: tuple[str, ...] | None = None
    thumbprint_list: tuple[str, ...] | None = None
    create_date: datetime | None = None
    tags: tuple[Tag, ...] | None = None
    context_provider: ContextProvider | None = None
    identity_center_instance_arn: str | None = None
    identity_store_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "GetOpenIDConnectProviderResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("url", "Url", Kind.SCALAR),
        Field("client_id_list", "ClientIDList", Kind.LIST, None),
        Field("thumbprint_list", "ThumbprintList", Kind.LIST, None),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
        Field("identity_store_arn", "IdentityStoreArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOrganizationsAccessReportRequest(Shape):
    """``GetOrganizationsAccessReportRequest`` of the iam model."""

    job_id: str
    max_items: int | None = None
    marker: str | None = None
    sort_key: str | None = None
    WIRE_NAME: ClassVar[str] = "GetOrganizationsAccessReportRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_id", "JobId", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("sort_key", "SortKey", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessDetail(Shape):
    """``AccessDetail`` of the iam model."""

    service_name: str
    service_namespace: str
    region: str | None = None
    entity_path: str | None = None
    last_authenticated_time: datetime | None = None
    total_authenticated_entities: int | None = None
    WIRE_NAME: ClassVar[str] = "AccessDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("service_namespace", "ServiceNamespace", Kind.SCALAR),
        Field("region", "Region", Kind.SCALAR),
        Field("entity_path", "EntityPath", Kind.SCALAR),
        Field("last_authenticated_time", "LastAuthenticatedTime", Kind.SCALAR),
        Field("total_authenticated_entities", "TotalAuthenticatedEntities", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorDetails(Shape):
    """``ErrorDetails`` of the iam model."""

    message: str
    code: str
    WIRE_NAME: ClassVar[str] = "ErrorDetails"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("message", "Message", Kind.SCALAR),
        Field("code", "Code", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOrganizationsAccessReportResponse(Shape):
    """``GetOrganizationsAccessReportResponse`` of the iam model."""

    job_status: str
    job_creation_date: datetime
    job_completion_date: datetime | None = None
    number_of_services_accessible: int | None = None
    number_of_services_not_accessed: int | None = None
    access_details: tuple[AccessDetail, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    error_details: ErrorDetails | None = None
    WIRE_NAME: ClassVar[str] = "GetOrganizationsAccessReportResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_status", "JobStatus", Kind.SCALAR),
        Field("job_creation_date", "JobCreationDate", Kind.SCALAR),
        Field("job_completion_date", "JobCompletionDate", Kind.SCALAR),
        Field("number_of_services_accessible", "NumberOfServicesAccessible", Kind.SCALAR),
        Field("number_of_services_not_accessed", "NumberOfServicesNotAccessed", Kind.SCALAR),
        Field("access_details", "AccessDetails", Kind.LIST, AccessDetail),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("error_details", "ErrorDetails", Kind.STRUCTURE, ErrorDetails),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetOutboundWebIdentityFederationInfoResponse(Shape):
    """``GetOutboundWebIdentityFederationInfoResponse`` of the iam model."""

    issuer_identifier: str | None = None
    jwt_vending_enabled: bool | None = None
    WIRE_NAME: ClassVar[str] = "GetOutboundWebIdentityFederationInfoResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("issuer_identifier", "IssuerIdentifier", Kind.SCALAR),
        Field("jwt_vending_enabled", "JwtVendingEnabled", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPolicyRequest(Shape):
    """``GetPolicyRequest`` of the iam model."""

    policy_arn: str
    WIRE_NAME: ClassVar[str] = "GetPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("policy_arn", "PolicyArn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPolicyResponse(Shape):
    """``GetPolicyResponse`` of the iam model."""

    policy: Policy | None = None
    WIRE_NAME: ClassVar[str] = "GetPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("policy", "Policy", Kind.STRUCTURE, Policy),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPolicyVersionRequest(Shape):
    """``GetPolicyVersionRequest`` of the iam model."""

    policy_arn: str
    version_id: str
    WIRE_NAME: ClassVar[str] = "GetPolicyVersionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("version_id", "VersionId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPolicyVersionResponse(Shape):
    """``GetPolicyVersionResponse`` of the iam model."""

    policy_version: PolicyVersion | None = None
    WIRE_NAME: ClassVar[str] = "GetPolicyVersionResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_version", "PolicyVersion", Kind.STRUCTURE, PolicyVersion),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRoleRequest(Shape):
    """``GetRoleRequest`` of the iam model."""

    role_name: str
    WIRE_NAME: ClassVar[str] = "GetRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role_name", "RoleName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRoleResponse(Shape):
    """``GetRoleResponse`` of the iam model."""

    role: Role
    WIRE_NAME: ClassVar[str] = "GetRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role", "Role", Kind.STRUCTURE, Role),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRolePolicyRequest(Shape):
    """``GetRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "GetRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRolePolicyResponse(Shape):
    """``GetRolePolicyResponse`` of the iam model."""

    role_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "GetRolePolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRoleTemplateVersionRequest(Shape):
    """``GetRoleTemplateVersionRequest`` of the iam model."""

    template_arn: str
    minor_version: int | None = None
    WIRE_NAME: ClassVar[str] = "GetRoleTemplateVersionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("template_arn", "TemplateArn", Kind.SCALAR),
        Field("minor_version", "MinorVersion", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class InlinePolicy(Shape):
    """``InlinePolicy`` of the iam model."""

    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "InlinePolicy"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterDefinition(Shape):
    """``ParameterDefinition`` of the iam model."""

    name: str
    type: str
    sub_type: str | None = None
    description: str | None = None
    is_required: bool | None = None
    default_value: str | None = None
    immutable: bool | None = None
    WIRE_NAME: ClassVar[str] = "ParameterDefinition"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("name", "Name", Kind.SCALAR),
        Field("type", "Type", Kind.SCALAR),
        Field("sub_type", "SubType", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("is_required", "IsRequired", Kind.SCALAR),
        Field("default_value", "DefaultValue", Kind.SCALAR),
        Field("immutable", "Immutable", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagTemplate(Shape):
    """``TagTemplate`` of the iam model."""

    key: str
    value: str
    WIRE_NAME: ClassVar[str] = "TagTemplate"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("key", "Key", Kind.SCALAR),
        Field("value", "Value", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleTemplateVersion(Shape):
    """``RoleTemplateVersion`` of the iam model."""

    template_arn: str | None = None
    template_name: str | None = None
    template_version_id: str | None = None
    description: str | None = None
    major_version: int | None = None
    default_minor_version: int | None = None
    managed_by_type: str | None = None
    managed_by_value: str | None = None
    enabled: bool | None = None
    minor_version: int | None = None
    role_name_pattern: str | None = None
    role_path_pattern: str | None = None
    role_description_pattern: str | None = None
    assume_role_policy_document_template: str | None = None
    inline_policy_templates: tuple[InlinePolicy, ...] | None = None
    managed_policy_arns: tuple[str, ...] | None = None
    permission_boundary_arn: str | None = None
    parameters_definition: tuple[ParameterDefinition, ...] | None = None
    role_tags_template: tuple[TagTemplate, ...] | None = None
    max_session_duration: int | None = None
    version_enabled: bool | None = None
    create_timestamp: datetime | None = None
    update_timestamp: datetime | None = None
    WIRE_NAME: ClassVar[str] = "RoleTemplateVersion"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("template_arn", "TemplateArn", Kind.SCALAR),
        Field("template_name", "TemplateName", Kind.SCALAR),
        Field("template_version_id", "TemplateVersionId", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("major_version", "MajorVersion", Kind.SCALAR),
        Field("default_minor_version", "DefaultMinorVersion", Kind.SCALAR),
        Field("managed_by_type", "ManagedByType", Kind.SCALAR),
        Field("managed_by_value", "ManagedByValue", Kind.SCALAR),
        Field("enabled", "Enabled", Kind.SCALAR),
        Field("minor_version", "MinorVersion", Kind.SCALAR),
        Field("role_name_pattern", "RoleNamePattern", Kind.SCALAR),
        Field("role_path_pattern", "RolePathPattern", Kind.SCALAR),
        Field("role_description_pattern", "RoleDescriptionPattern", Kind.SCALAR),
        Field("assume_role_policy_document_template", "AssumeRolePolicyDocumentTemplate", Kind.SCALAR),
        Field("inline_policy_templates", "InlinePolicyTemplates", Kind.LIST, InlinePolicy),
        Field("managed_policy_arns", "ManagedPolicyArns", Kind.LIST, None),
        Field("permission_boundary_arn", "PermissionBoundaryArn", Kind.SCALAR),
        Field("parameters_definition", "ParametersDefinition", Kind.LIST, ParameterDefinition),
        Field("role_tags_template", "RoleTagsTemplate", Kind.LIST, TagTemplate),
        Field("max_session_duration", "MaxSessionDuration", Kind.SCALAR),
        Field("version_enabled", "VersionEnabled", Kind.SCALAR),
        Field("create_timestamp", "CreateTimestamp", Kind.SCALAR),
        Field("update_timestamp", "UpdateTimestamp", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRoleTemplateVersionResponse(Shape):
    """``GetRoleTemplateVersionResponse`` of the iam model."""

    role_template_version: RoleTemplateVersion
    WIRE_NAME: ClassVar[str] = "GetRoleTemplateVersionResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_template_version", "RoleTemplateVersion", Kind.STRUCTURE, RoleTemplateVersion),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSAMLProviderRequest(Shape):
    """``GetSAMLProviderRequest`` of the iam model."""

    saml_provider_arn: str
    WIRE_NAME: ClassVar[str] = "GetSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class SAMLKeyHashEntry(Shape):
    """``SAMLKeyHashEntry`` of the iam model."""

    issuer_url: str | None = None
    key_hashes: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "SAMLKeyHashEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("issuer_url", "IssuerURL", Kind.SCALAR),
        Field("key_hashes", "KeyHashes", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SAMLPrivateKey(Shape):
    """``SAMLPrivateKey`` of the iam model."""

    key_id: str | None = None
    timestamp: datetime | None = None
    WIRE_NAME: ClassVar[str] = "SAMLPrivateKey"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("key_id", "KeyId", Kind.SCALAR),
        Field("timestamp", "Timestamp", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSAMLProviderResponse(Shape):
    """``GetSAMLProviderResponse`` of the iam model."""

    saml_provider_uuid: str | None = None
    saml_metadata_document: str | None = None
    context_provider: ContextProvider | None = None
    saml_key_hashes: tuple[SAMLKeyHashEntry, ...] | None = None
    create_date: datetime | None = None
    valid_until: datetime | None = None
    tags: tuple[Tag, ...] | None = None
    assertion_encryption_mode: str | None = None
    private_key_list: tuple[SAMLPrivateKey, ...] | None = None
    identity_center_instance_arn: str | None = None
    identity_store_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "GetSAMLProviderResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_uuid", "SAMLProviderUUID", Kind.SCALAR),
        Field("saml_metadata_document", "SAMLMetadataDocument", Kind.SCALAR),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("saml_key_hashes", "SAMLKeyHashes", Kind.LIST, SAMLKeyHashEntry),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("valid_until", "ValidUntil", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("assertion_encryption_mode", "AssertionEncryptionMode", Kind.SCALAR),
        Field("private_key_list", "PrivateKeyList", Kind.LIST, SAMLPrivateKey),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
        Field("identity_store_arn", "IdentityStoreArn", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSSHPublicKeyRequest(Shape):
    """``GetSSHPublicKeyRequest`` of the iam model."""

    user_name: str
    ssh_public_key_id: str
    encoding: str
    WIRE_NAME: ClassVar[str] = "GetSSHPublicKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_id", "SSHPublicKeyId", Kind.SCALAR),
        Field("encoding", "Encoding", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SSHPublicKey(Shape):
    """``SSHPublicKey`` of the iam model."""

    user_name: str
    ssh_public_key_id: str
    fingerprint: str
    ssh_public_key_body: str
    status: str
    upload_date: datetime | None = None
    WIRE_NAME: ClassVar[str] = "SSHPublicKey"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_id", "SSHPublicKeyId", Kind.SCALAR),
        Field("fingerprint", "Fingerprint", Kind.SCALAR),
        Field("ssh_public_key_body", "SSHPublicKeyBody", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("upload_date", "UploadDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSSHPublicKeyResponse(Shape):
    """``GetSSHPublicKeyResponse`` of the iam model."""

    ssh_public_key: SSHPublicKey | None = None
    WIRE_NAME: ClassVar[str] = "GetSSHPublicKeyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ssh_public_key", "SSHPublicKey", Kind.STRUCTURE, SSHPublicKey),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServerCertificateRequest(Shape):
    """``GetServerCertificateRequest`` of the iam model."""

    server_certificate_name: str
    WIRE_NAME: ClassVar[str] = "GetServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerCertificateMetadata(Shape):
    """``ServerCertificateMetadata`` of the iam model."""

    path: str
    server_certificate_name: str
    server_certificate_id: str
    arn: str
    upload_date: datetime | None = None
    expiration: datetime | None = None
    WIRE_NAME: ClassVar[str] = "ServerCertificateMetadata"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("server_certificate_id", "ServerCertificateId", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("upload_date", "UploadDate", Kind.SCALAR),
        Field("expiration", "Expiration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerCertificate(Shape):
    """``ServerCertificate`` of the iam model."""

    server_certificate_metadata: ServerCertificateMetadata
    certificate_body: str
    certificate_chain: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ServerCertificate"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "server_certificate_metadata",
            "ServerCertificateMetadata",
            Kind.STRUCTURE,
            ServerCertificateMetadata,
        ),
        Field("certificate_body", "CertificateBody", Kind.SCALAR),
        Field("certificate_chain", "CertificateChain", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServerCertificateResponse(Shape):
    """``GetServerCertificateResponse`` of the iam model."""

    server_certificate: ServerCertificate
    WIRE_NAME: ClassVar[str] = "GetServerCertificateResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate", "ServerCertificate", Kind.STRUCTURE, ServerCertificate),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLastAccessedDetailsRequest(Shape):
    """``GetServiceLastAccessedDetailsRequest`` of the iam model."""

    job_id: str
    max_items: int | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "GetServiceLastAccessedDetailsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_id", "JobId", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackedActionLastAccessed(Shape):
    """``TrackedActionLastAccessed`` of the iam model."""

    action_name: str | None = None
    last_accessed_entity: str | None = None
    last_accessed_time: datetime | None = None
    last_accessed_region: str | None = None
    WIRE_NAME: ClassVar[str] = "TrackedActionLastAccessed"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("action_name", "ActionName", Kind.SCALAR),
        Field("last_accessed_entity", "LastAccessedEntity", Kind.SCALAR),
        Field("last_accessed_time", "LastAccessedTime", Kind.SCALAR),
        Field("last_accessed_region", "LastAccessedRegion", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceLastAccessed(Shape):
    """``ServiceLastAccessed`` of the iam model."""

    service_name: str
    last_authenticated: datetime | None = None
    service_namespace: str
    last_authenticated_entity: str | None = None
    last_authenticated_region: str | None = None
    total_authenticated_entities: int | None = None
    tracked_actions_last_accessed: tuple[TrackedActionLastAccessed, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ServiceLastAccessed"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("last_authenticated", "LastAuthenticated", Kind.SCALAR),
        Field("service_namespace", "ServiceNamespace", Kind.SCALAR),
        Field("last_authenticated_entity", "LastAuthenticatedEntity", Kind.SCALAR),
        Field("last_authenticated_region", "LastAuthenticatedRegion", Kind.SCALAR),
        Field("total_authenticated_entities", "TotalAuthenticatedEntities", Kind.SCALAR),
        Field(
            "tracked_actions_last_accessed",
            "TrackedActionsLastAccessed",
            Kind.LIST,
            TrackedActionLastAccessed,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLastAccessedDetailsResponse(Shape):
    """``GetServiceLastAccessedDetailsResponse`` of the iam model."""

    job_status: str
    job_type: str | None = None
    job_creation_date: datetime
    services_last_accessed: tuple[ServiceLastAccessed, ...]
    job_completion_date: datetime
    is_truncated: bool | None = None
    marker: str | None = None
    error: ErrorDetails | None = None
    WIRE_NAME: ClassVar[str] = "GetServiceLastAccessedDetailsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_status", "JobStatus", Kind.SCALAR),
        Field("job_type", "JobType", Kind.SCALAR),
        Field("job_creation_date", "JobCreationDate", Kind.SCALAR),
        Field("services_last_accessed", "ServicesLastAccessed", Kind.LIST, ServiceLastAccessed),
        Field("job_completion_date", "JobCompletionDate", Kind.SCALAR),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("error", "Error", Kind.STRUCTURE, ErrorDetails),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLastAccessedDetailsWithEntitiesRequest(Shape):
    """``GetServiceLastAccessedDetailsWithEntitiesRequest`` of the iam model."""

    job_id: str
    service_namespace: str
    max_items: int | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "GetServiceLastAccessedDetailsWithEntitiesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_id", "JobId", Kind.SCALAR),
        Field("service_namespace", "ServiceNamespace", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityInfo(Shape):
    """``EntityInfo`` of the iam model."""

    arn: str
    name: str
    type: str
    id: str
    path: str | None = None
    WIRE_NAME: ClassVar[str] = "EntityInfo"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("arn", "Arn", Kind.SCALAR),
        Field("name", "Name", Kind.SCALAR),
        Field("type", "Type", Kind.SCALAR),
        Field("id", "Id", Kind.SCALAR),
        Field("path", "Path", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityDetails(Shape):
    """``EntityDetails`` of the iam model."""

    entity_info: EntityInfo
    last_authenticated: datetime | None = None
    WIRE_NAME: ClassVar[str] = "EntityDetails"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("entity_info", "EntityInfo", Kind.STRUCTURE, EntityInfo),
        Field("last_authenticated", "LastAuthenticated", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLastAccessedDetailsWithEntitiesResponse(Shape):
    """``GetServiceLastAccessedDetailsWithEntitiesResponse`` of the iam model."""

    job_status: str
    job_creation_date: datetime
    job_completion_date: datetime
    entity_details_list: tuple[EntityDetails, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    error: ErrorDetails | None = None
    WIRE_NAME: ClassVar[str] = "GetServiceLastAccessedDetailsWithEntitiesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("job_status", "JobStatus", Kind.SCALAR),
        Field("job_creation_date", "JobCreationDate", Kind.SCALAR),
        Field("job_completion_date", "JobCompletionDate", Kind.SCALAR),
        Field("entity_details_list", "EntityDetailsList", Kind.LIST, EntityDetails),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("error", "Error", Kind.STRUCTURE, ErrorDetails),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLinkedRoleDeletionStatusRequest(Shape):
    """``GetServiceLinkedRoleDeletionStatusRequest`` of the iam model."""

    deletion_task_id: str
    WIRE_NAME: ClassVar[str] = "GetServiceLinkedRoleDeletionStatusRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("deletion_task_id", "DeletionTaskId", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleUsageType(Shape):
    """``RoleUsageType`` of the iam model."""

    region: str | None = None
    resources: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "RoleUsageType"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("region", "Region", Kind.SCALAR),
        Field("resources", "Resources", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletionTaskFailureReasonType(Shape):
    """``DeletionTaskFailureReasonType`` of the iam model."""

    reason: str | None = None
    role_usage_list: tuple[RoleUsageType, ...] | None = None
    WIRE_NAME: ClassVar[str] = "DeletionTaskFailureReasonType"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("reason", "Reason", Kind.SCALAR),
        Field("role_usage_list", "RoleUsageList", Kind.LIST, RoleUsageType),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetServiceLinkedRoleDeletionStatusResponse(Shape):
    """``GetServiceLinkedRoleDeletionStatusResponse`` of the iam model."""

    status: str
    reason: DeletionTaskFailureReasonType | None = None
    WIRE_NAME: ClassVar[str] = "GetServiceLinkedRoleDeletionStatusResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("status", "Status", Kind.SCALAR),
        Field("reason", "Reason", Kind.STRUCTURE, DeletionTaskFailureReasonType),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetUserRequest(Shape):
    """``GetUserRequest`` of the iam model."""

    user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "GetUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user_name", "UserName", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetUserResponse(Shape):
    """``GetUserResponse`` of the iam model."""

    user: User
    WIRE_NAME: ClassVar[str] = "GetUserResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("user", "User", Kind.STRUCTURE, User),)


@dataclass(frozen=True, slots=True, kw_only=True)
class GetUserPolicyRequest(Shape):
    """``GetUserPolicyRequest`` of the iam model."""

    user_name: str
    policy_name: str
    WIRE_NAME: ClassVar[str] = "GetUserPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetUserPolicyResponse(Shape):
    """``GetUserPolicyResponse`` of the iam model."""

    user_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "GetUserPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAccessKeysRequest(Shape):
    """``ListAccessKeysRequest`` of the iam model."""

    user_name: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListAccessKeysRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessKeyMetadata(Shape):
    """``AccessKeyMetadata`` of the iam model."""

    user_name: str | None = None
    access_key_id: str | None = None
    status: str | None = None
    create_date: datetime | None = None
    WIRE_NAME: ClassVar[str] = "AccessKeyMetadata"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAccessKeysResponse(Shape):
    """``ListAccessKeysResponse`` of the iam model."""

    access_key_metadata: tuple[AccessKeyMetadata, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListAccessKeysResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("access_key_metadata", "AccessKeyMetadata", Kind.LIST, AccessKeyMetadata),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAccountAliasesRequest(Shape):
    """``ListAccountAliasesRequest`` of the iam model."""

    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListAccountAliasesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAccountAliasesResponse(Shape):
    """``ListAccountAliasesResponse`` of the iam model."""

    account_aliases: tuple[str, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListAccountAliasesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("account_aliases", "AccountAliases", Kind.LIST, None),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedGroupPoliciesRequest(Shape):
    """``ListAttachedGroupPoliciesRequest`` of the iam model."""

    group_name: str
    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedGroupPoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedGroupPoliciesResponse(Shape):
    """``ListAttachedGroupPoliciesResponse`` of the iam model."""

    attached_policies: tuple[AttachedPolicy, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedGroupPoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("attached_policies", "AttachedPolicies", Kind.LIST, AttachedPolicy),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedRolePoliciesRequest(Shape):
    """``ListAttachedRolePoliciesRequest`` of the iam model."""

    role_name: str
    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedRolePoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedRolePoliciesResponse(Shape):
    """``ListAttachedRolePoliciesResponse`` of the iam model."""

    attached_policies: tuple[AttachedPolicy, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedRolePoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("attached_policies", "AttachedPolicies", Kind.LIST, AttachedPolicy),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedUserPoliciesRequest(Shape):
    """``ListAttachedUserPoliciesRequest`` of the iam model."""

    user_name: str
    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedUserPoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAttachedUserPoliciesResponse(Shape):
    """``ListAttachedUserPoliciesResponse`` of the iam model."""

    attached_policies: tuple[AttachedPolicy, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListAttachedUserPoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("attached_policies", "AttachedPolicies", Kind.LIST, AttachedPolicy),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListDelegationRequestsRequest(Shape):
    """``ListDelegationRequestsRequest`` of the iam model."""

    owner_id: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListDelegationRequestsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("owner_id", "OwnerId", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListDelegationRequestsResponse(Shape):
    """``ListDelegationRequestsResponse`` of the iam model."""

    delegation_requests: tuple[DelegationRequest, ...] | None = None
    marker: str | None = None
    is_truncated: bool | None = None
    WIRE_NAME: ClassVar[str] = "ListDelegationRequestsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_requests", "DelegationRequests", Kind.LIST, DelegationRequest),
        Field("marker", "Marker", Kind.SCALAR),
        Field("is_truncated", "isTruncated", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListEntitiesForPolicyRequest(Shape):
    """``ListEntitiesForPolicyRequest`` of the iam model."""

    policy_arn: str
    entity_filter: str | None = None
    path_prefix: str | None = None
    policy_usage_filter: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListEntitiesForPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("entity_filter", "EntityFilter", Kind.SCALAR),
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("policy_usage_filter", "PolicyUsageFilter", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyGroup(Shape):
    """``PolicyGroup`` of the iam model."""

    group_name: str | None = None
    group_id: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyGroup"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("group_id", "GroupId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyUser(Shape):
    """``PolicyUser`` of the iam model."""

    user_name: str | None = None
    user_id: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyUser"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("user_id", "UserId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyRole(Shape):
    """``PolicyRole`` of the iam model."""

    role_name: str | None = None
    role_id: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyRole"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("role_id", "RoleId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListEntitiesForPolicyResponse(Shape):
    """``ListEntitiesForPolicyResponse`` of the iam model."""

    policy_groups: tuple[PolicyGroup, ...] | None = None
    policy_users: tuple[PolicyUser, ...] | None = None
    policy_roles: tuple[PolicyRole, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListEntitiesForPolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_groups", "PolicyGroups", Kind.LIST, PolicyGroup),
        Field("policy_users", "PolicyUsers", Kind.LIST, PolicyUser),
        Field("policy_roles", "PolicyRoles", Kind.LIST, PolicyRole),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupPoliciesRequest(Shape):
    """``ListGroupPoliciesRequest`` of the iam model."""

    group_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupPoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupPoliciesResponse(Shape):
    """``ListGroupPoliciesResponse`` of the iam model."""

    policy_names: tuple[str, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupPoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_names", "PolicyNames", Kind.LIST, None),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupsRequest(Shape):
    """``ListGroupsRequest`` of the iam model."""

    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupsResponse(Shape):
    """``ListGroupsResponse`` of the iam model."""

    groups: tuple[Group, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("groups", "Groups", Kind.LIST, Group),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupsForUserRequest(Shape):
    """``ListGroupsForUserRequest`` of the iam model."""

    user_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupsForUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListGroupsForUserResponse(Shape):
    """``ListGroupsForUserResponse`` of the iam model."""

    groups: tuple[Group, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListGroupsForUserResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("groups", "Groups", Kind.LIST, Group),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfileTagsRequest(Shape):
    """``ListInstanceProfileTagsRequest`` of the iam model."""

    instance_profile_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfileTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfileTagsResponse(Shape):
    """``ListInstanceProfileTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfileTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfilesRequest(Shape):
    """``ListInstanceProfilesRequest`` of the iam model."""

    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfilesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfilesResponse(Shape):
    """``ListInstanceProfilesResponse`` of the iam model."""

    instance_profiles: tuple[InstanceProfile, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfilesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profiles", "InstanceProfiles", Kind.LIST, InstanceProfile),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfilesForRoleRequest(Shape):
    """``ListInstanceProfilesForRoleRequest`` of the iam model."""

    role_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfilesForRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInstanceProfilesForRoleResponse(Shape):
    """``ListInstanceProfilesForRoleResponse`` of the iam model."""

    instance_profiles: tuple[InstanceProfile, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListInstanceProfilesForRoleResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profiles", "InstanceProfiles", Kind.LIST, InstanceProfile),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListMFADeviceTagsRequest(Shape):
    """``ListMFADeviceTagsRequest`` of the iam model."""

    serial_number: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListMFADeviceTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListMFADeviceTagsResponse(Shape):
    """``ListMFADeviceTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListMFADeviceTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListMFADevicesRequest(Shape):
    """``ListMFADevicesRequest`` of the iam model."""

    user_name: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListMFADevicesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MFADevice(Shape):
    """``MFADevice`` of the iam model."""

    user_name: str
    serial_number: str
    enable_date: datetime
    WIRE_NAME: ClassVar[str] = "MFADevice"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("enable_date", "EnableDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListMFADevicesResponse(Shape):
    """``ListMFADevicesResponse`` of the iam model."""

    mfa_devices: tuple[MFADevice, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListMFADevicesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("mfa_devices", "MFADevices", Kind.LIST, MFADevice),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOpenIDConnectProviderTagsRequest(Shape):
    """``ListOpenIDConnectProviderTagsRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListOpenIDConnectProviderTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOpenIDConnectProviderTagsResponse(Shape):
    """``ListOpenIDConnectProviderTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListOpenIDConnectProviderTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOpenIDConnectProvidersRequest(Shape):
    """``ListOpenIDConnectProvidersRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "ListOpenIDConnectProvidersRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenIDConnectProviderListEntry(Shape):
    """``OpenIDConnectProviderListEntry`` of the iam model."""

    arn: str | None = None
    is_trusted_identity_propagation_enabled: bool | None = None
    WIRE_NAME: ClassVar[str] = "OpenIDConnectProviderListEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("arn", "Arn", Kind.SCALAR),
        Field("is_trusted_identity_propagation_enabled", "IsTrustedIdentityPropagationEnabled", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOpenIDConnectProvidersResponse(Shape):
    """``ListOpenIDConnectProvidersResponse`` of the iam model."""

    open_id_connect_provider_list: tuple[OpenIDConnectProviderListEntry, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ListOpenIDConnectProvidersResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "open_id_connect_provider_list",
            "OpenIDConnectProviderList",
            Kind.LIST,
            OpenIDConnectProviderListEntry,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOrganizationsFeaturesRequest(Shape):
    """``ListOrganizationsFeaturesRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "ListOrganizationsFeaturesRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOrganizationsFeaturesResponse(Shape):
    """``ListOrganizationsFeaturesResponse`` of the iam model."""

    organization_id: str | None = None
    enabled_features: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ListOrganizationsFeaturesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("organization_id", "OrganizationId", Kind.SCALAR),
        Field("enabled_features", "EnabledFeatures", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPoliciesRequest(Shape):
    """``ListPoliciesRequest`` of the iam model."""

    scope: str | None = None
    only_attached: bool | None = None
    path_prefix: str | None = None
    policy_usage_filter: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListPoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("scope", "Scope", Kind.SCALAR),
        Field("only_attached", "OnlyAttached", Kind.SCALAR),
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("policy_usage_filter", "PolicyUsageFilter", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPoliciesResponse(Shape):
    """``ListPoliciesResponse`` of the iam model."""

    policies: tuple[Policy, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListPoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policies", "Policies", Kind.LIST, Policy),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPoliciesGrantingServiceAccessRequest(Shape):
    """``ListPoliciesGrantingServiceAccessRequest`` of the iam model."""

    marker: str | None = None
    arn: str
    service_namespaces: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "ListPoliciesGrantingServiceAccessRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("marker", "Marker", Kind.SCALAR),
        Field("arn", "Arn", Kind.SCALAR),
        Field("service_namespaces", "ServiceNamespaces", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyGrantingServiceAccess(Shape):
    """``PolicyGrantingServiceAccess`` of the iam model."""

    policy_name: str
    policy_type: str
    policy_arn: str | None = None
    entity_type: str | None = None
    entity_name: str | None = None
    WIRE_NAME: ClassVar[str] = "PolicyGrantingServiceAccess"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_type", "PolicyType", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("entity_type", "EntityType", Kind.SCALAR),
        Field("entity_name", "EntityName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPoliciesGrantingServiceAccessEntry(Shape):
    """``ListPoliciesGrantingServiceAccessEntry`` of the iam model."""

    service_namespace: str | None = None
    policies: tuple[PolicyGrantingServiceAccess, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ListPoliciesGrantingServiceAccessEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("service_namespace", "ServiceNamespace", Kind.SCALAR),
        Field("policies", "Policies", Kind.LIST, PolicyGrantingServiceAccess),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPoliciesGrantingServiceAccessResponse(Shape):
    """``ListPoliciesGrantingServiceAccessResponse`` of the iam model."""

    policies_granting_service_access: tuple[ListPoliciesGrantingServiceAccessEntry, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListPoliciesGrantingServiceAccessResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "policies_granting_service_access",
            "PoliciesGrantingServiceAccess",
            Kind.LIST,
            ListPoliciesGrantingServiceAccessEntry,
        ),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPolicyTagsRequest(Shape):
    """``ListPolicyTagsRequest`` of the iam model."""

    policy_arn: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListPolicyTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPolicyTagsResponse(Shape):
    """``ListPolicyTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListPolicyTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPolicyVersionsRequest(Shape):
    """``ListPolicyVersionsRequest`` of the iam model."""

    policy_arn: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListPolicyVersionsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPolicyVersionsResponse(Shape):
    """``ListPolicyVersionsResponse`` of the iam model."""

    versions: tuple[PolicyVersion, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListPolicyVersionsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("versions", "Versions", Kind.LIST, PolicyVersion),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRolePoliciesRequest(Shape):
    """``ListRolePoliciesRequest`` of the iam model."""

    role_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListRolePoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRolePoliciesResponse(Shape):
    """``ListRolePoliciesResponse`` of the iam model."""

    policy_names: tuple[str, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListRolePoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_names", "PolicyNames", Kind.LIST, None),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRoleTagsRequest(Shape):
    """``ListRoleTagsRequest`` of the iam model."""

    role_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListRoleTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRoleTagsResponse(Shape):
    """``ListRoleTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListRoleTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRolesRequest(Shape):
    """``ListRolesRequest`` of the iam model."""

    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListRolesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRolesResponse(Shape):
    """``ListRolesResponse`` of the iam model."""

    roles: tuple[Role, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListRolesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("roles", "Roles", Kind.LIST, Role),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSAMLProviderTagsRequest(Shape):
    """``ListSAMLProviderTagsRequest`` of the iam model."""

    saml_provider_arn: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListSAMLProviderTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSAMLProviderTagsResponse(Shape):
    """``ListSAMLProviderTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListSAMLProviderTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSAMLProvidersRequest(Shape):
    """``ListSAMLProvidersRequest`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "ListSAMLProvidersRequest"


@dataclass(frozen=True, slots=True, kw_only=True)
class SAMLProviderListEntry(Shape):
    """``SAMLProviderListEntry`` of the iam model."""

    arn: str | None = None
    valid_until: datetime | None = None
    create_date: datetime | None = None
    is_trusted_identity_propagation_enabled: bool | None = None
    WIRE_NAME: ClassVar[str] = "SAMLProviderListEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("arn", "Arn", Kind.SCALAR),
        Field("valid_until", "ValidUntil", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("is_trusted_identity_propagation_enabled", "IsTrustedIdentityPropagationEnabled", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSAMLProvidersResponse(Shape):
    """``ListSAMLProvidersResponse`` of the iam model."""

    saml_provider_list: tuple[SAMLProviderListEntry, ...] | None = None
    WIRE_NAME: ClassVar[str] = "ListSAMLProvidersResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_list", "SAMLProviderList", Kind.LIST, SAMLProviderListEntry),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSSHPublicKeysRequest(Shape):
    """``ListSSHPublicKeysRequest`` of the iam model."""

    user_name: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListSSHPublicKeysRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SSHPublicKeyMetadata(Shape):
    """``SSHPublicKeyMetadata`` of the iam model."""

    user_name: str
    ssh_public_key_id: str
    status: str
    upload_date: datetime
    WIRE_NAME: ClassVar[str] = "SSHPublicKeyMetadata"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_id", "SSHPublicKeyId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("upload_date", "UploadDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSSHPublicKeysResponse(Shape):
    """``ListSSHPublicKeysResponse`` of the iam model."""

    ssh_public_keys: tuple[SSHPublicKeyMetadata, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListSSHPublicKeysResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ssh_public_keys", "SSHPublicKeys", Kind.LIST, SSHPublicKeyMetadata),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServerCertificateTagsRequest(Shape):
    """``ListServerCertificateTagsRequest`` of the iam model."""

    server_certificate_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListServerCertificateTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServerCertificateTagsResponse(Shape):
    """``ListServerCertificateTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListServerCertificateTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServerCertificatesRequest(Shape):
    """``ListServerCertificatesRequest`` of the iam model."""

    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListServerCertificatesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServerCertificatesResponse(Shape):
    """``ListServerCertificatesResponse`` of the iam model."""

    server_certificate_metadata_list: tuple[ServerCertificateMetadata, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListServerCertificatesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "server_certificate_metadata_list",
            "ServerCertificateMetadataList",
            Kind.LIST,
            ServerCertificateMetadata,
        ),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServiceSpecificCredentialsRequest(Shape):
    """``ListServiceSpecificCredentialsRequest`` of the iam model."""

    user_name: str | None = None
    service_name: str | None = None
    all_users: bool | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListServiceSpecificCredentialsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("service_name", "ServiceName", Kind.SCALAR),
        Field("all_users", "AllUsers", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSpecificCredentialMetadata(Shape):
    """``ServiceSpecificCredentialMetadata`` of the iam model."""

    user_name: str
    status: str
    service_user_name: str | None = None
    service_credential_alias: str | None = None
    create_date: datetime
    expiration_date: datetime | None = None
    service_specific_credential_id: str
    service_name: str
    WIRE_NAME: ClassVar[str] = "ServiceSpecificCredentialMetadata"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("service_user_name", "ServiceUserName", Kind.SCALAR),
        Field("service_credential_alias", "ServiceCredentialAlias", Kind.SCALAR),
        Field("create_date", "CreateDate", Kind.SCALAR),
        Field("expiration_date", "ExpirationDate", Kind.SCALAR),
        Field("service_specific_credential_id", "ServiceSpecificCredentialId", Kind.SCALAR),
        Field("service_name", "ServiceName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListServiceSpecificCredentialsResponse(Shape):
    """``ListServiceSpecificCredentialsResponse`` of the iam model."""

    service_specific_credentials: tuple[ServiceSpecificCredentialMetadata, ...] | None = None
    marker: str | None = None
    is_truncated: bool | None = None
    WIRE_NAME: ClassVar[str] = "ListServiceSpecificCredentialsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "service_specific_credentials",
            "ServiceSpecificCredentials",
            Kind.LIST,
            ServiceSpecificCredentialMetadata,
        ),
        Field("marker", "Marker", Kind.SCALAR),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSigningCertificatesRequest(Shape):
    """``ListSigningCertificatesRequest`` of the iam model."""

    user_name: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListSigningCertificatesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SigningCertificate(Shape):
    """``SigningCertificate`` of the iam model."""

    user_name: str
    certificate_id: str
    certificate_body: str
    status: str
    upload_date: datetime | None = None
    WIRE_NAME: ClassVar[str] = "SigningCertificate"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("certificate_id", "CertificateId", Kind.SCALAR),
        Field("certificate_body", "CertificateBody", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
        Field("upload_date", "UploadDate", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSigningCertificatesResponse(Shape):
    """``ListSigningCertificatesResponse`` of the iam model."""

    certificates: tuple[SigningCertificate, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListSigningCertificatesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("certificates", "Certificates", Kind.LIST, SigningCertificate),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUserPoliciesRequest(Shape):
    """``ListUserPoliciesRequest`` of the iam model."""

    user_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListUserPoliciesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUserPoliciesResponse(Shape):
    """``ListUserPoliciesResponse`` of the iam model."""

    policy_names: tuple[str, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListUserPoliciesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_names", "PolicyNames", Kind.LIST, None),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUserTagsRequest(Shape):
    """``ListUserTagsRequest`` of the iam model."""

    user_name: str
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListUserTagsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUserTagsResponse(Shape):
    """``ListUserTagsResponse`` of the iam model."""

    tags: tuple[Tag, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListUserTagsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("tags", "Tags", Kind.LIST, Tag),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUsersRequest(Shape):
    """``ListUsersRequest`` of the iam model."""

    path_prefix: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListUsersRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path_prefix", "PathPrefix", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListUsersResponse(Shape):
    """``ListUsersResponse`` of the iam model."""

    users: tuple[User, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListUsersResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("users", "Users", Kind.LIST, User),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVirtualMFADevicesRequest(Shape):
    """``ListVirtualMFADevicesRequest`` of the iam model."""

    assignment_status: str | None = None
    marker: str | None = None
    max_items: int | None = None
    WIRE_NAME: ClassVar[str] = "ListVirtualMFADevicesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("assignment_status", "AssignmentStatus", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVirtualMFADevicesResponse(Shape):
    """``ListVirtualMFADevicesResponse`` of the iam model."""

    virtual_mfa_devices: tuple[VirtualMFADevice, ...]
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "ListVirtualMFADevicesResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("virtual_mfa_devices", "VirtualMFADevices", Kind.LIST, VirtualMFADevice),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PutAccountPropertiesRequest(Shape):
    """``PutAccountPropertiesRequest`` of the iam model."""

    properties: dict[str, str]
    WIRE_NAME: ClassVar[str] = "PutAccountPropertiesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("properties", "Properties", Kind.MAP, None),)


@dataclass(frozen=True, slots=True, kw_only=True)
class PutAccountPropertiesResponse(Shape):
    """``PutAccountPropertiesResponse`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "PutAccountPropertiesResponse"


@dataclass(frozen=True, slots=True, kw_only=True)
class PutGroupPolicyRequest(Shape):
    """``PutGroupPolicyRequest`` of the iam model."""

    group_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "PutGroupPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PutRolePermissionsBoundaryRequest(Shape):
    """``PutRolePermissionsBoundaryRequest`` of the iam model."""

    role_name: str
    permissions_boundary: str
    WIRE_NAME: ClassVar[str] = "PutRolePermissionsBoundaryRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PutRolePolicyRequest(Shape):
    """``PutRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "PutRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PutUserPermissionsBoundaryRequest(Shape):
    """``PutUserPermissionsBoundaryRequest`` of the iam model."""

    user_name: str
    permissions_boundary: str
    WIRE_NAME: ClassVar[str] = "PutUserPermissionsBoundaryRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("permissions_boundary", "PermissionsBoundary", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PutUserPolicyRequest(Shape):
    """``PutUserPolicyRequest`` of the iam model."""

    user_name: str
    policy_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "PutUserPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectDelegationRequestRequest(Shape):
    """``RejectDelegationRequestRequest`` of the iam model."""

    delegation_request_id: str
    notes: str | None = None
    WIRE_NAME: ClassVar[str] = "RejectDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
        Field("notes", "Notes", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveClientIDFromOpenIDConnectProviderRequest(Shape):
    """``RemoveClientIDFromOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    client_id: str
    WIRE_NAME: ClassVar[str] = "RemoveClientIDFromOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("client_id", "ClientID", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveRoleFromInstanceProfileRequest(Shape):
    """``RemoveRoleFromInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    role_name: str
    WIRE_NAME: ClassVar[str] = "RemoveRoleFromInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("role_name", "RoleName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveUserFromGroupRequest(Shape):
    """``RemoveUserFromGroupRequest`` of the iam model."""

    group_name: str
    user_name: str
    WIRE_NAME: ClassVar[str] = "RemoveUserFromGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("user_name", "UserName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetServiceSpecificCredentialRequest(Shape):
    """``ResetServiceSpecificCredentialRequest`` of the iam model."""

    user_name: str | None = None
    service_specific_credential_id: str
    WIRE_NAME: ClassVar[str] = "ResetServiceSpecificCredentialRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("service_specific_credential_id", "ServiceSpecificCredentialId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetServiceSpecificCredentialResponse(Shape):
    """``ResetServiceSpecificCredentialResponse`` of the iam model."""

    service_specific_credential: ServiceSpecificCredential | None = None
    WIRE_NAME: ClassVar[str] = "ResetServiceSpecificCredentialResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "service_specific_credential",
            "ServiceSpecificCredential",
            Kind.STRUCTURE,
            ServiceSpecificCredential,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResyncMFADeviceRequest(Shape):
    """``ResyncMFADeviceRequest`` of the iam model."""

    user_name: str
    serial_number: str
    authentication_code1: str
    authentication_code2: str
    WIRE_NAME: ClassVar[str] = "ResyncMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("authentication_code1", "AuthenticationCode1", Kind.SCALAR),
        Field("authentication_code2", "AuthenticationCode2", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SendDelegationTokenRequest(Shape):
    """``SendDelegationTokenRequest`` of the iam model."""

    delegation_request_id: str
    WIRE_NAME: ClassVar[str] = "SendDelegationTokenRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDefaultPolicyVersionRequest(Shape):
    """``SetDefaultPolicyVersionRequest`` of the iam model."""

    policy_arn: str
    version_id: str
    WIRE_NAME: ClassVar[str] = "SetDefaultPolicyVersionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("version_id", "VersionId", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SetSecurityTokenServicePreferencesRequest(Shape):
    """``SetSecurityTokenServicePreferencesRequest`` of the iam model."""

    global_endpoint_token_version: str
    WIRE_NAME: ClassVar[str] = "SetSecurityTokenServicePreferencesRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("global_endpoint_token_version", "GlobalEndpointTokenVersion", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderedOrganizationPolicyType(Shape):
    """``OrderedOrganizationPolicyType`` of the iam model."""

    service_control_policy_input_list: tuple[str, ...] | None = None
    WIRE_NAME: ClassVar[str] = "OrderedOrganizationPolicyType"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("service_control_policy_input_list", "ServiceControlPolicyInputList", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextEntry(Shape):
    """``ContextEntry`` of the iam model."""

    context_key_name: str | None = None
    context_key_values: tuple[str, ...] | None = None
    context_key_type: str | None = None
    WIRE_NAME: ClassVar[str] = "ContextEntry"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("context_key_name", "ContextKeyName", Kind.SCALAR),
        Field("context_key_values", "ContextKeyValues", Kind.LIST, None),
        Field("context_key_type", "ContextKeyType", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulateCustomPolicyRequest(Shape):
    """``SimulateCustomPolicyRequest`` of the iam model."""

    policy_input_list: tuple[str, ...]
    permissions_boundary_policy_input_list: tuple[str, ...] | None = None
    ordered_organization_policy_input_list: tuple[OrderedOrganizationPolicyType, ...] | None = None
    action_names: tuple[str, ...]
    resource_arns: tuple[str, ...] | None = None
    resource_policy: str | None = None
    resource_owner: str | None = None
    caller_arn: str | None = None
    context_entries: tuple[ContextEntry, ...] | None = None
    resource_handling_option: str | None = None
    max_items: int | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "SimulateCustomPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_input_list", "PolicyInputList", Kind.LIST, None),
        Field(
            "permissions_boundary_policy_input_list", "PermissionsBoundaryPolicyInputList", Kind.LIST, None
        ),
        Field(
            "ordered_organization_policy_input_list",
            "OrderedOrganizationPolicyInputList",
            Kind.LIST,
            OrderedOrganizationPolicyType,
        ),
        Field("action_names", "ActionNames", Kind.LIST, None),
        Field("resource_arns", "ResourceArns", Kind.LIST, None),
        Field("resource_policy", "ResourcePolicy", Kind.SCALAR),
        Field("resource_owner", "ResourceOwner", Kind.SCALAR),
        Field("caller_arn", "CallerArn", Kind.SCALAR),
        Field("context_entries", "ContextEntries", Kind.LIST, ContextEntry),
        Field("resource_handling_option", "ResourceHandlingOption", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Position(Shape):
    """``Position`` of the iam model."""

    line: int | None = None
    column: int | None = None
    WIRE_NAME: ClassVar[str] = "Position"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("line", "Line", Kind.SCALAR),
        Field("column", "Column", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(Shape):
    """``Statement`` of the iam model."""

    source_policy_id: str | None = None
    source_policy_type: str | None = None
    start_position: Position | None = None
    end_position: Position | None = None
    WIRE_NAME: ClassVar[str] = "Statement"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("source_policy_id", "SourcePolicyId", Kind.SCALAR),
        Field("source_policy_type", "SourcePolicyType", Kind.SCALAR),
        Field("start_position", "StartPosition", Kind.STRUCTURE, Position),
        Field("end_position", "EndPosition", Kind.STRUCTURE, Position),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationsDecisionDetail(Shape):
    """``OrganizationsDecisionDetail`` of the iam model."""

    allowed_by_organizations: bool | None = None
    WIRE_NAME: ClassVar[str] = "OrganizationsDecisionDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("allowed_by_organizations", "AllowedByOrganizations", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PermissionsBoundaryDecisionDetail(Shape):
    """``PermissionsBoundaryDecisionDetail`` of the iam model."""

    allowed_by_permissions_boundary: bool | None = None
    WIRE_NAME: ClassVar[str] = "PermissionsBoundaryDecisionDetail"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("allowed_by_permissions_boundary", "AllowedByPermissionsBoundary", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceSpecificResult(Shape):
    """``ResourceSpecificResult`` of the iam model."""

    eval_resource_name: str
    eval_resource_decision: str
    matched_statements: tuple[Statement, ...] | None = None
    missing_context_values: tuple[str, ...] | None = None
    eval_decision_details: dict[str, str] | None = None
    permissions_boundary_decision_detail: PermissionsBoundaryDecisionDetail | None = None
    WIRE_NAME: ClassVar[str] = "ResourceSpecificResult"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("eval_resource_name", "EvalResourceName", Kind.SCALAR),
        Field("eval_resource_decision", "EvalResourceDecision", Kind.SCALAR),
        Field("matched_statements", "MatchedStatements", Kind.LIST, Statement),
        Field("missing_context_values", "MissingContextValues", Kind.LIST, None),
        Field("eval_decision_details", "EvalDecisionDetails", Kind.MAP, None),
        Field(
            "permissions_boundary_decision_detail",
            "PermissionsBoundaryDecisionDetail",
            Kind.STRUCTURE,
            PermissionsBoundaryDecisionDetail,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluationResult(Shape):
    """``EvaluationResult`` of the iam model."""

    eval_action_name: str
    eval_resource_name: str | None = None
    eval_decision: str
    matched_statements: tuple[Statement, ...] | None = None
    missing_context_values: tuple[str, ...] | None = None
    organizations_decision_detail: OrganizationsDecisionDetail | None = None
    permissions_boundary_decision_detail: PermissionsBoundaryDecisionDetail | None = None
    eval_decision_details: dict[str, str] | None = None
    resource_specific_results: tuple[ResourceSpecificResult, ...] | None = None
    WIRE_NAME: ClassVar[str] = "EvaluationResult"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("eval_action_name", "EvalActionName", Kind.SCALAR),
        Field("eval_resource_name", "EvalResourceName", Kind.SCALAR),
        Field("eval_decision", "EvalDecision", Kind.SCALAR),
        Field("matched_statements", "MatchedStatements", Kind.LIST, Statement),
        Field("missing_context_values", "MissingContextValues", Kind.LIST, None),
        Field(
            "organizations_decision_detail",
            "OrganizationsDecisionDetail",
            Kind.STRUCTURE,
            OrganizationsDecisionDetail,
        ),
        Field(
            "permissions_boundary_decision_detail",
            "PermissionsBoundaryDecisionDetail",
            Kind.STRUCTURE,
            PermissionsBoundaryDecisionDetail,
        ),
        Field("eval_decision_details", "EvalDecisionDetails", Kind.MAP, None),
        Field("resource_specific_results", "ResourceSpecificResults", Kind.LIST, ResourceSpecificResult),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatePolicyResponse(Shape):
    """``SimulatePolicyResponse`` of the iam model."""

    evaluation_results: tuple[EvaluationResult, ...] | None = None
    is_truncated: bool | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "SimulatePolicyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("evaluation_results", "EvaluationResults", Kind.LIST, EvaluationResult),
        Field("is_truncated", "IsTruncated", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class InlinePolicyIdentifierType(Shape):
    """``InlinePolicyIdentifierType`` of the iam model."""

    policy_name: str
    attachment_type: str
    attachment_name: str
    WIRE_NAME: ClassVar[str] = "InlinePolicyIdentifierType"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_name", "PolicyName", Kind.SCALAR),
        Field("attachment_type", "AttachmentType", Kind.SCALAR),
        Field("attachment_name", "AttachmentName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyIdentifier(Shape):
    """``PolicyIdentifier`` of the iam model."""

    policy_type: str | None = None
    policy_arn: str | None = None
    inline_policy_identifier: InlinePolicyIdentifierType | None = None
    WIRE_NAME: ClassVar[str] = "PolicyIdentifier"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_type", "PolicyType", Kind.SCALAR),
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field(
            "inline_policy_identifier", "InlinePolicyIdentifier", Kind.STRUCTURE, InlinePolicyIdentifierType
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatePrincipalPolicyRequest(Shape):
    """``SimulatePrincipalPolicyRequest`` of the iam model."""

    policy_source_arn: str
    policy_input_list: tuple[str, ...] | None = None
    permissions_boundary_policy_input_list: tuple[str, ...] | None = None
    policy_exclusion_list: tuple[PolicyIdentifier, ...] | None = None
    action_names: tuple[str, ...]
    resource_arns: tuple[str, ...] | None = None
    resource_policy: str | None = None
    resource_owner: str | None = None
    caller_arn: str | None = None
    context_entries: tuple[ContextEntry, ...] | None = None
    resource_handling_option: str | None = None
    max_items: int | None = None
    marker: str | None = None
    WIRE_NAME: ClassVar[str] = "SimulatePrincipalPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_source_arn", "PolicySourceArn", Kind.SCALAR),
        Field("policy_input_list", "PolicyInputList", Kind.LIST, None),
        Field(
            "permissions_boundary_policy_input_list", "PermissionsBoundaryPolicyInputList", Kind.LIST, None
        ),
        Field("policy_exclusion_list", "PolicyExclusionList", Kind.LIST, PolicyIdentifier),
        Field("action_names", "ActionNames", Kind.LIST, None),
        Field("resource_arns", "ResourceArns", Kind.LIST, None),
        Field("resource_policy", "ResourcePolicy", Kind.SCALAR),
        Field("resource_owner", "ResourceOwner", Kind.SCALAR),
        Field("caller_arn", "CallerArn", Kind.SCALAR),
        Field("context_entries", "ContextEntries", Kind.LIST, ContextEntry),
        Field("resource_handling_option", "ResourceHandlingOption", Kind.SCALAR),
        Field("max_items", "MaxItems", Kind.SCALAR),
        Field("marker", "Marker", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagInstanceProfileRequest(Shape):
    """``TagInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagMFADeviceRequest(Shape):
    """``TagMFADeviceRequest`` of the iam model."""

    serial_number: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagOpenIDConnectProviderRequest(Shape):
    """``TagOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagPolicyRequest(Shape):
    """``TagPolicyRequest`` of the iam model."""

    policy_arn: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagRoleRequest(Shape):
    """``TagRoleRequest`` of the iam model."""

    role_name: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagSAMLProviderRequest(Shape):
    """``TagSAMLProviderRequest`` of the iam model."""

    saml_provider_arn: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagServerCertificateRequest(Shape):
    """``TagServerCertificateRequest`` of the iam model."""

    server_certificate_name: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TagUserRequest(Shape):
    """``TagUserRequest`` of the iam model."""

    user_name: str
    tags: tuple[Tag, ...]
    WIRE_NAME: ClassVar[str] = "TagUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagInstanceProfileRequest(Shape):
    """``UntagInstanceProfileRequest`` of the iam model."""

    instance_profile_name: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagInstanceProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("instance_profile_name", "InstanceProfileName", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagMFADeviceRequest(Shape):
    """``UntagMFADeviceRequest`` of the iam model."""

    serial_number: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagMFADeviceRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("serial_number", "SerialNumber", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagOpenIDConnectProviderRequest(Shape):
    """``UntagOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagPolicyRequest(Shape):
    """``UntagPolicyRequest`` of the iam model."""

    policy_arn: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("policy_arn", "PolicyArn", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagRoleRequest(Shape):
    """``UntagRoleRequest`` of the iam model."""

    role_name: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagSAMLProviderRequest(Shape):
    """``UntagSAMLProviderRequest`` of the iam model."""

    saml_provider_arn: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagServerCertificateRequest(Shape):
    """``UntagServerCertificateRequest`` of the iam model."""

    server_certificate_name: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntagUserRequest(Shape):
    """``UntagUserRequest`` of the iam model."""

    user_name: str
    tag_keys: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UntagUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("tag_keys", "TagKeys", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAccessKeyRequest(Shape):
    """``UpdateAccessKeyRequest`` of the iam model."""

    user_name: str | None = None
    access_key_id: str
    status: str
    WIRE_NAME: ClassVar[str] = "UpdateAccessKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAccountPasswordPolicyRequest(Shape):
    """``UpdateAccountPasswordPolicyRequest`` of the iam model."""

    minimum_password_length: int | None = None
    require_symbols: bool | None = None
    require_numbers: bool | None = None
    require_uppercase_characters: bool | None = None
    require_lowercase_characters: bool | None = None
    allow_users_to_change_password: bool | None = None
    max_password_age: int | None = None
    password_reuse_prevention: int | None = None
    hard_expiry: bool | None = None
    WIRE_NAME: ClassVar[str] = "UpdateAccountPasswordPolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("minimum_password_length", "MinimumPasswordLength", Kind.SCALAR),
        Field("require_symbols", "RequireSymbols", Kind.SCALAR),
        Field("require_numbers", "RequireNumbers", Kind.SCALAR),
        Field("require_uppercase_characters", "RequireUppercaseCharacters", Kind.SCALAR),
        Field("require_lowercase_characters", "RequireLowercaseCharacters", Kind.SCALAR),
        Field("allow_users_to_change_password", "AllowUsersToChangePassword", Kind.SCALAR),
        Field("max_password_age", "MaxPasswordAge", Kind.SCALAR),
        Field("password_reuse_prevention", "PasswordReusePrevention", Kind.SCALAR),
        Field("hard_expiry", "HardExpiry", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAssumeRolePolicyRequest(Shape):
    """``UpdateAssumeRolePolicyRequest`` of the iam model."""

    role_name: str
    policy_document: str
    WIRE_NAME: ClassVar[str] = "UpdateAssumeRolePolicyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("policy_document", "PolicyDocument", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateDelegationRequestRequest(Shape):
    """``UpdateDelegationRequestRequest`` of the iam model."""

    delegation_request_id: str
    notes: str | None = None
    WIRE_NAME: ClassVar[str] = "UpdateDelegationRequestRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("delegation_request_id", "DelegationRequestId", Kind.SCALAR),
        Field("notes", "Notes", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateGroupRequest(Shape):
    """``UpdateGroupRequest`` of the iam model."""

    group_name: str
    new_path: str | None = None
    new_group_name: str | None = None
    WIRE_NAME: ClassVar[str] = "UpdateGroupRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("group_name", "GroupName", Kind.SCALAR),
        Field("new_path", "NewPath", Kind.SCALAR),
        Field("new_group_name", "NewGroupName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateLoginProfileRequest(Shape):
    """``UpdateLoginProfileRequest`` of the iam model."""

    user_name: str
    password: str | None = None
    password_reset_required: bool | None = None
    max_signin_session_duration: int | None = None
    reset_max_signin_session_duration: bool | None = None
    WIRE_NAME: ClassVar[str] = "UpdateLoginProfileRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("password", "Password", Kind.SCALAR),
        Field("password_reset_required", "PasswordResetRequired", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
        Field("reset_max_signin_session_duration", "ResetMaxSigninSessionDuration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateOpenIDConnectProviderRequest(Shape):
    """``UpdateOpenIDConnectProviderRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    context_provider: ContextProvider | None = None
    identity_center_instance_arn: str | None = None
    remove_context_provider: bool | None = None
    remove_identity_center_instance: bool | None = None
    WIRE_NAME: ClassVar[str] = "UpdateOpenIDConnectProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
        Field("remove_context_provider", "RemoveContextProvider", Kind.SCALAR),
        Field("remove_identity_center_instance", "RemoveIdentityCenterInstance", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateOpenIDConnectProviderThumbprintRequest(Shape):
    """``UpdateOpenIDConnectProviderThumbprintRequest`` of the iam model."""

    open_id_connect_provider_arn: str
    thumbprint_list: tuple[str, ...]
    WIRE_NAME: ClassVar[str] = "UpdateOpenIDConnectProviderThumbprintRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("open_id_connect_provider_arn", "OpenIDConnectProviderArn", Kind.SCALAR),
        Field("thumbprint_list", "ThumbprintList", Kind.LIST, None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRoleRequest(Shape):
    """``UpdateRoleRequest`` of the iam model."""

    role_name: str
    description: str | None = None
    max_session_duration: int | None = None
    max_signin_session_duration: int | None = None
    reset_max_signin_session_duration: bool | None = None
    WIRE_NAME: ClassVar[str] = "UpdateRoleRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
        Field("max_session_duration", "MaxSessionDuration", Kind.SCALAR),
        Field("max_signin_session_duration", "MaxSigninSessionDuration", Kind.SCALAR),
        Field("reset_max_signin_session_duration", "ResetMaxSigninSessionDuration", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRoleResponse(Shape):
    """``UpdateRoleResponse`` of the iam model."""

    WIRE_NAME: ClassVar[str] = "UpdateRoleResponse"


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRoleDescriptionRequest(Shape):
    """``UpdateRoleDescriptionRequest`` of the iam model."""

    role_name: str
    description: str
    WIRE_NAME: ClassVar[str] = "UpdateRoleDescriptionRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("role_name", "RoleName", Kind.SCALAR),
        Field("description", "Description", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRoleDescriptionResponse(Shape):
    """``UpdateRoleDescriptionResponse`` of the iam model."""

    role: Role | None = None
    WIRE_NAME: ClassVar[str] = "UpdateRoleDescriptionResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("role", "Role", Kind.STRUCTURE, Role),)


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSAMLProviderRequest(Shape):
    """``UpdateSAMLProviderRequest`` of the iam model."""

    saml_metadata_document: str | None = None
    saml_provider_arn: str
    assertion_encryption_mode: str | None = None
    add_private_key: str | None = None
    remove_private_key: str | None = None
    context_provider: ContextProvider | None = None
    identity_center_instance_arn: str | None = None
    remove_context_provider: bool | None = None
    remove_identity_center_instance: bool | None = None
    WIRE_NAME: ClassVar[str] = "UpdateSAMLProviderRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("saml_metadata_document", "SAMLMetadataDocument", Kind.SCALAR),
        Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),
        Field("assertion_encryption_mode", "AssertionEncryptionMode", Kind.SCALAR),
        Field("add_private_key", "AddPrivateKey", Kind.SCALAR),
        Field("remove_private_key", "RemovePrivateKey", Kind.SCALAR),
        Field("context_provider", "ContextProvider", Kind.STRUCTURE, ContextProvider),
        Field("identity_center_instance_arn", "IdentityCenterInstanceArn", Kind.SCALAR),
        Field("remove_context_provider", "RemoveContextProvider", Kind.SCALAR),
        Field("remove_identity_center_instance", "RemoveIdentityCenterInstance", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSAMLProviderResponse(Shape):
    """``UpdateSAMLProviderResponse`` of the iam model."""

    saml_provider_arn: str | None = None
    WIRE_NAME: ClassVar[str] = "UpdateSAMLProviderResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (Field("saml_provider_arn", "SAMLProviderArn", Kind.SCALAR),)


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSSHPublicKeyRequest(Shape):
    """``UpdateSSHPublicKeyRequest`` of the iam model."""

    user_name: str
    ssh_public_key_id: str
    status: str
    WIRE_NAME: ClassVar[str] = "UpdateSSHPublicKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_id", "SSHPublicKeyId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateServerCertificateRequest(Shape):
    """``UpdateServerCertificateRequest`` of the iam model."""

    server_certificate_name: str
    new_path: str | None = None
    new_server_certificate_name: str | None = None
    WIRE_NAME: ClassVar[str] = "UpdateServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("new_path", "NewPath", Kind.SCALAR),
        Field("new_server_certificate_name", "NewServerCertificateName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateServiceSpecificCredentialRequest(Shape):
    """``UpdateServiceSpecificCredentialRequest`` of the iam model."""

    user_name: str | None = None
    service_specific_credential_id: str
    status: str
    WIRE_NAME: ClassVar[str] = "UpdateServiceSpecificCredentialRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("service_specific_credential_id", "ServiceSpecificCredentialId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSigningCertificateRequest(Shape):
    """``UpdateSigningCertificateRequest`` of the iam model."""

    user_name: str | None = None
    certificate_id: str
    status: str
    WIRE_NAME: ClassVar[str] = "UpdateSigningCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("certificate_id", "CertificateId", Kind.SCALAR),
        Field("status", "Status", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateUserRequest(Shape):
    """``UpdateUserRequest`` of the iam model."""

    user_name: str
    new_path: str | None = None
    new_user_name: str | None = None
    WIRE_NAME: ClassVar[str] = "UpdateUserRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("new_path", "NewPath", Kind.SCALAR),
        Field("new_user_name", "NewUserName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadSSHPublicKeyRequest(Shape):
    """``UploadSSHPublicKeyRequest`` of the iam model."""

    user_name: str
    ssh_public_key_body: str
    WIRE_NAME: ClassVar[str] = "UploadSSHPublicKeyRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("ssh_public_key_body", "SSHPublicKeyBody", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadSSHPublicKeyResponse(Shape):
    """``UploadSSHPublicKeyResponse`` of the iam model."""

    ssh_public_key: SSHPublicKey | None = None
    WIRE_NAME: ClassVar[str] = "UploadSSHPublicKeyResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ssh_public_key", "SSHPublicKey", Kind.STRUCTURE, SSHPublicKey),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadServerCertificateRequest(Shape):
    """``UploadServerCertificateRequest`` of the iam model."""

    path: str | None = None
    server_certificate_name: str
    certificate_body: str
    private_key: str
    certificate_chain: str | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "UploadServerCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("path", "Path", Kind.SCALAR),
        Field("server_certificate_name", "ServerCertificateName", Kind.SCALAR),
        Field("certificate_body", "CertificateBody", Kind.SCALAR),
        Field("private_key", "PrivateKey", Kind.SCALAR),
        Field("certificate_chain", "CertificateChain", Kind.SCALAR),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadServerCertificateResponse(Shape):
    """``UploadServerCertificateResponse`` of the iam model."""

    server_certificate_metadata: ServerCertificateMetadata | None = None
    tags: tuple[Tag, ...] | None = None
    WIRE_NAME: ClassVar[str] = "UploadServerCertificateResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field(
            "server_certificate_metadata",
            "ServerCertificateMetadata",
            Kind.STRUCTURE,
            ServerCertificateMetadata,
        ),
        Field("tags", "Tags", Kind.LIST, Tag),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadSigningCertificateRequest(Shape):
    """``UploadSigningCertificateRequest`` of the iam model."""

    user_name: str | None = None
    certificate_body: str
    WIRE_NAME: ClassVar[str] = "UploadSigningCertificateRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("user_name", "UserName", Kind.SCALAR),
        Field("certificate_body", "CertificateBody", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadSigningCertificateResponse(Shape):
    """``UploadSigningCertificateResponse`` of the iam model."""

    certificate: SigningCertificate
    WIRE_NAME: ClassVar[str] = "UploadSigningCertificateResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("certificate", "Certificate", Kind.STRUCTURE, SigningCertificate),
    )


REQUESTS: dict[str, type[Shape]] = {
    "AcceptDelegationRequest": AcceptDelegationRequestRequest,
    "AcquireRole": AcquireRoleRequest,
    "AddClientIDToOpenIDConnectProvider": AddClientIDToOpenIDConnectProviderRequest,
    "AddRoleToInstanceProfile": AddRoleToInstanceProfileRequest,
    "AddUserToGroup": AddUserToGroupRequest,
    "AssociateDelegationRequest": AssociateDelegationRequestRequest,
    "AttachGroupPolicy": AttachGroupPolicyRequest,
    "AttachRolePolicy": AttachRolePolicyRequest,
    "AttachUserPolicy": AttachUserPolicyRequest,
    "ChangePassword": ChangePasswordRequest,
    "CreateAccessKey": CreateAccessKeyRequest,
    "CreateAccountAlias": CreateAccountAliasRequest,
    "CreateDelegationRequest": CreateDelegationRequestRequest,
    "CreateGroup": CreateGroupRequest,
    "CreateInstanceProfile": CreateInstanceProfileRequest,
    "CreateLoginProfile": CreateLoginProfileRequest,
    "CreateOpenIDConnectProvider": CreateOpenIDConnectProviderRequest,
    "CreatePolicy": CreatePolicyRequest,
    "CreatePolicyVersion": CreatePolicyVersionRequest,
    "CreateRole": CreateRoleRequest,
    "CreateSAMLProvider": CreateSAMLProviderRequest,
    "CreateServiceLinkedRole": CreateServiceLinkedRoleRequest,
    "CreateServiceSpecificCredential": CreateServiceSpecificCredentialRequest,
    "CreateUser": CreateUserRequest,
    "CreateVirtualMFADevice": CreateVirtualMFADeviceRequest,
    "DeactivateMFADevice": DeactivateMFADeviceRequest,
    "DeleteAccessKey": DeleteAccessKeyRequest,
    "DeleteAccountAlias": DeleteAccountAliasRequest,
    "DeleteGroup": DeleteGroupRequest,
    "DeleteGroupPolicy": DeleteGroupPolicyRequest,
    "DeleteInstanceProfile": DeleteInstanceProfileRequest,
    "DeleteLoginProfile": DeleteLoginProfileRequest,
    "DeleteOpenIDConnectProvider": DeleteOpenIDConnectProviderRequest,
    "DeletePolicy": DeletePolicyRequest,
    "DeletePolicyVersion": DeletePolicyVersionRequest,
    "DeleteRole": DeleteRoleRequest,
    "DeleteRolePermissionsBoundary": DeleteRolePermissionsBoundaryRequest,
    "DeleteRolePolicy": DeleteRolePolicyRequest,
    "DeleteSAMLProvider": DeleteSAMLProviderRequest,
    "DeleteSSHPublicKey": DeleteSSHPublicKeyRequest,
    "DeleteServerCertificate": DeleteServerCertificateRequest,
    "DeleteServiceLinkedRole": DeleteServiceLinkedRoleRequest,
    "DeleteServiceSpecificCredential": DeleteServiceSpecificCredentialRequest,
    "DeleteSigningCertificate": DeleteSigningCertificateRequest,
    "DeleteUser": DeleteUserRequest,
    "DeleteUserPermissionsBoundary": DeleteUserPermissionsBoundaryRequest,
    "DeleteUserPolicy": DeleteUserPolicyRequest,
    "DeleteVirtualMFADevice": DeleteVirtualMFADeviceRequest,
    "DetachGroupPolicy": DetachGroupPolicyRequest,
    "DetachRolePolicy": DetachRolePolicyRequest,
    "DetachUserPolicy": DetachUserPolicyRequest,
    "DisableOrganizationsRootCredentialsManagement": DisableOrganizationsRootCredentialsManagementRequest,
    "DisableOrganizationsRootSessions": DisableOrganizationsRootSessionsRequest,
    "EnableMFADevice": EnableMFADeviceRequest,
    "EnableOrganizationsRootCredentialsManagement": EnableOrganizationsRootCredentialsManagementRequest,
    "EnableOrganizationsRootSessions": EnableOrganizationsRootSessionsRequest,
    "GenerateOrganizationsAccessReport": GenerateOrganizationsAccessReportRequest,
    "GenerateServiceLastAccessedDetails": GenerateServiceLastAccessedDetailsRequest,
    "GetAccessKeyLastUsed": GetAccessKeyLastUsedRequest,
    "GetAccountAuthorizationDetails": GetAccountAuthorizationDetailsRequest,
    "GetAccountProperties": GetAccountPropertiesRequest,
    "GetContextKeysForCustomPolicy": GetContextKeysForCustomPolicyRequest,
    "GetContextKeysForPrincipalPolicy": GetContextKeysForPrincipalPolicyRequest,
    "GetDelegationRequest": GetDelegationRequestRequest,
    "GetGroup": GetGroupRequest,
    "GetGroupPolicy": GetGroupPolicyRequest,
    "GetHumanReadableSummary": GetHumanReadableSummaryRequest,
    "GetInstanceProfile": GetInstanceProfileRequest,
    "GetLoginProfile": GetLoginProfileRequest,
    "GetMFADevice": GetMFADeviceRequest,
    "GetOpenIDConnectProvider": GetOpenIDConnectProviderRequest,
    "GetOrganizationsAccessReport": GetOrganizationsAccessReportRequest,
    "GetPolicy": GetPolicyRequest,
    "GetPolicyVersion": GetPolicyVersionRequest,
    "GetRole": GetRoleRequest,
    "GetRolePolicy": GetRolePolicyRequest,
    "GetRoleTemplateVersion": GetRoleTemplateVersionRequest,
    "GetSAMLProvider": GetSAMLProviderRequest,
    "GetSSHPublicKey": GetSSHPublicKeyRequest,
    "GetServerCertificate": GetServerCertificateRequest,
    "GetServiceLastAccessedDetails": GetServiceLastAccessedDetailsRequest,
    "GetServiceLastAccessedDetailsWithEntities": GetServiceLastAccessedDetailsWithEntitiesRequest,
    "GetServiceLinkedRoleDeletionStatus": GetServiceLinkedRoleDeletionStatusRequest,
    "GetUser": GetUserRequest,
    "GetUserPolicy": GetUserPolicyRequest,
    "ListAccessKeys": ListAccessKeysRequest,
    "ListAccountAliases": ListAccountAliasesRequest,
    "ListAttachedGroupPolicies": ListAttachedGroupPoliciesRequest,
    "ListAttachedRolePolicies": ListAttachedRolePoliciesRequest,
    "ListAttachedUserPolicies": ListAttachedUserPoliciesRequest,
    "ListDelegationRequests": ListDelegationRequestsRequest,
    "ListEntitiesForPolicy": ListEntitiesForPolicyRequest,
    "ListGroupPolicies": ListGroupPoliciesRequest,
    "ListGroups": ListGroupsRequest,
    "ListGroupsForUser": ListGroupsForUserRequest,
    "ListInstanceProfileTags": ListInstanceProfileTagsRequest,
    "ListInstanceProfiles": ListInstanceProfilesRequest,
    "ListInstanceProfilesForRole": ListInstanceProfilesForRoleRequest,
    "ListMFADeviceTags": ListMFADeviceTagsRequest,
    "ListMFADevices": ListMFADevicesRequest,
    "ListOpenIDConnectProviderTags": ListOpenIDConnectProviderTagsRequest,
    "ListOpenIDConnectProviders": ListOpenIDConnectProvidersRequest,
    "ListOrganizationsFeatures": ListOrganizationsFeaturesRequest,
    "ListPolicies": ListPoliciesRequest,
    "ListPoliciesGrantingServiceAccess": ListPoliciesGrantingServiceAccessRequest,
    "ListPolicyTags": ListPolicyTagsRequest,
    "ListPolicyVersions": ListPolicyVersionsRequest,
    "ListRolePolicies": ListRolePoliciesRequest,
    "ListRoleTags": ListRoleTagsRequest,
    "ListRoles": ListRolesRequest,
    "ListSAMLProviderTags": ListSAMLProviderTagsRequest,
    "ListSAMLProviders": ListSAMLProvidersRequest,
    "ListSSHPublicKeys": ListSSHPublicKeysRequest,
    "ListServerCertificateTags": ListServerCertificateTagsRequest,
    "ListServerCertificates": ListServerCertificatesRequest,
    "ListServiceSpecificCredentials": ListServiceSpecificCredentialsRequest,
    "ListSigningCertificates": ListSigningCertificatesRequest,
    "ListUserPolicies": ListUserPoliciesRequest,
    "ListUserTags": ListUserTagsRequest,
    "ListUsers": ListUsersRequest,
    "ListVirtualMFADevices": ListVirtualMFADevicesRequest,
    "PutAccountProperties": PutAccountPropertiesRequest,
    "PutGroupPolicy": PutGroupPolicyRequest,
    "PutRolePermissionsBoundary": PutRolePermissionsBoundaryRequest,
    "PutRolePolicy": PutRolePolicyRequest,
    "PutUserPermissionsBoundary": PutUserPermissionsBoundaryRequest,
    "PutUserPolicy": PutUserPolicyRequest,
    "RejectDelegationRequest": RejectDelegationRequestRequest,
    "RemoveClientIDFromOpenIDConnectProvider": RemoveClientIDFromOpenIDConnectProviderRequest,
    "RemoveRoleFromInstanceProfile": RemoveRoleFromInstanceProfileRequest,
    "RemoveUserFromGroup": RemoveUserFromGroupRequest,
    "ResetServiceSpecificCredential": ResetServiceSpecificCredentialRequest,
    "ResyncMFADevice": ResyncMFADeviceRequest,
    "SendDelegationToken": SendDelegationTokenRequest,
    "SetDefaultPolicyVersion": SetDefaultPolicyVersionRequest,
    "SetSecurityTokenServicePreferences": SetSecurityTokenServicePreferencesRequest,
    "SimulateCustomPolicy": SimulateCustomPolicyRequest,
    "SimulatePrincipalPolicy": SimulatePrincipalPolicyRequest,
    "TagInstanceProfile": TagInstanceProfileRequest,
    "TagMFADevice": TagMFADeviceRequest,
    "TagOpenIDConnectProvider": TagOpenIDConnectProviderRequest,
    "TagPolicy": TagPolicyRequest,
    "TagRole": TagRoleRequest,
    "TagSAMLProvider": TagSAMLProviderRequest,
    "TagServerCertificate": TagServerCertificateRequest,
    "TagUser": TagUserRequest,
    "UntagInstanceProfile": UntagInstanceProfileRequest,
    "UntagMFADevice": UntagMFADeviceRequest,
    "UntagOpenIDConnectProvider": UntagOpenIDConnectProviderRequest,
    "UntagPolicy": UntagPolicyRequest,
    "UntagRole": UntagRoleRequest,
    "UntagSAMLProvider": UntagSAMLProviderRequest,
    "UntagServerCertificate": UntagServerCertificateRequest,
    "UntagUser": UntagUserRequest,
    "UpdateAccessKey": UpdateAccessKeyRequest,
    "UpdateAccountPasswordPolicy": UpdateAccountPasswordPolicyRequest,
    "UpdateAssumeRolePolicy": UpdateAssumeRolePolicyRequest,
    "UpdateDelegationRequest": UpdateDelegationRequestRequest,
    "UpdateGroup": UpdateGroupRequest,
    "UpdateLoginProfile": UpdateLoginProfileRequest,
    "UpdateOpenIDConnectProvider": UpdateOpenIDConnectProviderRequest,
    "UpdateOpenIDConnectProviderThumbprint": UpdateOpenIDConnectProviderThumbprintRequest,
    "UpdateRole": UpdateRoleRequest,
    "UpdateRoleDescription": UpdateRoleDescriptionRequest,
    "UpdateSAMLProvider": UpdateSAMLProviderRequest,
    "UpdateSSHPublicKey": UpdateSSHPublicKeyRequest,
    "UpdateServerCertificate": UpdateServerCertificateRequest,
    "UpdateServiceSpecificCredential": UpdateServiceSpecificCredentialRequest,
    "UpdateSigningCertificate": UpdateSigningCertificateRequest,
    "UpdateUser": UpdateUserRequest,
    "UploadSSHPublicKey": UploadSSHPublicKeyRequest,
    "UploadServerCertificate": UploadServerCertificateRequest,
    "UploadSigningCertificate": UploadSigningCertificateRequest,
}

RESPONSES: dict[str, type[Shape]] = {
    "AcquireRole": AcquireRoleResponse,
    "CreateAccessKey": CreateAccessKeyResponse,
    "CreateDelegationRequest": CreateDelegationRequestResponse,
    "CreateGroup": CreateGroupResponse,
    "CreateInstanceProfile": CreateInstanceProfileResponse,
    "CreateLoginProfile": CreateLoginProfileResponse,
    "CreateOpenIDConnectProvider": CreateOpenIDConnectProviderResponse,
    "CreatePolicy": CreatePolicyResponse,
    "CreatePolicyVersion": CreatePolicyVersionResponse,
    "CreateRole": CreateRoleResponse,
    "CreateSAMLProvider": CreateSAMLProviderResponse,
    "CreateServiceLinkedRole": CreateServiceLinkedRoleResponse,
    "CreateServiceSpecificCredential": CreateServiceSpecificCredentialResponse,
    "CreateUser": CreateUserResponse,
    "CreateVirtualMFADevice": CreateVirtualMFADeviceResponse,
    "DeleteServiceLinkedRole": DeleteServiceLinkedRoleResponse,
    "DisableOrganizationsRootCredentialsManagement": DisableOrganizationsRootCredentialsManagementResponse,
    "DisableOrganizationsRootSessions": DisableOrganizationsRootSessionsResponse,
    "EnableOrganizationsRootCredentialsManagement": EnableOrganizationsRootCredentialsManagementResponse,
    "EnableOrganizationsRootSessions": EnableOrganizationsRootSessionsResponse,
    "EnableOutboundWebIdentityFederation": EnableOutboundWebIdentityFederationResponse,
    "GenerateCredentialReport": GenerateCredentialReportResponse,
    "GenerateOrganizationsAccessReport": GenerateOrganizationsAccessReportResponse,
    "GenerateServiceLastAccessedDetails": GenerateServiceLastAccessedDetailsResponse,
    "GetAccessKeyLastUsed": GetAccessKeyLastUsedResponse,
    "GetAccountAuthorizationDetails": GetAccountAuthorizationDetailsResponse,
    "GetAccountPasswordPolicy": GetAccountPasswordPolicyResponse,
    "GetAccountProperties": GetAccountPropertiesResponse,
    "GetAccountSummary": GetAccountSummaryResponse,
    "GetContextKeysForCustomPolicy": GetContextKeysForPolicyResponse,
    "GetContextKeysForPrincipalPolicy": GetContextKeysForPolicyResponse,
    "GetCredentialReport": GetCredentialReportResponse,
    "GetDelegationRequest": GetDelegationRequestResponse,
    "GetGroup": GetGroupResponse,
    "GetGroupPolicy": GetGroupPolicyResponse,
    "GetHumanReadableSummary": GetHumanReadableSummaryResponse,
    "GetInstanceProfile": GetInstanceProfileResponse,
    "GetLoginProfile": GetLoginProfileResponse,
    "GetMFADevice": GetMFADeviceResponse,
    "GetOpenIDConnectProvider": GetOpenIDConnectProviderResponse,
    "GetOrganizationsAccessReport": GetOrganizationsAccessReportResponse,
    "GetOutboundWebIdentityFederationInfo": GetOutboundWebIdentityFederationInfoResponse,
    "GetPolicy": GetPolicyResponse,
    "GetPolicyVersion": GetPolicyVersionResponse,
    "GetRole": GetRoleResponse,
    "GetRolePolicy": GetRolePolicyResponse,
    "GetRoleTemplateVersion": GetRoleTemplateVersionResponse,
    "GetSAMLProvider": GetSAMLProviderResponse,
    "GetSSHPublicKey": GetSSHPublicKeyResponse,
    "GetServerCertificate": GetServerCertificateResponse,
    "GetServiceLastAccessedDetails": GetServiceLastAccessedDetailsResponse,
    "GetServiceLastAccessedDetailsWithEntities": GetServiceLastAccessedDetailsWithEntitiesResponse,
    "GetServiceLinkedRoleDeletionStatus": GetServiceLinkedRoleDeletionStatusResponse,
    "GetUser": GetUserResponse,
    "GetUserPolicy": GetUserPolicyResponse,
    "ListAccessKeys": ListAccessKeysResponse,
    "ListAccountAliases": ListAccountAliasesResponse,
    "ListAttachedGroupPolicies": ListAttachedGroupPoliciesResponse,
    "ListAttachedRolePolicies": ListAttachedRolePoliciesResponse,
    "ListAttachedUserPolicies": ListAttachedUserPoliciesResponse,
    "ListDelegationRequests": ListDelegationRequestsResponse,
    "ListEntitiesForPolicy": ListEntitiesForPolicyResponse,
    "ListGroupPolicies": ListGroupPoliciesResponse,
    "ListGroups": ListGroupsResponse,
    "ListGroupsForUser": ListGroupsForUserResponse,
    "ListInstanceProfileTags": ListInstanceProfileTagsResponse,
    "ListInstanceProfiles": ListInstanceProfilesResponse,
    "ListInstanceProfilesForRole": ListInstanceProfilesForRoleResponse,
    "ListMFADeviceTags": ListMFADeviceTagsResponse,
    "ListMFADevices": ListMFADevicesResponse,
    "ListOpenIDConnectProviderTags": ListOpenIDConnectProviderTagsResponse,
    "ListOpenIDConnectProviders": ListOpenIDConnectProvidersResponse,
    "ListOrganizationsFeatures": ListOrganizationsFeaturesResponse,
    "ListPolicies": ListPoliciesResponse,
    "ListPoliciesGrantingServiceAccess": ListPoliciesGrantingServiceAccessResponse,
    "ListPolicyTags": ListPolicyTagsResponse,
    "ListPolicyVersions": ListPolicyVersionsResponse,
    "ListRolePolicies": ListRolePoliciesResponse,
    "ListRoleTags": ListRoleTagsResponse,
    "ListRoles": ListRolesResponse,
    "ListSAMLProviderTags": ListSAMLProviderTagsResponse,
    "ListSAMLProviders": ListSAMLProvidersResponse,
    "ListSSHPublicKeys": ListSSHPublicKeysResponse,
    "ListServerCertificateTags": ListServerCertificateTagsResponse,
    "ListServerCertificates": ListServerCertificatesResponse,
    "ListServiceSpecificCredentials": ListServiceSpecificCredentialsResponse,
    "ListSigningCertificates": ListSigningCertificatesResponse,
    "ListUserPolicies": ListUserPoliciesResponse,
    "ListUserTags": ListUserTagsResponse,
    "ListUsers": ListUsersResponse,
    "ListVirtualMFADevices": ListVirtualMFADevicesResponse,
    "PutAccountProperties": PutAccountPropertiesResponse,
    "ResetServiceSpecificCredential": ResetServiceSpecificCredentialResponse,
    "SimulateCustomPolicy": SimulatePolicyResponse,
    "SimulatePrincipalPolicy": SimulatePolicyResponse,
    "UpdateRole": UpdateRoleResponse,
    "UpdateRoleDescription": UpdateRoleDescriptionResponse,
    "UpdateSAMLProvider": UpdateSAMLProviderResponse,
    "UploadSSHPublicKey": UploadSSHPublicKeyResponse,
    "UploadServerCertificate": UploadServerCertificateResponse,
    "UploadSigningCertificate": UploadSigningCertificateResponse,
}

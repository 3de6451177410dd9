"""Console password operations: Create/Get/Update/DeleteLoginProfile, ChangePassword, and
Get/Update/DeleteAccountPasswordPolicy. No password ever appears in an answer or an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.authorize import Exemption
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import NON_USER_CREDENTIALS, own_user_name, user_target
from hatrack.api.registry import operation
from hatrack.errors import InvalidUserType, ValidationError
from hatrack.iam import login_profiles, password_policy, users
from hatrack.model import CallerKind
from hatrack.store.login_profiles import LoginProfileRecord, PasswordPolicyRecord
from hatrack.store.users import UserRecord

ONLY_IAM_USERS = "Only IAM Users can change their own password."
ACCOUNT_RESOURCE = "*"


def _login_profile_shape(user: UserRecord, profile: LoginProfileRecord) -> dict[str, Any]:
    return {
        "UserName": user.name,
        "CreateDate": profile.created_at,
        "PasswordResetRequired": profile.password_reset_required,
    }


def _target(call: Call, params: Mapping[str, Any], action: str) -> UserRecord:
    name = own_user_name(call, params)
    if name is None:
        raise ValidationError(NON_USER_CREDENTIALS)
    arn, context = user_target(call, name)
    call.authorize(action, arn, context=context)
    return users.require_user(call.conn, call.ctx.account_id, name)


@operation("iam", "CreateLoginProfile")
def create_login_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    user = _target(call, params, "iam:CreateLoginProfile")
    profile = login_profiles.create_login_profile(
        call.conn,
        user,
        params["Password"],
        password_reset_required=bool(params.get("PasswordResetRequired", False)),
        now=call.ctx.now,
    )
    return {"LoginProfile": _login_profile_shape(user, profile)}


@operation("iam", "GetLoginProfile", read_only=True)
def get_login_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    user = _target(call, params, "iam:GetLoginProfile")
    profile = login_profiles.require_login_profile(call.conn, user)
    return {"LoginProfile": _login_profile_shape(user, profile)}


@operation("iam", "UpdateLoginProfile")
def update_login_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    user = _target(call, params, "iam:UpdateLoginProfile")
    login_profiles.update_login_profile(
        call.conn,
        user,
        password=params.get("Password"),
        password_reset_required=params.get("PasswordResetRequired"),
        now=call.ctx.now,
    )
    return {}


@operation("iam", "DeleteLoginProfile")
def delete_login_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    user = _target(call, params, "iam:DeleteLoginProfile")
    login_profiles.delete_login_profile(call.conn, user)
    return {}


def change_own_password_exemption(call: Call) -> Exemption | None:
    """The account's AllowUsersToChangePassword lets every IAM user change its own password without a
    policy that allows it (IAM User Guide, id_credentials_passwords_enable-user-change); None when the
    account's password policy does not say so.

    It stands in for the missing Allow only: a Deny of iam:ChangePassword in the user's policies still
    refuses, as it does in AWS.
    """
    if not login_profiles.users_may_change_password(call.conn, call.ctx.account_id):
        return None
    return Exemption(
        rule="AllowUsersToChangePassword",
        why="the account's password policy lets IAM users change their own passwords",
    )


@operation("iam", "ChangePassword")
def change_password(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    caller = call.ctx.caller
    if caller.kind is not CallerKind.IAM_USER or caller.user_name is None:
        raise InvalidUserType(ONLY_IAM_USERS)
    own_arn = call.ctx.iam_arn(f"user{caller.user_path}{caller.user_name}")
    call.authorize("iam:ChangePassword", own_arn, exemption=change_own_password_exemption(call))
    user = users.require_user(call.conn, call.ctx.account_id, caller.user_name)
    login_profiles.change_password(
        call.conn, user, params["OldPassword"], params["NewPassword"], now=call.ctx.now
    )
    return {}


def _policy_shape(policy: PasswordPolicyRecord) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "MinimumPasswordLength": policy.minimum_password_length,
        "RequireSymbols": policy.require_symbols,
        "RequireNumbers": policy.require_numbers,
        "RequireUppercaseCharacters": policy.require_uppercase_characters,
        "RequireLowercaseCharacters": policy.require_lowercase_characters,
        "AllowUsersToChangePassword": policy.allow_users_to_change_password,
        "ExpirePasswords": policy.max_password_age is not None,
        "HardExpiry": policy.hard_expiry,
    }
    if policy.max_password_age is not None:
        shape["MaxPasswordAge"] = policy.max_password_age
    if policy.password_reuse_prevention is not None:
        shape["PasswordReusePrevention"] = policy.password_reuse_prevention
    return shape


@operation("iam", "GetAccountPasswordPolicy", read_only=True)
def get_account_password_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:GetAccountPasswordPolicy", ACCOUNT_RESOURCE)
    return {
        "PasswordPolicy": _policy_shape(password_policy.get_password_policy(call.conn, call.ctx.account_id))
    }


@operation("iam", "UpdateAccountPasswordPolicy")
def update_account_password_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:UpdateAccountPasswordPolicy", ACCOUNT_RESOURCE)
    password_policy.update_password_policy(
        call.conn,
        call.ctx.account_id,
        minimum_password_length=params.get("MinimumPasswordLength"),
        require_symbols=params.get("RequireSymbols"),
        require_numbers=params.get("RequireNumbers"),
        require_uppercase_characters=params.get("RequireUppercaseCharacters"),
        require_lowercase_characters=params.get("RequireLowercaseCharacters"),
        allow_users_to_change_password=params.get("AllowUsersToChangePassword"),
        max_password_age=params.get("MaxPasswordAge"),
        password_reuse_prevention=params.get("PasswordReusePrevention"),
        hard_expiry=params.get("HardExpiry"),
    )
    return {}


@operation("iam", "DeleteAccountPasswordPolicy")
def delete_account_password_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:DeleteAccountPasswordPolicy", ACCOUNT_RESOURCE)
    password_policy.delete_password_policy(call.conn, call.ctx.account_id)
    return {}

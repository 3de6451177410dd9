"""Console password operations: Create/Get/Update/DeleteLoginProfile, ChangePassword, and
Get/Update/DeleteAccountPasswordPolicy. No password ever appears in an answer or an error."""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.authorize import Exemption
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import named_or_own_user
from hatrack.api.registry import operation
from hatrack.api.shapes import NoInput
from hatrack.api.shapes import iam as shapes
from hatrack.errors import ValidationError
from hatrack.iam import login_profiles, password_policy, users
from hatrack.model.identities import LoginProfileRecord, PasswordPolicyRecord, UserRecord


def _login_profile(user: UserRecord, profile: LoginProfileRecord) -> shapes.LoginProfile:
    return shapes.LoginProfile(
        user_name=user.name,
        create_date=profile.created_at,
        password_reset_required=profile.password_reset_required,
    )


def _user(call: Call, name: str | None) -> UserRecord:
    """The login profile's user, named or the caller itself (authorized already)."""
    user = named_or_own_user(call, name)
    if user is None:  # the resolver refused the root already
        raise ValidationError(targets.NON_USER_CREDENTIALS)
    return user


@operation(
    "iam",
    "CreateLoginProfile",
    action="iam:CreateLoginProfile",
    resource=targets.own_user(root_allowed=False),
)
def create_login_profile(
    call: Call, request: shapes.CreateLoginProfileRequest
) -> shapes.CreateLoginProfileResponse:
    user = _user(call, request.user_name)
    if request.password is None:
        raise ValidationError("Password is required")  # guess: AWS's wording for a missing password
    profile = login_profiles.create_login_profile(
        call.conn,
        user,
        request.password,
        password_reset_required=bool(request.password_reset_required),
        now=call.ctx.now,
    )
    return shapes.CreateLoginProfileResponse(login_profile=_login_profile(user, profile))


@operation(
    "iam",
    "GetLoginProfile",
    action="iam:GetLoginProfile",
    resource=targets.own_user(root_allowed=False),
    read_only=True,
)
def get_login_profile(call: Call, request: shapes.GetLoginProfileRequest) -> shapes.GetLoginProfileResponse:
    user = _user(call, request.user_name)
    profile = login_profiles.require_login_profile(call.conn, user)
    return shapes.GetLoginProfileResponse(login_profile=_login_profile(user, profile))


@operation(
    "iam",
    "UpdateLoginProfile",
    action="iam:UpdateLoginProfile",
    resource=targets.own_user(root_allowed=False),
)
def update_login_profile(call: Call, request: shapes.UpdateLoginProfileRequest) -> None:
    login_profiles.update_login_profile(
        call.conn,
        _user(call, request.user_name),
        password=request.password,
        password_reset_required=request.password_reset_required,
        now=call.ctx.now,
    )


@operation(
    "iam",
    "DeleteLoginProfile",
    action="iam:DeleteLoginProfile",
    resource=targets.own_user(root_allowed=False),
)
def delete_login_profile(call: Call, request: shapes.DeleteLoginProfileRequest) -> None:
    login_profiles.delete_login_profile(call.conn, _user(call, request.user_name))


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


@operation(
    "iam",
    "ChangePassword",
    action="iam:ChangePassword",
    resource=targets.calling_user(),
    exemption=change_own_password_exemption,
)
def change_password(call: Call, request: shapes.ChangePasswordRequest) -> None:
    user = users.require_user(call.conn, call.ctx.account_id, str(call.ctx.caller.user_name))
    login_profiles.change_password(
        call.conn, user, request.old_password, request.new_password, now=call.ctx.now
    )


def _password_policy(policy: PasswordPolicyRecord) -> shapes.PasswordPolicy:
    return shapes.PasswordPolicy(
        minimum_password_length=policy.minimum_password_length,
        require_symbols=policy.require_symbols,
        require_numbers=policy.require_numbers,
        require_uppercase_characters=policy.require_uppercase_characters,
        require_lowercase_characters=policy.require_lowercase_characters,
        allow_users_to_change_password=policy.allow_users_to_change_password,
        expire_passwords=policy.max_password_age is not None,
        max_password_age=policy.max_password_age,
        password_reuse_prevention=policy.password_reuse_prevention,
        hard_expiry=policy.hard_expiry,
    )


@operation(
    "iam",
    "GetAccountPasswordPolicy",
    action="iam:GetAccountPasswordPolicy",
    resource=targets.any_resource(),
    read_only=True,
)
def get_account_password_policy(call: Call, request: NoInput) -> shapes.GetAccountPasswordPolicyResponse:
    policy = password_policy.get_password_policy(call.conn, call.ctx.account_id)
    return shapes.GetAccountPasswordPolicyResponse(password_policy=_password_policy(policy))


@operation(
    "iam",
    "UpdateAccountPasswordPolicy",
    action="iam:UpdateAccountPasswordPolicy",
    resource=targets.any_resource(),
)
def update_account_password_policy(call: Call, request: shapes.UpdateAccountPasswordPolicyRequest) -> None:
    password_policy.update_password_policy(
        call.conn,
        call.ctx.account_id,
        minimum_password_length=request.minimum_password_length,
        require_symbols=request.require_symbols,
        require_numbers=request.require_numbers,
        require_uppercase_characters=request.require_uppercase_characters,
        require_lowercase_characters=request.require_lowercase_characters,
        allow_users_to_change_password=request.allow_users_to_change_password,
        max_password_age=request.max_password_age,
        password_reuse_prevention=request.password_reuse_prevention,
        hard_expiry=request.hard_expiry,
    )


@operation(
    "iam",
    "DeleteAccountPasswordPolicy",
    action="iam:DeleteAccountPasswordPolicy",
    resource=targets.any_resource(),
)
def delete_account_password_policy(call: Call, request: NoInput) -> None:
    password_policy.delete_password_policy(call.conn, call.ctx.account_id)

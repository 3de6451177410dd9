"""Persona × operation: every declared operation, authorized exactly as AWS's reference says.

For each operation declared in the registry (``@operation(..., action=..., resource=...)``), through
boto3 against the real server:

- a caller with no policy is refused, and the message names exactly the action and the resource ARN
  that AWS's service authorization reference gives for it (the table below, written independently of
  the resolvers it checks);
- a caller allowed exactly that action on exactly that ARN gets past authorization (it may still fail
  for a domain reason, such as NoSuchEntity);
- where the resource is an existing tagged entity, a Deny conditioned on its tag refuses the call
  (the resource-tag keys reach the decision).

Operations declared without a resource have their own checks: one AWS never denies
(``never_denied=``) answers a caller with no policy and one whose policy denies it explicitly; one
that decides by a rule of its own (``decided_by=``, web identity, unsigned) cannot be called by these
signed personas and is listed with the reason and the tests that cover it.

The tables must cover every declared operation, so a new declaration without a row fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from hatrack.api.registry import load_handlers
from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.sts.saml_idp import SamlIdp
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

CALLER = "matrix-caller"
# Which ARN an operation is authorized on is decided by code that is the same on both databases (the
# store look-ups it uses run on PostgreSQL across the rest of the suite), so the matrix runs on SQLite.
SQLITE_ONLY = pytest.mark.parametrize("hatrack_server", ["sqlite"], indirect=True)
TARGET_TAG = {"Key": "matrix", "Value": "guarded"}


@dataclass(frozen=True)
class Row:
    """One operation: its request and the resource AWS authorizes it on (``{account}`` filled in)."""

    params: dict[str, Any]
    resource: str
    tagged_target: bool = False  # the resource is an existing entity carrying TARGET_TAG
    # Dependent actions AWS also requires, each on its own resource (action -> resource).
    dependent: dict[str, str] = field(default_factory=dict)


ROWS: dict[tuple[str, str], Row] = {
    ("iam", "CreateUser"): Row(
        {"UserName": "made", "Path": "/team/"}, "arn:aws:iam::{account}:user/team/made"
    ),
    ("iam", "GetUser"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "ListUsers"): Row({"PathPrefix": "/ops/"}, "arn:aws:iam::{account}:user/ops/"),
    ("iam", "UpdateUser"): Row(
        {"UserName": "target", "NewPath": "/ops/"}, "arn:aws:iam::{account}:user/ops/target", True
    ),
    ("iam", "DeleteUser"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "TagUser"): Row(
        {"UserName": "target", "Tags": [{"Key": "k", "Value": "v"}]},
        "arn:aws:iam::{account}:user/ops/target",
        True,
    ),
    ("iam", "UntagUser"): Row(
        {"UserName": "target", "TagKeys": ["k"]}, "arn:aws:iam::{account}:user/ops/target", True
    ),
    ("iam", "ListUserTags"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "CreateGroup"): Row(
        {"GroupName": "made", "Path": "/team/"}, "arn:aws:iam::{account}:group/team/made"
    ),
    ("iam", "GetGroup"): Row({"GroupName": "crew"}, "arn:aws:iam::{account}:group/ops/crew"),
    ("iam", "ListGroups"): Row({"PathPrefix": "/ops/"}, "arn:aws:iam::{account}:group/ops/"),
    ("iam", "UpdateGroup"): Row(
        {"GroupName": "crew", "NewPath": "/ops/"}, "arn:aws:iam::{account}:group/ops/crew"
    ),
    ("iam", "DeleteGroup"): Row({"GroupName": "crew"}, "arn:aws:iam::{account}:group/ops/crew"),
    ("iam", "AddUserToGroup"): Row(
        {"GroupName": "crew", "UserName": "target"}, "arn:aws:iam::{account}:group/ops/crew"
    ),
    ("iam", "RemoveUserFromGroup"): Row(
        {"GroupName": "crew", "UserName": "target"}, "arn:aws:iam::{account}:group/ops/crew"
    ),
    ("iam", "ListGroupsForUser"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "CreateAccessKey"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "ListAccessKeys"): Row({"UserName": "target"}, "arn:aws:iam::{account}:user/ops/target", True),
    ("iam", "UpdateAccessKey"): Row(
        {"UserName": "target", "AccessKeyId": "{target_key}", "Status": "Inactive"},
        "arn:aws:iam::{account}:user/ops/target",
        True,
    ),
    ("iam", "DeleteAccessKey"): Row(
        {"UserName": "target", "AccessKeyId": "{target_key}"}, "arn:aws:iam::{account}:user/ops/target", True
    ),
    ("iam", "GetAccessKeyLastUsed"): Row(
        {"AccessKeyId": "{target_key}"}, "arn:aws:iam::{account}:user/ops/target", True
    ),
}

POLICY = "arn:aws:iam::{account}:policy/ops/guard"
DOC = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)
NAMES = {"User": "target", "Group": "crew", "Role": "ops-role"}
ARNS = {
    "User": "arn:aws:iam::{account}:user/ops/target",
    "Group": "arn:aws:iam::{account}:group/ops/crew",
    "Role": "arn:aws:iam::{account}:role/ops/ops-role",
}


def _principal_rows() -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    for kind, name in NAMES.items():
        who = {f"{kind}Name": name}
        arn, tagged = ARNS[kind], kind != "Group"
        plural = "Policies"
        rows[("iam", f"Put{kind}Policy")] = Row(
            {**who, "PolicyName": "p", "PolicyDocument": DOC}, arn, tagged
        )
        rows[("iam", f"Get{kind}Policy")] = Row({**who, "PolicyName": "inline"}, arn, tagged)
        rows[("iam", f"Delete{kind}Policy")] = Row({**who, "PolicyName": "inline"}, arn, tagged)
        rows[("iam", f"List{kind}{plural}")] = Row(who, arn, tagged)
        rows[("iam", f"Attach{kind}Policy")] = Row({**who, "PolicyArn": POLICY}, arn, tagged)
        rows[("iam", f"Detach{kind}Policy")] = Row({**who, "PolicyArn": POLICY}, arn, tagged)
        rows[("iam", f"ListAttached{kind}{plural}")] = Row(who, arn, tagged)
    return rows


def _policy_rows() -> dict[tuple[str, str], Row]:
    on_policy: dict[str, dict[str, Any]] = {
        "GetPolicy": {},
        "DeletePolicy": {},
        "CreatePolicyVersion": {"PolicyDocument": DOC},
        "GetPolicyVersion": {"VersionId": "v1"},
        "ListPolicyVersions": {},
        "SetDefaultPolicyVersion": {"VersionId": "v1"},
        "DeletePolicyVersion": {"VersionId": "v2"},
        "ListEntitiesForPolicy": {},
        "TagPolicy": {"Tags": [{"Key": "k", "Value": "v"}]},
        "UntagPolicy": {"TagKeys": ["k"]},
        "ListPolicyTags": {},
    }
    rows = {
        ("iam", name): Row({"PolicyArn": POLICY, **extra}, POLICY, True) for name, extra in on_policy.items()
    }
    rows[("iam", "CreatePolicy")] = Row(
        {"PolicyName": "made", "Path": "/team/", "PolicyDocument": DOC},
        "arn:aws:iam::{account}:policy/team/made",
    )
    rows[("iam", "ListPolicies")] = Row({}, "arn:aws:iam::{account}:policy/")
    rows[("iam", "PutUserPermissionsBoundary")] = Row(
        {"UserName": "target", "PermissionsBoundary": POLICY}, ARNS["User"], True
    )
    rows[("iam", "DeleteUserPermissionsBoundary")] = Row({"UserName": "target"}, ARNS["User"], True)
    return rows


def _account_rows() -> dict[tuple[str, str], Row]:
    rows = {
        ("iam", "CreateAccountAlias"): Row({"AccountAlias": "matrix-made"}, "*"),
        ("iam", "DeleteAccountAlias"): Row({"AccountAlias": "matrix-alias"}, "*"),
        ("iam", "ListAccountAliases"): Row({}, "*"),
        ("iam", "GetAccountSummary"): Row({}, "*"),
        ("iam", "GetAccountPasswordPolicy"): Row({}, "*"),
        ("iam", "UpdateAccountPasswordPolicy"): Row({"MinimumPasswordLength": 12}, "*"),
        ("iam", "DeleteAccountPasswordPolicy"): Row({}, "*"),
        ("iam", "ChangePassword"): Row(
            {"OldPassword": "Old-passw0rd!", "NewPassword": "New-passw0rd!"},
            "arn:aws:iam::{account}:user/" + CALLER,
        ),
    }
    login = {"target": "T4rget-passw0rd!"}
    for name, params in (
        ("CreateLoginProfile", {"UserName": "nologin", "Password": "Made-passw0rd!"}),
        ("GetLoginProfile", {"UserName": "target"}),
        ("UpdateLoginProfile", {"UserName": "target", "PasswordResetRequired": True}),
        ("DeleteLoginProfile", {"UserName": "target"}),
    ):
        user = str(params["UserName"])
        arn = ARNS["User"] if user in login else "arn:aws:iam::{account}:user/ops/" + user
        rows[("iam", name)] = Row(params, arn, tagged_target=True)
    return rows


OIDC = "arn:aws:iam::{account}:oidc-provider/idp.example.com/matrix"


def _oidc_rows() -> dict[tuple[str, str], Row]:
    on_provider: dict[str, dict[str, Any]] = {
        "GetOpenIDConnectProvider": {},
        "DeleteOpenIDConnectProvider": {},
        "AddClientIDToOpenIDConnectProvider": {"ClientID": "extra"},
        "RemoveClientIDFromOpenIDConnectProvider": {"ClientID": "app"},
        "UpdateOpenIDConnectProviderThumbprint": {"ThumbprintList": ["1" * 40]},
        "TagOpenIDConnectProvider": {"Tags": [{"Key": "k", "Value": "v"}]},
        "UntagOpenIDConnectProvider": {"TagKeys": ["k"]},
        "ListOpenIDConnectProviderTags": {},
    }
    rows = {
        ("iam", name): Row({"OpenIDConnectProviderArn": OIDC, **extra}, OIDC, True)
        for name, extra in on_provider.items()
    }
    rows[("iam", "CreateOpenIDConnectProvider")] = Row(
        {"Url": "https://made.example.com", "ThumbprintList": ["0" * 40]},
        "arn:aws:iam::{account}:oidc-provider/made.example.com",
    )
    rows[("iam", "ListOpenIDConnectProviders")] = Row({}, "arn:aws:iam::{account}:oidc-provider/")
    return rows


SAML = "arn:aws:iam::{account}:saml-provider/matrix-idp"


def _saml_rows() -> dict[tuple[str, str], Row]:
    on_provider: dict[str, dict[str, Any]] = {
        "GetSAMLProvider": {},
        "DeleteSAMLProvider": {},
        "UpdateSAMLProvider": {"SAMLMetadataDocument": "{saml_metadata}"},
        "TagSAMLProvider": {"Tags": [{"Key": "k", "Value": "v"}]},
        "UntagSAMLProvider": {"TagKeys": ["k"]},
        "ListSAMLProviderTags": {},
    }
    rows = {
        ("iam", name): Row({"SAMLProviderArn": SAML, **extra}, SAML, True)
        for name, extra in on_provider.items()
    }
    rows[("iam", "CreateSAMLProvider")] = Row(
        {"Name": "made-idp", "SAMLMetadataDocument": "{saml_metadata}"},
        "arn:aws:iam::{account}:saml-provider/made-idp",
    )
    rows[("iam", "ListSAMLProviders")] = Row({}, "arn:aws:iam::{account}:saml-provider/")
    return rows


SLR = "arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"


def _service_linked_rows() -> dict[tuple[str, str], Row]:
    task = "task/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling/0000"
    return {
        ("iam", "CreateServiceLinkedRole"): Row({"AWSServiceName": "autoscaling.amazonaws.com"}, SLR),
        ("iam", "DeleteServiceLinkedRole"): Row({"RoleName": "AWSServiceRoleForAutoScaling"}, SLR, True),
        ("iam", "GetServiceLinkedRoleDeletionStatus"): Row({"DeletionTaskId": task}, SLR),
    }


SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILXjc+buF1Spc6tSKU+kunA09RsHQcK4M83XS+lsIzZE"
SSH_KEY_ID = "APKAAAAAAAAAAAAAAAAA"


def _ssh_key_rows() -> dict[tuple[str, str], Row]:
    on_user: dict[str, dict[str, Any]] = {
        "UploadSSHPublicKey": {"SSHPublicKeyBody": SSH_KEY},
        "GetSSHPublicKey": {"SSHPublicKeyId": SSH_KEY_ID, "Encoding": "SSH"},
        "ListSSHPublicKeys": {},
        "UpdateSSHPublicKey": {"SSHPublicKeyId": SSH_KEY_ID, "Status": "Inactive"},
        "DeleteSSHPublicKey": {"SSHPublicKeyId": SSH_KEY_ID},
    }
    return {
        ("iam", name): Row({"UserName": "target", **extra}, "arn:aws:iam::{account}:user/ops/target", True)
        for name, extra in on_user.items()
    }


CERTIFICATE_ID = "A" * 32


def _signing_certificate_rows() -> dict[tuple[str, str], Row]:
    on_user: dict[str, dict[str, Any]] = {
        "UploadSigningCertificate": {"CertificateBody": "not a certificate"},
        "ListSigningCertificates": {},
        "UpdateSigningCertificate": {"CertificateId": CERTIFICATE_ID, "Status": "Inactive"},
        "DeleteSigningCertificate": {"CertificateId": CERTIFICATE_ID},
    }
    return {
        ("iam", name): Row({"UserName": "target", **extra}, "arn:aws:iam::{account}:user/ops/target", True)
        for name, extra in on_user.items()
    }


def _role_rows() -> dict[tuple[str, str], Row]:
    on_role: dict[str, dict[str, Any]] = {
        "GetRole": {},
        "UpdateRole": {"Description": "d"},
        "UpdateRoleDescription": {"Description": "d"},
        "UpdateAssumeRolePolicy": {"PolicyDocument": TRUST},
        "DeleteRole": {},
        "TagRole": {"Tags": [{"Key": "k", "Value": "v"}]},
        "UntagRole": {"TagKeys": ["k"]},
        "ListRoleTags": {},
        "PutRolePermissionsBoundary": {"PermissionsBoundary": POLICY},
        "DeleteRolePermissionsBoundary": {},
    }
    rows = {
        ("iam", name): Row({"RoleName": "ops-role", **extra}, ARNS["Role"], True)
        for name, extra in on_role.items()
    }
    rows[("iam", "CreateRole")] = Row(
        {"RoleName": "made", "Path": "/team/", "AssumeRolePolicyDocument": TRUST},
        "arn:aws:iam::{account}:role/team/made",
    )
    rows[("iam", "ListRoles")] = Row({"PathPrefix": "/ops/"}, "arn:aws:iam::{account}:role/ops/")
    return rows


PROFILE = "arn:aws:iam::{account}:instance-profile/ops/ops-profile"


def _profile_rows() -> dict[tuple[str, str], Row]:
    on_profile: dict[str, dict[str, Any]] = {
        "GetInstanceProfile": {},
        "DeleteInstanceProfile": {},
        "RemoveRoleFromInstanceProfile": {"RoleName": "ops-role"},
        "TagInstanceProfile": {"Tags": [{"Key": "k", "Value": "v"}]},
        "UntagInstanceProfile": {"TagKeys": ["k"]},
        "ListInstanceProfileTags": {},
    }
    rows = {
        ("iam", name): Row({"InstanceProfileName": "ops-profile", **extra}, PROFILE, True)
        for name, extra in on_profile.items()
    }
    rows[("iam", "AddRoleToInstanceProfile")] = Row(
        {"InstanceProfileName": "empty-profile", "RoleName": "ops-role"},
        "arn:aws:iam::{account}:instance-profile/ops/empty-profile",
        True,
        dependent={"iam:PassRole": ARNS["Role"]},
    )
    rows[("iam", "CreateInstanceProfile")] = Row(
        {"InstanceProfileName": "made", "Path": "/team/"}, "arn:aws:iam::{account}:instance-profile/team/made"
    )
    rows[("iam", "ListInstanceProfiles")] = Row(
        {"PathPrefix": "/ops/"}, "arn:aws:iam::{account}:instance-profile/ops/"
    )
    rows[("iam", "ListInstanceProfilesForRole")] = Row({"RoleName": "ops-role"}, ARNS["Role"], True)
    return rows


SPARE = "arn:aws:iam::{account}:mfa/spare"


def _mfa_rows() -> dict[tuple[str, str], Row]:
    user = {"UserName": "target"}
    codes = {"AuthenticationCode1": "123456", "AuthenticationCode2": "654321"}
    rows = {
        ("iam", "EnableMFADevice"): Row({**user, "SerialNumber": SPARE, **codes}, ARNS["User"], True),
        ("iam", "ResyncMFADevice"): Row({**user, "SerialNumber": "{serial}", **codes}, ARNS["User"], True),
        ("iam", "DeactivateMFADevice"): Row({**user, "SerialNumber": "{serial}"}, ARNS["User"], True),
        ("iam", "ListMFADevices"): Row(user, ARNS["User"], True),
        ("iam", "GetMFADevice"): Row({**user, "SerialNumber": "{serial}"}, ARNS["User"], True),
        ("iam", "DeleteVirtualMFADevice"): Row({"SerialNumber": SPARE}, SPARE, True),
        ("iam", "TagMFADevice"): Row(
            {"SerialNumber": SPARE, "Tags": [{"Key": "k", "Value": "v"}]}, SPARE, True
        ),
        ("iam", "UntagMFADevice"): Row({"SerialNumber": SPARE, "TagKeys": ["k"]}, SPARE, True),
        ("iam", "ListMFADeviceTags"): Row({"SerialNumber": SPARE}, SPARE, True),
        ("iam", "ListVirtualMFADevices"): Row({}, "arn:aws:iam::{account}:mfa/"),
        ("iam", "CreateVirtualMFADevice"): Row(
            {"VirtualMFADeviceName": "made", "Path": "/team/"}, "arn:aws:iam::{account}:mfa/team/made"
        ),
    }
    return rows


ASSUMABLE = "arn:aws:iam::{account}:role/ops/ops-trusting-account"
MATRIX_JOB = "00000000-0000-4000-8000-000000000000"  # no such job: NoSuchEntity once authorized
FEDERATED = "arn:aws:sts::{account}:federated-user/matrix-fed"
SESSION_TAGS = [{"Key": "k", "Value": "v"}]

ROWS.update(
    {
        # The role's trust names the account, so the caller's own policy must allow too (a trust that
        # names the caller or "*" would let a caller without policy in).
        ("sts", "AssumeRole"): Row(
            {"RoleArn": ASSUMABLE, "RoleSessionName": "matrix", "Tags": SESSION_TAGS},
            ASSUMABLE,
            True,
            dependent={"sts:TagSession": ASSUMABLE},
        ),
        ("sts", "GetFederationToken"): Row(
            {"Name": "matrix-fed", "Tags": SESSION_TAGS}, FEDERATED, dependent={"sts:TagSession": FEDERATED}
        ),
        ("sts", "GetAccessKeyInfo"): Row({"AccessKeyId": "{target_key}"}, "*"),
        ("sts", "DecodeAuthorizationMessage"): Row({"EncodedMessage": "not-a-message"}, "*"),
        ("cloudtrail", "LookupEvents"): Row({"MaxResults": 5}, "*"),
        ("iam", "GetAccountAuthorizationDetails"): Row({}, "*"),
        ("iam", "GenerateServiceLastAccessedDetails"): Row({"Arn": ARNS["User"]}, ARNS["User"], True),
        ("iam", "GenerateCredentialReport"): Row({}, "*"),
        ("iam", "GetCredentialReport"): Row({}, "*"),
        ("iam", "GetServiceLastAccessedDetails"): Row({"JobId": MATRIX_JOB}, "*"),
        ("iam", "GetServiceLastAccessedDetailsWithEntities"): Row(
            {"JobId": MATRIX_JOB, "ServiceNamespace": "iam"}, "*"
        ),
        ("iam", "SimulatePrincipalPolicy"): Row(
            {"PolicySourceArn": ARNS["User"], "ActionNames": ["s3:GetObject"]}, ARNS["User"], True
        ),
        ("iam", "GetContextKeysForPrincipalPolicy"): Row(
            {"PolicySourceArn": ARNS["Role"]}, ARNS["Role"], True
        ),
        ("iam", "SimulateCustomPolicy"): Row(
            {"PolicyInputList": [DOC], "ActionNames": ["s3:GetObject"]}, "*"
        ),
        ("iam", "GetContextKeysForCustomPolicy"): Row({"PolicyInputList": [DOC]}, "*"),
    }
)
ROWS.update(_principal_rows())
ROWS.update(_mfa_rows())
ROWS.update(_profile_rows())
ROWS.update(_role_rows())
ROWS.update(_oidc_rows())
ROWS.update(_saml_rows())
ROWS.update(_service_linked_rows())
ROWS.update(_ssh_key_rows())
ROWS.update(_signing_certificate_rows())
ROWS.update(_account_rows())
ROWS.update(_policy_rows())


# Operations AWS answers for every caller, whatever its policies say: their requests.
NEVER_DENIED: dict[tuple[str, str], dict[str, Any]] = {
    ("sts", "GetCallerIdentity"): {},
    ("sts", "GetSessionToken"): {},
}
# Operations that decide by a rule of their own and take no signed caller: why they are not rows here.
DECIDED_BY_THEMSELVES: dict[tuple[str, str], str] = {
    ("sts", "AssumeRoleWithWebIdentity"): (
        "unsigned: the caller is known only by its ID token and the role's trust policy decides for the "
        "provider it names; covered by tests/e2e/test_web_identity_security.py and "
        "tests/sts/test_web_identity.py"
    ),
    ("sts", "AssumeRoleWithSAML"): (
        "unsigned: the caller is known only by its IdP's signed SAML response, and the role's trust "
        "policy decides for the provider it names; covered by tests/e2e/test_saml.py"
    ),
}


def declared_operations() -> list[tuple[str, str]]:
    return sorted(key for key, op in load_handlers().items() if op.declaration is not None)


def test_every_declared_operation_has_a_row() -> None:
    declared = set(declared_operations())
    assert declared, "no operation is declared"
    covered = set(ROWS) | set(NEVER_DENIED) | set(DECIDED_BY_THEMSELVES)
    assert declared == covered, f"missing rows: {sorted(declared - covered)}"


def test_each_row_names_the_action_the_operation_declares() -> None:
    operations = load_handlers()
    for service, name in [*ROWS, *NEVER_DENIED, *DECIDED_BY_THEMSELVES]:
        declaration = operations[(service, name)].declaration
        assert declaration is not None
        assert declaration.action == f"{service}:{name}"


def test_the_tables_say_how_each_operation_is_declared() -> None:
    """A row is a resource the caller's policies decide on; the other tables hold exactly the
    declarations that say ``never_denied`` or ``decided_by`` (with their reasons)."""
    operations = load_handlers()
    for key in ROWS:
        declaration = operations[key].declaration
        assert declaration is not None and declaration.resource is not None, key
    for key in NEVER_DENIED:
        declaration = operations[key].declaration
        assert declaration is not None and declaration.never_denied, key
    for key in DECIDED_BY_THEMSELVES:
        declaration = operations[key].declaration
        assert declaration is not None and declaration.decided_by is not None, key


def _caller(server: RunningServer, policy: dict[str, Any] | None, name: str) -> Callable[[str], Any]:
    iam = server.client("iam")
    iam.create_user(UserName=CALLER)
    if policy is not None:
        iam.put_user_policy(UserName=CALLER, PolicyName="exactly", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=CALLER)["AccessKey"]
    if name == "ChangePassword":
        iam.create_login_profile(UserName=CALLER, Password="Old-passw0rd!")

    def client(service: str) -> Any:
        return server.client(service, key=key["AccessKeyId"], secret=key["SecretAccessKey"])

    return client


def _needs(name: str, row: Row) -> set[str]:
    """The set-up steps a row needs beyond the target user, group and role (the costly ones, such as
    login profiles, whose Argon2id hashing dominates the matrix's time, only where used)."""
    text = json.dumps(row.params) + row.resource + json.dumps(row.dependent)
    needs = {step for step, marker in _STEP_MARKERS.items() if marker in name or marker in text}
    if "/ops/guard" in text or "Polic" in name:
        needs.add("policy")
    return needs


_STEP_MARKERS = {
    "login": "LoginProfile",
    "mfa": "MFA",
    "oidc": "OpenIDConnect",
    "saml": "SAMLProvider",
    "service-linked": "DeleteServiceLinkedRole",
    "profiles": "InstanceProfile",
    "alias": "AccountAlias",
    "key": "{target_key}",
    "assumable": "ops-trusting-account",
}


def _set_up_target(server: RunningServer, row: Row, name: str) -> dict[str, Any]:
    """The entities the row acts on, and the row's request with their ids filled in."""
    needs = _needs(name, row)
    iam = server.client("iam")
    iam.create_user(UserName="target", Path="/ops/", Tags=[TARGET_TAG])
    iam.create_group(GroupName="crew", Path="/ops/")
    iam.create_role(RoleName="ops-role", Path="/ops/", AssumeRolePolicyDocument=TRUST, Tags=[TARGET_TAG])
    if "policy" in needs:
        iam.put_user_policy(UserName="target", PolicyName="inline", PolicyDocument=DOC)
        iam.put_group_policy(GroupName="crew", PolicyName="inline", PolicyDocument=DOC)
        iam.put_role_policy(RoleName="ops-role", PolicyName="inline", PolicyDocument=DOC)
        created = iam.create_policy(PolicyName="guard", Path="/ops/", PolicyDocument=DOC, Tags=[TARGET_TAG])
        arn = created["Policy"]["Arn"]
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=DOC)
        for attach in (iam.attach_user_policy, iam.attach_group_policy, iam.attach_role_policy):
            kind = attach.__name__.split("_")[1].title()
            attach(**{f"{kind}Name": NAMES[kind], "PolicyArn": arn})
    target_key = (
        iam.create_access_key(UserName="target")["AccessKey"]["AccessKeyId"] if "key" in needs else ""
    )
    if "login" in needs:
        iam.create_user(UserName="nologin", Path="/ops/", Tags=[TARGET_TAG])
        iam.create_login_profile(UserName="target", Password="T4rget-passw0rd!")
    if "alias" in needs:
        iam.create_account_alias(AccountAlias="matrix-alias")
    serial = ""
    if "mfa" in needs:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="spare", Tags=[TARGET_TAG])
        phone = iam.create_virtual_mfa_device(VirtualMFADeviceName="ops-phone")["VirtualMFADevice"]
        seed, now = totp_secret_from_base32(phone["Base32StringSeed"].decode()), datetime.now(UTC)
        iam.enable_mfa_device(
            UserName="target",
            SerialNumber=phone["SerialNumber"],
            AuthenticationCode1=totp_code(seed, now - timedelta(seconds=30)),
            AuthenticationCode2=totp_code(seed, now),
        )
        serial = phone["SerialNumber"]
    if "profiles" in needs:
        for profile in ("ops-profile", "empty-profile"):
            iam.create_instance_profile(InstanceProfileName=profile, Path="/ops/", Tags=[TARGET_TAG])
        iam.add_role_to_instance_profile(InstanceProfileName="ops-profile", RoleName="ops-role")
    if "oidc" in needs:
        iam.create_open_id_connect_provider(
            Url="https://idp.example.com/matrix",
            ClientIDList=["app"],
            ThumbprintList=["0" * 40],
            Tags=[TARGET_TAG],
        )
    saml_metadata = (
        SamlIdp().metadata() if "saml" in needs or "{saml_metadata}" in json.dumps(row.params) else ""
    )
    if "saml" in needs and name != "CreateSAMLProvider":
        iam.create_saml_provider(Name="matrix-idp", SAMLMetadataDocument=saml_metadata, Tags=[TARGET_TAG])
    if "service-linked" in needs:
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
        iam.tag_role(RoleName="AWSServiceRoleForAutoScaling", Tags=[TARGET_TAG])
    if "assumable" in needs:
        account_trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                    "Action": ["sts:AssumeRole", "sts:TagSession"],
                }
            ],
        }
        iam.create_role(
            RoleName="ops-trusting-account",
            Path="/ops/",
            AssumeRolePolicyDocument=json.dumps(account_trust),
            Tags=[TARGET_TAG],
        )
    if name == "ChangePassword" or "PasswordPolicy" in name:
        iam.update_account_password_policy(MinimumPasswordLength=8, AllowUsersToChangePassword=False)

    def fill(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        filled = value.replace("{target_key}", target_key).replace("{serial}", serial)
        filled = filled.replace("{saml_metadata}", saml_metadata)
        return filled.replace("{account}", server.account_id)

    return {name: fill(value) for name, value in row.params.items()}


def _call(client: Any, name: str, params: dict[str, Any]) -> str | None:
    """The error code of the call, or None when it succeeded."""
    try:
        getattr(client, xform_name(name))(**params)
    except ClientError as error:
        return f"{error.response['Error']['Code']}: {error.response['Error']['Message']}"
    return None


@SQLITE_ONLY
@pytest.mark.parametrize(("service", "name"), sorted(ROWS))
def test_a_caller_without_policy_is_refused_on_exactly_the_declared_resource(
    server: RunningServer, service: str, name: str
) -> None:
    row = ROWS[(service, name)]
    params = _set_up_target(server, row, name)
    client = _caller(server, None, name)(service)
    outcome = _call(client, name, params)
    resource = row.resource.format(account=server.account_id)
    assert outcome is not None
    assert outcome.startswith("AccessDenied: ")
    assert f"is not authorized to perform: {service}:{name} on resource: {resource} " in outcome


@SQLITE_ONLY
@pytest.mark.parametrize(("service", "name"), sorted(ROWS))
def test_a_caller_allowed_exactly_that_action_on_that_resource_gets_past_authorization(
    server: RunningServer, service: str, name: str
) -> None:
    row = ROWS[(service, name)]
    params = _set_up_target(server, row, name)
    resource = row.resource.format(account=server.account_id)
    dependent = [
        {"Effect": "Allow", "Action": action, "Resource": arn.replace("{account}", server.account_id)}
        for action, arn in row.dependent.items()
    ]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": f"{service}:{name}", "Resource": resource}, *dependent],
    }
    client = _caller(server, policy, name)(service)
    outcome = _call(client, name, params)
    assert outcome is None or not outcome.startswith("AccessDenied"), outcome


@SQLITE_ONLY
@pytest.mark.parametrize(("service", "name"), sorted(key for key, row in ROWS.items() if row.dependent))
def test_a_caller_allowed_the_action_but_not_its_dependent_actions_is_refused_them(
    server: RunningServer, service: str, name: str
) -> None:
    row = ROWS[(service, name)]
    params = _set_up_target(server, row, name)
    resource = row.resource.replace("{account}", server.account_id)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": f"{service}:{name}", "Resource": resource}],
    }
    outcome = _call(_caller(server, policy, name)(service), name, params)
    assert outcome is not None
    for action, arn in row.dependent.items():
        assert f"perform: {action} on resource: {arn.replace('{account}', server.account_id)} " in outcome


@SQLITE_ONLY
@pytest.mark.parametrize(("service", "name"), sorted(key for key, row in ROWS.items() if row.tagged_target))
def test_a_deny_on_the_targets_tag_refuses_the_call(server: RunningServer, service: str, name: str) -> None:
    row = ROWS[(service, name)]
    params = _set_up_target(server, row, name)
    resource = row.resource.format(account=server.account_id)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": f"{service}:{name}", "Resource": resource},
            {
                "Effect": "Deny",
                "Action": f"{service}:{name}",
                "Resource": "*",
                "Condition": {"StringEquals": {f"aws:ResourceTag/{TARGET_TAG['Key']}": TARGET_TAG["Value"]}},
            },
        ],
    }
    client = _caller(server, policy, name)(service)
    outcome = _call(client, name, params)
    assert outcome is not None
    assert outcome.startswith("AccessDenied: ")
    assert "with an explicit deny in an identity-based policy" in outcome


@SQLITE_ONLY
@pytest.mark.parametrize("denied", [False, True], ids=["no-policy", "explicit-deny"])
@pytest.mark.parametrize(("service", "name"), sorted(NEVER_DENIED))
def test_an_operation_aws_never_denies_answers_a_caller_without_policy_or_denied_it(
    server: RunningServer, service: str, name: str, denied: bool
) -> None:
    deny = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": [f"{service}:{name}", "*"], "Resource": "*"}],
    }
    client = _caller(server, deny if denied else None, name)(service)
    assert _call(client, name, NEVER_DENIED[(service, name)]) is None

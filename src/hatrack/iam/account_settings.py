"""Account-wide IAM settings: the account alias and GetAccountSummary's counts and quotas.

An account has at most one alias, unique across the server (as across AWS); creating another replaces
it. The summary counts what the account holds now; counts of the permissions area (roles, policies,
instance profiles, providers) read its tables when they exist.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, NoSuchEntity
from hatrack.store import access_keys as key_store
from hatrack.store import account_settings as store
from hatrack.store import groups as group_store
from hatrack.store import mfa as mfa_store
from hatrack.store import users as user_store

QUOTAS: dict[str, int] = {
    "UsersQuota": 5000,
    "GroupsQuota": 300,
    "RolesQuota": 1000,
    "PoliciesQuota": 1500,
    "InstanceProfilesQuota": 1000,
    "ServerCertificatesQuota": 20,
    "AccessKeysPerUserQuota": 2,
    "SigningCertificatesPerUserQuota": 2,
    "GroupsPerUserQuota": 10,
    "AttachedPoliciesPerUserQuota": 10,
    "AttachedPoliciesPerGroupQuota": 10,
    "AttachedPoliciesPerRoleQuota": 10,
    "PolicySizeQuota": 6144,
    "PolicyVersionsInUseQuota": 10000,
    "VersionsPerPolicyQuota": 5,
    "UserPolicySizeQuota": 2048,
    "GroupPolicySizeQuota": 5120,
    "RolePolicySizeQuota": 10240,
    "AssumeRolePolicySizeQuota": 2048,
    "MFADevicesPerUserQuota": 8,
    "GlobalEndpointTokenVersion": 1,
}


def create_account_alias(conn: Connection, account_id: str, alias: str, *, now: datetime) -> None:
    owner = store.account_of_alias(conn, alias)
    if owner == account_id:
        return
    if owner is not None:
        raise EntityAlreadyExists(f"The account alias {alias} already exists.")
    current = store.get_alias(conn, account_id)
    if current is not None:
        store.delete_alias(conn, account_id, current)
    store.insert_alias(conn, account_id, alias, at=now)


def delete_account_alias(conn: Connection, account_id: str, alias: str) -> None:
    if not store.delete_alias(conn, account_id, alias):
        raise NoSuchEntity(f"The account alias {alias} cannot be found.")


def list_account_aliases(conn: Connection, account_id: str) -> list[str]:
    alias = store.get_alias(conn, account_id)
    return [] if alias is None else [alias]


def account_summary(conn: Connection, account_id: str) -> dict[str, int]:
    """AWS's ``SummaryMap``: what the account holds and its quotas."""
    root_keys = key_store.count_access_keys(conn, account_id, account_id)
    root_mfa = mfa_store.list_devices_of_user(conn, account_id, account_id)
    summary = dict(QUOTAS)
    summary.update(
        {
            "Users": user_store.count_users(conn, account_id),
            "Groups": group_store.count_groups(conn, account_id),
            "Roles": store.count_account_rows(conn, "roles", account_id),
            "Policies": store.count_account_rows(conn, "managed_policies", account_id),
            "PolicyVersionsInUse": store.count_policy_versions(conn, account_id),
            "InstanceProfiles": store.count_account_rows(conn, "instance_profiles", account_id),
            "Providers": store.count_account_rows(conn, "oidc_providers", account_id)
            + store.count_account_rows(conn, "saml_providers", account_id),
            "ServerCertificates": 0,
            "MFADevices": mfa_store.count_devices(conn, account_id),
            "MFADevicesInUse": mfa_store.count_devices(conn, account_id, assigned_only=True),
            "AccountMFAEnabled": 1 if root_mfa else 0,
            "AccountAccessKeysPresent": 1 if root_keys else 0,
            "AccountSigningCertificatesPresent": 0,
        }
    )
    return summary

"""Roles, managed policies, inline policies, attachments, boundaries, instance profiles and OIDC providers,
as services over the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Connection

from hatrack.errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidInput,
    LimitExceeded,
    MalformedPolicyDocument,
    NoSuchEntity,
    UnmodifiableEntity,
    ValidationError,
)
from hatrack.iam import (
    attachments,
    boundaries,
    inline_policies,
    instance_profiles,
    managed_policies,
    oidc_providers,
    roles,
)
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal
from hatrack.model import Account
from hatrack.model.identities import GroupRecord, RoleRecord, UserRecord
from hatrack.store import groups as group_store
from hatrack.store import users as user_store
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database

ACCOUNT = "111122223333"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def allow(action: str, resource: str = "*") -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    )


@pytest.fixture
def conn(database_url: str, now: datetime) -> Iterator[Connection]:
    database = Database(database_url)
    database.migrate()
    with database.begin() as connection:
        insert_account(connection, Account(account_id=ACCOUNT, created_at=now))
        yield connection
    database.dispose()


def make_user(conn: Connection, now: datetime, name: str = "alice") -> UserRecord:
    user = UserRecord(
        user_id=f"AIDA{name.upper():0>17}"[:21], account_id=ACCOUNT, name=name, path="/", created_at=now
    )
    user_store.insert_user(conn, user)
    return user


def make_group(conn: Connection, now: datetime, name: str = "devs") -> GroupRecord:
    group = GroupRecord(
        group_id=f"AGPA{name.upper():0>17}"[:21], account_id=ACCOUNT, name=name, path="/", created_at=now
    )
    group_store.insert_group(conn, group)
    return group


def make_role(conn: Connection, now: datetime, name: str = "deployer", **kwargs: object) -> RoleRecord:
    return roles.create_role(
        conn,
        ACCOUNT,
        role_name=name,
        path="/",
        assume_role_policy_document=TRUST,
        now=now,
        **kwargs,  # type: ignore[arg-type]
    )


def make_policy(conn: Connection, now: datetime, name: str = "ReadIam", document: str | None = None) -> str:
    view = managed_policies.create_policy(
        conn,
        ACCOUNT,
        policy_name=name,
        path="/",
        document=document or allow("iam:Get*"),
        description=None,
        tags=(),
        now=now,
    )
    return view.arn("aws")


# --- roles ------------------------------------------------------------------------------------------


def test_a_role_is_created_with_aws_defaults_and_found_by_name_without_case(
    conn: Connection, now: datetime
) -> None:
    role = make_role(conn, now, "Deployer", description="ships", tags=(("team", "ops"),))
    assert role.role_id.startswith("AROA") and len(role.role_id) == 21
    assert role.max_session_duration == 3600
    found = roles.get_role(conn, ACCOUNT, "deployer")
    assert found.role_name == "Deployer"
    assert found.arn("aws") == f"arn:aws:iam::{ACCOUNT}:role/Deployer"
    assert found.tags == (("team", "ops"),)
    assert found.created_at == now


def test_a_second_role_with_the_same_name_in_another_case_already_exists(
    conn: Connection, now: datetime
) -> None:
    make_role(conn, now, "deployer")
    with pytest.raises(EntityAlreadyExists, match="Role with name DEPLOYER already exists"):
        make_role(conn, now, "DEPLOYER")


def test_a_missing_role_is_no_such_entity(conn: Connection) -> None:
    with pytest.raises(NoSuchEntity, match="The role with name ghost cannot be found"):
        roles.get_role(conn, ACCOUNT, "ghost")


@pytest.mark.parametrize("seconds", [3599, 43201])
def test_max_session_duration_is_between_one_and_twelve_hours(
    conn: Connection, now: datetime, seconds: int
) -> None:
    with pytest.raises(ValidationError):
        make_role(conn, now, max_session_duration=seconds)


def test_a_trust_policy_is_validated_as_one(conn: Connection, now: datetime) -> None:
    with pytest.raises(MalformedPolicyDocument):
        roles.create_role(
            conn, ACCOUNT, role_name="r", path="/", assume_role_policy_document=allow("s3:*"), now=now
        )
    role = make_role(conn, now)
    with pytest.raises(MalformedPolicyDocument):
        roles.update_assume_role_policy(conn, ACCOUNT, role.role_name, allow("s3:*"))


def test_updating_a_role_changes_description_and_duration(conn: Connection, now: datetime) -> None:
    make_role(conn, now)
    updated = roles.update_role(conn, ACCOUNT, "deployer", description="new", max_session_duration=7200)
    assert (updated.description, updated.max_session_duration) == ("new", 7200)


def test_tagging_a_role_merges_without_case_and_untagging_removes(conn: Connection, now: datetime) -> None:
    make_role(conn, now, tags=(("Team", "a"),))
    roles.tag_role(conn, ACCOUNT, "deployer", [("team", "b"), ("env", "prod")])
    assert roles.get_role(conn, ACCOUNT, "deployer").tags == (("team", "b"), ("env", "prod"))
    roles.untag_role(conn, ACCOUNT, "deployer", ["ENV"])
    assert roles.get_role(conn, ACCOUNT, "deployer").tags == (("team", "b"),)


def test_a_role_cannot_be_deleted_while_it_has_policies_or_is_in_a_profile(
    conn: Connection, now: datetime
) -> None:
    role = make_role(conn, now)
    principal = attachments.find_principal(conn, ACCOUNT, ROLE, role.role_name)
    arn = make_policy(conn, now)
    attachments.attach_policy(conn, ACCOUNT, principal, arn, now=now)
    with pytest.raises(DeleteConflict, match="must detach all policies first"):
        roles.delete_role(conn, ACCOUNT, "deployer")
    attachments.detach_policy(conn, ACCOUNT, principal, arn)
    instance_profiles.create_instance_profile(conn, ACCOUNT, name="web", path="/", now=now)
    instance_profiles.add_role(conn, ACCOUNT, "web", "deployer")
    with pytest.raises(DeleteConflict, match="must remove roles from instance profile first"):
        roles.delete_role(conn, ACCOUNT, "deployer")
    instance_profiles.remove_role(conn, ACCOUNT, "web", "deployer")
    inline_policies.put_inline_policy(conn, ACCOUNT, principal, "p", allow("iam:*"), now=now)
    with pytest.raises(DeleteConflict, match="must delete policies first"):
        roles.delete_role(conn, ACCOUNT, "deployer")
    inline_policies.delete_inline_policy(conn, ACCOUNT, principal, "p")
    roles.delete_role(conn, ACCOUNT, "deployer")
    with pytest.raises(NoSuchEntity):
        roles.get_role(conn, ACCOUNT, "deployer")


# --- managed policies -------------------------------------------------------------------------------


def test_a_policy_has_versions_up_to_five_and_keeps_numbering(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    for n in range(2, 6):
        version = managed_policies.create_policy_version(
            conn, ACCOUNT, arn, document=allow(f"iam:List{n}"), set_as_default=n == 5, now=now
        )
        assert version.version_id == f"v{n}"
    with pytest.raises(LimitExceeded, match="A managed policy can have up to 5 versions"):
        managed_policies.create_policy_version(
            conn, ACCOUNT, arn, document=allow("iam:X"), set_as_default=False, now=now
        )
    assert managed_policies.get_policy(conn, ACCOUNT, arn).default_version_id == "v5"
    managed_policies.delete_policy_version(conn, ACCOUNT, arn, "v2")
    again = managed_policies.create_policy_version(
        conn, ACCOUNT, arn, document=allow("iam:Y"), set_as_default=False, now=now
    )
    assert again.version_id == "v6"
    listed = [v.version_id for v in managed_policies.list_policy_versions(conn, ACCOUNT, arn)]
    assert listed == ["v6", "v5", "v4", "v3", "v1"]


def test_the_default_version_cannot_be_deleted(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    with pytest.raises(DeleteConflict, match="Cannot delete the default version of a policy"):
        managed_policies.delete_policy_version(conn, ACCOUNT, arn, "v1")


def test_setting_the_default_version_changes_the_document_in_force(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    managed_policies.create_policy_version(
        conn, ACCOUNT, arn, document=allow("iam:Other"), set_as_default=False, now=now
    )
    view = managed_policies.get_policy(conn, ACCOUNT, arn)
    assert "iam:Get*" in managed_policies.default_document(conn, view)
    managed_policies.set_default_policy_version(conn, ACCOUNT, arn, "v2", now=now + timedelta(seconds=1))
    view = managed_policies.get_policy(conn, ACCOUNT, arn)
    assert "iam:Other" in managed_policies.default_document(conn, view)
    assert view.updated_at == now + timedelta(seconds=1)
    with pytest.raises(NoSuchEntity):
        managed_policies.set_default_policy_version(conn, ACCOUNT, arn, "v9", now=now)


def test_policy_names_are_unique_without_case(conn: Connection, now: datetime) -> None:
    make_policy(conn, now, "ReadIam")
    with pytest.raises(EntityAlreadyExists, match="A policy called readiam already exists"):
        make_policy(conn, now, "readiam")


def test_a_policy_is_found_only_by_its_exact_arn(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    assert managed_policies.find_policy(conn, ACCOUNT, arn) is not None
    assert managed_policies.find_policy(conn, ACCOUNT, arn.replace("/ReadIam", "/team/ReadIam")) is None
    assert managed_policies.find_policy(conn, "999999999999", arn) is None
    with pytest.raises(NoSuchEntity, match="was not found"):
        managed_policies.get_policy(conn, ACCOUNT, f"arn:aws:iam::{ACCOUNT}:policy/Nope")
    with pytest.raises(InvalidInput):
        managed_policies.get_policy(conn, ACCOUNT, "arn:aws:s3:::bucket")


def test_aws_managed_policies_exist_in_every_account_and_are_read_only(
    conn: Connection, now: datetime
) -> None:
    arn = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
    view = managed_policies.get_policy(conn, ACCOUNT, arn)
    assert view.is_aws_managed and view.default_version_id == "v4"
    assert "iam:List*" in managed_policies.default_document(conn, view)
    names = {v.policy_name for v in managed_policies.list_policies(conn, ACCOUNT, scope="AWS")}
    assert {
        "AdministratorAccess",
        "IAMFullAccess",
        "IAMReadOnlyAccess",
        "IAMUserChangePassword",
        "AWSCloudTrail_ReadOnlyAccess",
        "ReadOnlyAccess",
    } <= names
    with pytest.raises(UnmodifiableEntity):
        managed_policies.delete_policy(conn, ACCOUNT, arn)
    with pytest.raises(UnmodifiableEntity):
        managed_policies.create_policy_version(
            conn, ACCOUNT, arn, document=allow("*"), set_as_default=True, now=now
        )


def test_list_policies_filters_by_scope_attachment_and_usage(conn: Connection, now: datetime) -> None:
    local = make_policy(conn, now, "Local1")
    make_policy(conn, now, "Local2")
    user = make_user(conn, now)
    principal = attachments.find_principal(conn, ACCOUNT, USER, user.name)
    attachments.attach_policy(conn, ACCOUNT, principal, local, now=now)
    attachments.attach_policy(conn, ACCOUNT, principal, "arn:aws:iam::aws:policy/ReadOnlyAccess", now=now)
    boundaries.put_user_permissions_boundary(
        conn, ACCOUNT, user.name, f"arn:aws:iam::{ACCOUNT}:policy/Local2"
    )

    def names(
        *, only_attached: bool = False, usage_filter: str | None = None, scope: str = "All"
    ) -> list[str]:
        found = managed_policies.list_policies(
            conn, ACCOUNT, scope=scope, only_attached=only_attached, usage_filter=usage_filter
        )
        return sorted(v.policy_name for v in found)

    assert names(scope="Local") == ["Local1", "Local2"]
    assert names(only_attached=True) == ["Local1", "Local2", "ReadOnlyAccess"]
    assert names(only_attached=True, usage_filter="PermissionsPolicy") == ["Local1", "ReadOnlyAccess"]
    assert names(only_attached=True, usage_filter="PermissionsBoundary") == ["Local2"]
    counts = {
        v.policy_name: (v.attachment_count, v.boundary_usage_count)
        for v in managed_policies.list_policies(conn, ACCOUNT)
    }
    assert counts["Local1"] == (1, 0) and counts["Local2"] == (0, 1) and counts["ReadOnlyAccess"] == (1, 0)


def test_a_policy_in_use_or_with_versions_cannot_be_deleted(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    group = make_group(conn, now)
    principal = attachments.find_principal(conn, ACCOUNT, GROUP, group.name)
    attachments.attach_policy(conn, ACCOUNT, principal, arn, now=now)
    with pytest.raises(DeleteConflict, match="Cannot delete a policy attached to entities"):
        managed_policies.delete_policy(conn, ACCOUNT, arn)
    attachments.detach_policy(conn, ACCOUNT, principal, arn)
    managed_policies.create_policy_version(
        conn, ACCOUNT, arn, document=allow("iam:A"), set_as_default=False, now=now
    )
    with pytest.raises(DeleteConflict, match="more than one version"):
        managed_policies.delete_policy(conn, ACCOUNT, arn)
    managed_policies.delete_policy_version(conn, ACCOUNT, arn, "v2")
    managed_policies.delete_policy(conn, ACCOUNT, arn)
    assert managed_policies.find_policy(conn, ACCOUNT, arn) is None


# --- attachments and inline policies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "quota"), [(USER, "PoliciesPerUser"), (GROUP, "PoliciesPerGroup"), (ROLE, "PoliciesPerRole")]
)
def test_at_most_ten_policies_are_attached_to_a_principal(
    conn: Connection, now: datetime, kind: str, quota: str
) -> None:
    if kind == USER:
        name = make_user(conn, now).name
    elif kind == GROUP:
        name = make_group(conn, now).name
    else:
        name = make_role(conn, now).role_name
    principal = attachments.find_principal(conn, ACCOUNT, kind, name)
    arns = [make_policy(conn, now, f"P{n}") for n in range(11)]
    for arn in arns[:10]:
        attachments.attach_policy(conn, ACCOUNT, principal, arn, now=now)
    attachments.attach_policy(conn, ACCOUNT, principal, arns[0], now=now)  # again: nothing changes
    with pytest.raises(LimitExceeded, match=f"Cannot exceed quota for {quota}: 10"):
        attachments.attach_policy(conn, ACCOUNT, principal, arns[10], now=now)
    assert attachments.policy_counts(conn, ACCOUNT, kind, principal.principal_id) == (0, 10)
    listed = {v.policy_name for v in attachments.list_attached_policies(conn, ACCOUNT, principal)}
    assert listed == {f"P{n}" for n in range(10)}


def test_attaching_a_missing_policy_and_detaching_an_unattached_one_are_no_such_entity(
    conn: Connection, now: datetime
) -> None:
    principal = attachments.find_principal(conn, ACCOUNT, USER, make_user(conn, now).name)
    with pytest.raises(NoSuchEntity, match="does not exist or is not attachable"):
        attachments.attach_policy(conn, ACCOUNT, principal, f"arn:aws:iam::{ACCOUNT}:policy/Nope", now=now)
    arn = make_policy(conn, now)
    with pytest.raises(NoSuchEntity, match="was not found"):
        attachments.detach_policy(conn, ACCOUNT, principal, arn)


def test_missing_principals_are_named_as_aws_names_them(conn: Connection) -> None:
    for kind in (USER, GROUP, ROLE):
        with pytest.raises(NoSuchEntity, match=f"The {kind} with name nobody cannot be found."):
            attachments.find_principal(conn, ACCOUNT, kind, "nobody")


@pytest.mark.parametrize(("kind", "quota"), [(USER, 2048), (GROUP, 5120), (ROLE, 10240)])
def test_inline_policies_share_one_size_quota_per_principal(
    conn: Connection, now: datetime, kind: str, quota: int
) -> None:
    principal = Principal(kind, f"X{kind}", "target", "/", ACCOUNT)
    filler = "a" * (quota // 2 - 40)
    document = allow(f"iam:{filler}")
    inline_policies.put_inline_policy(conn, ACCOUNT, principal, "one", document, now=now)
    inline_policies.put_inline_policy(
        conn, ACCOUNT, principal, "one", document, now=now
    )  # replacing: same total
    with pytest.raises(
        LimitExceeded, match=f"Maximum policy size of {quota} bytes exceeded for {kind} target"
    ):
        inline_policies.put_inline_policy(conn, ACCOUNT, principal, "two", allow(f"iam:{filler}b"), now=now)
    assert inline_policies.list_inline_policy_names(conn, ACCOUNT, principal) == ["one"]


def test_inline_policies_are_put_read_listed_and_deleted(conn: Connection, now: datetime) -> None:
    principal = attachments.find_principal(conn, ACCOUNT, USER, make_user(conn, now).name)
    inline_policies.put_inline_policy(conn, ACCOUNT, principal, "b", allow("iam:B"), now=now)
    inline_policies.put_inline_policy(conn, ACCOUNT, principal, "a", allow("iam:A"), now=now)
    assert inline_policies.list_inline_policy_names(conn, ACCOUNT, principal) == ["a", "b"]
    assert "iam:A" in inline_policies.get_inline_policy(conn, ACCOUNT, principal, "a")
    inline_policies.delete_inline_policy(conn, ACCOUNT, principal, "a")
    with pytest.raises(NoSuchEntity, match="The user policy with name a cannot be found"):
        inline_policies.get_inline_policy(conn, ACCOUNT, principal, "a")
    with pytest.raises(MalformedPolicyDocument):
        inline_policies.put_inline_policy(
            conn, ACCOUNT, principal, "bad", '{"Version": "2012-10-17"', now=now
        )


def test_entities_for_policy_lists_users_groups_and_roles(conn: Connection, now: datetime) -> None:
    arn = make_policy(conn, now)
    user, group, role = make_user(conn, now), make_group(conn, now), make_role(conn, now)
    for kind, name in ((USER, user.name), (GROUP, group.name), (ROLE, role.role_name)):
        attachments.attach_policy(
            conn, ACCOUNT, attachments.find_principal(conn, ACCOUNT, kind, name), arn, now=now
        )
    found = attachments.list_entities_for_policy(conn, ACCOUNT, arn)
    assert found.users == (("alice", user.user_id),)
    assert found.groups == (("devs", group.group_id),)
    assert found.roles == (("deployer", role.role_id),)
    only_roles = attachments.list_entities_for_policy(conn, ACCOUNT, arn, entity_filter="Role")
    assert only_roles.users == () and only_roles.roles


# --- boundaries -------------------------------------------------------------------------------------


def test_a_boundary_must_name_an_existing_policy(conn: Connection, now: datetime) -> None:
    make_role(conn, now)
    with pytest.raises(NoSuchEntity, match=r"Scope ARN: .* does not exist or is not attachable"):
        boundaries.put_role_permissions_boundary(
            conn, ACCOUNT, "deployer", f"arn:aws:iam::{ACCOUNT}:policy/Nope"
        )
    boundaries.put_role_permissions_boundary(
        conn, ACCOUNT, "deployer", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
    )
    assert (
        roles.get_role(conn, ACCOUNT, "deployer").permissions_boundary_arn
        == "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
    )
    boundaries.delete_role_permissions_boundary(conn, ACCOUNT, "deployer")
    assert roles.get_role(conn, ACCOUNT, "deployer").permissions_boundary_arn is None


# --- instance profiles ------------------------------------------------------------------------------


def test_an_instance_profile_holds_one_role(conn: Connection, now: datetime) -> None:
    make_role(conn, now, "one")
    make_role(conn, now, "two")
    profile = instance_profiles.create_instance_profile(conn, ACCOUNT, name="web", path="/", now=now)
    assert profile.instance_profile_id.startswith("AIPA")
    with pytest.raises(EntityAlreadyExists):
        instance_profiles.create_instance_profile(conn, ACCOUNT, name="WEB", path="/", now=now)
    instance_profiles.add_role(conn, ACCOUNT, "web", "one")
    with pytest.raises(LimitExceeded, match="Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"):
        instance_profiles.add_role(conn, ACCOUNT, "web", "two")
    assert [
        p.instance_profile_name
        for p in instance_profiles.list_instance_profiles_for_role(conn, ACCOUNT, "one")
    ] == ["web"]
    with pytest.raises(DeleteConflict):
        instance_profiles.delete_instance_profile(conn, ACCOUNT, "web")
    instance_profiles.remove_role(conn, ACCOUNT, "web", "one")
    instance_profiles.delete_instance_profile(conn, ACCOUNT, "web")
    with pytest.raises(NoSuchEntity, match="Instance Profile web cannot be found"):
        instance_profiles.get_instance_profile(conn, ACCOUNT, "web")


# --- OIDC providers ---------------------------------------------------------------------------------


def test_an_oidc_provider_is_named_by_its_issuer(conn: Connection, now: datetime) -> None:
    provider = oidc_providers.create_provider(
        conn,
        ACCOUNT,
        issuer="https://Token.Example.com/tenant/",
        client_ids=["sts.amazonaws.com"],
        thumbprints=["a" * 40],
        tags=(),
        now=now,
    )
    arn = provider.arn("aws")
    assert arn == f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com/tenant"
    with pytest.raises(EntityAlreadyExists):
        oidc_providers.create_provider(
            conn,
            ACCOUNT,
            issuer="https://token.example.com/tenant",
            client_ids=[],
            thumbprints=[],
            tags=(),
            now=now,
        )
    oidc_providers.add_client_id(conn, ACCOUNT, arn, "app")
    oidc_providers.remove_client_id(conn, ACCOUNT, arn, "sts.amazonaws.com")
    oidc_providers.update_thumbprints(conn, ACCOUNT, arn, ["b" * 40])
    got = oidc_providers.get_provider(conn, ACCOUNT, arn)
    assert (got.client_ids, got.thumbprints) == (("app",), ("b" * 40,))
    with pytest.raises(LimitExceeded):
        oidc_providers.update_thumbprints(conn, ACCOUNT, arn, [c * 40 for c in "abcdef"])
    oidc_providers.delete_provider(conn, ACCOUNT, arn)
    with pytest.raises(NoSuchEntity):
        oidc_providers.get_provider(conn, ACCOUNT, arn)


def test_an_issuer_must_be_https(conn: Connection, now: datetime) -> None:
    with pytest.raises(InvalidInput):
        oidc_providers.create_provider(
            conn, ACCOUNT, issuer="http://x.example.com", client_ids=[], thumbprints=[], tags=(), now=now
        )


def test_a_providers_keys_are_operator_configuration_not_tags(conn: Connection, now: datetime) -> None:
    jwks = json.dumps({"keys": [{"kty": "RSA", "kid": "k1", "n": "x" * 400, "e": "AQAB"}]})
    provider = oidc_providers.create_provider(
        conn,
        ACCOUNT,
        issuer="https://issuer.example.com",
        client_ids=["a"],
        thumbprints=[],
        tags=(("hatrack:jwks-uri", "https://evil.example.com/keys"),),
        now=now,
    )
    arn = provider.arn("aws")
    # A hatrack: tag is an ordinary tag: kept, listed, and no key configuration.
    oidc_providers.tag_provider(conn, ACCOUNT, arn, [("hatrack:jwks:0", "bm90LWpzb24")])
    assert oidc_providers.provider_keys(conn, ACCOUNT, arn) is None
    assert ("hatrack:jwks:0", "bm90LWpzb24") in oidc_providers.get_provider(conn, ACCOUNT, arn).tags

    keys = oidc_providers.set_provider_keys(conn, ACCOUNT, arn, jwks=jwks, now=now)
    assert json.loads(keys.jwks or "") == json.loads(jwks)
    assert oidc_providers.provider_keys(conn, ACCOUNT, arn) == keys
    uri = oidc_providers.set_provider_keys(
        conn, ACCOUNT, arn, jwks_uri="https://issuer.example.com/k", now=now
    )
    assert (uri.jwks, uri.jwks_uri) == (None, "https://issuer.example.com/k")
    for bad in (
        {"jwks": "not json"},
        {"jwks": json.dumps({"keys": []})},
        {"jwks_uri": "http://issuer.example.com/k"},
        {"jwks_uri": "https://user@issuer.example.com/k"},
        {},
        {"jwks": jwks, "jwks_uri": "https://issuer.example.com/k"},
    ):
        with pytest.raises(InvalidInput):
            oidc_providers.set_provider_keys(conn, ACCOUNT, arn, now=now, **bad)
    assert oidc_providers.provider_keys(conn, ACCOUNT, arn) == uri
    oidc_providers.clear_provider_keys(conn, ACCOUNT, arn)
    assert oidc_providers.provider_keys(conn, ACCOUNT, arn) is None
    oidc_providers.set_provider_keys(conn, ACCOUNT, arn, jwks=jwks, now=now)
    oidc_providers.delete_provider(conn, ACCOUNT, arn)  # its keys go with it
    oidc_providers.create_provider(
        conn, ACCOUNT, issuer="https://issuer.example.com", client_ids=[], thumbprints=[], tags=(), now=now
    )
    assert oidc_providers.provider_keys(conn, ACCOUNT, arn) is None

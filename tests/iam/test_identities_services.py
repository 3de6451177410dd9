"""Users, groups, access keys, passwords, MFA and account settings, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from hatrack.credentials.keyring import Keyring
from hatrack.credentials.passwords import verify_password
from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from hatrack.errors import (
    AccessDenied,
    DeleteConflict,
    EntityAlreadyExists,
    InvalidAuthenticationCode,
    LimitExceeded,
    NoSuchEntity,
    PasswordPolicyViolation,
)
from hatrack.iam import access_keys, account_settings, groups, login_profiles, mfa, password_policy, users
from hatrack.iam.accounts import create_account
from hatrack.iam.principals import find_user
from hatrack.model.identities import UserRecord
from hatrack.store import access_keys as key_store
from hatrack.store import login_profiles as login_store
from hatrack.store import users as user_store
from hatrack.store.db import Database


@dataclass(frozen=True)
class World:
    db: Database
    keyring: Keyring
    account_id: str
    now: datetime


@pytest.fixture
def world(database_url: str, now: datetime) -> Iterator[World]:
    db = Database(database_url)
    db.migrate()
    keyring = Keyring.generate(now=now)
    with db.begin() as conn:
        account_id = create_account(conn, keyring, now=now).account_id
    yield World(db, keyring, account_id, now)
    db.dispose()


def make_user(world: World, name: str, **kwargs: object) -> UserRecord:
    with world.db.begin() as conn:
        return users.create_user(conn, account_id=world.account_id, name=name, now=world.now, **kwargs)  # type: ignore[arg-type]  # test kwargs


# --- users ----------------------------------------------------------------------------------------


def test_a_user_is_found_by_name_in_any_case_and_by_id(world: World) -> None:
    created = make_user(world, "Alice", path="/eng/", tags=(("team", "blue"),))
    with world.db.read() as conn:
        found = user_store.get_user(conn, world.account_id, "alice")
        assert found == created
        assert user_store.get_user_by_id(conn, world.account_id, created.user_id) == created
        assert found is not None and found.arn("aws") == f"arn:aws:iam::{world.account_id}:user/eng/Alice"
        assert found.created_at == world.now
        identity = find_user(conn, world.account_id, created.user_id)
        assert identity is not None and (identity.name, identity.path) == ("Alice", "/eng/")


def test_a_second_user_with_the_same_name_in_another_case_is_refused(world: World) -> None:
    make_user(world, "alice")
    with pytest.raises(EntityAlreadyExists) as refused:
        make_user(world, "ALICE")
    assert refused.value.message == "User with name ALICE already exists."


def test_list_users_by_prefix_in_name_order(world: World) -> None:
    for name, path in [("carol", "/a/"), ("Bob", "/a/b/"), ("alice", "/")]:
        make_user(world, name, path=path)
    with world.db.read() as conn:
        assert [u.name for u in users.list_users(conn, world.account_id).items] == ["alice", "Bob", "carol"]
        assert [u.name for u in users.list_users(conn, world.account_id, path_prefix="/a/").items] == [
            "Bob",
            "carol",
        ]
        assert [u.name for u in users.list_users(conn, world.account_id, path_prefix="/a/b").items] == ["Bob"]


def test_renaming_a_user_moves_its_keys_and_keeps_its_id(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        key = access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
        )
        renamed = users.update_user(conn, world.account_id, "alice", new_name="alicia", new_path="/x/")
    assert (renamed.user_id, renamed.name, renamed.path) == (alice.user_id, "alicia", "/x/")
    with world.db.read() as conn:
        stored = key_store.get_access_key(conn, key.key.access_key_id)
        assert stored is not None and stored.user_name == "alicia"
        assert user_store.get_user(conn, world.account_id, "alice") is None


def test_a_user_may_be_renamed_to_its_own_name_in_another_case(world: World) -> None:
    make_user(world, "alice")
    with world.db.begin() as conn:
        assert users.update_user(conn, world.account_id, "alice", new_name="Alice").name == "Alice"


def test_delete_user_conflicts_then_deletes(world: World) -> None:
    alice = make_user(world, "alice", tags=(("k", "v"),))
    with world.db.begin() as conn:
        login_profiles.create_login_profile(conn, alice, "Correct-Horse-9", now=world.now)
    with world.db.begin() as conn, pytest.raises(DeleteConflict) as refused:
        users.delete_user(conn, world.account_id, "alice")
    assert refused.value.message == "Cannot delete entity, must delete login profile first."
    with world.db.begin() as conn:
        login_profiles.delete_login_profile(conn, alice)
        users.delete_user(conn, world.account_id, "alice")
    with world.db.read() as conn:
        assert user_store.get_user(conn, world.account_id, "alice") is None
        assert user_store.get_tags(conn, world.account_id, "user", alice.user_id) == []
        with pytest.raises(NoSuchEntity) as missing:
            users.require_user(conn, world.account_id, "alice")
        assert missing.value.message == "The user with name alice cannot be found."


def test_tags_are_merged_removed_and_listed(world: World) -> None:
    make_user(world, "alice", tags=(("team", "a"),))
    with world.db.begin() as conn:
        users.tag_user(conn, world.account_id, "alice", [("Team", "b"), ("env", "prod")])
        users.untag_user(conn, world.account_id, "alice", ["ENV"])
    with world.db.read() as conn:
        assert users.list_user_tags(conn, world.account_id, "alice").items == (("Team", "b"),)


def test_the_permissions_boundary_is_set_and_removed_by_name(world: World) -> None:
    make_user(world, "alice")
    arn = "arn:aws:iam::aws:policy/PowerUserAccess"
    with world.db.begin() as conn:
        assert user_store.set_user_permissions_boundary(conn, world.account_id, "ALICE", arn)
        assert not user_store.set_user_permissions_boundary(conn, world.account_id, "ghost", arn)
    with world.db.begin() as conn:
        found = user_store.get_user(conn, world.account_id, "alice")
        assert found is not None and found.permissions_boundary_arn == arn
        user_store.set_user_permissions_boundary(conn, world.account_id, "alice", None)
        assert user_store.get_user(conn, world.account_id, "alice").permissions_boundary_arn is None  # type: ignore[union-attr]


# --- groups ---------------------------------------------------------------------------------------


def test_group_membership_and_its_limits(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        for index in range(10):
            groups.create_group(conn, account_id=world.account_id, name=f"g{index}", now=world.now)
            groups.add_user_to_group(conn, world.account_id, f"g{index}", "alice", now=world.now)
        groups.add_user_to_group(conn, world.account_id, "G0", "ALICE", now=world.now)  # already: no change
        groups.create_group(conn, account_id=world.account_id, name="extra", now=world.now)
    with world.db.begin() as conn, pytest.raises(LimitExceeded) as refused:
        groups.add_user_to_group(conn, world.account_id, "extra", "alice", now=world.now)
    assert refused.value.message == "Cannot exceed quota for GroupsPerUser: 10"
    with world.db.begin() as conn:
        assert len(groups.groups_for_user(conn, world.account_id, "alice").items) == 10
        group = groups.require_group(conn, world.account_id, "g0")
        assert [u.user_id for u in groups.group_members(conn, world.account_id, group).items] == [
            alice.user_id
        ]
        with pytest.raises(DeleteConflict):
            groups.delete_group(conn, world.account_id, "g0")
        with pytest.raises(DeleteConflict) as busy:
            users.delete_user(conn, world.account_id, "alice")
        assert busy.value.message == "Cannot delete entity, must remove users from group first."
        groups.remove_user_from_group(conn, world.account_id, "g0", "alice")
        groups.delete_group(conn, world.account_id, "g0")
        with pytest.raises(NoSuchEntity) as missing:
            groups.require_group(conn, world.account_id, "g0")
        assert missing.value.message == "The group with name g0 cannot be found."


def test_group_names_are_unique_without_case(world: World) -> None:
    with world.db.begin() as conn:
        groups.create_group(conn, account_id=world.account_id, name="Admins", now=world.now)
        with pytest.raises(EntityAlreadyExists) as refused:
            groups.create_group(conn, account_id=world.account_id, name="admins", now=world.now)
    assert refused.value.message == "Group with name admins already exists."


# --- access keys ----------------------------------------------------------------------------------


def test_access_keys_are_sealed_and_limited_to_two(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        first = access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
        )
        access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
        )
        assert first.secret_access_key.encode() not in first.key.sealed_secret
        with pytest.raises(LimitExceeded) as refused:
            access_keys.create_access_key(
                conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
            )
    assert refused.value.message == "Cannot exceed quota for AccessKeysPerUser: 2"


def test_concurrent_create_access_key_never_makes_a_third_key(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create() -> None:
        barrier.wait()
        try:
            with world.db.begin() as conn:
                access_keys.create_access_key(
                    conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
                )
            outcomes.append("created")
        except LimitExceeded:
            outcomes.append("limit")

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "limit"]
    with world.db.read() as conn:
        assert key_store.count_access_keys(conn, world.account_id, alice.user_id) == 2


def test_a_key_of_another_user_is_not_found(world: World) -> None:
    alice = make_user(world, "alice")
    bob = make_user(world, "bob")
    with world.db.begin() as conn:
        key = access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=alice, now=world.now
        )
        key_id = key.key.access_key_id
        with pytest.raises(NoSuchEntity) as refused:
            access_keys.delete_access_key(conn, account_id=world.account_id, user=bob, access_key_id=key_id)
        assert refused.value.message == f"The Access Key with id {key_id} cannot be found."
        access_keys.update_access_key(
            conn, account_id=world.account_id, user=alice, access_key_id=key_id, status="Inactive"
        )
        stored = access_keys.find_key(conn, world.account_id, key_id)
        assert stored.status == "Inactive"
        assert access_keys.last_used(stored) == {"ServiceName": "N/A", "Region": "N/A"}


def test_the_root_key_counts_against_the_roots_quota(world: World) -> None:
    with world.db.begin() as conn:
        access_keys.create_access_key(
            conn, world.keyring, account_id=world.account_id, user=None, now=world.now
        )
        with pytest.raises(LimitExceeded):
            access_keys.create_access_key(
                conn, world.keyring, account_id=world.account_id, user=None, now=world.now
            )


# --- passwords ------------------------------------------------------------------------------------


def test_without_a_policy_aws_default_rules_apply(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        with pytest.raises(PasswordPolicyViolation) as refused:
            login_profiles.create_login_profile(conn, alice, "alllowercase", now=world.now)
        assert "alllowercase" not in refused.value.message
        profile = login_profiles.create_login_profile(conn, alice, "Mixed-case1", now=world.now)
    assert profile.password_hash.startswith("$argon2id$")
    assert verify_password(profile.password_hash, "Mixed-case1")


def test_the_policy_defaults_and_its_rules(world: World) -> None:
    with world.db.begin() as conn:
        with pytest.raises(NoSuchEntity) as missing:
            password_policy.get_password_policy(conn, world.account_id)
        assert (
            missing.value.message
            == f"The Password Policy with domain name {world.account_id} cannot be found."
        )
        policy = password_policy.update_password_policy(conn, world.account_id)
        assert policy.minimum_password_length == 6 and not policy.allow_users_to_change_password
        password_policy.update_password_policy(
            conn,
            world.account_id,
            minimum_password_length=10,
            require_numbers=True,
            require_uppercase_characters=True,
        )
        rules = password_policy.rules_of(password_policy.get_password_policy(conn, world.account_id))
    assert password_policy.conforms("Abcdefghi1", rules)
    assert not password_policy.conforms("Abcdefgh1", rules)
    assert not password_policy.conforms("abcdefghi1", rules)
    assert not password_policy.conforms("Abcdefghij", rules)
    assert not password_policy.conforms("A1" + "x" * 127, rules)


def test_reuse_prevention_keeps_the_last_n_passwords(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        password_policy.update_password_policy(conn, world.account_id, password_reuse_prevention=2)
        login_profiles.create_login_profile(conn, alice, "one-password", now=world.now)
        login_profiles.update_login_profile(conn, alice, password="two-password", now=world.now)
        for reused in ["one-password", "two-password"]:
            with pytest.raises(PasswordPolicyViolation):
                login_profiles.update_login_profile(conn, alice, password=reused, now=world.now)
        login_profiles.update_login_profile(conn, alice, password="three-password", now=world.now)
        login_profiles.update_login_profile(conn, alice, password="one-password", now=world.now)
        assert len(login_store.recent_password_hashes(conn, alice.user_id, 10)) == 2


def test_change_password_needs_the_old_one_and_lifts_the_reset(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        login_profiles.create_login_profile(
            conn, alice, "Correct-Horse-9", password_reset_required=True, now=world.now
        )
        with pytest.raises(AccessDenied):
            login_profiles.change_password(conn, alice, "wrong", "Battery-Staple-7", now=world.now)
        login_profiles.change_password(conn, alice, "Correct-Horse-9", "Battery-Staple-7", now=world.now)
        profile = login_profiles.require_login_profile(conn, alice)
    assert not profile.password_reset_required
    assert verify_password(profile.password_hash, "Battery-Staple-7")


# --- MFA ------------------------------------------------------------------------------------------


def test_an_mfa_code_is_accepted_once_and_never_an_earlier_one(world: World) -> None:
    alice = make_user(world, "alice")
    with world.db.begin() as conn:
        created = mfa.create_virtual_mfa_device(
            conn,
            world.keyring,
            account_id=world.account_id,
            name="phone",
            account_label="acct",
            partition="aws",
            now=world.now,
        )
    seed = totp_secret_from_base32(created.base32_seed)
    serial = created.device.serial_number
    assert created.qr_code_png.startswith(b"\x89PNG")
    with world.db.begin() as conn:
        assert created.base32_seed.encode() not in created.device.sealed_seed
        with pytest.raises(InvalidAuthenticationCode):
            mfa.enable_mfa_device(
                conn,
                world.keyring,
                account_id=world.account_id,
                user=alice,
                serial_number=serial,
                code1=totp_code(seed, world.now),
                code2=totp_code(seed, world.now),
                now=world.now,
            )
    with world.db.begin() as conn:
        mfa.enable_mfa_device(
            conn,
            world.keyring,
            account_id=world.account_id,
            user=alice,
            serial_number=serial,
            code1=totp_code(seed, world.now - timedelta(seconds=30)),
            code2=totp_code(seed, world.now),
            now=world.now,
        )
    later = world.now + timedelta(seconds=30)
    with world.db.begin() as conn:
        # The step of the enabling code was used: refused. The next step is accepted once.
        assert not mfa.verify_mfa_code(
            conn, world.keyring, world.account_id, serial, totp_code(seed, world.now), now=later
        )
        assert mfa.verify_mfa_code(
            conn, world.keyring, world.account_id, serial, totp_code(seed, later), now=later
        )
        assert not mfa.verify_mfa_code(
            conn, world.keyring, world.account_id, serial, totp_code(seed, later), now=later
        )
        assert not mfa.verify_mfa_code(conn, world.keyring, world.account_id, serial, "000000", now=later)
        assert not mfa.verify_mfa_code(
            conn, world.keyring, "999999999999", serial, totp_code(seed, later), now=later
        )
    with world.db.begin() as conn:
        with pytest.raises(DeleteConflict):
            mfa.delete_virtual_mfa_device(conn, account_id=world.account_id, serial_number=serial)
        assert account_settings.account_summary(conn, world.account_id)["MFADevicesInUse"] == 1
        mfa.deactivate_mfa_device(conn, account_id=world.account_id, user=alice, serial_number=serial)
        assert not mfa.verify_mfa_code(
            conn, world.keyring, world.account_id, serial, totp_code(seed, later), now=later
        )
        mfa.delete_virtual_mfa_device(conn, account_id=world.account_id, serial_number=serial)
        assert mfa.list_virtual_mfa_devices(conn, account_id=world.account_id).items == ()


# --- account --------------------------------------------------------------------------------------


def test_an_alias_belongs_to_one_account_on_the_server(world: World) -> None:
    with world.db.begin() as conn:
        other = create_account(conn, world.keyring, now=world.now).account_id
        account_settings.create_account_alias(conn, world.account_id, "acme", now=world.now)
        account_settings.create_account_alias(conn, world.account_id, "acme", now=world.now)
        with pytest.raises(EntityAlreadyExists):
            account_settings.create_account_alias(conn, other, "acme", now=world.now)
        account_settings.create_account_alias(conn, world.account_id, "acme-2", now=world.now)
        assert account_settings.list_account_aliases(conn, world.account_id) == ["acme-2"]
        account_settings.create_account_alias(conn, other, "acme", now=world.now)
        assert account_settings.list_account_aliases(conn, other) == ["acme"]


def test_the_summary_counts_users_groups_and_root_keys(world: World) -> None:
    make_user(world, "alice")
    with world.db.begin() as conn:
        groups.create_group(conn, account_id=world.account_id, name="devs", now=world.now)
        summary = account_settings.account_summary(conn, world.account_id)
    assert summary["Users"] == 1 and summary["Groups"] == 1
    assert summary["AccountAccessKeysPresent"] == 1 and summary["AccountMFAEnabled"] == 0
    assert summary["Roles"] == 0 and summary["RolesQuota"] == 1000


def test_concurrent_create_user_with_one_name_makes_one_user(world: World) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create(name: str) -> None:
        barrier.wait()
        try:
            with world.db.begin() as conn:
                users.create_user(conn, account_id=world.account_id, name=name, now=world.now)
            outcomes.append("created")
        except EntityAlreadyExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=create, args=(name,)) for name in ("alice", "ALICE")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "exists"]
    with world.db.read() as conn:
        assert user_store.count_users(conn, world.account_id) == 1

"""Escalation paths, one small account per kind of step, and the condition, boundary or deny that
breaks each. Every step is decided by hatrack.evaluation with the candidate's own policy set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analysis.world import ACCOUNT, OTHER, World, allow, arn, deny, trust, world_at

ROOT = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
EVERYTHING = allow("*")
ADMINISTRATOR = "administrator"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with world_at(tmp_path) as built:
        yield built


def test_an_administrator_is_listed_apart_and_has_no_finding(world: World) -> None:
    boss = world.user("boss", EVERYTHING)
    report = world.analyze()
    assert report.administrators == (boss,)
    assert [f for f in report.findings if f.principal == boss] == []


def test_a_deny_anywhere_means_not_an_administrator(world: World) -> None:
    almost = world.user("almost", EVERYTHING, deny("iam:DeleteUser"))
    assert almost not in world.analyze().administrators


def test_assuming_an_administrator_role_trusted_by_the_account(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"))
    admin = world.role("Admin", trust(ROOT), EVERYTHING)
    assert world.paths(alice)[ADMINISTRATOR] == [("AssumeRole", alice, admin)]


def test_an_account_trust_needs_the_callers_own_allow(world: World) -> None:
    bob = world.user("bob", allow("iam:GetUser"))
    world.role("Admin", trust(ROOT), EVERYTHING)
    assert world.paths(bob) == {}


def test_a_trust_naming_the_user_needs_no_identity_policy_in_the_same_account(world: World) -> None:
    carol = world.user("carol")
    admin = world.role("Admin", trust({"AWS": arn("user", "carol")}), EVERYTHING)
    assert world.paths(carol)[ADMINISTRATOR] == [("AssumeRole", carol, admin)]


def test_an_explicit_deny_on_assume_role_breaks_the_path(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"), deny("sts:AssumeRole", arn("role", "Admin")))
    world.role("Admin", trust(ROOT), EVERYTHING)
    assert world.paths(alice) == {}


def test_a_trust_requiring_mfa_is_no_path_for_a_user_without_a_device(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"))
    world.role("BreakGlass", trust(ROOT, Bool={"aws:MultiFactorAuthPresent": "true"}), EVERYTHING)
    assert world.paths(alice) == {}


def test_a_trust_requiring_mfa_is_a_path_for_a_user_with_a_device_and_says_so(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"), mfa=True)
    glass = world.role("BreakGlass", trust(ROOT, Bool={"aws:MultiFactorAuthPresent": "true"}), EVERYTHING)
    finding = world.finding(alice, ADMINISTRATOR)
    assert finding is not None
    assert [(s.kind, s.resource) for s in finding.steps] == [("AssumeRole", glass)]
    assert "MFA" in finding.steps[0].note


def test_a_source_ip_condition_is_not_satisfied(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole", IpAddress={"aws:SourceIp": "10.0.0.0/8"}))
    world.role("Admin", trust(ROOT), EVERYTHING)
    assert world.paths(alice) == {}


def test_a_principal_tag_condition_holds_only_for_the_tagged(world: World) -> None:
    condition = {"aws:PrincipalTag/team": "ops"}
    world.role("Admin", trust(ROOT), EVERYTHING)
    ops = world.user("ops", allow("sts:AssumeRole", StringEquals=condition), tags=[("team", "ops")])
    dev = world.user("dev", allow("sts:AssumeRole", StringEquals=condition), tags=[("team", "dev")])
    assert ADMINISTRATOR in world.paths(ops)
    assert world.paths(dev) == {}


def test_a_role_of_another_account_trusting_the_user_by_name(world: World) -> None:
    world.account(OTHER)
    alice = world.user("alice", allow("sts:AssumeRole"))
    remote = world.role("Remote", trust({"AWS": alice}), EVERYTHING, account=OTHER)
    assert world.paths(alice)[ADMINISTRATOR] == [("AssumeRole", alice, remote)]


def test_across_accounts_the_callers_policies_must_allow_too(world: World) -> None:
    world.account(OTHER)
    alice = world.user("alice", allow("iam:GetUser"))
    world.role("Remote", trust({"AWS": alice}), EVERYTHING, account=OTHER)
    assert world.paths(alice) == {}


def test_a_chain_of_roles_is_reported_step_by_step(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"))
    hop = world.role("Hop", trust({"AWS": alice}), allow("sts:AssumeRole"))
    admin = world.role("Admin", trust({"AWS": hop}), EVERYTHING)
    assert world.paths(alice)[ADMINISTRATOR] == [("AssumeRole", alice, hop), ("AssumeRole", hop, admin)]
    # Hop alone is no gain: its own policy allows nothing that alice's does not.
    assert hop not in world.paths(alice)


def test_pass_role_to_a_compute_service_with_its_launch_actions(world: World) -> None:
    dev = world.user("dev", allow("iam:PassRole"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))
    admin = world.role("LambdaAdmin", trust({"Service": "lambda.amazonaws.com"}), EVERYTHING)
    assert world.paths(dev)[ADMINISTRATOR] == [("PassRole", dev, admin)]


def test_pass_role_limited_to_another_service_is_no_path(world: World) -> None:
    only_ec2 = {"iam:PassedToService": "ec2.amazonaws.com"}
    dev = world.user(
        "dev",
        allow("iam:PassRole", StringEquals=only_ec2),
        allow(["lambda:CreateFunction", "lambda:InvokeFunction"]),
    )
    world.role("LambdaAdmin", trust({"Service": "lambda.amazonaws.com"}), EVERYTHING)
    assert world.paths(dev) == {}


def test_pass_role_without_the_launch_action_is_no_path(world: World) -> None:
    dev = world.user("dev", allow("iam:PassRole"))
    world.role("LambdaAdmin", trust({"Service": "lambda.amazonaws.com"}), EVERYTHING)
    assert world.paths(dev) == {}


def test_create_access_key_for_an_administrator(world: World) -> None:
    helpdesk = world.user("helpdesk", allow("iam:CreateAccessKey"))
    boss = world.user("boss", EVERYTHING)
    assert world.paths(helpdesk)[ADMINISTRATOR] == [("CreateAccessKey", helpdesk, boss)]


def test_create_access_key_limited_by_the_targets_tag(world: World) -> None:
    only_dev = {"aws:ResourceTag/team": "dev"}
    helpdesk = world.user("helpdesk", allow("iam:CreateAccessKey", StringEquals=only_dev))
    world.user("boss", EVERYTHING, tags=[("team", "ops")])
    assert world.paths(helpdesk) == {}


def test_a_login_profile_for_a_user_without_mfa_but_not_for_one_with(world: World) -> None:
    helpdesk = world.user("helpdesk", allow(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"]))
    boss = world.user("boss", EVERYTHING, password=True)
    world.user("guarded", EVERYTHING, mfa=True)
    # Not by a password for guarded: its sign-in would ask for a code of its MFA device.
    assert world.paths(helpdesk) == {ADMINISTRATOR: [("UpdateLoginProfile", helpdesk, boss)]}


def test_a_login_profile_is_no_path_to_a_user_with_an_mfa_device(world: World) -> None:
    helpdesk = world.user("helpdesk", allow("iam:CreateLoginProfile"))
    world.user("guarded", EVERYTHING, mfa=True)
    assert world.paths(helpdesk) == {}


def test_attach_administrator_access_to_itself(world: World) -> None:
    dev = world.user("dev", allow("iam:AttachUserPolicy", arn("user", "dev")))
    assert world.paths(dev)[ADMINISTRATOR] == [("AttachUserPolicy", dev, dev)]


def test_attaching_limited_by_iam_policy_arn_is_no_path(world: World) -> None:
    only_read = {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    dev = world.user("dev", allow("iam:AttachUserPolicy", arn("user", "dev"), ArnEquals=only_read))
    assert world.paths(dev) == {}


def test_a_permissions_boundary_keeps_a_self_attached_policy_from_making_an_administrator(
    world: World,
) -> None:
    boundary = world.managed("DevBoundary", allow(["iam:*", "s3:*"]))
    dev = world.user("dev", allow("iam:PutUserPolicy", arn("user", "dev")), boundary=boundary)
    assert ADMINISTRATOR not in world.paths(dev)


def test_removing_its_own_boundary(world: World) -> None:
    boundary = world.managed("DevBoundary", allow(["iam:*"]))
    dev = world.user("dev", EVERYTHING, boundary=boundary)
    assert world.paths(dev)[ADMINISTRATOR] == [("DeleteUserPermissionsBoundary", dev, dev)]


def test_put_role_policy_on_a_role_it_can_assume(world: World) -> None:
    alice = world.user("alice", allow(["sts:AssumeRole", "iam:PutRolePolicy"]))
    build = world.role("Build", trust(ROOT), allow("s3:GetObject"))
    assert world.paths(alice)[ADMINISTRATOR] == [
        ("PutRolePolicy", alice, build),
        ("AssumeRole", alice, build),
    ]


def test_create_policy_version_of_its_own_managed_policy(world: World) -> None:
    policy = world.managed("Tools", allow("iam:CreatePolicyVersion", f"arn:aws:iam::{ACCOUNT}:policy/Tools"))
    dev = world.user("dev")
    world.attach("user", "dev", policy)
    assert world.paths(dev)[ADMINISTRATOR] == [("CreatePolicyVersion", dev, policy)]


def test_set_default_policy_version_to_an_older_administrator_version(world: World) -> None:
    policy = world.managed("Tools", allow("iam:SetDefaultPolicyVersion"))
    world.version(policy, EVERYTHING)
    dev = world.user("dev")
    world.attach("user", "dev", policy)
    finding = world.finding(dev, ADMINISTRATOR)
    assert finding is not None
    assert [(s.kind, s.resource) for s in finding.steps] == [("SetDefaultPolicyVersion", policy)]
    assert "v2" in finding.steps[0].note


def test_set_default_policy_version_without_a_better_version_is_no_path(world: World) -> None:
    policy = world.managed("Tools", allow("iam:SetDefaultPolicyVersion"))
    world.version(policy, allow("s3:ListBucket"))
    dev = world.user("dev")
    world.attach("user", "dev", policy)
    assert world.paths(dev) == {}


def test_update_assume_role_policy_then_assume(world: World) -> None:
    ops = world.user("ops", allow("iam:UpdateAssumeRolePolicy"))
    admin = world.role("Admin", trust({"Service": "ec2.amazonaws.com"}), EVERYTHING)
    assert world.paths(ops)[ADMINISTRATOR] == [
        ("UpdateAssumeRolePolicy", ops, admin),
        ("AssumeRole", ops, admin),
    ]


def test_add_itself_to_the_administrators_group(world: World) -> None:
    world.user("boss")
    admins = world.group("admins", EVERYTHING, members=["boss"])
    dev = world.user("dev", allow("iam:AddUserToGroup"))
    assert world.paths(dev)[ADMINISTRATOR] == [("AddUserToGroup", dev, admins)]


def test_add_user_to_group_limited_to_other_groups_is_no_path(world: World) -> None:
    # (A Deny in dev's own policies would end the path anyway: it would still apply once dev joined.)
    world.group("admins", EVERYTHING)
    dev = world.user("dev", allow("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:group/teams/*"))
    assert world.paths(dev) == {}


def test_put_group_policy_on_its_own_group(world: World) -> None:
    dev = world.user("dev")
    devs = world.group("devs", allow("iam:PutGroupPolicy", arn("group", "devs")), members=["dev"])
    assert world.paths(dev)[ADMINISTRATOR] == [("PutGroupPolicy", dev, devs)]


def test_the_account_filter_analyses_only_that_accounts_identities(world: World) -> None:
    world.account(OTHER)
    world.user("alice", allow("iam:AttachUserPolicy", arn("user", "alice")))
    remote = world.user("remote", allow("iam:AttachUserPolicy", arn("user", "remote", OTHER)), account=OTHER)
    report = world.analyze(OTHER)
    assert {f.principal for f in report.findings} == {remote}
    assert report.analysed == 1


def test_paths_to_administrator_come_first(world: World) -> None:
    alice = world.user("alice", allow("sts:AssumeRole"))
    reader = world.role("Reader", trust(ROOT), allow("s3:GetObject"))
    zed = world.user("zed", allow("iam:AttachUserPolicy", arn("user", "zed")))
    findings = world.analyze().findings
    assert [(f.principal, f.gains) for f in findings] == [(zed, ADMINISTRATOR), (alice, reader)]


def test_the_json_form_names_every_step(world: World) -> None:
    dev = world.user("dev", allow("iam:AttachUserPolicy", arn("user", "dev")))
    shown = world.analyze().to_json()
    assert shown["findings"] == [
        {
            "principal": dev,
            "principalType": "user",
            "accountId": ACCOUNT,
            "gains": ADMINISTRATOR,
            "steps": [
                {
                    "kind": "AttachUserPolicy",
                    "actor": dev,
                    "action": "iam:AttachUserPolicy",
                    "resource": dev,
                    "gives": ADMINISTRATOR,
                    "note": f"{dev} becomes an administrator",
                }
            ],
        }
    ]


def test_a_boundary_allowing_everything_but_iam_is_not_an_administrators(world: World) -> None:
    boundary = world.managed("NoIam", {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    almost = world.user("almost", EVERYTHING, boundary=boundary)
    assert almost not in world.analyze().administrators


def test_a_roles_own_tags_are_its_principal_tags(world: World) -> None:
    condition = {"aws:PrincipalTag/tier": "build"}
    builder = world.role(
        "Builder", trust(ROOT), allow("sts:AssumeRole", StringEquals=condition), tags=[("tier", "build")]
    )
    plain = world.role("Plain", trust(ROOT), allow("sts:AssumeRole", StringEquals=condition))
    admin = world.role("Admin", trust(ROOT), EVERYTHING)
    assert world.paths(builder)[ADMINISTRATOR] == [("AssumeRole", builder, admin)]
    assert world.paths(plain) == {}


def test_a_path_through_another_accounts_role_back_home(world: World) -> None:
    world.account(OTHER)
    alice = world.user("alice", allow("sts:AssumeRole"))
    remote = world.role("Remote", trust({"AWS": alice}), allow("sts:AssumeRole"), account=OTHER)
    home = world.role("Home", trust({"AWS": remote}), EVERYTHING)
    assert world.paths(alice)[ADMINISTRATOR] == [("AssumeRole", alice, remote), ("AssumeRole", remote, home)]


def test_create_policy_version_only_with_mfa_is_no_path_without_a_device(world: World) -> None:
    tools = f"arn:aws:iam::{ACCOUNT}:policy/Tools"
    with_mfa = {"aws:MultiFactorAuthPresent": "true"}
    policy = world.managed("Tools", allow("iam:CreatePolicyVersion", tools, Bool=with_mfa))
    dev = world.user("dev")
    world.attach("user", "dev", policy)
    assert world.paths(dev) == {}
    ops = world.user("ops", mfa=True)
    world.attach("user", "ops", policy)
    assert world.paths(ops)[ADMINISTRATOR] == [("CreatePolicyVersion", ops, policy)]


def test_update_assume_role_policy_limited_by_the_roles_tag_is_no_path(world: World) -> None:
    only_sandbox = {"aws:ResourceTag/env": "sandbox"}
    ops = world.user("ops", allow("iam:UpdateAssumeRolePolicy", StringEquals=only_sandbox))
    world.role("Admin", trust({"Service": "ec2.amazonaws.com"}), EVERYTHING, tags=[("env", "prod")])
    assert world.paths(ops) == {}


def test_a_boundary_that_does_not_allow_removing_itself_keeps_it(world: World) -> None:
    boundary = world.managed("DataBoundary", allow(["s3:*"]))
    dev = world.user("dev", EVERYTHING, boundary=boundary)
    assert world.paths(dev) == {}


def test_removing_its_boundary_then_putting_a_policy_takes_two_steps(world: World) -> None:
    boundary = world.managed("DevBoundary", allow(["iam:*", "s3:*"]))
    me = arn("user", "dev")
    dev = world.user(
        "dev", allow(["iam:PutUserPolicy", "iam:DeleteUserPermissionsBoundary"], me), boundary=boundary
    )
    assert world.paths(dev)[ADMINISTRATOR] == [
        ("DeleteUserPermissionsBoundary", dev, dev),
        ("PutUserPolicy", dev, dev),
    ]

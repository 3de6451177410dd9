"""The policy simulator's own logic: statement positions, context keys, decisions per action and resource,
missing context values, boundaries, SCPs, cross-account details, exclusions (no database)."""

from __future__ import annotations

import json

import pytest

from hatrack.errors import InvalidInput
from hatrack.iam.attachments import USER, Principal
from hatrack.iam.simulation import context_keys, inputs, resources, simulator, sources, values
from hatrack.iam.simulation.inputs import PolicyExclusion
from hatrack.iam.simulation.sources import SourcePolicies, SourcePolicy
from hatrack.iam.simulation.values import (
    BOUNDARY_SOURCE,
    IDENTITY_SOURCE,
    RESOURCE_SOURCE,
    Simulation,
    SimulationPolicy,
)
from hatrack.policy import PolicyKind, parse_policy, positions

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


def document(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def statement(effect: str, action: str, resource: str = "*", **extra: object) -> dict[str, object]:
    return {"Effect": effect, "Action": action, "Resource": resource, **extra}


def identity(*texts: str) -> tuple[SimulationPolicy, ...]:
    return tuple(
        SimulationPolicy(f"PolicyInputList.{n}", IDENTITY_SOURCE, text) for n, text in enumerate(texts, 1)
    )


def run(
    setup: Simulation, actions: list[str], resources: list[str] | None = None
) -> list[values.ActionResult]:
    return simulator.simulate(setup, actions, resources)


# --- context keys -----------------------------------------------------------------------------------


def test_context_keys_are_resource_variables_then_condition_keys_once_each() -> None:
    text = document(
        statement(
            "Allow",
            "dynamodb:*",
            "arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",
            Condition={"DateGreaterThan": {"aws:CurrentTime": "2015-08-16T12:00:00Z"}},
        ),
        statement("Deny", "s3:*", Condition={"StringEquals": {"AWS:UserName": "${aws:PrincipalTag/team}"}}),
    )
    keys = context_keys.context_keys([parse_policy(text)])
    assert keys == ("aws:username", "aws:CurrentTime", "aws:PrincipalTag/team")


def test_a_2008_document_has_no_policy_variables() -> None:
    text = json.dumps(
        {"Version": "2008-10-17", "Statement": [statement("Allow", "s3:*", "arn:aws:s3:::${aws:username}")]}
    )
    assert context_keys.context_keys([parse_policy(text)]) == ()


# --- decisions ----------------------------------------------------------------------------------------


def test_allowed_explicit_deny_and_implicit_deny_name_the_deciding_statements() -> None:
    text = document(
        statement("Allow", "iam:GetUser", ALICE, Sid="Read"),
        statement("Deny", "iam:DeleteUser", "*", Sid="NoDelete"),
    )
    spans = positions.statement_spans(text)
    setup = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT)
    get, delete, create = run(setup, ["iam:GetUser", "iam:DeleteUser", "iam:CreateUser"], [ALICE])
    assert (get.decision, delete.decision, create.decision) == ("allowed", "explicitDeny", "implicitDeny")
    assert [(m.source_policy_id, m.source_policy_type, m.start, m.end) for m in get.matched] == [
        ("PolicyInputList.1", IDENTITY_SOURCE, spans[0].start, spans[0].end)
    ]
    assert [m.start for m in delete.matched] == [spans[1].start]
    assert create.matched == ()
    assert get.resource_name == "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
    assert [r.resource for r in get.resources] == [ALICE]
    assert get.decision_details == {}


def test_without_resources_the_simulation_asks_about_star_which_only_star_matches() -> None:
    text = document(statement("Allow", "iam:GetUser", ALICE), statement("Allow", "iam:ListUsers"))
    setup = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT)
    get, listed = run(setup, ["iam:GetUser", "iam:ListUsers"])
    assert (get.decision, listed.decision) == ("implicitDeny", "allowed")
    assert get.resource_name == "*" and get.decision_details is None


def test_the_top_level_decision_is_the_most_restrictive_across_resources() -> None:
    good, bad = "arn:aws:s3:::good/key", "arn:aws:s3:::bad/key"
    text = document(
        statement("Allow", "s3:GetObject", "arn:aws:s3:::good/*"),
        statement("Deny", "s3:GetObject", "arn:aws:s3:::bad/*"),
    )
    setup = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT)
    (result,) = run(setup, ["s3:GetObject"], [good, bad])
    assert result.decision == "explicitDeny"
    assert [(r.resource, r.decision) for r in result.resources] == [(good, "allowed"), (bad, "explicitDeny")]
    spans = positions.statement_spans(text)
    assert [m.start for m in result.matched] == [spans[1].start]
    assert result.resource_name == "*"


def test_a_missing_condition_key_is_reported_and_a_given_one_decides() -> None:
    text = document(
        statement(
            "Allow", "dynamodb:*", Condition={"DateGreaterThan": {"aws:CurrentTime": "2018-08-16T12:00:00Z"}}
        )
    )
    bare = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT)
    (missing,) = run(bare, ["dynamodb:CreateBackup"])
    assert missing.decision == "implicitDeny"
    assert missing.missing_context_values == ("aws:CurrentTime",)
    for when, expected in (("2019-04-25T11:00:00Z", "allowed"), ("2014-04-25T11:00:00Z", "implicitDeny")):
        given = Simulation(
            identity=identity(text),
            caller_arn=ALICE,
            caller_account=ACCOUNT,
            context={"aws:CurrentTime": when},
        )
        (result,) = run(given, ["dynamodb:CreateBackup"])
        assert (result.decision, result.missing_context_values) == (expected, ())


def test_missing_values_come_only_from_statements_about_the_action_and_resource() -> None:
    text = document(
        statement(
            "Allow", "s3:GetObject", "arn:aws:s3:::a/*", Condition={"Bool": {"aws:SecureTransport": "true"}}
        ),
        statement("Allow", "s3:PutObject", "*", Condition={"StringEquals": {"s3:x-amz-acl": "private"}}),
        statement("Allow", "s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"),
    )
    setup = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT)
    (result,) = run(setup, ["s3:GetObject"], ["arn:aws:s3:::b/key"])
    assert result.missing_context_values == ("aws:username",)
    (inside,) = run(setup, ["s3:GetObject"], ["arn:aws:s3:::a/key"])
    assert inside.resources[0].missing_context_values == ("aws:SecureTransport", "aws:username")


def test_a_boundary_narrows_what_identity_policies_allow() -> None:
    text = document(statement("Allow", "iam:*"))
    boundary = SimulationPolicy(
        "PermissionsBoundaryPolicyInputList.1", BOUNDARY_SOURCE, document(statement("Allow", "iam:Get*"))
    )
    setup = Simulation(identity=identity(text), caller_arn=ALICE, caller_account=ACCOUNT, boundary=boundary)
    get, delete = run(setup, ["iam:GetUser", "iam:DeleteUser"])
    assert (get.decision, get.allowed_by_boundary) == ("allowed", True)
    assert (delete.decision, delete.allowed_by_boundary) == ("implicitDeny", False)
    assert {m.source_policy_type for m in get.matched} == {IDENTITY_SOURCE, BOUNDARY_SOURCE}


def test_scps_decide_allowed_by_organizations_and_are_not_listed_as_matches() -> None:
    scp = document(statement("Allow", "*"), statement("Deny", "iam:DeleteUser"))
    setup = Simulation(
        identity=identity(document(statement("Allow", "iam:*"))),
        caller_arn=ALICE,
        caller_account=ACCOUNT,
        scps=((scp,),),
    )
    get, delete = run(setup, ["iam:GetUser", "iam:DeleteUser"])
    assert (get.decision, get.allowed_by_organizations) == ("allowed", True)
    assert (delete.decision, delete.allowed_by_organizations, delete.matched) == ("explicitDeny", False, ())


def test_a_resource_policy_grants_across_accounts_and_details_each_policy_type() -> None:
    bucket = "arn:aws:s3:::shared/key"
    resource = SimulationPolicy(
        "ResourcePolicy",
        RESOURCE_SOURCE,
        document(statement("Allow", "s3:GetObject", "arn:aws:s3:::shared/*", Principal={"AWS": ALICE})),
    )
    base = Simulation(
        identity=identity(document(statement("Allow", "s3:*"))),
        caller_arn=ALICE,
        caller_account=ACCOUNT,
        resource_owner=OTHER,
    )
    (alone,) = run(base, ["s3:GetObject"], [bucket])
    assert alone.decision == "implicitDeny"
    assert alone.decision_details == {"IAM Policy": "allowed", "Resource Policy": "implicitDeny"}
    granted = Simulation(
        identity=base.identity,
        caller_arn=ALICE,
        caller_account=ACCOUNT,
        resource_owner=OTHER,
        resource_policy=resource,
    )
    (result,) = run(granted, ["s3:GetObject"], [bucket])
    assert result.decision == "allowed"
    assert result.decision_details == {"IAM Policy": "allowed", "Resource Policy": "allowed"}
    assert {m.source_policy_id for m in result.matched} == {"PolicyInputList.1", "ResourcePolicy"}


def test_the_owner_of_a_resource_is_resource_owner_then_its_arn_then_the_caller() -> None:
    assert resources.resource_account("arn:aws:s3:::b", None, ACCOUNT) == ACCOUNT
    assert resources.resource_account(f"arn:aws:iam::{OTHER}:user/x", None, ACCOUNT) == OTHER
    assert resources.resource_account(f"arn:aws:iam::{OTHER}:user/x", ACCOUNT, ACCOUNT) == ACCOUNT


# --- inputs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["GetUser", "iam:*", "iam:Get?ser", ":GetUser"])
def test_actions_need_a_service_and_no_wildcards(action: str) -> None:
    with pytest.raises(InvalidInput):
        inputs.check_action_name(action)


def test_a_malformed_input_policy_is_invalid_input_with_the_validator_message() -> None:
    with pytest.raises(InvalidInput, match=r"Syntax errors in policy\."):
        inputs.check_input_policy("{not json")
    with pytest.raises(InvalidInput, match="should not specify a principal"):
        inputs.check_input_policy(document(statement("Allow", "s3:*", Principal="*")))
    assert inputs.check_input_policy(document(statement("Allow", "s3:*", Principal="*")), PolicyKind.RESOURCE)


def test_too_many_evaluations_are_refused() -> None:
    setup = Simulation(identity=(), caller_arn=ALICE, caller_account=ACCOUNT)
    with pytest.raises(InvalidInput):
        run(setup, ["s3:GetObject"] * 101, [f"arn:aws:s3:::b/{n}" for n in range(100)])


def test_context_entries_become_single_or_multi_valued_keys() -> None:
    context = inputs.context_from_entries(
        [
            ("aws:SourceIp", ["203.0.113.7"], "ip"),
            ("aws:TagKeys", ["a"], "stringList"),
            ("s3:prefix", ["a", "b"], None),
            ("aws:username", [], "string"),
        ]
    )
    assert context == {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ("a",), "s3:prefix": ("a", "b")}


@pytest.mark.parametrize(
    ("text", "account"),
    [("111122223333", "111122223333"), ("arn:aws:iam::444455556666:root", "444455556666")],
)
def test_resource_owner_is_an_account_id_or_a_root_arn(text: str, account: str) -> None:
    assert inputs.account_of_owner(text) == account


@pytest.mark.parametrize(
    "arn", ["arn:aws:sts::111122223333:assumed-role/r/s", "arn:aws:iam::111122223333:root", "bob"]
)
def test_a_caller_is_an_iam_user_group_or_role(arn: str) -> None:
    with pytest.raises(InvalidInput):
        inputs.caller_account_of(arn)


def test_source_arns_split_into_account_kind_path_and_name() -> None:
    assert inputs.parse_source_arn(f"arn:aws:iam::{ACCOUNT}:user/dev/ops/alice") == (
        ACCOUNT,
        "user",
        "/dev/ops/",
        "alice",
    )
    with pytest.raises(InvalidInput):
        inputs.parse_source_arn(f"arn:aws:iam::{ACCOUNT}:policy/p")


# --- exclusions ---------------------------------------------------------------------------------------


def _sources() -> SourcePolicies:
    def source(name: str, policy_type: str, **extra: object) -> SourcePolicy:
        return SourcePolicy(SimulationPolicy(name, IDENTITY_SOURCE, "{}"), policy_type, **extra)  # type: ignore[arg-type]

    return SourcePolicies(
        Principal(USER, "AIDAEXAMPLE", "alice", "/", ACCOUNT),
        (
            source("own", "inline", attachment=("user", "alice")),
            source("team", "inline", attachment=("group", "devs")),
            source("ReadOnlyAccess", "aws-managed", policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
            source("Deploy", "user-managed", policy_arn=f"arn:aws:iam::{ACCOUNT}:policy/ci/Deploy"),
        ),
        SourcePolicy(SimulationPolicy("b", BOUNDARY_SOURCE, "{}"), "permission-boundary", policy_arn="x"),
    )


def test_exclusions_select_by_type_by_arn_pattern_and_by_inline_attachment() -> None:
    def names(found: SourcePolicies) -> list[str]:
        return [source.policy.source_id for source in found.identity]

    assert names(sources.exclude(_sources(), [PolicyExclusion(policy_type="inline")])) == [
        "ReadOnlyAccess",
        "Deploy",
    ]
    by_arn = sources.exclude(
        _sources(), [PolicyExclusion(policy_arn=f"arn:aws:iam::{ACCOUNT}:policy/ci/De*")]
    )
    assert names(by_arn) == ["own", "team", "ReadOnlyAccess"]
    by_inline = sources.exclude(_sources(), [PolicyExclusion(inline=("team", "group", "dev?"))])
    assert names(by_inline) == ["own", "ReadOnlyAccess", "Deploy"]
    assert sources.exclude(_sources(), [PolicyExclusion(policy_type="permission-boundary")]).boundary is None
    assert names(sources.exclude(_sources(), [PolicyExclusion(policy_type="scp")])) == names(_sources())


@pytest.mark.parametrize(
    "exclusion",
    [
        PolicyExclusion(),
        PolicyExclusion(policy_type="inline", policy_arn="arn:aws:iam::aws:policy/X"),
        PolicyExclusion(policy_arn="arn:aws:iam::*:policy/X"),
        PolicyExclusion(policy_arn="arn:aws:iam::aws:policy/a*b*"),
        PolicyExclusion(policy_arn="arn:aws:iam::aws:role/X"),
    ],
)
def test_malformed_exclusions_are_invalid_input(exclusion: PolicyExclusion) -> None:
    with pytest.raises(InvalidInput):
        inputs.check_exclusion(exclusion)

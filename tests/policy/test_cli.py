"""``hatrack policy validate | simulate | decide`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import hatrack.cli.policy as cli_policy
from hatrack.cli.policy import policy_group

ALLOW_S3 = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}
DENY_DELETE = {
    "Version": "2012-10-17",
    "Statement": {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
}


def write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def test_validate_accepts_a_good_policy(tmp_path: Path) -> None:
    result = CliRunner().invoke(policy_group, ["validate", write(tmp_path, "good.json", ALLOW_S3)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_reports_errors_with_paths_and_exits_1(tmp_path: Path) -> None:
    bad = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}],
    }
    result = CliRunner().invoke(
        policy_group, ["validate", write(tmp_path, "good.json", ALLOW_S3), write(tmp_path, "bad.json", bad)]
    )
    assert result.exit_code == 1
    assert (
        "bad.json: error: Statement[0].Action: Actions/Conditions must be prefaced by a vendor"
        in result.output
    )


def test_validate_checks_the_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "trust.json", ALLOW_S3)
    result = CliRunner().invoke(policy_group, ["validate", "--kind", "trust", path])
    assert result.exit_code == 1
    assert "Missing required field Principal" in result.output
    assert "Has prohibited field Resource." in result.output


def test_validate_prints_warnings_without_failing(tmp_path: Path) -> None:
    no_version = {"Statement": ALLOW_S3["Statement"]}
    result = CliRunner().invoke(policy_group, ["validate", write(tmp_path, "old.json", no_version)])
    assert result.exit_code == 0
    assert "warning: Version: no Version" in result.output


def test_simulate_prints_the_decision_and_the_statement(tmp_path: Path) -> None:
    allow = write(tmp_path, "allow.json", ALLOW_S3)
    deny = write(tmp_path, "deny.json", DENY_DELETE)
    runner = CliRunner()
    allowed = runner.invoke(
        policy_group, ["simulate", "--identity", allow, "--identity", deny, "--action", "s3:GetObject"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output.splitlines()[0] == "Allow"
    assert "allow.json statement 0 (Sid S3)" in allowed.output
    denied = runner.invoke(
        policy_group,
        [
            "simulate",
            "--identity",
            allow,
            "--identity",
            deny,
            "--action",
            "s3:DeleteObject",
            "--resource",
            "arn:aws:s3:::b/k",
        ],
    )
    assert denied.output.splitlines()[0] == "ExplicitDeny"
    assert "with an explicit deny in an identity-based policy" in denied.output


def test_simulate_reads_context_and_prints_json(tmp_path: Path) -> None:
    guarded = {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
        },
    }
    path = write(tmp_path, "guarded.json", guarded)
    args = ["simulate", "--identity", path, "--action", "s3:PutObject", "--json"]
    ok = CliRunner().invoke(policy_group, [*args, "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b"])
    assert json.loads(ok.output)["decision"] == "Allow"
    bad = CliRunner().invoke(policy_group, [*args, "--context-json", '{"aws:TagKeys": ["a", "c"]}'])
    output = json.loads(bad.output)
    assert output["decision"] == "ImplicitDeny"
    assert output["reason"] == "because no identity-based policy allows the s3:PutObject action"


def test_simulate_refuses_a_malformed_policy(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        policy_group, ["simulate", "--identity", write(tmp_path, "x.json", "{"), "--action", "s3:Get"]
    )
    assert result.exit_code != 0
    assert "Syntax errors in policy." in result.output


def case(expected_policy: object, action: str) -> str:
    return json.dumps(
        {
            "id": "t",
            "identity_policies": [expected_policy],
            "resource_policy": None,
            "permissions_boundary": None,
            "session_policies": [],
            "scps": [],
            "request": {
                "principal_arn": "arn:aws:iam::111122223333:user/alice",
                "principal_account": "111122223333",
                "action": action,
                "resource_arn": "arn:aws:s3:::b/k",
                "resource_account": "111122223333",
                "context": {},
            },
        }
    )


def test_decide_prints_one_decision_per_line_in_order(tmp_path: Path) -> None:
    both = {"Version": "2012-10-17", "Statement": [ALLOW_S3["Statement"][0], DENY_DELETE["Statement"]]}
    lines = (
        "\n".join(
            [case(both, "s3:GetObject"), "", case(both, "s3:DeleteObject"), case(both, "ec2:RunInstances")]
        )
        + "\n"
    )
    from_stdin = CliRunner().invoke(policy_group, ["decide"], input=lines)
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.output.splitlines() == ["Allow", "ExplicitDeny", "ImplicitDeny"]
    from_file = CliRunner().invoke(policy_group, ["decide", write(tmp_path, "cases.jsonl", lines)])
    assert from_file.output.splitlines() == ["Allow", "ExplicitDeny", "ImplicitDeny"]


def test_decide_names_the_bad_line() -> None:
    result = CliRunner().invoke(policy_group, ["decide"], input='{"request": 1}\n')
    assert result.exit_code == 1
    assert "line 1" in result.output


DUPLICATE_SIDS = {
    "Version": "2012-10-17",
    "Statement": [ALLOW_S3["Statement"][0], {**ALLOW_S3["Statement"][0], "Action": "ec2:*"}],
}


def test_decide_reports_a_bad_case_on_its_line_and_decides_the_rest() -> None:
    # Issue 10: decide stopped at a case whose policy repeats a Sid and printed nothing after it.
    lines = "\n".join(
        [case(ALLOW_S3, "s3:GetObject"), case(DUPLICATE_SIDS, "s3:GetObject"), "{", case(ALLOW_S3, "ec2:Run")]
    )
    result = CliRunner().invoke(policy_group, ["decide"], input=lines + "\n")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Allow",
        "Error: line 2: MalformedPolicyDocument: Statement IDs (SID) in a single policy must be unique.",
        result.output.splitlines()[2],
        "ImplicitDeny",
    ]
    assert result.output.splitlines()[2].startswith("Error: line 3: InvalidCase: ")


def test_decide_refuses_an_overlong_line_without_reading_it_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    good = case(ALLOW_S3, "s3:GetObject")
    monkeypatch.setattr(cli_policy, "MAX_CASE_LINE_CHARS", len(good) + 1)
    lines = "\n".join([good, "x" * (10 * len(good)), good]) + "\n"
    result = CliRunner().invoke(policy_group, ["decide"], input=lines)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "Allow"
    assert result.output.splitlines()[1].startswith("Error: line 2: ValidationError: the case is longer than")
    assert result.output.splitlines()[2] == "Allow"


def test_validate_goes_on_after_an_unreadable_or_oversized_file(tmp_path: Path) -> None:
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{")
    huge = write(tmp_path, "huge.json", json.dumps(ALLOW_S3) + " " * 131072)
    good = write(tmp_path, "good.json", ALLOW_S3)
    result = CliRunner().invoke(policy_group, ["validate", str(binary), huge, good])
    assert result.exit_code == 1
    assert "binary.json: error: not UTF-8 text" in result.output
    assert "huge.json: error" in result.output and "131072" in result.output
    assert f"{good}: valid" in result.output


def test_simulate_refuses_an_oversized_policy(tmp_path: Path) -> None:
    huge = write(tmp_path, "huge.json", json.dumps(ALLOW_S3) + " " * 131072)
    result = CliRunner().invoke(policy_group, ["simulate", "--identity", huge, "--action", "s3:GetObject"])
    assert result.exit_code == 2
    assert "131072" in result.output

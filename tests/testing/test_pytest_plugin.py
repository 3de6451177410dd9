"""The pytest plugin as another project uses it: pytest's ``pytester`` runs small test files in a fresh
pytest process and we read their outcome, including a test that must fail on a too-narrow policy."""

from __future__ import annotations

import configparser
import json
import stat
import subprocess
from importlib.metadata import entry_points
from pathlib import Path

import boto3
import pytest

from hatrack.testing import start_server
from tests.support.server import BIN, _wait_until_listening, free_port

pytestmark = pytest.mark.e2e

PLUGIN = "hatrack.testing.pytest_plugin"


def plugin_args() -> list[str]:
    """``-p`` the plugin unless the installed package already registers it (loading it twice fails)."""
    registered = any(entry.value == PLUGIN for entry in entry_points(group="pytest11"))
    return [] if registered else ["-p", PLUGIN]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider", *args, timeout=180)


CODE_UNDER_TEST = '''
import json
import boto3

def deploy_reader_role():
    """What a deployment script does: it builds its own clients from the environment."""
    iam = boto3.client("iam")
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="reader", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
'''


def test_code_that_builds_its_own_clients_runs_against_hatrack_with_the_policy_it_was_given(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(deploy=CODE_UNDER_TEST)
    pytester.makepyfile(
        test_deploy="""
        from hatrack.testing import allow
        from deploy import deploy_reader_role

        def test_the_deployer_policy_is_enough(hatrack):
            deployer = hatrack.user("deployer", policies=[allow("iam:CreateRole", "iam:PutRolePolicy")])
            hatrack.use(deployer)
            deploy_reader_role()
            assert hatrack.client("iam").get_role_policy(RoleName="reader", PolicyName="read")
        """
    )
    assert run(pytester).parseoutcomes() == {"passed": 1}


def test_a_policy_that_is_too_narrow_fails_the_test_with_aws_access_denied(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(deploy=CODE_UNDER_TEST)
    pytester.makepyfile(
        test_deploy="""
        from hatrack.testing import allow
        from deploy import deploy_reader_role

        def test_the_deployer_policy_forgets_put_role_policy(hatrack):
            deployer = hatrack.user("deployer", policies=[allow("iam:CreateRole")])
            hatrack.use(deployer)
            deploy_reader_role()
        """
    )
    result = run(pytester)
    assert result.parseoutcomes() == {"failed": 1}
    result.stdout.fnmatch_lines(
        ["*AccessDenied*PutRolePolicy*user/deployer is not authorized to perform: iam:PutRolePolicy*"]
    )


def test_each_test_starts_from_an_empty_account_and_sees_only_its_own_trail(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_reset="""
        import pytest
        from botocore.exceptions import ClientError

        def test_one_creates_alice(hatrack):
            hatrack.user("alice")
            assert [u["UserName"] for u in hatrack.client("iam").list_users()["Users"]] == ["alice"]

        def test_two_sees_no_alice_and_no_trail_of_test_one(hatrack, hatrack_events):
            assert hatrack.client("iam").list_users()["Users"] == []
            assert hatrack_events.named("CreateUser") == []

        def test_a_denied_call_is_in_the_trail_with_its_caller(hatrack, hatrack_events):
            intern = hatrack.user("intern")
            with pytest.raises(ClientError):
                hatrack.client("iam", intern).create_user(UserName="shadow")
            [denied] = hatrack_events.denied("iam:CreateUser")
            assert denied.caller_arn == intern.arn
            assert denied.error_code == "AccessDenied"
            assert [event.name for event in hatrack_events.by(intern.arn)] == ["CreateUser"]

        def test_the_root_secret_is_in_no_log_of_the_server(hatrack):
            hatrack.client("iam").list_users()
            log = hatrack.server.log_path.read_text()
            assert "account" in log  # the welcome line reached the log, the keys did not
            assert hatrack.root.secret_access_key not in log
        """
    )
    assert run(pytester).parseoutcomes() == {"passed": 4}


def test_a_role_is_assumed_only_by_whom_its_trust_names(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_roles="""
        import pytest
        from botocore.exceptions import ClientError
        from hatrack.testing import allow

        def test_trusted_user_wears_the_hat_and_acts_with_its_policy(hatrack, hatrack_events):
            alice = hatrack.user("alice")
            auditor = hatrack.role("Auditor", trust=alice, policies=[allow("iam:ListUsers")])
            hat = hatrack.assume(auditor, as_=alice, session_name="alice")
            assert hat.arn.endswith(":assumed-role/Auditor/alice")
            assert hatrack.session(hat).client("sts", endpoint_url=hatrack.endpoint
                ).get_caller_identity()["Arn"] == hat.arn
            hatrack.client("iam", hat).list_users()
            with pytest.raises(ClientError, match="AccessDenied"):
                hatrack.client("iam", hat).create_user(UserName="x")
            assert [event.name for event in hatrack_events.by(hat.arn)] == [
                "GetCallerIdentity", "ListUsers", "CreateUser"]

        def test_a_user_the_trust_does_not_name_is_refused(hatrack):
            alice, mallory = hatrack.user("alice"), hatrack.user("mallory")
            auditor = hatrack.role("Auditor", trust=alice)
            with pytest.raises(ClientError, match="AccessDenied"):
                hatrack.assume(auditor, as_=mallory)

        def test_trusting_the_account_needs_sts_assume_role_in_the_caller_policy(hatrack):
            allowed = hatrack.user("ops", policies=allow("sts:AssumeRole"))
            hatrack.role("Ops")
            assert hatrack.assume("Ops", as_=allowed).arn.endswith(":assumed-role/Ops/hatrack-test")
            with pytest.raises(ClientError, match="AccessDenied"):
                hatrack.assume("Ops", as_=hatrack.user("nobody"))
        """
    )
    assert run(pytester).parseoutcomes() == {"passed": 3}


def test_real_aws_credentials_and_the_real_home_aws_folder_never_reach_a_test(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    real_credentials = "[default]\naws_access_key_id = AKIAREALREALREAL0000\naws_secret_access_key = real\n"
    (home / ".aws" / "credentials").write_text(real_credentials)
    (home / ".aws" / "config").write_text(
        "[default]\nregion = eu-west-3\nendpoint_url = https://real.example\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALFROMENV00000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_PROFILE", "production")
    pytester.makepyfile(
        test_isolation="""
        import os
        import boto3

        def test_inside_only_the_test_server_is_seen(hatrack):
            assert os.environ["AWS_ACCESS_KEY_ID"] == hatrack.root.access_key_id
            assert "AWS_SESSION_TOKEN" not in os.environ and "AWS_PROFILE" not in os.environ
            assert os.environ["AWS_ENDPOINT_URL"] == hatrack.endpoint
            assert not os.environ["AWS_CONFIG_FILE"].startswith(os.environ["HOME"])
            assert boto3.client("sts").get_caller_identity()["Account"] == hatrack.account_id
            assert boto3.Session().region_name == "us-east-1"

        def test_afterwards_the_environment_is_given_back():
            assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALFROMENV00000"
            assert os.environ["AWS_PROFILE"] == "production"
            assert "AWS_ENDPOINT_URL" not in os.environ
        """
    )
    assert run(pytester).parseoutcomes() == {"passed": 2}
    assert (home / ".aws" / "credentials").read_text() == real_credentials
    assert sorted(path.name for path in (home / ".aws").iterdir()) == ["config", "credentials"]


def test_without_its_fixtures_the_plugin_starts_nothing_and_imports_no_sdk(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plain="""
        import os, sys

        def test_plain(tmp_path_factory):
            assert "boto3" not in sys.modules and "botocore" not in sys.modules
            assert "hatrack.cli.main" not in sys.modules
            assert not list(tmp_path_factory.getbasetemp().glob("hatrack-*"))
        """
    )
    result = run(pytester, "--hatrack-keep")
    assert result.parseoutcomes() == {"passed": 1}
    result.stdout.no_fnmatch_line("*hatrack: state of failing tests kept*")


def test_keep_copies_the_state_and_trail_of_a_failing_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_failing="""
        def test_fails_after_creating_evidence(hatrack):
            hatrack.user("evidence")
            assert False, "the deployment broke"
        """
    )
    result = run(pytester, "--hatrack-keep", f"--basetemp={pytester.path / 'base'}")
    assert result.parseoutcomes() == {"failed": 1}
    result.stdout.fnmatch_lines(
        ["*hatrack: state of failing tests kept*", "*test_fails_after_creating_evidence: *hatrack-kept-*"]
    )
    [kept] = (pytester.path / "base").glob("hatrack-kept-*[0-9]")
    trail = [json.loads(line) for line in (kept / "trail.jsonl").read_text().splitlines()]
    assert [record["eventName"] for record in trail][:2] == ["CreateUser", "CreateAccessKey"]
    credentials = configparser.ConfigParser()
    credentials.read(kept / "credentials")
    assert stat.S_IMODE((kept / "credentials").stat().st_mode) == 0o600
    port = free_port()
    served = subprocess.Popen(
        [str(BIN / "hatrack"), "serve", "--state-dir", str(kept / "state"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(port, served)
        iam = boto3.client(
            "iam",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="us-east-1",
            aws_access_key_id=credentials["hatrack-kept"]["aws_access_key_id"],
            aws_secret_access_key=credentials["hatrack-kept"]["aws_secret_access_key"],
        )
        assert [user["UserName"] for user in iam.list_users()["Users"]] == ["evidence"]
    finally:
        served.terminate()
        served.wait(timeout=10)


def test_an_existing_server_and_the_account_id_come_from_the_options(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server(tmp_path / "state", account_id="123456789012")
    try:
        monkeypatch.setenv("HATRACK_ACCESS_KEY_ID", server.root.access_key_id)
        monkeypatch.setenv("HATRACK_SECRET_ACCESS_KEY", server.root.secret_access_key)
        pytester.makeini(f"[pytest]\nhatrack_endpoint = {server.endpoint}\n")
        pytester.makepyfile(
            test_existing="""
            def test_uses_the_running_server(hatrack):
                assert hatrack.account_id == "123456789012"
                hatrack.user("left-behind")
            """
        )
        assert run(pytester).parseoutcomes() == {"passed": 1}
        assert not list((pytester.path).glob("**/hatrack-state*"))
        assert server.process is not None and server.process.poll() is None
    finally:
        server.stop()


def test_the_account_id_option_names_the_started_server_account(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_account="""
        def test_account(hatrack):
            assert hatrack.account_id == "210987654321"
        """
    )
    assert run(pytester, "--hatrack-account-id", "210987654321").parseoutcomes() == {"passed": 1}


def test_pointing_at_a_server_without_its_root_keys_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HATRACK_ACCESS_KEY_ID", raising=False)
    pytester.makepyfile(test_x="def test_x(hatrack):\n    pass\n")
    result = run(pytester, "--hatrack-endpoint", "http://127.0.0.1:9")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*HATRACK_ACCESS_KEY_ID*"])

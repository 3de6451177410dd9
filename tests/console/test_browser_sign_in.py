"""Signing in through a real browser: passwords, MFA, the forced change, throttling, CSRF, sign-out,
and the ConsoleLogin events every attempt leaves in the trail."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import pytest

from hatrack.credentials.totp import hotp_code, totp_secret_from_base32, totp_time_step
from tests.console.conftest import PASSWORD, console_logins, make_user, sign_in, trust_user
from tests.support.server import BIN, RunningServer

# One server and one browser for the module: keep its tests on one worker.
pytestmark = pytest.mark.xdist_group("console-sign-in")

WRONG = "Your authentication information is incorrect. Please try again."


def test_a_user_signs_in_and_the_home_page_says_who_they_are(server: RunningServer, page: Any) -> None:
    make_user(server, "alice")
    sign_in(page, server, "alice")
    assert page.url.endswith("/console/home")
    assert page.inner_text("#signed-in-as") == f"arn:aws:iam::{server.account_id}:user/alice"
    assert page.inner_text("#acting-as") == f"arn:aws:iam::{server.account_id}:user/alice"
    assert page.inner_text("#hat-worn") == "your own identity"
    success = [e for e in console_logins(server) if e["responseElements"] == {"ConsoleLogin": "Success"}]
    assert len(success) == 1
    event = success[0]
    assert event["eventSource"] == "signin.amazonaws.com"
    assert event["eventType"] == "AwsConsoleSignIn"
    assert event["additionalEventData"]["MFAUsed"] == "No"
    assert event["userIdentity"]["userName"] == "alice"
    assert "errorMessage" not in event


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(server: RunningServer, page: Any) -> None:
    make_user(server, "bob")
    sign_in(page, server, "bob", "not-the-password")
    wrong_password = page.inner_text("#error")
    sign_in(page, server, "nobody", "not-the-password")
    assert page.inner_text("#error") == wrong_password == WRONG
    failures = [e for e in console_logins(server) if e["responseElements"] == {"ConsoleLogin": "Failure"}]
    assert sorted(e["userIdentity"]["userName"] for e in failures) == [
        "HIDDEN_DUE_TO_SECURITY_REASONS",
        "bob",
    ]
    assert {e["errorMessage"] for e in failures} == {"Failed authentication"}
    assert all("errorCode" not in e for e in failures)
    assert all(PASSWORD not in str(e) and "not-the-password" not in str(e) for e in failures)
    tail = subprocess.run(
        [str(BIN / "hatrack"), "audit", "tail", "--state-dir", str(server.state_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert f"arn:aws:iam::{server.account_id}:user/bob signin:ConsoleLogin !Failed authentication" in tail
    assert "HIDDEN_DUE_TO_SECURITY_REASONS signin:ConsoleLogin !Failed authentication" in tail


def test_the_sign_in_link_accepts_the_account_alias(server: RunningServer, page: Any) -> None:
    make_user(server, "carol")
    server.client("iam").create_account_alias(AccountAlias="acme-dev")
    sign_in(page, server, "carol", account="acme-dev")
    assert page.url.endswith("/console/home")


def test_first_sign_in_forces_a_password_change_that_meets_the_policy(
    server: RunningServer, page: Any
) -> None:
    iam = server.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=12, AllowUsersToChangePassword=True)
    make_user(server, "dave", reset_required=True, password="Initial-Pass-123")
    sign_in(page, server, "dave", "Initial-Pass-123")
    assert page.url.endswith("/console/password")
    for elsewhere in ("/console/iam/users", "/console/home", "/console"):  # nothing before the new password
        page.goto(f"{server.endpoint}{elsewhere}")
        assert page.url.endswith("/console/password"), elsewhere
    page.fill("#old-password", "Initial-Pass-123")
    page.fill("#new-password", "short")
    page.fill("#confirm-password", "short")
    page.click("#submit")
    assert page.inner_text("#error") == "Password does not conform to the account password policy."
    page.fill("#old-password", "Initial-Pass-123")
    page.fill("#new-password", "A-much-longer-pass-42")
    page.fill("#confirm-password", "A-much-longer-pass-42")
    page.click("#submit")
    assert page.url.endswith("/console/home?changed=password")
    assert not iam.get_login_profile(UserName="dave")["LoginProfile"]["PasswordResetRequired"]


def _enable_mfa(server: RunningServer, user: str) -> bytes:
    iam = server.client("iam")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
    seed = totp_secret_from_base32(device["Base32StringSeed"].decode())
    step = totp_time_step(datetime.now(UTC)) - 1  # two past steps: the sign-in may use the current one
    iam.enable_mfa_device(
        UserName=user,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=hotp_code(seed, step - 1),
        AuthenticationCode2=hotp_code(seed, step),
    )
    return seed


def test_a_user_with_mfa_gives_a_code_and_the_session_carries_mfa(server: RunningServer, page: Any) -> None:
    make_user(server, "erin", "sts:AssumeRole")
    seed = _enable_mfa(server, "erin")
    server.client("iam").create_role(
        RoleName="needs-mfa", AssumeRolePolicyDocument=trust_user(server.account_id, "erin", mfa=True)
    )
    sign_in(page, server, "erin")
    assert page.url.endswith("/console/mfa")
    page.fill(
        "#code", "000000" if hotp_code(seed, totp_time_step(datetime.now(UTC))) != "000000" else "111111"
    )
    page.click("#submit")
    assert page.inner_text("#error") == WRONG
    page.fill("#code", hotp_code(seed, totp_time_step(datetime.now(UTC))))
    page.click("#submit")
    assert page.url.endswith("/console/home")
    assert page.inner_text("#mfa-used") == "signed in with MFA"
    # The trust policy asks for aws:MultiFactorAuthPresent: the console session has it.
    page.goto(f"{server.endpoint}/switchrole?roleName=needs-mfa&account={server.account_id}")
    page.click("#sr-submit")
    assert page.inner_text("#hat-name") == f"needs-mfa @ {server.account_id}"
    events = console_logins(server)
    assert [e["additionalEventData"]["MFAUsed"] for e in events] == ["Yes", "Yes"]
    assert sorted(e["responseElements"]["ConsoleLogin"] for e in events) == ["Failure", "Success"]


def test_the_code_of_a_sign_in_cannot_be_replayed(server: RunningServer, page: Any, browser: Any) -> None:
    make_user(server, "frank")
    seed = _enable_mfa(server, "frank")
    code = hotp_code(seed, totp_time_step(datetime.now(UTC)))
    sign_in(page, server, "frank")
    page.fill("#code", code)
    page.click("#submit")
    assert page.url.endswith("/console/home")
    other = browser.new_context().new_page()
    sign_in(other, server, "frank")
    other.fill("#code", code)
    other.click("#submit")
    assert other.url.endswith("/console/mfa")
    assert other.inner_text("#error") == WRONG
    other.context.close()


def test_repeated_failures_slow_down_the_next_attempts(server: RunningServer, page: Any) -> None:
    make_user(server, "grace")
    answers = []
    wait = 0
    for _ in range(30):  # 3 free failures, then 1 s, 2 s, 4 s ... (docs/console.md)
        sign_in(page, server, "grace", "wrong-password")
        answers.append(page.inner_text("#error"))
        found = re.match(r"Too many failed sign-in attempts\. Wait (\d+) seconds", answers[-1])
        if found and int(found.group(1)) >= 2:
            wait = int(found.group(1))
            break
    assert answers[:4] == [WRONG] * 4  # the first failures cost nothing
    assert wait >= 2
    # While waiting, even the right password is not looked at (and the user is not locked out).
    sign_in(page, server, "grace")
    assert page.inner_text("#error").startswith("Too many failed sign-in attempts")
    time.sleep(wait)
    sign_in(page, server, "grace")
    assert page.url.endswith("/console/home")


def test_a_form_without_its_csrf_token_is_refused(server: RunningServer, page: Any) -> None:
    make_user(server, "heidi")
    sign_in(page, server, "heidi")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = page.request.post(
        f"{server.endpoint}/console/signout", form={"csrf": "forged"}, max_redirects=0
    )
    assert response.status == 403
    request = urllib.request.Request(
        f"{server.endpoint}/console/signin", data=b"account=1&username=heidi&password=x", method="POST"
    )
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a sign-in without a CSRF token was accepted")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
    page.goto(f"{server.endpoint}/console/home")  # the session survived the forged form
    assert page.url.endswith("/console/home")
    assert "hatrack_console" in cookies


def test_the_session_cookie_and_headers_are_locked_down(server: RunningServer, page: Any) -> None:
    make_user(server, "ivan")
    response = page.goto(f"{server.endpoint}/console")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    for path in ("/console/static/console.css", "/console/no-such-page"):
        answer = page.request.get(f"{server.endpoint}{path}")
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], path
    assert page.request.get(f"{server.endpoint}/console/no-such-page").status == 404
    sign_in(page, server, "ivan")
    before = {c["name"]: c for c in page.context.cookies()}["hatrack_console"]
    assert before["httpOnly"] is True
    assert before["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("hatrack_console=") == -1


def test_sign_out_ends_the_session_on_the_server(server: RunningServer, page: Any, browser: Any) -> None:
    make_user(server, "judy")
    sign_in(page, server, "judy")
    stolen = page.context.cookies()
    page.click("#sign-out")
    assert "/console" in page.url
    replay = browser.new_context()
    replay.add_cookies(stolen)
    other = replay.new_page()
    other.goto(f"{server.endpoint}/console/home")
    assert not other.url.endswith("/console/home")
    replay.close()


def test_the_session_id_changes_at_sign_in(server: RunningServer, page: Any) -> None:
    make_user(server, "ken")
    seed = _enable_mfa(server, "ken")
    sign_in(page, server, "ken")
    pending = {c["name"]: c["value"] for c in page.context.cookies()}["hatrack_console"]
    page.fill("#code", hotp_code(seed, totp_time_step(datetime.now(UTC))))
    page.click("#submit")
    signed_in = {c["name"]: c["value"] for c in page.context.cookies()}["hatrack_console"]
    assert signed_in != pending


def test_root_signs_in_with_its_console_password_and_cannot_switch_role(
    server: RunningServer, page: Any
) -> None:
    subprocess.run(
        [
            str(BIN / "hatrack"),
            "account",
            "set-root-password",
            "--state-dir",
            str(server.state_dir),
            "--password-stdin",
        ],
        input="Root-Password-77\n",
        text=True,
        check=True,
        capture_output=True,
        timeout=60,
    )
    page.goto(f"{server.endpoint}/console?account={server.account_id}")
    page.check("#as-root")
    assert not page.is_visible("#username")  # the root has no user name
    page.fill("#password", "Root-Password-77")
    page.click("#submit")
    assert page.inner_text("#signed-in-as") == f"arn:aws:iam::{server.account_id}:root"
    page.goto(f"{server.endpoint}/switchrole?roleName=any&account={server.account_id}")
    page.click("#sr-submit")
    assert page.inner_text("#error") == "You cannot switch roles while signed in as the root user."

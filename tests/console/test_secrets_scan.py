"""No console secret in the clear where the server writes (the database files, the server log, the
trail): the passwords typed (right and wrong), the root password, the session cookie's id, a new
access key's secret, an MFA code's seed, a federation sign-in token."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from typing import Any

import pytest

from hatrack.credentials.totp import hotp_code, totp_secret_from_base32, totp_time_step
from tests.console.conftest import make_user, sign_in, trust_user
from tests.e2e.test_secrets_scan import _database_bytes, _forms, _trail
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.xdist_group("console-secrets")


def test_no_console_secret_is_in_the_clear(server: RunningServer, page: Any) -> None:
    found: dict[str, bytes] = {}
    password = "Scan-Passw0rd-" + datetime.now(UTC).strftime("%H%M%S%f")
    found["password"] = password.encode()
    make_user(server, "scan", "sts:AssumeRole", "iam:*", password=password)
    iam = server.client("iam")
    iam.create_role(RoleName="ScanRole", AssumeRolePolicyDocument=trust_user(server.account_id, "scan"))
    root_password = "Root-Scan-" + datetime.now(UTC).strftime("%f")
    found["root password"] = root_password.encode()
    subprocess.run(
        [
            str(BIN / "hatrack"),
            "account",
            "set-root-password",
            "--state-dir",
            str(server.state_dir),
            "--password-stdin",
        ],
        input=root_password + "\n",
        text=True,
        check=True,
        capture_output=True,
        timeout=60,
    )
    wrong = "Wrong-" + password
    found["wrong password"] = wrong.encode()
    sign_in(page, server, "scan", wrong)
    sign_in(page, server, "scan", password)
    found["session cookie"] = next(
        c["value"] for c in page.context.cookies() if c["name"] == "hatrack_console"
    ).encode()
    page.goto(f"{server.endpoint}/console/credentials")
    page.click("#create-key")
    found["access key secret"] = page.inner_text("#new-secret").encode()
    page.click("#done")
    page.click("#assign-mfa")
    seed_text = page.inner_text("#seed")
    found["mfa seed (base32)"] = seed_text.encode()
    seed = totp_secret_from_base32(seed_text)
    found["mfa seed"] = seed
    step = totp_time_step(datetime.now(UTC)) - 1
    page.fill("#code1", hotp_code(seed, step - 1))
    page.fill("#code2", hotp_code(seed, step))
    page.click("#enable-mfa")
    page.goto(f"{server.endpoint}/switchrole?roleName=ScanRole&account={server.account_id}")
    page.click("#sr-submit")
    key = iam.create_access_key(UserName="scan")["AccessKey"]
    session = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).assume_role(
        RoleArn=f"arn:aws:iam::{server.account_id}:role/ScanRole", RoleSessionName="scan"
    )["Credentials"]
    query = urllib.parse.urlencode(
        {
            "Action": "getSigninToken",
            "Session": json.dumps(
                {
                    "sessionId": session["AccessKeyId"],
                    "sessionKey": session["SecretAccessKey"],
                    "sessionToken": session["SessionToken"],
                }
            ),
        }
    )
    with urllib.request.urlopen(f"{server.endpoint}/federation?{query}", timeout=10) as answer:
        found["sign-in token"] = json.loads(answer.read())["SigninToken"].encode()
    found["federated session secret"] = session["SecretAccessKey"].encode()
    places = {
        "the trail": _trail(server),
        "the database": _database_bytes(server),
        "the server log": (server.state_dir / "server.log").read_bytes(),
    }
    leaks = [
        f"{name} in {place}"
        for name, secret in found.items()
        for form in _forms(secret)
        for place, content in places.items()
        if form in content
    ]
    assert leaks == []

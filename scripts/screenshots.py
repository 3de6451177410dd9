"""Regenerate the screenshots of docs/console.md (docs/console-*.png) from a real server and browser.

    PYTHONPATH=src python scripts/screenshots.py

Starts a throwaway ``hatrack serve --dev`` on a free port, sets up a user, a role and some keys with
boto3, and drives Debian's chromium (``/usr/bin/chromium``) with Playwright through the main pages.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.server import running_server  # noqa: E402

DOCS = ROOT / "docs"
PASSWORD = "Correct-Horse-9"
VIEWPORT = {"width": 1200, "height": 720}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as state, running_server(Path(state)) as server:
        iam = server.client("iam")
        iam.create_account_alias(AccountAlias="acme-dev")
        iam.create_user(UserName="alice")
        iam.create_login_profile(UserName="alice", Password=PASSWORD)
        iam.put_user_policy(
            UserName="alice",
            PolicyName="console",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["sts:AssumeRole", "cloudtrail:LookupEvents"],
                            "Resource": "*",
                        },
                        {
                            "Effect": "Allow",
                            "Action": ["iam:*AccessKey*", "iam:ListMFADevices"],
                            "Resource": "*",
                        },
                    ],
                }
            ),
        )
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/alice"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        iam.create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps(trust))
        iam.attach_role_policy(RoleName="admin", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
        iam.put_role_policy(
            RoleName="admin",
            PolicyName="trail",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}],
                }
            ),
        )
        for name in ("bob", "carol"):
            iam.create_user(UserName=name)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport=VIEWPORT)

            def shot(name: str) -> None:
                page.screenshot(path=str(DOCS / f"console-{name}.png"))
                print(f"docs/console-{name}.png")

            page.goto(f"{server.endpoint}/console?account=acme-dev")
            page.fill("#username", "alice")
            page.fill("#password", PASSWORD)
            shot("sign-in")
            page.click("#submit")
            shot("home")
            page.goto(f"{server.endpoint}/console/credentials")
            page.click("#create-key")
            page.click("#done")
            shot("credentials")
            page.goto(
                f"{server.endpoint}/switchrole?roleName=admin&account=acme-dev&displayName=Dev%20admin&color=B7CA9D"
            )
            shot("switch-role")
            page.click("#sr-submit")
            shot("role-worn")
            page.goto(f"{server.endpoint}/console/iam/users")
            shot("iam-users")
            page.goto(f"{server.endpoint}/console/trail")
            shot("trail")
            browser.close()


if __name__ == "__main__":
    main()

"""Temporary key ids through the real server: AWS's shape, and GetAccessKeyInfo names their account
— for AssumeRole and GetSessionToken, in the first account and in one added with ``hatrack account
create`` — with no record of the session kept anywhere."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.e2e.test_sts import _state_cli_args, as_keys, policy, trust_document
from tests.sts.test_temporary_key_ids import legacy_key_id
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e

AWS_SHAPE = re.compile(r"ASIA[A-Z2-7]{16}")


def new_account(server: RunningServer) -> dict[str, str]:
    created = subprocess.run(
        [str(BIN / "hatrack"), "account", "create", "--json", *_state_cli_args(server)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(created.stdout))


def temporary_key_ids(server: RunningServer, root_key: str, root_secret: str) -> list[str]:
    """Key ids of a role session (assumed by a user: the root may not assume roles) and of a
    GetSessionToken session, both in the account of ``root_key``."""
    iam = server.client("iam", key=root_key, secret=root_secret)
    account_id = server.client("sts", key=root_key, secret=root_secret).get_caller_identity()["Account"]
    role_arn = iam.create_role(
        RoleName="Keyed", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{account_id}:root")
    )["Role"]["Arn"]
    iam.create_user(UserName="keyholder")
    iam.put_user_policy(
        UserName="keyholder", PolicyName="hat", PolicyDocument=policy("sts:AssumeRole", resource=role_arn)
    )
    key = iam.create_access_key(UserName="keyholder")["AccessKey"]
    user_sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    hat = as_keys(user_sts.assume_role(RoleArn=role_arn, RoleSessionName="keyed")["Credentials"])
    session = as_keys(user_sts.get_session_token()["Credentials"])
    # Both work as credentials, so the ids are the ones the server really issued and accepts.
    assert server.client("sts", **hat).get_caller_identity()["Account"] == account_id
    assert server.client("sts", **session).get_caller_identity()["Account"] == account_id
    # The account no longer fills the first 8 characters (40 bits): only the first 3 and a bit.
    assert hat["key"][4:12] != session["key"][4:12]
    return [hat["key"], session["key"]]


def test_get_access_key_info_names_the_account_of_temporary_keys_of_two_accounts(
    server: RunningServer,
) -> None:
    other = new_account(server)
    issued = {
        server.account_id: temporary_key_ids(server, server.access_key_id, server.secret_access_key),
        other["account_id"]: temporary_key_ids(server, other["access_key_id"], other["secret_access_key"]),
    }
    asker = server.client("sts")
    for account_id, key_ids in issued.items():
        for key_id in key_ids:
            assert AWS_SHAPE.fullmatch(key_id)
            assert asker.get_access_key_info(AccessKeyId=key_id)["Account"] == account_id
    # The other account's root asks too: the answer depends on the key id, not on who asks.
    other_sts = server.client("sts", key=other["access_key_id"], secret=other["secret_access_key"])
    assert other_sts.get_access_key_info(AccessKeyId=issued[server.account_id][0])["Account"] == (
        server.account_id
    )


def test_get_access_key_info_still_reads_ids_issued_before_the_account_number_layout(
    server: RunningServer,
) -> None:
    # Sessions minted by the previous release (account id in the first 40 bits) live up to 36 hours.
    answer = server.client("sts").get_access_key_info(AccessKeyId=legacy_key_id(server.account_id))
    assert answer["Account"] == server.account_id

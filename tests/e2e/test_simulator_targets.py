"""What SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy are authorized on: the user, group
or role the ``PolicySourceArn`` names, checked before any decision (issue 18), through boto3 against a
real server.

- an ARN of another partition, of a malformed account, or of something that is not a user, group or
  role is refused with InvalidInput before any decision, so no simulation runs on a principal named
  in a partition the server does not serve;
- an existing entity is named by its stored ARN and brings its tags; a name whose path does not match
  the entity's names no entity: it is authorized as written, and NoSuchEntity follows the decision;
- another account's principal is that account's resource: refused even to the account root.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

OTHER = "444455556666"


def error_of(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def _allowed_on(server: RunningServer, resource: str) -> Any:
    iam = server.client("iam")
    iam.create_user(UserName="asker")
    actions = ["iam:SimulatePrincipalPolicy", "iam:GetContextKeysForPrincipalPolicy"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}],
    }
    iam.put_user_policy(UserName="asker", PolicyName="ask", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="asker")["AccessKey"]
    return server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


def test_a_source_arn_of_another_partition_or_a_bad_account_is_refused_before_any_decision(
    server: RunningServer,
) -> None:
    iam = server.client("iam")
    account = server.account_id
    iam.create_user(UserName="alice")
    as_nobody = _allowed_on(server, "arn:aws:iam::*:user/nobody-at-all")
    for arn in (
        f"arn:aws-cn:iam::{account}:user/alice",
        "arn:aws:iam::12345:user/alice",
        f"arn:aws:iam::{account}:policy/alice",
    ):
        for client in (iam, as_nobody):
            code, message = error_of(
                partial(client.simulate_principal_policy, PolicySourceArn=arn, ActionNames=["iam:GetUser"])
            )
            assert (code, message) == (
                "InvalidInput",
                f"Invalid ARN {arn}: PolicySourceArn must be the ARN of an IAM user, group or role",
            )
            code, _ = error_of(partial(client.get_context_keys_for_principal_policy, PolicySourceArn=arn))
            assert code == "InvalidInput"


def test_an_existing_group_is_named_by_its_stored_arn(server: RunningServer) -> None:
    iam = server.client("iam")
    group = iam.create_group(GroupName="Crew", Path="/ops/")["Group"]["Arn"]
    as_asker = _allowed_on(server, "arn:aws:iam::*:user/nothing")
    # The request spells the name in another case: the decision is on the group as stored.
    spelt = group.replace("Crew", "crew")
    code, message = error_of(lambda: as_asker.get_context_keys_for_principal_policy(PolicySourceArn=spelt))
    assert code == "AccessDenied"
    assert f"on resource: {group} because" in message


def test_a_path_that_is_not_the_entitys_names_no_entity(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "red"}])
    as_asker = _allowed_on(server, f"arn:aws:iam::{account}:user/ops/*")
    wrong_path = f"arn:aws:iam::{account}:user/ops/alice"
    code, _ = error_of(
        lambda: as_asker.simulate_principal_policy(PolicySourceArn=wrong_path, ActionNames=["iam:GetUser"])
    )
    assert code == "NoSuchEntity"
    real = f"arn:aws:iam::{account}:user/alice"
    code, message = error_of(
        lambda: as_asker.simulate_principal_policy(PolicySourceArn=real, ActionNames=["iam:GetUser"])
    )
    assert code == "AccessDenied" and f"on resource: {real} because" in message


def test_another_accounts_principal_is_refused_even_to_the_root(server: RunningServer) -> None:
    iam = server.client("iam")
    arn = f"arn:aws:iam::{OTHER}:user/alice"
    code, message = error_of(
        lambda: iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:GetObject"])
    )
    assert code == "AccessDenied"
    assert f"perform: iam:SimulatePrincipalPolicy on resource: {arn} " in message

"""The resources declared operations are authorized on cannot be respelt around a Deny.

An ARN parameter names the resource; its partition, service and account are checked against the
server's before the decision, and the decision is taken on the canonical ARN of the caller's account.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def _user_allowed_everything_but(server: RunningServer, denied_action: str, denied_resource: str) -> Any:
    iam = server.client("iam")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Effect": "Deny", "Action": denied_action, "Resource": denied_resource},
        ],
    }
    iam.create_user(UserName="mallory")
    iam.put_user_policy(UserName="mallory", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="mallory")["AccessKey"]
    return server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


@pytest.mark.parametrize("partition", ["aws-cn", "aws-us-gov", "AWS", "nope"])
def test_an_oidc_provider_arn_of_another_partition_cannot_step_around_a_deny(
    server: RunningServer, partition: str
) -> None:
    root = server.client("iam")
    arn = root.create_open_id_connect_provider(Url="https://idp.example.com", ThumbprintList=["0" * 40])[
        "OpenIDConnectProviderArn"
    ]
    mallory = _user_allowed_everything_but(
        server, "iam:DeleteOpenIDConnectProvider", f"arn:aws:iam::{server.account_id}:oidc-provider/*"
    )
    respelt = arn.replace("arn:aws:", f"arn:{partition}:", 1)
    with pytest.raises(ClientError) as refused:
        mallory.delete_open_id_connect_provider(OpenIDConnectProviderArn=respelt)
    assert refused.value.response["Error"]["Code"] == "InvalidInput"
    assert root.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": arn}]


def test_the_canonical_arn_is_refused_by_the_deny(server: RunningServer) -> None:
    root = server.client("iam")
    arn = root.create_open_id_connect_provider(Url="https://idp.example.com", ThumbprintList=["0" * 40])[
        "OpenIDConnectProviderArn"
    ]
    mallory = _user_allowed_everything_but(
        server, "iam:DeleteOpenIDConnectProvider", f"arn:aws:iam::{server.account_id}:oidc-provider/*"
    )
    with pytest.raises(ClientError) as refused:
        mallory.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assert f"on resource: {arn} with an explicit deny" in refused.value.response["Error"]["Message"]

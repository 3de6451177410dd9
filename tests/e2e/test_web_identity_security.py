"""AssumeRoleWithWebIdentity holds against the attacks of the security review (issue 10), with boto3
against a real ``hatrack serve`` process:

- a provider's signing keys are the operator's configuration (``hatrack oidc set-keys``), not tags:
  whoever may tag a provider cannot swap in its own keys and mint tokens;
- key fetching is bounded: an unknown issuer is refused before any network I/O, a redirect is never
  followed, a failed fetch is not retried on every call;
- ``{"AWS": "*"}`` in a trust policy names AWS principals only, never a web-identity caller.

The identity providers are served over HTTPS on 127.0.0.1 with a self-signed certificate that the
server under test trusts through ``HATRACK_OIDC_CA_BUNDLE``.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.sts.identity_provider import IdentityProvider, Route, b64url, self_signed, served_provider
from tests.support.postgres import PostgresServer
from tests.support.server import BIN, RunningServer, running_server

pytestmark = pytest.mark.e2e

CLIENT_ID = "sts.amazonaws.com"


@dataclass(frozen=True)
class Setup:
    server: RunningServer
    certificate: tuple[Path, Path]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def trusting_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Setup]:
    """A server that trusts the test issuers' certificate (HATRACK_OIDC_CA_BUNDLE)."""
    certificate = self_signed(tmp_path_factory.mktemp("issuer-cert"))
    database_url = None
    if request.param == "postgresql":
        postgres: PostgresServer = request.getfixturevalue("postgres_server")
        database_url = postgres.create_database()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HATRACK_OIDC_CA_BUNDLE", str(certificate[0]))
        starting = running_server(tmp_path_factory.mktemp(f"oidc-{request.param}"), database_url=database_url)
        server = starting.__enter__()
    try:
        yield Setup(server, certificate)
    finally:
        starting.__exit__(None, None, None)


@pytest.fixture
def setup(trusting_server: Setup) -> Setup:
    trusting_server.server.reset()
    return trusting_server


def unsigned_sts(server: RunningServer) -> Any:
    return boto3.client(
        "sts",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}),
    )


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "repo:acme/app:ref:main", "aud": CLIENT_ID, "iat": now, "exp": now + 600, **overrides}


def create_provider(server: RunningServer, issuer: str) -> str:
    arn: str = server.client("iam").create_open_id_connect_provider(
        Url=issuer, ClientIDList=[CLIENT_ID], ThumbprintList=["0" * 40]
    )["OpenIDConnectProviderArn"]
    return arn


def trusting_role(server: RunningServer, name: str, principal: dict[str, str], url: str) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": principal,
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {f"{url}:aud": CLIENT_ID}},
            }
        ],
    }
    arn: str = server.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))[
        "Role"
    ]["Arn"]
    return arn


def assume(server: RunningServer, role_arn: str, token: str) -> dict[str, Any]:
    answer: dict[str, Any] = unsigned_sts(server).assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="ci", WebIdentityToken=token
    )
    return answer


def refused(server: RunningServer, role_arn: str, token: str) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        assume(server, role_arn, token)
    return error_of(raised)


def hatrack_cli(server: RunningServer, *args: str) -> subprocess.CompletedProcess[str]:
    database = ["--database", server.database_url] if server.database_url else []
    return subprocess.run(
        [str(BIN / "hatrack"), "oidc", *args, "--state-dir", str(server.state_dir), *database],
        capture_output=True,
        text=True,
        timeout=60,
    )


def set_keys(server: RunningServer, url: str, *source: str) -> None:
    done = hatrack_cli(server, "set-keys", "--account-id", server.account_id, "--url", url, *source)
    assert done.returncode == 0, done.stderr


def user_allowed(server: RunningServer, name: str, *actions: str) -> Any:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="only",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


def jwks_as_old_tags(provider: IdentityProvider) -> list[dict[str, str]]:
    """The attacker's key set in the tag form the review used (``hatrack:jwks:N`` chunks)."""
    encoded = b64url(json.dumps(provider.jwks(), separators=(",", ":")).encode())
    return [
        {"Key": f"hatrack:jwks:{index}", "Value": encoded[start : start + 256]}
        for index, start in enumerate(range(0, len(encoded), 256))
    ]


# --- 1. keys are not tags ---------------------------------------------------------------------------


def test_tagging_a_provider_cannot_replace_its_keys(setup: Setup, tmp_path: Path) -> None:
    server = setup.server
    legitimate = IdentityProvider(issuer="https://idp.review.example.test")
    provider_arn = create_provider(server, legitimate.issuer)
    role_arn = trusting_role(server, "Deploy", {"Federated": provider_arn}, "idp.review.example.test")
    key_file = tmp_path / "jwks.json"
    key_file.write_text(legitimate.jwks_text())
    set_keys(server, legitimate.issuer, "--jwks-file", str(key_file))

    # The attack as the review ran it: a user allowed only to tag providers swaps in its own keys.
    attacker = IdentityProvider(issuer=legitimate.issuer)
    tagger = user_allowed(server, "tagger", "iam:TagOpenIDConnectProvider", "sts:AssumeRoleWithWebIdentity")
    tags = [
        *jwks_as_old_tags(attacker),
        {"Key": "hatrack:jwks-uri", "Value": "https://attacker.example.test/k"},
    ]
    tagger.tag_open_id_connect_provider(OpenIDConnectProviderArn=provider_arn, Tags=tags)
    listed = server.client("iam").list_open_id_connect_provider_tags(OpenIDConnectProviderArn=provider_arn)
    assert {tag["Key"] for tag in listed["Tags"]} == {tag["Key"] for tag in tags}  # ordinary tags, kept

    code, _ = refused(server, role_arn, attacker.token(**claims()))
    assert code == "InvalidIdentityToken"
    # The operator's keys still decide: the legitimate provider's token works.
    answer = assume(server, role_arn, legitimate.token(**claims()))
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/Deploy/ci"
    assert answer["Provider"] == legitimate.issuer


def test_no_iam_action_reaches_the_keys_and_only_the_operator_replaces_them(
    setup: Setup, tmp_path: Path
) -> None:
    server = setup.server
    first, second = (
        IdentityProvider("https://idp.rotate.example.test"),
        IdentityProvider("https://idp.rotate.example.test"),
    )
    provider_arn = create_provider(server, first.issuer)
    role_arn = trusting_role(server, "Rotate", {"Federated": provider_arn}, "idp.rotate.example.test")
    (tmp_path / "first.json").write_text(first.jwks_text())
    (tmp_path / "second.json").write_text(second.jwks_text())
    set_keys(server, "idp.rotate.example.test", "--jwks-file", str(tmp_path / "first.json"))
    assert assume(server, role_arn, first.token(**claims()))["Credentials"]["AccessKeyId"].startswith("ASIA")
    # Untagging everything (a "hatrack:" key included) changes nothing either.
    server.client("iam").untag_open_id_connect_provider(
        OpenIDConnectProviderArn=provider_arn, TagKeys=["hatrack:jwks:0", "hatrack:jwks-uri"]
    )
    assume(server, role_arn, first.token(**claims()))
    set_keys(server, first.issuer, "--jwks-file", str(tmp_path / "second.json"))
    assert refused(server, role_arn, first.token(**claims()))[0] == "InvalidIdentityToken"
    assume(server, role_arn, second.token(**claims()))
    shown = json.loads(
        hatrack_cli(server, "show-keys", "--account-id", server.account_id, "--url", first.issuer).stdout
    )
    assert shown["source"] == "jwks" and shown["key_ids"] == ["rsa-1", "ec-1"]
    bad = hatrack_cli(
        server,
        "set-keys",
        "--account-id",
        server.account_id,
        "--url",
        first.issuer,
        "--jwks-uri",
        "http://x/k",
    )
    assert bad.returncode != 0 and "https" in bad.stderr


# --- 2. fetching is bounded -------------------------------------------------------------------------


def served_setup(setup: Setup, route: Route | None = None) -> Any:
    return served_provider(route, certificate=setup.certificate)


def test_keys_are_discovered_from_the_registered_https_issuer_and_cached(setup: Setup) -> None:
    server = setup.server
    with served_setup(setup) as provider:
        url = provider.issuer.split("://", 1)[1]
        role_arn = trusting_role(
            server, "Found", {"Federated": create_provider(server, provider.issuer)}, url
        )
        assume(server, role_arn, provider.token(**claims()))
        assume(server, role_arn, provider.token(algorithm="ES256", **claims()))
        assert provider.requests == ["/.well-known/openid-configuration", "/keys"]


def test_an_operator_jwks_uri_is_fetched_instead_of_discovery(setup: Setup) -> None:
    server = setup.server
    with served_setup(setup) as provider:
        url = provider.issuer.split("://", 1)[1]
        role_arn = trusting_role(
            server, "ByUri", {"Federated": create_provider(server, provider.issuer)}, url
        )
        set_keys(server, url, "--jwks-uri", f"{provider.issuer}/keys")
        assume(server, role_arn, provider.token(**claims()))
        assert provider.requests == ["/keys"]


def test_an_issuer_without_a_provider_causes_no_fetch(setup: Setup) -> None:
    server = setup.server
    with served_setup(setup) as provider:
        url = provider.issuer.split("://", 1)[1]
        unregistered = f"arn:aws:iam::{server.account_id}:oidc-provider/{url}"
        role_arn = trusting_role(server, "NoProvider", {"Federated": unregistered}, url)
        assert refused(server, role_arn, provider.token(**claims())) == (
            "InvalidIdentityToken",
            f"No OpenIDConnect provider found in your account for {provider.issuer}",
        )
        assert provider.requests == []  # refused before any network I/O


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_redirect_is_never_followed(setup: Setup, scheme: str) -> None:
    server = setup.server
    port_box: list[str] = []

    def redirect(path: str) -> tuple[int, dict[str, str], bytes] | None:
        if path == "/.well-known/openid-configuration":
            return 302, {"Location": f"{scheme}://127.0.0.1:{port_box[0]}/followed"}, b""
        return None

    with served_setup(setup, redirect) as provider:
        port_box.append(provider.issuer.rsplit(":", 1)[1])
        url = provider.issuer.split("://", 1)[1]
        role_arn = trusting_role(
            server, "Redirected", {"Federated": create_provider(server, provider.issuer)}, url
        )
        assert refused(server, role_arn, provider.token(**claims()))[0] == "IDPCommunicationError"
        assert provider.requests == ["/.well-known/openid-configuration"]


def test_a_failed_fetch_is_not_retried_on_every_call(setup: Setup) -> None:
    server = setup.server

    def failing(path: str) -> tuple[int, dict[str, str], bytes] | None:
        return 503, {}, b"down"

    with served_setup(setup, failing) as provider:
        url = provider.issuer.split("://", 1)[1]
        role_arn = trusting_role(server, "Down", {"Federated": create_provider(server, provider.issuer)}, url)
        for _ in range(4):
            assert refused(server, role_arn, provider.token(**claims()))[0] == "IDPCommunicationError"
        assert provider.requests == ["/.well-known/openid-configuration"]  # one fetch within 60 s


def test_an_oversized_key_set_is_refused(setup: Setup) -> None:
    server = setup.server

    def huge(path: str) -> tuple[int, dict[str, str], bytes] | None:
        if path == "/keys":
            return (
                200,
                {"Content-Type": "application/json"},
                b'{"keys": [], "pad": "' + b"x" * 600_000 + b'"}',
            )
        return None

    with served_setup(setup, huge) as provider:
        url = provider.issuer.split("://", 1)[1]
        role_arn = trusting_role(server, "Huge", {"Federated": create_provider(server, provider.issuer)}, url)
        assert refused(server, role_arn, provider.token(**claims()))[0] == "IDPCommunicationError"


# --- 3. {"AWS": "*"} is not a web identity -----------------------------------------------------------


def test_aws_wildcard_trust_does_not_admit_a_web_identity(setup: Setup, tmp_path: Path) -> None:
    server = setup.server
    provider = IdentityProvider(issuer="https://idp.wildcard.example.test")
    provider_arn = create_provider(server, provider.issuer)
    (tmp_path / "jwks.json").write_text(provider.jwks_text())
    set_keys(server, provider.issuer, "--jwks-file", str(tmp_path / "jwks.json"))
    url = "idp.wildcard.example.test"
    any_aws = trusting_role(server, "AnyAws", {"AWS": "*"}, url)
    assert refused(server, any_aws, provider.token(**claims())) == (
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    )
    # The control: the same token is good for a role that trusts the provider.
    federated = trusting_role(server, "Federated", {"Federated": provider_arn}, url)
    assume(server, federated, provider.token(**claims()))

"""AssumeRoleWithWebIdentity: an unsigned call whose proof is an OIDC ID token, checked against the
provider's keys (configured by the operator, or fetched from its issuer) and the role's trust."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hatrack.errors import IdpCommunicationError
from hatrack.sts import jwks
from hatrack.sts.jwks import JwksCache, KeySource, https_fetcher
from tests.sts.identity_provider import IdentityProvider, ServedProvider, served_provider
from tests.sts.support import Keys, World, allow

CLIENT_ID = "sts.amazonaws.com"


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def register(world: World, provider: IdentityProvider, *, with_keys: bool) -> str:
    """The IAM OIDC provider for ``provider`` (keys set by the operator, or to be fetched); its ARN."""
    from hatrack.iam.oidc_providers import create_provider, set_provider_keys

    url = provider.issuer.split("://", 1)[1]
    with world.setup() as conn:
        record = create_provider(
            conn,
            world.account_id,
            issuer=f"https://{url}",
            client_ids=[CLIENT_ID],
            thumbprints=["0" * 40],
            tags=[],
            now=world.clock(),
        )
        if with_keys:
            set_provider_keys(
                conn, world.account_id, record.arn("aws"), jwks=provider.jwks_text(), now=world.clock()
            )
    return record.arn("aws")


def trust_issuer(monkeypatch: pytest.MonkeyPatch, provider: ServedProvider) -> JwksCache:
    """A fresh key cache for the server under test, trusting the served provider's certificate."""
    cache = JwksCache(https_fetcher(ca_file=str(provider.ca_file)))
    monkeypatch.setattr(jwks, "DEFAULT_JWKS_CACHE", cache)
    return cache


def web_role(world: World, provider_arn: str, url: str, *, subject: str = "repo:acme/app:*") -> str:
    return world.role(
        "WebApp",
        trust={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": provider_arn},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {f"{url}:aud": CLIENT_ID},
                        "StringLike": {f"{url}:sub": subject},
                    },
                }
            ],
        },
        policies=[allow("iam:ListRoles")],
    )


@pytest.fixture
def configured(world: World) -> Iterator[tuple[World, IdentityProvider, str]]:
    provider = IdentityProvider(issuer="https://idp.example.test")
    provider_arn = register(world, provider, with_keys=True)
    role_arn = web_role(world, provider_arn, "idp.example.test")
    yield world, provider, role_arn


def claims(world: World, **overrides: Any) -> dict[str, Any]:
    now = int(world.clock().timestamp())
    base = {"sub": "repo:acme/app:ref:main", "aud": CLIENT_ID, "iat": now, "exp": now + 600}
    base.update(overrides)
    return base


def assume_with(world: World, role_arn: str, token: str, **extra: Any) -> dict[str, Any]:
    answer: dict[str, Any] = world.unsigned_sts().assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="ci-run", WebIdentityToken=token, **extra
    )
    return answer


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_a_valid_id_token_gets_a_role_session(
    configured: tuple[World, IdentityProvider, str], algorithm: str
) -> None:
    world, provider, role_arn = configured
    answer = assume_with(world, role_arn, provider.token(algorithm=algorithm, **claims(world)))
    assert answer["SubjectFromWebIdentityToken"] == "repo:acme/app:ref:main"
    assert answer["Audience"] == CLIENT_ID
    assert answer["Provider"] == "https://idp.example.test"
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{world.account_id}:assumed-role/WebApp/ci-run"
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(hours=1)
    hat = Keys.of(answer["Credentials"])
    assert world.client("iam", hat).list_roles()["Roles"]
    assert world.client("sts", hat).get_caller_identity()["Arn"] == answer["AssumedRoleUser"]["Arn"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"aud": "someone-else"}, "InvalidIdentityToken"),
        ({"sub": None}, "InvalidIdentityToken"),
        ({"exp": None}, "InvalidIdentityToken"),
    ],
    ids=["wrong-audience", "no-subject", "no-expiry"],
)
def test_bad_claims_are_refused(
    configured: tuple[World, IdentityProvider, str], overrides: dict[str, Any], code: str
) -> None:
    world, provider, role_arn = configured
    token_claims = {key: value for key, value in claims(world, **overrides).items() if value is not None}
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, provider.token(**token_claims))
    assert error_of(refused)[0] == code


def test_an_expired_id_token_is_expired_token_exception(
    configured: tuple[World, IdentityProvider, str],
) -> None:
    world, provider, role_arn = configured
    token = provider.token(**claims(world))
    world.clock.advance(seconds=601)
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, token)
    code, message = error_of(refused)
    assert code == "ExpiredTokenException"
    assert message.startswith("Token expired: current date/time ")


def test_a_token_signed_by_another_key_is_invalid(configured: tuple[World, IdentityProvider, str]) -> None:
    world, _, role_arn = configured
    impostor = IdentityProvider(issuer="https://idp.example.test")
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, impostor.token(**claims(world)))
    assert error_of(refused)[0] == "InvalidIdentityToken"


def test_a_tampered_token_is_invalid(configured: tuple[World, IdentityProvider, str]) -> None:
    world, provider, role_arn = configured
    header, body, signature = provider.token(**claims(world)).split(".")
    from tests.sts.identity_provider import b64url

    other_body = b64url(
        json.dumps({**claims(world), "iss": provider.issuer, "sub": "repo:acme/app:x"}).encode()
    )
    for token in (f"{header}.{other_body}.{signature}", "not-a-jwt", f"{header}.{body}."):
        with pytest.raises(ClientError) as refused:
            assume_with(world, role_arn, token)
        assert error_of(refused)[0] == "InvalidIdentityToken"


def test_an_issuer_without_an_iam_provider_is_invalid(world: World) -> None:
    provider = IdentityProvider(issuer="https://unknown.example.test")
    role_arn = f"arn:aws:iam::{world.account_id}:role/WebApp"
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, provider.token(**claims(world)))
    assert error_of(refused) == (
        "InvalidIdentityToken",
        "No OpenIDConnect provider found in your account for https://unknown.example.test",
    )


def test_the_trust_policy_conditions_on_sub_decide(configured: tuple[World, IdentityProvider, str]) -> None:
    world, provider, role_arn = configured
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, provider.token(**claims(world, sub="repo:evil/app:ref:main")))
    assert error_of(refused) == ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")


def test_an_unknown_role_is_access_denied(configured: tuple[World, IdentityProvider, str]) -> None:
    world, provider, _ = configured
    with pytest.raises(ClientError) as refused:
        assume_with(world, f"arn:aws:iam::{world.account_id}:role/Nope", provider.token(**claims(world)))
    assert error_of(refused)[0] == "AccessDenied"


def test_session_policies_narrow_a_web_identity_session(
    configured: tuple[World, IdentityProvider, str],
) -> None:
    world, provider, role_arn = configured
    answer = assume_with(
        world, role_arn, provider.token(**claims(world)), Policy=json.dumps(allow("iam:ListUsers"))
    )
    with pytest.raises(ClientError) as refused:
        world.client("iam", Keys.of(answer["Credentials"])).list_roles()
    assert error_of(refused)[0] == "AccessDenied"


def test_the_key_set_is_fetched_from_the_issuer_and_cached(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served_provider() as provider:
        trust_issuer(monkeypatch, provider)
        provider_arn = register(world, provider, with_keys=False)
        url = provider.issuer.split("://", 1)[1]
        role_arn = web_role(world, provider_arn, url)
        first = assume_with(world, role_arn, provider.token(**claims(world)))
        second = assume_with(world, role_arn, provider.token(algorithm="ES256", **claims(world)))
        assert first["Credentials"]["AccessKeyId"] != second["Credentials"]["AccessKeyId"]
        assert provider.requests.count("/.well-known/openid-configuration") == 1
        assert provider.requests.count("/keys") == 1


def test_an_unreachable_issuer_is_idp_communication_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served_provider() as provider:
        trust_issuer(monkeypatch, provider)
    # stopped: nothing listens there any more
    provider_arn = register(world, provider, with_keys=False)
    role_arn = web_role(world, provider_arn, provider.issuer.split("://", 1)[1])
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, provider.token(**claims(world)))
    assert error_of(refused)[0] == "IDPCommunicationError"


def test_an_http_issuer_names_no_provider(configured: tuple[World, IdentityProvider, str]) -> None:
    world, _, role_arn = configured
    impostor = IdentityProvider(issuer="http://idp.example.test")
    with pytest.raises(ClientError) as refused:
        assume_with(world, role_arn, impostor.token(**claims(world)))
    assert error_of(refused) == (
        "InvalidIdentityToken",
        "No OpenIDConnect provider found in your account for http://idp.example.test",
    )


def test_the_cache_refetches_when_a_token_names_an_unknown_key() -> None:
    fetched: list[str] = []
    ticks = iter([0.0, 20.0, 25.0])

    def fetch(url: str) -> bytes:
        fetched.append(url)
        if url.endswith("openid-configuration"):
            return json.dumps({"jwks_uri": "https://idp.example.test/keys"}).encode()
        return json.dumps({"keys": [{"kty": "RSA", "kid": f"k{len(fetched)}"}]}).encode()

    cache = JwksCache(fetch, clock=lambda: next(ticks))
    source = KeySource("123456789012", "idp.example.test")
    assert cache.keys_for(source)[0]["kid"] == "k2"
    assert cache.keys_for(source, refresh=True)[0]["kid"] == "k4"
    assert cache.keys_for(source, refresh=True)[0]["kid"] == "k4"  # refetched 5 s ago
    assert fetched[0] == "https://idp.example.test/.well-known/openid-configuration"
    assert len(fetched) == 4


def test_no_store_connection_is_held_while_the_keys_are_fetched(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fetch may take seconds; an unsigned caller must not hold a transaction (or SQLite's write
    lock) meanwhile. The fetcher looks at the server's connection pool while it is being called."""
    provider = IdentityProvider(issuer="https://idp-pool.example.test")
    checked_out: list[int] = []

    def fetch(url: str) -> bytes:
        checked_out.append(world.services.database.engine.pool.checkedout())  # type: ignore[attr-defined]
        if url.endswith("openid-configuration"):
            return json.dumps({"jwks_uri": "https://idp-pool.example.test/keys"}).encode()
        return provider.jwks_text().encode()

    monkeypatch.setattr(jwks, "DEFAULT_JWKS_CACHE", JwksCache(fetch))
    role_arn = web_role(world, register(world, provider, with_keys=False), "idp-pool.example.test")
    answer = assume_with(world, role_arn, provider.token(**claims(world)))
    assert answer["SubjectFromWebIdentityToken"] == "repo:acme/app:ref:main"
    assert checked_out == [0, 0]


def test_a_failure_is_remembered_and_the_cache_is_bounded() -> None:
    now = [0.0]
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        if "down" in url:
            raise jwks.FetchRefused("connection refused")
        if url.endswith("openid-configuration"):
            return json.dumps({"jwks_uri": url.replace(".well-known/openid-configuration", "keys")}).encode()
        return json.dumps({"keys": [{"kty": "RSA", "kid": "k"}]}).encode()

    cache = JwksCache(fetch, clock=lambda: now[0], max_entries=3, failure_ttl=60.0)
    down = KeySource("123456789012", "down.example.test")
    for _ in range(3):
        with pytest.raises(IdpCommunicationError):
            cache.keys_for(down)
    assert len(fetched) == 1  # the failure is cached, not retried on every call
    now[0] = 61.0
    with pytest.raises(IdpCommunicationError):
        cache.keys_for(down, refresh=True)
    assert len(fetched) == 2  # retried once the failure has aged
    for index in range(10):
        cache.keys_for(KeySource("123456789012", f"idp{index}.example.test"))
        assert len(cache) <= 3
    fetched.clear()
    cache.keys_for(KeySource("123456789012", "idp9.example.test"))  # recent: still cached
    cache.keys_for(KeySource("123456789012", "idp0.example.test"))  # evicted: fetched again
    assert fetched == [
        "https://idp0.example.test/.well-known/openid-configuration",
        "https://idp0.example.test/keys",
    ]


def test_the_fetcher_refuses_plain_http_without_connecting() -> None:
    fetch = https_fetcher()
    for url in ("http://127.0.0.1:1/keys", "file:///etc/passwd", "https://user@idp.example.test/keys"):
        with pytest.raises(jwks.FetchRefused):
            fetch(url)

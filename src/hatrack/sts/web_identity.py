"""AssumeRoleWithWebIdentity: a role session for whoever holds an ID token of a trusted OIDC provider.

Unsigned: the token is the proof. Steps (AWS's documented checks): the token's ``iss`` names an IAM
OIDC provider of the role's account; its signature verifies against the provider's JSON Web Key Set
(configured on the provider, or fetched from ``ISSUER/.well-known/openid-configuration`` ->
``jwks_uri`` and cached); ``aud`` is one of the provider's client ids; ``exp`` has not passed; ``sub``
is present. Then the role's trust policy must allow ``sts:AssumeRoleWithWebIdentity`` for the
principal ``{"Federated": PROVIDER_ARN}`` with the conditions ``ISSUER:aud`` and ``ISSUER:sub``.

Fetching keys is the only network I/O in STS: answers are cached (``JwksCache``) and bounded in time
and size. Plain ``http`` issuers are accepted only on loopback addresses (test and dev setups).
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hatrack.errors import (
    ExpiredIdentityToken,
    IdpCommunicationError,
    IdpRejectedClaim,
    InvalidIdentityToken,
)
from hatrack.sts import jwt

COMMUNICATION_FAILED = (
    "Couldn't retrieve verification key from your identity provider,  please reference "
    "AssumeRoleWithWebIdentity documentation for requirements"
)
SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"
TAGS_CLAIM = "https://aws.amazon.com/tags"
_FETCH_TIMEOUT_SECONDS = 5.0
_MAX_DOCUMENT_BYTES = 512 * 1024
_CACHE_SECONDS = 600.0
_REFETCH_AFTER_SECONDS = 10.0  # an unknown kid refetches at most this often (keys rotate)

Fetch = Callable[[str], bytes]


def _fetch_url(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT_SECONDS) as response:
        body: bytes = response.read(_MAX_DOCUMENT_BYTES + 1)
    if len(body) > _MAX_DOCUMENT_BYTES:
        raise ValueError("document too large")
    return body


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def issuer_base_url(issuer: str) -> str:
    """The URL to fetch an issuer's discovery document from: https, or http only on loopback."""
    parsed = urllib.parse.urlsplit(issuer if "://" in issuer else f"https://{issuer}")
    if parsed.scheme == "http" and is_loopback_host(parsed.hostname or ""):
        return issuer.rstrip("/")
    if parsed.scheme != "https":
        raise IdpCommunicationError(COMMUNICATION_FAILED)
    return f"https://{parsed.netloc}{parsed.path}".rstrip("/")


def provider_url_of_issuer(issuer: str) -> str:
    """IAM's name for an issuer: no scheme, no trailing slash, host in lower case (``host[:port]/path``)."""
    for scheme in ("https://", "http://"):
        if issuer.lower().startswith(scheme):
            issuer = issuer[len(scheme) :]
            break
    host, _, path = issuer.rstrip("/").partition("/")
    return host.lower() + (f"/{path}" if path else "")


@dataclass(slots=True)
class _Entry:
    keys: tuple[Mapping[str, Any], ...]
    fetched_at: float


class JwksCache:
    """Key sets by issuer, fetched on first use, kept ``_CACHE_SECONDS``, refetched on an unknown kid."""

    def __init__(self, fetch: Fetch = _fetch_url, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def keys_for(
        self, issuer: str, *, jwks_uri: str | None = None, refresh: bool = False
    ) -> tuple[Mapping[str, Any], ...]:
        """The issuer's keys, from ``jwks_uri`` when given, else from its discovery document."""
        source = jwks_uri or issuer
        now = self._clock()
        with self._lock:
            entry = self._entries.get(source)
        if entry is not None:
            age = now - entry.fetched_at
            if age < _CACHE_SECONDS and not (refresh and age >= _REFETCH_AFTER_SECONDS):
                return entry.keys
        keys = self._download(issuer, jwks_uri)
        with self._lock:
            self._entries[source] = _Entry(keys, now)
        return keys

    def _download(self, issuer: str, jwks_uri: str | None) -> tuple[Mapping[str, Any], ...]:
        try:
            if jwks_uri is None:
                base = issuer_base_url(issuer)
                discovery = json.loads(self._fetch(f"{base}/.well-known/openid-configuration"))
                jwks_uri = discovery["jwks_uri"]
                if not isinstance(jwks_uri, str):
                    raise TypeError("jwks_uri is not text")
            issuer_base_url(jwks_uri)  # the same scheme rule for the key set's own URL
            return parse_jwks(json.loads(self._fetch(jwks_uri)))
        except IdpCommunicationError:
            raise
        except Exception:
            raise IdpCommunicationError(COMMUNICATION_FAILED) from None


def parse_jwks(document: object) -> tuple[Mapping[str, Any], ...]:
    if isinstance(document, str):
        document = json.loads(document)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JSON Web Key Set")
    return tuple(key for key in document["keys"] if isinstance(key, dict))


DEFAULT_JWKS_CACHE = JwksCache()


@dataclass(frozen=True, slots=True)
class WebIdentity:
    """What a verified ID token says about its holder."""

    issuer: str  # the token's iss, as written
    provider_url: str  # IAM's name for it: host[:port][/path]
    subject: str
    audience: str  # the client id that matched the provider
    source_identity: str | None = None
    claims: Mapping[str, Any] | None = None


def read_identity_token(text: str) -> jwt.UnverifiedToken:
    try:
        return jwt.read_token(text)
    except jwt.TokenMalformed:
        raise InvalidIdentityToken(
            "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"
        ) from None


def token_issuer(token: jwt.UnverifiedToken) -> str:
    issuer = token.claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise InvalidIdentityToken("The ID Token provided has no issuer (iss) claim")
    return issuer


def verify_identity_token(
    token: jwt.UnverifiedToken,
    *,
    client_ids: Sequence[str],
    key_sets: Callable[[bool], Sequence[Mapping[str, Any]]],
    now: datetime,
) -> WebIdentity:
    """Check signature, audience, expiry and subject. ``key_sets(refresh)`` gives the provider's keys."""
    issuer = token_issuer(token)
    try:
        try:
            jwt.verify_signature(token, key_sets(False))
        except jwt.KeyNotFound:
            jwt.verify_signature(token, key_sets(True))  # the provider may have rotated its keys
    except jwt.KeyNotFound:
        raise InvalidIdentityToken("No matching key found in the identity provider's key set") from None
    except jwt.SignatureInvalid:
        raise InvalidIdentityToken("The signature of the ID Token is not valid") from None
    claims = token.claims
    expires = claims.get("exp")
    if not isinstance(expires, (int, float)) or isinstance(expires, bool):
        raise InvalidIdentityToken("The ID Token provided has no expiration (exp) claim")
    if now.timestamp() >= expires:
        expired_at = datetime.fromtimestamp(expires, UTC)
        raise ExpiredIdentityToken(
            f"Token expired: current date/time {now:%Y-%m-%dT%H:%M:%SZ} must be before the expiration "
            f"date/time {expired_at:%Y-%m-%dT%H:%M:%SZ}"
        )
    not_before = claims.get("nbf")
    if (
        isinstance(not_before, (int, float))
        and not isinstance(not_before, bool)
        and now.timestamp() < not_before
    ):
        raise InvalidIdentityToken("The ID Token provided is not valid yet (nbf)")
    audiences = claims.get("aud")
    listed = [audiences] if isinstance(audiences, str) else audiences if isinstance(audiences, list) else []
    audience = next((item for item in listed if isinstance(item, str) and item in client_ids), None)
    if audience is None:
        raise InvalidIdentityToken("Incorrect token audience")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise InvalidIdentityToken("The ID Token provided has no subject (sub) claim")
    source_identity = claims.get(SOURCE_IDENTITY_CLAIM)
    if source_identity is not None and not isinstance(source_identity, str):
        raise IdpRejectedClaim("The source identity claim is not text")
    return WebIdentity(
        issuer=issuer,
        provider_url=provider_url_of_issuer(issuer),
        subject=subject,
        audience=audience,
        source_identity=source_identity,
        claims=claims,
    )


def web_identity_context(identity: WebIdentity, session_name: str) -> dict[str, str | list[str]]:
    """Condition keys of the trust decision: ``ISSUER:aud``, ``ISSUER:sub`` (ISSUER is IAM's provider
    url), ``sts:RoleSessionName`` and, when the token sets it, ``sts:SourceIdentity``."""
    url = identity.provider_url
    context: dict[str, str | list[str]] = {
        f"{url}:aud": identity.audience,
        f"{url}:sub": identity.subject,
        "sts:RoleSessionName": session_name,
    }
    if identity.source_identity is not None:
        context["sts:SourceIdentity"] = identity.source_identity
    return context


def tags_of_identity(identity: WebIdentity) -> tuple[list[tuple[str, str]], list[str]]:
    """Session tags an identity provider passes in the ``https://aws.amazon.com/tags`` claim."""
    claim = (identity.claims or {}).get(TAGS_CLAIM)
    if claim is None:
        return [], []
    if not isinstance(claim, dict):
        raise IdpRejectedClaim("The session tags claim is not an object")
    principal_tags = claim.get("principal_tags") or {}
    transitive = claim.get("transitive_tag_keys") or []
    if not isinstance(principal_tags, dict) or not isinstance(transitive, list):
        raise IdpRejectedClaim("The session tags claim is malformed")
    tags: list[tuple[str, str]] = []
    for key, values in principal_tags.items():
        value = values[0] if isinstance(values, list) and len(values) == 1 else values
        if not isinstance(key, str) or not isinstance(value, str):
            raise IdpRejectedClaim("A session tag of the identity token is malformed")
        tags.append((key, value))
    if not all(isinstance(key, str) for key in transitive):
        raise IdpRejectedClaim("A transitive tag key of the identity token is malformed")
    return tags, [str(key) for key in transitive]


def is_trusted_by(
    trust_policy: str,
    *,
    action: str,
    provider_arn: str,
    role_arn: str,
    role_account: str,
    context: Mapping[str, str | list[str]],
) -> bool:
    """The role trust policy's decision for the federated principal ``provider_arn``."""
    from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
    from hatrack.policy import PrincipalType

    request = AuthorizationRequest(
        principal_arn=provider_arn,
        principal_account=role_account,
        action=action,
        resource_arn=role_arn,
        resource_account=role_account,
        context=context,
        principal_type=PrincipalType.FEDERATED,
    )
    policies = PolicySet(resource=compile_policy(trust_policy), resource_is_trust_policy=True)
    return evaluate(request, policies).allowed

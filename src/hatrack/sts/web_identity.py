"""AssumeRoleWithWebIdentity: a role session for whoever holds an ID token of a trusted OIDC provider.

Unsigned: the token is the proof. Steps (AWS's documented checks): the token's ``iss`` names an IAM
OIDC provider of the role's account (else no network I/O at all); its signature verifies against the
provider's JSON Web Key Set (configured by the operator, or fetched from the provider's registered
``https://URL/.well-known/openid-configuration`` -> ``jwks_uri``, see ``hatrack.sts.jwks``); ``aud``
is one of the provider's client ids; ``exp`` has not passed; ``sub`` is present. Then the role's
trust policy must allow ``sts:AssumeRoleWithWebIdentity`` for the principal
``{"Federated": PROVIDER_ARN}`` with the conditions ``ISSUER:aud`` and ``ISSUER:sub``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from hatrack.errors import (
    ExpiredIdentityToken,
    IdpRejectedClaim,
    InvalidIdentityToken,
)
from hatrack.sts import jwt

SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"
TAGS_CLAIM = "https://aws.amazon.com/tags"


def provider_url_of_issuer(issuer: str) -> str | None:
    """IAM's name for an issuer (``host[:port]/path``, host in lower case), or None when it cannot name
    a provider: IAM providers are https, so an ``http://`` (or other scheme) issuer matches none.

    An ``iss`` without a scheme (Google's ``accounts.google.com``) names the https provider.
    """
    if "://" in issuer:
        scheme, _, issuer = issuer.partition("://")
        if scheme.lower() != "https":
            return None
    host, _, path = issuer.rstrip("/").partition("/")
    if not host:
        return None
    return host.lower() + (f"/{path}" if path else "")


@dataclass(frozen=True, slots=True)
class WebIdentity:
    """What a verified ID token says about its holder."""

    issuer: str  # the token's iss, as written
    provider_url: str  # IAM's name of the provider that verified it: host[:port][/path]
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
    provider_url: str,
    client_ids: Sequence[str],
    key_sets: Callable[[bool], Sequence[Mapping[str, Any]]],
    now: datetime,
) -> WebIdentity:
    """Check signature, audience, expiry and subject. ``key_sets(refresh)`` gives the provider's keys.

    A token whose algorithm is not an asymmetric one STS supports (``none``, ``HS256`` …) is refused
    before any key is looked at (nor fetched): a provider's public key is never an HMAC secret.
    """
    issuer = token_issuer(token)
    if token.algorithm not in jwt.SUPPORTED_ALGORITHMS:
        raise InvalidIdentityToken("The ID Token provided is signed with an unsupported algorithm")
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
    if not _is_timestamp(expires):
        raise InvalidIdentityToken("The ID Token provided has no expiration (exp) claim")
    if now.timestamp() >= expires:
        expired_at = datetime.fromtimestamp(expires, UTC)
        raise ExpiredIdentityToken(
            f"Token expired: current date/time {now:%Y-%m-%dT%H:%M:%SZ} must be before the expiration "
            f"date/time {expired_at:%Y-%m-%dT%H:%M:%SZ}"
        )
    not_before = claims.get("nbf")
    if not_before is not None and not _is_timestamp(not_before):
        raise InvalidIdentityToken("The ID Token provided has a malformed not-before (nbf) claim")
    if isinstance(not_before, (int, float)) and now.timestamp() < not_before:
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
        provider_url=provider_url,
        subject=subject,
        audience=audience,
        source_identity=source_identity,
        claims=claims,
    )


_LATEST_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z, the last second a datetime can hold


def _is_timestamp(value: object) -> TypeGuard[int | float]:
    """A NumericDate (RFC 7519) STS can compare and print: a number of seconds between 0 and year 9999."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 0 <= value <= _LATEST_TIMESTAMP  # also False for NaN


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

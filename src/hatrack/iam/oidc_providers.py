"""OpenID Connect identity providers that roles can trust (sts:AssumeRoleWithWebIdentity).

The provider is named by its issuer URL without the scheme: ``arn:aws:iam::ACCT:oidc-provider/HOST/PATH``.

hatrack extension — a provider's signing keys: STS fetches the issuer's JWKS from its discovery
document (``https://HOST/PATH/.well-known/openid-configuration``). When the issuer is not reachable
from the server (a test issuer, an air-gapped site), give hatrack the keys with tags on the provider:

- ``hatrack:jwks:0``, ``hatrack:jwks:1``, … — chunks (≤ 256 characters each, the tag-value quota) whose
  concatenation in key order is the JSON Web Key Set (``{"keys": [...]}``) in base64url (tag values
  cannot hold JSON's punctuation; base64url's alphabet and ``=`` are allowed);
- or ``hatrack:jwks-uri`` — a URL to fetch the JWKS from instead of the discovery document.

The chunks are checked when they are set (the whole set must parse as a JWKS); ``jwks_of`` and
``jwks_uri_of`` read them back for STS.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.store import oidc_providers as store
from hatrack.store import resource_tags
from hatrack.store.oidc_providers import OidcProviderRecord
from hatrack.types import Arn

MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5
JWKS_TAG_PREFIX = "hatrack:jwks:"
JWKS_URI_TAG = "hatrack:jwks-uri"
_CHUNK = re.compile(r"hatrack:jwks:([0-9]{1,3})", re.ASCII)

Tag = tuple[str, str]


def url_of(issuer: str) -> str:
    """The provider's key: the issuer URL without ``https://`` and without a trailing slash."""
    if not issuer.lower().startswith("https://") or len(issuer) <= len("https://"):
        raise InvalidInput("Invalid Open ID Connect Provider URL")
    rest = issuer[len("https://") :].rstrip("/")
    if not rest or any(char.isspace() for char in rest) or "?" in rest or "#" in rest:
        raise InvalidInput("Invalid Open ID Connect Provider URL")
    host, _, path = rest.partition("/")
    return host.lower() + (f"/{path}" if path else "")


def url_of_arn(account_id: str, arn: str) -> str:
    parsed = Arn.parse(arn)
    prefix = "oidc-provider/"
    if parsed.service != "iam" or not parsed.resource.startswith(prefix) or parsed.account != account_id:
        raise NoSuchEntity(f"OpenIDConnect Provider not found for arn {arn}")
    return parsed.resource[len(prefix) :]


def get_provider(conn: Connection, account_id: str, arn: str) -> OidcProviderRecord:
    provider = store.get_provider(conn, account_id, url_of_arn(account_id, arn))
    if provider is None:
        raise NoSuchEntity(f"OpenIDConnect Provider not found for arn {arn}")
    return provider


def _check_lists(client_ids: Sequence[str], thumbprints: Sequence[str]) -> None:
    if len(client_ids) > MAX_CLIENT_IDS:
        raise LimitExceeded(f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}")
    if len(thumbprints) > MAX_THUMBPRINTS:
        raise LimitExceeded(f"Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: {MAX_THUMBPRINTS}")


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def check_jwks_tags(tags: Sequence[Tag]) -> None:
    """The ``hatrack:jwks:N`` chunks, if any, must together hold a JSON Web Key Set."""
    text = _jwks_text(tags)
    if text is None:
        return
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("keys"), list):
        raise InvalidInput("The hatrack:jwks:N tags must together hold a base64url-encoded JSON Web Key Set")


def _jwks_text(tags: Sequence[Tag]) -> str | None:
    chunks: list[tuple[int, str]] = []
    for key, value in tags:
        match = _CHUNK.fullmatch(key)
        if match:
            chunks.append((int(match.group(1)), value))
    if not chunks:
        return None
    encoded = "".join(value for _, value in sorted(chunks)).rstrip("=")
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (ValueError, UnicodeError):
        return ""


def jwks_of(provider: OidcProviderRecord) -> str | None:
    """The JSON Web Key Set hatrack was given for this provider (tags ``hatrack:jwks:N``), if any."""
    return _jwks_text(provider.tags)


def jwks_uri_of(provider: OidcProviderRecord) -> str | None:
    """The JWKS URL hatrack was given for this provider (tag ``hatrack:jwks-uri``), if any."""
    return next((value for key, value in provider.tags if key == JWKS_URI_TAG), None)


def create_provider(
    conn: Connection,
    account_id: str,
    *,
    issuer: str,
    client_ids: Sequence[str],
    thumbprints: Sequence[str],
    tags: Sequence[Tag],
    now: datetime,
) -> OidcProviderRecord:
    url = url_of(issuer)
    unique_clients, unique_thumbprints = _unique(client_ids), _unique(thumbprints)
    _check_lists(unique_clients, unique_thumbprints)
    check_jwks_tags(tags)
    if store.get_provider(conn, account_id, url) is not None:
        raise EntityAlreadyExists(f"Provider with url {issuer} already exists.")
    provider = OidcProviderRecord(account_id, url, unique_clients, unique_thumbprints, now, tuple(tags))
    store.insert_provider(conn, provider)
    return provider


def list_providers(conn: Connection, account_id: str) -> list[OidcProviderRecord]:
    return store.list_providers(conn, account_id)


def delete_provider(conn: Connection, account_id: str, arn: str) -> None:
    provider = get_provider(conn, account_id, arn)
    store.delete_provider(conn, account_id, provider.url)


def add_client_id(conn: Connection, account_id: str, arn: str, client_id: str) -> None:
    provider = get_provider(conn, account_id, arn)
    if client_id in provider.client_ids:
        return
    clients = (*provider.client_ids, client_id)
    _check_lists(clients, provider.thumbprints)
    store.update_provider(conn, account_id, provider.url, client_ids=clients)


def remove_client_id(conn: Connection, account_id: str, arn: str, client_id: str) -> None:
    provider = get_provider(conn, account_id, arn)
    clients = tuple(client for client in provider.client_ids if client != client_id)
    store.update_provider(conn, account_id, provider.url, client_ids=clients)


def update_thumbprints(conn: Connection, account_id: str, arn: str, thumbprints: Sequence[str]) -> None:
    provider = get_provider(conn, account_id, arn)
    unique = _unique(thumbprints)
    _check_lists(provider.client_ids, unique)
    store.update_provider(conn, account_id, provider.url, thumbprints=unique)


def tag_provider(conn: Connection, account_id: str, arn: str, tags: Sequence[Tag]) -> None:
    provider = get_provider(conn, account_id, arn)
    merged = merge_tags(provider.tags, tags, quota_name="TagsPerOpenIdConnectProvider")
    check_jwks_tags(merged)
    resource_tags.replace_tags(conn, account_id, resource_tags.OIDC_PROVIDER, provider.url, merged)


def untag_provider(conn: Connection, account_id: str, arn: str, keys: Sequence[str]) -> None:
    provider = get_provider(conn, account_id, arn)
    remaining = remove_tags(provider.tags, keys)
    check_jwks_tags(remaining)
    resource_tags.replace_tags(conn, account_id, resource_tags.OIDC_PROVIDER, provider.url, remaining)

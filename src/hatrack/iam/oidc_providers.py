"""OpenID Connect identity providers that roles can trust (sts:AssumeRoleWithWebIdentity).

The provider is named by its issuer URL without the scheme: ``arn:aws:iam::ACCT:oidc-provider/HOST/PATH``.

hatrack extension — a provider's signing keys: STS fetches the issuer's JWKS from its discovery
document (``https://HOST/PATH/.well-known/openid-configuration``). When the issuer is not reachable
from the server (a test issuer, an air-gapped site), the operator gives hatrack the keys with
``hatrack oidc set-keys`` (``set_provider_keys``): the JSON Web Key Set itself, or a URL to fetch it
from instead of the discovery document. The keys decide who may assume the roles trusting the
provider, so they are configuration with their own table, never tags: no IAM action writes them, and
a tag key such as ``hatrack:jwks:0`` is an ordinary tag that means nothing to STS.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.model.identities import OidcProviderKeys, OidcProviderRecord
from hatrack.store import oidc_providers as store
from hatrack.store import resource_tags
from hatrack.types import Arn

MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5
MAX_JWKS_CHARS = 64 * 1024  # far above real key sets (a few keys of a few hundred characters each)
MAX_JWKS_URI_CHARS = 2048

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
    resource_tags.replace_tags(conn, account_id, resource_tags.OIDC_PROVIDER, provider.url, merged)


def untag_provider(conn: Connection, account_id: str, arn: str, keys: Sequence[str]) -> None:
    provider = get_provider(conn, account_id, arn)
    remaining = remove_tags(provider.tags, keys)
    resource_tags.replace_tags(conn, account_id, resource_tags.OIDC_PROVIDER, provider.url, remaining)


# --- signing keys (operator configuration) ----------------------------------------------------------


def _checked_jwks(text: str) -> str:
    """The key set in compact JSON, refused unless it is a JWKS with at least one RSA or EC key."""
    if len(text) > MAX_JWKS_CHARS:
        raise InvalidInput(f"The JSON Web Key Set is longer than {MAX_JWKS_CHARS} characters")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    keys = parsed.get("keys") if isinstance(parsed, dict) else None
    if not isinstance(keys, list) or not any(
        isinstance(key, dict) and key.get("kty") in ("RSA", "EC") for key in keys
    ):
        raise InvalidInput('The key set must be a JSON Web Key Set ({"keys": [...]}) with an RSA or EC key')
    return json.dumps(parsed, separators=(",", ":"), sort_keys=True)


def _checked_jwks_uri(uri: str) -> str:
    parsed = urllib.parse.urlsplit(uri)
    if (
        len(uri) > MAX_JWKS_URI_CHARS
        or parsed.scheme != "https"
        or not parsed.hostname
        or parsed.username is not None
        or parsed.fragment
        or any(char.isspace() for char in uri)
    ):
        raise InvalidInput("The JWKS URI must be an https:// URL without user information or fragment")
    return uri


def set_provider_keys(
    conn: Connection,
    account_id: str,
    arn: str,
    *,
    jwks: str | None = None,
    jwks_uri: str | None = None,
    now: datetime,
) -> OidcProviderKeys:
    """Configure the key set STS verifies the provider's tokens with (exactly one of the two forms).

    An operator's action (``hatrack oidc set-keys``), not an IAM API action: whoever sets these keys
    can mint tokens for every role that trusts the provider.
    """
    if (jwks is None) == (jwks_uri is None):
        raise InvalidInput("Give either a JSON Web Key Set or a JWKS URI")
    provider = get_provider(conn, account_id, arn)
    keys = OidcProviderKeys(
        account_id=account_id,
        url=provider.url,
        jwks=_checked_jwks(jwks) if jwks is not None else None,
        jwks_uri=_checked_jwks_uri(jwks_uri) if jwks_uri is not None else None,
        updated_at=now,
    )
    store.set_keys(conn, keys)
    return keys


def clear_provider_keys(conn: Connection, account_id: str, arn: str) -> None:
    """Forget configured keys: STS discovers the keys from the issuer again."""
    provider = get_provider(conn, account_id, arn)
    store.delete_keys(conn, account_id, provider.url)


def provider_keys(conn: Connection, account_id: str, arn: str) -> OidcProviderKeys | None:
    provider = get_provider(conn, account_id, arn)
    return store.get_keys(conn, account_id, provider.url)

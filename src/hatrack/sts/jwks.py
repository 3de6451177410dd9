"""Fetching and caching the key sets of registered OpenID Connect providers.

AssumeRoleWithWebIdentity is unsigned, so anyone can make STS fetch. What bounds it:

- Only a *registered* provider's keys are fetched (the caller names the role's account and the token's
  ``iss`` must match one of its providers before this module is asked), from the provider's registered
  URL (``https://URL/.well-known/openid-configuration``, then its ``jwks_uri``) or from the JWKS URI the
  operator configured — never from a URL the token chose.
- The cache is keyed by the provider (account, url, configured JWKS URI), holds at most
  ``max_entries`` providers (least recently used evicted), keeps a key set ``ttl`` seconds, and keeps a
  *failure* ``failure_ttl`` seconds: a provider that does not answer is not asked again for every call.
  A token naming an unknown ``kid`` refetches at most every ``refetch_after`` seconds (keys rotate).
- Every fetch is https only, follows no redirect (a redirect could lead to plain http or anywhere
  else; AWS documents no redirect support for discovery either), has a timeout for the whole answer
  and a size cap.
- The caller does not hold a store transaction while fetching (see ``api/handlers/sts_web_identity``).

Operators whose issuer uses a private CA (and tests) name a CA bundle file with the environment
variable ``HATRACK_OIDC_CA_BUNDLE``; otherwise the system's trust store is used.
"""

from __future__ import annotations

import json
import os
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hatrack.errors import IdpCommunicationError

COMMUNICATION_FAILED = (
    "Couldn't retrieve verification key from your identity provider,  please reference "
    "AssumeRoleWithWebIdentity documentation for requirements"
)
ENV_CA_BUNDLE = "HATRACK_OIDC_CA_BUNDLE"
FETCH_TIMEOUT_SECONDS = 5.0
MAX_DOCUMENT_BYTES = 512 * 1024
CACHE_SECONDS = 600.0
FAILURE_CACHE_SECONDS = 60.0
REFETCH_AFTER_SECONDS = 10.0
MAX_CACHED_PROVIDERS = 1024

Fetch = Callable[[str], bytes]
Jwk = Mapping[str, Any]


class FetchRefused(Exception):
    """The URL or its answer breaks a fetching rule (scheme, redirect, status, size, time)."""


@dataclass(frozen=True, slots=True)
class KeySource:
    """Where a registered provider's keys come from; also the cache key."""

    account_id: str
    provider_url: str  # IAM's name: host[:port][/path]
    jwks_uri: str | None = None  # configured by the operator; None: the discovery document's

    @property
    def discovery_url(self) -> str:
        return f"https://{self.provider_url}/.well-known/openid-configuration"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError for the 3xx answer


def https_fetcher(
    *,
    ca_file: str | None = None,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    clock: Callable[[], float] = time.monotonic,
) -> Fetch:
    """A fetch function: GET over https only, no redirects, ``timeout`` for the whole answer."""
    context = ssl.create_default_context(cafile=ca_file)
    opener = urllib.request.build_opener(_NoRedirect(), urllib.request.HTTPSHandler(context=context))

    def fetch(url: str) -> bytes:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "https" or not parsed.hostname or parsed.username is not None:
            raise FetchRefused("only https URLs are fetched")
        deadline = clock() + timeout
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with opener.open(request, timeout=timeout) as response:
                if response.status != 200:
                    raise FetchRefused(f"status {response.status}")
                body = bytearray()
                while len(body) <= max_bytes:
                    chunk = response.read(min(65536, max_bytes + 1 - len(body)))
                    if not chunk:
                        break
                    body += chunk
                    if clock() > deadline:
                        raise FetchRefused("the answer took too long")
        except (urllib.error.URLError, OSError, ValueError) as failed:
            raise FetchRefused(type(failed).__name__) from None
        if len(body) > max_bytes:
            raise FetchRefused("document too large")
        return bytes(body)

    return fetch


def parse_jwks(document: object) -> tuple[Jwk, ...]:
    """The keys of a JSON Web Key Set (JSON text or parsed); ``ValueError`` when it is not one."""
    if isinstance(document, (str, bytes)):
        document = json.loads(document)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JSON Web Key Set")
    return tuple(key for key in document["keys"] if isinstance(key, dict))


@dataclass(frozen=True, slots=True)
class _Entry:
    keys: tuple[Jwk, ...] | None  # None: the last fetch failed
    fetched_at: float


class JwksCache:
    """Key sets of registered providers, fetched on first use; see the module docstring for bounds."""

    def __init__(
        self,
        fetch: Fetch | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_CACHED_PROVIDERS,
        ttl: float = CACHE_SECONDS,
        failure_ttl: float = FAILURE_CACHE_SECONDS,
        refetch_after: float = REFETCH_AFTER_SECONDS,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._max_entries = max_entries
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._refetch_after = refetch_after
        self._entries: OrderedDict[KeySource, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def keys_for(self, source: KeySource, *, refresh: bool = False) -> tuple[Jwk, ...]:
        """The provider's keys; ``refresh`` (an unknown kid) refetches a set older than ``refetch_after``.

        Raises ``IdpCommunicationError`` when the keys cannot be had, now or within ``failure_ttl``.
        """
        now = self._clock()
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None:
                self._entries.move_to_end(source)
        if entry is not None:
            age = now - entry.fetched_at
            if entry.keys is None:
                if age < self._failure_ttl:
                    raise IdpCommunicationError(COMMUNICATION_FAILED)
            elif age < self._ttl and not (refresh and age >= self._refetch_after):
                return entry.keys
        try:
            keys: tuple[Jwk, ...] | None = self._download(source)
        except FetchRefused:
            keys = None
        with self._lock:
            self._entries[source] = _Entry(keys, now)
            self._entries.move_to_end(source)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        if keys is None:
            raise IdpCommunicationError(COMMUNICATION_FAILED)
        return keys

    def _download(self, source: KeySource) -> tuple[Jwk, ...]:
        fetch = self._fetch or _default_fetch()
        try:
            jwks_uri = source.jwks_uri
            if jwks_uri is None:
                discovery = json.loads(fetch(source.discovery_url))
                jwks_uri = discovery.get("jwks_uri") if isinstance(discovery, dict) else None
                if not isinstance(jwks_uri, str):
                    raise FetchRefused("the discovery document names no jwks_uri")
            return parse_jwks(fetch(jwks_uri))
        except (ValueError, UnicodeError, RecursionError) as bad:
            raise FetchRefused(f"not a key set: {type(bad).__name__}") from None


_default: list[Fetch] = []


def _default_fetch() -> Fetch:
    """The server's fetcher, built on first use (reads ``HATRACK_OIDC_CA_BUNDLE`` then)."""
    if not _default:
        _default.append(https_fetcher(ca_file=os.environ.get(ENV_CA_BUNDLE) or None))
    return _default[0]


DEFAULT_JWKS_CACHE = JwksCache()

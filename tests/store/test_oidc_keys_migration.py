"""Migration 0002 moves OIDC provider keys out of the tag table: an upgraded database keeps verifying
the same tokens, and the old ``hatrack:jwks*`` tags are gone (they no longer mean anything)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from hatrack.store.db import MIGRATIONS_DIR, Database
from hatrack.store.oidc_providers import get_keys, get_provider

ACCOUNT = "123456789012"
NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
JWKS = {"keys": [{"kty": "RSA", "kid": "k1", "n": "x" * 700, "e": "AQAB"}]}


def _alembic(database: Database, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _old_tags() -> dict[str, list[tuple[str, str]]]:
    encoded = base64.urlsafe_b64encode(json.dumps(JWKS).encode()).decode().rstrip("=")
    chunks = [(f"hatrack:jwks:{n}", encoded[i : i + 256]) for n, i in enumerate(range(0, len(encoded), 256))]
    return {
        "inline.example.com": [("team", "a"), *chunks],
        "byuri.example.com": [
            ("hatrack:jwks-uri", "https://byuri.example.com/keys"),
            ("HATRACK:JWKS:x", "v"),
        ],
        "broken.example.com": [("hatrack:jwks:0", "bm90LWpzb24")],  # "not-json": verified nothing
    }


def test_upgrading_moves_the_key_tags_into_the_key_table(database_url: str) -> None:
    database = Database(database_url)
    _alembic(database, "0001")
    with database.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO accounts (account_id, created_at) VALUES (:a, :t)"), {"a": ACCOUNT, "t": NOW}
        )
        for url, tag_list in _old_tags().items():
            conn.execute(
                sa.text(
                    "INSERT INTO oidc_providers (account_id, url, client_ids, thumbprints, created_at)"
                    " VALUES (:a, :u, '[]', '[]', :t)"
                ),
                {"a": ACCOUNT, "u": url, "t": NOW},
            )
            for position, (key, value) in enumerate(tag_list):
                conn.execute(
                    sa.text(
                        "INSERT INTO iam_entity_tags (account_id, entity_kind, entity_id, key_lower, key, "
                        "value, position) VALUES (:a, 'oidc-provider', :u, :kl, :k, :v, :p)"
                    ),
                    {"a": ACCOUNT, "u": url, "kl": key.lower(), "k": key, "v": value, "p": position},
                )
    database.migrate()
    with database.read() as conn:
        inline = get_keys(conn, ACCOUNT, "inline.example.com")
        by_uri = get_keys(conn, ACCOUNT, "byuri.example.com")
        assert inline is not None and json.loads(inline.jwks or "") == JWKS and inline.jwks_uri is None
        assert by_uri is not None and (by_uri.jwks, by_uri.jwks_uri) == (
            None,
            "https://byuri.example.com/keys",
        )
        assert get_keys(conn, ACCOUNT, "broken.example.com") is None
        providers = {url: get_provider(conn, ACCOUNT, url) for url in _old_tags()}
    tags = {url: provider.tags for url, provider in providers.items() if provider is not None}
    assert tags == {
        "inline.example.com": (("team", "a"),),
        "byuri.example.com": (("HATRACK:JWKS:x", "v"),),  # only looked alike: an ordinary tag, kept
        "broken.example.com": (),
    }
    _alembic(database, "0001", down=True)  # and back: the keys become tags again
    with database.engine.connect() as conn:
        keys = conn.execute(
            sa.text("SELECT key FROM iam_entity_tags WHERE entity_id = 'byuri.example.com' ORDER BY key")
        ).scalars()
        assert list(keys) == ["HATRACK:JWKS:x", "hatrack:jwks-uri"]
    database.dispose()

"""OIDC provider signing keys in their own table, out of the tag table

Revision ID: 0002
Revises: 0001

Until this revision an OIDC provider's key set was kept as tags on the provider (``hatrack:jwks:N``
chunks of the base64url JWKS, or ``hatrack:jwks-uri``), so anyone allowed ``iam:TagOpenIDConnectProvider``
could replace the keys STS trusts. The keys now live in ``oidc_provider_keys``, set only by the
operator. The upgrade moves the existing ``hatrack:jwks*`` tags of every provider into that table (an
upgraded database keeps verifying the same tokens) and deletes those tags; the downgrade puts them back
as tags.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND = "oidc-provider"
_CHUNK = re.compile(r"hatrack:jwks:([0-9]{1,3})", re.ASCII)
_URI = "hatrack:jwks-uri"
_CHUNK_CHARS = 256  # the tag-value quota the chunks were cut to

# Lightweight views of the tables as they are at this revision (not the code's current tables).
_tags = sa.table(
    "iam_entity_tags",
    sa.column("account_id", sa.String),
    sa.column("entity_kind", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("key_lower", sa.String),
    sa.column("key", sa.String),
    sa.column("value", sa.String),
    sa.column("position", sa.Integer),
)
_keys = sa.table(
    "oidc_provider_keys",
    sa.column("account_id", sa.String),
    sa.column("url", sa.String),
    sa.column("jwks", sa.Text),
    sa.column("jwks_uri", sa.String),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _decoded_jwks(chunks: list[tuple[int, str]]) -> str | None:
    """The JWKS the chunks spelled, or None when they do not spell one (such tags verified nothing)."""
    encoded = "".join(value for _, value in sorted(chunks)).rstrip("=")
    try:
        text = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        parsed = json.loads(text)
    except (ValueError, UnicodeError):
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("keys"), list):
        return None
    return text


def upgrade() -> None:
    op.create_table(
        "oidc_provider_keys",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("url", sa.String(length=255), nullable=False),
        sa.Column("jwks", sa.Text(), nullable=True),
        sa.Column("jwks_uri", sa.String(length=2048), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_oidc_provider_keys_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", "url", name=op.f("pk_oidc_provider_keys")),
    )
    conn = op.get_bind()
    # The old reader matched these keys case-sensitively; LIKE narrows, the check below decides.
    rows = conn.execute(
        sa.select(_tags.c.account_id, _tags.c.entity_id, _tags.c.key, _tags.c.value).where(
            _tags.c.entity_kind == _KIND, _tags.c.key_lower.like("hatrack:jwks%")
        )
    ).all()
    found: dict[tuple[str, str], tuple[list[tuple[int, str]], list[str]]] = {}
    moved: list[tuple[str, str, str]] = []
    for account_id, url, key, value in rows:
        match = _CHUNK.fullmatch(key)
        if match is None and key != _URI:
            continue  # an ordinary tag that only looks alike
        chunks, uris = found.setdefault((account_id, url), ([], []))
        if match is not None:
            chunks.append((int(match.group(1)), value))
        else:
            uris.append(value)
        moved.append((account_id, url, key.lower()))
    now = datetime.now(UTC)
    for (account_id, url), (chunks, uris) in found.items():
        # The old reader preferred the inline key set over the URI; keep that order.
        jwks = _decoded_jwks(chunks) if chunks else None
        jwks_uri = uris[0] if uris and jwks is None else None
        if jwks is not None or jwks_uri is not None:
            conn.execute(
                _keys.insert().values(
                    account_id=account_id, url=url, jwks=jwks, jwks_uri=jwks_uri, updated_at=now
                )
            )
    # Every such tag goes, also a malformed one: from now on a hatrack: tag key means nothing.
    for account_id, url, key_lower in moved:
        conn.execute(
            _tags.delete().where(
                _tags.c.account_id == account_id,
                _tags.c.entity_kind == _KIND,
                _tags.c.entity_id == url,
                _tags.c.key_lower == key_lower,
            )
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_keys.c.account_id, _keys.c.url, _keys.c.jwks, _keys.c.jwks_uri)).all()
    for account_id, url, jwks, jwks_uri in rows:
        position = (
            conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(_tags.c.position), -1)).where(
                    _tags.c.account_id == account_id, _tags.c.entity_kind == _KIND, _tags.c.entity_id == url
                )
            ).scalar_one()
            + 1
        )
        tags: list[tuple[str, str]] = []
        if jwks is not None:
            encoded = base64.urlsafe_b64encode(jwks.encode("utf-8")).decode("ascii").rstrip("=")
            tags = [
                (f"hatrack:jwks:{index}", encoded[start : start + _CHUNK_CHARS])
                for index, start in enumerate(range(0, len(encoded), _CHUNK_CHARS))
            ]
        elif jwks_uri is not None:
            tags = [(_URI, jwks_uri)]
        for offset, (key, value) in enumerate(tags):
            conn.execute(
                _tags.insert().values(
                    account_id=account_id,
                    entity_kind=_KIND,
                    entity_id=url,
                    key_lower=key.lower(),
                    key=key,
                    value=value,
                    position=position + offset,
                )
            )
    op.drop_table("oidc_provider_keys")

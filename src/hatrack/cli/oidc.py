"""``hatrack oidc``: the operator's configuration of OpenID Connect providers' signing keys.

Whoever sets a provider's keys can mint ID tokens for every role that trusts the provider, so the keys
are set here, by whoever runs the server (and holds its state folder or database), not through an IAM
API action. The provider itself is created with IAM's CreateOpenIDConnectProvider as usual.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from hatrack.cli.options import database_option, state_dir_option

account_id_option = click.option(
    "--account-id", required=True, help="12-digit id of the account that owns the provider."
)
url_option = click.option(
    "--url",
    "issuer",
    required=True,
    help="The provider's issuer URL (https://HOST/PATH) or IAM name (HOST/PATH).",
)


def _provider_arn(account_id: str, issuer: str) -> str:
    from hatrack.iam.oidc_providers import url_of

    if "://" not in issuer:
        issuer = f"https://{issuer}"
    return f"arn:aws:iam::{account_id}:oidc-provider/{url_of(issuer)}"


@click.group("oidc")
def oidc_group() -> None:
    """OpenID Connect providers: the signing keys STS verifies their ID tokens with."""


@oidc_group.command("set-keys")
@account_id_option
@url_option
@click.option(
    "--jwks-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help='A JSON Web Key Set file ({"keys": [...]}) to verify the provider\'s tokens with.',
)
@click.option("--jwks-uri", default=None, help="An https URL to fetch the key set from (no discovery).")
@state_dir_option
@database_option
def set_keys_command(
    account_id: str,
    issuer: str,
    jwks_file: Path | None,
    jwks_uri: str | None,
    state_dir: Path,
    database_url: str | None,
) -> None:
    """Set (replace) the provider's keys: a key set file or a JWKS URI, exactly one."""
    from hatrack.errors import IamError
    from hatrack.iam.oidc_providers import set_provider_keys
    from hatrack.state import open_state

    if (jwks_file is None) == (jwks_uri is None):
        raise click.UsageError("give exactly one of --jwks-file and --jwks-uri")
    jwks = jwks_file.read_text(encoding="utf-8") if jwks_file is not None else None
    state = open_state(state_dir, database_url=database_url)
    try:
        arn = _provider_arn(account_id, issuer)
        with state.database.begin() as conn:
            set_provider_keys(conn, account_id, arn, jwks=jwks, jwks_uri=jwks_uri, now=datetime.now(UTC))
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    click.echo(f"Keys of {arn} set (from {'the key set file' if jwks is not None else jwks_uri}).")


@oidc_group.command("clear-keys")
@account_id_option
@url_option
@state_dir_option
@database_option
def clear_keys_command(account_id: str, issuer: str, state_dir: Path, database_url: str | None) -> None:
    """Forget the configured keys: STS fetches them from the issuer's discovery document again."""
    from hatrack.errors import IamError
    from hatrack.iam.oidc_providers import clear_provider_keys
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        arn = _provider_arn(account_id, issuer)
        with state.database.begin() as conn:
            clear_provider_keys(conn, account_id, arn)
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    click.echo(f"Keys of {arn} cleared; they are discovered from the issuer.")


@oidc_group.command("show-keys")
@account_id_option
@url_option
@state_dir_option
@database_option
def show_keys_command(account_id: str, issuer: str, state_dir: Path, database_url: str | None) -> None:
    """Print the provider's key configuration as JSON (key ids, or the JWKS URI)."""
    from hatrack.errors import IamError
    from hatrack.iam.oidc_providers import provider_keys
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        arn = _provider_arn(account_id, issuer)
        with state.database.read() as conn:
            keys = provider_keys(conn, account_id, arn)
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    shown: dict[str, object] = {"provider_arn": arn, "source": "discovery"}
    if keys is not None and keys.jwks is not None:
        key_set = json.loads(keys.jwks)
        shown.update(
            source="jwks", key_ids=[key.get("kid") for key in key_set["keys"] if isinstance(key, dict)]
        )
    elif keys is not None:
        shown.update(source="jwks_uri", jwks_uri=keys.jwks_uri)
    if keys is not None:
        shown["updated_at"] = keys.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    click.echo(json.dumps(shown))

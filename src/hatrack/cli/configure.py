"""``hatrack configure-profile``: a named AWS profile for a hatrack server, as the AWS CLI reads it.

Two kinds, like ``aws configure`` would write them by hand:

- keys: ``[NAME]`` with ``aws_access_key_id``/``aws_secret_access_key`` in the credentials file, and
  ``[profile NAME]`` with ``region`` and ``endpoint_url`` in the config file;
- a role: ``[profile NAME]`` with ``role_arn`` + ``source_profile`` (and ``mfa_serial``,
  ``role_session_name``, ``duration_seconds`` when given), ``region`` and ``endpoint_url``; the SDKs
  call AssumeRole with the source profile's keys themselves.

Other profiles, comments and unknown keys of the same profile are left exactly as they were.
"""

from __future__ import annotations

import click

from hatrack.cli.aws_files import config_file, config_section, credentials_file, write_profile_section
from hatrack.cli.terminal import printable


@click.command("configure-profile")
@click.argument("profile")
@click.option(
    "--endpoint", "endpoint_url", required=True, help="The hatrack server, e.g. http://127.0.0.1:8740."
)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--access-key-id", default=None, help="Keys profile: the access key id.")
@click.option(
    "--secret-access-key",
    default=None,
    help="Keys profile: the secret (prompted for, hidden, when not given; never put it in shell history).",
)
@click.option("--role-arn", default=None, help="Role profile: the role to assume.")
@click.option("--source-profile", default=None, help="Role profile: the profile whose keys assume the role.")
@click.option("--mfa-serial", default=None, help="Role profile: the MFA device the SDK asks a code for.")
@click.option("--role-session-name", default=None)
@click.option("--duration-seconds", type=click.IntRange(900, 43200), default=None)
def configure_profile(
    profile: str,
    endpoint_url: str,
    region: str,
    access_key_id: str | None,
    secret_access_key: str | None,
    role_arn: str | None,
    source_profile: str | None,
    mfa_serial: str | None,
    role_session_name: str | None,
    duration_seconds: int | None,
) -> None:
    """Write PROFILE into ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and
    AWS_SHARED_CREDENTIALS_FILE), touching no other profile.

    \b
    hatrack configure-profile alice --endpoint http://127.0.0.1:8740 --access-key-id AKIA...
    hatrack configure-profile analyst --endpoint http://127.0.0.1:8740 \\
        --role-arn arn:aws:iam::123456789012:role/SecurityAnalystRole --source-profile alice
    """
    if not profile.strip() or any(character in profile for character in "[]\n\r"):
        raise click.UsageError(f"'{printable(profile)}' is not a profile name")
    settings = {"region": region, "endpoint_url": endpoint_url}
    if role_arn is not None:
        if access_key_id or secret_access_key:
            raise click.UsageError("a role profile takes --source-profile, not keys")
        if not source_profile:
            raise click.UsageError("--role-arn needs --source-profile (the profile whose keys assume it)")
        role_settings = {
            "role_arn": role_arn,
            "source_profile": source_profile,
            "mfa_serial": mfa_serial,
            "role_session_name": role_session_name,
            "duration_seconds": str(duration_seconds) if duration_seconds else None,
        }
        settings.update({key: value for key, value in role_settings.items() if value})
    else:
        if source_profile or mfa_serial or role_session_name or duration_seconds:
            raise click.UsageError("--source-profile and the role options need --role-arn")
        if not access_key_id:
            raise click.UsageError("give --access-key-id (a keys profile) or --role-arn (a role profile)")
        secret = secret_access_key or click.prompt("Secret access key", hide_input=True)
        write_profile_section(
            credentials_file(),
            profile,
            {"aws_access_key_id": access_key_id, "aws_secret_access_key": secret},
            secret=True,
        )
    write_profile_section(config_file(), config_section(profile), settings, secret=False)
    click.echo(
        f"profile {printable(profile)} written: aws sts get-caller-identity --profile {printable(profile)}"
    )

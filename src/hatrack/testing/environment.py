"""The AWS environment of one test: the test server's endpoint and keys, nothing of the developer's.

For the duration of a test every ``AWS_*`` variable is removed (real keys, ``AWS_PROFILE``, a real
``AWS_ENDPOINT_URL``), ``AWS_CONFIG_FILE``/``AWS_SHARED_CREDENTIALS_FILE`` point at empty files in a
temporary folder (so no SDK reads the real ``~/.aws``), instance metadata is disabled (no SDK waits on
169.254.169.254), and ``AWS_ENDPOINT_URL`` names the test server: code under test that builds its own
clients (``boto3.client("iam")``) talks to hatrack unchanged. Everything is restored afterwards.

boto3 keeps a module-level default session whose credentials, once resolved, stick; it is dropped on
the way in and on the way out so a test never runs with the keys of another test (or of the user).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DEFAULT_REGION = "us-east-1"


def aws_variables(
    *,
    endpoint: str,
    access_key_id: str,
    secret_access_key: str,
    session_token: str | None = None,
    region: str = DEFAULT_REGION,
    config_dir: Path,
) -> dict[str, str]:
    """Every AWS_* variable a test sees (and only these)."""
    variables = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": access_key_id,
        "AWS_SECRET_ACCESS_KEY": secret_access_key,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_CONFIG_FILE": str(config_dir / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(config_dir / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if session_token:
        variables["AWS_SESSION_TOKEN"] = session_token
    return variables


def forget_boto3_default_session() -> None:
    """Drop boto3's cached default session (only if boto3 is already imported: never import it here)."""
    boto3 = sys.modules.get("boto3")
    if boto3 is not None:
        boto3.DEFAULT_SESSION = None  # type: ignore[attr-defined]  # boto3 ships no stubs


@contextmanager
def isolated_aws_environment(variables: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with every AWS_* variable replaced by ``variables``; restored on the way out."""
    saved = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    for name in saved:
        del os.environ[name]
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        if name in variables:
            Path(variables[name]).parent.mkdir(parents=True, exist_ok=True)
            Path(variables[name]).touch()
    os.environ.update(variables)
    forget_boto3_default_session()
    try:
        yield
    finally:
        forget_boto3_default_session()
        for name in [name for name in os.environ if name.startswith("AWS_")]:
            del os.environ[name]
        os.environ.update(saved)


def use_credentials(access_key_id: str, secret_access_key: str, session_token: str | None) -> None:
    """From now on (within the isolated environment) the default credentials are these."""
    os.environ["AWS_ACCESS_KEY_ID"] = access_key_id
    os.environ["AWS_SECRET_ACCESS_KEY"] = secret_access_key
    if session_token:
        os.environ["AWS_SESSION_TOKEN"] = session_token
    else:
        os.environ.pop("AWS_SESSION_TOKEN", None)
    forget_boto3_default_session()

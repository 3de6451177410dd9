"""The pytest plugin: ``hatrack_server``, ``hatrack`` and ``hatrack_events`` for any project's tests.

Registered as the ``pytest11`` entry point ``hatrack``, so it loads in every pytest run of a project
that installs hatrack: until a test asks for one of its fixtures it does nothing (it adds options,
starts no server, changes no environment variable, imports neither boto3 nor hatrack's server).

- ``hatrack_server`` (session): a real ``hatrack serve --dev`` on a free loopback port with a throwaway
  state folder (SQLite), started once; or, with ``--hatrack-endpoint URL``, a server already running
  with ``--dev`` whose root keys are in ``HATRACK_ACCESS_KEY_ID``/``HATRACK_SECRET_ACCESS_KEY``.
- ``hatrack`` (function): that server reset before the test, as a ``Hatrack`` (endpoint, root keys,
  ``session()``, ``client()``, ``user()``, ``role()``, ``assume()``, ``use()``), with the environment
  of ``hatrack.testing.environment`` for the test's duration (no real AWS credentials, no ``~/.aws``,
  ``AWS_ENDPOINT_URL`` set).
- ``hatrack_events``: the current test's trail (``all()``, ``denied()``, ``named()``, ``by()``).

``--hatrack-keep``: a failing test's state folder is copied (``hatrack serve --state-dir DIR`` serves
it again) and its trail written to ``DIR/trail.jsonl``; the places are listed at the end of the run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hatrack.testing.environment import DEFAULT_REGION, aws_variables, isolated_aws_environment
from hatrack.testing.harness import Hatrack, TrailEvents
from hatrack.testing.server import HatrackTestServer, RootCredentials, existing_server, start_server

ENV_ACCESS_KEY_ID = "HATRACK_ACCESS_KEY_ID"
ENV_SECRET_ACCESS_KEY = "HATRACK_SECRET_ACCESS_KEY"
KEPT_PROFILE = "hatrack-kept"

_KEPT = pytest.StashKey[list[tuple[str, Path]]]()
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hatrack", "hatrack test server")
    group.addoption(
        "--hatrack-endpoint",
        default=None,
        help=(
            "use this running hatrack server (started with --dev) instead of starting one; its root keys "
            f"come from {ENV_ACCESS_KEY_ID} and {ENV_SECRET_ACCESS_KEY}"
        ),
    )
    group.addoption(
        "--hatrack-keep",
        action="store_true",
        default=None,
        help="keep the state and the trail of each failing test (listed at the end of the run)",
    )
    group.addoption("--hatrack-account-id", default=None, help="12-digit id of the test server's account")
    parser.addini("hatrack_endpoint", "default of --hatrack-endpoint", default=None)
    parser.addini("hatrack_keep", "default of --hatrack-keep", type="bool", default=False)
    parser.addini("hatrack_account_id", "default of --hatrack-account-id", default=None)


def _setting(config: pytest.Config, name: str) -> object:
    given = config.getoption(f"--{name.replace('_', '-')}")
    return given if given is not None else config.getini(name)


@pytest.fixture(scope="session")
def hatrack_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HatrackTestServer]:
    """The session's hatrack server: started once (or the one at ``--hatrack-endpoint``)."""
    endpoint = _setting(request.config, "hatrack_endpoint")
    account_id = _setting(request.config, "hatrack_account_id") or None
    if endpoint:
        key, secret = os.environ.get(ENV_ACCESS_KEY_ID), os.environ.get(ENV_SECRET_ACCESS_KEY)
        if not key or not secret:
            raise pytest.UsageError(
                f"--hatrack-endpoint needs the server's root keys in {ENV_ACCESS_KEY_ID} and "
                f"{ENV_SECRET_ACCESS_KEY}"
            )
        yield existing_server(str(endpoint), RootCredentials(key, secret))
        return
    server = start_server(
        tmp_path_factory.mktemp("hatrack-state"), account_id=str(account_id) if account_id else None
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hatrack(
    request: pytest.FixtureRequest,
    hatrack_server: HatrackTestServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Hatrack]:
    """The server, reset, for this test; the test runs in an AWS environment of its own."""
    hatrack_server.reset()
    harness = Hatrack(hatrack_server)
    variables = aws_variables(
        endpoint=hatrack_server.endpoint,
        access_key_id=hatrack_server.root.access_key_id,
        secret_access_key=hatrack_server.root.secret_access_key,
        region=DEFAULT_REGION,
        config_dir=tmp_path_factory.mktemp("hatrack-aws"),
    )
    with isolated_aws_environment(variables):
        yield harness
        if _setting(request.config, "hatrack_keep") and request.node.stash.get(_CALL_FAILED, False):
            _keep(request, harness, tmp_path_factory)


@pytest.fixture
def hatrack_events(hatrack: Hatrack) -> TrailEvents:
    """The trail of the current test (oldest first), read from the server with LookupEvents."""
    return hatrack.events


def _keep(request: pytest.FixtureRequest, harness: Hatrack, factory: pytest.TempPathFactory) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:60]
    folder = factory.mktemp(f"hatrack-kept-{name}", numbered=True)
    if harness.server.is_managed:
        harness.server.keep_state(folder / "state")
        # [choice] the throwaway server's root keys, so the kept state can be read again (0600).
        credentials = folder / "credentials"
        descriptor = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(
                f"[{KEPT_PROFILE}]\naws_access_key_id = {harness.root.access_key_id}\n"
                f"aws_secret_access_key = {harness.root.secret_access_key}\n"
            )
    (folder / "trail.jsonl").write_text(harness.events.as_json_lines())
    request.config.stash[_KEPT].append((request.node.nodeid, folder))


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_KEPT] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if call.when == "call" and report.failed:  # type: ignore[attr-defined]  # a TestReport
        item.stash[_CALL_FAILED] = True
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    kept = config.stash.get(_KEPT, [])
    if not kept:
        return
    terminalreporter.section("hatrack: state of failing tests kept")
    for nodeid, folder in kept:
        terminalreporter.write_line(f"{nodeid}: {folder}")
        if (folder / "state").exists():
            terminalreporter.write_line(
                f"    hatrack serve --state-dir {folder / 'state'}  (trail: trail.jsonl); then "
                f"AWS_SHARED_CREDENTIALS_FILE={folder / 'credentials'} aws --profile {KEPT_PROFILE} "
                "--endpoint-url http://127.0.0.1:8740 ..."
            )

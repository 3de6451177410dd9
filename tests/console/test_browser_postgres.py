"""The console on the scale-out store: two `hatrack serve` processes sharing one PostgreSQL serve the
same console session (it lives in the database, not in a process), and sign-out on one ends it on both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.console.conftest import make_user, sign_in, trust_user
from tests.support.postgres import PostgresServer
from tests.support.server import RunningServer, running_server

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("console-postgres")]


@pytest.fixture(scope="module")
def two_nodes(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServer, RunningServer]]:
    url = postgres_server.create_database()
    state = tmp_path_factory.mktemp("node-a")
    # The second node shares the database and the first node's keyring (state folder).
    with running_server(state, database_url=url) as first, running_server(state, database_url=url) as second:
        yield first, second


def test_a_session_started_on_one_node_is_served_and_ended_by_another(
    two_nodes: tuple[RunningServer, RunningServer], browser: Any
) -> None:
    first, second = two_nodes
    make_user(first, "alice", "sts:AssumeRole")
    first.client("iam").create_role(
        RoleName="ops", AssumeRolePolicyDocument=trust_user(first.account_id, "alice")
    )
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, first, "alice")
    # Cookies are per host, not per port: the browser brings the same session id to the second node.
    page.goto(f"{second.endpoint}/switchrole?roleName=ops&account={first.account_id}")
    page.click("#sr-submit")
    assert page.inner_text("#hat-name") == f"ops @ {first.account_id}"
    page.click("#sign-out")
    page.goto(f"{first.endpoint}/console/home")
    assert not page.url.endswith("/console/home")
    context.close()

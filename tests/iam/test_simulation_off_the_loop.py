"""The simulator never runs on the event loop (issue 10): on SQLite, calls that change nothing run
on the loop, but a simulation's work is sized by the caller's input, so one heavy call would stall
every other request. The four simulator operations are declared ``cpu_heavy`` and run in a worker
thread. Observed through boto3 against the in-process server: the simulation functions record
whether an event loop runs in the thread that calls them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hatrack.api.registry import load_handlers
from hatrack.iam.simulation import context_keys, simulator
from tests.sts.support import World, running_world

SIMULATOR = (
    "SimulateCustomPolicy",
    "SimulatePrincipalPolicy",
    "GetContextKeysForCustomPolicy",
    "GetContextKeysForPrincipalPolicy",
)
POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}
)


@pytest.fixture(scope="module")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("simulator") / "hatrack.db"
    with running_world(f"sqlite+pysqlite:///{path}") as world:
        yield world


def _on_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per simulator call: True when it ran on the event loop."""
    seen: list[bool] = []

    def spy(function: Callable[..., Any]) -> Callable[..., Any]:
        def recording(*args: Any, **kwargs: Any) -> Any:
            seen.append(_on_loop())
            return function(*args, **kwargs)

        return recording

    monkeypatch.setattr(simulator, "simulate", spy(simulator.simulate))
    monkeypatch.setattr(context_keys, "context_keys", spy(context_keys.context_keys))
    return seen


def test_the_simulator_operations_are_declared_cpu_heavy() -> None:
    operations = load_handlers()
    assert all(operations[("iam", name)].cpu_heavy for name in SIMULATOR)
    assert not operations[("iam", "GetUser")].cpu_heavy


def test_simulations_run_in_a_worker_thread_on_sqlite(sqlite_world: World, threads: list[bool]) -> None:
    assert sqlite_world.services.database.is_sqlite
    iam = sqlite_world.client("iam")
    user = iam.create_user(UserName="alice")["User"]["Arn"]
    iam.simulate_custom_policy(PolicyInputList=[POLICY], ActionNames=["iam:GetUser"])
    iam.simulate_principal_policy(PolicySourceArn=user, ActionNames=["iam:GetUser"])
    iam.get_context_keys_for_custom_policy(PolicyInputList=[POLICY])
    iam.get_context_keys_for_principal_policy(PolicySourceArn=user)
    assert threads == [False, False, False, False]

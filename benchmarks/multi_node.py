"""Several hatrack nodes on one throwaway PostgreSQL, behind a client-side round robin (issue 14).

For 1, 2 and 3 nodes (a fresh database each time): every node is ``hatrack serve --database URL``
with its own state folder, the first node's ``state.json`` and the keyring in ``HATRACK_MASTER_KEY``.
Client i of the load generator (``loadgen.py``: botocore-signed requests over keep-alive
connections) talks to node i mod N. Prints requests/s and p50/p99 per operation, and at the end
the length of the trail and whether ``hatrack audit verify`` passes (one chain per account, written
from every node at once).

    python benchmarks/multi_node.py [--nodes 1,2,3] [--seconds 5] [--clients 16]

On one machine the nodes, PostgreSQL and the load generator share its cores: the figures show what
the extra nodes cost and whether anything serializes, not what separate machines would reach.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from loadgen import FORMS, Result, Target, _client_loop  # noqa: E402
from side_by_side import BIN, EXTRA_ACCOUNTS, System, _free_port, _prepare_role, _process  # noqa: E402

OPERATIONS = ("GetCallerIdentity", "AssumeRole", "CreateUser")


@dataclass(frozen=True)
class Cluster:
    first: System
    endpoints: tuple[str, ...]
    state_dir: Path
    database_url: str


def _hatrack(*args: str) -> dict[str, str]:
    made = subprocess.run([str(BIN / "hatrack"), *args], capture_output=True, text=True, check=True)
    found: dict[str, str] = json.loads(made.stdout)
    return found


@contextmanager
def cluster(database_url: str, nodes: int, pool_size: int) -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="hatrack-nodes-"))
    first_state = root / "node-0"
    database = ("--database", database_url)
    created = _hatrack("init", "--json", "--state-dir", str(first_state), *database)
    more_roots = tuple(
        (made["access_key_id"], made["secret_access_key"])
        for made in (
            _hatrack("account", "create", "--json", "--state-dir", str(first_state), *database)
            for _ in range(EXTRA_ACCOUNTS)
        )
    )
    master_key = (first_state / "master.key").read_text()
    endpoints: list[str] = []
    try:
        with ExitStack() as stack:
            for n in range(nodes):
                state = root / f"node-{n}"
                if n:
                    state.mkdir(mode=0o700)
                    shutil.copy(first_state / "state.json", state / "state.json")
                port = _free_port()
                args = [str(BIN / "hatrack"), "serve", "--port", str(port), "--state-dir", str(state)]
                args += [*database, "--pool-size", str(pool_size)]
                stack.enter_context(_process(args, port, env={"HATRACK_MASTER_KEY": master_key}))
                endpoints.append(f"http://127.0.0.1:{port}")
            first = System(
                f"{nodes} node(s)",
                endpoints[0],
                created["access_key_id"],
                created["secret_access_key"],
                created["account_id"],
                more_roots,
            )
            yield Cluster(first, tuple(endpoints), first_state, database_url)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _round_robin_process(
    targets: list[Target],
    first: int,
    threads: int,
    seconds: float,
    queue: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [[0] for _ in range(threads)]
    workers = [
        threading.Thread(
            target=_client_loop,
            args=(targets[(first + i) % len(targets)], first + i, deadline, latencies[i], errors[i]),
        )
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(([x for chunk in latencies for x in chunk], sum(e[0] for e in errors)))


def round_robin_load(targets: list[Target], *, clients: int, seconds: float, processes: int = 2) -> Result:
    """``clients`` signed keep-alive clients over ``processes`` processes; client i uses node i mod N."""
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    firsts = [sum(per_process[:i]) for i in range(processes)]
    children = [
        multiprocessing.Process(target=_round_robin_process, args=(targets, first, n, seconds, queue))
        for first, n in zip(firsts, per_process, strict=True)
        if n
    ]
    started = time.monotonic()
    for child in children:
        child.start()
    collected = [queue.get() for _ in children]
    for child in children:
        child.join()
    elapsed = min(time.monotonic() - started, seconds + 0.5)
    latencies = [x for chunk, _ in collected for x in chunk]
    return Result(len(latencies), sum(e for _, e in collected), elapsed, latencies)


def measure(found: Cluster, *, clients: int, seconds: float) -> dict[str, Result]:
    system = found.first
    role_arn, assumer_key, assumer_secret = _prepare_role(system)
    results: dict[str, Result] = {}
    for operation in OPERATIONS:
        key, secret = (
            (assumer_key, assumer_secret) if operation == "AssumeRole" else (system.key, system.secret)
        )
        more = system.more_roots if operation == "CreateUser" else ()
        base = Target(system.endpoint, key, secret, operation, role_arn, more_credentials=more)
        targets = [replace(base, endpoint=endpoint) for endpoint in found.endpoints]
        round_robin_load(targets, clients=min(clients, 4), seconds=1.0)  # warm-up: connections, caches
        result = round_robin_load(targets, clients=clients, seconds=seconds)
        results[operation] = result
        print(
            f"  {system.name:10} {operation:18} clients={clients:3}: {result.rate:8,.0f} req/s  "
            f"p50 {result.percentile(0.5):6.1f} ms  p99 {result.percentile(0.99):6.1f} ms  "
            f"errors {result.errors}",
            flush=True,
        )
    return results


def verify_trail(found: Cluster) -> str:
    started = time.monotonic()
    verified = subprocess.run(
        [
            str(BIN / "hatrack"),
            "audit",
            "verify",
            "--state-dir",
            str(found.state_dir),
            "--database",
            found.database_url,
        ],
        capture_output=True,
        text=True,
    )
    outcome = "passes" if verified.returncode == 0 else f"FAILS ({verified.stdout.strip()[-200:]})"
    return f"audit verify {outcome} in {time.monotonic() - started:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", default="1,2,3")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pool-size", type=int, default=10)
    args = parser.parse_args()
    assert set(OPERATIONS) <= set(FORMS)
    from tests.support.postgres import running_postgres

    os.environ.pop("HATRACK_MASTER_KEY", None)
    with running_postgres() as server:
        for count in (int(n) for n in args.nodes.split(",")):
            with cluster(server.create_database(), count, args.pool_size) as found:
                print(f"{count} node(s) on one PostgreSQL: {', '.join(found.endpoints)}", flush=True)
                measure(found, clients=args.clients, seconds=args.seconds)
                print(f"  {verify_trail(found)}", flush=True)


if __name__ == "__main__":
    main()

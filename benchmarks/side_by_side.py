"""hatrack and its peers, side by side, in the same run, on the same load.

Peers (installed from PyPI into their own virtualenvs under benchmarks/.peers on first use, since
they pin other botocore versions): moto's server, ministack (with and without AUTH=true).
Prints requests/s and p50/p99 per system, operation and concurrency, then hatrack's ratios.

    python benchmarks/side_by_side.py [--seconds 10] [--clients 1,8,32]
        [--operations GetCallerIdentity,AssumeRole,CreateUser] [--only hatrack] [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Result, Target, run_load

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
BIN = Path(sys.executable).parent
EXTRA_ACCOUNTS = 7
TRUST_ANYONE_IN_ACCOUNT = (
    '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",'
    '"Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}'
)


@dataclass
class System:
    name: str
    endpoint: str
    key: str
    secret: str
    account: str
    # Roots of further accounts (hatrack: CreateUser spreads over them, AWS's quota being 5,000
    # users an account; the peers have no quota and one account).
    more_roots: tuple[tuple[str, str], ...] = ()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _peer_python(name: str, requirement: str) -> Path:
    venv = PEERS / name
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", requirement], check=True)
    return python


@contextmanager
def _process(args: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[None]:
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed in the finally below)
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        _wait(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def hatrack(workers: int, database_url: str | None = None) -> Iterator[System]:
    state = Path(tempfile.mkdtemp(prefix="hatrack-bench-"))
    database = ["--database", database_url] if database_url else []
    init = subprocess.run(
        [str(BIN / "hatrack"), "init", "--json", "--state-dir", str(state), *database],
        capture_output=True,
        text=True,
        check=True,
    )
    created = json.loads(init.stdout)
    more_roots = []
    for _ in range(EXTRA_ACCOUNTS):
        made = subprocess.run(
            [str(BIN / "hatrack"), "account", "create", "--json", "--state-dir", str(state), *database],
            capture_output=True,
            text=True,
            check=True,
        )
        root = json.loads(made.stdout)
        more_roots.append((root["access_key_id"], root["secret_access_key"]))
    port = _free_port()
    args = [
        str(BIN / "hatrack"),
        "serve",
        "--port",
        str(port),
        "--state-dir",
        str(state),
        "--workers",
        str(workers),
        *database,
    ]
    try:
        with _process(args, port):
            yield System(
                f"hatrack ({'PostgreSQL, ' if database_url else ''}workers={workers})",
                f"http://127.0.0.1:{port}",
                created["access_key_id"],
                created["secret_access_key"],
                created["account_id"],
                tuple(more_roots),
            )
    finally:
        shutil.rmtree(state, ignore_errors=True)


@contextmanager
def null_server() -> Iterator[System]:
    """The load generator's ceiling: a server answering every request with a canned answer."""
    port = _free_port()
    with _process([sys.executable, str(HERE / "null_server.py"), str(port)], port):
        yield System(
            "null server (ceiling)", f"http://127.0.0.1:{port}", "AKIAIOSFODNN7EXAMPLE", "x" * 40, "0" * 12
        )


@contextmanager
def moto() -> Iterator[System]:
    python = _peer_python("moto", "moto[server]")
    port = _free_port()
    with _process([str(python), "-m", "moto.server", "-p", str(port)], port):
        yield System(
            "moto_server", f"http://127.0.0.1:{port}", "AKIAIOSFODNN7EXAMPLE", "x" * 40, "123456789012"
        )


@contextmanager
def ministack(auth: bool) -> Iterator[System]:
    python = _peer_python("ministack", "ministack")
    port = _free_port()
    env = {"GATEWAY_PORT": str(port), "AUTH": "true" if auth else "false"}
    with _process([str(python), "-m", "ministack"], port, env):
        yield System(
            f"ministack AUTH={'true' if auth else 'false'}",
            f"http://127.0.0.1:{port}",
            "test",
            "test",
            "000000000000",
        )


ASSUME_ANY_ROLE = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'
)


def _prepare_role(system: System) -> tuple[str, str, str]:
    """The role to assume and the access key of a user allowed to assume it (AWS, and hatrack, refuse
    AssumeRole to the account root)."""
    iam = boto3.client(
        "iam",
        endpoint_url=system.endpoint,
        region_name="us-east-1",
        aws_access_key_id=system.key,
        aws_secret_access_key=system.secret,
    )
    account = system.account
    with contextlib.suppress(Exception):  # a peer may not answer; keep its default account
        account = boto3.client(
            "sts",
            endpoint_url=system.endpoint,
            region_name="us-east-1",
            aws_access_key_id=system.key,
            aws_secret_access_key=system.secret,
        ).get_caller_identity()["Account"]
    role = iam.create_role(
        RoleName="bench", AssumeRolePolicyDocument=TRUST_ANYONE_IN_ACCOUNT.format(account=account)
    )
    iam.create_user(UserName="bench-assumer")
    iam.put_user_policy(UserName="bench-assumer", PolicyName="assume", PolicyDocument=ASSUME_ANY_ROLE)
    key = iam.create_access_key(UserName="bench-assumer")["AccessKey"]
    return str(role["Role"]["Arn"]), str(key["AccessKeyId"]), str(key["SecretAccessKey"])


def measure(
    system: System, operations: list[str], clients: list[int], seconds: float
) -> dict[tuple[str, int], Result]:
    results: dict[tuple[str, int], Result] = {}
    role_arn, assumer_key, assumer_secret = "", "", ""
    for operation in operations:
        if operation == "AssumeRole" and not role_arn:
            try:
                role_arn, assumer_key, assumer_secret = _prepare_role(system)
            except Exception as error:
                print(f"  {system.name}: cannot create a role ({error}); skipping AssumeRole")
                continue
        for count in clients:
            key, secret = (
                (assumer_key, assumer_secret) if operation == "AssumeRole" else (system.key, system.secret)
            )
            more = system.more_roots if operation == "CreateUser" else ()
            target = Target(system.endpoint, key, secret, operation, role_arn, more_credentials=more)
            result = run_load(target, clients=count, seconds=seconds)
            results[(operation, count)] = result
            print(
                f"  {system.name:28} {operation:18} clients={count:3}: {result.rate:8,.0f} req/s  "
                f"p50 {result.percentile(0.5):6.1f} ms  p99 {result.percentile(0.99):6.1f} ms  "
                f"errors {result.errors}",
                flush=True,
            )
    return results


@contextmanager
def _hatrack_on_postgres(workers: int) -> Iterator[System]:
    sys.path.insert(0, str(HERE.parent))
    from tests.support.postgres import running_postgres

    with running_postgres() as server, hatrack(workers, server.create_database()) as system:
        yield system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--operations", default="GetCallerIdentity,AssumeRole,CreateUser")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated subset: hatrack,moto,ministack,ministack-auth,null (the generator's ceiling)",
    )
    parser.add_argument("--workers", type=int, default=1, help="hatrack worker processes")
    parser.add_argument(
        "--postgres-temp", action="store_true", help="hatrack on a throwaway PostgreSQL instead of SQLite"
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    operations = args.operations.split(",")
    chosen = (
        set(args.only.split(",")) if args.only else {"hatrack", "moto", "ministack", "ministack-auth", "null"}
    )
    systems = {
        "hatrack": lambda: (
            _hatrack_on_postgres(args.workers) if args.postgres_temp else hatrack(args.workers)
        ),
        "moto": moto,
        "null": null_server,
        "ministack": lambda: ministack(False),
        "ministack-auth": lambda: ministack(True),
    }
    table: dict[str, dict[tuple[str, int], Result]] = {}
    for key, start in systems.items():
        if key not in chosen:
            continue
        try:
            with start() as system:
                print(f"{system.name} at {system.endpoint}", flush=True)
                table[system.name] = measure(system, operations, clients, args.seconds)
        except Exception as error:
            print(f"{key}: could not run ({error})", flush=True)
    ours = next((name for name in table if name.startswith("hatrack")), None)
    if ours is None:
        return
    print("\nhatrack's rate relative to each peer (higher is better for hatrack):")
    for name, results in table.items():
        if name == ours:
            continue
        for key, peer in results.items():
            mine = table[ours].get(key)
            if mine and peer.rate:
                print(f"  vs {name:28} {key[0]:18} clients={key[1]:3}: x{mine.rate / peer.rate:.2f}")


if __name__ == "__main__":
    main()

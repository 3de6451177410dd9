"""Throughput with the audit trail on and off: the same server, the same load, only the recorder differs.

    python benchmarks/audit_throughput.py [--seconds 10] [--clients 32] [--postgres-temp] [--database URL]

"off" swaps the trail for a recorder that discards every event (possible only here, in-process; the
server itself has no switch to stop recording). Operations: GetCallerIdentity (a read: on SQLite its
event is appended inside the call's transaction, on PostgreSQL it goes through the group committer)
and AssumeRole (its event is appended in the call's own transaction, locking the account's head row).
At exit each "on" server prints how many events its group committer wrote in how many commits.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent
TRUST = (
    '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",'
    '"Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}'
)


def serve(state_dir: Path, database_url: str | None, port: int, trail: bool) -> None:
    """The child: one uvicorn worker whose recorder is the real trail or a discarding one."""
    import uvicorn

    from hatrack.api.app import create_app
    from hatrack.api.services import build_services
    from hatrack.audit.recorder import DiscardingRecorder
    from hatrack.audit.trail import TrailRecorder
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    recorder = TrailRecorder(state.database) if trail else DiscardingRecorder()
    services = build_services(state.database, state.keyring, recorder=recorder)
    try:
        uvicorn.run(
            create_app(services),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            http="httptools",
            loop="uvloop",
        )
    finally:  # uvicorn re-raises the SIGINT that stopped it
        if isinstance(recorder, TrailRecorder):
            committer = recorder.committer
            per = committer.events / committer.batches if committer.batches else 0
            print(
                f"group committer: {committer.events} events in {committer.batches} commits "
                f"({per:.1f} per commit)",
                file=sys.stderr,
                flush=True,
            )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(state_dir: Path, database_url: str | None, trail: bool) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    log = state_dir / f"server-{'on' if trail else 'off'}.log"
    args = [
        sys.executable,
        __file__,
        "--serve",
        "on" if trail else "off",
        "--port",
        str(port),
        "--state-dir",
        str(state_dir),
    ]
    if database_url:
        args += ["--database", database_url]
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def measure(database_url: str | None, label: str, seconds: float, clients: int) -> None:
    import boto3
    from loadgen import Target, run_load

    with tempfile.TemporaryDirectory() as folder:
        state_dir = Path(folder)
        init = [str(BIN / "hatrack"), "init", "--json", "--state-dir", str(state_dir)]
        if database_url:
            init += ["--database", database_url]
        created = json.loads(subprocess.run(init, capture_output=True, text=True, check=True).stdout)
        key, secret, account = created["access_key_id"], created["secret_access_key"], created["account_id"]
        rows = []
        assumer: dict[str, str] = {}
        for trail in (False, True):
            with _server(state_dir, database_url, trail) as (endpoint, log):
                iam = boto3.client(
                    "iam",
                    endpoint_url=endpoint,
                    region_name="us-east-1",
                    aws_access_key_id=key,
                    aws_secret_access_key=secret,
                )
                with suppress(Exception):
                    iam.create_role(RoleName="bench", AssumeRolePolicyDocument=TRUST.format(account=account))
                if not assumer:  # the account root may not assume roles: a user allowed to does
                    iam.create_user(UserName="bench-assumer")
                    iam.put_user_policy(
                        UserName="bench-assumer", PolicyName="assume", PolicyDocument=ASSUME_ANY_ROLE
                    )
                    made = iam.create_access_key(UserName="bench-assumer")["AccessKey"]
                    assumer.update(key=made["AccessKeyId"], secret=made["SecretAccessKey"])
                role_arn = f"arn:aws:iam::{account}:role/bench"
                for operation in ("GetCallerIdentity", "AssumeRole"):
                    as_key, as_secret = (
                        (assumer["key"], assumer["secret"]) if operation == "AssumeRole" else (key, secret)
                    )
                    result = run_load(
                        Target(endpoint, as_key, as_secret, operation, role_arn),
                        clients=clients,
                        seconds=seconds,
                        processes=2,
                    )
                    rows.append(
                        (
                            operation,
                            trail,
                            result.rate,
                            result.percentile(0.5),
                            result.percentile(0.99),
                            result.errors,
                        )
                    )
            if trail:
                tail = log.read_text().strip().splitlines()
                print(f"  [{label}] {tail[-1] if tail else 'no committer figures'}")
        print(f"\n{label}: {clients} clients, {seconds:.0f} s per run")
        print(f"{'operation':<18} {'trail':<5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for operation, trail, rate, p50, p99, errors in rows:
            print(
                f"{operation:<18} {'on' if trail else 'off':<5} {rate:>8,.0f} {p50:>8.1f} {p99:>8.1f} "
                f"{errors:>7}"
            )
        for operation in ("GetCallerIdentity", "AssumeRole"):
            off = next(r[2] for r in rows if r[0] == operation and not r[1])
            on = next(r[2] for r in rows if r[0] == operation and r[1])
            print(
                f"{operation}: trail on = {on / off:.0%} of trail off" if off else f"{operation}: no figures"
            )


ASSUME_ANY_ROLE = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--serve", choices=("on", "off"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--state-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--database", default=None, help="an empty database URL (default: SQLite in a temp folder)"
    )
    parser.add_argument("--postgres-temp", action="store_true", help="also run on a throwaway PostgreSQL")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    if args.serve:
        serve(args.state_dir, args.database, args.port, args.serve == "on")
        return
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    measure(args.database, "sqlite" if not args.database else "given database", args.seconds, args.clients)
    if args.postgres_temp:
        sys.path.insert(0, str(HERE.parent))
        from tests.support.postgres import running_postgres

        with running_postgres() as server:
            measure(server.create_database(), "postgresql", args.seconds, args.clients)


if __name__ == "__main__":
    main()

"""hatrack as a test double: what the pytest plugin costs a test session, and each test.

    python benchmarks/test_double.py                 # 3 server starts, 30 resets of each size
    python benchmarks/test_double.py --starts 1 --resets 10

- start-up: ``hatrack.testing.start_server`` (a first ``hatrack serve --dev`` creates the state and
  listens), what the ``hatrack_server`` fixture pays once per session (target: under 2 s), as wall
  time and as the server process's CPU time (steadier than wall time on a shared machine);
- reset: ``POST /_hatrack/reset``, what the ``hatrack`` fixture pays before each test (target: under
  50 ms), on an empty account and after a test that made users, roles, keys and a trail;
- the whole per-test fixture: reset plus the isolated environment, as a test sees it.

Not a test: timings depend on the machine (on this project's shared 2-core machine, run it with
``nice``). The module is named for what it measures; pytest does not collect benchmarks/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hatrack.testing import Hatrack, allow, start_server
from hatrack.testing.environment import aws_variables, isolated_aws_environment
from hatrack.testing.server import HatrackTestServer


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    worst = ordered[-1] * 1000
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   worst {worst:7.1f} ms   (n={len(ordered)})"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def cpu_seconds(server: HatrackTestServer) -> float:
    """User + system CPU the server process has used so far (Linux /proc; 0 elsewhere)."""
    assert server.process is not None
    try:
        fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def populate(harness: Hatrack, users: int) -> None:
    """What a busy test leaves behind: users with policies and keys, roles, and their trail."""
    for n in range(users):
        user = harness.user(f"user-{n}", policies=[allow("iam:ListUsers")])
        harness.client("iam", user).list_users()
    for n in range(max(1, users // 5)):
        harness.role(f"role-{n}", policies=[allow("s3:GetObject")])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--resets", type=int, default=30)
    parser.add_argument("--users", type=int, default=20, help="users a 'busy' test creates before a reset")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hatrack-bench-") as scratch:
        root = Path(scratch)
        starts: list[float] = []
        start_cpu: list[float] = []
        server: HatrackTestServer | None = None
        for n in range(args.starts):
            began = time.perf_counter()
            started = start_server(root / f"state-{n}")
            starts.append(time.perf_counter() - began)
            start_cpu.append(cpu_seconds(started))
            if server is None:
                server = started
            else:
                started.stop()
        assert server is not None
        try:
            variables = aws_variables(
                endpoint=server.endpoint,
                access_key_id=server.root.access_key_id,
                secret_access_key=server.root.secret_access_key,
                config_dir=root / "aws",
            )
            with isolated_aws_environment(variables):
                harness = Hatrack(server)
                server.reset()
                empty = [timed(server.reset) for _ in range(args.resets)]
                busy: list[float] = []
                for _ in range(args.resets):
                    populate(harness, args.users)
                    busy.append(timed(server.reset))

                def fixture() -> None:
                    server.reset()
                    with isolated_aws_environment(variables):
                        pass

                whole = [timed(fixture) for _ in range(args.resets)]
        finally:
            server.stop()

    print(f"server start-up (serve until listening):    {milliseconds(starts)}")
    print(f"  of which the server's CPU:                {milliseconds(start_cpu)}")
    print(f"reset, empty account:                       {milliseconds(empty)}")
    print(
        f"reset after {args.users} users, {max(1, args.users // 5)} roles, their trail:  {milliseconds(busy)}"
    )
    print(f"hatrack fixture (reset + environment):      {milliseconds(whole)}")
    print(
        json.dumps({"start_s": starts, "reset_empty_s": empty, "reset_busy_s": busy}, separators=(",", ":"))
    )


if __name__ == "__main__":
    main()

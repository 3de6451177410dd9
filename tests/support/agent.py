"""A real ``hatrack agent`` process beside a real server, and environments with no AWS credentials."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import BIN, RunningServer, free_port


@dataclass(frozen=True)
class RunningAgent:
    imds: str  # http://127.0.0.1:PORT
    container: str  # http://127.0.0.1:PORT/v1/credentials
    state_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def container_token_file(self) -> Path:
        return self.state_dir / "container-token"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def register_workload(server: RunningServer, name: str, profile: str) -> dict[str, str]:
    done = subprocess.run(
        [
            *(str(BIN / "hatrack"), "workload", "register", name, "--instance-profile", profile, "--json"),
            *("--state-dir", str(server.state_dir)),
            *(("--database", server.database_url) if server.database_url else ()),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    answer: dict[str, str] = json.loads(done.stdout)
    return answer


def hatrack(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "hatrack"), *args], capture_output=True, text=True, timeout=timeout)


def _wait(port: int, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hatrack agent exited with {process.returncode}: {log_path.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("hatrack agent did not start listening in time")


@contextmanager
def running_agent(
    server: RunningServer,
    state_dir: Path,
    *,
    join_token: str | None,
    extra_env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[RunningAgent]:
    imds_port, container_port = free_port(), free_port()
    log_path = state_dir.parent / f"{state_dir.name}.log"
    log = open(log_path, "wb")  # noqa: SIM115  (closed below)
    token = ["--join-token", join_token] if join_token else []
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | (extra_env or {})
    process = subprocess.Popen(
        [
            *(
                str(BIN / "hatrack"),
                "agent",
                "--server",
                server.endpoint,
                *token,
                "--state-dir",
                str(state_dir),
            ),
            *("--imds", f"127.0.0.1:{imds_port}", "--container", f"127.0.0.1:{container_port}", *extra_args),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _wait(imds_port, process, log_path)
        _wait(container_port, process, log_path)
        yield RunningAgent(
            imds=f"http://127.0.0.1:{imds_port}",
            container=f"http://127.0.0.1:{container_port}/v1/credentials",
            state_dir=state_dir,
            process=process,
            log_path=log_path,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def no_credentials_env(home: Path, server: RunningServer, **variables: str) -> dict[str, str]:
    """An environment with no AWS credentials at all: no AWS_* variable but the ones given, an empty
    HOME, config and credentials files that do not exist."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HOME=str(home),
        AWS_CONFIG_FILE=str(home / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "no-credentials"),
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL=server.endpoint,
    )
    env.update(variables)
    return env

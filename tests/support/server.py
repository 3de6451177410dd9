"""A real ``hatrack serve`` process on a free port, for end-to-end tests with boto3 and the AWS CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class RunningServer:
    endpoint: str
    account_id: str
    access_key_id: str
    secret_access_key: str
    state_dir: Path
    process: subprocess.Popen[bytes]
    database_url: str | None = None

    def client(
        self,
        service: str,
        *,
        key: str | None = None,
        secret: str | None = None,
        token: str | None = None,
        region: str = "us-east-1",
    ) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id=key or self.access_key_id,
            aws_secret_access_key=secret or self.secret_access_key,
            aws_session_token=token,
            config=Config(retries={"max_attempts": 1}),
        )

    def reset(self) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}/_hatrack/reset", method="POST", data=b"", headers={"X-Hatrack-Reset": "1"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def cli_env(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            HOME=str(home),
            AWS_ACCESS_KEY_ID=self.access_key_id,
            AWS_SECRET_ACCESS_KEY=self.secret_access_key,
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL=self.endpoint,
            AWS_CONFIG_FILE=str(home / "aws-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
        )
        return env

    def aws(
        self, *args: str, home: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "aws"), *args, "--output", "json"],
            env=env or self.cli_env(home),
            capture_output=True,
            text=True,
            timeout=60,
        )


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hatrack serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("hatrack serve did not start listening in time")


@contextmanager
def running_server(
    state_dir: Path,
    *,
    database_url: str | None = None,
    extra_args: tuple[str, ...] = ("--dev",),
    init_args: tuple[str, ...] = (),
) -> Iterator[RunningServer]:
    database = ["--database", database_url] if database_url else []
    init = subprocess.run(
        [str(BIN / "hatrack"), "init", "--json", "--state-dir", str(state_dir), *database, *init_args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    created = json.loads(init.stdout)
    port = free_port()
    log = open(state_dir / "server.log", "wb")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [
            str(BIN / "hatrack"),
            "serve",
            "--port",
            str(port),
            "--state-dir",
            str(state_dir),
            *database,
            *extra_args,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(port, process)
        yield RunningServer(
            endpoint=f"http://127.0.0.1:{port}",
            account_id=created["account_id"],
            access_key_id=created["access_key_id"],
            secret_access_key=created["secret_access_key"],
            state_dir=state_dir,
            process=process,
            database_url=database_url,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

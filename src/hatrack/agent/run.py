"""The agent process: join (once), then serve IMDSv2 and the container endpoint from one uvicorn
server listening on two loopback sockets, with a refresher thread that renews the certificate and
the credentials ahead of expiry.

Defaults [choice]: IMDS on ``127.0.0.1:8741`` (AWS's 169.254.169.254:80 needs root networking; point
``AWS_EC2_METADATA_SERVICE_ENDPOINT`` at the agent instead), the container endpoint on
``127.0.0.1:8742`` (``/v1/credentials``), the state folder ``./.hatrack-agent``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn

from hatrack.agent.cache import CredentialCache, system_clock
from hatrack.agent.client import ServerClient, ServerRefused, ServerUnavailable
from hatrack.agent.endpoints import (
    CONTAINER_PATH,
    ContainerCredentials,
    MetadataService,
    Receive,
    Scope,
    Send,
)
from hatrack.agent.state import Identity, StateDir, csr_pem, new_key

log = logging.getLogger("hatrack.agent")

DEFAULT_IMDS = "127.0.0.1:8741"
DEFAULT_CONTAINER = "127.0.0.1:8742"
DEFAULT_STATE_DIR = Path(".hatrack-agent")
RENEW_AFTER = 2 / 3  # of the certificate's lifetime


class AgentError(Exception):
    pass


def parse_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise AgentError(f"{text!r} is not HOST:PORT")
    return host.strip("[]"), int(port)


class IdentityHolder:
    """The current identity; renewal swaps it (readers take it whole)."""

    def __init__(self, identity: Identity) -> None:
        self._identity = identity

    def __call__(self) -> Identity:
        return self._identity

    def replace(self, identity: Identity) -> None:
        self._identity = identity


def establish(state: StateDir, client: ServerClient, join_token: str | None) -> Identity:
    """The identity in the state folder, or (first start) a new key pair and the join exchange."""
    if state.has_identity():
        if join_token:
            log.info("state folder %s already holds an identity; the join token is not used", state.path)
        return state.load()
    if not join_token:
        raise AgentError(f"no identity in {state.path}: give --join-token for the first start")
    key = new_key()
    try:
        answer = client.join(join_token, csr_pem(key))
    except ServerRefused as error:
        raise AgentError(f"join refused: {error.message}") from None
    except ServerUnavailable as error:
        raise AgentError(f"join failed: {error}") from None
    answer["server"] = client.server
    identity = state.save(key, answer)
    log.info(
        "joined as workload %s (%s) of account %s",
        identity.workload.get("name"),
        identity.workload_id,
        identity.workload.get("account_id"),
    )
    return identity


def renew_if_due(state: StateDir, client: ServerClient, holder: IdentityHolder, now: datetime) -> None:
    identity = holder()
    lifetime = identity.not_after - identity.not_before
    if now < identity.not_before + lifetime * RENEW_AFTER:
        return
    key = new_key()
    try:
        answer = client.renew(identity, csr_pem(key))
    except (ServerRefused, ServerUnavailable) as error:
        log.warning("certificate not renewed (%s); it is valid until %s", error, identity.not_after)
        return
    answer["server"] = client.server
    holder.replace(state.save(key, answer))
    log.info("certificate renewed; valid until %s", holder().not_after)


@dataclass
class Agent:
    server: str
    state_dir: Path = DEFAULT_STATE_DIR
    join_token: str | None = None
    imds: str = DEFAULT_IMDS
    container: str = DEFAULT_CONTAINER
    imdsv1: bool = False
    container_token_file: Path | None = None
    ca_file: str | None = None
    clock: Callable[[], datetime] = system_clock

    def prepare(self) -> tuple[StateDir, ServerClient, IdentityHolder, CredentialCache]:
        state = StateDir(self.state_dir)
        client = ServerClient(self.server, ca_file=self.ca_file)
        holder = IdentityHolder(establish(state, client, self.join_token))
        cache = CredentialCache(lambda: client.credentials(holder()), clock=self.clock)
        return state, client, holder, cache

    def run(self) -> None:
        state, client, holder, cache = self.prepare()
        imds_address, container_address = parse_address(self.imds), parse_address(self.container)
        token = state.container_token(self.container_token_file)
        metadata = MetadataService(cache, holder, imdsv1=self.imdsv1)
        container = ContainerCredentials(cache, token)
        sockets = [_listen(*imds_address), _listen(*container_address)]
        container_port = sockets[1].getsockname()[1]

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            server = scope.get("server")
            target: Any = container if server is not None and server[1] == container_port else metadata
            await target(scope, receive, send)

        stop = threading.Event()

        def refresher() -> None:
            while not stop.is_set():
                try:
                    renew_if_due(state, client, holder, self.clock())
                    cache.refresh_if_due()
                except Exception:  # the loop must survive anything; the endpoints keep serving
                    log.exception("refresher step failed")
                stop.wait(1.0)

        cache.refresh_if_due()
        thread = threading.Thread(target=refresher, name="hatrack-agent-refresher", daemon=True)
        thread.start()
        log.info(
            "serving workload %s: IMDS on http://%s:%d, container credentials on http://%s:%d%s "
            "(Authorization token in %s)",
            holder().workload_id,
            *imds_address,
            *container_address,
            CONTAINER_PATH,
            self.container_token_file or state.path / "container-token",
        )
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False, timeout_keep_alive=5
        )
        try:
            asyncio.run(uvicorn.Server(config).serve(sockets=sockets))
        finally:
            stop.set()
            thread.join(timeout=5)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def credential_process(state_dir: Path, server: str | None, ca_file: str | None = None) -> dict[str, Any]:
    """``credential_process``'s JSON (``Version: 1``) from the identity in ``state_dir``."""
    state = StateDir(state_dir)
    if not state.has_identity():
        raise AgentError(f"no identity in {state_dir}: start the agent with --join-token first")
    identity = state.load()
    url = server or str(identity.workload.get("server") or "")
    if not url:
        raise AgentError("give --server (the state folder does not name one)")
    try:
        answer = ServerClient(url, ca_file=ca_file).credentials(identity)
    except ServerRefused as error:
        raise AgentError(f"refused: {error.message}") from None
    except ServerUnavailable as error:
        raise AgentError(str(error)) from None
    return {
        "Version": 1,
        "AccessKeyId": answer["AccessKeyId"],
        "SecretAccessKey": answer["SecretAccessKey"],
        "SessionToken": answer["Token"],
        "Expiration": answer["Expiration"],
    }

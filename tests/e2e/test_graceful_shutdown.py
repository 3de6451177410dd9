"""Stopping a node (SIGTERM, as orchestrators and ``systemctl stop`` do) finishes what is in flight:
a request already started is answered in full, new connections are refused, then the process exits."""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

from tests.support.server import running_server

pytestmark = pytest.mark.e2e


def _signed_get_caller_identity(endpoint: str, key: str, secret: str) -> bytes:
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "sts", "us-east-1").add_auth(
        request
    )
    host = endpoint.removeprefix("http://")
    head = f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in request.headers.items())
    return (head + "\r\n" + body).encode()


def _read_response(sock: socket.socket) -> bytes:
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def test_a_request_in_flight_at_sigterm_is_answered_and_the_node_then_exits(tmp_path: Path) -> None:
    with running_server(tmp_path, extra_args=()) as server:
        port = int(server.endpoint.rsplit(":", 1)[1])
        raw = _signed_get_caller_identity(server.endpoint, server.access_key_id, server.secret_access_key)
        with socket.create_connection(("127.0.0.1", port), timeout=15) as in_flight:
            in_flight.sendall(raw[:-10])  # the request has started: headers and part of its body
            time.sleep(0.3)
            server.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            with pytest.raises(OSError):  # a stopping node takes no new connection
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            in_flight.sendall(raw[-10:])
            answer = _read_response(in_flight)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        assert b"<Account>" + server.account_id.encode() + b"</Account>" in answer
        # uvicorn re-raises the signal once it has drained (the exit status a supervisor expects)
        assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)

"""The agent's client of the server: join, renew and credentials, over HTTP(S) with the standard
library. A refusal (4xx) is ``ServerRefused`` with the server's code; anything else that stops an
answer (connection refused, timeout, 5xx) is ``ServerUnavailable``, which the agent rides out."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hatrack.agent.signer import sign_headers
from hatrack.agent.state import Identity

JOIN = "/_hatrack/workloads/join"
RENEW = "/_hatrack/workloads/renew"
CREDENTIALS = "/_hatrack/workloads/credentials"
TIMEOUT_SECONDS = 10.0


class ServerRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.status, self.code, self.message = status, code, message


class ServerUnavailable(Exception):
    pass


class ServerClient:
    def __init__(
        self, server: str, *, ca_file: str | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.server = server.rstrip("/")
        self.context = ssl.create_default_context(cafile=ca_file) if server.startswith("https") else None
        self.clock = clock

    def _post(self, path: str, body: dict[str, Any], identity: Identity | None) -> dict[str, Any]:
        url = self.server + path
        data = json.dumps(body).encode()
        headers = {"content-type": "application/json"}
        if identity is not None:
            # The signature's time is the real one: the server checks it against its own clock.
            headers = sign_headers("POST", url, data, key=identity.key, certificate=identity.certificate)
        request = urllib.request.Request(url, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=self.context) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            payload = error.read()
            if error.code >= 500:
                raise ServerUnavailable(f"server answered {error.code}") from None
            try:
                detail = json.loads(payload)
            except ValueError:
                detail = {}
            raise ServerRefused(
                error.code, str(detail.get("code", error.code)), str(detail.get("message", "refused"))
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ServerUnavailable(f"server unreachable: {getattr(error, 'reason', error)}") from None
        if not isinstance(answer, dict):
            raise ServerUnavailable("server answered something that is not a JSON object")
        return answer

    def join(self, join_token: str, csr: str) -> dict[str, Any]:
        return self._post(JOIN, {"join_token": join_token, "csr": csr}, None)

    def renew(self, identity: Identity, csr: str) -> dict[str, Any]:
        return self._post(RENEW, {"csr": csr}, identity)

    def credentials(self, identity: Identity) -> dict[str, Any]:
        return self._post(CREDENTIALS, {}, identity)

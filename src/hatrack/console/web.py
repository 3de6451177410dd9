"""What every console page shares: the console's parts, templates, cookies, CSRF, security headers.

Security choices (issue 12): the session cookie is HttpOnly, SameSite=Lax, Secure over TLS, and holds
only a random id; every form carries a CSRF token (403 without the right one: the session's token,
or before sign-in a double-submit cookie); every answer has a Content-Security-Policy with
``frame-ancestors 'none'`` (no framing, no inline script), ``no-store`` caching and no referrer.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hatrack.api.pipeline import Client, Pipeline
from hatrack.api.services import Services
from hatrack.console.api_client import ApiError, ConsoleApi, SessionCredentials
from hatrack.console.sessions import STAGE_CHANGE_PASSWORD, STAGE_READY, ConsoleSessions, ConsoleState
from hatrack.console.throttle import SignInThrottle

SESSION_COOKIE = "hatrack_console"
PRE_CSRF_COOKIE = "hatrack_console_csrf"
MAX_FORM_BYTES = 256 * 1024
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


@dataclass(slots=True)
class Console:
    """The console's long-lived parts, built once with the server's pipeline."""

    pipeline: Pipeline
    api: ConsoleApi
    sessions: ConsoleSessions
    throttle: SignInThrottle
    templates: Environment

    @property
    def services(self) -> Services:
        return self.pipeline.services

    def now(self) -> datetime:
        return self.pipeline.services.clock()


def new_templates() -> Environment:
    env = Environment(
        loader=PackageLoader("hatrack.console", "templates"),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""
    return env


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def client_of(request: Request) -> Client:
    address = request.client.host if request.client is not None else "127.0.0.1"
    agent = request.headers.get("user-agent", "")[:200]
    # [choice] the trail shows the browser's own address and agent, marked as the console's.
    return Client(
        source_ip=address, user_agent=f"hatrack-console ({agent})", secure_transport=secure(request)
    )


def with_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(
        SESSION_COOKIE, session_id, httponly=True, samesite="lax", secure=secure(request), path="/"
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure(request))


def redirect(url: str) -> Response:
    return with_security_headers(RedirectResponse(url, status_code=303))


def render(
    console: Console,
    template_name: str,
    *,
    state: ConsoleState | None = None,
    status: int = 200,
    **values: Any,
) -> Response:
    template = console.templates.get_template(template_name)
    now = console.now()
    body = template.render(state=state, now=now, time_left=time_left, **values)
    return with_security_headers(HTMLResponse(body, status_code=status))


def time_left(until: datetime, now: datetime) -> str:
    seconds = max(int((until - now).total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h {rest // 60:02d}m" if hours else f"{rest // 60}m {rest % 60:02d}s"


async def read_form(request: Request) -> dict[str, str]:
    """The urlencoded form (first value of each field); bounded."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    fields: dict[str, str] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(key, value)
    return fields


def tokens_match(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def forbidden(console: Console) -> Response:
    return render(
        console, "error.html", status=403, title="Forbidden", message="Missing or invalid CSRF token."
    )


def pre_session_token(request: Request) -> str:
    return request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(32)


def set_pre_session_token(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        PRE_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path="/"
    )


async def current_state(console: Console, request: Request) -> tuple[str, ConsoleState] | None:
    session_id = request.cookies.get(SESSION_COOKIE, "")
    if not session_id:
        return None
    state = await console.sessions.load(session_id, now=console.now())
    return None if state is None else (session_id, state)


async def call_api(
    console: Console,
    request: Request,
    state: ConsoleState,
    service: str,
    operation: str,
    params: Mapping[str, Any] | None = None,
    *,
    credentials: SessionCredentials | None = None,
) -> dict[str, Any]:
    """One API call with the hat the session wears (its role, else its own credentials)."""
    acting = credentials or state.acting_credentials
    if acting is None:
        raise ApiError("AccessDenied", "The console session holds no credentials", 403)
    return await console.api.call(acting, service, operation, params, client=client_of(request))


def is_ready(state: ConsoleState) -> bool:
    return state.stage == STAGE_READY and state.base is not None


async def signed_in(console: Console, request: Request) -> tuple[str, ConsoleState] | Response:
    """The live, fully signed-in session, or where to go instead (sign-in, or the forced change)."""
    found = await current_state(console, request)
    if found is None:
        return redirect("/console")
    if found[1].stage == STAGE_CHANGE_PASSWORD:
        return redirect("/console/password")  # nothing else before a new password
    if not is_ready(found[1]):
        return redirect("/console")
    return found


async def signed_in_form(
    console: Console, request: Request
) -> tuple[str, ConsoleState, dict[str, str]] | Response:
    """As ``signed_in``, for a form: its fields once the CSRF token matched (403 otherwise)."""
    form = await read_form(request)
    found = await signed_in(console, request)
    if isinstance(found, Response):
        return found
    if not tokens_match(found[1].csrf_token, form.get("csrf", "")):
        return forbidden(console)
    return found[0], found[1], form

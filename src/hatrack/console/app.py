"""The console's ASGI app (Starlette): its routes, mounted by ``api/app.py`` on ``/console…``,
``/switchrole`` and ``/federation``.

Pages are rendered on the server (Jinja2 templates and a little CSS/JS shipped in the package). Every
page reads and writes through ``api_client.ConsoleApi``: signed API calls through the server's own
Pipeline, so authorization and the audit trail are the API's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from hatrack.api.pipeline import Pipeline
from hatrack.console import (
    pages_analysis,
    pages_credentials,
    pages_federation,
    pages_home,
    pages_iam,
    pages_roles,
    pages_sign_in,
    pages_trail,
    web,
)
from hatrack.console.api_client import ConsoleApi
from hatrack.console.sessions import ConsoleSessions
from hatrack.console.throttle import SignInThrottle

Page = Callable[[web.Console, Request], Awaitable[Response]]

# The paths the server hands to the console (everything else stays the AWS API's).
CONSOLE_PATHS = ("/switchrole", "/federation")
CONSOLE_PREFIX = "/console"


def is_console_path(path: str) -> bool:
    return path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/") or path in CONSOLE_PATHS


class ConsoleApp:
    """The console's Starlette app, and the dev-mode reset of its in-memory throttle."""

    def __init__(self, app: Starlette, console: web.Console) -> None:
        self.app = app
        self.console = console

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            # INVARIANT: every answer of the console (pages, errors, static files) has the headers.
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in web.SECURITY_HEADERS.items()
                    if name.encode("latin-1") not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def reset(self) -> None:
        self.console.throttle.clear()


def create_console_app(pipeline: Pipeline) -> ConsoleApp:
    services = pipeline.services
    console = web.Console(
        pipeline=pipeline,
        api=ConsoleApi(pipeline),
        sessions=ConsoleSessions(services.database, services.keyring),
        throttle=SignInThrottle(),
        templates=web.new_templates(),
    )

    def route(
        path: str, page: Page, *, methods: tuple[str, ...] = ("GET",), name: str | None = None
    ) -> Route:
        async def endpoint(request: Request) -> Response:
            return await page(console, request)

        return Route(path, endpoint, methods=list(methods), name=name)

    routes = [
        route("/console", pages_sign_in.sign_in_page, name="sign_in"),
        route("/console/signin", pages_sign_in.sign_in, methods=("POST",)),
        route("/console/mfa", pages_sign_in.mfa_page),
        route("/console/mfa", pages_sign_in.mfa_submit, methods=("POST",)),
        route("/console/password", pages_home.password_page),
        route("/console/password", pages_home.password_submit, methods=("POST",)),
        route("/console/signout", pages_home.sign_out, methods=("POST",)),
        route("/console/home", pages_home.home, name="home"),
        route("/switchrole", pages_roles.switch_role_page),
        route("/console/switchrole", pages_roles.switch_role, methods=("POST",)),
        route("/console/switchback", pages_roles.switch_back, methods=("POST",)),
        route("/console/favourite", pages_roles.favourite, methods=("POST",)),
        *pages_iam.routes(route),
        *pages_credentials.routes(route),
        *pages_trail.routes(route),
        *pages_analysis.routes(route),
        *pages_federation.routes(route),
        Mount("/console/static", app=StaticFiles(packages=[("hatrack.console", "static")]), name="static"),
    ]

    async def http_error(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 500
        title = {404: "Not found", 405: "Method not allowed"}.get(status, "Error")
        return web.render(console, "error.html", status=status, title=title, message="No such page.")

    app = Starlette(routes=routes, exception_handlers={404: http_error, 405: http_error})
    return ConsoleApp(app, console)


__all__ = ["ConsoleApp", "create_console_app", "is_console_path"]

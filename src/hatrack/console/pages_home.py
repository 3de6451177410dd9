"""The pages of a signed-in session's own: home (who you are, the hat, expiry), the password change
(forced or not: a real ``iam:ChangePassword`` with the signed-in identity's credentials), sign-out.
"""

from __future__ import annotations

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import Response

from hatrack.console import web
from hatrack.console.api_client import ApiError
from hatrack.console.sessions import STAGE_CHANGE_PASSWORD, STAGE_READY

HOME = "/console/home"


async def password_page(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    if found is None or found[1].base is None:
        return web.redirect("/console")
    state = found[1]
    return web.render(
        console,
        "password_change.html",
        state=state,
        csrf=state.csrf_token,
        error="",
        forced=state.stage == STAGE_CHANGE_PASSWORD,
    )


async def password_submit(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is None or found[1].base is None:
        return web.redirect("/console")
    session_id, state = found
    if not web.tokens_match(state.csrf_token, form.get("csrf", "")):
        return web.forbidden(console)
    forced = state.stage == STAGE_CHANGE_PASSWORD
    new = form.get("new_password", "")
    if new != form.get("confirm_password", ""):
        return web.render(
            console,
            "password_change.html",
            state=state,
            csrf=state.csrf_token,
            forced=forced,
            error="The new passwords do not match.",
            status=400,
        )
    try:
        await web.call_api(
            console,
            request,
            state,
            "iam",
            "ChangePassword",
            {"OldPassword": form.get("old_password", ""), "NewPassword": new},
            credentials=state.base,
        )
    except ApiError as error:
        return web.render(
            console,
            "password_change.html",
            state=state,
            csrf=state.csrf_token,
            forced=forced,
            error=error.message,
            status=400,
        )
    await console.sessions.save(session_id, replace(state, stage=STAGE_READY, password_expired=False))
    return web.redirect(HOME + "?changed=password")


async def sign_out(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is not None:
        if not web.tokens_match(found[1].csrf_token, form.get("csrf", "")):
            return web.forbidden(console)
        await console.sessions.end(found[0])  # the session ends on the server
    response = web.redirect("/console?signed_out=1")
    web.clear_session_cookie(request, response)
    return response


async def home(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    if found is None:
        return web.redirect("/console")
    state = found[1]
    if state.stage == STAGE_CHANGE_PASSWORD:
        return web.redirect("/console/password")
    if not web.is_ready(state):
        return web.redirect("/console")
    error = ""
    identity: dict[str, object] = {}
    try:
        identity = await web.call_api(console, request, state, "sts", "GetCallerIdentity")
    except ApiError as failure:
        error = failure.message
    return web.render(
        console,
        "home.html",
        state=state,
        csrf=state.csrf_token,
        identity=identity,
        error=error,
        changed=request.query_params.get("changed", ""),
    )

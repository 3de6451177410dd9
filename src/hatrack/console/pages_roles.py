"""Switch Role (form and AWS's ``/switchrole`` link), Switch back, recent roles and favourites.

Switching is a real ``sts:AssumeRole`` signed with the signed-in identity's own console credentials
(never a worn role's: switching from a role to another starts again from the user, as AWS), for
3,600 s as AWS's console does; the trust policy and the user's policies decide, with AWS's errors.
The root cannot switch role (AWS: "you cannot switch roles if you sign in as the root user").
"""

from __future__ import annotations

import re
from dataclasses import replace

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from hatrack.audit.events import event_time_text
from hatrack.console import web
from hatrack.console.api_client import ApiError, SessionCredentials
from hatrack.console.sessions import ConsoleState, Hat, WornRole
from hatrack.console.sign_in import resolve_account
from hatrack.store import console as store

CONSOLE_ROLE_SECONDS = 3600
RECENT_ROLES = 5  # AWS offers the last five
MAX_FAVOURITES = 20  # [choice]
# AWS's Switch Role colours (the console's palette), by name and by the hex code its links carry.
COLORS = {
    "red": "F2B0A9",
    "orange": "FBBF93",
    "yellow": "FAD791",
    "green": "B7CA9D",
    "blue": "99BCE3",
}
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_ROLE_NAME = re.compile(r"[\w+=,.@/-]{1,576}")
ROOT_CANNOT_SWITCH = "You cannot switch roles while signed in as the root user."


def color_of(text: str) -> str:
    """The header colour as six hex digits: a palette name, or a hex code as AWS's links carry it."""
    text = text.strip().lstrip("#")
    if text.lower() in COLORS:
        return COLORS[text.lower()]
    return text.upper() if _HEX.fullmatch(text) else ""


def _role_entry(account: str, role_name: str, display_name: str, color: str) -> dict[str, str]:
    return {"account": account, "roleName": role_name, "displayName": display_name, "color": color}


async def role_lists(console: web.Console, state: ConsoleState) -> store.RoleLists:
    def read() -> store.RoleLists:
        with console.services.database.read() as conn:
            return store.get_role_lists(conn, state.account_id, state.principal_arn)

    return await anyio.to_thread.run_sync(read)


async def _put_role_lists(console: web.Console, state: ConsoleState, lists: store.RoleLists) -> None:
    def write() -> None:
        with console.services.database.begin() as conn:
            store.put_role_lists(conn, state.account_id, state.principal_arn, lists)

    await anyio.to_thread.run_sync(write)


async def switch_role_page(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    if found is None or not web.is_ready(found[1]):
        account = request.query_params.get("account", "")[:64]
        return web.redirect(
            f"/console?account={account}" if account.replace("-", "").isalnum() else "/console"
        )
    state = found[1]
    query = request.query_params
    lists = await role_lists(console, state)
    return web.render(
        console,
        "switch_role.html",
        state=state,
        csrf=state.csrf_token,
        error="",
        account=query.get("account", "")[:64],
        role_name=query.get("roleName", "")[:576],
        display_name=query.get("displayName", "")[:64],
        color=color_of(query.get("color", "")),
        colors=COLORS,
        lists=lists,
        root=state.is_root,
    )


async def switch_role(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is None or not web.is_ready(found[1]):
        return web.redirect("/console")
    session_id, state = found
    if not web.tokens_match(state.csrf_token, form.get("csrf", "")):
        return web.forbidden(console)
    account_text = form.get("account", "").strip()
    role_name = form.get("roleName", "").strip().strip("/")
    display_name = (form.get("displayName", "").strip() or role_name)[:64]
    color = color_of(form.get("color", ""))

    async def again(message: str, status: int) -> Response:
        return web.render(
            console,
            "switch_role.html",
            state=state,
            csrf=state.csrf_token,
            error=message,
            status=status,
            account=account_text,
            role_name=role_name,
            display_name=display_name,
            color=color,
            colors=COLORS,
            lists=await role_lists(console, state),
            root=state.is_root,
        )

    if state.is_root:
        return await again(ROOT_CANNOT_SWITCH, 403)
    if not _ROLE_NAME.fullmatch(role_name):
        return await again("Enter a valid role name.", 400)

    def lookup() -> str | None:
        with console.services.database.read() as conn:
            return resolve_account(conn, account_text)

    account_id = await anyio.to_thread.run_sync(lookup) or (
        account_text if account_text.isdigit() and len(account_text) == 12 else None
    )
    if account_id is None:
        return await again("Enter a valid account ID or alias.", 400)
    partition = console.services.partition.name
    role_arn = f"arn:{partition}:iam::{account_id}:role/{role_name}"
    session_name = _session_name(state)
    try:
        # INVARIANT: always the signed-in identity's own credentials, never a worn role's.
        result = await web.call_api(
            console,
            request,
            state,
            "sts",
            "AssumeRole",
            {"RoleArn": role_arn, "RoleSessionName": session_name, "DurationSeconds": CONSOLE_ROLE_SECONDS},
            credentials=state.base,
        )
    except ApiError as error:
        return await again(error.message, 403 if error.status == 403 else 400)
    issued = result["Credentials"]
    worn = WornRole(
        credentials=SessionCredentials(
            issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"], issued["Expiration"]
        ),
        role_arn=role_arn,
        role_name=role_name.rsplit("/", 1)[-1],
        account=account_id,
        display_name=display_name,
        color=color or COLORS["blue"],
        assumed_role_arn=result["AssumedRoleUser"]["Arn"],
    )
    now = console.now()
    new_state = replace(
        state,
        role=worn,
        hats=(*state.hats, Hat(worn.assumed_role_arn, issued["AccessKeyId"], event_time_text(now)))[-20:],
    )
    lists = await role_lists(console, state)
    entry = _role_entry(account_text or account_id, role_name, display_name, worn.color)
    recent = (
        entry,
        *(r for r in lists.recent if (r["account"], r["roleName"]) != (entry["account"], role_name)),
    )
    await _put_role_lists(console, state, replace(lists, recent=recent[:RECENT_ROLES]))
    new_id = await console.sessions.rotate(session_id, new_state, now=now)  # a new id at every switch
    response = web.redirect("/console/home")
    web.set_session_cookie(request, response, new_id)
    return response


def _session_name(state: ConsoleState) -> str:
    """AWS's console names the role session after the user (a federated session keeps its own name)."""
    name = state.user_name or state.principal_arn.rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^\w+=,.@-]", "-", name)[:64]
    return cleaned if len(cleaned) >= 2 else f"{cleaned}-console"


async def switch_back(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is None:
        return web.redirect("/console")
    session_id, state = found
    if not web.tokens_match(state.csrf_token, form.get("csrf", "")):
        return web.forbidden(console)
    new_id = await console.sessions.rotate(session_id, replace(state, role=None), now=console.now())
    response = web.redirect("/console/home")
    web.set_session_cookie(request, response, new_id)
    return response


async def favourite(console: web.Console, request: Request) -> Response:
    """Keep (or forget) a recent role as a favourite: beyond AWS's five recent roles."""
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is None or not web.is_ready(found[1]):
        return web.redirect("/console")
    state = found[1]
    if not web.tokens_match(state.csrf_token, form.get("csrf", "")):
        return web.forbidden(console)
    entry = _role_entry(
        form.get("account", "")[:64],
        form.get("roleName", "")[:576],
        form.get("displayName", "")[:64],
        color_of(form.get("color", "")),
    )
    lists = await role_lists(console, state)
    others = tuple(
        f for f in lists.favourites if (f["account"], f["roleName"]) != (entry["account"], entry["roleName"])
    )
    keep = form.get("keep", "1") == "1"
    favourites = (*others, entry)[-MAX_FAVOURITES:] if keep else others
    await _put_role_lists(console, state, replace(lists, favourites=favourites))
    return web.redirect("/switchrole")

"""My security credentials: the password, access keys (age and last use; create, deactivate, delete),
and a virtual MFA device with its QR code.

All of it through the API with the signed-in identity's own credentials (``state.base``), as AWS's page
acts on the signed-in user even while a role is worn (it is the user's page) [choice]. A new access
key's secret and a new device's seed are shown in the answer to the request that made them and
never again: they are not kept anywhere by the console.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hatrack.console import web
from hatrack.console.api_client import ApiError
from hatrack.console.sessions import ConsoleState

PAGE = "/console/credentials"


def _back(message: str) -> Response:
    return web.redirect(f"{PAGE}?message={quote(message)}")


async def _own(
    console: web.Console,
    request: Request,
    state: ConsoleState,
    operation: str,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return await web.call_api(console, request, state, "iam", operation, params, credentials=state.base)


async def credentials_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    keys: list[dict[str, Any]] = []
    devices: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        listed = await _own(console, request, state, "ListAccessKeys")
        for key in listed.get("AccessKeyMetadata", []):
            used = await _own(
                console, request, state, "GetAccessKeyLastUsed", {"AccessKeyId": key["AccessKeyId"]}
            )
            keys.append({**key, "LastUsed": used.get("AccessKeyLastUsed", {})})
    except ApiError as failure:
        errors.append(failure.message)
    try:
        devices = (await _own(console, request, state, "ListMFADevices")).get("MFADevices", [])
    except ApiError as failure:
        errors.append(failure.message)
    error = " ".join(errors)
    return web.render(
        console,
        "credentials.html",
        state=state,
        csrf=state.csrf_token,
        keys=keys,
        devices=devices,
        error=error,
        message=request.query_params.get("message", ""),
    )


async def create_access_key(console: web.Console, request: Request) -> Response:
    found = await web.signed_in_form(console, request)
    if isinstance(found, Response):
        return found
    _, state, _ = found
    try:
        created = (await _own(console, request, state, "CreateAccessKey"))["AccessKey"]
    except ApiError as error:
        return _back(error.message)
    # Shown this once, in this answer only (no-store): the console keeps no copy.
    return web.render(console, "access_key_created.html", state=state, csrf=state.csrf_token, key=created)


async def key_action(console: web.Console, request: Request) -> Response:
    found = await web.signed_in_form(console, request)
    if isinstance(found, Response):
        return found
    _, state, form = found
    key_id = form.get("AccessKeyId", "")
    what = request.path_params["action"]
    try:
        if what == "delete":
            await _own(console, request, state, "DeleteAccessKey", {"AccessKeyId": key_id})
        elif what in ("deactivate", "activate"):
            status = "Inactive" if what == "deactivate" else "Active"
            await _own(console, request, state, "UpdateAccessKey", {"AccessKeyId": key_id, "Status": status})
        else:
            return _back("Unknown action")
    except ApiError as error:
        return _back(error.message)
    return _back(f"Access key {key_id}: {what} done")


async def create_mfa_device(console: web.Console, request: Request) -> Response:
    found = await web.signed_in_form(console, request)
    if isinstance(found, Response):
        return found
    _, state, form = found
    name = form.get("name", "") or (state.user_name or "root-account-mfa-device")
    try:
        device = (
            await _own(console, request, state, "CreateVirtualMFADevice", {"VirtualMFADeviceName": name})
        )["VirtualMFADevice"]
    except ApiError as error:
        return _back(error.message)
    qr = base64.b64encode(device["QRCodePNG"]).decode("ascii")
    return web.render(
        console,
        "mfa_assign.html",
        state=state,
        csrf=state.csrf_token,
        serial=device["SerialNumber"],
        qr=qr,
        seed=device["Base32StringSeed"].decode("ascii"),
        error="",
    )


async def enable_mfa_device(console: web.Console, request: Request) -> Response:
    found = await web.signed_in_form(console, request)
    if isinstance(found, Response):
        return found
    _, state, form = found
    params: dict[str, Any] = {
        "SerialNumber": form.get("serial", ""),
        "AuthenticationCode1": form.get("code1", ""),
        "AuthenticationCode2": form.get("code2", ""),
    }
    if state.user_name:
        params["UserName"] = state.user_name
    try:
        await _own(console, request, state, "EnableMFADevice", params)
    except ApiError as error:
        return _back(error.message)
    return _back("MFA device assigned: it is asked for at your next sign-in")


def routes(route: Callable[..., Route]) -> list[Any]:
    return [
        route(PAGE, credentials_page),
        route(f"{PAGE}/access-keys", create_access_key, methods=("POST",)),
        route(f"{PAGE}/access-keys/{{action}}", key_action, methods=("POST",)),
        route(f"{PAGE}/mfa", create_mfa_device, methods=("POST",)),
        route(f"{PAGE}/mfa/enable", enable_mfa_device, methods=("POST",)),
    ]

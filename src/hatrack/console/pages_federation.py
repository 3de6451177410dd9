"""The federation endpoint: ``getSigninToken`` and ``login``, as AWS's ``signin.aws.amazon.com/federation``.

``GET /federation?Action=getSigninToken&Session=JSON[&SessionDuration=S]`` takes temporary
credentials (``{"sessionId", "sessionKey", "sessionToken"}``), proves them with a real
``sts:GetCallerIdentity`` through the Pipeline (authenticated and audited like any call) and answers
``{"SigninToken": T}``. ``GET /federation?Action=login&Issuer=I&Destination=URL&SigninToken=T`` signs
the browser in as that identity and redirects to ``Destination`` when it is this console's own page.

As AWS (IAM User Guide, "Enable custom identity broker access to the AWS console"):

- long-term credentials (an ``AKIA`` key, no session token) are refused;
- only credentials of ``AssumeRole*`` and ``GetFederationToken`` are taken ([choice]: GetSessionToken
  and console credentials are refused too, as AWS documents only those two);
- ``SessionDuration`` is 900-43,200 seconds, and only with ``AssumeRole*`` credentials (with
  GetFederationToken credentials the console session lasts as long as they do); without it the
  session lasts one hour ([choice]); a console session never outlives the credentials it holds, so the
  shorter of the two wins ([choice]: AWS would mint fresh console credentials instead);
- a sign-in token is valid for 15 minutes; a bad or expired one is refused with a page, and no
  session is made.

The token is the credentials and the duration sealed under the keyring (AES-GCM), so it opens on
every node sharing the keyring and means nothing to anybody else.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hatrack.audit.events import event_time_text
from hatrack.console import web
from hatrack.console.api_client import ApiError, SessionCredentials
from hatrack.console.pages_sign_in import record_console_login
from hatrack.console.sessions import STAGE_READY, ConsoleState, Hat, new_csrf_token
from hatrack.credentials.keyring import Keyring, SealedDataInvalid
from hatrack.credentials.session_token import open_session_token
from hatrack.errors import IamError

TOKEN_LIFETIME = timedelta(minutes=15)
MIN_SESSION_SECONDS = 900
MAX_SESSION_SECONDS = 43_200
DEFAULT_SESSION_SECONDS = 3600
_TOKEN_LABEL = b"hatrack federation sign-in token v1\x00"
MAX_TOKEN_CHARS = 16_384


class FederationRefused(Exception):
    """A request the federation endpoint refuses (the message says why, without any secret)."""


def _json_error(message: str, status: int = 400) -> Response:
    return web.with_security_headers(JSONResponse({"Error": {"Message": message}}, status_code=status))


def _session_credentials(text: str) -> tuple[str, str, str]:
    try:
        session = json.loads(text)
    except ValueError:
        raise FederationRefused("The Session parameter is not valid JSON") from None
    if not isinstance(session, dict):
        raise FederationRefused("The Session parameter is not valid JSON")
    key_id, secret, token = (session.get(k) for k in ("sessionId", "sessionKey", "sessionToken"))
    if not (isinstance(key_id, str) and isinstance(secret, str) and key_id and secret):
        raise FederationRefused("The Session parameter needs sessionId, sessionKey and sessionToken")
    if key_id.startswith("AKIA") or not isinstance(token, str) or not token:
        raise FederationRefused("Long-term credentials are not accepted: use temporary security credentials")
    return key_id, secret, token


def _duration(text: str | None, *, is_role: bool) -> int | None:
    if text is None:
        return None
    if not is_role:
        raise FederationRefused("SessionDuration can be used only with credentials of AssumeRole")
    if not text.isdigit() or not MIN_SESSION_SECONDS <= int(text) <= MAX_SESSION_SECONDS:
        raise FederationRefused(
            f"SessionDuration must be between {MIN_SESSION_SECONDS} and {MAX_SESSION_SECONDS} seconds"
        )
    return int(text)


def seal_sign_in_token(keyring: Keyring, credentials: SessionCredentials, seconds: int, now: datetime) -> str:
    """The sign-in token: the credentials and the console session's length, sealed under the keyring."""
    payload = {
        "k": credentials.access_key_id,
        "s": credentials.secret_access_key,
        "t": credentials.session_token,
        "x": credentials.expiration.isoformat(),
        "d": seconds,
        "i": now.isoformat(),
    }
    sealed = keyring.seal(json.dumps(payload).encode(), associated_data=_TOKEN_LABEL)
    return base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def open_sign_in_token(keyring: Keyring, token: str, now: datetime) -> tuple[SessionCredentials, int]:
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise FederationRefused("The sign-in token is invalid or has expired")
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(keyring.open(sealed, associated_data=_TOKEN_LABEL))
        issued = datetime.fromisoformat(payload["i"])
        credentials = SessionCredentials(
            payload["k"], payload["s"], payload["t"], datetime.fromisoformat(payload["x"])
        )
        seconds = int(payload["d"])
    except (SealedDataInvalid, binascii.Error, ValueError, KeyError, TypeError):
        raise FederationRefused("The sign-in token is invalid or has expired") from None
    if not issued <= now < issued + TOKEN_LIFETIME:
        raise FederationRefused("The sign-in token is invalid or has expired")
    return credentials, seconds


async def federation(console: web.Console, request: Request) -> Response:
    query = request.query_params
    action = query.get("Action", "")
    if action == "getSigninToken":
        return await _get_sign_in_token(console, request)
    if action == "login":
        return await _login(console, request)
    return _json_error("Action must be getSigninToken or login")


async def _caller_of(
    console: web.Console, request: Request, credentials: SessionCredentials
) -> dict[str, Any]:
    return await console.api.call(credentials, "sts", "GetCallerIdentity", client=web.client_of(request))


async def _get_sign_in_token(console: web.Console, request: Request) -> Response:
    now = console.now()
    try:
        key_id, secret, token = _session_credentials(request.query_params.get("Session", ""))
        credentials = SessionCredentials(key_id, secret, token, now + timedelta(hours=36))
        try:
            identity = await _caller_of(console, request, credentials)
        except ApiError as error:
            raise FederationRefused(error.message) from None
        arn = str(identity.get("Arn", ""))
        is_role = ":assumed-role/" in arn
        if not is_role and ":federated-user/" not in arn:
            raise FederationRefused(
                "Only temporary security credentials of AssumeRole or GetFederationToken are accepted"
            )
        seconds = _duration(request.query_params.get("SessionDuration"), is_role=is_role)
        expiry = await _token_expiry(console, credentials, now)
        credentials = SessionCredentials(key_id, secret, token, expiry)
    except FederationRefused as refused:
        return _json_error(str(refused))
    sign_in_token = seal_sign_in_token(
        console.services.keyring, credentials, seconds or DEFAULT_SESSION_SECONDS, now
    )
    return web.with_security_headers(JSONResponse({"SigninToken": sign_in_token}))


def _own_destination(request: Request, destination: str) -> str:
    """``Destination`` when it is a page of this console, else the home page ([choice]: no open redirect)."""
    parts = urlsplit(destination)
    if parts.scheme and (parts.scheme, parts.netloc) != (request.url.scheme, request.url.netloc):
        return "/console/home"
    path = parts.path or "/console/home"
    if not (path == "/console" or path.startswith("/console/")) or path.startswith("//"):
        return "/console/home"
    return path + (f"?{parts.query}" if parts.query else "")


async def _login(console: web.Console, request: Request) -> Response:
    now = console.now()
    try:
        credentials, seconds = open_sign_in_token(
            console.services.keyring, request.query_params.get("SigninToken", ""), now
        )
        try:
            identity = await _caller_of(console, request, credentials)
        except ApiError as error:
            raise FederationRefused(error.message) from None
    except FederationRefused as refused:
        return web.render(console, "error.html", status=400, title="Sign-in failed", message=str(refused))
    arn = str(identity["Arn"])
    account_id = str(identity["Account"])
    # INVARIANT: the console session never outlives the credentials it holds.
    expires_at = min(now + timedelta(seconds=seconds), credentials.expiration)
    state = ConsoleState(
        stage=STAGE_READY,
        account_id=account_id,
        principal_arn=arn,
        user_name=None,
        user_id=str(identity.get("UserId", "")),
        expires_at=expires_at,
        csrf_token=new_csrf_token(),
        base=credentials,
        via_federation=True,
        hats=(Hat(arn, credentials.access_key_id, event_time_text(now)),),
    )
    await record_console_login(
        console,
        request,
        account_id=account_id,
        user_name=None,
        identity=None,
        success=True,
        mfa_used=False,
        now=now,
        federated_arn=arn,
        federated_id=state.user_id,
    )
    old = request.cookies.get(web.SESSION_COOKIE)
    if old:
        await console.sessions.end(old)
    session_id = await console.sessions.create(state, now=now)
    response = web.redirect(_own_destination(request, request.query_params.get("Destination", "")))
    web.set_session_cookie(request, response, session_id)
    return response


async def _token_expiry(console: web.Console, credentials: SessionCredentials, now: datetime) -> datetime:
    """When the session token expires (read from the token the server sealed; it was just verified)."""
    try:
        claims = open_session_token(
            console.services.keyring,
            credentials.session_token,
            access_key_id=credentials.access_key_id,
            now=now,
        )
    except IamError as error:
        raise FederationRefused(error.message) from None
    return claims.expires_at


def routes(route: Callable[..., Route]) -> list[Any]:
    return [route("/federation", federation)]

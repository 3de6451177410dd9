"""Sign-in and the MFA step (the password change, sign-out and home are ``pages_home.py``).

Every attempt, right or wrong, is a ``ConsoleLogin`` event (``audit.sign_in``). A wrong account, user
name or password all answer with AWS's one sentence; the throttle (``throttle.py``) delays repeated
failures per user name and per client address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from hatrack.api.pipeline import new_request_id
from hatrack.audit.events import event_time_text
from hatrack.audit.sign_in import console_login_record
from hatrack.console import web
from hatrack.console.api_client import SessionCredentials
from hatrack.console.sessions import (
    STAGE_CHANGE_PASSWORD,
    STAGE_MFA,
    STAGE_READY,
    ConsoleState,
    Hat,
    new_csrf_token,
)
from hatrack.console.sign_in import (
    PasswordCheck,
    SignInIdentity,
    check_mfa_code,
    check_password,
    dummy_hash,
    issue_console_credentials,
    resolve_account,
)
from hatrack.console.throttle import address_key, user_key
from hatrack.credentials.passwords import verify_password
from hatrack.model import Caller, CallerKind

WRONG_CREDENTIALS = "Your authentication information is incorrect. Please try again."
WRONG_MFA_CODE = "Your authentication information is incorrect. Please try again."
THROTTLED = "Too many failed sign-in attempts. Wait {seconds} seconds and try again."
HARD_EXPIRED = "Your password has expired. Contact your administrator to have it reset."
HOME = "/console/home"


def _sign_in_page(
    console: web.Console,
    request: Request,
    *,
    account: str = "",
    user_name: str = "",
    error: str = "",
    as_root: bool = False,
    status: int = 200,
) -> Response:
    token = web.pre_session_token(request)
    response = web.render(
        console,
        "sign_in.html",
        status=status,
        csrf=token,
        account=account,
        user_name=user_name,
        error=error,
        as_root=as_root,
    )
    web.set_pre_session_token(request, response, token)
    return response


async def sign_in_page(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    if found is not None and web.is_ready(found[1]):
        return web.redirect(HOME)
    if found is not None and found[1].stage == STAGE_CHANGE_PASSWORD:
        return web.redirect("/console/password")
    return _sign_in_page(console, request, account=request.query_params.get("account", "")[:64])


def _caller_of(account_id: str, user_name: str | None, known: PasswordCheck, partition: str) -> Caller:
    if user_name is None:
        return Caller(
            kind=CallerKind.ROOT,
            account_id=account_id,
            partition=partition,
            arn=f"arn:{partition}:iam::{account_id}:root",
            principal_id=account_id,
        )
    identity = known.identity
    return Caller(
        kind=CallerKind.IAM_USER,
        account_id=account_id,
        partition=partition,
        arn=known.user_arn or "",
        principal_id=known.user_id or "",
        user_name=identity.user_name if identity else user_name,
    )


async def record_console_login(
    console: web.Console,
    request: Request,
    *,
    account_id: str,
    user_name: str | None,
    identity: SignInIdentity | None,
    success: bool,
    mfa_used: bool,
    now: datetime,
    known: PasswordCheck | None = None,
    federated_arn: str | None = None,
    federated_id: str = "",
) -> None:
    """Write the ConsoleLogin event of one attempt (a federation login names its role session)."""
    partition = console.services.partition.name
    client = web.client_of(request)
    if known is None:
        known = PasswordCheck(
            identity, identity.user_id if identity else None, identity.arn if identity else None
        )
    caller = _caller_of(account_id, user_name, known, partition)
    if federated_arn is not None:
        kind = CallerKind.ASSUMED_ROLE if ":assumed-role/" in federated_arn else CallerKind.FEDERATED_USER
        caller = Caller(
            kind=kind,
            account_id=account_id,
            partition=partition,
            arn=federated_arn,
            principal_id=federated_id,
        )
    record = console_login_record(
        caller=caller,
        user_known=user_name is None or known.user_id is not None,
        success=success,
        mfa_used=mfa_used,
        login_to=str(request.url_for("home")),
        source_ip=client.source_ip,
        user_agent=request.headers.get("user-agent", "")[:200],
        event_time=now,
        request_id=new_request_id(),
    )
    recorder = console.services.recorder
    events = await anyio.to_thread.run_sync(recorder.prepare_apart, record)
    await recorder.commit_apart_async(events)


async def sign_in(console: web.Console, request: Request) -> Response:
    form = await web.read_form(request)
    if not web.tokens_match(request.cookies.get(web.PRE_CSRF_COOKIE, ""), form.get("csrf", "")):
        return web.forbidden(console)
    account_text = form.get("account", "").strip()
    as_root = form.get("sign_in_as") == "root"
    user_name = None if as_root else form.get("username", "").strip()
    password = form.get("password", "")
    now = console.now()
    services = console.services
    client = web.client_of(request)

    def lookup_account() -> str | None:
        with services.database.read() as conn:
            return resolve_account(conn, account_text)

    account_id = await anyio.to_thread.run_sync(lookup_account)
    keys = (user_key(account_id or account_text, user_name or "<root>"), address_key(client.source_ip))
    wait = console.throttle.wait_left(keys, now=now)
    if wait.total_seconds() > 0:
        seconds = int(wait.total_seconds()) + 1
        return _sign_in_page(
            console,
            request,
            account=account_text,
            user_name=user_name or "",
            error=THROTTLED.format(seconds=seconds),
            as_root=as_root,
            status=429,
        )

    def check() -> PasswordCheck:
        if account_id is None:
            return _dummy_check(password)
        with services.database.read() as conn:
            return check_password(
                conn, account_id, user_name, password, now=now, partition=services.partition.name
            )

    checked = await anyio.to_thread.run_sync(check)
    identity = checked.identity
    if identity is None or (identity.password_expired and identity.hard_expiry):
        console.throttle.record_failure(keys, now=now)
        if account_id is not None:
            await record_console_login(
                console,
                request,
                account_id=account_id,
                user_name=user_name,
                identity=identity,
                success=False,
                mfa_used=False,
                now=now,
                known=checked,
            )
        error = HARD_EXPIRED if identity is not None else WRONG_CREDENTIALS
        return _sign_in_page(
            console,
            request,
            account=account_text,
            user_name=user_name or "",
            error=error,
            as_root=as_root,
            status=401,
        )
    console.throttle.record_success(keys[0])
    # Any session the browser already had ends here: the new sign-in gets a new id.
    old_session = request.cookies.get(web.SESSION_COOKIE) or None
    if identity.mfa_serials:
        if old_session is not None:
            await console.sessions.end(old_session)
        session_id = await console.sessions.create(_pending_state(identity, now), now=now)
        response = web.redirect("/console/mfa")
        web.set_session_cookie(request, response, session_id)
        return response
    return await _complete(console, request, identity, mfa_at=None, now=now, old_session=old_session)


def _dummy_check(password: str) -> PasswordCheck:
    verify_password(dummy_hash(), password)  # the same work as for an account that exists
    return PasswordCheck(None)


def _pending_state(identity: SignInIdentity, now: datetime) -> ConsoleState:
    return ConsoleState(
        stage=STAGE_MFA,
        account_id=identity.account_id,
        principal_arn=identity.arn,
        user_name=identity.user_name,
        user_id=identity.user_id,
        expires_at=now + timedelta(minutes=5),  # [choice] an MFA code is asked for at most 5 minutes
        csrf_token=new_csrf_token(),
        pending=identity_to_pending(identity),
    )


def identity_to_pending(identity: SignInIdentity) -> dict[str, object]:
    return {
        "user_path": identity.user_path,
        "mfa_serials": list(identity.mfa_serials),
        "password_reset_required": identity.password_reset_required,
        "password_expired": identity.password_expired,
        "hard_expiry": identity.hard_expiry,
    }


def identity_of_pending(state: ConsoleState) -> SignInIdentity:
    pending = state.pending or {}
    return SignInIdentity(
        account_id=state.account_id,
        user_name=state.user_name,
        user_id=state.user_id,
        user_path=str(pending.get("user_path", "/")),
        arn=state.principal_arn,
        mfa_serials=tuple(str(s) for s in pending.get("mfa_serials", ()) or ()),
        password_reset_required=bool(pending.get("password_reset_required")),
        password_expired=bool(pending.get("password_expired")),
        hard_expiry=bool(pending.get("hard_expiry")),
    )


async def _complete(
    console: web.Console,
    request: Request,
    identity: SignInIdentity,
    *,
    mfa_at: datetime | None,
    now: datetime,
    old_session: str | None,
) -> Response:
    services = console.services

    def issue() -> SessionCredentials:
        with services.database.begin() as conn:
            return issue_console_credentials(
                conn, services.keyring, identity, partition=services.partition.name, mfa_at=mfa_at, now=now
            )

    credentials = await anyio.to_thread.run_sync(issue)
    await record_console_login(
        console,
        request,
        account_id=identity.account_id,
        user_name=identity.user_name,
        identity=identity,
        success=True,
        mfa_used=mfa_at is not None,
        now=now,
    )
    must_change = identity.password_reset_required or identity.password_expired
    state = ConsoleState(
        stage=STAGE_CHANGE_PASSWORD if must_change else STAGE_READY,
        account_id=identity.account_id,
        principal_arn=identity.arn,
        user_name=identity.user_name,
        user_id=identity.user_id,
        expires_at=credentials.expiration,
        csrf_token=new_csrf_token(),
        base=credentials,
        mfa_used=mfa_at is not None,
        password_expired=identity.password_expired,
        hats=(Hat(identity.arn, credentials.access_key_id, event_time_text(now)),),
    )
    if old_session is not None:
        await console.sessions.end(old_session)
    session_id = await console.sessions.create(state, now=now)  # a new id at sign-in
    response = web.redirect("/console/password" if must_change else HOME)
    web.set_session_cookie(request, response, session_id)
    return response


async def mfa_page(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    if found is None or found[1].stage != STAGE_MFA:
        return web.redirect("/console")
    return web.render(console, "mfa.html", state=found[1], csrf=found[1].csrf_token, error="")


async def mfa_submit(console: web.Console, request: Request) -> Response:
    found = await web.current_state(console, request)
    form = await web.read_form(request)
    if found is None or found[1].stage != STAGE_MFA:
        return web.redirect("/console")
    session_id, state = found
    if not web.tokens_match(state.csrf_token, form.get("csrf", "")):
        return web.forbidden(console)
    identity = identity_of_pending(state)
    now = console.now()
    services = console.services
    keys = (
        user_key(state.account_id, state.user_name or "<root>"),
        address_key(web.client_of(request).source_ip),
    )
    if console.throttle.wait_left(keys, now=now).total_seconds() > 0:
        return web.render(
            console,
            "mfa.html",
            state=state,
            csrf=state.csrf_token,
            status=429,
            error=THROTTLED.format(
                seconds=int(console.throttle.wait_left(keys, now=now).total_seconds()) + 1
            ),
        )

    def verify() -> bool:
        with services.database.begin() as conn:
            return check_mfa_code(
                conn,
                services.keyring,
                identity,
                form.get("code", ""),
                now=now,
                throttle=services.mfa_throttle,
            )

    if not await anyio.to_thread.run_sync(verify):
        console.throttle.record_failure(keys, now=now)
        await record_console_login(
            console,
            request,
            account_id=state.account_id,
            user_name=state.user_name,
            identity=identity,
            success=False,
            mfa_used=True,
            now=now,
        )
        return web.render(
            console, "mfa.html", state=state, csrf=state.csrf_token, error=WRONG_MFA_CODE, status=401
        )
    return await _complete(console, request, identity, mfa_at=now, now=now, old_session=session_id)

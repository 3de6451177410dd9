"""The path of one request, HTTP-free: route, authenticate, parse, authorize, handle, record, serialize.

``Pipeline.handle`` takes the raw request and returns status, headers and body, synchronously (the
store is). The ASGI app calls ``Pipeline.handle_async``: the same steps, but it awaits the group commit
of the call's events instead of holding a thread, and on SQLite runs calls that change nothing on the
event loop itself. Only this module catches ``IamError``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio.to_thread
from sqlalchemy.engine import Connection

from hatrack.api.authentication import ACCESS_KEY_ID_SHAPE
from hatrack.api.context import Call, RequestContext
from hatrack.api.declared import run_declared
from hatrack.api.protocol import (
    error_status,
    parse_form,
    parse_json_input,
    parse_query_input,
    serialize_json_error,
    serialize_json_output,
    serialize_query_error,
    serialize_query_output,
    validate_input,
)
from hatrack.api.protocol.query_json import (
    accepts_json,
    serialize_query_error_json,
    serialize_query_output_json,
)
from hatrack.api.registry import Operation, load_handlers
from hatrack.api.services import Services
from hatrack.api.throttle import FailureLimiter
from hatrack.audit.call import CallRecord
from hatrack.audit.events import AuditEvent, new_event_id
from hatrack.errors import (
    ExpiredToken,
    IamError,
    IncompleteSignature,
    InternalFailure,
    InvalidAction,
    InvalidClientTokenId,
    InvalidContentType,
    MissingAction,
    MissingAuthenticationToken,
    MissingParameter,
    OperationNotImplemented,
    RequestExpired,
    SignatureDoesNotMatch,
    Throttling,
    UnknownOperation,
)
from hatrack.model import Caller, CallerKind
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SignatureClaim, has_authentication, read_signature_claim
from hatrack.sts.limits import check_credential_limits

log = logging.getLogger("hatrack.api")

SERVICES = frozenset({"iam", "sts", "cloudtrail"})
API_VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15"}
# STS operations AWS accepts without a signature; routed by Action alone.
UNSIGNED_STS_ACTIONS = frozenset({"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"})
DEFAULT_REGION = "us-east-1"
new_request_id = new_event_id  # a random UUID, like AWS's request ids
# What authentication answers with; each one takes a token from the caller's failure buckets.
_AUTHENTICATION_FAILURES = (
    IncompleteSignature,
    SignatureDoesNotMatch,
    InvalidClientTokenId,
    ExpiredToken,
    RequestExpired,
)


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes
    request_id: str


@dataclass(frozen=True, slots=True)
class Client:
    source_ip: str
    user_agent: str
    secure_transport: bool = False


@dataclass(frozen=True, slots=True)
class _Route:
    service: str
    operation_name: str
    json_protocol: bool
    form: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class _Answer:
    """A response, and the events that must be committed apart before it may be sent (often none)."""

    response: Response
    pending: Sequence[AuditEvent]
    service_hint: str
    json_protocol: bool
    query_json: bool = False  # a Query-protocol call that accepts application/json


@dataclass(slots=True)
class _Attempt:
    """One request on its way through the pipeline: what is known so far (the failure record uses it)."""

    request: HttpRequest
    client: Client
    request_id: str
    json_protocol: bool
    service_hint: str
    now: datetime
    claim: SignatureClaim | None = None
    route: _Route | None = None
    caller: Caller | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    operation_model: Any = None
    operation: Operation | None = None
    ctx: RequestContext | None = None
    query_json: bool = False


class Pipeline:
    def __init__(self, services: Services, *, failure_limiter: FailureLimiter | None = None) -> None:
        self.services = services
        self.operations = load_handlers()
        self.failure_limiter = FailureLimiter() if failure_limiter is None else failure_limiter

    # -- entry ---------------------------------------------------------------------------------

    def handle(self, request: HttpRequest, client: Client) -> Response:
        """Answer ``request`` in this thread, waiting here until its events are committed."""
        answer = self._answer(request, client)
        if not answer.pending:
            return answer.response
        try:
            self.services.recorder.commit_apart(answer.pending)
        except Exception:
            # INVARIANT: no call goes unrecorded; an answer we cannot record becomes a failure.
            log.exception("could not record request %s", answer.response.request_id)
            return self._internal_failure(answer)
        return answer.response

    async def handle_async(self, request: HttpRequest, client: Client) -> Response:
        """Answer ``request`` from an event loop; the same steps and guarantees as ``handle``.

        On SQLite, calls that change nothing run right here on the loop (their reads never wait in
        WAL mode), and calls that write go to the one writer (``store/writer.py``), which runs the
        mutations of a loop turn in one transaction, each in a savepoint of its own; operations
        declared ``cpu_heavy`` (the simulator: work sized by the caller's input) or
        ``waits_on_network`` (web identity fetching a provider's keys) run in a worker thread.
        On PostgreSQL every call runs in a worker thread (each statement is a network round trip).
        Either way the events to commit apart are awaited, not waited for in a thread.
        """
        if self.services.database.is_sqlite:
            attempt = self._begin(request, client)
            if isinstance(attempt, _Answer):
                answer = attempt
            elif (
                attempt.operation is None or attempt.operation.cpu_heavy or attempt.operation.waits_on_network
            ):
                answer = await anyio.to_thread.run_sync(self._complete, attempt)
            elif attempt.operation.changes_nothing(attempt.params):
                answer = self._complete(attempt)
            elif self.services.writer is not None:
                answer = await self._complete_in_writer(attempt)
            else:
                answer = await anyio.to_thread.run_sync(self._complete, attempt)
        else:
            answer = await anyio.to_thread.run_sync(self._answer, request, client)
        if not answer.pending:
            return answer.response
        try:
            await self.services.recorder.commit_apart_async(answer.pending)
        except Exception:
            log.exception("could not record request %s", answer.response.request_id)
            return self._internal_failure(answer)
        return answer.response

    def _answer(self, request: HttpRequest, client: Client) -> _Answer:
        attempt = self._begin(request, client)
        return attempt if isinstance(attempt, _Answer) else self._complete(attempt)

    def _begin(self, request: HttpRequest, client: Client) -> _Attempt | _Answer:
        """Route, authenticate, find the operation and parse its input (no handler run yet)."""
        json_protocol = _header(request, "x-amz-target") is not None
        attempt = _Attempt(
            request=request,
            client=client,
            request_id=new_request_id(),
            json_protocol=json_protocol,
            service_hint="cloudtrail" if json_protocol else "iam",
            now=self.services.clock(),
            query_json=not json_protocol and accepts_json(_header(request, "accept")),
        )
        now = attempt.now
        try:
            route = self._route(request, json_protocol)
            attempt.route = route
            attempt.service_hint = route.service
            if has_authentication(request):
                claim = read_signature_claim(request, now=now, services=SERVICES)
                attempt.claim = claim
                attempt.service_hint = claim.service
                route = _Route(claim.service, route.operation_name, route.json_protocol, route.form)
                attempt.route = route
                authenticated = self.services.authenticator.authenticate(request, claim, now=now)
                attempt.caller, region = authenticated.caller, authenticated.region
            elif not json_protocol and route.operation_name in UNSIGNED_STS_ACTIONS:
                route = _Route("sts", route.operation_name, False, route.form)
                attempt.route = route
                attempt.service_hint = "sts"
                region = self.services.partition.global_region
            else:
                raise MissingAuthenticationToken("Request is missing Authentication Token")
            attempt.operation_model, operation = self._find_operation(route)
            attempt.params = self._parse(route, attempt.operation_model, request)
            if attempt.caller is None:
                attempt.caller = _anonymous(self.services.partition.name)
            attempt.operation = operation
            attempt.ctx = RequestContext(
                request_id=attempt.request_id,
                service=route.service,
                operation=route.operation_name,
                region=region,
                # The server's partition, never the signing region's (issue 10).
                partition=self.services.partition.name,
                caller=attempt.caller,
                source_ip=client.source_ip,
                user_agent=client.user_agent,
                now=now,
                secure_transport=client.secure_transport,
            )
            return attempt
        except IamError as error:
            return self._failed(attempt, self._limit_failure(attempt, error))
        except Exception:
            log.exception("internal failure answering request %s", attempt.request_id)
            return self._internal(attempt)

    def _limit_failure(self, attempt: _Attempt, error: IamError) -> IamError:
        """An authentication failure past the caller's failure rate becomes ``Throttling`` (api/throttle)."""
        if attempt.caller is not None or not isinstance(error, _AUTHENTICATION_FAILURES):
            return error
        key_id = attempt.claim.access_key_id if attempt.claim is not None else None
        if self.failure_limiter.allow_failure(key_id, attempt.client.source_ip, now=attempt.now.timestamp()):
            return error
        return Throttling("Rate exceeded")

    def _complete(self, attempt: _Attempt) -> _Answer:
        """Run the handler (in its transaction, or as a read), serialize, and say what to commit."""
        ctx, operation = attempt.ctx, attempt.operation
        assert ctx is not None and operation is not None
        try:
            result, pending = self._run(ctx, operation, attempt.operation_model, attempt.params)
            return self._succeeded(attempt, result, pending)
        except IamError as error:
            return self._failed(attempt, error)
        except Exception:
            log.exception("internal failure answering request %s", attempt.request_id)
            return self._internal(attempt)

    async def _complete_in_writer(self, attempt: _Attempt) -> _Answer:
        """``_complete`` for a call that writes, on SQLite: its unit of work (handler and audit event)
        runs in the writer's next shared transaction, in a savepoint of its own; awaited, not waited for."""
        ctx, operation, writer = attempt.ctx, attempt.operation, self.services.writer
        assert ctx is not None and operation is not None and writer is not None
        model, params = attempt.operation_model, attempt.params
        try:
            check_credential_limits(ctx.caller, ctx.service, ctx.operation)
            result = await writer.submit(lambda conn: self._mutate(conn, ctx, operation, model, params))
            return self._succeeded(attempt, result, ())
        except IamError as error:
            return self._failed(attempt, error)
        except Exception:
            log.exception("internal failure answering request %s", attempt.request_id)
            return self._internal(attempt)

    def _succeeded(
        self, attempt: _Attempt, result: Mapping[str, Any], pending: Sequence[AuditEvent]
    ) -> _Answer:
        route = attempt.route
        assert route is not None
        if route.json_protocol:
            body = serialize_json_output(attempt.operation_model, result)
        elif attempt.query_json:
            body = serialize_query_output_json(attempt.operation_model, result, attempt.request_id)
        else:
            body = serialize_query_output(attempt.operation_model, result, attempt.request_id)
        content_type = "application/json" if attempt.query_json else _content_type(route.json_protocol)
        response = Response(200, content_type, body, attempt.request_id)
        return _Answer(response, pending, attempt.service_hint, attempt.json_protocol, attempt.query_json)

    def _failed(self, attempt: _Attempt, error: IamError) -> _Answer:
        """The error answer, with the failure's events to commit before it is sent."""
        try:
            pending = self._failure_events(attempt, error)
        except Exception:
            # INVARIANT: no call goes unrecorded; a denial we cannot record becomes a failure.
            log.exception("could not record the failed request %s", attempt.request_id)
            error = InternalFailure("An internal error occurred.")
            pending = ()
        response = self._error_response(
            attempt.service_hint,
            attempt.json_protocol,
            error,
            attempt.request_id,
            query_json=attempt.query_json,
        )
        return _Answer(response, pending, attempt.service_hint, attempt.json_protocol, attempt.query_json)

    def _internal(self, attempt: _Attempt) -> _Answer:
        error = InternalFailure("An internal error occurred.")
        response = self._error_response(
            attempt.service_hint,
            attempt.json_protocol,
            error,
            attempt.request_id,
            query_json=attempt.query_json,
        )
        return _Answer(response, (), attempt.service_hint, attempt.json_protocol, attempt.query_json)

    def _internal_failure(self, answer: _Answer) -> Response:
        error = InternalFailure("An internal error occurred.")
        return self._error_response(
            answer.service_hint,
            answer.json_protocol,
            error,
            answer.response.request_id,
            query_json=answer.query_json,
        )

    # -- steps ---------------------------------------------------------------------------------

    def _route(self, request: HttpRequest, json_protocol: bool) -> _Route:
        if json_protocol:
            target = _header(request, "x-amz-target") or ""
            found = self.services.models.json_target_operation(target)
            if found is None:
                raise UnknownOperation(f"Unknown operation {target}")
            service, model = found
            return _Route(service, model.name, True, {})
        if request.method == "POST":
            content_type = (_header(request, "content-type") or "").split(";")[0].strip().lower()
            if content_type != "application/x-www-form-urlencoded":
                raise InvalidContentType(
                    "The Query protocol takes application/x-www-form-urlencoded bodies, "
                    f"not '{content_type or 'none'}'"
                )
        form = parse_form(request.body if request.method == "POST" else b"", request.query_string)
        action = form.get("Action")
        if not action:
            raise MissingAction("Missing Action")
        return _Route("iam", action, False, form)

    def _find_operation(self, route: _Route) -> tuple[Any, Operation]:
        model = self.services.models.operation(route.service, route.operation_name)
        if not route.json_protocol:
            version = route.form.get("Version")
            if version is None:
                raise MissingParameter("The request must contain the parameter Version")
            if version != API_VERSIONS[route.service]:
                raise InvalidAction(f"Could not find operation {route.operation_name} for version {version}")
        if model is None:
            if route.json_protocol:
                raise UnknownOperation(f"Unknown operation {route.operation_name}")
            version = route.form.get("Version", API_VERSIONS.get(route.service, ""))
            raise InvalidAction(f"Could not find operation {route.operation_name} for version {version}")
        operation = self.operations.get((route.service, route.operation_name))
        if operation is None:
            raise OperationNotImplemented(
                f"hatrack does not implement {route.service}:{route.operation_name} yet"
            )
        return model, operation

    def _parse(self, route: _Route, model: Any, request: HttpRequest) -> dict[str, Any]:
        if route.json_protocol:
            params = parse_json_input(model, request.body)
        else:
            form = {k: v for k, v in route.form.items() if k not in ("Action", "Version")}
            params = parse_query_input(model, form)
        validate_input(model, params)
        return params

    def _run(
        self, ctx: RequestContext, operation: Operation, model: Any, params: Mapping[str, Any]
    ) -> tuple[Mapping[str, Any], Sequence[AuditEvent]]:
        """The handler's result, and the events still to commit apart (none when already committed)."""
        services = self.services
        # What temporary credentials may never call, whatever their policies say.
        check_credential_limits(ctx.caller, ctx.service, ctx.operation)
        if operation.changes_nothing(params):
            # A call that changes nothing runs without the write lock (its connection opened only if
            # the handler reads), and its event is committed apart, together with the events of
            # concurrent calls (group commit), before we answer.
            with ExitStack() as stack:
                call = Call(
                    ctx=ctx,
                    services=services,
                    opener=lambda: stack.enter_context(services.database.read()),
                )
                result = self._call_handler(call, operation, params)
            record = self._call_record(call, operation, model, params, result)
            return result, services.recorder.prepare_apart(record)
        with services.database.begin() as conn:
            result = self._mutate(conn, ctx, operation, model, params)
        return result, ()

    def _mutate(
        self,
        conn: Connection,
        ctx: RequestContext,
        operation: Operation,
        model: Any,
        params: Mapping[str, Any],
    ) -> Mapping[str, Any]:
        """A call that writes, inside the transaction of ``conn``: the handler, then its audit event in
        the same transaction (the change and its record commit, or roll back, together)."""
        services = self.services
        call = Call(ctx=ctx, services=services, opener=lambda: conn, opened=conn)
        result = self._call_handler(call, operation, params)
        services.recorder.record(conn, self._call_record(call, operation, model, params, result))
        return result

    @staticmethod
    def _call_handler(call: Call, operation: Operation, params: Mapping[str, Any]) -> Mapping[str, Any]:
        if operation.declaration is not None:
            return run_declared(call, operation, params)
        result = operation.handler(call, params)
        if not call.authorized:
            ctx = call.ctx
            raise RuntimeError(f"{ctx.service}:{ctx.operation} answered without an authorization decision")
        return result

    @staticmethod
    def _call_record(
        call: Call, operation: Operation, model: Any, params: Mapping[str, Any], result: Mapping[str, Any]
    ) -> CallRecord:
        ctx = call.ctx
        return CallRecord(
            request_id=ctx.request_id,
            service=ctx.service,
            operation=ctx.operation,
            region=ctx.region,
            source_ip=ctx.source_ip,
            user_agent=ctx.user_agent,
            event_time=ctx.now,
            caller=ctx.caller,
            access_key_id=ctx.caller.access_key_id or None,
            params=params,
            result=result,
            read_only=operation.read_only,
            operation_model=model,
            notes=dict(call.audit_notes),
        )

    def _failure_events(self, attempt: _Attempt, error: IamError) -> Sequence[AuditEvent]:
        route, claim, client = attempt.route, attempt.claim, attempt.client
        if route is None:
            return ()  # not even an operation name: nothing an investigator could search for
        operation = self.operations.get((route.service, route.operation_name))
        return self.services.recorder.prepare_apart(
            CallRecord(
                request_id=attempt.request_id,
                service=route.service,
                operation=route.operation_name,
                region=claim.region if claim else DEFAULT_REGION,
                source_ip=client.source_ip,
                user_agent=client.user_agent,
                event_time=attempt.now,
                caller=attempt.caller,
                # Only a key id of a key's shape: a NUL or odd text in it would fail the record itself.
                access_key_id=(
                    claim.access_key_id
                    if claim and ACCESS_KEY_ID_SHAPE.fullmatch(claim.access_key_id)
                    else None
                ),
                params=attempt.params,
                error=error,
                read_only=operation.read_only if operation else False,
                operation_model=attempt.operation_model,
            )
        )

    def _error_response(
        self, service: str, json_protocol: bool, error: IamError, request_id: str, *, query_json: bool = False
    ) -> Response:
        service_model = self.services.models.service(service)
        status = error_status(service_model, error)
        if json_protocol:
            return Response(status, _content_type(True), serialize_json_error(error), request_id)
        if query_json:
            return Response(
                status, "application/json", serialize_query_error_json(error, request_id), request_id
            )
        return Response(
            status, "text/xml", serialize_query_error(service_model, error, request_id), request_id
        )


def _header(request: HttpRequest, name: str) -> str | None:
    for key, value in request.headers:
        if key.lower() == name:
            return value
    return None


def _content_type(json_protocol: bool) -> str:
    return "application/x-amz-json-1.1" if json_protocol else "text/xml"


def _anonymous(partition: str) -> Caller:
    return Caller(
        kind=CallerKind.ANONYMOUS,
        account_id="",
        partition=partition,
        arn="",
        principal_id="",
    )

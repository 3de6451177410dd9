"""The path of one request, HTTP-free: route, authenticate, parse, authorize, handle, record, serialize.

``Pipeline.handle`` takes the raw request and returns status, headers and body. It is synchronous
(the store is); the ASGI app runs it in a worker thread. Only this module catches ``IamError``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hatrack.api.context import Call, RequestContext
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
from hatrack.api.registry import Operation, load_handlers
from hatrack.api.services import Services
from hatrack.audit.call import CallRecord
from hatrack.errors import (
    IamError,
    InternalFailure,
    InvalidAction,
    InvalidContentType,
    MissingAction,
    MissingAuthenticationToken,
    MissingParameter,
    OperationNotImplemented,
    UnknownOperation,
)
from hatrack.model import Caller, CallerKind
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SignatureClaim, has_authentication, read_signature_claim
from hatrack.sts.limits import check_credential_limits
from hatrack.types import partition_of_region

log = logging.getLogger("hatrack.api")

SERVICES = frozenset({"iam", "sts", "cloudtrail"})
API_VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15"}
# STS operations AWS accepts without a signature; routed by Action alone.
UNSIGNED_STS_ACTIONS = frozenset({"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"})
DEFAULT_REGION = "us-east-1"


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


class Pipeline:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.operations = load_handlers()

    # -- entry ---------------------------------------------------------------------------------

    def handle(self, request: HttpRequest, client: Client) -> Response:
        request_id = str(uuid.uuid4())
        json_protocol = _header(request, "x-amz-target") is not None
        service_hint = "cloudtrail" if json_protocol else "iam"
        claim: SignatureClaim | None = None
        route: _Route | None = None
        caller: Caller | None = None
        params: Mapping[str, Any] = {}
        operation_model: Any = None
        now = self.services.clock()
        try:
            route = self._route(request, json_protocol)
            service_hint = route.service
            if has_authentication(request):
                claim = read_signature_claim(request, now=now, services=SERVICES)
                service_hint = claim.service
                route = _Route(claim.service, route.operation_name, route.json_protocol, route.form)
                authenticated = self.services.authenticator.authenticate(request, claim, now=now)
                caller, region = authenticated.caller, authenticated.region
            elif not json_protocol and route.operation_name in UNSIGNED_STS_ACTIONS:
                route = _Route("sts", route.operation_name, False, route.form)
                service_hint = "sts"
                region = DEFAULT_REGION
            else:
                raise MissingAuthenticationToken("Request is missing Authentication Token")
            operation_model, operation = self._find_operation(route)
            params = self._parse(route, operation_model, request)
            if caller is None:
                caller = _anonymous(region)
            ctx = RequestContext(
                request_id=request_id,
                service=route.service,
                operation=route.operation_name,
                region=region,
                partition=partition_of_region(region),
                caller=caller,
                source_ip=client.source_ip,
                user_agent=client.user_agent,
                now=now,
                secure_transport=client.secure_transport,
            )
            result = self._run(ctx, operation, operation_model, params)
            body = (
                serialize_json_output(operation_model, result)
                if route.json_protocol
                else serialize_query_output(operation_model, result, request_id)
            )
            return Response(200, _content_type(route.json_protocol), body, request_id)
        except IamError as error:
            try:
                self._record_failure(
                    request_id, route, claim, caller, params, operation_model, error, client, now
                )
            except Exception:
                # INVARIANT: no call goes unrecorded; a denial we cannot record becomes a failure.
                log.exception("could not record the failed request %s", request_id)
                error = InternalFailure("An internal error occurred.")
            return self._error_response(service_hint, json_protocol, error, request_id)
        except Exception:
            log.exception("internal failure answering request %s", request_id)
            return self._error_response(
                service_hint, json_protocol, InternalFailure("An internal error occurred."), request_id
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
    ) -> Mapping[str, Any]:
        services = self.services
        # What temporary credentials may never call, whatever their policies say.
        check_credential_limits(ctx.caller, ctx.service, ctx.operation)
        if operation.read_only:
            # A read changes nothing: it runs without the write lock, and its event is committed
            # apart, together with the events of concurrent calls (group commit), before we answer.
            with services.database.read() as conn:
                call = Call(ctx=ctx, conn=conn, services=services)
                result = self._call_handler(call, operation, params)
            services.recorder.record_apart(self._call_record(call, operation, model, params, result))
            return result
        with services.database.begin() as conn:
            call = Call(ctx=ctx, conn=conn, services=services)
            result = self._call_handler(call, operation, params)
            services.recorder.record(conn, self._call_record(call, operation, model, params, result))
        return result

    @staticmethod
    def _call_handler(call: Call, operation: Operation, params: Mapping[str, Any]) -> Mapping[str, Any]:
        result = operation.handler(call, params)
        if operation.needs_authorization and not call.authorized:
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

    def _record_failure(
        self,
        request_id: str,
        route: _Route | None,
        claim: SignatureClaim | None,
        caller: Caller | None,
        params: Mapping[str, Any],
        model: Any,
        error: IamError,
        client: Client,
        now: Any,
    ) -> None:
        if route is None:
            return  # not even an operation name: nothing an investigator could search for
        operation = self.operations.get((route.service, route.operation_name))
        self.services.recorder.record_apart(
            CallRecord(
                request_id=request_id,
                service=route.service,
                operation=route.operation_name,
                region=claim.region if claim else DEFAULT_REGION,
                source_ip=client.source_ip,
                user_agent=client.user_agent,
                event_time=now,
                caller=caller,
                access_key_id=claim.access_key_id if claim else None,
                params=params,
                error=error,
                read_only=operation.read_only if operation else False,
                operation_model=model,
            )
        )

    def _error_response(
        self, service: str, json_protocol: bool, error: IamError, request_id: str
    ) -> Response:
        service_model = self.services.models.service(service)
        status = error_status(service_model, error)
        if json_protocol:
            return Response(status, _content_type(True), serialize_json_error(error), request_id)
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


def _anonymous(region: str) -> Caller:
    return Caller(
        kind=CallerKind.ANONYMOUS,
        account_id="",
        partition=partition_of_region(region),
        arn="",
        principal_id="",
    )

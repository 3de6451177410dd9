"""The console's only way to read or change anything: real, signed AWS API calls through the Pipeline.

A page action is serialized by botocore from the operation's model (as boto3 would), signed with
SigV4 using the console session's temporary credentials, and handed in-process to
``Pipeline.handle_async``: authentication, the credential limits, authorization (AccessDenied's exact
text) and the audit trail are the API's own, not a copy. The answer is parsed by botocore's parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.credentials import Credentials
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from hatrack.api.pipeline import Client, Pipeline
from hatrack.sigv4.request import HttpRequest

# The host name the console's in-process calls are signed for (never resolved: no socket is opened).
INTERNAL_HOST = "console.hatrack.internal"


class ApiError(Exception):
    """An AWS error answer: its code and message exactly as an SDK would show them."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class SessionCredentials:
    """Temporary credentials the console holds for a signed-in browser (or a worn role)."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime


class ConsoleApi:
    """Calls operations of ``pipeline`` as the holder of some credentials."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.models = pipeline.services.models
        self.region = pipeline.services.partition.global_region

    def build_request(
        self, credentials: SessionCredentials, service: str, operation: str, params: Mapping[str, Any]
    ) -> HttpRequest:
        """The signed HTTP request of one call, as botocore would send it to ``INTERNAL_HOST``."""
        model = self.models.operation(service, operation)
        if model is None:
            raise KeyError(f"{service}:{operation}")
        protocol = self.models.service(service).metadata["protocol"]
        request_dict = create_serializer(protocol, include_validation=True).serialize_to_request(
            dict(params), model
        )
        prepare_request_dict(request_dict, endpoint_url=f"https://{INTERNAL_HOST}")
        aws_request = create_request_object(request_dict)
        aws_request.headers["Host"] = INTERNAL_HOST
        signer = SigV4Auth(
            Credentials(credentials.access_key_id, credentials.secret_access_key, credentials.session_token),
            service,
            self.region,
        )
        signer.add_auth(aws_request)
        prepared = aws_request.prepare()
        body = prepared.body or b""
        return HttpRequest(
            method=prepared.method,
            path="/",
            query_string="",
            headers=tuple((str(k), str(v)) for k, v in prepared.headers.items()),
            body=body.encode("utf-8") if isinstance(body, str) else bytes(body),
        )

    async def call(
        self,
        credentials: SessionCredentials,
        service: str,
        operation: str,
        params: Mapping[str, Any] | None = None,
        *,
        client: Client,
    ) -> dict[str, Any]:
        """The parsed result of ``service:operation``; ``ApiError`` with AWS's code and message."""
        request = self.build_request(credentials, service, operation, params or {})
        response = await self.pipeline.handle_async(request, client)
        model = self.models.operation(service, operation)
        assert model is not None
        protocol = self.models.service(service).metadata["protocol"]
        parsed: dict[str, Any] = create_parser(protocol).parse(
            {
                "status_code": response.status,
                "headers": {"content-type": response.content_type, "x-amzn-requestid": response.request_id},
                "body": response.body,
            },
            model.output_shape,
        )
        error = parsed.get("Error")
        if response.status >= 300 or error:
            error = error or {}
            raise ApiError(str(error.get("Code", "")), str(error.get("Message", "")), response.status)
        parsed.pop("ResponseMetadata", None)
        return parsed

"""The AWS protocol edge: parse requests and serialize responses from botocore's own service models.

IAM and STS speak the Query protocol (form parameters in, XML out); CloudTrail speaks JSON 1.1.
Nothing here is written per operation: each operation's input parsing, validation and output
serialization is compiled once from its shapes into small closures, cached, and reused on every
request. This package knows no HTTP framework, store or handler; ``api/app.py`` wires it.

Modules: ``models`` (loading the models, error statuses), ``form`` (form bodies and query strings),
``query`` and ``json`` (the two protocols), ``validate`` (AWS-style constraint checks), ``patterns``
(Java regex → Python), ``values`` (timestamps, XML text), ``plans`` (per-shape caches).
"""

from __future__ import annotations

from hatrack.api.protocol.form import MAX_FIELDS, parse_form
from hatrack.api.protocol.json import parse_json_input, serialize_json_error, serialize_json_output
from hatrack.api.protocol.models import SERVICE_NAMES, ServiceModels, error_status
from hatrack.api.protocol.query import parse_query_input, serialize_query_error, serialize_query_output
from hatrack.api.protocol.validate import field_name, format_violations, validate_input

__all__ = [
    "MAX_FIELDS",
    "SERVICE_NAMES",
    "ServiceModels",
    "error_status",
    "field_name",
    "format_violations",
    "parse_form",
    "parse_json_input",
    "parse_query_input",
    "serialize_json_error",
    "serialize_json_output",
    "serialize_query_error",
    "serialize_query_output",
    "validate_input",
]

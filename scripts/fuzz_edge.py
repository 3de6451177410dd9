"""On-demand coverage-guided fuzzing of the HTTP edge with atheris (not part of the test suite).

Feeds arbitrary bytes, split into a query string, headers and a body, to the form parser, the JSON
protocol parser, the SigV4 claim reader and the whole in-process pipeline, and fails on anything but
an ``IamError`` (or a 500 answer from the pipeline). The suite's hypothesis tests (tests/api/test_fuzz.py)
are the quick version of the same properties.

Run (atheris is not a dependency; install it beside the project, e.g. into a folder of its own):

    python -m pip install --target /tmp/atheris atheris
    PYTHONPATH=src:/tmp/atheris python scripts/fuzz_edge.py -atheris_runs=200000

Any libFuzzer option works (``-max_total_time=600``, a corpus folder as the last argument).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import atheris  # type: ignore[import-not-found]  # on-demand tool, not a dependency

with atheris.instrument_imports():
    from hatrack.api.pipeline import Client, Pipeline
    from hatrack.api.protocol import ServiceModels, parse_form, parse_json_input, parse_query_input
    from hatrack.api.services import build_services
    from hatrack.errors import IamError
    from hatrack.sigv4.request import HttpRequest
    from hatrack.sigv4.verify import read_signature_claim
    from hatrack.state import open_state

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
SERVICES = frozenset({"iam", "sts", "cloudtrail"})
MODELS = ServiceModels()
LOOKUP_EVENTS = MODELS.operation("cloudtrail", "LookupEvents")
CREATE_USER = MODELS.operation("iam", "CreateUser")
_STATE = open_state(Path(tempfile.mkdtemp(prefix="hatrack-fuzz-")))
PIPELINE = Pipeline(build_services(_STATE.database, _STATE.keyring, clock=lambda: NOW))
CLIENT = Client(source_ip="192.0.2.1", user_agent="atheris")


def _split(data: bytes) -> tuple[str, tuple[tuple[str, str], ...], bytes]:
    provider = atheris.FuzzedDataProvider(data)
    query = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 200))
    headers = []
    for _ in range(provider.ConsumeIntInRange(0, 6)):
        name = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 24))
        value = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 120))
        headers.append((name, value))
    return query, tuple(headers), provider.ConsumeBytes(provider.remaining_bytes())


def one_input(data: bytes) -> None:
    query, headers, body = _split(data)
    try:
        form = parse_form(body, query)
        form.pop("Action", None)
        form.pop("Version", None)
        parse_query_input(CREATE_USER, form)
    except IamError:
        pass
    with contextlib.suppress(IamError):
        parse_json_input(LOOKUP_EVENTS, body)
    request = HttpRequest(
        "POST", "/", query, (("content-type", "application/x-www-form-urlencoded"), *headers), body
    )
    with contextlib.suppress(IamError):
        read_signature_claim(request, now=NOW, services=SERVICES)
    response = PIPELINE.handle(request, CLIENT)
    if response.status >= 500:
        raise AssertionError(f"the pipeline answered {response.status}: {response.body[:300]!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

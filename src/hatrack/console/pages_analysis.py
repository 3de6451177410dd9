"""Least privilege in the console: the account's escalation findings, and a role's policy generated from
the trail (``hatrack analyze escalation`` and ``analyze generate-policy``, issue 17).

Neither is an AWS operation, so neither has a declaration of its own; each is shown only after the
API's own authorization has allowed, under the hat worn now, a real call that reads the same facts
(recorded in the trail like every console call): escalation paths are made of the account's users,
groups, roles and policies, which ``iam:GetAccountAuthorizationDetails`` returns [choice]; a role's
generated policy is made of the role and its sessions' events, which ``iam:GetRole`` and
``cloudtrail:LookupEvents`` return. A caller refused either sees AccessDenied's text and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hatrack.analysis.escalation import EscalationReport, analyze_escalation
from hatrack.analysis.generation import GeneratedPolicy, generate_policy
from hatrack.console import web
from hatrack.console.api_client import ApiError
from hatrack.errors import IamError

GENERATED_SINCE = timedelta(days=30)


async def analysis_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    role_name = request.query_params.get("role", "").strip()
    error = ""
    report: EscalationReport | None = None
    generated: GeneratedPolicy | None = None
    services = console.services
    partition, now = services.partition.name, console.now()
    try:
        await web.call_api(console, request, state, "iam", "GetAccountAuthorizationDetails", {"MaxItems": 1})

        def escalation() -> EscalationReport:
            with services.database.read() as conn:
                return analyze_escalation(conn, partition=partition, now=now, account_id=state.account_id)

        report = await anyio.to_thread.run_sync(escalation)
        if role_name:
            await web.call_api(console, request, state, "iam", "GetRole", {"RoleName": role_name})
            await web.call_api(console, request, state, "cloudtrail", "LookupEvents", {"MaxResults": 1})

            def generation() -> GeneratedPolicy:
                with services.database.read() as conn:
                    return generate_policy(
                        conn, state.account_id, role_name, since=now - GENERATED_SINCE, partition=partition
                    )

            generated = await anyio.to_thread.run_sync(generation)
    except ApiError as failure:
        error = failure.message
    except IamError as failure:
        error = failure.message
    findings: list[dict[str, Any]] = []
    if report is not None:
        for finding in report.findings:
            findings.append(
                {
                    "principal": finding.principal,
                    "target": "administrator" if finding.is_administrator else finding.gains,
                    "steps": [
                        f"as {step.actor}: {step.action} on {step.resource}"
                        + (f" ({step.note})" if step.note else "")
                        for step in finding.steps
                    ],
                }
            )
    return web.render(
        console,
        "analysis.html",
        state=state,
        csrf=state.csrf_token,
        error=error,
        report=report,
        findings=findings,
        role_name=role_name,
        generated=generated,
    )


def _step_text(step: Any) -> str:
    note = f" ({step.note})" if step.note else ""
    return f"as {step.actor}: {step.action} on {step.resource}{note}"


def routes(route: Callable[..., Route]) -> list[Any]:
    return [route("/console/analysis", analysis_page)]

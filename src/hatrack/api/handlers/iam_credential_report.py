"""The credential report: GenerateCredentialReport, GetCredentialReport (AWS's CSV,
``hatrack.analysis.credential_report``). Both have no resource type (``*``)."""

from __future__ import annotations

from hatrack.analysis import credential_report
from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import NoInput
from hatrack.api.shapes import iam as shapes

STARTED = "No report exists. Starting a new report generation task"


@operation(
    "iam", "GenerateCredentialReport", action="iam:GenerateCredentialReport", resource=targets.any_resource()
)
def generate_credential_report(call: Call, request: NoInput) -> shapes.GenerateCredentialReportResponse:
    state = credential_report.generate_report(
        call.conn, call.ctx.account_id, partition=call.ctx.partition, now=call.ctx.now
    )
    return shapes.GenerateCredentialReportResponse(
        state=state, description=STARTED if state == "STARTED" else None
    )


@operation(
    "iam",
    "GetCredentialReport",
    action="iam:GetCredentialReport",
    resource=targets.any_resource(),
    read_only=True,
)
def get_credential_report(call: Call, request: NoInput) -> shapes.GetCredentialReportResponse:
    report = credential_report.get_report(call.conn, call.ctx.account_id, now=call.ctx.now)
    return shapes.GetCredentialReportResponse(
        content=report.content.encode(), report_format="text/csv", generated_time=report.generated_at
    )

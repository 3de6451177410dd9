"""Service last-accessed reports: GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
GetServiceLastAccessedDetailsWithEntities (``hatrack.analysis.last_accessed`` reads the trail).

The Generate call is authorized on the entity it names (AWS's Service Authorization Reference: group,
policy, role, user); the Get calls have no resource type (``*``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hatrack.analysis import last_accessed
from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.errors import NoSuchEntity
from hatrack.iam.pagination import paginate


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@operation(
    "iam",
    "GenerateServiceLastAccessedDetails",
    action="iam:GenerateServiceLastAccessedDetails",
    resource=targets.analysed_entity(),
)
def generate_service_last_accessed_details(
    call: Call, request: shapes.GenerateServiceLastAccessedDetailsRequest
) -> shapes.GenerateServiceLastAccessedDetailsResponse:
    job_id = last_accessed.generate_job(
        call.conn,
        call.ctx.account_id,
        request.arn,
        granularity=request.granularity,
        partition=call.ctx.partition,
        now=call.ctx.now,
    )
    return shapes.GenerateServiceLastAccessedDetailsResponse(job_id=job_id)


def _service(entry: dict[str, Any]) -> shapes.ServiceLastAccessed:
    tracked = entry.get("TrackedActionsLastAccessed")
    return shapes.ServiceLastAccessed(
        service_name=entry["ServiceName"],
        service_namespace=entry["ServiceNamespace"],
        last_authenticated=_moment(entry.get("LastAuthenticated")),
        last_authenticated_entity=entry.get("LastAuthenticatedEntity"),
        last_authenticated_region=entry.get("LastAuthenticatedRegion"),
        total_authenticated_entities=entry.get("TotalAuthenticatedEntities"),
        tracked_actions_last_accessed=None
        if tracked is None
        else tuple(
            shapes.TrackedActionLastAccessed(
                action_name=action["ActionName"],
                last_accessed_entity=action.get("LastAccessedEntity"),
                last_accessed_time=_moment(action.get("LastAccessedTime")),
                last_accessed_region=action.get("LastAccessedRegion"),
            )
            for action in tracked
        ),
    )


@operation(
    "iam",
    "GetServiceLastAccessedDetails",
    action="iam:GetServiceLastAccessedDetails",
    resource=targets.any_resource(),
    read_only=True,
)
def get_service_last_accessed_details(
    call: Call, request: shapes.GetServiceLastAccessedDetailsRequest
) -> shapes.GetServiceLastAccessedDetailsResponse:
    job, result = last_accessed.find_job(call.conn, call.ctx.account_id, request.job_id)
    page = paginate(
        result["services"],
        key=lambda entry: str(entry["ServiceNamespace"]),
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.GetServiceLastAccessedDetailsResponse(
        job_status=job.status,
        job_type=job.granularity,
        job_creation_date=job.created_at,
        job_completion_date=job.completed_at or job.created_at,
        services_last_accessed=tuple(_service(entry) for entry in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam",
    "GetServiceLastAccessedDetailsWithEntities",
    action="iam:GetServiceLastAccessedDetailsWithEntities",
    resource=targets.any_resource(),
    read_only=True,
)
def get_service_last_accessed_details_with_entities(
    call: Call, request: shapes.GetServiceLastAccessedDetailsWithEntitiesRequest
) -> shapes.GetServiceLastAccessedDetailsWithEntitiesResponse:
    job, result = last_accessed.find_job(call.conn, call.ctx.account_id, request.job_id)
    entities = result["entities"].get(request.service_namespace)
    if entities is None:
        raise NoSuchEntity(f"The service {request.service_namespace} is not in the job.")  # guess
    page = paginate(
        entities,
        key=lambda entry: str(entry["EntityInfo"]["Arn"]),
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.GetServiceLastAccessedDetailsWithEntitiesResponse(
        job_status=job.status,
        job_creation_date=job.created_at,
        job_completion_date=job.completed_at or job.created_at,
        entity_details_list=tuple(
            shapes.EntityDetails(
                entity_info=shapes.EntityInfo(
                    arn=entry["EntityInfo"]["Arn"],
                    name=entry["EntityInfo"]["Name"],
                    type=entry["EntityInfo"]["Type"],
                    id=entry["EntityInfo"]["Id"],
                    path=entry["EntityInfo"]["Path"],
                ),
                last_authenticated=_moment(entry.get("LastAuthenticated")),
            )
            for entry in page.items
        ),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )

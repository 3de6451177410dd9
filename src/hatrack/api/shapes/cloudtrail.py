"""Typed shapes of the cloudtrail model (botocore), written by scripts/generate_shapes.py.

Do not edit: regenerate. tests/api/test_shapes.py fails when this file drifts from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from hatrack.api.shapes.base import Field, Kind, Shape


@dataclass(frozen=True, slots=True, kw_only=True)
class LookupAttribute(Shape):
    """``LookupAttribute`` of the cloudtrail model."""

    attribute_key: str
    attribute_value: str
    WIRE_NAME: ClassVar[str] = "LookupAttribute"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("attribute_key", "AttributeKey", Kind.SCALAR),
        Field("attribute_value", "AttributeValue", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LookupEventsRequest(Shape):
    """``LookupEventsRequest`` of the cloudtrail model."""

    lookup_attributes: tuple[LookupAttribute, ...] | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    event_category: str | None = None
    max_results: int | None = None
    next_token: str | None = None
    WIRE_NAME: ClassVar[str] = "LookupEventsRequest"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("lookup_attributes", "LookupAttributes", Kind.LIST, LookupAttribute),
        Field("start_time", "StartTime", Kind.SCALAR),
        Field("end_time", "EndTime", Kind.SCALAR),
        Field("event_category", "EventCategory", Kind.SCALAR),
        Field("max_results", "MaxResults", Kind.SCALAR),
        Field("next_token", "NextToken", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource(Shape):
    """``Resource`` of the cloudtrail model."""

    resource_type: str | None = None
    resource_name: str | None = None
    WIRE_NAME: ClassVar[str] = "Resource"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("resource_type", "ResourceType", Kind.SCALAR),
        Field("resource_name", "ResourceName", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Shape):
    """``Event`` of the cloudtrail model."""

    event_id: str | None = None
    event_name: str | None = None
    read_only: str | None = None
    access_key_id: str | None = None
    event_time: datetime | None = None
    event_source: str | None = None
    username: str | None = None
    resources: tuple[Resource, ...] | None = None
    cloud_trail_event: str | None = None
    WIRE_NAME: ClassVar[str] = "Event"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("event_id", "EventId", Kind.SCALAR),
        Field("event_name", "EventName", Kind.SCALAR),
        Field("read_only", "ReadOnly", Kind.SCALAR),
        Field("access_key_id", "AccessKeyId", Kind.SCALAR),
        Field("event_time", "EventTime", Kind.SCALAR),
        Field("event_source", "EventSource", Kind.SCALAR),
        Field("username", "Username", Kind.SCALAR),
        Field("resources", "Resources", Kind.LIST, Resource),
        Field("cloud_trail_event", "CloudTrailEvent", Kind.SCALAR),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LookupEventsResponse(Shape):
    """``LookupEventsResponse`` of the cloudtrail model."""

    events: tuple[Event, ...] | None = None
    next_token: str | None = None
    WIRE_NAME: ClassVar[str] = "LookupEventsResponse"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("events", "Events", Kind.LIST, Event),
        Field("next_token", "NextToken", Kind.SCALAR),
    )


REQUESTS: dict[str, type[Shape]] = {
    "LookupEvents": LookupEventsRequest,
}

RESPONSES: dict[str, type[Shape]] = {
    "LookupEvents": LookupEventsResponse,
}

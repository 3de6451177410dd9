"""Typed request and response classes generated from botocore's models (see ``base``)."""

from hatrack.api.shapes.base import Field, Kind, Shape

__all__ = ["Field", "Kind", "Shape"]

"""Typed request and response classes generated from botocore's models (see ``base``)."""

from hatrack.api.shapes.base import Field, Kind, NoInput, Shape

__all__ = ["Field", "Kind", "NoInput", "Shape"]

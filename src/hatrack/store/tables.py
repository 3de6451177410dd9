"""Imports every module that defines tables, so ``schema.metadata`` holds them all."""

from hatrack.store import schema
from hatrack.store.schema import metadata

__all__ = ["metadata", "schema"]

"""Imports every module that defines tables, so ``schema.metadata`` holds them all."""

from hatrack.store import (
    analysis_tables,  # noqa: F401  (last-accessed jobs, credential reports, key-age settings)
    audit_tables,  # noqa: F401  (audit trail)
    console,  # noqa: F401  (web console sessions, root passwords)
    generation,  # noqa: F401  (the policy-set generation counter)
    identity_tables,  # noqa: F401  (IAM users, groups, credentials)
    permission_tables,  # noqa: F401  (roles, policies, instance profiles, OIDC)
    schema,
    workload_tables,  # noqa: F401  (workloads, their CA and certificates, Roles Anywhere)
)
from hatrack.store.schema import metadata

__all__ = ["metadata", "schema"]

"""Imports every module that defines tables, so ``schema.metadata`` holds them all."""

from hatrack.store import (
    analysis_tables,  # noqa: F401  (last-accessed jobs, credential reports, key-age settings)
    audit_tables,  # noqa: F401  (audit trail)
    console,  # noqa: F401  (web console sessions, root passwords)
    generation,  # noqa: F401  (the policy-set generation counter)
    identity_tables,  # noqa: F401  (IAM users, groups, credentials)
    permission_tables,  # noqa: F401  (roles, policies, instance profiles, OIDC)
    saml,  # noqa: F401  (SAML providers, redeemed assertion ids)
    schema,
    service_linked_roles,  # noqa: F401  (deletion tasks of service-linked roles)
    signing_certificates,  # noqa: F401  (X.509 signing certificates of users and root)
    ssh_keys,  # noqa: F401  (SSH public keys of IAM users)
    workload_tables,  # noqa: F401  (workloads, their CA and certificates, Roles Anywhere)
)
from hatrack.store.schema import metadata

__all__ = ["metadata", "schema"]

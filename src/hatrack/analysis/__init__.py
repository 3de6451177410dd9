"""hatrack.analysis: least privilege, measured from hatrack's own policies, evaluator and trail.

- ``escalation`` (with ``inventory``, ``decide``, ``steps``, ``changes``): which users and roles can
  gain permissions, step by step, every step decided by ``hatrack.evaluation`` with the candidate's
  own policy set;
- ``generation``: the smallest identity policy that would have allowed a role's recorded calls;
- ``last_accessed``: services and IAM/STS actions last used (GenerateServiceLastAccessedDetails);
- ``credential_report``, ``key_age``, ``unused``: AWS's credential report, the key-age setting and
  its enforcement, credentials unused for N days.

Reads the store through ``hatrack.iam`` (the policy source the authorizer uses) and the store's
repositories; never imports ``api/`` or ``cli/`` (both call it). See docs/least-privilege.md.
"""

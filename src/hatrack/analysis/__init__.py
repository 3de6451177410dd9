"""hatrack.analysis: least privilege, measured from hatrack's own policies, evaluator and trail.

- ``escalation``: which users and roles can gain permissions, step by step (AssumeRole, PassRole,
  CreateAccessKey, login profiles, policy changes, trust changes, group membership, boundaries),
  every step decided by ``hatrack.evaluation`` with the candidate's own policy set;
- ``generation``: the smallest identity policy that would have allowed a role's recorded calls.

Reads the store through ``hatrack.iam`` (the policy source the authorizer uses) and the store's
repositories; never imports ``api/`` or ``cli/`` (both call it).
"""

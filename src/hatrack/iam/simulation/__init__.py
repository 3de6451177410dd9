"""The IAM policy simulator behind SimulatePrincipalPolicy and SimulateCustomPolicy, and the context keys
of policies behind GetContextKeysFor{Principal,Custom}Policy, one module per job:

- ``inputs``: checks of what a caller hands in (documents, counts, actions, ARNs, exclusions) with
  AWS's errors, and the request context made of ``ContextEntries``;
- ``sources``: the simulated principal's policies, read from the one policy source the authorizer
  also uses (``hatrack.iam.policy_source``), and ``PolicyExclusionList``;
- ``values``: what a simulation takes and returns (``Simulation``, ``ActionResult``, ``ResourceResult``);
- ``context_keys``: the keys policies reference, and those a simulation lacks;
- ``resources``: who owns a simulated resource, and AWS's name of its resource type;
- ``simulator``: the evaluations themselves, every decision by ``hatrack.evaluation.evaluate``.

Statement positions (``MatchedStatements``) come from ``hatrack.policy.positions``. Only ``sources``
reads the store; nothing here imports ``hatrack.api``.
"""

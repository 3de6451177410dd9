"""hatrack.evaluation: AWS's policy evaluation logic as a pure library.

Compile documents once (``compile_policy``, cached by content), then
``evaluate(AuthorizationRequest, PolicySet) -> Decision``. No I/O; imports only ``hatrack.policy``.
"""

from hatrack.evaluation.cases import case_from_json
from hatrack.evaluation.compile import (
    CompiledPolicy,
    CompiledStatement,
    PrincipalMatch,
    compile_document,
    compile_policy,
)
from hatrack.evaluation.engine import (
    Decision,
    DecisionEffect,
    MatchedStatement,
    PolicySet,
    PolicyType,
    evaluate,
)
from hatrack.evaluation.request import AuthorizationRequest

__all__ = [
    "AuthorizationRequest",
    "CompiledPolicy",
    "CompiledStatement",
    "Decision",
    "DecisionEffect",
    "MatchedStatement",
    "PolicySet",
    "PolicyType",
    "PrincipalMatch",
    "case_from_json",
    "compile_document",
    "compile_policy",
    "evaluate",
]

"""The context keys of policies (GetContextKeysFor{Principal,Custom}Policy) and the keys a simulation
lacks (``MissingContextValues``). Key names ignore case: each is reported once, as first written.

Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hatrack.evaluation import CompiledPolicy
from hatrack.iam.simulation.values import ContextValue
from hatrack.policy import PolicyDocument


def add_key(found: dict[str, str], key: str) -> None:
    """Remember ``key`` unless a key differing only in case is there already."""
    found.setdefault(key.lower(), key)


def context_keys(documents: Iterable[PolicyDocument]) -> tuple[str, ...]:
    """The condition keys and policy variables the documents reference, once each (names ignore case),
    in the order they appear: a statement's Resource/NotResource variables, then its conditions."""
    found: dict[str, str] = {}
    for document in documents:
        for statement in document.statements:
            for templates in (statement.resource or (), statement.not_resource or ()):
                for template in templates:
                    for variable in template.variables:
                        add_key(found, variable.key)
            for entry in statement.condition:
                add_key(found, entry.key)
                for template in entry.values:
                    for variable in template.variables:
                        add_key(found, variable.key)
    return tuple(found.values())


def missing_keys(
    policy: CompiledPolicy, action_key: str, resource: str, context: Mapping[str, ContextValue]
) -> list[str]:
    """Keys that statements naming the action (and the resource, unless it is written with variables)
    read but the context lacks."""
    missing: list[str] = []
    denies, allows = policy.for_action(action_key)
    for compiled in (*denies, *allows):
        statement = compiled.statement
        templates = (*(statement.resource or ()), *(statement.not_resource or ()))
        with_variables = any(template.variables for template in templates)
        if not with_variables:
            if compiled.resources is not None and not compiled.resources.matches(resource, context):
                continue
            if compiled.not_resources is not None and compiled.not_resources.matches(resource, context):
                continue
        needed: list[str] = [
            variable.key
            for template in templates
            for variable in template.variables
            if variable.default is None
        ]
        for entry in statement.condition:
            needed.append(entry.key)
            needed.extend(
                variable.key
                for template in entry.values
                for variable in template.variables
                if variable.default is None
            )
        missing.extend(key for key in needed if key.lower() not in context)
    return missing

"""``analyze_escalation``: every user and role that can gain permissions it does not have, with the
path as steps, paths to administrator (``*`` on ``*``) first.

For each analysed identity (a user with its long-term key, and its MFA device when it has one; a
role's session), a breadth-first walk over the steps of ``steps.py`` finds every identity whose
credentials it can come to hold, by the fewest steps, across the server's accounts. It is an
administrator's path when one of the held identities is an administrator, or when a held identity may
make a change of ``changes.py`` that turns itself, or an identity it can come to hold in turn, into
one ("on itself or on a role it can assume"). Any other held identity that may do something the
analysed one may not is reported as a gain. Identities that are administrators
already are listed apart: they have nothing left to gain.

Every decision is made by ``hatrack.evaluation`` (``decide.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.analysis.changes import ADMINISTRATOR, Changes
from hatrack.analysis.decide import Decider, Holding
from hatrack.analysis.inventory import Identity, Inventory, ManagedVersion, load_inventory, other_versions
from hatrack.analysis.steps import Moves, Step, TrustIndex


@dataclass(frozen=True, slots=True)
class Finding:
    """``principal`` can come to hold ``gains`` (an identity's ARN, or ``administrator``) by ``steps``."""

    principal: str
    principal_type: str  # user | role
    account_id: str
    gains: str
    steps: tuple[Step, ...]

    @property
    def is_administrator(self) -> bool:
        return self.gains == ADMINISTRATOR

    def to_json(self) -> dict[str, Any]:
        return {
            "principal": self.principal,
            "principalType": self.principal_type,
            "accountId": self.account_id,
            "gains": self.gains,
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass(frozen=True, slots=True)
class EscalationReport:
    analysed: int
    administrators: tuple[str, ...]
    findings: tuple[Finding, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "analysed": self.analysed,
            "administrators": list(self.administrators),
            "findings": [finding.to_json() for finding in self.findings],
        }


def _start(identity: Identity) -> Holding:
    return Holding(identity, mfa=identity.is_user and identity.has_mfa_device)


@dataclass
class Analysis:
    inventory: Inventory
    decider: Decider
    moves: Moves
    changes: Changes
    _reach: dict[tuple[str, bool], dict[tuple[str, bool], tuple[Holding, tuple[Step, ...]]]] = field(
        default_factory=dict
    )
    _by_change: dict[tuple[str, bool], tuple[Step, ...] | None] = field(default_factory=dict)

    def reach(self, start: Holding) -> dict[tuple[str, bool], tuple[Holding, tuple[Step, ...]]]:
        """Every holding reachable from ``start``, with its shortest path (remembered per holding). An
        administrator's moves are not followed: it may do anything, so what it reaches says no more."""
        known = self._reach.get(start.key)
        if known is not None:
            return known
        found: dict[tuple[str, bool], tuple[Holding, tuple[Step, ...]]] = {start.key: (start, ())}
        queue = deque([start])
        while queue:
            holding = queue.popleft()
            if holding.key != start.key and self.decider.is_administrator(holding):
                continue
            path = found[holding.key][1]
            for move in self.moves.out_of(holding):
                if move.reaches.key not in found:
                    found[move.reaches.key] = (move.reaches, path + move.steps)
                    queue.append(move.reaches)
        self._reach[start.key] = found
        return found

    def changed_to_administrator(self, actor: Holding) -> tuple[Step, ...] | None:
        """The shortest path by which ``actor`` changes itself, or an identity it can come to hold,
        into an administrator (the change, then the way to the changed identity)."""
        if actor.key in self._by_change:
            return self._by_change[actor.key]
        best: tuple[Step, ...] | None = None
        if self.changes.may_change(actor):
            for target, target_path in self.reach(actor).values():
                steps = self.changes.to_administrator(actor, target)
                if steps is not None:
                    best = _shorter(best, (*steps, *target_path))
        self._by_change[actor.key] = best
        return best

    def findings_of(self, identity: Identity) -> list[Finding]:
        start = _start(identity)
        reached = self.reach(start)
        best: tuple[Step, ...] | None = None
        for holding, path in reached.values():
            if holding.key != start.key and self.decider.is_administrator(holding):
                best = _shorter(best, path)
            by_change = self.changed_to_administrator(holding)
            if by_change is not None:
                best = _shorter(best, (*path, *by_change))
        found = []

        def finding(gains: str, steps: tuple[Step, ...]) -> Finding:
            return Finding(identity.arn, identity.kind, identity.account_id, gains, steps)

        if best is not None:
            found.append(finding(ADMINISTRATOR, best))
        seen = {identity.unique_id}
        for holding, path in reached.values():
            other = holding.identity
            if other.unique_id in seen:
                continue
            seen.add(other.unique_id)
            if self.decider.is_administrator(holding):
                continue  # its path is the administrator's finding
            if self.decider.adds_to(start, holding):
                found.append(finding(other.arn, path))
        return found


def _shorter(best: tuple[Step, ...] | None, path: tuple[Step, ...]) -> tuple[Step, ...]:
    return path if best is None or len(path) < len(best) else best


def analyze_inventory(
    inventory: Inventory,
    *,
    now: datetime,
    versions: Callable[[str], list[ManagedVersion]],
    account_id: str | None = None,
) -> EscalationReport:
    """The report for the identities of ``account_id`` (default: every account of the inventory)."""
    decider = Decider(inventory.partition, now)
    analysis = Analysis(
        inventory,
        decider,
        Moves(inventory, decider, TrustIndex(inventory)),
        Changes(inventory, decider, versions),
    )
    administrators: list[str] = []
    findings: list[Finding] = []
    analysed = 0
    for identity in sorted(inventory.identities.values(), key=lambda i: (i.account_id, i.kind, i.arn)):
        if account_id is not None and identity.account_id != account_id:
            continue
        analysed += 1
        if decider.is_administrator(_start(identity)):
            administrators.append(identity.arn)
            continue
        findings.extend(analysis.findings_of(identity))
    findings.sort(key=lambda f: (not f.is_administrator, f.principal, len(f.steps), f.gains))
    return EscalationReport(analysed, tuple(administrators), tuple(findings))


def analyze_escalation(
    conn: Connection, *, partition: str, now: datetime, account_id: str | None = None
) -> EscalationReport:
    """Read every account of the server (paths cross accounts) and analyse those of ``account_id``."""
    inventory = load_inventory(conn, partition=partition)
    memo: dict[str, list[ManagedVersion]] = {}

    def versions(policy_arn: str) -> list[ManagedVersion]:
        if policy_arn not in memo:
            memo[policy_arn] = other_versions(conn, inventory, policy_arn)
        return memo[policy_arn]

    return analyze_inventory(inventory, now=now, versions=versions, account_id=account_id)


def render_text(report: EscalationReport) -> str:
    """The report for a terminal: paths to administrator first, one numbered step per line."""
    lines = [f"{report.analysed} identities analysed."]
    if report.administrators:
        lines.append("Administrators already (can perform * on *):")
        lines.extend(f"  {arn}" for arn in report.administrators)
    if not report.findings:
        lines.append("No escalation path found.")
    for finding in report.findings:
        target = "ADMINISTRATOR" if finding.is_administrator else finding.gains
        lines.append(f"{finding.principal} -> {target}")
        for number, step in enumerate(finding.steps, start=1):
            note = f"  ({step.note})" if step.note else ""
            lines.append(f"  {number}. as {step.actor}: {step.action} on {step.resource}{note}")
    return "\n".join(lines)

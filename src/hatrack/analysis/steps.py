"""Steps that give the attacker another identity's credentials, each decided by the engine.

- ``AssumeRole``: the role's trust policy (as the resource policy, the caller's own id rendered to its
  ARN exactly as ``sts:AssumeRole`` does, ``hatrack.iam.trust_principals``) and the caller's identity
  policies and boundary, across the server's accounts;
- ``PassRole``: ``iam:PassRole`` on a role that trusts a compute service (``iam:PassedToService``),
  with that service's launch actions: code the attacker starts there runs as the role;
- ``CreateAccessKey``, ``CreateLoginProfile`` / ``UpdateLoginProfile`` on another user of the same
  account (a console password only for a user without an MFA device: its sign-in would ask a code);
- ``UpdateAssumeRolePolicy``: rewrite a role's trust to name the caller, then assume it.

Pure: the inventory was read before.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from hatrack.analysis.decide import SESSION_NAME, Context, Decider, Holding, target_context
from hatrack.analysis.inventory import ROLE, USER, Identity, Inventory
from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.iam.trust_principals import trust_for_caller
from hatrack.policy.ast import PrincipalType

# [choice] The services whose compute runs code as a passed role, with the actions that start it
# (the well-known PassRole escalations; Rhino Security Labs' list). A role trusting one of them can be
# worn by whoever may pass it there and start that compute.
COMPUTE_SERVICES: dict[str, tuple[str, ...]] = {
    "ec2.amazonaws.com": ("ec2:RunInstances",),
    "lambda.amazonaws.com": ("lambda:CreateFunction", "lambda:InvokeFunction"),
    "ecs-tasks.amazonaws.com": ("ecs:RegisterTaskDefinition", "ecs:RunTask"),
    "glue.amazonaws.com": ("glue:CreateDevEndpoint",),
    "cloudformation.amazonaws.com": ("cloudformation:CreateStack",),
    "codebuild.amazonaws.com": ("codebuild:CreateProject", "codebuild:StartBuild"),
    "sagemaker.amazonaws.com": ("sagemaker:CreateNotebookInstance",),
}

Decide = Callable[[Holding], bool]  # one step's decision for a holding


@dataclass(frozen=True, slots=True)
class Step:
    """One call in a path: who makes it (``actor``, an ARN), the action and resource the engine
    allowed, and what it yields (``gives``: an identity's ARN, or ``administrator``)."""

    kind: str
    actor: str
    action: str
    resource: str
    gives: str
    note: str = ""

    def to_json(self) -> dict[str, str]:
        shown = {
            "kind": self.kind,
            "actor": self.actor,
            "action": self.action,
            "resource": self.resource,
            "gives": self.gives,
        }
        if self.note:
            shown["note"] = self.note
        return shown


@dataclass(frozen=True, slots=True)
class Move:
    steps: tuple[Step, ...]
    reaches: Holding


class TrustIndex:
    """Which roles' trust policies could name a caller at all, so that only those are decided."""

    def __init__(self, inventory: Inventory) -> None:
        self.by_value: dict[str, list[Identity]] = defaultdict(list)
        self.by_account: dict[str, list[Identity]] = defaultdict(list)
        self.open: list[Identity] = []
        self.by_service: dict[tuple[str, str], list[Identity]] = defaultdict(list)
        for role in inventory.identities.values():
            if role.kind != ROLE or role.trust_policy is None:
                continue
            self._index(role, role.trust_policy)

    def _index(self, role: Identity, trust: str) -> None:
        named: set[str] = set()
        accounts: set[str] = set()
        is_open = False
        for compiled in compile_policy(trust).statements:
            if compiled.is_deny or not compiled.matches_action("sts:assumerole"):
                continue
            principal = compiled.principal
            if principal is None or compiled.not_principal is not None or principal.wildcard:
                is_open = True
                continue
            named |= principal.arns
            accounts |= principal.accounts
            for kind, value in principal.others:
                if kind is PrincipalType.SERVICE:
                    self.by_service[(role.account_id, value)].append(role)
            if any(any(c in value for c in "*?") for value in principal.arns):
                is_open = True
        for value in named:
            self.by_value[value].append(role)
        for account in accounts:
            self.by_account[account].append(role)
        if is_open:
            self.open.append(role)

    def named(self, holding: Holding) -> set[str]:
        """The roles whose trust names this caller itself, or anyone (no identity policy needed in
        the same account)."""
        identity = holding.identity
        found = {r.unique_id for r in self.by_value.get(identity.unique_id, ())}
        found |= {r.unique_id for r in self.by_value.get(identity.arn, ())}
        return found | {r.unique_id for r in self.open}

    def candidates(self, holding: Holding, *, by_account: bool) -> list[Identity]:
        identity = holding.identity
        found = {r.unique_id: r for r in self.by_value.get(identity.unique_id, ())}
        found |= {r.unique_id: r for r in self.by_value.get(identity.arn, ())}
        found |= {r.unique_id: r for r in self.open}
        if by_account:
            found |= {r.unique_id: r for r in self.by_account.get(identity.account_id, ())}
        found.pop(identity.unique_id, None)
        return list(found.values())


@dataclass
class Moves:
    """Every move out of a holding, computed once per holding."""

    inventory: Inventory
    decider: Decider
    index: TrustIndex
    _memo: dict[tuple[str, bool], list[Move]] = field(default_factory=dict)

    def out_of(self, holding: Holding) -> list[Move]:
        found = self._memo.get(holding.key)
        if found is None:
            found = [
                *self._assume(holding),
                *self._pass_role(holding),
                *self._user_credentials(holding),
                *self._trust_rewrites(holding),
            ]
            self._memo[holding.key] = found
        return found

    def _mfa_note(self, holding: Holding, decide: Decide) -> str | None:
        """None when not allowed; otherwise a note saying whether the holder's MFA code was needed."""
        if not decide(holding):
            return None
        if holding.mfa and not decide(Holding(holding.identity, mfa=False)):
            return f"needs the MFA device of {holding.identity.arn}"
        return ""

    def assume_role(self, holding: Holding, role: Identity, trust: str) -> str | None:
        identity = holding.identity
        engine_trust = trust_for_caller(trust, identity.unique_id, identity.arn)

        def decide(h: Holding) -> bool:
            extra: Context = {"sts:RoleSessionName": SESSION_NAME, **target_context(role)}
            if h.mfa:
                extra |= {"aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "0"}
            return self.decider.allowed(
                h,
                "sts:AssumeRole",
                role.arn,
                resource_account=role.account_id,
                extra=extra,
                trust=engine_trust,
            )

        return self._mfa_note(holding, decide)

    def _assume(self, holding: Holding) -> list[Move]:
        moves = []
        by_account = self.decider.may_mention(holding, "sts:AssumeRole")
        named = self.index.named(holding)
        for role in self.index.candidates(holding, by_account=by_account):
            assert role.trust_policy is not None
            if role.unique_id not in named and not self.decider.may_allow_on(
                holding, "sts:AssumeRole", role.arn
            ):
                continue  # trusted through the account only: the caller's own policy must allow
            note = self.assume_role(holding, role, role.trust_policy)
            if note is None:
                continue
            step = Step("AssumeRole", holding.identity.arn, "sts:AssumeRole", role.arn, role.arn, note)
            moves.append(Move((step,), Holding(role, mfa=holding.mfa)))
        return moves

    def service_may_assume(self, role: Identity, service: str) -> bool:
        assert role.trust_policy is not None
        request = AuthorizationRequest(
            principal_arn=service,
            principal_account=role.account_id,
            action="sts:AssumeRole",
            resource_arn=role.arn,
            resource_account=role.account_id,
            principal_type=PrincipalType.SERVICE,
        )
        policies = PolicySet(resource=compile_policy(role.trust_policy), resource_is_trust_policy=True)
        return evaluate(request, policies).allowed

    def _pass_role(self, holding: Holding) -> list[Move]:
        if not self.decider.may_mention(holding, "iam:PassRole"):
            return []
        moves = []
        account = holding.identity.account_id
        for service, launch in COMPUTE_SERVICES.items():
            for role in self.index.by_service.get((account, service), ()):
                if role.unique_id == holding.identity.unique_id or not self.service_may_assume(role, service):
                    continue

                def decide(
                    h: Holding,
                    role: Identity = role,
                    service: str = service,
                    launch: tuple[str, ...] = launch,
                ) -> bool:
                    passed: Context = {"iam:PassedToService": service, **target_context(role)}
                    return self.decider.allowed(h, "iam:PassRole", role.arn, extra=passed) and all(
                        self.decider.allowed(h, action, "*") for action in launch
                    )

                note = self._mfa_note(holding, decide)
                if note is None:
                    continue
                text = f"passed to {service}, started with {', '.join(launch)}"
                step = Step(
                    "PassRole", holding.identity.arn, "iam:PassRole", role.arn, role.arn, _join(text, note)
                )
                moves.append(Move((step,), Holding(role, mfa=False)))
        return moves

    def _user_credentials(self, holding: Holding) -> list[Move]:
        keys = self.decider.may_mention(holding, "iam:CreateAccessKey")
        create_profile = self.decider.may_mention(holding, "iam:CreateLoginProfile")
        update_profile = self.decider.may_mention(holding, "iam:UpdateLoginProfile")
        if not (keys or create_profile or update_profile):
            return []
        moves = []
        for user in self.inventory.in_account(holding.identity.account_id, USER):
            if user.unique_id == holding.identity.unique_id:
                continue
            wanted = []
            if not any(
                self.decider.may_allow_on(holding, action, user.arn)
                for action in ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")
            ):
                continue
            if keys:
                wanted.append(("CreateAccessKey", "iam:CreateAccessKey", ""))
            if not user.has_mfa_device:
                if user.has_login_profile and update_profile:
                    wanted.append(("UpdateLoginProfile", "iam:UpdateLoginProfile", "console password reset"))
                elif not user.has_login_profile and create_profile:
                    wanted.append(("CreateLoginProfile", "iam:CreateLoginProfile", "console password"))
            for kind, action, text in wanted:

                def decide(h: Holding, action: str = action, user: Identity = user) -> bool:
                    return self.decider.allowed(h, action, user.arn, extra=target_context(user))

                note = self._mfa_note(holding, decide)
                if note is None:
                    continue
                step = Step(kind, holding.identity.arn, action, user.arn, user.arn, _join(text, note))
                moves.append(Move((step,), Holding(user, mfa=False)))
                break  # one way to the user's credentials is enough
        return moves

    def _trust_rewrites(self, holding: Holding) -> list[Move]:
        if not self.decider.may_mention(holding, "iam:UpdateAssumeRolePolicy"):
            return []
        identity = holding.identity
        naming_me = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": identity.arn}, "Action": "sts:AssumeRole"}
                ],
            }
        )
        moves = []
        for role in self.inventory.in_account(identity.account_id, ROLE):
            if role.unique_id == identity.unique_id:
                continue
            if not self.decider.may_allow_on(holding, "iam:UpdateAssumeRolePolicy", role.arn):
                continue

            def decide(h: Holding, role: Identity = role) -> bool:
                return self.decider.allowed(
                    h, "iam:UpdateAssumeRolePolicy", role.arn, extra=target_context(role)
                )

            note = self._mfa_note(holding, decide)
            if note is None:
                continue
            assumed = self.assume_role(holding, role, naming_me)
            if assumed is None:
                continue
            rewrite = Step(
                "UpdateAssumeRolePolicy",
                identity.arn,
                "iam:UpdateAssumeRolePolicy",
                role.arn,
                role.arn,
                _join(f"trust rewritten to name {identity.arn}", note),
            )
            assume = Step("AssumeRole", identity.arn, "sts:AssumeRole", role.arn, role.arn, assumed)
            moves.append(Move((rewrite, assume), Holding(role, mfa=holding.mfa)))
        return moves


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)

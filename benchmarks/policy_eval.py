"""Policy evaluation benchmark: hatrack's engine against moto's IAM evaluator and Cedar (cedarpy).

Workload: 20 principals, each with 10 attached policies of 5 statements (Allow and Deny, wildcard
actions and resources, StringEquals and IpAddress conditions, a ``${aws:username}`` variable), and
10,000 requests mixed about two thirds allowed, a fifth implicitly denied, the rest explicitly
denied. Each engine runs the same requests warm on one core; the script prints decisions per
second, the ratios, and checks that the engines agree where their semantics overlap:

* Cedar is given the same logic (actions expanded from the wildcards, ``like`` for resources,
  context records for conditions, a resource attribute for the variable): it must agree on every
  request (a Cedar deny with a determining ``forbid`` is an explicit deny).
* moto's ``IAMPolicy`` (as its server calls it: the document parsed per call, no condition values)
  ignores conditions and policy variables and matches actions case-sensitively, so it is compared
  on the requests whose action-matching statements have neither.

Run: ``python benchmarks/policy_eval.py`` (needs the ``bench`` extra: moto, cedarpy).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.policy.glob import glob_matches

ACCOUNT = "111122223333"
TEAMS = ("blue", "red", "green", "gold")
PRINCIPALS = 20
POLICIES = 10
REQUESTS = 10_000
CORPORATE = ["10.0.0.0/8", "2001:db8::/32"]
ACTIONS = (
    "s3:GetObject",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:DeleteObject",
    "ec2:DescribeInstances",
    "ec2:StartInstances",
    "ec2:TerminateInstances",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:DeleteItem",
    "iam:CreateUser",
    "sqs:SendMessage",
)


def username(index: int) -> str:
    return f"user{index:02d}"


def team(index: int) -> str:
    return TEAMS[index % len(TEAMS)]


def statements_of(principal: int, number: int) -> list[dict[str, object]]:
    """Five statements of policy ``number``: it covers its own buckets, table and instances."""
    data = f"arn:aws:s3:::data-{number}"
    table = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{number}"
    return [
        {
            "Sid": "ReadTeamData",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:List*"],
            "Resource": [data, f"{data}/*"],
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": TEAMS[number % len(TEAMS)]}},
        },
        {
            "Sid": "WriteOwnHome",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::home-{number}/home/${{aws:username}}/*",
        },
        {
            "Sid": "ProtectData",
            "Effect": "Deny",
            "Action": ["s3:DeleteObject", "s3:PutObject"],
            "Resource": f"{data}/protected/*",
        },
        {
            "Sid": "OperateFromCorporateNetwork",
            "Effect": "Allow",
            "Action": ["ec2:Describe*", "ec2:StartInstances"],
            "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": CORPORATE}},
        },
        {
            "Sid": "KeepTables" if number % 2 == 0 else "UseTables",
            "Effect": "Deny" if number % 2 == 0 else "Allow",
            "Action": "dynamodb:Delete*"
            if number % 2 == 0
            else ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Delete*"],
            "Resource": table
            if number % 2 == 0
            else [table, f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{number - 1}"],
        },
    ]


def documents_of(principal: int) -> list[dict[str, object]]:
    return [{"Version": "2012-10-17", "Statement": statements_of(principal, n)} for n in range(POLICIES)]


@dataclass(frozen=True, slots=True)
class Request:
    principal: int
    action: str
    resource: str
    context: dict[str, str]
    intended: str


def _context(principal: int, rng: random.Random, *, corporate: bool) -> dict[str, str]:
    address = (
        rng.choice([f"10.{rng.randrange(256)}.{rng.randrange(256)}.7", "2001:db8::17"])
        if corporate
        else rng.choice(["203.0.113.9", "198.51.100.20", "2001:db9::1"])
    )
    return {
        "aws:username": username(principal),
        "aws:userid": f"AIDA{principal:016d}",
        "aws:PrincipalTag/team": team(principal),
        "aws:SourceIp": address,
        "aws:RequestedRegion": "us-east-1",
        "aws:SecureTransport": "true",
        "aws:CurrentTime": "2025-06-01T12:00:00Z",
    }


def make_request(principal: int, outcome: str, rng: random.Random) -> Request:
    own_team = TEAMS.index(team(principal))
    mine = [n for n in range(POLICIES) if n % len(TEAMS) == own_team]
    others = [n for n in range(POLICIES) if n % len(TEAMS) != own_team]
    n = rng.randrange(POLICIES)
    corporate = True
    if outcome == "Allow":
        choice = rng.randrange(5)
        if choice == 0:
            action, resource = (
                "s3:GetObject",
                f"arn:aws:s3:::data-{rng.choice(mine)}/reports/{rng.randrange(500)}.csv",
            )
        elif choice == 1:
            action, resource = "s3:ListBucket", f"arn:aws:s3:::data-{rng.choice(mine)}"
        elif choice == 2:
            action, resource = (
                "s3:PutObject",
                f"arn:aws:s3:::home-{n}/home/{username(principal)}/f{rng.randrange(500)}",
            )
        elif choice == 3:
            action = rng.choice(["ec2:DescribeInstances", "ec2:StartInstances"])
            resource = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-{rng.randrange(10**8):08x}"
        else:
            odd = rng.choice([1, 3, 5, 7, 9])
            action, resource = (
                rng.choice(["dynamodb:GetItem", "dynamodb:Query"]),
                f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{odd}",
            )
    elif outcome == "ImplicitDeny":
        choice = rng.randrange(5)
        if choice == 0:
            action, resource = (
                "s3:GetObject",
                f"arn:aws:s3:::data-{rng.choice(others)}/reports/{rng.randrange(500)}.csv",
            )
        elif choice == 1:
            other = username((principal + 1 + rng.randrange(PRINCIPALS - 1)) % PRINCIPALS)
            action, resource = "s3:PutObject", f"arn:aws:s3:::home-{n}/home/{other}/f"
        elif choice == 2:
            action, resource, corporate = (
                "ec2:DescribeInstances",
                f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1",
                False,
            )
        elif choice == 3:
            action, resource = "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/new{rng.randrange(100)}"
        else:
            action, resource = "ec2:TerminateInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-2"
    else:
        choice = rng.randrange(3)
        if choice == 0:
            action, resource = "s3:DeleteObject", f"arn:aws:s3:::data-{n}/protected/{rng.randrange(100)}"
        elif choice == 1:
            action, resource = "s3:PutObject", f"arn:aws:s3:::data-{n}/protected/{rng.randrange(100)}"
        else:
            even = rng.choice([0, 2, 4, 6, 8])
            action, resource = "dynamodb:DeleteItem", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{even}"
    return Request(principal, action, resource, _context(principal, rng, corporate=corporate), outcome)


def workload(seed: int = 7) -> list[Request]:
    rng = random.Random(seed)
    outcomes = rng.choices(["Allow", "ImplicitDeny", "ExplicitDeny"], weights=[67, 20, 13], k=REQUESTS)
    return [make_request(rng.randrange(PRINCIPALS), outcome, rng) for outcome in outcomes]


# --- engines ------------------------------------------------------------------------------------


def hatrack_engine(texts: list[list[str]]) -> tuple[Callable[[Request], str], Callable[[Request], str]]:
    policy_sets = [PolicySet(identity=tuple(compile_policy(t) for t in principal)) for principal in texts]

    def decide_prebuilt(request: Request, _cache: dict[int, AuthorizationRequest] = {}) -> str:  # noqa: B006
        built = _cache.get(id(request))
        if built is None:
            built = _cache[id(request)] = to_hatrack(request)
        return evaluate(built, policy_sets[request.principal]).effect.value

    def decide_full(request: Request) -> str:
        return evaluate(to_hatrack(request), policy_sets[request.principal]).effect.value

    return decide_full, decide_prebuilt


def to_hatrack(request: Request) -> AuthorizationRequest:
    return AuthorizationRequest(
        principal_arn=f"arn:aws:iam::{ACCOUNT}:user/{username(request.principal)}",
        principal_account=ACCOUNT,
        action=request.action,
        resource_arn=request.resource,
        resource_account=ACCOUNT,
        context=request.context,
    )


def moto_engine(texts: list[list[str]]) -> Callable[[Request], str]:
    from moto.iam.access_control import IAMPolicy, PermissionResult

    def decide(request: Request) -> str:
        # What moto's IAMRequestBase.check_action_permitted does per request.
        permitted = False
        for text in texts[request.principal]:
            result = IAMPolicy(text).is_action_permitted(request.action, request.resource)
            if result == PermissionResult.DENIED:
                return "ExplicitDeny"
            if result == PermissionResult.PERMITTED:
                permitted = True
        return "Allow" if permitted else "ImplicitDeny"

    return decide


def _cedar_string(text: str) -> str:
    return json.dumps(text)


def _cedar_statement(principal: int, statement: dict[str, object], policy_id: str) -> str | None:
    patterns = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    actions = [a for a in ACTIONS if any(glob_matches(str(p), a, ignore_case=True) for p in patterns)]
    if not actions:
        return None
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    clauses: list[str] = []
    resource_tests: list[str] = []
    for pattern in resources:
        pattern = str(pattern)
        if pattern == "*":
            resource_tests = []
            break
        if "${aws:username}" in pattern:
            prefix = pattern.split("${aws:username}")[0]
            resource_tests.append(
                f"(resource.arn like {_cedar_string(prefix + '*')} && resource has homeUser && "
                f'context has "aws:username" && resource.homeUser == context["aws:username"])'
            )
        else:
            resource_tests.append(f"resource.arn like {_cedar_string(pattern)}")
    if resource_tests:
        clauses.append("(" + " || ".join(resource_tests) + ")")
    condition = statement.get("Condition", {})
    assert isinstance(condition, dict)
    for operator, keys in condition.items():
        for key, values in keys.items():
            values = values if isinstance(values, list) else [values]
            if operator == "StringEquals":
                tests = [f'context["{key}"] == {_cedar_string(v)}' for v in values]
            elif operator == "IpAddress":
                tests = [f'context["{key}"].isInRange(ip({_cedar_string(v)}))' for v in values]
            else:
                raise ValueError(operator)
            clauses.append(f'(context has "{key}" && ({" || ".join(tests)}))')
    effect = "permit" if statement["Effect"] == "Allow" else "forbid"
    action_list = ", ".join(f'Action::"{a}"' for a in actions)
    when = f" when {{ {' && '.join(clauses)} }}" if clauses else ""
    scope = f'principal == User::"{username(principal)}", action in [{action_list}], resource'
    return f'@id("{policy_id}")\n{effect}({scope}){when};'


def cedar_engine(
    documents: list[list[dict[str, object]]], requests: Sequence[Request]
) -> Callable[[Request], str]:
    import cedarpy

    policy_sets = []
    for principal, docs in enumerate(documents):
        texts = []
        for number, document in enumerate(docs):
            statements = document["Statement"]
            assert isinstance(statements, list)
            for index, statement in enumerate(statements):
                text = _cedar_statement(principal, statement, f"p{number}s{index}")
                if text:
                    texts.append(text)
        policy_sets.append(cedarpy.PolicySet.from_str("\n".join(texts)))
    home = re.compile(r"^arn:aws:s3:::home-\d+/home/([^/]+)/")
    entities = []
    for resource in sorted({r.resource for r in requests}):
        attrs: dict[str, str] = {"arn": resource}
        found = home.match(resource)
        if found:
            attrs["homeUser"] = found.group(1)
        entities.append({"uid": {"type": "Resource", "id": resource}, "attrs": attrs, "parents": []})
    entity_handle = cedarpy.Entities.from_json_str(json.dumps(entities))
    prepared: dict[int, dict[str, object]] = {}

    def cedar_request(request: Request) -> dict[str, object]:
        context: dict[str, object] = dict(request.context)
        context["aws:SourceIp"] = {"__extn": {"fn": "ip", "arg": request.context["aws:SourceIp"]}}
        return {
            "principal": f'User::"{username(request.principal)}"',
            "action": f'Action::"{request.action}"',
            "resource": {"type": "Resource", "id": request.resource},
            "context": context,
        }

    def decide(request: Request) -> str:
        built = prepared.get(id(request))
        if built is None:
            built = prepared[id(request)] = cedar_request(request)
        result = cedarpy.is_authorized(built, policy_sets[request.principal], entity_handle)
        if result.decision == cedarpy.Decision.Allow:
            return "Allow"
        return "ExplicitDeny" if result.diagnostics.reasons else "ImplicitDeny"

    return decide


# --- measurement --------------------------------------------------------------------------------


def answers_of(decide: Callable[[Request], str], requests: Sequence[Request]) -> list[str]:
    """One pass over every request: the answers, and the warm-up (caches, compiled matchers)."""
    return [decide(request) for request in requests]


def rates(
    engines: dict[str, tuple[Callable[[Request], str], Sequence[Request]]], *, rounds: int
) -> dict[str, float]:
    """Best decisions per second of each engine over ``rounds`` passes on its requests.

    Time is the process's CPU time, so a loaded machine that deschedules the process does not
    count against an engine; the engines take turns, round after round.
    """
    best = dict.fromkeys(engines, 0.0)
    for _ in range(rounds):
        for name, (decide, requests) in engines.items():
            started = time.process_time()
            for request in requests:
                decide(request)
            best[name] = max(best[name], len(requests) / (time.process_time() - started))
    return best


def in_moto_overlap(policy_sets: list[PolicySet], request: Request) -> bool:
    """True when no statement that names the action has a condition or a policy variable."""
    for policy in policy_sets[request.principal].identity:
        denies, allows = policy.for_action(request.action.lower())
        for statement in (*denies, *allows):
            if statement.conditions or any(t.variables for t in statement.statement.resource or ()):
                return False
    return True


def main() -> int:
    documents = [documents_of(p) for p in range(PRINCIPALS)]
    texts = [[json.dumps(d) for d in docs] for docs in documents]
    requests = workload()
    decide_full, decide_prebuilt = hatrack_engine(texts)
    answers = answers_of(decide_full, requests)
    answers_of(decide_prebuilt, requests)
    engines: dict[str, tuple[Callable[[Request], str], Sequence[Request]]] = {
        "hatrack": (decide_full, requests),
        "hatrack-evaluate-only": (decide_prebuilt, requests),
    }
    sample = requests[:2000]  # the slower engines are timed on the first 2,000 requests
    mix = Counter(answers)
    wrong = sum(1 for r, a in zip(requests, answers, strict=True) if a != r.intended)
    print(f"workload: {PRINCIPALS} principals x {POLICIES} policies x 5 statements, {len(requests)} requests")
    print("decision mix: " + ", ".join(f"{k} {v / len(requests):.1%}" for k, v in sorted(mix.items())))
    print(f"hatrack decisions differing from the workload's intended outcome: {wrong}")
    status = 0 if wrong == 0 else 1

    try:
        moto = moto_engine(texts)
        moto_answers = answers_of(moto, requests)
    except ImportError as error:
        print(f"moto not installed ({error}); pip install -e '.[bench]'")
    else:
        engines["moto"] = (moto, sample)
        policy_sets = [PolicySet(identity=tuple(compile_policy(t) for t in principal)) for principal in texts]
        overlap = [i for i, r in enumerate(requests) if in_moto_overlap(policy_sets, r)]
        disagree = [i for i in overlap if moto_answers[i] != answers[i]]
        print(f"moto agrees on {len(overlap) - len(disagree)}/{len(overlap)} requests in the overlap")
        status = status or (1 if disagree else 0)
    try:
        cedar = cedar_engine(documents, requests)
        cedar_answers = answers_of(cedar, requests)
    except ImportError as error:
        print(f"cedarpy not installed ({error}); pip install -e '.[bench]'")
    else:
        engines["cedarpy"] = (cedar, sample)
        disagree = [i for i, a in enumerate(cedar_answers) if a != answers[i]]
        print(f"cedarpy agrees on {len(requests) - len(disagree)}/{len(requests)} requests")
        status = status or (1 if disagree else 0)

    best = rates(engines, rounds=3)
    print("decisions per second (one core, warm, CPU time, best of 3 rounds; hatrack on all requests):")
    labels = {
        "hatrack": "hatrack (request built + evaluate)",
        "hatrack-evaluate-only": "hatrack (evaluate only)",
        "moto": "moto IAMPolicy",
        "cedarpy": "cedarpy is_authorized",
    }
    for name, value in best.items():
        print(f"  {labels[name]:<36} {value:>10,.0f}")
    for other in ("moto", "cedarpy"):
        if other in best:
            print(
                f"  hatrack / {other}: {best['hatrack'] / best[other]:.1f}x "
                f"(evaluate only {best['hatrack-evaluate-only'] / best[other]:.1f}x)"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())

"""``hatrack policy``: validate documents, simulate a request, decide cases in the shared JSONL format.

Thin: reads files, calls ``hatrack.policy`` and ``hatrack.evaluation``, prints. Mounted into the
main ``hatrack`` command as ``policy_group``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import click

from hatrack.errors import MalformedPolicyDocument
from hatrack.evaluation import (
    AuthorizationRequest,
    CompiledPolicy,
    PolicySet,
    case_from_json,
    compile_policy,
    evaluate,
)
from hatrack.policy import PolicyKind, validate_policy

KINDS = [
    "identity",
    "trust",
    "resource",
    "boundary",
    "session",
    "scp",
    "managed",
    "inline-user",
    "inline-group",
    "inline-role",
]


@click.group("policy")
def policy_group() -> None:
    """IAM policy documents: validate, simulate, decide."""


@policy_group.command("validate")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="identity",
    show_default=True,
    help="Where the policy is attached.",
)
def validate_command(files: tuple[Path, ...], kind: str) -> None:
    """Report every error and warning of each FILE; exit 1 when any has an error."""
    policy_kind = PolicyKind(kind)
    failed = False
    for path in files:
        result = validate_policy(path.read_text(encoding="utf-8"), policy_kind)
        for finding in result.findings:
            click.echo(f"{path}: {finding}")
        if result.ok:
            summary = "valid" + (f" ({len(result.warnings)} warning(s))" if result.warnings else "")
            click.echo(f"{path}: {summary}")
        failed = failed or not result.ok
    if failed:
        raise SystemExit(1)


def _load(path: Path) -> CompiledPolicy:
    try:
        return compile_policy(path.read_text(encoding="utf-8"), label=str(path))
    except MalformedPolicyDocument as error:
        raise click.BadParameter(f"{path}: {error.message}") from None


def _context(pairs: Sequence[str], context_json: str | None) -> dict[str, str | list[str]]:
    context: dict[str, str | list[str]] = {}
    if context_json:
        loaded = json.loads(context_json)
        if not isinstance(loaded, dict):
            raise click.BadParameter("--context-json must be a JSON object")
        for key, value in loaded.items():
            context[str(key)] = [str(item) for item in value] if isinstance(value, list) else str(value)
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator:
            raise click.BadParameter(f"--context takes KEY=VALUE, not {pair!r}")
        previous = context.get(key)
        if previous is None:
            context[key] = value
        else:  # a repeated key is multi-valued
            context[key] = [*([previous] if isinstance(previous, str) else previous), value]
    return context


def _account_of(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 else ""


@policy_group.command("simulate")
@click.option(
    "--identity",
    "identity_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--resource-policy", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--boundary", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--session", "session_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--scp",
    "scp_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="One level each.",
)
@click.option(
    "--trust/--no-trust",
    default=None,
    help="The resource policy is a role trust policy (default: for sts: actions).",
)
@click.option("--principal", default="arn:aws:iam::123456789012:user/simulated", show_default=True)
@click.option("--principal-account", default=None, help="Default: the account of --principal.")
@click.option("--action", required=True)
@click.option("--resource", default="*", show_default=True)
@click.option("--resource-account", default=None, help="Default: the principal's account.")
@click.option(
    "--context", "context_pairs", multiple=True, help="KEY=VALUE; repeat a key for a multi-valued key."
)
@click.option("--context-json", default=None, help="The context as a JSON object.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def simulate_command(
    identity_files: tuple[Path, ...],
    resource_policy: Path | None,
    boundary: Path | None,
    session_files: tuple[Path, ...],
    scp_files: tuple[Path, ...],
    trust: bool | None,
    principal: str,
    principal_account: str | None,
    action: str,
    resource: str,
    resource_account: str | None,
    context_pairs: tuple[str, ...],
    context_json: str | None,
    as_json: bool,
) -> None:
    """Decide one request against policy files and say why."""
    account = principal_account or _account_of(principal)
    request = AuthorizationRequest(
        principal_arn=principal,
        principal_account=account,
        action=action,
        resource_arn=resource,
        resource_account=resource_account or account,
        context=_context(context_pairs, context_json),
    )
    policies = PolicySet(
        identity=tuple(_load(path) for path in identity_files),
        resource=_load(resource_policy) if resource_policy else None,
        boundary=_load(boundary) if boundary else None,
        session=tuple(_load(path) for path in session_files),
        scps=tuple((_load(path),) for path in scp_files),
        resource_is_trust_policy=trust,
    )
    decision = evaluate(request, policies)
    matched = [
        {
            "policy_type": item.policy_type.value,
            "policy": item.policy_label,
            "statement": item.statement_index,
            "sid": item.sid,
            "effect": item.effect,
        }
        for item in decision.matched
    ]
    if as_json:
        reason = decision.reason_text(action)
        click.echo(json.dumps({"decision": decision.effect.value, "reason": reason, "matched": matched}))
        return
    click.echo(decision.effect.value)
    if not decision.allowed:
        because = decision.reason_text(action)
        click.echo(
            f"User: {principal} is not authorized to perform: {action} on resource: {resource} {because}"
        )
    for item in matched:
        sid = f" (Sid {item['sid']})" if item["sid"] else ""
        click.echo(
            f"  {item['effect']}: {item['policy_type']} {item['policy']} statement {item['statement']}{sid}"
        )


@policy_group.command("decide")
@click.argument("cases", type=click.File("r", encoding="utf-8"), default="-")
def decide_command(cases: TextIO) -> None:
    """Read cases in the shared JSONL format (a file or stdin); print one decision per line."""
    for number, line in enumerate(cases, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            request, policies = case_from_json(case)
        except (ValueError, KeyError, TypeError, MalformedPolicyDocument) as error:
            raise click.ClickException(f"line {number}: {error}") from None
        click.echo(evaluate(request, policies).effect.value)

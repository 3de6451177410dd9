"""``hatrack policy``: validate documents, simulate a request, decide cases in the shared JSONL format.

Thin: reads files, calls ``hatrack.policy`` and ``hatrack.evaluation``, prints. Mounted into the
main ``hatrack`` command as ``policy_group``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

import click

from hatrack.errors import IamError
from hatrack.evaluation import (
    AuthorizationRequest,
    CompiledPolicy,
    PolicySet,
    case_from_json,
    compile_policy,
    evaluate,
)
from hatrack.policy import PolicyKind, validate_policy
from hatrack.policy.kinds import MAX_DOCUMENT_CHARS

# One case line holds several documents (identity, session, SCPs ...): guess: room for 16 of the
# largest, JSON-escaped, before a line is refused without being parsed.
MAX_CASE_LINE_CHARS = 32 * MAX_DOCUMENT_CHARS

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
        try:
            text = _read_document(path)
        except OSError as error:
            click.echo(f"{path}: error: cannot read: {error}")
            failed = True
            continue
        except UnicodeDecodeError as error:
            click.echo(f"{path}: error: not UTF-8 text: {error.reason}")
            failed = True
            continue
        result = validate_policy(text, policy_kind)
        for finding in result.findings:
            click.echo(f"{path}: {finding}")
        if result.ok:
            summary = "valid" + (f" ({len(result.warnings)} warning(s))" if result.warnings else "")
            click.echo(f"{path}: {summary}")
        failed = failed or not result.ok
    if failed:
        raise SystemExit(1)


def _read_document(path: Path) -> str:
    """The file's text, read no further than one character past the largest document IAM takes
    (a longer one is refused by validation without the whole file in memory)."""
    with path.open(encoding="utf-8") as stream:
        return stream.read(MAX_DOCUMENT_CHARS + 1)


def _load(path: Path) -> CompiledPolicy:
    try:
        return compile_policy(_read_document(path), label=str(path))
    except IamError as error:
        raise click.BadParameter(f"{path}: {error.message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise click.BadParameter(f"{path}: cannot read: {error}") from None


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
    """Read cases in the shared JSONL format (a file or stdin); print one decision per line.

    A case that cannot be decided (bad JSON, a malformed policy, a line past the size limit) prints
    ``Error: line N: CODE: message`` in its place and the other cases are still decided; the exit
    status is 1 when any case errored, 0 otherwise. Blank lines print nothing.
    """
    errored = False
    for number, line in _case_lines(cases):
        if line is None:
            limit = MAX_CASE_LINE_CHARS
            click.echo(f"Error: line {number}: ValidationError: the case is longer than {limit} characters")
            errored = True
            continue
        if not line.strip():
            continue
        try:
            request, policies = case_from_json(json.loads(line))
            decision = evaluate(request, policies)
        except IamError as error:
            click.echo(f"Error: line {number}: {error.code}: {error.message}")
            errored = True
            continue
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            click.echo(f"Error: line {number}: InvalidCase: {error}")
            errored = True
            continue
        click.echo(decision.effect.value)
    if errored:
        raise SystemExit(1)


def _case_lines(stream: TextIO) -> Iterator[tuple[int, str | None]]:
    """(number, line) of each line, or (number, None) for a line longer than ``MAX_CASE_LINE_CHARS``
    (skipped to its end without being held in memory)."""
    number = 0
    while True:
        line = stream.readline(MAX_CASE_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) <= MAX_CASE_LINE_CHARS or line.endswith("\n"):
            yield number, line
            continue
        while line and not line.endswith("\n"):
            line = stream.readline(MAX_CASE_LINE_CHARS)
        yield number, None

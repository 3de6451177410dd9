"""Checks of a simulation's inputs, before anything is evaluated or read: documents, counts, action
names, ``ResourceOwner``, ``CallerArn``, ``PolicySourceArn`` and ``PolicyExclusionList`` entries, each
refused with AWS's error; and ``ContextEntries`` as a request context.

Pure: no store, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass

from hatrack.errors import IamError, InvalidInput, ValidationError
from hatrack.iam.attachments import GROUP, ROLE, USER
from hatrack.iam.simulation.values import ContextValue
from hatrack.policy import PolicyKind, check_policy
from hatrack.policy.parse import check_document_length

# How many documents and context values one simulation takes. AWS's model bounds each document
# (131072 characters) and the SCP levels (7) but not these lists; the request body (1 MiB) bounds
# them loosely. guess: limits generous for any real use, small enough to bound a request's work.
MAX_INPUT_POLICIES = 50
MAX_SCPS_PER_LEVEL = 5  # guess: AWS Organizations attaches at most 5 SCPs to one target
MAX_CONTEXT_ENTRIES = 1000
MAX_CONTEXT_VALUES = 1000  # per entry


def check_count(items: Sized, limit: int, member: str) -> None:
    """``ValidationError`` (AWS's input-validation wording) when ``items`` holds more than ``limit``."""
    if len(items) > limit:
        raise ValidationError(
            f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}"
        )


def check_input_policy(
    text: str, kind: PolicyKind = PolicyKind.IDENTITY, *, member: str = "policyInputList.1.member"
) -> str:
    """``text`` if it is a valid policy of ``kind``; a simulation refuses others with ``InvalidInput``
    (and a document longer than AWS's model allows with ``ValidationError``, before parsing it)."""
    check_document_length(text, member)
    try:
        check_policy(text, kind)
    except IamError as error:
        raise InvalidInput(error.message) from None
    return text


def check_action_name(action: str) -> str:
    """Actions are ``service:Operation``; the simulator does not take wildcards."""
    service, colon, name = action.partition(":")
    if not colon or not service or not name:
        raise InvalidInput(f"action name '{action}' must be prefixed with a service, such as iam:CreateUser")
    if "*" in action or "?" in action:
        raise InvalidInput(f"action name '{action}' must not contain wildcards")
    return action


def account_of_owner(owner: str) -> str:
    """``ResourceOwner`` as an account id: a 12-digit id or ``arn:PARTITION:iam::ACCOUNT:root``."""
    if len(owner) == 12 and owner.isdigit():
        return owner
    parts = owner.split(":", 5)
    is_root = len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root"
    if is_root and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    raise InvalidInput(f"ResourceOwner '{owner}' is not an account id or an account root ARN")


def caller_account_of(caller_arn: str) -> str:
    """The account of a simulated caller: an IAM user, group or role ARN (AWS refuses other principals)."""
    parts = caller_arn.split(":", 5)
    valid = (
        len(parts) == 6
        and parts[0] == "arn"
        and parts[2] == "iam"
        and len(parts[4]) == 12
        and parts[4].isdigit()
        and parts[5].split("/", 1)[0] in (USER, GROUP, ROLE)
        and "/" in parts[5]
    )
    if not valid:
        raise InvalidInput(f"CallerArn '{caller_arn}' must be the ARN of an IAM user, group or role")
    return parts[4]


def context_from_entries(entries: Iterable[tuple[str, Sequence[str], str | None]]) -> dict[str, ContextValue]:
    """``ContextEntries`` as a request context: list types (and several values) are multi-valued keys.

    An entry of a single-valued type with no value is left out: the key is absent from the simulation.
    """
    context: dict[str, ContextValue] = {}
    for name, values, key_type in entries:
        if key_type is not None and key_type.endswith("List"):
            context[name] = tuple(values)
        elif len(values) == 1:
            context[name] = values[0]
        elif values:
            context[name] = tuple(values)
    return context


def parse_source_arn(arn: str) -> tuple[str, str, str, str]:
    """(account, kind, path, name) of a ``PolicySourceArn``: a user, group or role ARN."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and not parts[3]:
        kind, slash, rest = parts[5].partition("/")
        if kind in (USER, GROUP, ROLE) and slash and rest and not rest.endswith("/"):
            cut = rest.rfind("/")
            return parts[4], kind, "/" + rest[: cut + 1], rest[cut + 1 :]
    raise source_arn_error(arn)


def source_arn_error(arn: str) -> InvalidInput:
    """The refusal of a ``PolicySourceArn`` that names no user, group or role (of this partition)."""
    # guess: AWS's wording
    return InvalidInput(f"Invalid ARN {arn}: PolicySourceArn must be the ARN of an IAM user, group or role")


@dataclass(frozen=True, slots=True)
class PolicyExclusion:
    """One ``PolicyIdentifier``: exactly one of a policy type, a managed policy ARN (``*``/``?`` in the
    name), or an inline policy by name and the user/group/role it is attached to."""

    policy_type: str | None = None
    policy_arn: str | None = None
    inline: tuple[str, str, str] | None = None  # (policy name, attachment type, attachment name)


_EXCLUDABLE_TYPES = frozenset({"inline", "aws-managed", "user-managed", "permission-boundary", "scp", "rcp"})


def check_exclusion(exclusion: PolicyExclusion) -> PolicyExclusion:
    """``InvalidInput`` for an identifier that names nothing or more than one thing, or a malformed ARN."""
    given = [exclusion.policy_type, exclusion.policy_arn, exclusion.inline]
    if sum(member is not None for member in given) != 1:
        raise InvalidInput(
            "a PolicyIdentifier must specify exactly one of PolicyType, PolicyArn, InlinePolicyIdentifier"
        )
    if exclusion.policy_type is not None and exclusion.policy_type not in _EXCLUDABLE_TYPES:
        raise InvalidInput(f"PolicyType '{exclusion.policy_type}' is not valid")
    if exclusion.policy_arn is not None:
        arn = exclusion.policy_arn
        parts = arn.split(":", 5)
        head_ok = len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and not parts[3]
        if not head_ok or not parts[5].startswith("policy/") or any(c in ":".join(parts[:5]) for c in "*?"):
            raise InvalidInput(f"ARN {arn} is not valid.")
        resource = parts[5]
        path, name = resource[: resource.rfind("/") + 1], resource[resource.rfind("/") + 1 :]
        if not name or "*" in path or "?" in path or name.count("*") > 1:
            raise InvalidInput(f"ARN {arn} is not valid.")
    return exclusion

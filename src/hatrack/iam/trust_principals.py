"""Trust-policy principals kept by unique id, as AWS keeps them.

"If your Principal element in a role trust policy contains an ARN that points to a specific IAM role,
then that ARN transforms to the role unique principal ID when you save the policy ... If someone
deletes and recreates the role, the role has a new principal ID" (IAM User Guide, "AWS JSON policy
elements: Principal"). The same holds for IAM users.

Storage (no extra column): the stored document is the document as written with each ``"AWS"``
principal that names an existing IAM user or role of this server replaced by that entity's unique id
(``AIDA…`` / ``AROA…``). So:

* saving (CreateRole, UpdateAssumeRolePolicy) resolves names to ids; a user or role ARN of a hosted
  account that names no entity is refused: MalformedPolicyDocument ``Invalid principal in policy:
  "AWS":"ARN"``, as AWS answers;
* reading (GetRole, ListRoles, GetAccountAuthorizationDetails) renders every id whose entity still
  exists back to its current ARN; the id of a deleted entity stays, as AWS shows it;
* deciding (AssumeRole) renders only the *caller's own* id, and only while the caller's user or role
  still exists with that id, to the caller's ARN; every other id names nobody the engine can match.
  A deleted and re-created role has a new id, so neither its old sessions nor its new ones match.

The text is rewritten in place (only the quoted principal strings change) when each rewritten value
occurs in the text only as a principal; otherwise the document is re-serialised from its JSON tree.
User or role ARNs of accounts this server does not host, wildcards, ``root``, account ids, assumed-role
and federated-user ARNs are kept as written (they are matched as ARNs, as before).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.errors import MalformedPolicyDocument
from hatrack.store import principal_ids

# hatrack's user and role ids: a four-letter prefix and 17 base32 characters (credentials.ids).
_UNIQUE_ID = re.compile(r"(?:AIDA|AROA)[A-Z2-7]{17}", re.ASCII)
_ENTITY_ARN = re.compile(r"arn:([^:]+):iam::(\d{12}):(user|role)(/(?:[^*?]*/)?)([^/*?]+)", re.ASCII)


def _statements(tree: Any) -> list[Any]:
    statements = tree.get("Statement") if isinstance(tree, dict) else None
    if isinstance(statements, dict):
        return [statements]
    return statements if isinstance(statements, list) else []


def _aws_values(tree: Any) -> Iterator[str]:
    """Every ``"AWS"`` value of every Principal / NotPrincipal element of the document."""
    for statement in _statements(tree):
        if not isinstance(statement, dict):
            continue
        for element in ("Principal", "NotPrincipal"):
            principal = statement.get(element)
            if not isinstance(principal, dict):
                continue
            aws = principal.get("AWS")
            for value in aws if isinstance(aws, list) else [aws]:
                if isinstance(value, str):
                    yield value


def _replace_in_tree(tree: Any, mapping: Mapping[str, str]) -> None:
    for statement in _statements(tree):
        if not isinstance(statement, dict):
            continue
        for element in ("Principal", "NotPrincipal"):
            principal = statement.get(element)
            if not isinstance(principal, dict) or "AWS" not in principal:
                continue
            aws = principal["AWS"]
            if isinstance(aws, list):
                principal["AWS"] = [mapping.get(v, v) if isinstance(v, str) else v for v in aws]
            elif isinstance(aws, str):
                principal["AWS"] = mapping.get(aws, aws)


def replace_principals(document: str, mapping: Mapping[str, str]) -> str:
    """``document`` with each ``"AWS"`` principal value that is a key of ``mapping`` replaced by its value.

    Pure. Keeps the text as written when every replaced value occurs in it only as a principal (the
    quoted literal is swapped); otherwise the JSON tree is rewritten and serialised again.
    """
    if not mapping:
        return document
    tree = json.loads(document)
    values = list(_aws_values(tree))
    present = {old: new for old, new in mapping.items() if old in values}
    if not present:
        return document
    text = document
    for old, new in present.items():
        literal = json.dumps(old)
        if text.count(literal) != values.count(old):
            _replace_in_tree(tree, present)
            return json.dumps(tree)
        text = text.replace(literal, json.dumps(new))
    return text


def invalid_principal(value: str) -> MalformedPolicyDocument:
    return MalformedPolicyDocument(f'Invalid principal in policy: "AWS":"{value}"')


def resolve_principals(conn: Connection, document: str, *, partition: str) -> str:
    """The document to store: user and role principal ARNs of hosted accounts replaced by unique ids.

    The document must already be valid (``check_policy``). Raises ``MalformedPolicyDocument`` for an
    ARN of a hosted account that names no user or role (or names one under another path).
    """
    mapping: dict[str, str] = {}
    for value in _aws_values(json.loads(document)):
        match = _ENTITY_ARN.fullmatch(value)
        if match is None or value in mapping:
            continue
        arn_partition, account_id, kind, path, name = match.groups()
        if arn_partition != partition or not principal_ids.account_exists(conn, account_id):
            continue  # not a principal of this server: kept as written (it can match nobody here)
        found = principal_ids.find_by_name(conn, kind, account_id, name)
        if found is None or found.path != path or found.name != name:
            raise invalid_principal(value)
        mapping[value] = found.unique_id
    return replace_principals(document, mapping)


def stored_ids(document: str) -> set[str]:
    """The unique ids that stand as principals in a stored document."""
    if "AIDA" not in document and "AROA" not in document:
        return set()
    return {value for value in _aws_values(json.loads(document)) if _UNIQUE_ID.fullmatch(value)}


def render_principals(conn: Connection, document: str, *, partition: str) -> str:
    """The stored document as clients read it: ids of existing users and roles back to their ARNs."""
    return render_all_principals(conn, [document], partition=partition)[0]


def render_all_principals(conn: Connection, documents: Sequence[str], *, partition: str) -> list[str]:
    """``render_principals`` of each document, with one look-up for the ids of all of them (a page of
    ListRoles, GetAccountAuthorizationDetails)."""
    wanted = [stored_ids(document) for document in documents]
    every = set().union(*wanted)
    if not every:
        return list(documents)
    found = principal_ids.find_by_ids(conn, every)
    arns = {uid: entity.arn(partition) for uid, entity in found.items()}
    return [
        replace_principals(document, {uid: arns[uid] for uid in ids if uid in arns}) if ids else document
        for document, ids in zip(documents, wanted, strict=True)
    ]


@lru_cache(maxsize=4096)
def trust_for_caller(document: str, caller_id: str, caller_arn: str) -> str:
    """The stored document as the engine sees it for one caller: the caller's own id (and no other)
    becomes the caller's ARN. Pure and cached: AssumeRole is on the hot path."""
    if caller_id not in document:
        return document
    return replace_principals(document, {caller_id: caller_arn})

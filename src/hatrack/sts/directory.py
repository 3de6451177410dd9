"""What STS reads from IAM: roles, managed policy documents, MFA devices, OIDC providers.

The one place where ``sts`` meets IAM's repositories, so the operations stay readable and a change of
IAM's API is one edit. AssumeRole reads exactly one role here (one round trip for the row, one for
its tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.keyring import Keyring
from hatrack.iam.mfa_throttle import MfaThrottle
from hatrack.model import Caller, CallerKind, TokenKind
from hatrack.sts.credentials import ACCOUNT_NUMBERS, TemporaryKeys, new_temporary_keys, read_temporary_key_id


@dataclass(frozen=True, slots=True)
class RoleTarget:
    """A role ARN taken apart: ``arn:PARTITION:iam::ACCOUNT:role/PATH/NAME``."""

    arn: str
    partition: str
    account_id: str
    path: str
    name: str


@dataclass(frozen=True, slots=True)
class Role:
    """What a role session needs of its role."""

    role_id: str
    account_id: str
    name: str
    path: str
    trust_policy: str
    max_session_duration: int


def parse_role_arn(text: str) -> RoleTarget | None:
    """The parts of an IAM role ARN, or None when ``text`` is not one."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or parts[3] != "":
        return None
    partition, account_id, resource = parts[1], parts[4], parts[5]
    if not partition or len(account_id) != 12 or not account_id.isdigit() or not resource.startswith("role/"):
        return None
    path, _, name = resource[len("role") :].rpartition("/")
    if not name:
        return None
    return RoleTarget(arn=text, partition=partition, account_id=account_id, path=path + "/", name=name)


def find_role(conn: Connection, target: RoleTarget) -> Role | None:
    """The role ``target`` names, or None when there is none with that name *and* path (one query)."""
    from hatrack.iam.cached_reads import role_by_name

    record = role_by_name(conn, target.account_id, target.name)
    if record is None or record.path != target.path or record.role_name != target.name:
        return None
    return Role(
        role_id=record.role_id,
        account_id=record.account_id,
        name=record.role_name,
        path=record.path,
        trust_policy=record.assume_role_policy_document,
        max_session_duration=record.max_session_duration,
    )


@dataclass(frozen=True, slots=True)
class LivePrincipal:
    """The IAM user or role behind a caller as it exists now: its unique id and current ARN."""

    unique_id: str
    arn: str


def live_principal(conn: Connection, caller: Caller, *, partition: str) -> LivePrincipal | None:
    """The user or role a trust policy's id-keyed principal must match for ``caller``; None for the root,
    federated users, and a session whose user or role was deleted (or deleted and re-created: the id
    in the sealed session is then not the entity's id any more).

    A long-term key's user needs no read: a user cannot be deleted while it has access keys.
    """
    session = caller.session
    if session is None:
        if caller.kind is CallerKind.IAM_USER and caller.principal_id:
            return LivePrincipal(caller.principal_id, caller.arn)
        return None
    from hatrack.store.principal_ids import find_by_ids

    if session.kind is TokenKind.ASSUMED_ROLE:
        wanted = session.role_id
    elif (
        session.kind in (TokenKind.SESSION_TOKEN, TokenKind.CONSOLE) and session.user_id and session.user_name
    ):
        wanted = session.user_id
    else:
        return None
    if not wanted:
        return None
    found = find_by_ids(conn, [wanted]).get(wanted)
    if found is None or found.account_id != caller.account_id:
        return None
    return LivePrincipal(found.unique_id, found.arn(partition))


def role_tags(conn: Connection, role: Role) -> tuple[tuple[str, str], ...]:
    """The role's tags: the resource tags (``aws:ResourceTag/*``) of sts:AssumeRole."""
    from hatrack.iam.cached_reads import role_tags as cached_role_tags

    return cached_role_tags(conn, role.account_id, role.role_id)


def managed_policy_document(conn: Connection, account_id: str, arn: str, *, partition: str) -> str | None:
    """The default version's document of the managed policy ``arn``: an AWS managed policy or a
    customer managed policy of ``account_id`` (session policies must live in the session's account).
    None for an ARN that is no policy ARN of the server's ``partition``."""
    from hatrack.errors import InvalidInput
    from hatrack.iam.managed_policies import check_policy_arn, default_document, find_policy

    try:
        view = find_policy(conn, account_id, check_policy_arn(arn, partition))
    except InvalidInput:
        return None
    return default_document(conn, view) if view is not None else None


def verify_mfa(
    conn: Connection,
    keyring: Keyring,
    caller: Caller,
    serial_number: str,
    code: str,
    *,
    now: datetime,
    throttle: MfaThrottle | None = None,
) -> bool:
    """True when ``serial_number`` is a virtual MFA device enabled for ``caller`` (an IAM user or the
    account root) and ``code`` is its current, not yet used, one-time code."""
    if caller.kind not in (CallerKind.IAM_USER, CallerKind.ROOT):
        return False  # a role session or federated user owns no MFA device
    from hatrack.store.mfa import get_device

    device = get_device(conn, serial_number)
    # A device enabled for the root records the account id as its user id, as the root's principal id is.
    if device is None or device.account_id != caller.account_id or device.user_id != caller.principal_id:
        return False
    from hatrack.iam.mfa import verify_mfa_code

    return verify_mfa_code(conn, keyring, caller.account_id, serial_number, code, now=now, throttle=throttle)


def temporary_keys_for(conn: Connection, account_id: str) -> TemporaryKeys:
    """A fresh temporary key id and secret for a session in ``account_id`` (one query: the account's
    number, which the key id carries for ``GetAccessKeyInfo``)."""
    from hatrack.store.accounts import account_number

    number = account_number(conn, account_id)
    # INVARIANT: sessions are minted only for accounts of this server, and create_account stops at
    # ACCOUNT_NUMBERS accounts; anything else is a bug, not a client's error.
    if number is None or number >= ACCOUNT_NUMBERS:
        raise RuntimeError(f"account {account_id} has no account number for temporary key ids")
    return new_temporary_keys(number)


def account_of_access_key(conn: Connection, access_key_id: str) -> str | None:
    """The account a key id belongs to: temporary keys name it, long-term keys are looked up.

    A temporary key id is read in the current layout first (its first 16 bits an account number),
    then in the legacy one of ids issued before it (the first 40 bits the account id); see
    ``sts.credentials``.
    """
    from hatrack.store.access_keys import get_access_key
    from hatrack.store.accounts import account_at, get_account

    if access_key_id.startswith("ASIA"):
        read = read_temporary_key_id(access_key_id)
        if read is None:
            return None
        current = account_at(conn, read.account_number)
        if current is not None:
            return current
        legacy = read.legacy_account_id
        return legacy if legacy is not None and get_account(conn, legacy) is not None else None
    key = get_access_key(conn, access_key_id)
    return key.account_id if key is not None else None


@dataclass(frozen=True, slots=True)
class OidcProvider:
    account_id: str
    arn: str
    url: str  # IAM's name of the issuer: host[:port][/path], no scheme
    client_ids: tuple[str, ...]
    jwks: str | None = None  # a key set the operator configured (``hatrack oidc set-keys``)
    jwks_uri: str | None = None  # where to fetch the key set from instead of the discovery document


def find_oidc_provider(conn: Connection, account_id: str, url: str, *, partition: str) -> OidcProvider | None:
    """The registered provider of ``url`` with its operator-configured keys (never its tags)."""
    from hatrack.store.oidc_providers import get_keys, get_provider

    record = get_provider(conn, account_id, url)
    if record is None:
        return None
    keys = get_keys(conn, account_id, record.url)
    return OidcProvider(
        account_id=account_id,
        arn=record.arn(partition),
        url=record.url,
        client_ids=tuple(record.client_ids),
        jwks=keys.jwks if keys is not None else None,
        jwks_uri=keys.jwks_uri if keys is not None else None,
    )

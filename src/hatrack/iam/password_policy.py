"""The account password policy: its AWS defaults, and the check every new password must pass.

UpdateAccountPasswordPolicy uses AWS's API defaults for the parameters it is not given (minimum length
6, nothing required, passwords never expire). An account without a policy is held to AWS's default
password policy (IAM User Guide, id_credentials_passwords_account-policy: at least 8 characters and
three of the four character types). A violation is ``PasswordPolicyViolation`` with AWS's message, which
never contains the password.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.credentials.passwords import verify_password
from hatrack.errors import NoSuchEntity, PasswordPolicyViolation
from hatrack.model.identities import PasswordPolicyRecord
from hatrack.store import login_profiles as store

VIOLATION = "Password does not conform to the account password policy."
NO_POLICY = "The Password Policy with domain name {account_id} cannot be found."
# The symbols AWS counts (IAM User Guide, "Setting an account password policy").
SYMBOLS = frozenset("!@#$%^&*()_+-=[]{}|'")
DEFAULT_MINIMUM_LENGTH = 6
AWS_DEFAULT_POLICY_MINIMUM_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


@dataclass(frozen=True, slots=True)
class PasswordRules:
    """What a new password is checked against: the account's policy or AWS's default one."""

    minimum_length: int
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    # AWS's default policy asks for three of the four character types instead of named ones.
    minimum_character_types: int = 0
    reuse_prevention: int = 0


def get_password_policy(conn: Connection, account_id: str) -> PasswordPolicyRecord:
    policy = store.get_password_policy(conn, account_id)
    if policy is None:
        raise NoSuchEntity(NO_POLICY.format(account_id=account_id))
    return policy


def update_password_policy(
    conn: Connection,
    account_id: str,
    *,
    minimum_password_length: int | None = None,
    require_symbols: bool | None = None,
    require_numbers: bool | None = None,
    require_uppercase_characters: bool | None = None,
    require_lowercase_characters: bool | None = None,
    allow_users_to_change_password: bool | None = None,
    max_password_age: int | None = None,
    password_reuse_prevention: int | None = None,
    hard_expiry: bool | None = None,
) -> PasswordPolicyRecord:
    """Replace the policy; every parameter not given takes AWS's default (not its earlier value)."""
    policy = PasswordPolicyRecord(
        minimum_password_length=minimum_password_length or DEFAULT_MINIMUM_LENGTH,
        require_symbols=bool(require_symbols),
        require_numbers=bool(require_numbers),
        require_uppercase_characters=bool(require_uppercase_characters),
        require_lowercase_characters=bool(require_lowercase_characters),
        allow_users_to_change_password=bool(allow_users_to_change_password),
        max_password_age=max_password_age or None,
        password_reuse_prevention=password_reuse_prevention or None,
        hard_expiry=bool(hard_expiry),
    )
    store.put_password_policy(conn, account_id, policy)
    return policy


def delete_password_policy(conn: Connection, account_id: str) -> None:
    if not store.delete_password_policy(conn, account_id):
        raise NoSuchEntity("The account policy with name PasswordPolicy cannot be found.")


def rules_of(policy: PasswordPolicyRecord | None) -> PasswordRules:
    if policy is None:
        return PasswordRules(minimum_length=AWS_DEFAULT_POLICY_MINIMUM_LENGTH, minimum_character_types=3)
    return PasswordRules(
        minimum_length=policy.minimum_password_length,
        require_symbols=policy.require_symbols,
        require_numbers=policy.require_numbers,
        require_uppercase=policy.require_uppercase_characters,
        require_lowercase=policy.require_lowercase_characters,
        reuse_prevention=policy.password_reuse_prevention or 0,
    )


def character_types(password: str) -> dict[str, bool]:
    return {
        "uppercase": any("A" <= c <= "Z" for c in password),
        "lowercase": any("a" <= c <= "z" for c in password),
        "numbers": any("0" <= c <= "9" for c in password),
        "symbols": any(c in SYMBOLS for c in password),
    }


def conforms(password: str, rules: PasswordRules) -> bool:
    """Whether ``password`` meets ``rules`` (length and character types; not reuse)."""
    if not rules.minimum_length <= len(password) <= MAX_PASSWORD_LENGTH:
        return False
    types = character_types(password)
    required = (
        (rules.require_uppercase, types["uppercase"]),
        (rules.require_lowercase, types["lowercase"]),
        (rules.require_numbers, types["numbers"]),
        (rules.require_symbols, types["symbols"]),
    )
    if any(needed and not present for needed, present in required):
        return False
    return sum(types.values()) >= rules.minimum_character_types


def check_new_password(password: str, rules: PasswordRules, *, previous_hashes: Sequence[str] = ()) -> None:
    """Raise ``PasswordPolicyViolation`` unless ``password`` conforms and is none of ``previous_hashes``."""
    if not conforms(password, rules):
        raise PasswordPolicyViolation(VIOLATION)
    if any(verify_password(old, password) for old in previous_hashes[: rules.reuse_prevention]):
        raise PasswordPolicyViolation(VIOLATION)

"""The pure rules of STS: durations, session tags, temporary key ids, credential limits, JWT checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hatrack.errors import AccessDenied, ValidationError
from hatrack.model import Caller, CallerKind, SessionClaims, SessionTag, TokenKind
from hatrack.sts.credentials import new_temporary_keys, read_temporary_key_id, session_window
from hatrack.sts.directory import parse_role_arn
from hatrack.sts.durations import role_session_seconds, session_token_seconds
from hatrack.sts.jwks import KeySource
from hatrack.sts.limits import check_credential_limits
from hatrack.sts.revocation import revoke_older_sessions_policy, token_issue_time_text
from hatrack.sts.session_tags import combine_session_tags, request_tag_context
from hatrack.sts.web_identity import provider_url_of_issuer

NOW = datetime(2026, 11, 28, 12, 0, 0, 123456, tzinfo=UTC)


def test_role_session_durations() -> None:
    assert role_session_seconds(None, max_session_duration=3600, chained=False) == 3600
    assert role_session_seconds(43200, max_session_duration=43200, chained=False) == 43200
    with pytest.raises(ValidationError, match="MaxSessionDuration"):
        role_session_seconds(3601, max_session_duration=3600, chained=False)
    with pytest.raises(ValidationError, match="role chaining"):
        role_session_seconds(3601, max_session_duration=43200, chained=True)
    assert role_session_seconds(3600, max_session_duration=43200, chained=True) == 3600


def test_session_token_durations_clamp_the_root_to_one_hour() -> None:
    assert session_token_seconds(None, is_root=False) == 43200
    assert session_token_seconds(129600, is_root=False) == 129600
    assert session_token_seconds(None, is_root=True) == 3600
    assert session_token_seconds(129600, is_root=True) == 3600
    assert session_token_seconds(900, is_root=True) == 900


def test_temporary_key_ids_name_their_account_number() -> None:
    for number in (0, 1, 4242, 65535):
        keys = new_temporary_keys(number)
        assert keys.access_key_id.startswith("ASIA") and len(keys.access_key_id) == 20
        assert keys.access_key_id[4:].isalnum() and keys.access_key_id.isupper()
        assert len(keys.secret_access_key) == 40
        read = read_temporary_key_id(keys.access_key_id)
        assert read is not None and read.account_number == number
    assert new_temporary_keys(7).access_key_id != new_temporary_keys(7).access_key_id
    assert read_temporary_key_id("AKIAIOSFODNN7EXAMPLE") is None
    legacy = read_temporary_key_id("ASIA7777777777777777")
    assert legacy is not None and legacy.legacy_account_id is None  # decodes past 12 digits


def test_session_issue_times_keep_milliseconds() -> None:
    issued, expires = session_window(NOW, 900)
    assert issued == NOW.replace(microsecond=123000)
    assert expires - issued == timedelta(seconds=900)
    assert token_issue_time_text(issued) == "2026-11-28T12:00:00.123Z"
    assert '"aws:TokenIssueTime": "2026-11-28T12:00:00.123Z"' in revoke_older_sessions_policy(issued)


@pytest.mark.parametrize(
    ("arn", "parts"),
    [
        ("arn:aws:iam::123456789012:role/Admin", ("aws", "123456789012", "/", "Admin")),
        ("arn:aws-cn:iam::123456789012:role/a/b/Deploy", ("aws-cn", "123456789012", "/a/b/", "Deploy")),
        ("arn:aws:iam::123456789012:user/Admin", None),
        ("arn:aws:iam::12345:role/Admin", None),
        ("arn:aws:sts::123456789012:role/Admin", None),
        ("arn:aws:iam::123456789012:role/", None),
        ("not an arn", None),
    ],
)
def test_role_arns_are_taken_apart(arn: str, parts: tuple[str, str, str, str] | None) -> None:
    target = parse_role_arn(arn)
    if parts is None:
        assert target is None
    else:
        assert target is not None
        assert (target.partition, target.account_id, target.path, target.name) == parts


def role_session(**changes: object) -> SessionClaims:
    fields: dict[str, object] = {
        "kind": TokenKind.ASSUMED_ROLE,
        "account_id": "123456789012",
        "partition": "aws",
        "access_key_id": "ASIAEXAMPLE",
        "secret_access_key": "x",
        "issued_at": NOW,
        "expires_at": NOW + timedelta(hours=1),
    }
    fields.update(changes)
    return SessionClaims(**fields)  # type: ignore[arg-type]


def test_session_tags_combine_with_the_transitive_tags_of_the_calling_session() -> None:
    caller = role_session(
        tags=(SessionTag("project", "apollo"), SessionTag("temp", "x")), transitive_tag_keys=("project",)
    )
    combined = combine_session_tags([SessionTag("team", "blue")], ["team"], caller_session=caller)
    assert combined.tags == (SessionTag("project", "apollo"), SessionTag("team", "blue"))
    assert combined.transitive_keys == ("project", "team")
    assert request_tag_context(combined) == {
        "aws:RequestTag/team": "blue",
        "aws:TagKeys": ["team"],
        "sts:TransitiveTagKeys": ["team"],
    }
    with pytest.raises(ValidationError):
        combine_session_tags([SessionTag("PROJECT", "gemini")], [], caller_session=caller)
    assert request_tag_context(combine_session_tags([], [])) == {}


def caller_of(kind: CallerKind, session_kind: TokenKind | None, *, mfa: bool = False) -> Caller:
    session = None if session_kind is None else role_session(kind=session_kind, mfa_authenticated=mfa)
    return Caller(
        kind=kind,
        account_id="123456789012",
        partition="aws",
        arn="arn:aws:iam::123456789012:user/u",
        principal_id="AIDA",
        session=session,
    )


@pytest.mark.parametrize(
    ("kind", "session_kind", "mfa", "service", "operation", "allowed"),
    [
        (CallerKind.IAM_USER, None, False, "iam", "ListUsers", True),
        (CallerKind.IAM_USER, TokenKind.SESSION_TOKEN, False, "iam", "ListUsers", False),
        (CallerKind.IAM_USER, TokenKind.SESSION_TOKEN, True, "iam", "ListUsers", True),
        (CallerKind.IAM_USER, TokenKind.SESSION_TOKEN, True, "sts", "AssumeRole", True),
        (CallerKind.IAM_USER, TokenKind.SESSION_TOKEN, True, "sts", "GetAccessKeyInfo", False),
        (CallerKind.IAM_USER, TokenKind.SESSION_TOKEN, False, "cloudtrail", "LookupEvents", True),
        (CallerKind.FEDERATED_USER, TokenKind.FEDERATED, False, "iam", "ListUsers", False),
        (CallerKind.FEDERATED_USER, TokenKind.FEDERATED, False, "sts", "GetCallerIdentity", True),
        (CallerKind.FEDERATED_USER, TokenKind.FEDERATED, False, "sts", "AssumeRole", False),
        (CallerKind.ASSUMED_ROLE, TokenKind.ASSUMED_ROLE, False, "sts", "GetSessionToken", False),
        (CallerKind.ASSUMED_ROLE, TokenKind.ASSUMED_ROLE, False, "sts", "GetFederationToken", False),
        (CallerKind.ASSUMED_ROLE, TokenKind.ASSUMED_ROLE, False, "iam", "ListUsers", True),
    ],
)
def test_what_temporary_credentials_may_call(
    kind: CallerKind, session_kind: TokenKind | None, mfa: bool, service: str, operation: str, allowed: bool
) -> None:
    caller = caller_of(kind, session_kind, mfa=mfa)
    if allowed:
        check_credential_limits(caller, service, operation)
    else:
        with pytest.raises(AccessDenied):
            check_credential_limits(caller, service, operation)


def test_issuer_names_and_fetch_urls() -> None:
    assert provider_url_of_issuer("https://Token.Actions.example.com/") == "token.actions.example.com"
    assert provider_url_of_issuer("https://idp.example.com/tenant/A") == "idp.example.com/tenant/A"
    assert provider_url_of_issuer("accounts.google.com") == "accounts.google.com"
    # IAM providers are https: any other scheme names none (and so causes no fetch).
    assert provider_url_of_issuer("http://127.0.0.1:8080") is None
    assert provider_url_of_issuer("file:///etc/passwd") is None
    assert KeySource("123456789012", "idp.example.com/t").discovery_url == (
        "https://idp.example.com/t/.well-known/openid-configuration"
    )

"""SAML 2.0 federation through boto3 against a real ``hatrack serve`` process: the IAM provider
operations, and sts:AssumeRoleWithSAML with responses signed by a throwaway IdP made in the test.

The attacks of the issue each have a test: external entities / DTDs, signature wrapping (a second,
unsigned assertion), a comment inside NameID, an assertion signed by another key, a tampered one,
an expired one, a replayed one; and the checks of audience, recipient and the Role attribute.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from lxml import etree

from tests.sts.saml_idp import ATTR, SAML, SamlIdp, encode
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

AWS_SAML = "https://signin.aws.amazon.com/saml"


@pytest.fixture(scope="module")
def idp() -> SamlIdp:
    return SamlIdp()


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def _unsigned_sts(server: RunningServer) -> Any:
    return boto3.client(
        "sts",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}),
    )


def _trust(provider_arn: str, *, actions: list[str] | None = None, **conditions: Any) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": actions or ["sts:AssumeRoleWithSAML"],
        "Condition": {"StringEquals": {"SAML:aud": AWS_SAML, **conditions}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


class Federation:
    def __init__(self, server: RunningServer, idp: SamlIdp, **trust_conditions: Any) -> None:
        self.server, self.idp = server, idp
        self.iam = server.client("iam")
        self.provider_arn = self.iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata())[
            "SAMLProviderArn"
        ]
        trust = _trust(self.provider_arn, **trust_conditions)
        self.role_arn = self.iam.create_role(RoleName="federated", AssumeRolePolicyDocument=trust)["Role"][
            "Arn"
        ]
        self.sts = _unsigned_sts(server)

    @property
    def pair(self) -> str:
        return f"{self.role_arn},{self.provider_arn}"

    def assume(self, assertion: str, **extra: Any) -> dict[str, Any]:
        response: dict[str, Any] = self.sts.assume_role_with_saml(
            RoleArn=self.role_arn, PrincipalArn=self.provider_arn, SAMLAssertion=assertion, **extra
        )
        return response

    def refused(self, assertion: str) -> tuple[str, str]:
        with pytest.raises(ClientError) as raised:
            self.assume(assertion)
        return _error(raised)


@pytest.fixture
def federation(server: RunningServer, idp: SamlIdp) -> Federation:
    return Federation(server, idp)


# --- the IAM provider operations --------------------------------------------------------------------


def test_a_provider_is_created_read_listed_updated_and_deleted(server: RunningServer, idp: SamlIdp) -> None:
    iam = server.client("iam")
    created = iam.create_saml_provider(
        Name="Corp", SAMLMetadataDocument=idp.metadata(), Tags=[{"Key": "team", "Value": "id"}]
    )
    arn = created["SAMLProviderArn"]
    assert arn == f"arn:aws:iam::{server.account_id}:saml-provider/Corp"
    assert created["Tags"] == [{"Key": "team", "Value": "id"}]
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == idp.metadata()
    assert len(got["SAMLProviderUUID"]) == 36
    assert got["ValidUntil"] > got["CreateDate"]
    assert got["Tags"] == [{"Key": "team", "Value": "id"}]
    listed = iam.list_saml_providers()["SAMLProviderList"]
    assert [entry["Arn"] for entry in listed] == [arn]

    other = SamlIdp(entity_id="https://other.example.com/saml")
    updated = iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=other.metadata())
    assert updated["SAMLProviderArn"] == arn
    assert iam.get_saml_provider(SAMLProviderArn=arn)["SAMLMetadataDocument"] == other.metadata()

    iam.delete_saml_provider(SAMLProviderArn=arn)
    with pytest.raises(ClientError) as raised:
        iam.get_saml_provider(SAMLProviderArn=arn)
    assert _error(raised)[0] == "NoSuchEntity"
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_a_provider_name_is_taken_once(server: RunningServer, idp: SamlIdp) -> None:
    iam = server.client("iam")
    iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata())
    with pytest.raises(ClientError) as raised:
        iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata())
    assert _error(raised)[0] == "EntityAlreadyExists"


def test_an_update_without_changes_is_refused_with_aws_message(server: RunningServer, idp: SamlIdp) -> None:
    iam = server.client("iam")
    arn = iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
    with pytest.raises(ClientError) as raised:
        iam.update_saml_provider(SAMLProviderArn=arn)
    assert _error(raised) == (
        "InvalidInput",
        "Unable to update identity provider. No updates are defined for metadata or encryption assertion.",
    )


def _padded(document: str) -> str:
    return document + " " * max(0, 1000 - len(document))  # the model's minimum length


@pytest.mark.parametrize(
    "document",
    [
        pytest.param("not xml at all", id="not-xml"),
        pytest.param(
            '<?xml version="1.0"?><!DOCTYPE md [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;">'
            "</md:EntityDescriptor>",
            id="external-entity",
        ),
        pytest.param(
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">'
            '<md:IDPSSODescriptor protocolSupportEnumeration="p"/></md:EntityDescriptor>',
            id="no-signing-certificate",
        ),
        pytest.param("<EntityDescriptor entityID='x'/>", id="not-saml-metadata"),
    ],
)
def test_metadata_that_is_not_an_idps_is_refused(server: RunningServer, document: str) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as raised:
        iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=_padded(document))
    assert _error(raised) == ("InvalidInput", "Could not parse metadata.")
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_a_certificate_that_is_not_one_is_refused(server: RunningServer, idp: SamlIdp) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as raised:
        iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata(certificate_b64="QUJD" * 300))
    assert _error(raised) == ("InvalidInput", "Could not parse metadata.")


def test_encrypted_assertions_are_refused_as_aws_does_without_a_key(
    server: RunningServer, idp: SamlIdp
) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as raised:
        iam.create_saml_provider(
            Name="Corp", SAMLMetadataDocument=idp.metadata(), AssertionEncryptionMode="Required"
        )
    assert _error(raised) == (
        "InvalidInput",
        "Unable to set assertion encryption mode to Required because no private key is provided.",
    )


def test_provider_tags_are_set_listed_and_removed(server: RunningServer, idp: SamlIdp) -> None:
    iam = server.client("iam")
    arn = iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
    iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == [
        {"Key": "a", "Value": "1"},
        {"Key": "b", "Value": "2"},
    ]
    iam.untag_saml_provider(SAMLProviderArn=arn, TagKeys=["a"])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


# --- AssumeRoleWithSAML -----------------------------------------------------------------------------


def test_a_signed_assertion_is_exchanged_for_working_role_credentials(
    federation: Federation, idp: SamlIdp
) -> None:
    answer = federation.assume(idp.signed_response(roles=[federation.pair]))
    account = federation.server.account_id
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{account}:assumed-role/federated/alice"
    assert answer["Subject"] == "alice@example.com"
    assert answer["SubjectType"] == "persistent"
    assert answer["Issuer"] == idp.entity_id
    assert answer["Audience"] == AWS_SAML
    expected = base64.b64encode(
        hashlib.sha1(f"{idp.entity_id}{account}/Corp".encode(), usedforsecurity=False).digest()
    ).decode()
    assert answer["NameQualifier"] == expected
    credentials = answer["Credentials"]
    sts = federation.server.client(
        "sts",
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials["SessionToken"],
    )
    assert sts.get_caller_identity()["Arn"] == answer["AssumedRoleUser"]["Arn"]


def test_the_exchange_is_in_the_trail_as_a_saml_user_without_the_assertion(
    federation: Federation, idp: SamlIdp
) -> None:
    response = idp.signed_response(roles=[federation.pair])
    answer = federation.assume(response)
    trail = federation.server.client("cloudtrail")
    events = trail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRoleWithSAML"}]
    )["Events"]
    assert len(events) == 1
    record = json.loads(events[0]["CloudTrailEvent"])
    assert record["userIdentity"] == {
        "type": "SAMLUser",
        "principalId": f"{answer['NameQualifier']}:alice@example.com",
        "userName": "alice@example.com",
        "identityProvider": answer["NameQualifier"],
    }
    assert response not in events[0]["CloudTrailEvent"]
    assert answer["Credentials"]["SecretAccessKey"] not in events[0]["CloudTrailEvent"]


def test_a_response_signed_as_a_whole_is_accepted(federation: Federation, idp: SamlIdp) -> None:
    unsigned = idp.response(idp.assertion(roles=[federation.pair]), sign_assertion=False)
    assert federation.assume(encode(idp.sign(unsigned)))["Subject"] == "alice@example.com"


def test_a_response_signed_as_a_whole_and_changed_after_is_refused(
    federation: Federation, idp: SamlIdp
) -> None:
    signed = idp.sign(idp.response(idp.assertion(roles=[federation.pair]), sign_assertion=False))
    name_id = signed.find(f".//{{{SAML}}}NameID")
    assert name_id is not None
    name_id.text = "admin@example.com"
    assert federation.refused(encode(signed)) == ("InvalidIdentityToken", "Response signature invalid")


def test_after_an_update_only_the_new_metadatas_key_and_issuer_are_trusted(
    federation: Federation, idp: SamlIdp
) -> None:
    successor = SamlIdp(entity_id="https://next.example.com/saml")
    federation.iam.update_saml_provider(
        SAMLProviderArn=federation.provider_arn, SAMLMetadataDocument=successor.metadata()
    )
    assert federation.refused(idp.signed_response(roles=[federation.pair]))[0] == "InvalidIdentityToken"
    assert (
        federation.assume(successor.signed_response(roles=[federation.pair]))["Issuer"] == successor.entity_id
    )


def test_the_role_pair_may_be_written_provider_first(federation: Federation, idp: SamlIdp) -> None:
    pair = f"{federation.provider_arn},{federation.role_arn}"
    assert federation.assume(idp.signed_response(roles=[pair]))["Credentials"]


def test_a_role_the_assertion_does_not_name_is_refused(federation: Federation, idp: SamlIdp) -> None:
    other = f"arn:aws:iam::{federation.server.account_id}:role/other,{federation.provider_arn}"
    code, message = federation.refused(idp.signed_response(roles=[other]))
    assert (code, message) == ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML")


def test_the_trust_policy_sees_the_saml_condition_keys(server: RunningServer, idp: SamlIdp) -> None:
    fed = Federation(server, idp, **{"saml:sub": "bob@example.com", "saml:iss": idp.entity_id})
    assert fed.refused(idp.signed_response(roles=[fed.pair]))[0] == "AccessDenied"
    assert fed.assume(idp.signed_response(roles=[fed.pair], subject="bob@example.com"))["Credentials"]


def test_attributes_of_aws_documented_oids_are_saml_condition_keys(
    server: RunningServer, idp: SamlIdp
) -> None:
    fed = Federation(server, idp, **{"saml:edupersonaffiliation": "staff"})
    affiliation = "urn:oid:1.3.6.1.4.1.5923.1.1.1.1"
    staff = idp.signed_response(roles=[fed.pair], attributes={affiliation: ["member", "staff"]})
    assert fed.assume(staff)["Credentials"]
    student = idp.signed_response(roles=[fed.pair], attributes={affiliation: ["student"]})
    assert fed.refused(student)[0] == "AccessDenied"


def test_the_session_name_is_required_and_checked(federation: Federation, idp: SamlIdp) -> None:
    assert federation.refused(idp.signed_response(roles=[federation.pair], session_name=None)) == (
        "InvalidIdentityToken",
        "RoleSessionName is required in AuthnResponse",
    )
    assert federation.refused(idp.signed_response(roles=[federation.pair], session_name="a b")) == (
        "InvalidIdentityToken",
        "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
    )


def test_session_duration_sets_the_credentials_lifetime(federation: Federation, idp: SamlIdp) -> None:
    federation.iam.update_role(RoleName="federated", MaxSessionDuration=7200)
    response = idp.signed_response(roles=[federation.pair], attributes={f"{ATTR}SessionDuration": ["7200"]})
    expiration = federation.assume(response)["Credentials"]["Expiration"]
    left = expiration - datetime.datetime.now(datetime.UTC)
    assert datetime.timedelta(minutes=110) < left <= datetime.timedelta(hours=2)


def test_principal_tags_become_session_tags_that_need_sts_tag_session(
    server: RunningServer, idp: SamlIdp
) -> None:
    tagged = {f"{ATTR}PrincipalTag:team": ["blue"]}
    fed = Federation(server, idp)
    assert fed.refused(idp.signed_response(roles=[fed.pair], attributes=tagged))[0] == "AccessDenied"
    trust = _trust(fed.provider_arn, actions=["sts:AssumeRoleWithSAML", "sts:TagSession"])
    trust_doc = json.loads(trust)
    trust_doc["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/team"] = "blue"
    fed.iam.update_assume_role_policy(RoleName="federated", PolicyDocument=json.dumps(trust_doc))
    assert fed.assume(idp.signed_response(roles=[fed.pair], attributes=tagged))["Credentials"]
    red = {f"{ATTR}PrincipalTag:team": ["red"]}
    assert fed.refused(idp.signed_response(roles=[fed.pair], attributes=red))[0] == "AccessDenied"


def test_an_assertion_is_redeemed_once(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair])
    assert federation.assume(response)["Credentials"]
    assert federation.refused(response) == (
        "InvalidIdentityToken",
        "The SAML assertion has already been used",
    )


def test_a_refused_assertion_is_not_used_up(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair])
    with pytest.raises(ClientError):
        federation.assume(response, DurationSeconds=43200)  # above the role's maximum: refused
    assert federation.assume(response)["Credentials"]


def test_an_expired_assertion_is_refused(federation: Federation, idp: SamlIdp) -> None:
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=20)
    response = idp.signed_response(
        roles=[federation.pair], not_before=past - datetime.timedelta(minutes=5), not_on_or_after=past
    )
    assert federation.refused(response)[0] == "ExpiredTokenException"


def test_an_assertion_not_yet_valid_is_refused(federation: Federation, idp: SamlIdp) -> None:
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=20)
    response = idp.signed_response(
        roles=[federation.pair], not_before=future, not_on_or_after=future + datetime.timedelta(minutes=5)
    )
    assert federation.refused(response)[0] == "InvalidIdentityToken"


def test_an_assertion_for_another_audience_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair], audience="https://elsewhere.example.com")
    assert federation.refused(response) == (
        "InvalidIdentityToken",
        "Response does not contain the required audience.",
    )


def test_an_assertion_for_another_recipient_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair], recipient="https://elsewhere.example.com/acs")
    assert federation.refused(response)[0] == "InvalidIdentityToken"


def test_an_issuer_other_than_the_providers_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair], issuer="https://other.example.com")
    assert federation.refused(response) == (
        "InvalidIdentityToken",
        "Issuer not present in specified provider",
    )


def test_a_provider_past_its_metadatas_valid_until_is_refused(federation: Federation, idp: SamlIdp) -> None:
    federation.iam.update_saml_provider(
        SAMLProviderArn=federation.provider_arn,
        SAMLMetadataDocument=idp.metadata(valid_until="2020-01-01T00:00:00Z"),
    )
    listed = federation.iam.list_saml_providers()["SAMLProviderList"][0]
    assert listed["ValidUntil"].year == 2020
    assert federation.refused(idp.signed_response(roles=[federation.pair]))[0] == "InvalidIdentityToken"


def test_an_unknown_provider_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.signed_response(roles=[federation.pair])
    with pytest.raises(ClientError) as raised:
        federation.sts.assume_role_with_saml(
            RoleArn=federation.role_arn,
            PrincipalArn=federation.provider_arn + "x",
            SAMLAssertion=response,
        )
    assert _error(raised) == ("InvalidIdentityToken", "Specified provider doesn't exist.")


# --- XML attacks ------------------------------------------------------------------------------------


def test_an_assertion_signed_by_another_key_is_refused(federation: Federation) -> None:
    impostor = SamlIdp()  # same entity id, its own key
    assert federation.refused(impostor.signed_response(roles=[federation.pair])) == (
        "InvalidIdentityToken",
        "Response signature invalid",
    )


def test_an_rsa_sha1_signature_is_refused(federation: Federation, idp: SamlIdp) -> None:
    signed = idp.sign(idp.assertion(roles=[federation.pair]), sha1=True)
    response = idp.response(signed, sign_assertion=False)
    assert federation.refused(encode(response)) == ("InvalidIdentityToken", "Response signature invalid")


def test_an_unsigned_assertion_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.response(idp.assertion(roles=[federation.pair]), sign_assertion=False)
    assert federation.refused(encode(response)) == ("InvalidIdentityToken", "Response signature invalid")


def test_a_signed_assertion_changed_after_signing_is_refused(federation: Federation, idp: SamlIdp) -> None:
    response = idp.response(idp.assertion(roles=[federation.pair], subject="alice@example.com"))
    name_id = response.find(f".//{{{SAML}}}NameID")
    assert name_id is not None
    name_id.text = "admin@example.com"
    assert federation.refused(encode(response)) == ("InvalidIdentityToken", "Response signature invalid")


def test_signature_wrapping_with_a_second_unsigned_assertion_is_refused(
    federation: Federation, idp: SamlIdp
) -> None:
    """The classic XSW: the signed assertion stays (so its signature verifies), and an unsigned one the
    attacker wrote is put where a naive reader looks first."""
    other_role = f"arn:aws:iam::{federation.server.account_id}:role/federated"
    signed = idp.response(idp.assertion(roles=[federation.pair], subject="nobody@example.com"))
    evil = idp.assertion(roles=[f"{other_role},{federation.provider_arn}"], subject="admin@example.com")
    signed.insert(1, evil)
    assert federation.refused(encode(signed)) == (
        "InvalidIdentityToken",
        "Invalid SAML response: exactly one assertion is accepted",
    )
    # ... and an unsigned assertion wrapped inside the signed one's extensions is refused too.
    wrapped = idp.response(idp.assertion(roles=[federation.pair]))
    assertion = wrapped.find(f"{{{SAML}}}Assertion")
    assert assertion is not None
    assertion.append(idp.assertion(roles=[federation.pair], subject="admin@example.com"))
    assert federation.refused(encode(wrapped)) == (
        "InvalidIdentityToken",
        "Invalid SAML response: exactly one assertion is accepted",
    )


def test_a_comment_inside_name_id_is_refused(federation: Federation, idp: SamlIdp) -> None:
    """Exclusive canonicalization drops comments, so the signature still verifies after a comment is
    slipped into NameID: a reader taking the first text node would see another user."""
    response = idp.response(idp.assertion(roles=[federation.pair], subject="admin@example.com.evil.test"))
    text = etree.tostring(response).replace(
        b"admin@example.com.evil.test", b"admin@example.com<!---->.evil.test"
    )
    assert federation.refused(encode(text)) == (
        "InvalidIdentityToken",
        "Invalid SAML response: comments are not accepted inside the assertion",
    )


def test_a_document_type_declaration_and_external_entities_are_refused(
    federation: Federation, idp: SamlIdp
) -> None:
    response = etree.tostring(idp.response(idp.assertion(roles=[federation.pair])))
    with_entity = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + response.replace(b"alice@example.com", b"&xxe;")
    )
    refusal = ("InvalidIdentityToken", "Invalid SAML response: document type declarations are not accepted")
    assert federation.refused(encode(with_entity)) == refusal
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + response
    )
    assert federation.refused(encode(laughs)) == refusal


def test_a_response_that_is_not_base64_xml_is_refused(federation: Federation) -> None:
    assert federation.refused("%%% not base64 %%%" * 3)[0] == "InvalidIdentityToken"
    assert federation.refused(encode(b"<html>not saml</html>"))[0] == "InvalidIdentityToken"

"""AssumeRoleWithSAML: verify an IdP's SAML 2.0 response and read what it says of its holder.

Unsigned: the response is the proof. In order (each refusal is InvalidIdentityToken unless noted):

1. base64, then XML parsed by ``iam.saml_metadata.parse_untrusted_xml`` (no DTD, no entity, no
   network); the root is a ``samlp:Response`` holding exactly ONE ``saml:Assertion`` anywhere in the
   document and no ``EncryptedAssertion`` (a second, unsigned assertion is how signature wrapping
   works); no comment or processing instruction inside the assertion (the NameID comment attack).
2. The XML signature (``signxml``, SHA-256 or stronger) of the assertion, or of the whole response,
   verifies against one of the provider's signing certificates from its metadata, and its one
   reference is the signed element itself. From here on only the signed XML signxml returns is read.
3. ``Issuer`` is the provider's entity id; the bearer ``SubjectConfirmationData`` names AWS's sign-in
   endpoint as ``Recipient``; the audience restriction holds ``https://signin.aws.amazon.com/saml``;
   ``NotBefore``/``NotOnOrAfter`` hold with ``CLOCK_SKEW`` (expired: ExpiredTokenException).
4. The attributes: ``Role`` (role ARN, provider ARN pairs, either order), ``RoleSessionName``
   (required), ``SessionDuration``, ``SourceIdentity``, ``PrincipalTag:*`` and ``TransitiveTagKeys``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree
from signxml.algorithms import SignatureMethod
from signxml.exceptions import InvalidInput as SignxmlInvalidInput
from signxml.exceptions import InvalidSignature
from signxml.verifier import SignatureConfiguration, XMLVerifier
from sqlalchemy.engine import Connection

from hatrack.errors import ExpiredIdentityToken, IdpRejectedClaim, InvalidIdentityToken
from hatrack.iam.saml_metadata import (
    ASSERTION,
    PROTOCOL,
    UntrustedXmlRefused,
    parse_untrusted_xml,
    parse_xml_datetime,
)
from hatrack.store.saml import redeem_assertion

AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"
# AWS's sign-in endpoint, global or regional (https://us-east-1.signin.aws.amazon.com/saml).
_RECIPIENT = re.compile(r"https://([a-z0-9-]+\.)?signin\.aws\.amazon\.com/saml")
CLOCK_SKEW = timedelta(minutes=5)  # [choice] the skew usual among SAML service providers
ATTRIBUTES = "https://aws.amazon.com/SAML/Attributes/"
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")
SESSION_SECONDS = range(900, 43201)

SIGNATURE_INVALID = "Response signature invalid"  # AWS's message (IAM User Guide, troubleshooting)
NO_AUDIENCE = "Response does not contain the required audience."  # AWS's
ISSUER_UNKNOWN = "Issuer not present in specified provider"  # AWS's
SESSION_NAME_REQUIRED = "RoleSessionName is required in AuthnResponse"  # AWS's
SESSION_NAME_INVALID = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"  # AWS's
SOURCE_IDENTITY_INVALID = 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"'
INVALID_RESPONSE = "Invalid SAML response"  # [choice] for a document that is no SAML response
ALREADY_USED = "The SAML assertion has already been used"  # [choice]

_ASSERTION_TAG = f"{{{ASSERTION}}}Assertion"
_SIGNATURE_METHODS = frozenset(method for method in SignatureMethod if "SHA1" not in method.name)

# The saml: condition keys AWS fills from attributes of these names (IAM User Guide, "Available
# keys for SAML-based AWS STS federation"): the attribute's OID name, or [choice] the key's own name.
_ATTRIBUTE_KEYS: Mapping[str, str] = {
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.1": "saml:edupersonaffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.2": "saml:edupersonnickname",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.3": "saml:edupersonorgdn",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.4": "saml:edupersonorgunitdn",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.5": "saml:edupersonprimaryaffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "saml:edupersonprincipalname",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.7": "saml:edupersonentitlement",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.8": "saml:edupersonprimaryorgunitdn",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": "saml:edupersonscopedaffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.10": "saml:edupersontargetedid",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.11": "saml:edupersonassurance",
    "urn:oid:1.3.6.1.4.1.5923.1.2.1.2": "saml:eduorghomepageuri",
    "urn:oid:1.3.6.1.4.1.5923.1.2.1.3": "saml:eduorgidentityauthnpolicyuri",
    "urn:oid:1.3.6.1.4.1.5923.1.2.1.4": "saml:eduorglegalname",
    "urn:oid:1.3.6.1.4.1.5923.1.2.1.5": "saml:eduorgsuperioruri",
    "urn:oid:1.3.6.1.4.1.5923.1.2.1.6": "saml:eduorgwhitepagesuri",
    "urn:oid:2.5.4.3": "saml:commonName",
    "urn:oid:2.5.4.41": "saml:name",
    "urn:oid:2.5.4.42": "saml:givenName",
    "urn:oid:2.5.4.4": "saml:surname",
    "urn:oid:2.5.4.45": "saml:x500UniqueIdentifier",
    "urn:oid:0.9.2342.19200300.100.1.1": "saml:uid",
    "urn:oid:0.9.2342.19200300.100.1.3": "saml:mail",
    "urn:oid:0.9.2342.19200300.100.1.45": "saml:organizationStatus",
}


@dataclass(frozen=True, slots=True)
class SamlIdentity:
    """What a verified SAML assertion says about its holder."""

    assertion_id: str
    issuer: str
    subject: str
    subject_type: str
    recipient: str  # saml:aud, and the response's Audience
    expires_at: datetime  # the assertion's own end (its id is remembered until then)
    session_not_on_or_after: datetime | None
    roles: tuple[tuple[str, str], ...]  # (role ARN, provider ARN)
    session_name: str
    session_duration: int | None
    source_identity: str | None
    tags: tuple[tuple[str, str], ...]
    transitive_tag_keys: tuple[str, ...]
    attributes: Mapping[str, tuple[str, ...]]


def _text(element: etree._Element | None) -> str:
    return "".join(str(piece) for piece in element.itertext()).strip() if element is not None else ""


def _one(parent: etree._Element, path: str) -> etree._Element | None:
    return parent.find(path, namespaces={"saml": ASSERTION})


def read_response(text: str) -> etree._Element:
    """The response's root element, after the structural checks of step 1."""
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidIdentityToken(INVALID_RESPONSE) from None
    try:
        root = parse_untrusted_xml(data)
    except UntrustedXmlRefused as refused:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: {refused}") from None
    if root.tag != f"{{{PROTOCOL}}}Response":
        raise InvalidIdentityToken(INVALID_RESPONSE)
    if any(True for _ in root.iter(f"{{{ASSERTION}}}EncryptedAssertion")):
        raise InvalidIdentityToken("hatrack does not accept encrypted assertions")  # [choice]
    assertions = list(root.iter(_ASSERTION_TAG))
    if len(assertions) != 1:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: exactly one assertion is accepted")
    inside = assertions[0].xpath("boolean(.//comment() | .//processing-instruction())")
    if inside:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: comments are not accepted inside the assertion")
    return root


def unverified_issuer(root: etree._Element) -> str:
    """The assertion's issuer as written (to find the provider; trusted only once verified)."""
    assertion = next(root.iter(_ASSERTION_TAG))
    return _text(_one(assertion, "saml:Issuer"))


def _verified_assertion(root: etree._Element, certificates: Sequence[str]) -> etree._Element:
    """The signed assertion as signxml returns it (step 2), or InvalidIdentityToken."""
    locations = (f"./{_ASSERTION_TAG}/", "./")  # the assertion signed, or the whole response
    for location in locations:
        parent = root.find(location.rstrip("/")) if location != "./" else root
        if parent is None or parent.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None:
            continue
        config = SignatureConfiguration(
            location=location, expect_references=1, signature_methods=_SIGNATURE_METHODS
        )
        for certificate in certificates:
            try:
                result = XMLVerifier().verify(root, x509_cert=certificate, expect_config=config)
            except (InvalidSignature, SignxmlInvalidInput, ValueError):
                continue
            signed = result.signed_xml if not isinstance(result, list) else None
            if signed is None or signed.tag != parent.tag or signed.get("ID") != parent.get("ID"):
                continue
            if signed.tag == _ASSERTION_TAG:
                return signed
            inner = list(signed.iter(_ASSERTION_TAG))
            if len(inner) == 1:
                return inner[0]
    raise InvalidIdentityToken(SIGNATURE_INVALID)


def _time(element: etree._Element | None, attribute: str) -> datetime | None:
    value = element.get(attribute) if element is not None else None
    if value is None:
        return None
    try:
        return parse_xml_datetime(value)
    except ValueError:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: {attribute} is not a valid time") from None


def _check_window(not_before: datetime | None, not_on_or_after: datetime | None, now: datetime) -> None:
    if not_on_or_after is not None and now >= not_on_or_after + CLOCK_SKEW:
        raise ExpiredIdentityToken("Response has expired")  # [choice] AWS's wording unknown
    if not_before is not None and now + CLOCK_SKEW < not_before:
        raise InvalidIdentityToken("Response is not yet valid")  # [choice]


def _attributes(assertion: etree._Element) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for attribute in assertion.iterfind("saml:AttributeStatement/saml:Attribute", {"saml": ASSERTION}):
        name = attribute.get("Name")
        if not name:
            continue
        values = tuple(
            _text(value) for value in attribute.iterfind("saml:AttributeValue", {"saml": ASSERTION})
        )
        found[name] = found.get(name, ()) + values
    return found


def _role_pairs(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for value in values:
        parts = [part.strip() for part in value.split(",")]
        if len(parts) != 2:
            continue
        role = next((part for part in parts if ":role/" in part), None)
        provider = next((part for part in parts if ":saml-provider/" in part), None)
        if role is not None and provider is not None:
            pairs.append((role, provider))
    return tuple(pairs)


def _session_duration(values: Sequence[str]) -> int | None:
    if not values:
        return None
    try:
        seconds = int(values[0])
    except ValueError:
        seconds = -1
    if seconds not in SESSION_SECONDS:
        raise InvalidIdentityToken(
            "SessionDuration in AuthnResponse must be between 900 and 43200"
        )  # [choice]
    return seconds


def _tags(attributes: Mapping[str, tuple[str, ...]]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    prefix = ATTRIBUTES + "PrincipalTag:"
    tags: list[tuple[str, str]] = []
    for name, values in attributes.items():
        if name.startswith(prefix):
            if len(values) != 1:
                raise IdpRejectedClaim(f"The session tag {name[len(prefix) :]} must have exactly one value")
            tags.append((name[len(prefix) :], values[0]))
    transitive = attributes.get(ATTRIBUTES + "TransitiveTagKeys", ())
    return tuple(tags), tuple(transitive)


def subject_type_of(name_format: str | None) -> str:
    """AWS's SubjectType: the NameID format without ``urn:oasis:names:tc:SAML:2.0:nameid-format:``."""
    if not name_format:
        return "unspecified"  # [choice]
    return name_format[len(NAMEID_PREFIX) :] if name_format.startswith(NAMEID_PREFIX) else name_format


def verify_response(
    root: etree._Element, *, entity_id: str, certificates: Sequence[str], now: datetime
) -> SamlIdentity:
    """Steps 2 to 4 on a response ``read_response`` accepted."""
    assertion = _verified_assertion(root, certificates)
    issuer = _text(_one(assertion, "saml:Issuer"))
    if issuer != entity_id:
        raise InvalidIdentityToken(ISSUER_UNKNOWN)
    name_id = _one(assertion, "saml:Subject/saml:NameID")
    subject = _text(name_id)
    if not subject:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: the assertion has no subject")  # [choice]
    confirmations = [
        item
        for item in assertion.iterfind("saml:Subject/saml:SubjectConfirmation", {"saml": ASSERTION})
        if item.get("Method") == BEARER
    ]
    data = _one(confirmations[0], "saml:SubjectConfirmationData") if confirmations else None
    recipient = data.get("Recipient", "") if data is not None else ""
    if not _RECIPIENT.fullmatch(recipient):
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: the Recipient is not AWS's sign-in endpoint")
    conditions = _one(assertion, "saml:Conditions")
    audiences = [
        _text(item)
        for item in assertion.iterfind(
            "saml:Conditions/saml:AudienceRestriction/saml:Audience", {"saml": ASSERTION}
        )
    ]
    if AWS_AUDIENCE not in audiences:
        raise InvalidIdentityToken(NO_AUDIENCE)
    expiries = [t for t in (_time(conditions, "NotOnOrAfter"), _time(data, "NotOnOrAfter")) if t is not None]
    if not expiries:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: the assertion has no NotOnOrAfter")  # [choice]
    _check_window(_time(conditions, "NotBefore"), min(expiries), now)
    authn = _one(assertion, "saml:AuthnStatement")
    attributes = _attributes(assertion)
    session_names = attributes.get(ATTRIBUTES + "RoleSessionName", ())
    if not session_names or not session_names[0]:
        raise InvalidIdentityToken(SESSION_NAME_REQUIRED)
    if not SESSION_NAME.fullmatch(session_names[0]):
        raise InvalidIdentityToken(SESSION_NAME_INVALID)
    source = attributes.get(ATTRIBUTES + "SourceIdentity", ())
    if source and (not SESSION_NAME.fullmatch(source[0]) or source[0].lower().startswith("aws:")):
        raise InvalidIdentityToken(SOURCE_IDENTITY_INVALID)
    tags, transitive = _tags(attributes)
    assertion_id = assertion.get("ID") or ""
    if not assertion_id:
        raise InvalidIdentityToken(f"{INVALID_RESPONSE}: the assertion has no ID")
    return SamlIdentity(
        assertion_id=assertion_id,
        issuer=issuer,
        subject=subject,
        subject_type=subject_type_of(name_id.get("Format") if name_id is not None else None),
        recipient=recipient,
        expires_at=min(expiries) + CLOCK_SKEW,
        session_not_on_or_after=_time(authn, "SessionNotOnOrAfter"),
        roles=_role_pairs(attributes.get(ATTRIBUTES + "Role", ())),
        session_name=session_names[0],
        session_duration=_session_duration(attributes.get(ATTRIBUTES + "SessionDuration", ())),
        source_identity=source[0] if source else None,
        tags=tags,
        transitive_tag_keys=transitive,
        attributes=attributes,
    )


def name_qualifier(issuer: str, account_id: str, provider_name: str) -> str:
    """AWS's NameQualifier: BASE64(SHA1(issuer + account id + "/" + provider name))."""
    digest = hashlib.sha1(f"{issuer}{account_id}/{provider_name}".encode(), usedforsecurity=False)
    return base64.b64encode(digest.digest()).decode("ascii")


def saml_context(
    identity: SamlIdentity, *, account_id: str, provider_name: str
) -> dict[str, str | list[str]]:
    """The trust decision's saml: keys (and sts:RoleSessionName, sts:SourceIdentity)."""
    context: dict[str, str | list[str]] = {
        "saml:aud": identity.recipient,
        "saml:iss": identity.issuer,
        "saml:sub": identity.subject,
        "saml:sub_type": identity.subject_type,
        "saml:namequalifier": name_qualifier(identity.issuer, account_id, provider_name),
        "saml:doc": f"{account_id}/{provider_name}",
        "sts:RoleSessionName": identity.session_name,
    }
    for name, values in identity.attributes.items():
        key = _ATTRIBUTE_KEYS.get(name) or next(
            (known for known in _ATTRIBUTE_KEYS.values() if known.lower() == f"saml:{name}".lower()), None
        )
        if key is not None and values:
            context[key] = list(values) if len(values) > 1 else values[0]
    if identity.source_identity is not None:
        context["sts:SourceIdentity"] = identity.source_identity
    return context


def redeem(conn: Connection, account_id: str, identity: SamlIdentity, *, now: datetime) -> None:
    """Remember the assertion until it expires; InvalidIdentityToken when it was redeemed before."""
    if not redeem_assertion(
        conn, account_id, identity.issuer, identity.assertion_id, expires_at=identity.expires_at, now=now
    ):
        raise InvalidIdentityToken(ALREADY_USED)

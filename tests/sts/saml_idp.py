"""A throwaway SAML 2.0 identity provider for tests: its own RSA key and self-signed certificate,
its metadata document, and SAML responses whose assertion it signs with signxml (as real IdPs do:
enveloped signature, exclusive canonicalization, RSA-SHA256).

Every part of a response can be changed, so tests can build the responses attackers would send.
"""

from __future__ import annotations

import base64
import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.signer import XMLSigner

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
ATTR = "https://aws.amazon.com/SAML/Attributes/"
AWS_SAML = "https://signin.aws.amazon.com/saml"


class _Sha1Signer(XMLSigner):
    """signxml refuses to make SHA-1 signatures; some old IdPs still do, so the tests must."""

    def check_deprecated_methods(self) -> None:
        return None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SamlIdp:
    entity_id: str = "https://idp.example.com/saml"
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    certificate: x509.Certificate = field(init=False)

    def __post_init__(self) -> None:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test idp")])
        now = _now()
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .sign(self.key, hashes.SHA256())
        )

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    def metadata(
        self,
        *,
        entity_id: str | None = None,
        certificate_b64: str | None = None,
        valid_until: str | None = None,
    ) -> str:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        body = certificate_b64 if certificate_b64 is not None else base64.b64encode(der).decode()
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<md:EntityDescriptor xmlns:md="{MD}" entityID="{entity_id or self.entity_id}"'
            + (f' validUntil="{valid_until}"' if valid_until else "")
            + ">\n"
            f'  <md:IDPSSODescriptor protocolSupportEnumeration="{SAMLP}">\n'
            f'    <md:KeyDescriptor use="signing">\n'
            f'      <ds:KeyInfo xmlns:ds="{DS}"><ds:X509Data><ds:X509Certificate>{body}'
            f"</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n"
            f"    </md:KeyDescriptor>\n"
            f"    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\n"
            f'    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
            f'Location="https://idp.example.com/sso"/>\n'
            f"  </md:IDPSSODescriptor>\n"
            f"</md:EntityDescriptor>\n"
        )

    def assertion(
        self,
        *,
        roles: Sequence[str],
        session_name: str | None = "alice",
        subject: str = "alice@example.com",
        issuer: str | None = None,
        audience: str = AWS_SAML,
        recipient: str = AWS_SAML,
        not_before: datetime.datetime | None = None,
        not_on_or_after: datetime.datetime | None = None,
        attributes: Mapping[str, Sequence[str]] | None = None,
        assertion_id: str | None = None,
    ) -> etree._Element:
        """An unsigned ``saml:Assertion`` element."""
        now = _now()
        before = not_before or now - datetime.timedelta(minutes=1)
        after = not_on_or_after or now + datetime.timedelta(minutes=5)
        all_attributes: dict[str, Sequence[str]] = {f"{ATTR}Role": roles}
        if session_name is not None:
            all_attributes[f"{ATTR}RoleSessionName"] = [session_name]
        all_attributes.update(attributes or {})
        attribute_xml = "".join(
            f'<saml:Attribute Name="{name}">'
            + "".join(f"<saml:AttributeValue>{value}</saml:AttributeValue>" for value in values)
            + "</saml:Attribute>"
            for name, values in all_attributes.items()
        )
        text = (
            f'<saml:Assertion xmlns:saml="{SAML}" ID="{assertion_id or "_" + uuid.uuid4().hex}" '
            f'Version="2.0" IssueInstant="{_stamp(now)}">'
            f"<saml:Issuer>{issuer or self.entity_id}</saml:Issuer>"
            f"<saml:Subject>"
            f'<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
            f"{subject}</saml:NameID>"
            f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{_stamp(after)}" '
            f'Recipient="{recipient}"/>'
            f"</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_stamp(before)}" NotOnOrAfter="{_stamp(after)}">'
            f"<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>"
            f"</saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_stamp(now)}">'
            f"<saml:AuthnContext><saml:AuthnContextClassRef>"
            f"urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            f"</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attribute_xml}</saml:AttributeStatement>"
            f"</saml:Assertion>"
        )
        return etree.fromstring(text)

    def sign(self, element: etree._Element, *, sha1: bool = False) -> etree._Element:
        """``element`` with an enveloped signature (RSA-SHA256, or RSA-SHA1 when ``sha1``)."""
        pem_key = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        c14n = CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0
        signer = (
            _Sha1Signer(
                c14n_algorithm=c14n,
                signature_algorithm=SignatureMethod.RSA_SHA1,
                digest_algorithm=DigestAlgorithm.SHA1,
            )
            if sha1
            else XMLSigner(c14n_algorithm=c14n)
        )
        signer.namespaces = {"ds": DS}
        signed: etree._Element = signer.sign(
            element, key=pem_key, cert=[self.certificate], reference_uri=element.get("ID")
        )
        return signed

    def response(self, assertion: etree._Element, *, sign_assertion: bool = True) -> etree._Element:
        signed = self.sign(assertion) if sign_assertion else assertion
        response = etree.fromstring(
            f'<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_{uuid.uuid4().hex}" '
            f'Version="2.0" IssueInstant="{_stamp(_now())}" Destination="{AWS_SAML}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status></samlp:Response>"
        )
        response.append(signed)
        return response

    def signed_response(self, **assertion: object) -> str:
        """A base64 response holding one signed assertion, as a browser posts it to AWS."""
        return encode(self.response(self.assertion(**assertion)))  # type: ignore[arg-type]


def encode(element: etree._Element | bytes) -> str:
    data = element if isinstance(element, bytes) else etree.tostring(element)
    return base64.b64encode(data).decode("ascii")

"""SAML 2.0 XML read safely, and an IdP's metadata document read for what IAM keeps of it.

Every SAML document (metadata, and the responses STS verifies) is parsed by ``parse_untrusted_xml``:
lxml with entity resolution, DTD loading and network access off, and any document type declaration
or entity refused outright (an XML external entity or "billion laughs" document never reaches a
reader). The metadata gives the IdP's entity id and its signing certificates: the
``X509Certificate`` of each ``KeyDescriptor`` of its ``IDPSSODescriptor`` whose ``use`` is
``signing`` or absent, each parsed with ``cryptography``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from hatrack.errors import InvalidInput

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion"

COULD_NOT_PARSE = "Could not parse metadata."  # AWS's message (IAM User Guide, troubleshooting SAML)
# [choice] A provider whose metadata has no validUntil is valid for 100 years from its creation.
DEFAULT_VALIDITY = timedelta(days=36500)
MAX_CERTIFICATES = 10  # [choice]: real IdPs publish one or two (a rollover)

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class UntrustedXmlRefused(ValueError):
    """The document is not well-formed XML, or it declares a document type or entities."""


def parse_untrusted_xml(data: bytes) -> etree._Element:
    """The root element of ``data``, parsed with everything that reaches outside the document off."""
    if _DOCTYPE.search(data):
        raise UntrustedXmlRefused("document type declarations are not accepted")
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        raise UntrustedXmlRefused("not well-formed XML") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise UntrustedXmlRefused("document type declarations are not accepted")
    if any(True for _ in root.iter(etree.Entity)):
        raise UntrustedXmlRefused("entities are not accepted")
    return root


def parse_xml_datetime(text: str) -> datetime:
    """An ``xs:dateTime`` in UTC (SAML requires UTC: a ``Z`` or an explicit offset)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a SAML time must be in UTC")
    return moment


@dataclass(frozen=True, slots=True)
class IdpMetadata:
    entity_id: str
    certificates: tuple[str, ...]  # PEM
    valid_until: datetime | None


def _certificate_pem(text: str | None) -> str:
    try:
        der = base64.b64decode("".join((text or "").split()), validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        raise InvalidInput(COULD_NOT_PARSE) from None
    return certificate.public_bytes(Encoding.PEM).decode("ascii")


def read_idp_metadata(document: str) -> IdpMetadata:
    """The entity id, signing certificates and validUntil of an IdP metadata document
    (InvalidInput "Could not parse metadata." for anything else)."""
    try:
        root = parse_untrusted_xml(document.encode("utf-8"))
    except UntrustedXmlRefused:
        raise InvalidInput(COULD_NOT_PARSE) from None
    if root.tag != f"{{{MD}}}EntityDescriptor" or not root.get("entityID"):
        raise InvalidInput(COULD_NOT_PARSE)
    descriptors = root.findall(f"{{{MD}}}IDPSSODescriptor")
    if not descriptors:
        raise InvalidInput(COULD_NOT_PARSE)
    certificates: list[str] = []
    for descriptor in descriptors:
        for key in descriptor.findall(f"{{{MD}}}KeyDescriptor"):
            if key.get("use") not in (None, "signing"):
                continue
            for element in key.iterfind(f"{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate"):
                pem = _certificate_pem(element.text)
                if pem not in certificates:
                    certificates.append(pem)
    if not certificates or len(certificates) > MAX_CERTIFICATES:
        raise InvalidInput(COULD_NOT_PARSE)
    valid_until_text = root.get("validUntil")
    try:
        valid_until = parse_xml_datetime(valid_until_text) if valid_until_text else None
    except ValueError:
        raise InvalidInput(COULD_NOT_PARSE) from None
    return IdpMetadata(str(root.get("entityID")), tuple(certificates), valid_until)

"""The one exception tree: every error a client may see, named after its AWS error code.

Domain code raises these and never mentions HTTP; only ``hatrack.api.errors`` turns them into
responses. Bugs and outages are not ``IamError``: the edge answers those with ``InternalFailure``.
Imports nothing of hatrack.
"""

from __future__ import annotations

from typing import ClassVar


class IamError(Exception):
    """Base of every error a client may see. Subclasses name the AWS error code.

    ``status`` is the HTTP status AWS answers with; ``sender_fault`` picks ``Sender`` or
    ``Receiver`` as the error type in the Query protocol's ``<ErrorResponse>``.
    """

    code: ClassVar[str] = "InternalFailure"
    status: ClassVar[int] = 400
    sender_fault: ClassVar[bool] = True

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


# --- authentication (SigV4, access keys, session tokens) -----------------------------------------


class MissingAuthenticationToken(IamError):
    code = "MissingAuthenticationToken"
    status = 403


class IncompleteSignature(IamError):
    code = "IncompleteSignature"


class InvalidClientTokenId(IamError):
    code = "InvalidClientTokenId"
    status = 403


class SignatureDoesNotMatch(IamError):
    code = "SignatureDoesNotMatch"
    status = 403


class ExpiredToken(IamError):
    code = "ExpiredToken"
    status = 403


class RequestExpired(IamError):
    code = "RequestExpired"


class MalformedQueryString(IamError):
    code = "MalformedQueryString"
    status = 404


class InvalidContentType(IamError):
    code = "InvalidContentType"
    status = 403


# --- the HTTP edge: refused before routing, throttled -------------------------------------------


class InvalidURIPath(IamError):
    """A path with a malformed escape or climbing above the root (AWS answers 400).

    The code is scratchstack-aws-signature's name for it; AWS's own is unknown.
    """

    code = "InvalidURIPath"


class RequestEntityTooLarge(IamError):
    code = "RequestEntityTooLarge"  # guess: AWS publishes no code for an oversized Query body
    status = 413


class MethodNotAllowed(IamError):
    code = "MethodNotAllowed"  # guess: S3's code; IAM and STS redirect other methods to their docs
    status = 405


class NotFound(IamError):
    code = "NotFound"  # guess: a path other than ``/`` names no AWS resource
    status = 404


class UnknownParameter(IamError):
    """A Query parameter the operation does not take (EC2's code and wording; IAM's are unpublished)."""

    code = "UnknownParameter"


class Throttling(IamError):
    """AWS's answer to a caller over its request rate: ``Throttling``, "Rate exceeded", 400."""

    code = "Throttling"


# --- authorization ----------------------------------------------------------------------------


class AccessDenied(IamError):
    code = "AccessDenied"
    status = 403


class AccessDeniedException(IamError):
    """The JSON-protocol services' (CloudTrail's) spelling of AccessDenied."""

    code = "AccessDeniedException"
    status = 403


# --- protocol ---------------------------------------------------------------------------------


class InvalidAction(IamError):
    code = "InvalidAction"


class MissingAction(IamError):
    code = "MissingAction"


class UnknownOperation(IamError):
    """The JSON protocol's answer to an X-Amz-Target it does not know."""

    code = "UnknownOperationException"


class OperationNotImplemented(IamError):
    """An operation of the AWS model that hatrack knows but does not implement yet."""

    code = "NotImplemented"
    status = 501
    sender_fault = False


class MissingParameter(IamError):
    code = "MissingParameter"


class InvalidParameterValue(IamError):
    code = "InvalidParameterValue"


class InvalidParameterCombination(IamError):
    code = "InvalidParameterCombination"


class ValidationError(IamError):
    code = "ValidationError"


class SerializationException(IamError):
    code = "SerializationException"


class InternalFailure(IamError):
    code = "InternalFailure"
    status = 500
    sender_fault = False


class ServiceUnavailable(IamError):
    code = "ServiceUnavailable"
    status = 503
    sender_fault = False


# --- IAM --------------------------------------------------------------------------------------


class NoSuchEntity(IamError):
    code = "NoSuchEntity"
    status = 404


class EntityAlreadyExists(IamError):
    code = "EntityAlreadyExists"
    status = 409


class DeleteConflict(IamError):
    code = "DeleteConflict"
    status = 409


class LimitExceeded(IamError):
    code = "LimitExceeded"
    status = 409


class MalformedPolicyDocument(IamError):
    code = "MalformedPolicyDocument"


class InvalidInput(IamError):
    code = "InvalidInput"


class ReportNotPresent(IamError):
    """GetCredentialReport before any GenerateCredentialReport (CredentialReportNotPresentException)."""

    code = "ReportNotPresent"
    status = 410


class ReportExpired(IamError):
    """GetCredentialReport of a report older than four hours (CredentialReportExpiredException)."""

    code = "ReportExpired"
    status = 410


class PasswordPolicyViolation(IamError):
    code = "PasswordPolicyViolation"


class ConcurrentModification(IamError):
    code = "ConcurrentModification"
    status = 409


class UnmodifiableEntity(IamError):
    code = "UnmodifiableEntity"


class InvalidPublicKey(IamError):
    code = "InvalidPublicKey"


class UnrecognizedPublicKeyEncoding(IamError):
    code = "UnrecognizedPublicKeyEncoding"


class DuplicateSSHPublicKey(IamError):
    code = "DuplicateSSHPublicKey"


class MalformedCertificate(IamError):
    code = "MalformedCertificate"


class DuplicateCertificate(IamError):
    code = "DuplicateCertificate"
    status = 409


class EntityTemporarilyUnmodifiable(IamError):
    code = "EntityTemporarilyUnmodifiable"
    status = 409


class InvalidAuthenticationCode(IamError):
    code = "InvalidAuthenticationCode"
    status = 403


# --- STS --------------------------------------------------------------------------------------


class PackedPolicyTooLarge(IamError):
    code = "PackedPolicyTooLarge"


class RegionDisabled(IamError):
    code = "RegionDisabledException"
    status = 403


class InvalidIdentityToken(IamError):
    code = "InvalidIdentityToken"


class IdpRejectedClaim(IamError):
    code = "IDPRejectedClaim"
    status = 403


class IdpCommunicationError(IamError):
    code = "IDPCommunicationError"


class ExpiredIdentityToken(IamError):
    """STS's ``ExpiredTokenException``: a web identity token past its ``exp`` (not an expired session)."""

    code = "ExpiredTokenException"


class InvalidAuthorizationMessage(IamError):
    code = "InvalidAuthorizationMessageException"


# --- CloudTrail -------------------------------------------------------------------------------


class InvalidLookupAttributes(IamError):
    code = "InvalidLookupAttributesException"


class InvalidTimeRange(IamError):
    code = "InvalidTimeRangeException"


class InvalidMaxResults(IamError):
    code = "InvalidMaxResultsException"


class InvalidNextToken(IamError):
    code = "InvalidNextTokenException"


class InvalidEventCategory(IamError):
    code = "InvalidEventCategoryException"


class InvalidBodyEncoding(IamError):
    """A request body (or a %-decoded parameter) that is not UTF-8."""

    code = "InvalidBodyEncoding"


class InvalidUserType(IamError):
    """IAM's answer when an operation meant for IAM users is called by another kind of identity."""

    code = "InvalidUserType"

"""IAM signing certificates: Upload/List/Update/DeleteSigningCertificate (rules in
``hatrack.iam.signing_certificates``). Without UserName they act on the caller's own certificates;
the account root's are kept under the account id and shown with the account id as UserName [choice].
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import named_or_own_user
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import signing_certificates
from hatrack.iam.pagination import paginate
from hatrack.model.identities import SigningCertificateRecord


def _owner(call: Call, name: str | None) -> tuple[str, str]:
    """The owner's id and shown name: the user's, or the account's for the root."""
    user = named_or_own_user(call, name)
    if user is None:
        return call.ctx.account_id, call.ctx.account_id
    return user.user_id, user.name


def _view(record: SigningCertificateRecord, shown_name: str) -> shapes.SigningCertificate:
    return shapes.SigningCertificate(
        user_name=shown_name,
        certificate_id=record.certificate_id,
        certificate_body=record.body,
        status=record.status,
        upload_date=record.uploaded_at,
    )


@operation(
    "iam", "UploadSigningCertificate", action="iam:UploadSigningCertificate", resource=targets.own_user()
)
def upload(
    call: Call, request: shapes.UploadSigningCertificateRequest
) -> shapes.UploadSigningCertificateResponse:
    owner_id, shown = _owner(call, request.user_name)
    record = signing_certificates.upload(
        call.conn, call.ctx.account_id, owner_id, request.certificate_body, now=call.ctx.now
    )
    return shapes.UploadSigningCertificateResponse(certificate=_view(record, shown))


@operation(
    "iam",
    "ListSigningCertificates",
    action="iam:ListSigningCertificates",
    resource=targets.own_user(),
    read_only=True,
)
def list_certificates(
    call: Call, request: shapes.ListSigningCertificatesRequest
) -> shapes.ListSigningCertificatesResponse:
    owner_id, shown = _owner(call, request.user_name)
    records = signing_certificates.list_certificates(call.conn, call.ctx.account_id, owner_id)
    page = paginate(
        records, key=lambda r: r.certificate_id, marker=request.marker, max_items=request.max_items
    )
    return shapes.ListSigningCertificatesResponse(
        certificates=tuple(_view(record, shown) for record in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam", "UpdateSigningCertificate", action="iam:UpdateSigningCertificate", resource=targets.own_user()
)
def update(call: Call, request: shapes.UpdateSigningCertificateRequest) -> None:
    owner_id, _ = _owner(call, request.user_name)
    signing_certificates.update_status(
        call.conn, call.ctx.account_id, owner_id, request.certificate_id, request.status
    )


@operation(
    "iam", "DeleteSigningCertificate", action="iam:DeleteSigningCertificate", resource=targets.own_user()
)
def delete(call: Call, request: shapes.DeleteSigningCertificateRequest) -> None:
    owner_id, _ = _owner(call, request.user_name)
    signing_certificates.delete(call.conn, call.ctx.account_id, owner_id, request.certificate_id)

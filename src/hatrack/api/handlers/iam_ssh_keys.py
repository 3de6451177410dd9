"""IAM SSH public keys: Upload/Get/List/Update/DeleteSSHPublicKey (rules in ``hatrack.iam.ssh_keys``).

Declared on the user (``targets.user()``); ListSSHPublicKeys without UserName lists the caller's own
keys (none for the root, which has no SSH keys).
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import named_or_own_user
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import ssh_keys, users
from hatrack.iam.pagination import paginate
from hatrack.model.identities import SshKeyRow, UserRecord


def _user(call: Call, name: str) -> UserRecord:
    return users.require_user(call.conn, call.ctx.account_id, name)


def key_view(user: UserRecord, key: SshKeyRow, encoding: str = "SSH") -> shapes.SSHPublicKey:
    body = ssh_keys.pem_of(key.body) if encoding == "PEM" else key.body
    return shapes.SSHPublicKey(
        user_name=user.name,
        ssh_public_key_id=key.key_id,
        fingerprint=key.fingerprint,
        ssh_public_key_body=body,
        status=key.status,
        upload_date=key.uploaded_at,
    )


@operation("iam", "UploadSSHPublicKey", action="iam:UploadSSHPublicKey", resource=targets.user())
def upload_key(call: Call, request: shapes.UploadSSHPublicKeyRequest) -> shapes.UploadSSHPublicKeyResponse:
    user = _user(call, request.user_name)
    key = ssh_keys.upload_key(call.conn, user, request.ssh_public_key_body, now=call.ctx.now)
    return shapes.UploadSSHPublicKeyResponse(ssh_public_key=key_view(user, key))


@operation("iam", "GetSSHPublicKey", action="iam:GetSSHPublicKey", resource=targets.user(), read_only=True)
def get_key(call: Call, request: shapes.GetSSHPublicKeyRequest) -> shapes.GetSSHPublicKeyResponse:
    user = _user(call, request.user_name)
    key = ssh_keys.get_key(call.conn, user, request.ssh_public_key_id)
    return shapes.GetSSHPublicKeyResponse(ssh_public_key=key_view(user, key, request.encoding))


@operation(
    "iam", "ListSSHPublicKeys", action="iam:ListSSHPublicKeys", resource=targets.own_user(), read_only=True
)
def list_keys(call: Call, request: shapes.ListSSHPublicKeysRequest) -> shapes.ListSSHPublicKeysResponse:
    owner = named_or_own_user(call, request.user_name)
    keys = ssh_keys.list_keys(call.conn, owner) if owner is not None else []
    page = paginate(keys, key=lambda key: key.key_id, marker=request.marker, max_items=request.max_items)
    entries = tuple(
        shapes.SSHPublicKeyMetadata(
            user_name=owner.name, ssh_public_key_id=key.key_id, status=key.status, upload_date=key.uploaded_at
        )
        for key in page.items
        if owner is not None
    )
    return shapes.ListSSHPublicKeysResponse(
        ssh_public_keys=entries, is_truncated=page.is_truncated, marker=page.marker
    )


@operation("iam", "UpdateSSHPublicKey", action="iam:UpdateSSHPublicKey", resource=targets.user())
def update_key(call: Call, request: shapes.UpdateSSHPublicKeyRequest) -> None:
    ssh_keys.update_status(
        call.conn, _user(call, request.user_name), request.ssh_public_key_id, request.status
    )


@operation("iam", "DeleteSSHPublicKey", action="iam:DeleteSSHPublicKey", resource=targets.user())
def delete_key(call: Call, request: shapes.DeleteSSHPublicKeyRequest) -> None:
    ssh_keys.delete_key(call.conn, _user(call, request.user_name), request.ssh_public_key_id)

"""Who owns a simulated resource, and AWS's name of the resource type an action is simulated on.

Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

_TEMPLATES: dict[tuple[str, str], str] = {
    ("iam", "user"): "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}",
    ("iam", "group"): "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}",
    ("iam", "role"): "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
    ("iam", "policy"): "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
    ("iam", "instance-profile"): (
        "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}"
    ),
    ("iam", "mfa"): "arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}",
    ("iam", "oidc-provider"): "arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}",
    ("iam", "saml-provider"): "arn:${Partition}:iam::${Account}:saml-provider/${SamlProviderName}",
    ("iam", "server-certificate"): (
        "arn:${Partition}:iam::${Account}:server-certificate/${CertificateNameWithPath}"
    ),
    ("sts", "assumed-role"): "arn:${Partition}:sts::${Account}:assumed-role/${RoleName}/${RoleSessionName}",
    ("sts", "federated-user"): "arn:${Partition}:sts::${Account}:federated-user/${UserName}",
}


def resource_template(action: str, resources: Sequence[str]) -> str:
    """``EvalResourceName``: the ARN template of the resource type the action is simulated on, when
    hatrack knows it (IAM and STS resources of the action's own service); otherwise ``*``."""
    service = action.partition(":")[0].lower()
    found: set[str] = set()
    for resource in resources:
        parts = resource.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != service:
            return "*"
        template = _TEMPLATES.get((service, parts[5].split("/", 1)[0]))
        if template is None:
            return "*"
        found.add(template)
    return found.pop() if len(found) == 1 else "*"


def resource_account(resource: str, owner: str | None, caller_account: str) -> str:
    """The account that owns ``resource``: ``ResourceOwner`` if given, else the account in its ARN, else
    the caller's (AWS: "defaults to the account of the identity provided in CallerArn")."""
    if owner is not None:
        return owner
    parts = resource.split(":", 5)
    if len(parts) == 6 and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    return caller_account

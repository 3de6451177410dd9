"""Which resource an operation is authorized against: the resolvers that operation declarations name.

A declared operation (``@operation(..., action=..., resource=...)``) names one resolver; the pipeline
calls it with the typed request before the handler runs and authorizes the action on the ``Target``
it returns. This is the one place that decides an ARN for authorization, so the partition and
account always come from the caller's account (``RequestContext.iam_arn``), never from the request,
and the target's tags always reach ``aws:ResourceTag/*`` / ``iam:ResourceTag/*``.

A target that does not exist yet is named as AWS names it (path ``/``) and carries no tags, so that a
caller learns nothing before being allowed; the handler raises NoSuchEntity after the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from hatrack.api.shapes import Shape
from hatrack.errors import InvalidInput, InvalidUserType, ValidationError
from hatrack.iam import lookups, managed_policies, oidc_providers, saml_providers, service_linked_roles
from hatrack.iam.names import Tag, resource_tag_context, tag_request_context
from hatrack.iam.simulation.inputs import parse_source_arn, source_arn_error
from hatrack.iam.simulation.sources import entity_tags, find_entity, principal_of
from hatrack.model import CallerKind
from hatrack.types import Arn

if TYPE_CHECKING:
    from hatrack.api.context import Call

ConditionKeys = dict[str, str | list[str]]

NON_USER_CREDENTIALS = "Must specify userName when calling with non-User credentials"
ONLY_IAM_USERS = "Only IAM Users can change their own password."


@dataclass(frozen=True, slots=True)
class Target:
    """The resource ARN a call is authorized against, and the condition keys the resource brings.

    ``resource_account`` is the account owning the resource when it is not the caller's (``aws`` for
    an AWS-managed policy being changed or attached); None means the caller's own account.
    ``resource_policy`` is the policy the resource itself carries, decided on together with the
    caller's (a role's trust policy for sts:AssumeRole, with ``resource_is_trust_policy``).
    """

    arn: str
    context: Mapping[str, str | list[str]] = field(default_factory=dict)
    resource_account: str | None = None
    resource_policy: str | None = None
    resource_is_trust_policy: bool = False


Resolver = Callable[["Call", Shape], Target]


def _member(request: Shape, name: str) -> str | None:
    value = getattr(request, name)
    return None if value is None else str(value)


def _required(request: Shape, name: str) -> str:
    value = _member(request, name)
    if value is None:  # the model marks it required, so the protocol layer refused it already
        raise ValidationError(f"missing {name}")
    return value


def account_root() -> Resolver:
    """The account itself (``arn:…:iam::ACCOUNT:root``), for account-wide settings."""

    def resolve(call: Call, request: Shape) -> Target:
        return Target(call.ctx.iam_arn("root"))

    return resolve


def fixed(resource: str) -> Resolver:
    """Always the same resource of the caller's account (``policy/`` for ListPolicies)."""

    def resolve(call: Call, request: Shape) -> Target:
        return Target(call.ctx.iam_arn(resource))

    return resolve


def user(member: str = "user_name") -> Resolver:
    """The existing user named by ``member``, with its tags."""

    def resolve(call: Call, request: Shape) -> Target:
        return _user_target(call, _required(request, member))

    return resolve


def own_user(member: str = "user_name", *, root_allowed: bool = True) -> Resolver:
    """The user named by ``member``, or, when absent, the calling IAM user itself (the root: the
    account, unless ``root_allowed`` is False, as for login profiles). Role sessions and federated
    users must name a user, as AWS requires."""

    def resolve(call: Call, request: Shape) -> Target:
        name = own_user_name(call, _member(request, member))
        if name is None:
            if not root_allowed:
                raise ValidationError(NON_USER_CREDENTIALS)
            return Target(call.ctx.iam_arn("root"))
        return _user_target(call, name)

    return resolve


def calling_user() -> Resolver:
    """The calling IAM user itself (ChangePassword); any other caller gets InvalidUserType."""

    def resolve(call: Call, request: Shape) -> Target:
        caller = call.ctx.caller
        if caller.kind is not CallerKind.IAM_USER or caller.user_name is None:
            raise InvalidUserType(ONLY_IAM_USERS)
        return Target(call.ctx.iam_arn(f"user{caller.user_path}{caller.user_name}"))

    return resolve


def any_resource() -> Resolver:
    """``*``: the resource of actions that name no resource type (account aliases, summary, the
    password policy), as in AWS's Service Authorization Reference."""

    def resolve(call: Call, request: Shape) -> Target:
        return Target("*")

    return resolve


def own_user_name(call: Call, name: str | None) -> str | None:
    """``name`` if given, else the calling IAM user's own name; None for the account root."""
    if name is not None:
        return name
    caller = call.ctx.caller
    if caller.is_root:
        return None
    if caller.kind is CallerKind.IAM_USER and caller.user_name is not None:
        return caller.user_name
    raise ValidationError(NON_USER_CREDENTIALS)


def group(member: str = "group_name") -> Resolver:
    """The existing group named by ``member`` (groups have no tags)."""

    def resolve(call: Call, request: Shape) -> Target:
        name = _required(request, member)
        found = lookups.find_group(call.conn, call.ctx.account_id, name)
        return _entity_target(call, "group", name, found, ())

    return resolve


def role(member: str = "role_name") -> Resolver:
    """The existing role named by ``member``, with its tags."""

    def resolve(call: Call, request: Shape) -> Target:
        name = _required(request, member)
        found = lookups.find_role(call.conn, call.ctx.account_id, name)
        return _entity_target(call, "role", name, found, found.tags if found else ())

    return resolve


def new(kind: str, name_member: str, path_member: str = "path") -> Resolver:
    """An entity a Create… call is about to make: ``kind`` + its requested path + name."""

    def resolve(call: Call, request: Shape) -> Target:
        path = _member(request, path_member) or "/"
        return Target(call.ctx.iam_arn(f"{kind}{path}{_required(request, name_member)}"))

    return resolve


def path_prefix(kind: str, member: str = "path_prefix") -> Resolver:
    """What a List… call reads: every ``kind`` under the requested path prefix."""

    def resolve(call: Call, request: Shape) -> Target:
        return Target(call.ctx.iam_arn(f"{kind}{_member(request, member) or '/'}"))

    return resolve


def access_key_owner(member: str = "access_key_id") -> Resolver:
    """The user owning the access key named by ``member`` (the account, for a root key). A key that
    does not exist in the caller's account is named ``user/*``: nothing is learnt before the decision."""

    def resolve(call: Call, request: Shape) -> Target:
        key = lookups.find_access_key(call.conn, _required(request, member))
        if key is None or key.account_id != call.ctx.account_id:
            return Target(call.ctx.iam_arn("user/*"))
        if key.user_name is None:
            return Target(call.ctx.iam_arn("root"))
        owner = lookups.find_user_by_id(call.conn, call.ctx.account_id, key.user_id)
        return _user_target(call, owner.name if owner is not None else key.user_name)

    return resolve


def policy(member: str = "policy_arn", *, reading: bool = False) -> Resolver:
    """The managed policy whose ARN is ``member`` (checked first: InvalidInput for an ARN that names
    no policy of this partition), with its tags. An AWS-managed policy belongs to the account ``aws``,
    except when ``reading`` it: a read of an AWS-managed policy is a read of the caller's own view."""

    def resolve(call: Call, request: Shape) -> Target:
        arn = managed_policies.check_policy_arn(_required(request, member), call.ctx.partition)
        owner, _, _ = managed_policies.split_policy_arn(arn)
        account = owner if owner == managed_policies.AWS_ACCOUNT and not reading else None
        view = managed_policies.find_policy(call.conn, call.ctx.account_id, arn)
        tags = resource_tag_context(view.tags) if view is not None else {}
        return Target(arn, tags, account)

    return resolve


def oidc_provider(member: str = "open_id_connect_provider_arn") -> Resolver:
    """The OpenID Connect provider whose ARN is ``member``, with its tags. The ARN must be an IAM
    ``oidc-provider/`` ARN of the server's partition (InvalidInput otherwise, before any decision);
    the target is named canonically from the caller's account, so another spelling of the partition
    or service cannot step around a Deny written for ``arn:aws:iam::ACCOUNT:oidc-provider/…``."""

    def resolve(call: Call, request: Shape) -> Target:
        text = _required(request, member)
        try:
            arn = Arn.parse(text)
        except InvalidInput:
            raise InvalidInput(f"ARN {text} is not valid.") from None
        if arn.partition != call.ctx.partition or arn.service != "iam" or arn.region:
            raise InvalidInput(f"ARN {text} is not valid.")  # guess: AWS's wording for policy ARNs
        if arn.account != call.ctx.account_id or not arn.resource.startswith("oidc-provider/"):
            return Target(text)  # not this account's provider: NoSuchEntity after the decision
        canonical = call.ctx.iam_arn(arn.resource)
        found = lookups.find_oidc_provider(
            call.conn, call.ctx.account_id, arn.resource[len("oidc-provider/") :]
        )
        return Target(canonical, resource_tag_context(found.tags) if found is not None else {})

    return resolve


def new_oidc_provider(member: str = "url") -> Resolver:
    """The provider a CreateOpenIDConnectProvider call is about to make, named from its issuer URL
    (``oidc-provider/`` alone when the URL is not valid: the handler then refuses it)."""

    def resolve(call: Call, request: Shape) -> Target:
        try:
            url = oidc_providers.url_of(_required(request, member))
        except InvalidInput:
            return Target(call.ctx.iam_arn("oidc-provider/"))
        return Target(call.ctx.iam_arn(f"oidc-provider/{url}"))

    return resolve


def saml_provider(member: str = "saml_provider_arn") -> Resolver:
    """The SAML provider whose ARN is ``member``, with its tags, named canonically like
    ``oidc_provider`` (InvalidInput for an ARN of another partition or service, before any decision)."""

    def resolve(call: Call, request: Shape) -> Target:
        text = _required(request, member)
        try:
            arn = Arn.parse(text)
        except InvalidInput:
            raise InvalidInput(f"ARN {text} is not valid.") from None
        if arn.partition != call.ctx.partition or arn.service != "iam" or arn.region:
            raise InvalidInput(f"ARN {text} is not valid.")  # guess: AWS's wording for policy ARNs
        if arn.account != call.ctx.account_id or not arn.resource.startswith("saml-provider/"):
            return Target(text)  # not this account's provider: NoSuchEntity after the decision
        found = saml_providers.find_provider(
            call.conn, call.ctx.account_id, arn.resource[len("saml-provider/") :]
        )
        return Target(call.ctx.iam_arn(arn.resource), resource_tag_context(found.tags) if found else {})

    return resolve


def new_saml_provider(member: str = "name") -> Resolver:
    """The SAML provider a CreateSAMLProvider call is about to make (``saml-provider/NAME``)."""

    def resolve(call: Call, request: Shape) -> Target:
        return Target(call.ctx.iam_arn(f"saml-provider/{_required(request, member)}"))

    return resolve


def new_service_linked_role(call: Call, request: Shape) -> Target:
    """The role CreateServiceLinkedRole is about to make (``role/aws-service-role/SERVICE/NAME``;
    ``role/aws-service-role/*`` when the service name is not one: the handler then refuses it)."""
    service = _required(request, "aws_service_name")
    try:
        name = service_linked_roles.role_name_for(service, _member(request, "custom_suffix"))
    except InvalidInput:
        return Target(call.ctx.iam_arn("role/aws-service-role/*"))
    return Target(call.ctx.iam_arn(f"role/aws-service-role/{service}/{name}"))


def aws_service_name(call: Call, request: Shape) -> ConditionKeys:
    """``iam:AWSServiceName`` of CreateServiceLinkedRole."""
    return {"iam:AWSServiceName": _required(request, "aws_service_name")}


def deletion_task_role(call: Call, request: Shape) -> Target:
    """The service-linked role a deletion task id names (read from the id; the role is gone)."""
    task_id = _required(request, "deletion_task_id")
    return Target(service_linked_roles.role_arn_of_task(call.ctx.account_id, task_id, call.ctx.partition))


def instance_profile(member: str = "instance_profile_name") -> Resolver:
    """The existing instance profile named by ``member``, with its tags."""

    def resolve(call: Call, request: Shape) -> Target:
        name = _required(request, member)
        found = lookups.find_instance_profile(call.conn, call.ctx.account_id, name)
        return _entity_target(call, "instance-profile", name, found, found.tags if found else ())

    return resolve


def mfa_device(member: str = "serial_number") -> Resolver:
    """The virtual MFA device whose serial number (its ARN) is ``member``, with its tags. A device
    of the caller's account is named by its stored serial number; any other text names nothing (it
    is authorized as given and the handler answers NoSuchEntity after the decision)."""

    def resolve(call: Call, request: Shape) -> Target:
        serial = _required(request, member)
        found = lookups.find_mfa_device(call.conn, call.ctx.account_id, serial)
        if found is None:
            return Target(serial)
        tags = lookups.mfa_device_tags(call.conn, found)
        return Target(found.serial_number, resource_tag_context(tags))

    return resolve


def policy_source(member: str = "policy_source_arn") -> Resolver:
    """The user, group or role a ``PolicySourceArn`` names (SimulatePrincipalPolicy,
    GetContextKeysForPrincipalPolicy), with its tags.

    The ARN must name a user, group or role of the server's partition in a 12-digit account
    (InvalidInput otherwise, before any decision). One of the caller's account is named canonically:
    by its stored name and path when it exists (the path must match, as the simulation requires),
    else as the request spells it, and NoSuchEntity comes after the decision. One of another account
    is authorized as that account's resource; the simulator reads no other account.
    """

    def resolve(call: Call, request: Shape) -> Target:
        text = _required(request, member)
        account, kind, path, name = parse_source_arn(text)
        if text.split(":", 2)[1] != call.ctx.partition or len(account) != 12 or not account.isdigit():
            raise source_arn_error(text)
        if account != call.ctx.account_id:
            return Target(text, resource_account=account)
        entity = find_entity(call.conn, account, text)
        if entity is None:
            return Target(call.ctx.iam_arn(f"{kind}{path}{name}"))
        arn = principal_of(entity).arn(call.ctx.partition)
        return Target(arn, resource_tag_context(entity_tags(entity)))

    return resolve


def analysed_entity(member: str = "arn") -> Resolver:
    """The user, group, role or managed policy an ``Arn`` names (GenerateServiceLastAccessedDetails):
    a policy as ``policy(reading=True)`` names it, the others as ``policy_source`` does."""
    as_policy = policy(member, reading=True)
    as_principal = policy_source(member)

    def resolve(call: Call, request: Shape) -> Target:
        text = _required(request, member)
        return as_policy(call, request) if ":policy/" in text else as_principal(call, request)

    return resolve


def _user_target(call: Call, name: str) -> Target:
    found = lookups.find_user(call.conn, call.ctx.account_id, name)
    return _entity_target(call, "user", name, found, found.tags if found else ())


class _Named(Protocol):
    def arn(self, partition: str) -> str: ...


def _entity_target(call: Call, kind: str, name: str, found: _Named | None, tags: Sequence[Tag]) -> Target:
    """The entity ``found`` by name, with its tags; one not found is named with path ``/``."""
    if found is None:
        return Target(call.ctx.iam_arn(f"{kind}/{name}"))
    return Target(found.arn(call.ctx.partition), resource_tag_context(tags))


# --- condition keys a declaration adds -------------------------------------------------------------

KeySource = Callable[["Call", Shape], ConditionKeys]


def request_tags(call: Call, request: Shape) -> ConditionKeys:
    """``aws:RequestTag/*`` and ``aws:TagKeys`` of a Tag… call (even when it carries no tags)."""
    tags = getattr(request, "tags", None) or ()
    return tag_request_context([(tag.key, tag.value) for tag in tags])


def creation_tags(call: Call, request: Shape) -> ConditionKeys:
    """The tagging keys of a Create… call, which has them only when it carries tags."""
    return request_tags(call, request) if getattr(request, "tags", None) else {}


def tag_keys(call: Call, request: Shape) -> ConditionKeys:
    """``aws:TagKeys`` of an Untag… call."""
    return {"aws:TagKeys": list(getattr(request, "tag_keys", None) or ())}


def attached_policy_arn(call: Call, request: Shape) -> ConditionKeys:
    """``iam:PolicyARN`` of an Attach…/Detach… call, checked first like every policy ARN."""
    arn = managed_policies.check_policy_arn(_required(request, "policy_arn"), call.ctx.partition)
    return {"iam:PolicyARN": arn}


def current_user_boundary(call: Call, request: Shape) -> ConditionKeys:
    """``iam:PermissionsBoundary`` of DeleteUserPermissionsBoundary: the boundary being removed."""
    found = lookups.find_user(call.conn, call.ctx.account_id, _required(request, "user_name"))
    if found is None or found.permissions_boundary_arn is None:
        return {}
    return {"iam:PermissionsBoundary": found.permissions_boundary_arn}


def current_role_boundary(call: Call, request: Shape) -> ConditionKeys:
    """``iam:PermissionsBoundary`` of DeleteRolePermissionsBoundary: the boundary being removed."""
    found = lookups.find_role(call.conn, call.ctx.account_id, _required(request, "role_name"))
    if found is None or found.permissions_boundary_arn is None:
        return {}
    return {"iam:PermissionsBoundary": found.permissions_boundary_arn}


def passed_to_ec2(call: Call, request: Shape) -> ConditionKeys:
    """The PassRole keys of handing a role to EC2 through an instance profile.

    guess: the service and associated resource AWS sets for this PassRole (the API reference says
    iam:AssociatedResourceArn is arn:aws:ec2:*:CallerAccountId:instance/*).
    """
    return {
        "iam:PassedToService": "ec2.amazonaws.com",
        "iam:AssociatedResourceArn": f"arn:{call.ctx.partition}:ec2:*:{call.ctx.account_id}:instance/*",
    }


def permissions_boundary(call: Call, request: Shape) -> ConditionKeys:
    """``iam:PermissionsBoundary``, when the request sets one. The ARN is checked first (InvalidInput
    for one that names no managed policy of this partition), before any decision, as AWS does."""
    boundary = getattr(request, "permissions_boundary", None)
    if boundary is None:
        return {}
    return {"iam:PermissionsBoundary": managed_policies.check_policy_arn(str(boundary), call.ctx.partition)}

"""The IAM pages: users, groups, roles and customer managed policies; create, attach, detach, delete.

Every read and write is an IAM API call with the hat the session wears (``web.call_api``): a caller
who may not ``iam:ListUsers`` sees AccessDenied's own text on that page. Policy documents are shown
formatted and checked with ``hatrack.policy``'s findings before they are sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hatrack.console import web
from hatrack.console.api_client import ApiError
from hatrack.policy.kinds import PolicyKind
from hatrack.policy.validate import validate_policy
from hatrack.sts.revocation import REVOKE_POLICY_NAME, revoke_older_sessions_policy

KINDS = {
    "users": ("User", "UserName"),
    "groups": ("Group", "GroupName"),
    "roles": ("Role", "RoleName"),
}


def pretty(document: Any) -> str:
    """A policy document (text, URL-encoded text or parsed JSON) as indented JSON."""
    if isinstance(document, str):
        if not document.lstrip().startswith("{"):
            document = unquote(document)  # IAM returns documents URL-encoded (boto3 decodes them too)
        try:
            document = json.loads(document)
        except ValueError:
            return str(document)
    return json.dumps(document, indent=2, sort_keys=False)


def findings(text: str, kind: PolicyKind) -> tuple[list[str], bool]:
    """``hatrack.policy``'s findings for ``text`` (errors first), and whether any is an error."""
    result = validate_policy(text, kind)
    return [str(finding) for finding in (*result.errors, *result.warnings)], bool(result.errors)


async def _attempt(call: Any) -> tuple[dict[str, Any], str]:
    try:
        return await call, ""
    except ApiError as error:
        return {}, error.message


async def list_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    kind = request.path_params["kind"]
    if kind == "policies":
        result, error = await _attempt(
            web.call_api(console, request, state, "iam", "ListPolicies", {"Scope": "Local"})
        )
        items = [
            {"name": p["PolicyName"], "arn": p["Arn"], "link": _policy_link(p["Arn"])}
            for p in result.get("Policies", [])
        ]
    elif kind in KINDS:
        entity, _ = KINDS[kind]
        result, error = await _attempt(web.call_api(console, request, state, "iam", f"List{entity}s"))
        items = [
            {
                "name": e[f"{entity}Name"],
                "arn": e["Arn"],
                "link": f"/console/iam/{kind}/{quote(e[f'{entity}Name'])}",
            }
            for e in result.get(f"{entity}s", [])
        ]
    else:
        return web.render(
            console, "error.html", state=state, status=404, title="Not found", message="No such page."
        )
    return web.render(
        console,
        "iam_list.html",
        state=state,
        csrf=state.csrf_token,
        kind=kind,
        items=items,
        error=error,
        message=request.query_params.get("message", ""),
    )


def _policy_link(arn: str) -> str:
    return "/console/iam/policy?arn=" + quote(arn, safe="")


async def entity_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    kind, name = request.path_params["kind"], request.path_params["name"]
    if kind not in KINDS:
        return web.render(
            console, "error.html", state=state, status=404, title="Not found", message="No such page."
        )
    entity, key = KINDS[kind]
    params = {key: name}
    detail, error = await _attempt(web.call_api(console, request, state, "iam", f"Get{entity}", params))
    attached, _ = await _attempt(
        web.call_api(console, request, state, "iam", f"ListAttached{entity}Policies", params)
    )
    inline, _ = await _attempt(web.call_api(console, request, state, "iam", f"List{entity}Policies", params))
    extra: dict[str, Any] = {}
    if kind == "users":
        groups, _ = await _attempt(web.call_api(console, request, state, "iam", "ListGroupsForUser", params))
        extra["groups"] = [g["GroupName"] for g in groups.get("Groups", [])]
    if kind == "groups":
        extra["members"] = [u["UserName"] for u in detail.get("Users", [])]
    if kind == "roles" and detail:
        extra["trust"] = pretty(detail["Role"].get("AssumeRolePolicyDocument", ""))
    return web.render(
        console,
        "iam_entity.html",
        state=state,
        csrf=state.csrf_token,
        kind=kind,
        entity=entity,
        name=name,
        record=detail.get(entity, {}),
        error=error,
        attached=attached.get("AttachedPolicies", []),
        inline=inline.get("PolicyNames", []),
        message=request.query_params.get("message", ""),
        **extra,
    )


async def policy_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    arn = request.query_params.get("arn", "")
    policy, error = await _attempt(
        web.call_api(console, request, state, "iam", "GetPolicy", {"PolicyArn": arn})
    )
    document = ""
    if policy:
        version_id = policy["Policy"]["DefaultVersionId"]
        version, error = await _attempt(
            web.call_api(
                console,
                request,
                state,
                "iam",
                "GetPolicyVersion",
                {"PolicyArn": arn, "VersionId": version_id},
            )
        )
        document = pretty(version.get("PolicyVersion", {}).get("Document", ""))
    return web.render(
        console,
        "iam_policy.html",
        state=state,
        csrf=state.csrf_token,
        arn=arn,
        policy=policy.get("Policy", {}),
        document=document,
        error=error,
        message=request.query_params.get("message", ""),
    )


async def action(console: web.Console, request: Request) -> Response:
    """One IAM change from a form: the form names the operation, the page checks what it may send."""
    found = await web.signed_in_form(console, request)
    if isinstance(found, Response):
        return found
    _, state, form = found
    what = request.path_params["action"]
    back = form.get("back", "/console/iam/users")
    if not back.startswith("/console/"):
        back = "/console/home"
    try:
        operation, params, kind = _operation(what, form, now=console.now())
    except ValueError as invalid:
        return _back_with(back, str(invalid))
    if kind is not None:
        document = params.get("PolicyDocument") or params["AssumeRolePolicyDocument"]
        problems, has_errors = findings(document, kind)
        if has_errors:
            return web.render(
                console,
                "iam_findings.html",
                state=state,
                csrf=state.csrf_token,
                findings=problems,
                form=form,
                back=back,
                status=400,
            )
    try:
        await web.call_api(console, request, state, "iam", operation, params)
    except ApiError as error:
        return _back_with(back, error.message)
    target = form.get("after", back)
    return _back_with(target if target.startswith("/console/") else back, f"{operation} succeeded")


def _back_with(url: str, message: str) -> Response:
    separator = "&" if "?" in url else "?"
    return web.redirect(f"{url}{separator}message={quote(message)}")


def _require(form: dict[str, str], *names: str) -> dict[str, str]:
    missing = [name for name in names if not form.get(name)]
    if missing:
        raise ValueError(f"Enter {', '.join(missing)}")
    return {name: form[name] for name in names}


def _operation(
    what: str, form: dict[str, str], *, now: datetime
) -> tuple[str, dict[str, Any], PolicyKind | None]:
    """The IAM operation a console form asks for, and the policy kind to check first (if any)."""
    simple = {
        "create-user": ("CreateUser", ("UserName",)),
        "delete-user": ("DeleteUser", ("UserName",)),
        "create-group": ("CreateGroup", ("GroupName",)),
        "delete-group": ("DeleteGroup", ("GroupName",)),
        "add-user-to-group": ("AddUserToGroup", ("GroupName", "UserName")),
        "remove-user-from-group": ("RemoveUserFromGroup", ("GroupName", "UserName")),
        "delete-role": ("DeleteRole", ("RoleName",)),
        "delete-policy": ("DeletePolicy", ("PolicyArn",)),
    }
    if what in simple:
        operation, names = simple[what]
        return operation, _require(form, *names), None
    if what in ("attach", "detach"):
        entity = {"users": "User", "groups": "Group", "roles": "Role"}.get(form.get("kind", ""))
        if entity is None:
            raise ValueError("Unknown kind")
        key = f"{entity}Name"
        params = _require(form, key, "PolicyArn")
        return f"{'Attach' if what == 'attach' else 'Detach'}{entity}Policy", params, None
    if what == "create-role":
        params = _require(form, "RoleName", "AssumeRolePolicyDocument")
        return "CreateRole", params, PolicyKind.TRUST
    if what == "edit-policy":  # a new default version, as the console's "Save changes"
        params = _require(form, "PolicyArn", "PolicyDocument")
        return "CreatePolicyVersion", {**params, "SetAsDefault": True}, PolicyKind.MANAGED
    if what == "edit-trust":
        params = _require(form, "RoleName", "PolicyDocument")
        return "UpdateAssumeRolePolicy", params, PolicyKind.TRUST
    if what == "create-policy":
        params = _require(form, "PolicyName", "PolicyDocument")
        return "CreatePolicy", params, PolicyKind.MANAGED
    if what == "revoke-sessions":
        # AWS's "Revoke active sessions": the inline AWSRevokeOlderSessions policy, by PutRolePolicy.
        params = _require(form, "RoleName")
        params = {
            **params,
            "PolicyName": REVOKE_POLICY_NAME,
            "PolicyDocument": revoke_older_sessions_policy(now),
        }
        return "PutRolePolicy", params, None
    raise ValueError("Unknown action")


def routes(route: Callable[..., Route]) -> list[Any]:
    return [
        route("/console/iam", lambda console, request: _to_users()),
        route("/console/iam/policy", policy_page),
        route("/console/iam/{kind}", list_page),
        route("/console/iam/{kind}/{name}", entity_page),
        route("/console/iam-action/{action}", action, methods=("POST",)),
    ]


async def _to_users() -> Response:
    return web.redirect("/console/iam/users")

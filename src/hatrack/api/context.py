"""What one call knows about itself once authenticated: who, from where, when, which operation.

``Call`` is the unit of work a handler receives: the request context (``api.request_context``), the
transaction its change and its audit record share, and ``authorize`` — which asks the services' one
authorizer for the decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

from sqlalchemy.engine import Connection

from hatrack.api.request_context import RequestContext

if TYPE_CHECKING:
    from hatrack.api.authorize import Exemption
    from hatrack.api.services import Services

__all__ = ["Call", "RequestContext"]

T = TypeVar("T")
RequestT = TypeVar("RequestT")


@dataclass(slots=True)
class Call:
    """One call in progress. ``authorized`` records that a policy decision was reached.

    INVARIANT: the app refuses to answer an undeclared operation whose handler never called
    ``authorize``, so no handler can forget it (a declared one is authorized by the pipeline).

    The store connection is opened by ``opener`` at the handler's first use of ``conn`` (a call that
    never touches the store, like GetCallerIdentity, checks out no connection).
    """

    ctx: RequestContext
    services: Services
    opener: Callable[[], Connection]
    authorized: bool = False
    # Extra CloudTrail fields a handler may set: resources touched, shared event id, etc.
    audit_notes: dict[str, object] = field(default_factory=dict)
    opened: Connection | None = None
    # What ``once`` has worked out for this call, by the function that worked it out.
    derived: dict[object, object] = field(default_factory=dict)

    @property
    def conn(self) -> Connection:
        """The call's store connection (its transaction), opened on first use."""
        if self.opened is None:
            self.opened = self.opener()
        return self.opened

    def once(self, derive: Callable[[Call, RequestT], T], request: RequestT) -> T:
        """``derive(self, request)``, worked out at most once in this call (a call has one request).

        What a declared operation's authorization works out and its handler needs again (AssumeRole's
        role and MFA proof, web identity's verified token) is derived once: an MFA code can be checked
        only once, and a token's keys are fetched only once.
        """
        if derive not in self.derived:
            self.derived[derive] = derive(self, request)
        return cast(T, self.derived[derive])

    def authorize(
        self,
        action: str,
        resource: str,
        *,
        resource_account: str | None = None,
        context: dict[str, str | list[str]] | None = None,
        resource_policy: str | None = None,
        resource_is_trust_policy: bool = False,
        exemption: Exemption | None = None,
    ) -> None:
        """Raise ``AccessDenied`` unless the caller may perform ``action`` on ``resource``: the one
        authorizer of the services decides (``api.authorize.Authorizer``).

        ``exemption`` (from a named rule such as ``change_own_password_exemption``) stands in for a
        missing Allow; an explicit Deny still refuses.
        """
        self.services.authorizer.require(
            self.ctx,
            self.conn,
            action,
            resource,
            resource_account=resource_account,
            context=context or {},
            resource_policy=resource_policy,
            resource_is_trust_policy=resource_is_trust_policy,
            exemption=exemption,
        )
        self.authorized = True
        # What was allowed, for the trail (``additionalEventData.hatrackAuthorized``): policy
        # generation replays exactly these decisions (hatrack.analysis.generation).
        allowed = self.audit_notes.setdefault("authorized", [])
        if isinstance(allowed, list):
            allowed.append({"action": action, "resource": resource})

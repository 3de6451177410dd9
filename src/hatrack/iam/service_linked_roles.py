"""Service-linked roles: roles an AWS service owns, made by CreateServiceLinkedRole.

AWS's conventions: the name is ``AWSServiceRoleFor`` + the service's own suffix (``autoscaling`` →
``AutoScaling``), then ``_`` + the CustomSuffix when one is given; the path is
``/aws-service-role/SERVICE/``; the trust policy lets the service principal assume it. No ordinary
call may change its trust, its permissions or delete it (``roles.refuse_service_linked``:
UnmodifiableEntity); DeleteServiceLinkedRole deletes it, with its policies, and answers a deletion
task id whose status GetServiceLinkedRoleDeletionStatus reads.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import InvalidInput, NoSuchEntity
from hatrack.iam import roles
from hatrack.model.identities import RoleRecord
from hatrack.store import instance_profiles as profile_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import service_linked_roles as store

PREFIX = "AWSServiceRoleFor"
SERVICE_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com")  # [choice] any AWS service principal
SUFFIX_PATTERN = re.compile(r"[\w+=,.@-]{1,64}")
MAX_ROLE_NAME = 64
SUCCEEDED = "SUCCEEDED"

# The suffix AWS gives some services' roles (IAM User Guide, "AWS services that work with IAM");
# any other service gets its name's parts capitalized [choice].
KNOWN_SUFFIXES = {
    "autoscaling.amazonaws.com": "AutoScaling",
    "elasticloadbalancing.amazonaws.com": "ElasticLoadBalancing",
    "elasticbeanstalk.amazonaws.com": "ElasticBeanstalk",
    "ecs.amazonaws.com": "ECS",
    "eks.amazonaws.com": "AmazonEKS",
    "rds.amazonaws.com": "RDS",
    "organizations.amazonaws.com": "Organizations",
    "support.amazonaws.com": "Support",
    "trustedadvisor.amazonaws.com": "TrustedAdvisor",
    "cloudtrail.amazonaws.com": "CloudTrail",
    "config.amazonaws.com": "Config",
    "spot.amazonaws.com": "EC2Spot",
    "ssm.amazonaws.com": "AmazonSSM",
    "guardduty.amazonaws.com": "AmazonGuardDuty",
    "elasticache.amazonaws.com": "ElastiCache",
    "lexbots.lex.amazonaws.com": "LexBots",
}


def role_name_for(service: str, custom_suffix: str | None) -> str:
    """The role name AWS gives the service's role (InvalidInput for a name that is no service's)."""
    if not SERVICE_PATTERN.fullmatch(service):
        raise InvalidInput(f"Invalid service name: {service}")  # [choice] AWS's wording unknown
    suffix = KNOWN_SUFFIXES.get(service) or "".join(
        part[:1].upper() + part[1:] for part in re.split(r"[.-]", service.removesuffix(".amazonaws.com"))
    )
    name = PREFIX + suffix
    if custom_suffix is not None:
        if not SUFFIX_PATTERN.fullmatch(custom_suffix):
            raise InvalidInput(f"Invalid custom suffix: {custom_suffix}")  # [choice]
        name = f"{name}_{custom_suffix}"
    if len(name) > MAX_ROLE_NAME:
        raise InvalidInput(f"The role name {name} is longer than {MAX_ROLE_NAME} characters.")  # [choice]
    return name


def trust_policy_for(service: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": [service]}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def create_service_linked_role(
    conn: Connection,
    account_id: str,
    *,
    service: str,
    description: str | None,
    custom_suffix: str | None,
    now: datetime,
    partition: str,
) -> RoleRecord:
    name = role_name_for(service, custom_suffix)
    if role_store.get_role(conn, account_id, name) is not None:
        raise InvalidInput(  # AWS's message
            f"Service role name {name} has been taken in this account, please try a different suffix."
        )
    return roles.create_role(
        conn,
        account_id,
        role_name=name,
        path=f"{roles.SERVICE_LINKED_PATH}{service}/",
        assume_role_policy_document=trust_policy_for(service),
        now=now,
        description=description,
        partition=partition,
        service_linked=True,
    )


def delete_service_linked_role(conn: Connection, account_id: str, role_name: str, *, now: datetime) -> str:
    """Delete the role with its inline and attached policies and instance-profile memberships; the
    deletion task id (``task/aws-service-role/SERVICE/NAME/UUID``, AWS's form)."""
    role = roles.get_role(conn, account_id, role_name)
    if not roles.is_service_linked(role.path):
        raise InvalidInput(f"Role {role_name} is not a service-linked role.")  # [choice]
    policy_store.delete_principal_policies(conn, account_id, role.role_id)
    for profile in profile_store.list_instance_profiles_for_role(conn, account_id, role.role_id):
        profile_store.remove_role(conn, profile.instance_profile_id, role.role_id)
    role_store.delete_role(conn, account_id, role.role_id)
    task_id = f"task{role.path}{role.role_name}/{uuid.uuid4()}"
    store.insert_task(conn, account_id, task_id, SUCCEEDED, now=now)
    return task_id


def deletion_status(conn: Connection, account_id: str, task_id: str) -> str:
    status = store.task_status(conn, account_id, task_id)
    if status is None:
        raise NoSuchEntity(f"Deletion task {task_id} does not exist.")  # [choice]
    return status


def role_arn_of_task(account_id: str, task_id: str, partition: str) -> str:
    """The role a deletion task names (its ARN), or ``role/*`` when ``task_id`` is not a task id."""
    if task_id.startswith(f"task{roles.SERVICE_LINKED_PATH}"):
        path_and_name = task_id[len("task") :].rpartition("/")[0]
        if path_and_name.count("/") >= 3:
            return f"arn:{partition}:iam::{account_id}:role{path_and_name}"
    return f"arn:{partition}:iam::{account_id}:role/*"

"""Small value types used everywhere: account ids, ARNs, access key ids.

The partition of an ARN is the server's (``hatrack.partitions``), never derived from a region.

Imports nothing of hatrack but ``errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NewType

from hatrack.errors import InvalidInput

AccountId = NewType("AccountId", str)
AccessKeyId = NewType("AccessKeyId", str)

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")


def is_account_id(value: str) -> bool:
    return bool(_ACCOUNT_ID.match(value))


def account_id(value: str) -> AccountId:
    if not is_account_id(value):
        raise InvalidInput(f"'{value}' is not a valid account id: it must be 12 digits")
    return AccountId(value)


@dataclass(frozen=True, slots=True)
class Arn:
    """An ARN split into its six parts; ``resource`` is everything after the fifth colon."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, text: str) -> Arn:
        parts = text.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2]:
            raise InvalidInput(f"ARN {text} is not valid.")
        return cls(parts[1], parts[2], parts[3], parts[4], parts[5])

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def iam_arn(partition: str, account: str, resource: str) -> str:
    return f"arn:{partition}:iam::{account}:{resource}"


def root_arn(partition: str, account: str) -> str:
    return iam_arn(partition, account, "root")

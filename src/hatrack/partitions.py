"""The ARN partition of a server, and which SigV4 signing regions a request may name.

The partition (``aws``, ``aws-cn``, ``aws-us-gov`` ...) belongs to the accounts, and every account of
one server shares it: it is chosen once, when the state is created (``hatrack init --partition``), and
kept in the state file. It is never read from a request. An earlier version took it from the region
the client signed with, so signing for ``cn-north-1`` turned every resource ARN into ``arn:aws-cn:…``
and a Deny written for ``arn:aws:…`` stopped matching.

The signing region is still the client's to choose, within what AWS accepts:

- IAM is a global service: AWS accepts only the partition's global signing region (``us-east-1`` for
  ``aws``) and answers any other scope with ``SignatureDoesNotMatch`` "Credential should be scoped to a
  valid region, not '…'." ([obs] aws/aws-sdk-go#156, JuliaCloud/AWS.jl#565).
- STS and CloudTrail are regional: any region of the server's partition is accepted. A region of
  another partition names credentials that cannot exist there (each partition has its own accounts),
  so it gets ``InvalidClientTokenId`` "The security token included in the request is invalid."
  [choice: what AWS answers keys of one partition sent to another]. A region of no partition at all
  (``xx-nowhere-1``) gets the ``SignatureDoesNotMatch`` scope message.

Imports nothing of hatrack but ``errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hatrack.errors import InvalidClientTokenId, SignatureDoesNotMatch

DEFAULT_PARTITION = "aws"
GLOBAL_SERVICES = frozenset({"iam"})
_TOKEN_FROM_ANOTHER_PARTITION = "The security token included in the request is invalid."


@dataclass(frozen=True, slots=True)
class Partition:
    name: str
    global_region: str  # the signing region of IAM (and of other global endpoints)
    region_pattern: re.Pattern[str]

    def has_region(self, region: str) -> bool:
        return self.region_pattern.fullmatch(region) is not None


# The region patterns are those of botocore's data/partitions.json (``regionRegex``); the global
# signing regions are the ``credentialScope`` of IAM's global endpoint in botocore's endpoints.json.
PARTITIONS: dict[str, Partition] = {
    partition.name: partition
    for partition in (
        Partition("aws", "us-east-1", re.compile(r"(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-[0-9]+", re.ASCII)),
        Partition("aws-cn", "cn-north-1", re.compile(r"cn-[a-z]+-[0-9]+", re.ASCII)),
        Partition("aws-us-gov", "us-gov-west-1", re.compile(r"us-gov-[a-z]+-[0-9]+", re.ASCII)),
        Partition("aws-iso", "us-iso-east-1", re.compile(r"us-iso-[a-z]+-[0-9]+", re.ASCII)),
        Partition("aws-iso-b", "us-isob-east-1", re.compile(r"us-isob-[a-z]+-[0-9]+", re.ASCII)),
    )
}


def partition_named(name: str) -> Partition:
    """The partition called ``name``; ``ValueError`` (a configuration mistake) for any other name."""
    try:
        return PARTITIONS[name]
    except KeyError:
        known = ", ".join(sorted(PARTITIONS))
        raise ValueError(f"unknown partition {name!r}: choose one of {known}") from None


def _partition_of(region: str) -> Partition | None:
    # The more specific patterns first: "us-gov-west-1" must not be read as a region of "aws".
    for name in ("aws-iso-b", "aws-iso", "aws-us-gov", "aws-cn", "aws"):
        if PARTITIONS[name].has_region(region):
            return PARTITIONS[name]
    return None


def check_signing_region(partition: Partition, service: str, region: str) -> None:
    """Refuse a credential scope whose region this server's ``partition`` does not serve for ``service``.

    Runs with the other scope checks, before the session token or the access key is looked at
    (AWS's order; ``tests/sigv4/test_check_order.py``).
    """
    scoped_wrongly = SignatureDoesNotMatch(f"Credential should be scoped to a valid region, not '{region}'.")
    if service in GLOBAL_SERVICES:
        if region != partition.global_region:
            raise scoped_wrongly
        return
    found = _partition_of(region)
    if found is partition:
        return
    if found is not None:
        raise InvalidClientTokenId(_TOKEN_FROM_ANOTHER_PARTITION)
    raise scoped_wrongly

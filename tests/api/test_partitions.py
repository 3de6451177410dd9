"""Which signing regions a server of each partition accepts, per service (hatrack.partitions)."""

from __future__ import annotations

import pytest

from hatrack.errors import InvalidClientTokenId, SignatureDoesNotMatch
from hatrack.partitions import PARTITIONS, check_signing_region, partition_named


@pytest.mark.parametrize(
    ("partition", "region"),
    [
        ("aws", "us-east-1"),
        ("aws-cn", "cn-north-1"),
        ("aws-us-gov", "us-gov-west-1"),
        ("aws-iso", "us-iso-east-1"),
        ("aws-iso-b", "us-isob-east-1"),
    ],
)
def test_iam_accepts_exactly_the_partitions_global_region(partition: str, region: str) -> None:
    check_signing_region(PARTITIONS[partition], "iam", region)
    for other in {"us-west-2", "cn-northwest-1", "us-gov-east-1", "xx-nowhere-1", "us-east-1"} - {region}:
        with pytest.raises(SignatureDoesNotMatch) as refused:
            check_signing_region(PARTITIONS[partition], "iam", other)
        assert refused.value.message == f"Credential should be scoped to a valid region, not '{other}'."


@pytest.mark.parametrize("service", ["sts", "cloudtrail"])
def test_regional_services_accept_any_region_of_the_partition_only(service: str) -> None:
    aws, china = PARTITIONS["aws"], PARTITIONS["aws-cn"]
    for region in ("us-east-1", "eu-west-1", "ap-southeast-5", "il-central-1", "mx-central-1"):
        check_signing_region(aws, service, region)
    for region in ("cn-north-1", "cn-northwest-1"):
        check_signing_region(china, service, region)
    for region in ("cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1"):
        with pytest.raises(InvalidClientTokenId):
            check_signing_region(aws, service, region)
    with pytest.raises(InvalidClientTokenId):
        check_signing_region(china, service, "us-east-1")
    for region in ("xx-nowhere-1", "us-east", "aws-global"):
        with pytest.raises(SignatureDoesNotMatch):
            check_signing_region(aws, service, region)


def test_an_unknown_partition_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="unknown partition 'nope'"):
        partition_named("nope")

"""hatrack: self-hosted IAM, STS and CloudTrail LookupEvents that AWS clients talk to unchanged."""

__version__ = "0.1.0"

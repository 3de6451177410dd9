"""The associated data a workload CA's private key is sealed with: the key belongs to one account's
CA row, and a sealed key moved to another row does not open (``hatrack.rekey`` re-seals it too)."""

from __future__ import annotations

_ASSOCIATED = b"hatrack:workload-ca:"


def ca_key_associated_data(account_id: str) -> bytes:
    return _ASSOCIATED + account_id.encode()

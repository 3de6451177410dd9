"""hatrack.credentials: the keyring, access keys and their sealed secrets, session tokens, passwords, TOTP.

Pure functions over bytes and values; the only I/O is the keyring's key file. Time and randomness are
parameters where a caller or a test needs to fix them. Imports ``cryptography`` and ``argon2`` and,
of hatrack, only ``errors`` and ``model`` (session tokens). Modules:

* ``keyring``: ``Keyring`` (seal/open, rotate/retire, key file, ``HATRACK_MASTER_KEY``), ``SealedDataInvalid``
* ``access_keys``: ``new_access_key_id``, ``new_secret_access_key``, ``seal_secret``, ``open_secret``
* ``ids``: ``new_unique_id`` (AIDA, AROA, AGPA, ANPA, AIPA ids)
* ``passwords``: ``hash_password``, ``verify_password``, ``needs_rehash`` (Argon2id)
* ``session_token``: ``issue_session_token``, ``open_session_token``, ``packed_policy_size_percent``
* ``totp``: RFC 6238 codes for virtual MFA devices
"""

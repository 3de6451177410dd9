"""The web console: sign-in with a password (and MFA), Switch Role / Switch back, IAM pages, the trail.

A client of the declared operations, never a side door: every page action is a signed AWS API call
through the server's Pipeline with the console session's temporary credentials (``api_client``).
Sign-in itself (password, MFA code, root password) reads identities through ``iam``/``store`` and then
issues ``TokenKind.CONSOLE`` credentials. Imports api (the Pipeline), iam, sts, audit, credentials,
store (its own tables), sigv4, policy; never imported by anything but ``api/app.py``.
"""

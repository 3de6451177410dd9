"""hatrack.sts: temporary credentials — role sessions ("wearing the hat"), session tokens, federation.

One module per operation group (``assume_role``, ``session_token``, ``federation``, ``web_identity``,
``decode``) plus the rules they share (``durations``, ``session_tags``, ``session_policies``,
``credentials``, ``limits``, ``revocation``). The handlers in ``hatrack.api.handlers.sts_*`` reach a
policy decision through ``Call.authorize`` and then ask these modules to build the session.

Imports ``iam``/``store`` (through ``directory``), ``credentials``, ``policy`` and ``evaluation``;
never ``api``.
"""

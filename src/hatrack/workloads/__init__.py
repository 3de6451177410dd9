"""Workload credentials (issue 13), the server side: registered workloads and their join tokens, each
account's workload CA (sealed in the keyring), the certificate exchange, credential issuance for the
agent (an AssumeRole by ``ec2.amazonaws.com``) and IAM Roles Anywhere's CreateSession (an AssumeRole
by ``rolesanywhere.amazonaws.com``). Both go through ``hatrack.sts.service_assume_role`` and are
recorded in the trail like any AssumeRole. See docs/workloads.md for the trust model."""

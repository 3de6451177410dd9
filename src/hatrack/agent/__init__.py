"""The workload agent (``hatrack agent``): runs beside a workload, holds its certificate and key in
its state folder, and serves the instance profile role's credentials on the endpoints every AWS SDK
reads (EC2 instance metadata IMDSv2, the container credentials endpoint, ``credential_process``).

It is a client of the server over HTTP(S) only: it imports nothing of the server's store, IAM or STS
(tests/test_architecture.py), just what a separate machine would have.
"""

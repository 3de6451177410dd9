"""On-demand coverage-guided fuzzing of the policy pipeline with atheris (not run by the test suite).

Every input is turned into text and fed to validation (every policy kind), parsing, compiling and
evaluation; an ``IamError`` is an answer, any other exception is a crash that atheris reports with
the input that caused it (write it into a regression test). Run from the repository root:

    /work/main/.venv/bin/pip install atheris
    PYTHONPATH=src python scripts/fuzz/policy_parser.py -atheris_runs=200000 [corpus_dir]

The suite's brief, deterministic counterpart is tests/policy/test_fuzz_parser.py.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from hatrack.errors import IamError
    from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
    from hatrack.policy import PolicyKind, check_policy, validate_policy

CONTEXT = {"aws:username": "alice", "aws:sourceip": "10.1.2.3", "aws:tagkeys": ["env", "*"]}
REQUESTS = [
    AuthorizationRequest(
        principal_arn="arn:aws:iam::111122223333:user/alice",
        principal_account="111122223333",
        action=action,
        resource_arn=resource,
        resource_account="111122223333",
        context=CONTEXT,
    )
    for action, resource in (("s3:GetObject", "arn:aws:s3:::b/alice/k"), ("iam:GetUser", "*"))
]
# Policy-shaped prefixes give the fuzzer a head start past the JSON syntax.
PREFIXES = [
    "",
    '{"Version":"2012-10-17","Statement":',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",',
]


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    prefix = PREFIXES[provider.ConsumeIntInRange(0, len(PREFIXES) - 1)]
    text = prefix + provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes())
    for kind in PolicyKind:
        validate_policy(text, kind)
        with contextlib.suppress(IamError):
            check_policy(text, kind)
    try:
        compiled = compile_policy(text)
    except IamError:
        return
    for request in REQUESTS:
        evaluate(request, PolicySet(identity=(compiled,), resource=compiled, boundary=compiled))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

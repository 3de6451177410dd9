"""The credential report through boto3: AWS's columns in AWS's order, the root first, ages and use."""

from __future__ import annotations

import csv
import io

import pytest
from botocore.exceptions import ClientError

from hatrack.analysis.credential_report import COLUMNS
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

AWS_COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated"
)


def test_the_report_is_generated_then_read_as_awss_csv(server: RunningServer) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as absent:
        iam.get_credential_report()
    assert absent.value.response["Error"]["Code"] == "ReportNotPresent"

    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Corr3ct-horse-battery!")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.create_access_key(UserName="alice")
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    iam.create_user(UserName="bob")

    first = iam.generate_credential_report()
    assert first["State"] == "STARTED"
    assert iam.generate_credential_report()["State"] == "COMPLETE"  # fresh for four hours
    report = iam.get_credential_report()
    assert report["ReportFormat"] == "text/csv"
    text = report["Content"].decode()
    assert text.splitlines()[0] == AWS_COLUMNS == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["user"] for row in rows] == ["<root_account>", "alice", "bob"]
    root, alice, bob = rows
    assert root["arn"] == f"arn:aws:iam::{server.account_id}:root"
    assert root["password_enabled"] == "not_supported"
    assert root["access_key_1_active"] == "true"  # the root key the suite signs with
    assert root["access_key_1_last_used_date"] != "N/A"
    assert alice["password_enabled"] == "true"
    assert alice["password_last_used"] == "no_information"
    assert alice["password_last_changed"].endswith("+00:00")
    assert alice["password_next_rotation"] == "N/A"
    assert (alice["access_key_1_active"], alice["access_key_2_active"]) == ("false", "true")
    assert alice["access_key_1_last_used_date"] == "N/A"
    assert alice["mfa_active"] == "false"
    assert bob["password_enabled"] == "false"
    assert bob["password_last_used"] == "N/A"
    assert bob["access_key_1_active"] == "false" and bob["access_key_1_last_rotated"] == "N/A"
    assert (bob["cert_1_active"], bob["cert_2_last_rotated"]) == ("false", "N/A")

"""Evidence in a private S3 bucket: the portal's storage code against a real S3-compatible server.

The server is moto's standalone server (``moto[server]``, pinned in requirements-dev.txt), started on a
free 127.0.0.1 port once for the test run and stopped at its end. It runs with IAM authentication on
(``INITIAL_NO_AUTH_ACTION_COUNT``): after the three requests that create the portal's user and key, every
request must carry a valid AWS signature of that key, as on AWS or MinIO. What moto does and does not
enforce is said where it is tested (docs/storage.md sums it up).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from storages.backends.s3 import S3Storage

from assessments.models import Evidence
from assessments.models.reports import private_storage
from assessments.reporting import services as report_service
from portal.storage import s3_evidence_storage, storage_ok
from tests.assessments.reporting import build_world, evidence_data, minimal_pdf, remove_evidence_folder

pytestmark = pytest.mark.django_db

BUCKET = "portal-evidence-test"
REGION = "us-east-1"
# The headers the evidence views send today from the disk, which they must send the same from a bucket.
SERVED_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "X-Content-Type-Options",
    "Cache-Control",
    "Content-Security-Policy",
)


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str

    def environ(self, **extra: str) -> dict[str, str]:
        """The production environment variables that point the evidence storage at this server."""
        return {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_ADDRESSING_STYLE": "path",
            **extra,
        }

    def client(self, secret_key: str | None = None):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def object_keys(self) -> list[str]:
        return [item["Key"] for item in self.client().list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the S3 server stopped at start (exit code {process.returncode})")
        try:
            # A bare TCP connection: an HTTP request would use up one of the unauthenticated requests.
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the S3 server did not answer on 127.0.0.1:{port} within {seconds} s")


@pytest.fixture(scope="session")
def s3_server():
    """moto's server in a process of its own, with a user allowed S3 and a private bucket."""
    port = _free_port()
    # Requests are authenticated after the first three: creating the user, its policy and its key.
    environment = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "3"}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        endpoint = f"http://127.0.0.1:{port}"
        iam = boto3.client(
            "iam", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="setup", aws_secret_access_key="setup"
        )
        iam.create_user(UserName="portal")
        iam.put_user_policy(
            UserName="portal",
            PolicyName="evidence",
            PolicyDocument='{"Version": "2012-10-17", "Statement": '
            '[{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}',
        )
        key = iam.create_access_key(UserName="portal")["AccessKey"]
        server = S3Server(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
        client = server.client()
        client.create_bucket(Bucket=BUCKET)
        # As docs/storage.md asks of a production bucket: no public ACL or policy can open it.
        client.put_public_access_block(
            Bucket=BUCKET,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def s3_evidence(settings, s3_server):
    """The evidence storage is the bucket for one test (override_settings empties Django's storage cache
    and portal.storage's proxy); the bucket is emptied afterwards."""
    settings.STORAGES = {**settings.STORAGES, "evidence": s3_evidence_storage(s3_server.environ())}
    yield s3_server
    client = s3_server.client()
    for key in s3_server.object_keys():
        client.delete_object(Bucket=BUCKET, Key=key)


@pytest.fixture(autouse=True)
def _isolated_reports():
    report_service._pinned.cache_clear()
    yield
    report_service._pinned.cache_clear()
    remove_evidence_folder()


@pytest.fixture
def world(decision):
    return build_world(decision)


def upload(client, report, name: str, content: bytes):
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(
        reverse("reports:add_evidence", args=[report.pk, "1.1"]), evidence_data("1.1", kind="file", file=file)
    )


def served(response) -> tuple[dict[str, str], bytes]:
    headers = {name: response[name] for name in SERVED_HEADERS if response.has_header(name)}
    return headers, b"".join(response.streaming_content)


def anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.read()


def test_production_settings_make_a_private_bucket_with_short_signed_urls(s3_server):
    options = s3_evidence_storage(s3_server.environ())["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 60
    assert options["file_overwrite"] is False
    assert (options["endpoint_url"], options["region_name"], options["addressing_style"]) == (
        s3_server.endpoint,
        REGION,
        "path",
    )
    assert s3_evidence_storage(s3_server.environ(S3_SIGNED_URL_SECONDS="30"))["OPTIONS"]["querystring_expire"] == 30
    assert s3_evidence_storage(s3_server.environ(S3_OBJECT_ACL=""))["OPTIONS"]["default_acl"] is None


def test_the_evidence_field_follows_the_storages_setting(s3_evidence):
    assert isinstance(private_storage(), S3Storage)
    assert isinstance(Evidence._meta.get_field("file").storage, S3Storage)
    assert private_storage().bucket_name == BUCKET


def test_an_upload_through_the_view_becomes_a_private_object_in_the_bucket(client, world, s3_evidence):
    content = minimal_pdf("Bien ban tren S3")
    client.force_login(world.officer_a)

    response = upload(client, world.report_a, "bien-ban.pdf", content)

    assert response.status_code == 302
    evidence = Evidence.objects.get(report=world.report_a)
    assert evidence.file.name.startswith(f"evidence/{world.report_a.pk}/")
    assert s3_evidence.object_keys() == [evidence.file.name]
    client_s3 = s3_evidence.client()
    stored = client_s3.get_object(Bucket=BUCKET, Key=evidence.file.name)
    assert stored["Body"].read() == content
    assert stored["CacheControl"] == "private, no-store"
    grants = client_s3.get_object_acl(Bucket=BUCKET, Key=evidence.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    # The bare object URL, as any browser or crawler would ask for it: no signature, no access.
    status, body = anonymous_get(f"{s3_evidence.endpoint}/{BUCKET}/{evidence.file.name}")
    assert status == 403
    assert content not in body


def test_download_and_view_serve_the_bucket_bytes_with_the_same_headers_as_from_disk(
    client, world, settings, s3_evidence
):
    content = minimal_pdf("Cung noi dung")
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban-kiem-tra.pdf", content)
    evidence = Evidence.objects.get(report=world.report_a)
    download = reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])
    view = reverse("reports:view_evidence", args=[world.report_a.pk, evidence.pk])
    from_bucket = {url: served(client.get(url)) for url in (download, view)}

    # The same file kept on disk, as today.
    on_disk = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT},
    }
    settings.STORAGES = {**settings.STORAGES, "evidence": on_disk}
    assert storages["evidence"].save(evidence.file.name, ContentFile(content)) == evidence.file.name
    from_disk = {url: served(client.get(url)) for url in (download, view)}

    assert from_bucket == from_disk
    headers, body = from_bucket[download]
    assert body == content
    assert headers["Content-Disposition"] == 'attachment; filename="bien-ban-kiem-tra.pdf"'
    assert headers["Content-Length"] == str(len(content))
    headers, body = from_bucket[view]
    assert body == content
    assert headers["Content-Disposition"] == 'inline; filename="bien-ban-kiem-tra.pdf"'
    assert headers["Content-Security-Policy"].startswith("sandbox")


def test_only_the_agency_and_its_appraiser_reach_a_file_in_the_bucket(client, world, s3_evidence):
    content = minimal_pdf()
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", content)
    evidence = Evidence.objects.get(report=world.report_a)
    urls = [
        reverse(name, args=[world.report_a.pk, evidence.pk]) for name in ("reports:evidence", "reports:view_evidence")
    ]

    client.force_login(world.officer_b)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.logout()
    assert [client.get(url).status_code for url in urls] == [302, 302]
    assert all(client.get(url).url.startswith(reverse("login")) for url in urls)
    client.force_login(world.appraiser)
    assert [b"".join(client.get(url).streaming_content) for url in urls] == [content, content]


def test_a_file_missing_from_the_bucket_is_a_404_not_a_500(client, world, s3_evidence):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)
    s3_evidence.client().delete_object(Bucket=BUCKET, Key=evidence.file.name)

    assert client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])).status_code == 404


def test_the_server_refuses_a_request_signed_with_the_wrong_secret(world, s3_evidence):
    """moto checks header signatures in this mode (as AWS and MinIO do): the key's id without its secret
    reads nothing."""
    name = private_storage().save("evidence/0/signed.bin", ContentFile(b"noi dung"))
    assert s3_evidence.client().get_object(Bucket=BUCKET, Key=name)["Body"].read() == b"noi dung"

    with pytest.raises(ClientError) as refusal:
        s3_evidence.client(secret_key="not-the-secret").get_object(Bucket=BUCKET, Key=name)
    assert refusal.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_a_url_of_the_storage_is_signed_and_expires_after_the_setting(settings, s3_server):
    """The storage's URLs are presigned (SigV4) and valid for S3_SIGNED_URL_SECONDS.

    moto does not enforce a presigned URL's expiry or signature (without IAM authentication it serves any
    presigned URL, expired or altered; with it, it cannot serve one at all), so this test checks what the
    URL tells the server; AWS, MinIO and Ceph refuse it once X-Amz-Date + X-Amz-Expires has passed.
    """
    settings.STORAGES = {**settings.STORAGES, "evidence": s3_evidence_storage(s3_server.environ())}
    before = datetime.now(UTC).replace(microsecond=0)
    url = private_storage().url("evidence/1/abc.pdf")

    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}" == s3_server.endpoint
    assert parts.path == f"/{BUCKET}/evidence/1/abc.pdf"
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Credential"].startswith(f"{s3_server.access_key}/")
    assert len(query["X-Amz-Signature"]) == 64
    assert query["X-Amz-Expires"] == "60"
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before <= signed_at <= datetime.now(UTC)
    assert signed_at + timedelta(seconds=int(query["X-Amz-Expires"])) <= datetime.now(UTC) + timedelta(seconds=60)


def test_removing_evidence_deletes_its_object(client, world, s3_evidence, django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)
    assert s3_evidence.object_keys() == [evidence.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:remove_evidence", args=[world.report_a.pk, evidence.pk]))

    assert response.status_code == 302
    assert s3_evidence.object_keys() == []
    assert not private_storage().exists(evidence.file.name)


def test_the_health_check_writes_reads_and_deletes_in_the_bucket(settings, s3_evidence):
    assert storage_ok() is True
    assert s3_evidence.object_keys() == []

    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": s3_evidence_storage(s3_evidence.environ(S3_SECRET_ACCESS_KEY="not-the-secret")),
    }
    with pytest.raises(ClientError):
        storage_ok()

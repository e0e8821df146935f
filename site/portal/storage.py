"""Where the portal keeps its files: the private evidence storage, its S3 settings and its health check.

Evidence (and generated files such as background jobs' results) live in the ``"evidence"`` storage alias of
``settings.STORAGES``: a folder outside the public media (``PRIVATE_MEDIA_ROOT``) by default, a private S3
bucket in production when ``S3_BUCKET`` is set (docs/storage.md). Code reaches the files only through the
storage API (``open``, ``save``, ``exists``, ``delete``, ``size``), never by a path, since a bucket has none.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

EVIDENCE_STORAGE = "evidence"
S3_BACKEND = "storages.backends.s3.S3Storage"


class EvidenceStorage(LazyObject):
    """The ``"evidence"`` storage, looked up when first used.

    A model's FileField calls its storage callable once, when the model class is built; returning
    ``storages["evidence"]`` itself would pin the backend of that moment, and a test (or a setting
    changed later) could no longer swap it. Like Django's ``default_storage``, this proxy looks the
    alias up on first use and again after ``STORAGES`` changes (see :func:`_storages_changed`).
    """

    def _setup(self) -> None:
        self._wrapped = storages[EVIDENCE_STORAGE]


evidence_storage: Storage = EvidenceStorage()  # type: ignore[assignment]


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    # Django's own receiver has already emptied storages' cache for STORAGES; this drops our proxy's copy.
    if setting == "STORAGES":
        evidence_storage._wrapped = empty  # type: ignore[attr-defined]


def storage_ok() -> bool:
    """Writes, reads back and deletes a few bytes in the evidence storage (a folder or a bucket).

    For the load balancer's health check: True when this app server can use the storage, else False or
    the storage's own exception (the caller turns it into a failed check).
    """
    content = uuid.uuid4().bytes
    name = evidence_storage.save(f"health/{uuid.uuid4().hex}.bin", ContentFile(content))
    try:
        with evidence_storage.open(name, "rb") as stored:
            return stored.read() == content
    finally:
        evidence_storage.delete(name)


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = environ.get(name, "")
    return default if not value else value.strip().lower() in ("1", "true", "yes", "on")


def s3_evidence_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The ``STORAGES["evidence"]`` entry for a private bucket, from ``S3_*`` environment variables.

    Private: objects are written with the ``private`` canned ACL (``S3_OBJECT_ACL``, empty to send none,
    for AWS buckets whose ACLs are disabled), any URL the storage makes is signed and lives
    ``S3_SIGNED_URL_SECONDS`` (60 by default), and an upload never replaces an object of the same name.
    Endpoint, region, keys and addressing style come from the environment, so MinIO, Ceph, Garage or AWS
    all work; without keys, boto3 looks for them itself (an instance role, ``AWS_*`` variables).
    """
    options: dict[str, Any] = {
        "bucket_name": environ["S3_BUCKET"],
        "default_acl": environ.get("S3_OBJECT_ACL", "private") or None,
        "querystring_auth": True,
        "querystring_expire": int(environ.get("S3_SIGNED_URL_SECONDS", "60")),
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Evidence is personal and official: no shared cache may keep a copy of a signed URL's answer.
        "object_parameters": {"CacheControl": "private, no-store"},
        "location": environ.get("S3_PREFIX", ""),
        # A file read back (a download, a backup) is spooled to disk past 2 MB, not held whole in memory.
        "max_memory_size": 2 * 1024 * 1024,
    }
    for option, variable in (
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
        ("access_key", "S3_ACCESS_KEY_ID"),
        ("secret_key", "S3_SECRET_ACCESS_KEY"),
        ("addressing_style", "S3_ADDRESSING_STYLE"),
    ):
        if environ.get(variable):
            options[option] = environ[variable]
    options["verify"] = _flag(environ, "S3_VERIFY_TLS", True)
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def s3_media_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry (Wagtail's images and documents) for a public media bucket.

    Public media are public: the bucket's policy lets anyone read (docs/storage.md), so URLs are plain,
    unsigned and cacheable. The endpoint, region and keys are the evidence bucket's; the bucket is not.
    """
    options = dict(s3_evidence_storage({**environ, "S3_BUCKET": environ["S3_MEDIA_BUCKET"]})["OPTIONS"])
    options.update(
        default_acl=None,
        querystring_auth=False,
        object_parameters={"CacheControl": "public, max-age=86400"},
        location=environ.get("S3_MEDIA_PREFIX", ""),
    )
    if environ.get("S3_MEDIA_DOMAIN"):
        options["custom_domain"] = environ["S3_MEDIA_DOMAIN"]
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}

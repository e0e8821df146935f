"""Production: every secret from the environment, HTTPS only, hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# --- Storage (docs/storage.md): object storage shared by every app server -----------------------------------
# S3_BUCKET: evidence and generated files go to that private bucket (signed, short-lived URLs only; the portal's
# views stream them after their permission checks). S3_MEDIA_BUCKET: Wagtail's public images and documents go to
# that public-read bucket. Without them, files stay on this machine's disk (one app server only).
from portal.storage import s3_evidence_storage, s3_media_storage  # noqa: E402

if os.environ.get("S3_BUCKET"):
    STORAGES["evidence"] = s3_evidence_storage(os.environ)  # noqa: F405
if os.environ.get("S3_MEDIA_BUCKET"):
    STORAGES["default"] = s3_media_storage(os.environ)  # noqa: F405
    # Documents go through Wagtail's view, which checks a collection's privacy before it sends the file.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- end of storage ----------------------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# The load balancer asks each app server for its health over plain HTTP (portal.health): not redirected.
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith("[")]  # noqa: F405
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One JSON object per log line unless LOG_FORMAT says otherwise (see LOGGING in base.py).
if "LOG_FORMAT" not in os.environ:
    LOG_FORMAT = "json"
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

# Tasks wait in the database until a worker (`manage.py db_worker`, a service of its own) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

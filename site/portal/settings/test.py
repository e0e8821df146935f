"""Tests: fast hashing, in-memory mail and cache, static files without a manifest."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files from the source folders; there is no collectstatic output.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

import tempfile  # noqa: E402

# Evidence written by tests goes to a throw-away folder.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-evidence-"))  # noqa: F405
# --- Storage: the evidence storage is that throw-away folder (tests/portal/test_s3_storage.py swaps in a bucket).
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}

# django-axes stays on (tests/assessments/test_login_lockout.py locks accounts);
# only the test client's login(), which has no request, passes its check.
AUTHENTICATION_BACKENDS = ["tests.login_backend.TestClientAxesBackend", "django.contrib.auth.backends.ModelBackend"]

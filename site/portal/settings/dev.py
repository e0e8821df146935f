"""Development: debug on, a fixed throw-away key, mail printed to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The development server serves static files from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

"""Development: a fixed throw-away key, mail printed to the console, debug only when asked for.

`make run` shows what the public sees: the Vietnamese 404 and 500 pages, not Django's debug
pages with their tracebacks and settings. A developer who wants those asks: `make run DEBUG=1`
(or DEBUG=1 in the environment of any manage.py command).
"""

import os

from .base import *  # noqa: F403

DEBUG = env_flag("DEBUG")  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# WhiteNoise serves static files from the source folders, debug or not (runserver's own
# static handler works only with DEBUG on).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Images uploaded in the admin are served by Django in development, debug or not (see portal.urls).
SERVE_MEDIA = True

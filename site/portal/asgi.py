"""ASGI entry point: ``uvicorn --app-dir site portal.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_asgi_application()

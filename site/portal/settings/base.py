"""Settings shared by every environment, configured from the environment.

Environment variables:
  DATABASE_URL   database; a SQLite file in ``var/`` when unset.
  REDIS_URL      Redis cache; local memory when unset.
  SESSION_IDLE_MINUTES  minutes without activity after which a signed-in session ends (30).
  ALLOWED_HOSTS  comma-separated host names.
  SECRET_KEY     required in production (see ``production.py``).
  DEBUG          "1" turns Django's debug pages on in development (``dev.py``); never in production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_flag(name: str) -> bool:
    """An on/off environment variable: "1", "true", "yes" or "on" is on, anything else (or unset) off."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    # The configuration package is an app too, for the operations commands (backup, restore) and the
    # health check: they belong to the running site, not to the pages or the assessments.
    "portal",
    "home",
    "assessments",
    "publications",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    # Wagtail's pages API at /api/v2/ (publications.api), built on Django REST framework.
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "import_export",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every later line of the request's logs, and its response, carry its id (portal.logs).
    "portal.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the others, so redirects, errors and lockout pages get the headers too.
    "portal.headers.AreaCSPMiddleware",
    "portal.headers.PermissionsPolicyMiddleware",
    "portal.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Slides a signed-in session's idle expiry on activity (portal.session_timeout, docs/sessions.md).
    "portal.session_timeout.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Published results for anonymous visitors, from the cache before routing (publications/cache.py).
    "publications.cache.CachedResultsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into portal.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    # A fresh clone runs with nothing installed: a SQLite file in var/, created on demand.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first. The public site always speaks Vietnamese (no LocaleMiddleware, so a
# browser asking for English still gets the Vietnamese portal); each admin user may
# choose English in their account preferences.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every date and deadline in the decision is in local time (UTC+7).
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Evidence files: outside MEDIA_ROOT, never served by URL, only through a view that checks who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
# Pages an editor restricts to signed-in people send visitors to the portal's own login, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# One way to reset a password, the portal's (/quen-mat-khau/: Vietnamese mail, the link's lifetime, the
# login lock lifted); Wagtail's own reset pages under /admin/password_reset/ answer 404.
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "/"
# A password-reset link (and a new account's invitation, which uses the same token) works for one
# day and once; the pages and the mail say so (portal.password_reset.link_lifetime).
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Sessions (docs/sessions.md). A signed-in session, the Wagtail admin's included, ends after
# SESSION_IDLE_MINUTES without activity; pages warn SESSION_WARNING_SECONDS before and offer to stay
# signed in (static/js/session-timeout.js).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
# Each request of a signed-in person slides the expiry, but saves the session at most once a minute
# (portal.session_timeout.SlidingSessionMiddleware): SESSION_SAVE_EVERY_REQUEST would write the
# session store on every page view and autosave, for a minute's precision nobody needs.
SESSION_REFRESH_SECONDS = 60
SESSION_WARNING_SECONDS = 120
# With Redis (several app servers), sessions are read from Redis by any server and written through
# to the database as well ("cached_db"): a Redis restart or eviction does not sign every officer out
# in the middle of a form. Without Redis, the database alone. Either way, `manage.py clearsessions`
# deletes expired rows (run daily, docs/production.md).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# Appraisers are reminded by mail of a report waiting longer than this since its submission.
APPRAISAL_REMINDER_DAYS = int(os.environ.get("APPRAISAL_REMINDER_DAYS", "7"))

# --- Storage (docs/storage.md) -------------------------------------------------------------------------
# "default": Wagtail's images and documents, public media. "evidence": agencies' evidence and generated files
# (jobs' results), private: a folder outside MEDIA_ROOT here, a private S3 bucket in production when S3_BUCKET
# is set (settings/production.py). Code uses the storage API only (portal.storage), never a file's path.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# --- end of storage ----------------------------------------------------------------------------------------

# The page editor posts one field per block; long legal texts need more than 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cổng đánh giá Chính quyền số"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Vietnamese has no stemmer; "simple" keeps every word, including "an" in
        # "an toàn thông tin", which the English configuration drops as a stop word.
        "SEARCH_CONFIG": "simple",
    }
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# Background work (reminders, PDFs, large exports and imports): run at once, in the request, in
# development and tests; production.py stores tasks in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A running job not updated for this long is taken as abandoned by its worker (killed mid-job) and marked
# failed, so it can be retried (home.jobs.fail_abandoned, docs/background-jobs.md).
JOB_ABANDONED_AFTER = timedelta(minutes=int(os.environ.get("JOB_ABANDONED_MINUTES", "15")))
# Spreadsheet imports of more rows than this, and cohorts of more agencies than this being approved, run as
# background jobs with their progress shown; smaller ones finish within the request (docs/background-jobs.md).
IMPORT_JOB_ROWS = int(os.environ.get("IMPORT_JOB_ROWS", "100"))
APPROVAL_JOB_AGENCIES = int(os.environ.get("APPROVAL_JOB_AGENCIES", "100"))
# The appraiser workspace's export of more rows than this is a job too.
APPRAISAL_EXPORT_JOB_ROWS = int(os.environ.get("APPRAISAL_EXPORT_JOB_ROWS", "1000"))

# Security: login lockout and response headers (docs/security.md).

# Reverse proxies in front of the portal that append to X-Forwarded-For; 0 trusts
# only REMOTE_ADDR. Set it to the real number, never more (see portal.lockout.client_ip).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# The pair user name + address is locked, not either alone: locking the address would
# shut out every officer of an agency behind one office router because of one person's
# typing, and locking the user name would let anyone anywhere lock an official out by
# guessing at their account. A script trying many passwords still meets the lock.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A successful login clears the count, so five typos over a month never lock anyone.
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_ip"
# Keep failures (for the admin's "Access attempts" list), not a row for every good login.
AXES_DISABLE_ACCESS_LOG = True

# Content-Security-Policy (django-csp): the public site and the reporting pages run
# no inline script or style and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin, under these paths, gets a policy of its own (portal.headers.AreaCSPMiddleware).
ADMIN_PATH_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Wagtail 8 writes inline <script> elements (the page listing, date and time pickers,
        # inline panels such as a period's reminders) and its vendor.js adds more at run time;
        # they have no nonce, so script elements from the page itself must run.
        "script-src": [SELF, UNSAFE_INLINE],
        # ...but no inline event handler (onclick="..."): Wagtail uses none.
        "script-src-attr": [NONE],
        # vendor.js inserts <style> elements (Draftail, tooltips)...
        "style-src": [SELF, UNSAFE_INLINE],
        # ...but no style="..." attribute is needed: Wagtail sets styles through the DOM.
        "style-src-attr": [NONE],
        # core.css embeds a data: image; multiple image upload previews files as blob: URLs.
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The live preview beside the editor is an admin page framed by the admin.
        "frame-ancestors": [SELF],
    }
}
# Avatars from gravatar.com and the release check against wagtail.io would send
# the administrators' e-mail hashes and visits to another site, and need the
# admin's policy opened to it; versions are pinned in requirements.txt anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Browser features no page of the portal uses, refused for the page and anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Pages that show a report or personal data are never stored by browsers or proxies:
# the reports, the account pages (login, logout, setting or resetting a password) and the admin.
NO_STORE_PATH_PREFIXES = ("/bao-cao/", "/dang-nhap/", "/dang-xuat/", "/tai-khoan/", "/quen-mat-khau/", "/admin/")

# Logs go to standard error, for systemd's journal or the container's log collector. LOG_FORMAT=json writes
# one JSON object per line (production's default), each with the request's id (portal.logs); LOG_LEVEL=INFO
# adds one line per request (method, path without its query, status, milliseconds).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

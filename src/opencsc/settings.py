"""One settings module for every environment, read from the environment.

Fails loudly: a production deployment (OPENCSC_DEBUG unset) without a secret key
refuses to start rather than running with a guessable one.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DATA_DIR = Path(os.environ.get("OPENCSC_DATA_DIR", "var")).resolve()
DEBUG = env_bool("OPENCSC_DEBUG", False)
# The demo and the tests run with a synthetic authority; every page says so.
SYNTHETIC_DATA = env_bool("OPENCSC_SYNTHETIC", True)

SECRET_KEY = os.environ.get("OPENCSC_SECRET_KEY", "")
if not SECRET_KEY:
    key_file = DATA_DIR / "secret_key"
    if DEBUG or SYNTHETIC_DATA:
        # A per-installation key kept beside the embedded database, never in the code.
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            import secrets

            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text().strip()
    else:
        raise ImproperlyConfigured(
            "Set OPENCSC_SECRET_KEY: a production server needs its own secret."
        )

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("OPENCSC_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("OPENCSC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "pgtrigger",
    "pghistory",
    "ninja",
    "opencsc.core",
    "opencsc.accounts",
    "opencsc.audit",
    "opencsc.people",
    "opencsc.casework",
    "opencsc.frontdoor",
    "opencsc.assessments",
    "opencsc.protection",
    "opencsc.plans",
    "opencsc.care",
    "opencsc.legal",
    "opencsc.adoption",
    "opencsc.leaving",
    "opencsc.returns",
    "opencsc.insight",
    "opencsc.synth",
    "opencsc.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "opencsc.accounts.middleware.RoutePolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opencsc.core.middleware.SecurityHeadersMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "opencsc.urls"
WSGI_APPLICATION = "opencsc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencsc.core.context_processors.service",
            ],
        },
    }
]
FORM_RENDERER = "opencsc.core.forms.GovUKFormRenderer"

# PostgreSQL only. DATABASE_URL points at a production server; without it the
# embedded PostgreSQL server in DATA_DIR/pgdata is started on first use.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must be a postgresql:// URL: OpenCSC runs on PostgreSQL only."
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "opencsc.core.embedded_db",
            "NAME": os.environ.get("OPENCSC_DB_NAME", "opencsc"),
            "USER": "postgres",
            "CONN_MAX_AGE": 60,
            # Every request is one transaction: an access event and the read it records
            # commit together or not at all.
            "ATOMIC_REQUESTS": True,
            "OPTIONS": {"pgdata": str(DATA_DIR / "pgdata")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "insight:my-worklist"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("OPENCSC_SESSION_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("OPENCSC_SECURE_COOKIES", not SYNTHETIC_DATA)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static_build"] if (BASE_DIR / "static_build").exists() else []
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The authority this installation serves (CIN census LEA code, ONS code, name).
OPENCSC_LA_NAME = os.environ.get("OPENCSC_LA_NAME", "Cheshire East (synthetic)")
OPENCSC_LA_CODE = os.environ.get("OPENCSC_LA_CODE", "895")
OPENCSC_LA_ONS_CODE = os.environ.get("OPENCSC_LA_ONS_CODE", "E06000049")
# WT2023 ch.3: the contact decision is due within one working day. A contact
# received after this hour counts as received on the next working day.
OPENCSC_WORKING_DAY_ENDS_HOUR = env_int("OPENCSC_WORKING_DAY_ENDS_HOUR", 17)

# The authority's practice standards where national guidance leaves them to local
# procedures (DOMAIN.md section 1): child protection visits every 10 working days is the
# common local minimum; child in need plans reviewed every 3 months.
OPENCSC_STANDARDS = {
    "cp_visit_working_days": env_int("OPENCSC_CP_VISIT_WORKING_DAYS", 10),
    "cin_visit_working_days": env_int("OPENCSC_CIN_VISIT_WORKING_DAYS", 20),
    "cin_review_months": env_int("OPENCSC_CIN_REVIEW_MONTHS", 3),
    # Care leavers: the personal adviser's contact at least every 2 months (Care Leavers
    # (England) Regulations 2010 reg 8); an authority may set a shorter interval.
    "leaver_contact_weeks": env_int("OPENCSC_LEAVER_CONTACT_WEEKS", 8),
    # Pre-proceedings: the manager's review of progress, by default every 4 weeks.
    "pre_proceedings_review_weeks": env_int("OPENCSC_PRE_PROCEEDINGS_REVIEW_WEEKS", 4),
}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENCSC_LOG_LEVEL", "WARNING")},
}

"""Settings for the broken_brackets example: one release folder per deploy.

BASE_DIR is the release folder (releases/<stamp>-<sha>/). Capstan links the
shared paths into it: `.env` (a file) and `var/`, `logs/` (folders), which live
in <deployPath>/shared and survive releases. Capstan writes `.env` from the
Application's configFiles and exports it to every step and service (envFiles),
so the values below usually come from the process environment.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env(key, default):
    """KEY from the process environment, else from the release's .env, else default."""
    if key in os.environ:
        return os.environ[key]
    value = default
    try:
        lines = (BASE_DIR / ".env").read_text().splitlines()
    except OSError:
        return value
    for line in lines:
        name, sep, raw = line.partition("=")
        name = name.strip()
        if name.startswith("export "):
            name = name[len("export "):].strip()
        if sep and name == key:
            value = raw.strip().strip("'\"")
    return value


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-secret-key-change-me")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "brackets",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "broken_brackets.urls"
WSGI_APPLICATION = "broken_brackets.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # var/ is shared: the data outlives releases. Hosts that serve one site share one
        # database (migrate runs once per rollout), so DATABASE_PATH may point elsewhere.
        "NAME": env("DATABASE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

# Celery (broken_brackets/celery.py reads the CELERY_* settings): Redis as the broker, and as
# the result store, so that a sent task's answer comes back.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"  # inside the release, filled by collectstatic

# With DEBUG off Django would only mail errors to ADMINS; print them to stderr
# instead, which gunicorn writes to its error log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}

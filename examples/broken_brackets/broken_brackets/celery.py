"""The Celery app: `celery -A broken_brackets worker` finds it here.

Its settings come from Django's, those named CELERY_*: the broker is CELERY_BROKER_URL,
taken from the environment (Capstan exports shared/.env to every service).
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broken_brackets.settings")

app = Celery("broken_brackets")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # brackets/tasks.py

"""The example's one Celery task."""
import os

from broken_brackets.celery import app

from .models import Bracket


@app.task
def ping():
    """"pong release=<the release this worker runs> brackets=<n>": proves a worker answers."""
    release = os.environ.get("CAPSTAN_RELEASE", "unknown")
    return f"pong release={release} brackets={Bracket.objects.count()}"

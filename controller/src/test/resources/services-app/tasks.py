"""The Celery app of the services tests (CeleryTasks): each task says which release ran it."""
import os
import time

from celery import Celery

BROKER = os.environ["BROKER_URL"]
app = Celery("tasks", broker=BROKER, backend=BROKER)
app.conf.task_track_started = True
app.conf.worker_prefetch_multiplier = 1
app.conf.task_acks_late = True
app.conf.broker_connection_retry_on_startup = True


@app.task
def slow(seconds):
    time.sleep(float(seconds))
    return os.environ.get("CAPSTAN_RELEASE") + " done"


@app.task
def which():
    return os.environ.get("CAPSTAN_RELEASE")

"""`manage.py pingworker`: sends brackets.tasks.ping to a Celery worker and prints the answer."""
from django.core.management.base import BaseCommand, CommandError

from brackets.tasks import ping


class Command(BaseCommand):
    help = "Send the ping task to a worker and print what it returns."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout, **options):
        result = ping.delay()
        try:
            self.stdout.write(result.get(timeout=timeout))
        except Exception as e:  # a timeout or the task's own error: say which, exit 1
            raise CommandError(f"no answer from a worker within {timeout:g} s: {e!r}") from e

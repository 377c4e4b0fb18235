"""WSGI entry point: gunicorn serves broken_brackets.wsgi:application."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broken_brackets.settings")

application = get_wsgi_application()

"""A plain WSGI app for ServicesRolloutTest: it answers which commit and release serve it."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def _read(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read().strip()


COMMIT = _read("REVISION")
VERSION = _read("VERSION")


def app(environ, start_response):
    # API_TOKEN is a secret from the config file: the app uses it, never shows or prints it.
    body = "commit=%s version=%s release=%s color=%s token=%s\n" % (
        COMMIT,
        VERSION,
        os.environ.get("CAPSTAN_RELEASE"),
        os.environ.get("COLOR"),
        "set" if os.environ.get("API_TOKEN") else "missing",
    )
    data = body.encode()
    start_response(
        "200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))]
    )
    return [data]

#!/usr/bin/env python3
"""Capstan quickstart: a stdlib-only WSGI app that says which commit it runs.

GET /health answers 200 "ok commit=<full sha>", the sha read from the REVISION file
Capstan writes at the release root. Environment: PORT (default 18765) and PIDFILE
(optional: written once the port is bound, removed on exit).
"""
import os
import signal
import sys
from wsgiref.simple_server import make_server

HERE = os.path.dirname(os.path.realpath(__file__))


def read_commit():
    try:
        with open(os.path.join(HERE, "REVISION")) as f:
            return f.read().strip()
    except OSError:
        return "unknown"


COMMIT = read_commit()


def app(environ, start_response):
    if environ.get("PATH_INFO") in ("/health", "/health/"):
        status, body = "200 OK", f"ok commit={COMMIT}\n"
    else:
        status, body = "404 Not Found", "not found\n"
    data = body.encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]


def main():
    port = int(os.environ.get("PORT", "18765"))
    pidfile = os.environ.get("PIDFILE")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with make_server("127.0.0.1", port, app) as server:
        if pidfile:
            with open(pidfile, "w") as f:
                f.write(f"{os.getpid()}\n")
        print(f"serving {HERE} (commit {COMMIT}) on http://127.0.0.1:{port}", flush=True)
        try:
            server.serve_forever()
        finally:
            if pidfile:
                os.remove(pidfile)


if __name__ == "__main__":
    main()

#!/bin/sh
# Capstan healthCheck: GET /health/ must answer 200 and name the commit being deployed.
# Capstan runs it in the release folder with the Application's env, the host's env and the
# envFiles (shared/.env) exported, so PORT is the one gunicorn binds (default 8000).
set -eu

PORT=${PORT:-8000}
commit=${CAPSTAN_COMMIT:-$(cat REVISION)}

url=http://127.0.0.1:$PORT/health/
body=$(curl -fsS --max-time 5 "$url") || { echo "health: GET $url failed" >&2; exit 1; }
case $body in
  *"commit=$commit"*) echo "health: $body" ;;
  *) echo "health: $url answers '$body', not commit $commit" >&2; exit 1 ;;
esac

#!/bin/sh
# Capstan healthCheck: GET /health must answer 200 and name the commit being deployed.
set -eu
release=${CAPSTAN_RELEASE_DIR:-$(pwd -P)}
deploy_path=${CAPSTAN_DEPLOY_PATH:-$(cd "$release/../.." && pwd -P)}
PORT=
if [ -r "$deploy_path/shared/.env" ]; then
  PORT=$(tr -d '\r' <"$deploy_path/shared/.env" \
    | sed -n "s/^[[:space:]]*//; s/^export[[:space:]][[:space:]]*//; s/^PORT[[:space:]]*=[[:space:]]*//p" \
    | tail -n 1 | sed "s/[[:space:]]*\$//; s/^[\"']//; s/[\"']\$//")
fi
PORT=${PORT:-18765}
commit=${CAPSTAN_COMMIT:-$(cat "$release/REVISION")}
url=http://127.0.0.1:$PORT/health
body=$(curl -fsS --max-time 5 "$url") || { echo "health: GET $url failed" >&2; exit 1; }
case $body in
  *"commit=$commit"*) echo "health: $body" ;;
  *) echo "health: $url answers '$body', not commit $commit" >&2; exit 1 ;;
esac

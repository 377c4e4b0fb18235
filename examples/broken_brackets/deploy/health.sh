#!/bin/sh
# Capstan healthCheck: GET /health/ must answer 200 and name the commit being deployed.
# PORT comes from <deployPath>/shared/.env (default 8000), like deploy/activate.sh.
set -eu

release=${CAPSTAN_RELEASE_DIR:-$(pwd -P)}
deploy_path=${CAPSTAN_DEPLOY_PATH:-$(cd "$release/../.." && pwd -P)}
env_file=$deploy_path/shared/.env

PORT=
if [ -r "$env_file" ]; then
  PORT=$(tr -d '\r' <"$env_file" \
    | sed -n "s/^[[:space:]]*//; s/^export[[:space:]][[:space:]]*//; s/^PORT[[:space:]]*=[[:space:]]*//p" \
    | tail -n 1 | sed "s/[[:space:]]*\$//; s/^[\"']//; s/[\"']\$//")
fi
PORT=${PORT:-8000}
commit=${CAPSTAN_COMMIT:-$(cat "$release/REVISION")}

url=http://127.0.0.1:$PORT/health/
body=$(curl -fsS --max-time 5 "$url") || { echo "health: GET $url failed" >&2; exit 1; }
case $body in
  *"commit=$commit"*) echo "health: $body" ;;
  *) echo "health: $url answers '$body', not commit $commit" >&2; exit 1 ;;
esac

#!/bin/sh
# Capstan `activate` step: (re)start app.py on the release that was just switched to.
# Capstan runs it in the release folder with CAPSTAN_* set. Stops the process named by
# the pid file in shared/, waits until it has exited, starts the new release's app.py
# detached, and waits (at most 10 s) until it answers HTTP. Running it twice is fine.
# Settings, from <deployPath>/shared/.env if present: PORT (default 18765), PYTHON (python3).
set -eu

die() { echo "activate: $*" >&2; exit 1; }

release=${CAPSTAN_RELEASE_DIR:-$(pwd -P)}
deploy_path=${CAPSTAN_DEPLOY_PATH:-$(cd "$release/../.." && pwd -P)}
shared=$deploy_path/shared
pidfile=$shared/run/app.pid
log=$shared/logs/app.log

# env_value KEY: the last KEY=value in shared/.env, quotes stripped (the file is not sourced).
env_value() {
  [ -r "$shared/.env" ] || return 0
  tr -d '\r' <"$shared/.env" \
    | sed -n "s/^[[:space:]]*//; s/^export[[:space:]][[:space:]]*//; s/^$1[[:space:]]*=[[:space:]]*//p" \
    | tail -n 1 | sed "s/[[:space:]]*\$//; s/^[\"']//; s/[\"']\$//"
}
PORT=$(env_value PORT)
PORT=${PORT:-18765}
python=$(env_value PYTHON)
python=${python:-python3}
case $PORT in '' | *[!0-9]*) die "PORT '$PORT' in $shared/.env is not a number" ;; esac
command -v "$python" >/dev/null 2>&1 || die "$python not found"

alive() { # the process exists and is not a zombie
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}
is_app() { # a live app.py, not a recycled pid
  alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'app\.py'
}
port_open() {
  "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' \
    "$PORT" 2>/dev/null
}
serving() { # any HTTP answer
  "$python" -c '
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=1)
c.request("GET", "/health")
c.getresponse()' "$PORT" 2>/dev/null
}
now() { date +%s; }

# 1. Stop the running app, if any, and wait until it is really gone.
if [ -f "$pidfile" ]; then
  old=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$old" ] && is_app "$old"; then
    echo "activate: stopping app $old"
    kill -TERM "$old" 2>/dev/null || true
    deadline=$(($(now) + 10))
    while alive "$old"; do
      if [ "$(now)" -ge "$deadline" ]; then
        kill -KILL "$old" 2>/dev/null || true
      fi
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
fi
deadline=$(($(now) + 5))
while port_open; do
  [ "$(now)" -lt "$deadline" ] \
    || die "127.0.0.1:$PORT is in use by a process not named in $pidfile; stop it or set PORT in $shared/.env"
  sleep 0.1
done

# 2. Start the new release's app, detached: setsid gives it its own session, stdin,
# stdout and stderr are redirected and the Python prelude closes any other inherited
# descriptor, so the SSH command that runs this script returns at once.
mkdir -p "$shared/run" "$shared/logs"
detach=
if command -v setsid >/dev/null 2>&1; then detach=setsid; else detach=nohup; fi
echo "activate: starting $release/app.py on 127.0.0.1:$PORT"
cd "$release"
PORT=$PORT PIDFILE=$pidfile $detach "$python" -c 'import os, sys
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
os.execv(sys.executable, [sys.executable, "app.py"])' </dev/null >>"$log" 2>&1 &

# 3. Wait until it serves, or say why not.
deadline=$(($(now) + 10))
pid=
until serving; do
  [ -n "$pid" ] || pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ "$(now)" -ge "$deadline" ] || { [ -n "$pid" ] && ! alive "$pid"; }; then
    tail -n 20 "$log" >&2 || true
    die "app.py did not come up on 127.0.0.1:$PORT for $release; see $log"
  fi
  sleep 0.1
done
echo "activate: app $(cat "$pidfile" 2>/dev/null || echo '?') serves $release on 127.0.0.1:$PORT"

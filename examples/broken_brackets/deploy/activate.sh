#!/bin/sh
# Capstan `activate` step: make gunicorn serve the release that was just switched to,
# on a host without systemd. Capstan runs it in the release folder with CAPSTAN_* set.
#
# A HUP or USR2 is not enough: gunicorn resolved its working directory through the
# `current` symlink once, at start, so reloaded workers keep importing the old
# release (benoitc/gunicorn#394). So this script stops the gunicorn named by the
# pid file in shared/, waits until it has exited, starts a new daemon whose --chdir
# is the real path of the new release, and waits until it answers HTTP.
#
# Settings, from <deployPath>/shared/.env: PORT (default 8000), WORKERS (default 2).
# Logs: <deployPath>/shared/logs/{error,access}.log. Pid: <deployPath>/shared/var/gunicorn.pid.
# Running it twice is fine: each run leaves one gunicorn serving $CAPSTAN_RELEASE_DIR.
set -eu

die() { echo "activate: $*" >&2; exit 1; }

release=${CAPSTAN_RELEASE_DIR:-$(pwd -P)}
deploy_path=${CAPSTAN_DEPLOY_PATH:-$(cd "$release/../.." && pwd -P)}
shared=$deploy_path/shared
pidfile=$shared/var/gunicorn.pid
logs=$shared/logs

# env_value KEY: the last KEY=value in shared/.env, quotes stripped (the file is not sourced).
env_value() {
  [ -r "$shared/.env" ] || return 0
  tr -d '\r' <"$shared/.env" \
    | sed -n "s/^[[:space:]]*//; s/^export[[:space:]][[:space:]]*//; s/^$1[[:space:]]*=[[:space:]]*//p" \
    | tail -n 1 | sed "s/[[:space:]]*\$//; s/^[\"']//; s/[\"']\$//"
}
PORT=$(env_value PORT)
PORT=${PORT:-8000}
WORKERS=$(env_value WORKERS)
WORKERS=${WORKERS:-2}
case $PORT in '' | *[!0-9]*) die "PORT '$PORT' in $shared/.env is not a number" ;; esac
case $WORKERS in '' | *[!0-9]*) die "WORKERS '$WORKERS' in $shared/.env is not a number" ;; esac

# `python -m gunicorn`, not venv/bin/gunicorn: with systemSitePackages the package may come
# from the system Python, and then pip puts no gunicorn script into the virtualenv.
python=$release/venv/bin/python
[ -x "$python" ] || die "$python is missing: was the release built?"
"$python" -c 'import gunicorn' 2>/dev/null || die "gunicorn is not importable by $python"

# alive PID: the process exists and is not a zombie.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}
# is_gunicorn PID: a live gunicorn, not a recycled pid that now belongs to something else.
is_gunicorn() {
  alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q gunicorn
}
# port_open: something accepts TCP connections on 127.0.0.1:$PORT.
port_open() {
  "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' \
    "$PORT" 2>/dev/null
}
# serving: an HTTP response of any status comes back, so a worker has booted the app.
serving() {
  "$python" -c '
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=1)
c.request("GET", "/")
c.getresponse()' "$PORT" 2>/dev/null
}
now() { date +%s; }

# 1. Stop the running gunicorn, if any, and wait until it is really gone.
if [ -f "$pidfile" ]; then
  old=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$old" ] && is_gunicorn "$old"; then
    echo "activate: stopping gunicorn $old"
    kill -TERM "$old" 2>/dev/null || true
    deadline=$(($(now) + 15))
    while alive "$old"; do
      if [ "$(now)" -ge "$deadline" ]; then
        echo "activate: gunicorn $old still running after 15 s, sending KILL" >&2
        kill -KILL "$old" 2>/dev/null || true
        deadline=$(($(now) + 5))
        while alive "$old"; do
          [ "$(now)" -lt "$deadline" ] || die "gunicorn $old does not exit"
          sleep 0.1
        done
      fi
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
fi

# Workers orphaned by a KILLed master may hold the socket a moment longer; anything else
# on the port is not ours to stop.
deadline=$(($(now) + 5))
while port_open; do
  [ "$(now)" -lt "$deadline" ] \
    || die "127.0.0.1:$PORT is in use by a process not named in $pidfile; stop it or change PORT in $shared/.env"
  sleep 0.1
done

# 2. Start a new master for this release. --daemon double-forks and calls setsid; stdin,
# stdout and stderr are redirected and the small Python prelude closes every other
# inherited descriptor (dash cannot name fds above 9), so nothing holds the pipes of
# the SSH command that runs this script and it returns at once.
mkdir -p "$shared/var" "$logs"
echo "activate: starting gunicorn for $release on 127.0.0.1:$PORT"
"$python" -c 'import os, sys
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
os.execv(sys.executable, [sys.executable, "-m", "gunicorn"] + sys.argv[1:])' \
  --chdir "$release" --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --pid "$pidfile" --daemon --graceful-timeout 10 \
  --access-logfile "$logs/access.log" --error-logfile "$logs/error.log" --capture-output \
  broken_brackets.wsgi:application \
  </dev/null >>"$logs/error.log" 2>&1 \
  || die "gunicorn failed to start; see $logs/error.log"

# 3. Wait until it serves, or say why not.
deadline=$(($(now) + 10))
pid=
until serving; do
  [ -n "$pid" ] || pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ "$(now)" -ge "$deadline" ] || { [ -n "$pid" ] && ! alive "$pid"; }; then
    tail -n 20 "$logs/error.log" >&2 || true
    die "gunicorn did not come up on 127.0.0.1:$PORT for $release; see $logs/error.log"
  fi
  sleep 0.1
done
echo "activate: gunicorn $(cat "$pidfile" 2>/dev/null || echo '?') serves $release on 127.0.0.1:$PORT"

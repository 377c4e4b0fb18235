#!/bin/sh
# Services: the supervisord of Capstan's own for one deploy path (dev.capstan.services).
# Every function takes the supervisor's folder (<deployPath>/.capstan/supervisor) as $1; its
# supervisord.conf names the socket, pid and log files, all inside that folder.

# Runs supervisorctl against this deploy path's supervisord.
capstan_svc_ctl() {
  capstan_svc_dir=$1
  shift
  supervisorctl -c "$capstan_svc_dir/supervisord.conf" "$@"
}

# Whether the supervisord of folder $1 answers on its socket.
capstan_svc_answers() {
  capstan_svc_ctl "$1" pid >/dev/null 2>&1
}

# Makes folder $1 and its programs, launch and logs folders.
capstan_svc_folders() {
  command -v supervisord >/dev/null 2>&1 || exit "$EX_NO_SUPERVISOR"
  command -v supervisorctl >/dev/null 2>&1 || exit "$EX_NO_SUPERVISOR"
  mkdir -p "$1/programs" "$1/launch" "$1/logs" || exit "$EX_NO_DEPLOY_PATH"
  chmod 0700 "$1" || exit "$EX_NO_DEPLOY_PATH"
}

# Writes file $1 with mode $2 and content $3 atomically, unless it holds that content already.
capstan_svc_write() {
  if [ -f "$1" ] && printf '%s' "$3" | cmp -s - "$1"; then
    return 0
  fi
  capstan_svc_tmp="$1.tmp.$$"
  if ! { (umask 077 && printf '%s' "$3" >"$capstan_svc_tmp") &&
    chmod "$2" "$capstan_svc_tmp" && mv -f "$capstan_svc_tmp" "$1"; }; then
    rm -f "$capstan_svc_tmp"
    exit "$EX_SERVICE_FILE_FAILED"
  fi
  capstan_emit service-file-written "$1"
}

# Removes the programs and launchers of folder $1 that are not of the services named after it.
capstan_svc_keep() (
  dir=$1
  shift
  for conf in "$dir"/programs/*.conf; do
    [ -e "$conf" ] || continue
    name=${conf##*/}
    name=${name%.conf}
    keep=0
    for wanted in "$@"; do
      [ "$wanted" = "$name" ] && keep=1
    done
    if [ "$keep" = 0 ]; then
      rm -f "$conf" "$dir/launch/$name.sh" || exit "$EX_SERVICE_FILE_FAILED"
      capstan_emit service-file-written "$conf"
    fi
  done
)

# Starts the supervisord of folder $1 unless it answers; waits until it does.
capstan_svc_ensure() {
  capstan_svc_answers "$1" && return 0
  # Its descriptors are /dev/null: it must not hold this command's output open.
  supervisord -c "$1/supervisord.conf" </dev/null >/dev/null 2>&1 3>&- ||
    exit "$EX_SUPERVISOR_FAILED"
  capstan_svc_wait=0
  until capstan_svc_answers "$1"; do
    capstan_svc_wait=$((capstan_svc_wait + 1))
    [ "$capstan_svc_wait" -gt 100 ] && exit "$EX_SUPERVISOR_FAILED"
    sleep 0.1 2>/dev/null || sleep 1
  done
  capstan_emit supervisor-started "$(cat "$1/supervisord.pid" 2>/dev/null)"
}

# Reads the configuration again and applies what changed: added, removed and changed programs.
capstan_svc_update() {
  capstan_svc_ctl "$1" reread >/dev/null || exit "$EX_SUPERVISOR_FAILED"
  capstan_svc_ctl "$1" update >/dev/null || exit "$EX_SUPERVISOR_FAILED"
}

# Runs action $2 (start, stop, restart) on the processes named after it.
capstan_svc_action() {
  capstan_svc_action_dir=$1
  capstan_svc_action_verb=$2
  shift 2
  capstan_svc_ctl "$capstan_svc_action_dir" "$capstan_svc_action_verb" "$@" >&2 ||
    exit "$EX_SERVICE_FAILED"
}

# Stops the supervisord of folder $1 and every process it runs, if it answers.
capstan_svc_shutdown() {
  capstan_svc_answers "$1" || return 0
  capstan_svc_ctl "$1" shutdown >/dev/null || exit "$EX_SUPERVISOR_FAILED"
}

# Reports each process the supervisord of folder $1 runs (service-process NAME STATE PID), then
# each of those processes and their descendants (capstan_svc_pids).
capstan_svc_status() (
  capstan_svc_answers "$1" || exit 0
  roots=''
  capstan_svc_ctl "$1" status 2>/dev/null >"${TMPDIR:-/tmp}/capstan-svc.$$"
  while read -r name state rest; do
    pid=0
    case $rest in
    pid\ *)
      pid=${rest#pid }
      pid=${pid%%,*}
      ;;
    esac
    capstan_emit service-process "$name" "$state" "$pid"
    [ "$pid" -gt 0 ] 2>/dev/null && roots="$roots $name=$pid"
  done <"${TMPDIR:-/tmp}/capstan-svc.$$"
  rm -f "${TMPDIR:-/tmp}/capstan-svc.$$"
  capstan_svc_pids "$roots"
)

# Reports the processes $1 names (" NAME=PID NAME=PID…", a supervisor's name for each) and all
# their descendants, with the release in their environment: service-pid NAME PID STARTTIME
# RELEASE. One walk of /proc for every supervisor. A pid whose start time changed while it was
# read belongs to another process by then and is left out.
capstan_svc_pids() (
  [ -n "$1" ] || exit 0
  for stat in /proc/[0-9]*/stat; do
    read -r line <"$stat" 2>/dev/null || continue
    # After the command name in parentheses: state, ppid, ... starttime is the 20th.
    # shellcheck disable=SC2086
    set -- ${line##*) }
    printf '%s %s %s\n' "${line%% *}" "$2" "${20}"
  done | awk -v roots="$1" '
    { parent[$1] = $2; start[$1] = $3 }
    END {
      n = split(roots, r, " ")
      for (i = 1; i <= n; i++) { split(r[i], kv, "="); owner[kv[2]] = kv[1] }
      for (pid in parent) {
        p = pid
        for (depth = 0; depth < 64 && !(p in owner) && (p in parent); depth++) p = parent[p]
        if (p in owner) print owner[p], pid, start[pid]
      }
    }' | while read -r name pid start; do
    release=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^CAPSTAN_RELEASE=//p' | head -n 1)
    read -r line <"/proc/$pid/stat" 2>/dev/null || continue
    # shellcheck disable=SC2086
    set -- ${line##*) }
    [ "${20}" = "$start" ] || continue
    capstan_emit service-pid "$name" "$pid" "$start" "${release:--}"
  done
)


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

# Runs action $2 (start, stop, restart) on the processes named after it; "drain" stops them
# without waiting: supervisord sends TERM at once and the processes finish their work (a Celery
# worker's running tasks) after this command has returned.
capstan_svc_action() {
  capstan_svc_action_dir=$1
  capstan_svc_action_verb=$2
  shift 2
  if [ "$capstan_svc_action_verb" = drain ]; then
    # The redirections go on a subshell, not on the function call: a shell that redirects a
    # function's descriptors keeps copies of the old ones (above 9) while it waits for it, and
    # this command's output would stay open until the drained process had stopped.
    ( (capstan_svc_ctl "$capstan_svc_action_dir" stop "$@") </dev/null >/dev/null 2>&1 3>&- &)
    return 0
  fi
  capstan_svc_ctl "$capstan_svc_action_dir" "$capstan_svc_action_verb" "$@" >&2 ||
    exit "$EX_SERVICE_FAILED"
}


# Stops the supervisord of folder $1 and every process it runs, if it answers.
capstan_svc_shutdown() {
  capstan_svc_answers "$1" || return 0
  capstan_svc_ctl "$1" shutdown >/dev/null || exit "$EX_SUPERVISOR_FAILED"
}

# Prints what process $1 was started with: its CAPSTAN_RELEASE, CAPSTAN_SERVICE_DIGEST and
# CAPSTAN_FILES_DIGEST, "-" for each it lacks.
capstan_svc_environ() {
  tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | awk '
    index($0, "CAPSTAN_RELEASE=") == 1 { r = substr($0, 17) }
    index($0, "CAPSTAN_SERVICE_DIGEST=") == 1 { d = substr($0, 24) }
    index($0, "CAPSTAN_FILES_DIGEST=") == 1 { f = substr($0, 22) }
    END { print (r == "" ? "-" : r), (d == "" ? "-" : d), (f == "" ? "-" : f) }'
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
    # status shows no pid for a process that is stopping (a Celery worker draining its tasks):
    # ask for it, or its release would look unused and be pruned under it.
    if [ "$state" = STOPPING ] && [ "$pid" = 0 ]; then
      pid=$(capstan_svc_ctl "$1" pid "$name" </dev/null 2>/dev/null)
      case $pid in '' | *[!0-9]*) pid=0 ;; esac
    fi
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
    read -r release sdigest fdigest <<EOF_ENVIRON
$(capstan_svc_environ "$pid")
EOF_ENVIRON
    read -r line <"/proc/$pid/stat" 2>/dev/null || continue
    # shellcheck disable=SC2086
    set -- ${line##*) }
    [ "${20}" = "$start" ] || continue
    capstan_emit service-pid "$name" "$pid" "$start" "$release" "$sdigest" "$fdigest"
  done
)

# Reports whether systemd is the init (sd_booted's test: /run/systemd/system exists only then)
# and who runs this command: service-init systemd|none UID USER HOME.
capstan_svc_init() {
  if [ -d /run/systemd/system ]; then
    capstan_svc_init_systemd=systemd
  else
    capstan_svc_init_systemd=none
  fi
  capstan_emit service-init "$capstan_svc_init_systemd" "$(id -u)" "$(id -un)" "$HOME"
}

# Sends each line of standard input back as it is: service-log LINE.
capstan_svc_log_lines() {
  while IFS= read -r capstan_svc_log_line || [ -n "$capstan_svc_log_line" ]; do
    capstan_emit service-log "$capstan_svc_log_line"
  done
}

# The last $2 lines of log file $1, if there is one.
capstan_svc_log_tail() {
  [ -r "$1" ] || return 0
  tail -n "$2" "$1" | capstan_svc_log_lines
}

# systemd units (SystemdDriver). Each function takes the scope as $1: user (the deploy user's
# own manager, systemctl --user) or system.

# Runs systemctl for scope $1.
capstan_svc_sd_ctl() {
  case $1 in
  user)
    shift
    # A command over SSH without a PAM session lacks what the user's manager is found by.
    XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/run/user/$(id -u)} systemctl --user "$@"
    ;;
  system)
    shift
    systemctl "$@"
    ;;
  *) exit "$EX_SERVICE_FAILED" ;;
  esac
}

# Stops unless systemctl is there and, for user units, the user lingers: without that its
# manager, and every unit it runs, stops when the user's last session ends.
capstan_svc_sd_check() {
  capstan_svc_sd_changed=0
  if ! command -v systemctl >/dev/null 2>&1; then
    echo "capstan: systemctl is not installed on this host" >&2
    exit "$EX_NO_SUPERVISOR"
  fi
  [ "$1" = user ] || return 0
  capstan_svc_sd_user=$(id -un)
  if [ "$(loginctl show-user "$capstan_svc_sd_user" --property=Linger --value 2>/dev/null)" != yes ]; then
    echo "capstan: user $capstan_svc_sd_user does not linger, so its systemd units would stop when its last session ends; run once on this host: sudo loginctl enable-linger $capstan_svc_sd_user" >&2
    exit "$EX_SUPERVISOR_FAILED"
  fi
}

# Makes the unit folder $1 and the launchers' folder $2.
capstan_svc_sd_folders() {
  mkdir -p "$1" "$2" || exit "$EX_NO_DEPLOY_PATH"
}

# Writes unit file $1 like capstan_svc_write, and remembers that the manager must read it.
capstan_svc_sd_write() {
  if [ -f "$1" ] && printf '%s' "$3" | cmp -s - "$1"; then
    return 0
  fi
  capstan_svc_write "$@"
  capstan_svc_sd_changed=1
}

# Whether unit file $1 is one Capstan wrote for deploy path $2: its first line says so.
capstan_svc_sd_ours() {
  [ -f "$1" ] || return 1
  IFS= read -r capstan_svc_sd_first <"$1" || return 1
  case $capstan_svc_sd_first in
  "# Written by Capstan: "*" of $2. Do not edit.") return 0 ;;
  esac
  return 1
}

# Stops, disables and removes the units of deploy path $3 in folder $2 (names starting $4-)
# that are not of the services named after $5, the launchers' folder.
capstan_svc_sd_keep() {
  capstan_svc_sd_scope=$1
  capstan_svc_sd_dir=$2
  capstan_svc_sd_deploy=$3
  capstan_svc_sd_prefix=$4
  capstan_svc_sd_launch=$5
  shift 5
  for capstan_svc_sd_file in "$capstan_svc_sd_dir/$capstan_svc_sd_prefix"-*.service; do
    capstan_svc_sd_ours "$capstan_svc_sd_file" "$capstan_svc_sd_deploy" || continue
    capstan_svc_sd_name=${capstan_svc_sd_file##*/}
    capstan_svc_sd_name=${capstan_svc_sd_name#"$capstan_svc_sd_prefix-"}
    capstan_svc_sd_name=${capstan_svc_sd_name%.service}
    capstan_svc_sd_wanted=0
    for capstan_svc_sd_service in "$@"; do
      [ "$capstan_svc_sd_service" = "$capstan_svc_sd_name" ] && capstan_svc_sd_wanted=1
    done
    [ "$capstan_svc_sd_wanted" = 1 ] && continue
    capstan_svc_sd_unit=${capstan_svc_sd_file%.service}
    # The socket first: a connection to it would start the service again.
    if [ -f "$capstan_svc_sd_unit.socket" ]; then
      capstan_svc_sd_remove "$capstan_svc_sd_scope" "$capstan_svc_sd_unit.socket"
    fi
    capstan_svc_sd_remove "$capstan_svc_sd_scope" "$capstan_svc_sd_file"
    rm -f "$capstan_svc_sd_launch/$capstan_svc_sd_name.sh" || exit "$EX_SERVICE_FILE_FAILED"
    capstan_emit service-file-written "$capstan_svc_sd_launch/$capstan_svc_sd_name.sh"
  done
}

# Stops and disables the unit of file $2, then removes the file.
capstan_svc_sd_remove() {
  capstan_svc_sd_ctl "$1" stop "${2##*/}" >&2 || exit "$EX_SERVICE_FAILED"
  capstan_svc_sd_ctl "$1" disable --no-reload "${2##*/}" >&2 || exit "$EX_SERVICE_FAILED"
  rm -f "$2" || exit "$EX_SERVICE_FILE_FAILED"
  capstan_emit service-file-written "$2"
  capstan_svc_sd_changed=1
}

# Enables each unit named after $1 that is not enabled yet.
capstan_svc_sd_enable() {
  capstan_svc_sd_scope=$1
  shift
  for capstan_svc_sd_unit in "$@"; do
    capstan_svc_sd_ctl "$capstan_svc_sd_scope" is-enabled --quiet "$capstan_svc_sd_unit" && continue
    capstan_svc_sd_ctl "$capstan_svc_sd_scope" enable --no-reload "$capstan_svc_sd_unit" >&2 ||
      exit "$EX_SERVICE_FAILED"
    capstan_svc_sd_changed=1
  done
}

# Makes the manager read its units again, only when this command changed one.
capstan_svc_sd_reload() {
  [ "${capstan_svc_sd_changed:-0}" = 1 ] || return 0
  capstan_svc_sd_ctl "$1" daemon-reload >&2 || exit "$EX_SUPERVISOR_FAILED"
  capstan_svc_sd_changed=0
}

# Runs action $2 (start, stop, restart) on the units named after it.
capstan_svc_sd_action() {
  capstan_svc_sd_ctl "$@" >&2 || exit "$EX_SERVICE_FAILED"
}

# Reports each service unit of deploy path $3 in folder $2 (names starting $4-) as the
# manager sees it (service-process NAME STATE PID: STATE is RUNNING when active, else the
# ActiveState in capitals), then its main process and their descendants (capstan_svc_pids).
capstan_svc_sd_status() (
  roots=''
  for file in "$2/$4"-*.service; do
    capstan_svc_sd_ours "$file" "$3" || continue
    unit=${file##*/}
    name=${unit#"$4-"}
    name=${name%.service}
    show=$(capstan_svc_sd_ctl "$1" show -p ActiveState -p MainPID "$unit" 2>/dev/null)
    state=$(printf '%s\n' "$show" | sed -n 's/^ActiveState=//p')
    pid=$(printf '%s\n' "$show" | sed -n 's/^MainPID=//p')
    case $state in
    active) state=RUNNING ;;
    '' | *[!a-z-]*) state=UNKNOWN ;;
    *) state=$(printf '%s' "$state" | tr '[:lower:]' '[:upper:]') ;;
    esac
    [ "$pid" -gt 0 ] 2>/dev/null || pid=0
    capstan_emit service-process "$name" "$state" "$pid"
    [ "$pid" -gt 0 ] && roots="$roots $name=$pid"
  done
  capstan_svc_pids "$roots"
)

# Stops every unit of deploy path $3 in folder $2 (names starting $4-): the sockets first.
capstan_svc_sd_stop() (
  units=''
  for file in "$2/$4"-*.socket "$2/$4"-*.service; do
    capstan_svc_sd_ours "$file" "$3" && units="$units ${file##*/}"
  done
  [ -n "$units" ] || exit 0
  # Unit names are Capstan's own, without spaces or patterns: split here on purpose.
  # shellcheck disable=SC2086
  capstan_svc_sd_ctl "$1" stop $units >&2 || exit "$EX_SERVICE_FAILED"
)

# The last $3 lines of unit $2's journal.
capstan_svc_sd_journal() {
  if [ "$1" = user ]; then
    journalctl --user -u "$2" -n "$3" --no-pager 2>/dev/null | capstan_svc_log_lines
  else
    journalctl -u "$2" -n "$3" --no-pager 2>/dev/null | capstan_svc_log_lines
  fi
}

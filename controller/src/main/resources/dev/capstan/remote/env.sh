#!/bin/sh
# The app's environment: what every recipe step and every service process is given (the
# Application's env and envFiles, the host's env). Also copied into each service's launcher,
# which runs on its own, so these functions use nothing of the protocol.

# Exports each KEY=VALUE line of file $1: blank lines and # comments skipped, an "export "
# prefix allowed, one pair of matching quotes around the value removed, nothing else
# interpreted (no $ expansion, no escapes). A missing file is an error: nothing may run
# without the settings it was given (a Django app would fall back to a throwaway database).
capstan_env_file() {
  [ -r "$1" ] || { echo "capstan: env file $1 is missing or unreadable" >&2; return 1; }
  while IFS= read -r capstan_line || [ -n "$capstan_line" ]; do
    capstan_line=${capstan_line#"${capstan_line%%[![:space:]]*}"}
    case $capstan_line in ''|'#'*) continue ;; esac
    capstan_line=${capstan_line#export }
    capstan_key=${capstan_line%%=*}
    case $capstan_key in ''|[0-9]*|*[!A-Za-z0-9_]*)
      echo "capstan: $1: not KEY=VALUE: $capstan_key" >&2; return 1 ;; esac
    [ "$capstan_key" = "$capstan_line" ] && { echo "capstan: $1: no = after $capstan_key" >&2; return 1; }
    capstan_value=${capstan_line#*=}
    case $capstan_value in
      \"*\") capstan_value=${capstan_value#\"}; capstan_value=${capstan_value%\"} ;;
      \'*\') capstan_value=${capstan_value#\'}; capstan_value=${capstan_value%\'} ;;
    esac
    export "$capstan_key=$capstan_value"
  done <"$1"
}

# Prints one digest of the content of files $@ (a missing one counts as empty, by name), so a
# process started with them can be told from one started before any of them changed.
capstan_files_digest() {
  for capstan_f in "$@"; do
    printf '%s\n' "$capstan_f"
    cat -- "$capstan_f" 2>/dev/null
    printf '\n'
  done | cksum | { read -r capstan_sum capstan_size && printf '%s-%s\n' "$capstan_sum" "$capstan_size"; }
}

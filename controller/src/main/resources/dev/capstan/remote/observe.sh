#!/bin/sh
# Observing a host: what the planner needs to know of a deploy path, as records.

# Records the host's clock, current, every release with its release.json and the health of
# its virtualenv, the lock, the releases that were live once, and which shared paths ($2...)
# the live release lacks, of deploy path $1. A subshell: it leaves the caller where it was.
capstan_observe() (
  capstan_emit now "$(date +%s)"
  cd "$1" 2>/dev/null || exit 0
  shift
  [ -L current ] && capstan_emit current "$(readlink current)"
  for r in releases/*; do
    [ -d "$r" ] || continue
    json=''
    [ -f "$r/.capstan/release.json" ] && json=$(tr -d '\n' <"$r/.capstan/release.json")
    capstan_emit release "${r#releases/}" "$json"
    capstan_observe_virtualenv "$r"
  done
  [ -f .capstan/lock/owner ] && capstan_emit lock "$(cat .capstan/lock/owner)"
  # The releases still here that current was switched to once (revisions.log's 4th field).
  if [ -f revisions.log ]; then
    tail -n 2000 revisions.log | awk '{ print $4 }' | sort -u | while read -r r; do
      [ -d "releases/$r" ] && capstan_emit was-live "$r"
    done
  fi
  if [ -d current ]; then
    for p in "$@"; do
      { [ -L "current/$p" ] && [ -e "current/$p" ]; } || capstan_emit unlinked "$p"
    done
  fi
  exit 0
)

# Records release folder $1 when its venv lost its interpreter, or its shared venv the mark
# that says it was built to the end.
capstan_observe_virtualenv() {
  if [ -L "$1/venv" ]; then
    { [ -f "$1/venv/$VENV_COMPLETE_MARK" ] && [ -x "$1/venv/bin/python" ]; } ||
      capstan_emit venv-broken "${1#releases/}"
  elif [ -d "$1/venv" ]; then
    [ -x "$1/venv/bin/python" ] || capstan_emit venv-broken "${1#releases/}"
  fi
}

# Records the last $2 lines of deploy path $1's revisions.log, each as it is (parsed, warily,
# by dev.capstan.release.RevisionsLog): the history command's part, not every observation's.
capstan_history() (
  cd "$1" 2>/dev/null || exit 0
  [ -f revisions.log ] || exit 0
  tail -n "$2" revisions.log | cut -c 1-1000 | while IFS= read -r line || [ -n "$line" ]; do
    capstan_emit revision "$line"
  done
  exit 0
)

# Records the SHA-256 of each config file $2... under shared folder $1 (or "-" when it is
# missing) and, after "watched", one digest of the watched files as launchers compute it.
capstan_observe_files() (
  shared=$1
  shift
  while [ $# -gt 0 ] && [ "$1" != watched ]; do
    if [ -f "$shared/$1" ]; then
      capstan_emit config-file "$1" "$(sha256sum <"$shared/$1" | cut -d' ' -f1)"
    else
      capstan_emit config-file "$1" -
    fi
    shift
  done
  [ "$1" = watched ] || exit 0
  shift
  capstan_emit files-digest "$(capstan_files_digest "$@")"
)

#!/bin/sh
# Rolling back in one command: the host picks the release to go back to itself (as
# Capistrano's deploy:rollback does), so taking the lock, picking, switching, activating and
# checking need no round trip before. dev.capstan.release.HostRollback builds the command.

# Picks the release of deploy path $1 to roll back to, records it (rollback-target <name>
# <commit> <the live release's name, or ->) and writes its name to the steps' folder for the
# switch after. $2 says how: "previous" is the release live before the current one, the
# newest line of revisions.log naming another release still here and complete whose commit
# none of $3... starts; "commit" the newest complete release whose commit $3 starts;
# "release" release $3, which must be complete. EX_NO_ROLLBACK_TARGET, saying why, when none.
capstan_rollback_pick() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  kind=$2
  shift 2
  live=$(readlink current 2>/dev/null) || live=''
  live=${live#releases/}
  target=''
  case "$kind" in
    previous)
      [ -f revisions.log ] && target=$(tac revisions.log | while read -r _ _ commit name _; do
        { [ -z "$name" ] || [ "$name" = "$live" ]; } && continue
        capstan_rollback_excluded "$commit" "$@" && continue
        capstan_rollback_complete "$name" || continue
        printf '%s\n' "$name"
        break
      done)
      [ -n "$target" ] || {
        echo "no release live before ${live:-none} is still here and complete" >&2
        return "$EX_NO_ROLLBACK_TARGET"
      }
      ;;
    commit)
      # Release names sort by when they were built: the last match is the newest.
      for r in releases/*; do
        r=${r#releases/}
        case "$(cat "releases/$r/REVISION" 2>/dev/null)" in "$1"*) ;; *) continue ;; esac
        capstan_rollback_complete "$r" && target=$r
      done
      [ -n "$target" ] || {
        echo "no complete release of commit $1 is here" >&2
        return "$EX_NO_ROLLBACK_TARGET"
      }
      ;;
    release)
      capstan_rollback_complete "$1" || {
        echo "release $1 is not here, or not complete" >&2
        return "$EX_NO_ROLLBACK_TARGET"
      }
      target=$1
      ;;
    *) return 1 ;;
  esac
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  printf '%s\n' "$target" >"$capstan_steps/rollback-target" || return 1
  capstan_emit rollback-target "$target" "$(cat "releases/$target/REVISION")" "${live:--}"
}

# 0 when commit $1 starts with one of $2...
capstan_rollback_excluded() {
  c=$1
  shift
  for prefix in "$@"; do
    case "$c" in "$prefix"*) return 0 ;; esac
  done
  return 1
}

# 0 when release $1 of the deploy path entered is here and its release.json says complete.
capstan_rollback_complete() {
  [ -n "$1" ] && [ -f "releases/$1/.capstan/release.json" ] &&
    grep -q '"state":"complete"' "releases/$1/.capstan/release.json"
}

# Switches current of deploy path $1 to the release capstan_rollback_pick picked, as
# capstan_switch does for environment $2 with $3 (who and why) in revisions.log; nothing when
# it is live already.
capstan_rollback_switch() {
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  target=$(cat "$capstan_steps/rollback-target") || return 1
  [ "$(readlink "$1/current" 2>/dev/null)" = "releases/$target" ] && return 0
  capstan_switch "$1" "releases/$target" "$target" "$2" "$3"
}

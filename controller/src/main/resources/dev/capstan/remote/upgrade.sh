#!/bin/sh
# capstan upgrade's scratch release: a folder under <deploy path>/upkeep/, outside releases/,
# that no prune, rollback or observation ever sees, made for one trial and removed after it.

# Creates scratch folder $2 (upkeep/<name>) in deploy path $1, extracts the commit's tree
# (gzip tar on standard input) into it and writes the upgraded requirements file $3
# (relative to it) with content $4.
capstan_upgrade_prepare() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  case "$2" in upkeep/[0-9]*-[0-9a-f]*) ;; *)
    echo "not a scratch folder: $2" >&2
    return 1
    ;;
  esac
  mkdir -p upkeep && mkdir "$2" &&
    tar --no-same-owner -xzf - -C "$2" &&
    printf '%s' "$4" >"$2/$3"
}

# Removes scratch folder $2 of deploy path $1, and upkeep/ itself once empty.
capstan_upgrade_remove() {
  cd "$1" || return 0
  case "$2" in upkeep/[0-9]*-[0-9a-f]*) ;; *)
    echo "not a scratch folder: $2" >&2
    return 1
    ;;
  esac
  rm -rf -- "$2" || return 1
  rmdir upkeep 2>/dev/null
  return 0
}

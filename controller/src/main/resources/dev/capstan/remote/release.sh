#!/bin/sh
# A release's life on a host: prepared from an uploaded tree, linked to shared paths,
# switched to, marked, pruned. Each function runs as a builtin step (capstan_builtin).

# Creates release folder $2 under deploy path $1 with release.json $3 and REVISION $4,
# extracts the tree (a gzip tar on standard input) into it, then links shared folder $5's
# paths: the arguments after it, as capstan_link_shared takes them.
capstan_prepare() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  mkdir -p releases shared .capstan &&
    mkdir "$2" "$2/.capstan" &&
    capstan_write_file "$2/.capstan/release.json" "$3" &&
    tar --no-same-owner -xzf - -C "$2" &&
    printf '%s\n' "$4" >"$2/REVISION" || return 1
  release=$2
  shift 4
  capstan_link_shared "$release" "$@"
}

# Links shared folder $2's paths into release folder $1: pairs "dir <path>" (created when
# missing) and "file <path>" (required) follow.
capstan_link_shared() {
  release=$1
  shared=$2
  shift 2
  while [ $# -gt 1 ]; do
    case "$1" in
      dir) mkdir -p "$shared/$2" || return 1 ;;
      *)
        [ -e "$shared/$2" ] || {
          echo "shared file $2 is missing: create $shared/$2" >&2
          return "$EX_SHARED_FILE_MISSING"
        }
        ;;
    esac
    rm -rf -- "${release:?}/$2" &&
      mkdir -p "$(dirname "$release/$2")" &&
      ln -s "$shared/$2" "$release/$2" || return 1
    shift 2
  done
}

# Writes $2 and a newline to file $1 by renaming a new file over it: never half-written.
capstan_write_file() {
  printf '%s\n' "$2" >"$1.new" && mv -f "$1.new" "$1"
}

# Points current at $2 (releases/<name>; $3 is the name) in deploy path $1 by renaming a new
# link over it, so it is never missing, and logs the switch for environment $4, with $5 (who
# and why, already quoted by dev.capstan.release.RevisionsLog; may be empty) after the four
# fields older lines have. Newlines and tabs in $5 become spaces: one switch, one line.
capstan_switch() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  grep -q '"state":"complete"' "$2/.capstan/release.json" || {
    echo "release $3 is not complete" >&2
    return "$EX_RELEASE_INCOMPLETE"
  }
  { ln -s "$2" "current.new.$$" && mv -Tf "current.new.$$" current; } || return "$EX_SWITCH_FAILED"
  printf '%s %s %s %s%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$4" "$(cat "$2/REVISION")" "$3" \
    "$(printf '%s' "${5:-}" | tr '\n\r\t' '   ')" >>revisions.log
}

# Stops the script with EX_BUSY when folder $1 exists: a release name taken by another
# deployer between observing and taking the lock.
capstan_require_absent() {
  [ ! -e "$1" ] || exit "$EX_BUSY"
}

# Removes the release folders $2... (releases/<name>) of deploy path $1, never the one current
# names even if another deployer switched to it since, then the unused shared virtualenvs.
capstan_prune() (
  cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  shift
  for release in "$@"; do
    [ "$(readlink current)" = "$release" ] || rm -rf -- "$release"
  done
  capstan_virtualenv_prune
)

# Writes config files $2... into shared folder $1 from a tar on standard input: each extracted
# into a private folder first, then renamed into place with mode 0600, so none is ever seen
# half-written or readable by others.
capstan_write_config() (
  shared=$1
  shift
  umask 077
  mkdir -p "$shared" || exit "$EX_NO_DEPLOY_PATH"
  tmp=$(mktemp -d "$shared/.capstan-config.XXXXXX") || exit "$EX_NO_DEPLOY_PATH"
  trap 'rm -rf "$tmp"' EXIT
  tar --no-same-owner -xf - -C "$tmp" || exit 1
  for path in "$@"; do
    [ -f "$tmp/$path" ] || { echo "config file $path is missing from the upload" >&2; exit 1; }
    mkdir -p "$(dirname "$shared/$path")" && chmod 0600 "$tmp/$path" &&
      mv -f "$tmp/$path" "$shared/$path" || exit 1
  done
)

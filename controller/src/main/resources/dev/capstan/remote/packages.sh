#!/bin/sh
# Python package bookkeeping: each function runs the program in $PACKAGES_PROGRAM
# (packages.py, set by the preamble only for scripts that call a capstan_packages_ function).

# The build step packages: interpreter $1 (the release's venv/bin/python) records what the
# virtualenv has installed in file $2, relative to the release entered.
capstan_packages_inventory() {
  mkdir -p "$(dirname "$2")" || return 1
  "$1" -c "$PACKAGES_PROGRAM" inventory "$2" 3>&- </dev/null
}

# Records, for each release $2... of deploy path $1, its packages file $PACKAGES_FILE on one
# line (release-packages <name> <JSON>), or "release-packages <name> -" when it has none.
capstan_packages_read() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  shift
  for release in "$@"; do
    file="releases/$release/$PACKAGES_FILE"
    if [ -f "$file" ]; then
      capstan_emit release-packages "$release" "$(tr -d '\n' <"$file")"
    else
      capstan_emit release-packages "$release" -
    fi
  done
}

# The step index: interpreter $1 looks up, in $2 (url or findLinks) $3, the versions of the
# packages named after it; recorded as "package-index <JSON>".
capstan_packages_index() {
  py=$1 kind=$2 where=$3
  shift 3
  out=$("$py" -c "$PACKAGES_PROGRAM" index "$kind" "$where" "$@" 3>&- </dev/null) || return 1
  capstan_emit package-index "$out"
}

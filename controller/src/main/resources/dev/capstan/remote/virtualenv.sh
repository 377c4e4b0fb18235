#!/bin/sh
# A release's virtualenv: private, or shared by every release with the same key under
# <deploy path>/$VENV_DIR/<key>, counted only once $VENV_COMPLETE_MARK exists in it.

# Creates a virtualenv at $3 with interpreter $1, with the system's site packages when $2 is 1.
# Made without pip, then seeded with the wheels ensurepip would install ($VENV_SEED_PROGRAM):
# the same venv for a fraction of ensurepip's CPU. When seeding cannot work, ensurepip does it.
capstan_virtualenv_create() {
  if [ "$2" = 1 ]; then set -- "$1" --system-site-packages "$3"; else set -- "$1" '' "$3"; fi
  if [ -n "$VENV_SEED_PROGRAM" ] && "$1" -m venv --without-pip ${2:+"$2"} "$3" &&
    "$3/bin/python" -c "$VENV_SEED_PROGRAM"; then
    return 0
  fi
  echo 'capstan: seeding pip from the bundled wheels failed; running ensurepip' >&2
  rm -rf "$3"
  "$1" -m venv ${2:+"$2"} "$3"
}

# Installs requirements file $2 (relative to the release) into the virtualenv at $1.
capstan_virtualenv_install() {
  "$1/bin/python" -m pip install --disable-pip-version-check --no-input -r "$2" 3>&-
}

# Gives the release (the working folder) a venv of its own: interpreter $1, site packages $2.
capstan_virtualenv_private() {
  rm -rf venv && capstan_virtualenv_create "$1" "$2" venv 3>&-
}

# Links the release's venv to the shared virtualenv of its key, built when missing and
# recorded as "virtualenv reused|built <key>". The key is computed by interpreter $1 from
# requirements file $3 (may be empty) and what else shapes the venv ($4); site packages $2.
# Requirements that point into the release get a private venv instead.
capstan_virtualenv_shared() {
  key=$("$1" -c "$VENV_KEY_PROGRAM" "$3" "$4" 3>&-) || return 1
  if [ "$key" = private ]; then
    echo 'requirements point into the release: a private virtualenv' >&2
    capstan_virtualenv_private "$1" "$2" || return 1
    capstan_virtualenv_install venv "$3"
    return
  fi
  case "$key" in '' | *[!0-9a-f]*)
    echo "unexpected virtualenv key: $key" >&2
    return 1
    ;;
  esac
  v="$CAPSTAN_DEPLOY_PATH/$VENV_DIR/$key"
  if [ -f "$v/$VENV_COMPLETE_MARK" ] && [ -x "$v/bin/python" ]; then
    capstan_emit virtualenv reused "$key"
  else
    { rm -rf "$v" && mkdir -p "$CAPSTAN_DEPLOY_PATH/$VENV_DIR"; } || return 1
    capstan_virtualenv_create "$1" "$2" "$v" 3>&- || return 1
    if [ -n "$3" ]; then capstan_virtualenv_install "$v" "$3" || return 1; fi
    touch "$v/$VENV_COMPLETE_MARK" || return 1
    capstan_emit virtualenv built "$key"
  fi
  [ -L venv ] || rm -rf venv
  ln -s "../../$VENV_DIR/$key" "venv.new.$$" && mv -Tf "venv.new.$$" venv
}

# Removes the shared virtualenvs no release links to; run in the deploy path, under the lock.
capstan_virtualenv_prune() {
  [ -d "$VENV_DIR" ] || return 0
  linked=' '
  for l in releases/*/venv; do
    [ -L "$l" ] && linked="$linked$(basename "$(readlink "$l")") "
  done
  for v in "$VENV_DIR"/*; do
    [ -d "$v" ] || continue
    case "$linked" in *" ${v#"$VENV_DIR"/} "*) ;; *) rm -rf -- "$v" ;; esac
  done
}

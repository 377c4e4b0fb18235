#!/bin/sh
# The Django preset's migration bookkeeping: each function runs the program in
# $DJANGO_MIGRATIONS_PROGRAM (django_migrations.py, set by the preamble only for scripts that
# call a capstan_django_ function) as "manage.py shell -c", in the release folder entered.

# Writes the migrations the release's code defines (interpreter $1, manage.py $2) to file $3,
# relative to the release, by renaming a new file over it; no database is touched. A manage.py
# that exits 0 without running the program (not Django's) records nothing, and says so: a later
# check against this release then fails, naming the missing file.
capstan_django_known() {
  mkdir -p "$(dirname "$3")" || return 1
  CAPSTAN_MIGRATIONS_MODE=known CAPSTAN_MIGRATIONS_OUT="$3.new.$$" \
    "$1" "$2" shell -c "$DJANGO_MIGRATIONS_PROGRAM" 3>&- </dev/null || {
    rm -f "$3.new.$$"
    return 1
  }
  [ -f "$3.new.$$" ] || {
    echo "$2 shell did not run Capstan's program: no migrations recorded in $3" >&2
    return 0
  }
  mv -f "$3.new.$$" "$3"
}

# A backup's step connect for engine django: the database DATABASES[$5] names, as the settings
# of release $2 of deploy path $1 (empty: the live release) set it up with interpreter $3 and
# manage.py $4, in files of the steps' folder the capstan_backup_ steps read (see
# capstan_backup_db). Nothing is printed: a password stays in the 0600 service file. With no
# release live yet there is no database to back up (EX_NO_DATABASE_YET).
capstan_django_database() {
  if [ -n "$2" ]; then
    dir="$1/releases/$2"
  else
    [ -e "$1/current" ] || {
      echo "no release is live in $1 yet: no settings name a database" >&2
      return "$EX_NO_DATABASE_YET"
    }
    dir="$1/current"
  fi
  cd "$dir" || return 1
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  rm -f "$capstan_steps/backup.engine" "$capstan_steps/backup.sqlite" "$capstan_steps/backup.pgservice"
  CAPSTAN_MIGRATIONS_MODE=database CAPSTAN_MIGRATIONS_DATABASE=$5 CAPSTAN_MIGRATIONS_OUT=$capstan_steps \
    "$3" "$4" shell -c "$DJANGO_MIGRATIONS_PROGRAM" 3>&- </dev/null || return 1
  [ -s "$capstan_steps/backup.engine" ] || {
    echo "$4 shell did not run Capstan's program: the database of DATABASES['$5'] is unknown" >&2
    return 1
  }
}

# Compares the migrations applied to the database (interpreter $1, manage.py $2, database
# alias $4, may be empty) with those the release whose migrations.json is $3 knows, and records
# the result as one "django-migrations <JSON>" line.
capstan_django_check() {
  out=$(mktemp "${TMPDIR:-/tmp}/capstan-migrations.XXXXXX") || return 1
  CAPSTAN_MIGRATIONS_MODE=check CAPSTAN_MIGRATIONS_TARGET=$3 CAPSTAN_MIGRATIONS_OUT=$out \
    CAPSTAN_MIGRATIONS_DATABASE=$4 \
    "$1" "$2" shell -c "$DJANGO_MIGRATIONS_PROGRAM" 3>&- </dev/null || {
    rm -f "$out"
    return 1
  }
  capstan_emit django-migrations "$(tr -d '\n' <"$out")"
  if grep -q '"targets": \[\]' "$out"; then capstan_django_reverses=0; else capstan_django_reverses=1; fi
  rm -f "$out"
}

# A rollback's check, in the live release (interpreter $2, manage.py $3) of deploy path $1: the
# database's migrations against those the release capstan_rollback_pick picked knows, recorded
# as capstan_django_check does. With $4 "stop", stops the rollback before its switch
# (EX_MIGRATIONS_TO_REVERSE) when the picked release lacks migrations the database has.
# Nothing to compare when the picked release is live already.
capstan_django_rollback_check() {
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  target=$(cat "$capstan_steps/rollback-target") || return 1
  [ "$(readlink "$1/current" 2>/dev/null)" = "releases/$target" ] && return 0
  capstan_django_check "$2" "$3" "$1/releases/$target/.capstan/migrations.json" "" || return 1
  [ "$4" = stop ] && [ "$capstan_django_reverses" = 1 ] && return "$EX_MIGRATIONS_TO_REVERSE"
  return 0
}

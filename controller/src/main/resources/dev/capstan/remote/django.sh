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
  rm -f "$out"
}

#!/bin/sh
# Backups of an Application's database in <deployPath>/backups/ (dev.capstan.backup), sent
# only with scripts that call a capstan_backup_ function. Each backup is a file <name>.dump
# (pg_dump -Fc) or <name>.sqlite3 (SQLite's online backup API) with a one-line JSON sidecar
# <name>.json: name, file, engine, takenAt, release, commit, size, sha256, migrations,
# rowCounts, and once verified, verified {ok, at, message} as its last field.
#
# A database is named by three arguments: the deploy path, the engine (postgresql, sqlite, or
# django: whichever the app's settings name, as capstan_django_database found it) and, for
# sqlite, its path under shared/. A PostgreSQL URL never reaches a command line
# (/proc/PID/cmdline is world-readable) nor any output: capstan_backup_connect turns it into a
# service file, 0600 in the steps' folder, that every later step of the script connects with.
# Every exit status is checked; nothing is piped into a command that would hide one.

# The name of a backup: <UTC yyyyMMddHHmmss>-manual or -<release>; $1 is refused otherwise.
capstan_backup_name_ok() {
  case "$1" in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-*) ;;
    *) return 1 ;;
  esac
  case "${1#??????????????-}" in
    manual) return 0 ;;
    *[!0-9a-f-]* | '') return 1 ;;
  esac
  return 0
}

# Fails, naming program $1 and the package to install, when it is not on PATH.
capstan_backup_need() {
  for program in "$@"; do
    command -v "$program" >/dev/null 2>&1 || {
      echo "$program is not installed on the host (PATH=$PATH): install $(capstan_backup_package "$program")" >&2
      return "$EX_NO_DATABASE_TOOL"
    }
  done
}

# Sets db_engine (postgresql or sqlite) and db_sqlite (the SQLite file, relative to the deploy
# path or absolute) from engine $1 and sqlite path $2; engine django reads what the step
# connect (capstan_django_database) found in the app's settings.
capstan_backup_db() {
  db_engine=$1
  db_sqlite="shared/$2"
  [ "$1" = django ] || return 0
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  db_engine=$(cat "$capstan_steps/backup.engine" 2>/dev/null) || {
    echo "the database of the app's settings is unknown: the step connect did not run" >&2
    return 1
  }
  [ "$db_engine" != sqlite ] || db_sqlite=$(cat "$capstan_steps/backup.sqlite") || return 1
}

capstan_backup_package() {
  case "$1" in
    sqlite3) echo sqlite3 ;;
    *) echo postgresql-client ;;
  esac
}

# The step connect: the PostgreSQL URL, from variable $2 of the app's environment ($1 "env")
# or the first line of standard input ($1 "stdin"), as service "capstan" of a 0600 file that
# later steps find through capstan_backup_pg. The URL is parsed by awk reading it from a
# file; a URL that is no postgresql:// URL fails naming only its scheme.
capstan_backup_connect() {
  # shellcheck disable=SC2154 # capstan_steps: the steps' folder, set by protocol.sh
  url_file="$capstan_steps/backup.url"
  (
    umask 077
    case "$1" in
      env)
        case "$2" in
          '' | *[!A-Za-z0-9_]*) echo "not a variable name: $2" >&2 && exit 1 ;;
        esac
        eval "capstan_backup_url=\${$2-}"
        [ -n "$capstan_backup_url" ] || {
          echo "$2 is not set in the app's environment (env or envFiles): no database URL" >&2
          exit 1
        }
        printf '%s\n' "$capstan_backup_url" >"$url_file" || exit 1
        ;;
      *)
        IFS= read -r capstan_backup_url || {
          echo "no database URL on standard input" >&2
          exit 1
        }
        printf '%s\n' "$capstan_backup_url" >"$url_file" || exit 1
        ;;
    esac
    awk -f /dev/stdin "$url_file" >"$capstan_steps/backup.pgservice" <<'AWK'
function decode(s,   out, i, c, h) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "%" && i + 2 <= length(s)) {
      h = tolower(substr(s, i + 1, 2))
      c = sprintf("%c", index("0123456789abcdef", substr(h, 1, 1)) * 16 - 16 + index("0123456789abcdef", substr(h, 2, 1)) - 1)
      i += 2
    }
    out = out c
  }
  if (out ~ /[\n\r]/) { bad = "a newline in a field"; }
  return out
}
NR == 1 {
  scheme = $0; sub(/:\/\/.*/, "", scheme)
  if (scheme != "postgresql" && scheme != "postgres") { print "scheme " scheme > "/dev/stderr"; exit 3 }
  rest = substr($0, length(scheme) + 4)
  query = ""; q = index(rest, "?"); if (q) { query = substr(rest, q + 1); rest = substr(rest, 1, q - 1) }
  db = ""; s = index(rest, "/"); if (s) { db = substr(rest, s + 1); rest = substr(rest, 1, s - 1) }
  user = ""; password = ""; at = 0
  for (i = length(rest); i > 0; i--) if (substr(rest, i, 1) == "@") { at = i; break }
  if (at) {
    info = substr(rest, 1, at - 1); rest = substr(rest, at + 1)
    c = index(info, ":")
    if (c) { user = substr(info, 1, c - 1); password = substr(info, c + 1) } else user = info
  }
  host = rest; port = ""
  if (host ~ /^\[/) { e = index(host, "]"); port = substr(host, e + 2); host = substr(host, 2, e - 2) }
  else if (host !~ /,/ && index(host, ":")) { port = host; sub(/^[^:]*:/, "", port); sub(/:.*/, "", host) }
  print "[capstan]"
  if (host != "") print "host=" decode(host)
  if (port != "") print "port=" decode(port)
  if (user != "") print "user=" decode(user)
  if (password != "") print "password=" decode(password)
  if (db != "") print "dbname=" decode(db)
  n = split(query, pairs, "&")
  for (i = 1; i <= n; i++) if (pairs[i] ~ /^[a-z_]+=/) print decode(pairs[i])
  if (bad != "") { print bad > "/dev/stderr"; exit 4 }
}
END { if (NR == 0) exit 5 }
AWK
    status=$?
    rm -f "$url_file"
    case $status in
      0) ;;
      3) echo "the database URL is not a postgresql:// URL" >&2 && exit 1 ;;
      *) echo "the database URL cannot be read: $status" >&2 && exit 1 ;;
    esac
  )
}

# Runs PostgreSQL program $1 (psql, pg_dump, pg_restore) with the connected server's service
# file; the rest are its arguments. A database named on the command line wins over the URL's.
capstan_backup_pg() {
  program=$1
  shift
  PGSERVICEFILE="$capstan_steps/backup.pgservice" PGSERVICE=capstan \
    PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10} "$program" "$@" </dev/null 3>&-
}

# Runs SQL $1 with psql in the URL's database (or CAPSTAN_PG_DB), stopping at the first error
# with a non-zero status (psql exits 0 on a failed statement without ON_ERROR_STOP).
capstan_backup_sql() {
  if [ -n "${CAPSTAN_PG_DB:-}" ]; then
    capstan_backup_pg psql -X -q -v ON_ERROR_STOP=1 -At -d "$CAPSTAN_PG_DB" -c "$1"
  else
    capstan_backup_pg psql -X -q -v ON_ERROR_STOP=1 -At -c "$1"
  fi
}

# The facts of a PostgreSQL database (CAPSTAN_PG_DB, else the URL's) to file $1: lines
# "m<TAB>app.name" for each applied migration and "c<TAB>schema.table<TAB>rows" for each table.
capstan_backup_pg_facts() {
  django=$(capstan_backup_sql "SELECT to_regclass('django_migrations') IS NOT NULL") || return 1
  : >"$1.m"
  if [ "$django" = t ]; then
    capstan_backup_sql "SELECT 'm' || chr(9) || app || '.' || name FROM django_migrations" >"$1.m" ||
      return 1
  fi
  capstan_backup_sql "SELECT 'c' || chr(9) || format('%I.%I', n.nspname, c.relname) || chr(9) || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM ONLY %I.%I', n.nspname, c.relname), false, true, '')))[1]::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'" >"$1.c" ||
    return 1
  LC_ALL=C sort "$1.m" "$1.c" >"$1" && rm -f "$1.m" "$1.c"
}

# The facts of dump $1 (as capstan_backup_pg_facts writes them) to file $2, read from the
# dump itself: what pg_dump saw in its one snapshot, however the database changed since.
capstan_backup_dump_facts() {
  capstan_backup_pg pg_restore --data-only -f "$2.sql" "$1" || {
    rm -f "$2.sql"
    echo "pg_restore cannot read the dump just taken" >&2
    return 1
  }
  awk '
    copy == "" && /^COPY .* FROM stdin;$/ {
      copy = $2; rows = 0; app = 0; name = 0
      if (copy ~ /(^|\.)django_migrations$/) {
        cols = $0; sub(/^[^(]*\(/, "", cols); sub(/\).*/, "", cols)
        n = split(cols, c, ", ")
        for (i = 1; i <= n; i++) { if (c[i] == "app") app = i; if (c[i] == "name") name = i }
      }
      next
    }
    copy != "" && $0 == "\\." { printf "c\t%s\t%d\n", copy, rows; copy = ""; next }
    copy != "" {
      rows++
      if (app && name) { split($0, f, "\t"); printf "m\t%s.%s\n", f[app], f[name] }
    }
  ' "$2.sql" >"$2.unsorted" || return 1
  rm -f "$2.sql"
  LC_ALL=C sort "$2.unsorted" >"$2" && rm -f "$2.unsorted"
}

# The facts of SQLite file $1 to file $2, read by sqlite3 as capstan_backup_pg_facts writes
# them (the table name alone, there are no schemas).
capstan_backup_sqlite_facts() {
  sqlite3 -bail -readonly "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" >"$2.t" ||
    return 1
  : >"$2.u"
  while IFS= read -r table; do
    quoted=$(printf '%s' "$table" | sed 's/"/""/g')
    rows=$(sqlite3 -bail -readonly "$1" "SELECT count(*) FROM \"$quoted\"") || return 1
    printf 'c\t%s\t%s\n' "$table" "$rows" >>"$2.u"
    if [ "$table" = django_migrations ]; then
      sqlite3 -bail -readonly "$1" "SELECT 'm' || char(9) || app || '.' || name FROM django_migrations" >>"$2.u" ||
        return 1
    fi
  done <"$2.t"
  LC_ALL=C sort "$2.u" >"$2" && rm -f "$2.t" "$2.u"
}

# Facts file $1 as the sidecar's JSON fields: "migrations":[...],"rowCounts":{...}.
capstan_backup_facts_json() {
  awk -F '\t' '
    function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, " ", s); return "\"" s "\"" }
    $1 == "m" { m = m (m == "" ? "" : ",") q($2) }
    $1 == "c" { c = c (c == "" ? "" : ",") q($2) ":" ($3 + 0) }
    END { printf "\"migrations\":[%s],\"rowCounts\":{%s}", m, c }
  ' "$1"
}

# Text $1 as a JSON string.
capstan_backup_json_string() {
  printf '"%s"' "$(printf '%s' "$1" | tr '\n\r\t' '   ' | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

# The step backup: takes backup $4 of the database ($1 deploy path, $2 engine, $3 sqlite
# path) for release $5 at commit $6 (both empty: the live release's), into backups/ by
# renaming a complete file into place, then its sidecar the same way, and records it.
capstan_backup_take() {
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  capstan_backup_name_ok "$4" || { echo "not a backup name: $4" >&2 && return 1; }
  mkdir -p backups || return 1
  release=$5
  commit=$6
  if [ -z "$release" ]; then
    release=$(readlink current 2>/dev/null) && release=${release#releases/}
    commit=$(cat "releases/$release/REVISION" 2>/dev/null)
  fi
  capstan_backup_db "$2" "$3" || return
  tmp="backups/.$4.tmp.$$"
  trap 'rm -f "$tmp" "$tmp-wal" "$tmp-shm" "$tmp.facts"' EXIT
  case "$db_engine" in
    sqlite)
      capstan_backup_need sqlite3 || return
      file="$4.sqlite3"
      [ -f "$db_sqlite" ] || {
        echo "no SQLite database at $db_sqlite yet" >&2
        return "$EX_NO_DATABASE_YET"
      }
      sqlite3 -bail "$db_sqlite" ".backup '$tmp'" || { echo "sqlite3 .backup of $db_sqlite failed" >&2 && return 1; }
      # A copy of a WAL database is in WAL mode too: one self-contained file instead.
      sqlite3 -bail "$tmp" "PRAGMA journal_mode=DELETE" >/dev/null || return 1
      capstan_backup_sqlite_facts "$tmp" "$tmp.facts" || return 1
      ;;
    postgresql)
      capstan_backup_need pg_dump pg_restore || return
      file="$4.dump"
      capstan_backup_pg pg_dump -Fc --no-owner -f "$tmp" || {
        echo "pg_dump failed: exit status $?" >&2
        return 1
      }
      capstan_backup_dump_facts "$tmp" "$tmp.facts" || return 1
      ;;
    *) echo "unknown engine $db_engine" >&2 && return 1 ;;
  esac
  sha=$(sha256sum "$tmp") || return 1
  size=$(wc -c <"$tmp") || return 1
  facts=$(capstan_backup_facts_json "$tmp.facts") || return 1
  sidecar=$(printf '{"name":"%s","file":"%s","engine":"%s","takenAt":"%s","release":%s,"commit":%s,"size":%s,"sha256":"%s",%s}' \
    "$4" "$file" "$db_engine" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(capstan_backup_json_string "$release")" \
    "$(capstan_backup_json_string "$commit")" "$((size + 0))" "${sha%% *}" "$facts") || return 1
  mv -f "$tmp" "backups/$file" || return 1
  printf '%s\n' "$sidecar" >"$tmp.json" && mv -f "$tmp.json" "backups/$4.json" || return 1
  capstan_emit backup "$sidecar"
}

# Writes verified {ok $2, message $3} into sidecar $1 (replacing an earlier result) and
# records the sidecar.
capstan_backup_verified() {
  sidecar=$(sed 's/,"verified":{.*}}$/}/' "$1") || return 1
  sidecar="${sidecar%\}},\"verified\":{\"ok\":$2,\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"message\":$(capstan_backup_json_string "$3")}}"
  printf '%s\n' "$sidecar" >"$1.new.$$" && mv -f "$1.new.$$" "$1" || return 1
  capstan_emit backup "$sidecar"
}

# Whether the facts of file $1 are those sidecar $2 recorded; else says which differ.
capstan_backup_same_facts() {
  restored=$(capstan_backup_facts_json "$1") || return 1
  if grep -qF ",$restored" "$2"; then return 0; fi
  recorded=$(sed 's/.*\("migrations":\[[^]]*\],"rowCounts":{[^}]*}\).*/\1/' "$2")
  printf '%s\n' "$recorded" | tr ',' '\n' >"$1.recorded"
  printf '%s\n' "$restored" | tr ',' '\n' >"$1.restored"
  echo "the restored database differs from the sidecar (< recorded, > restored): $(diff "$1.recorded" "$1.restored" | grep '^[<>]' | head -n 6 | tr '\n' ' ')" >&2
  return 1
}

# The step verify: restores backup $4 of the database ($1 deploy path, $2 engine, $3 unused)
# into a scratch database (PostgreSQL: a new database on the same server, always dropped;
# SQLite: a scratch file), checks it, compares its migrations and row counts with the
# sidecar, and writes the result into the sidecar. EX_BACKUP_UNVERIFIED when it fails. Run
# only as a builtin step: its exit and traps end that step's own subshell.
capstan_backup_verify() {
  cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  capstan_backup_name_ok "$4" || { echo "not a backup name: $4" >&2 && exit 1; }
  sidecar="backups/$4.json"
  [ -f "$sidecar" ] || { echo "no backup $4 in $1/backups" >&2 && exit "$EX_NO_SUCH_BACKUP"; }
  capstan_backup_db "$2" "$3" || exit 1
  scratch_dir=$(mktemp -d "${TMPDIR:-/tmp}/capstan-verify.XXXXXX") || exit 1
  scratch_db=''
  trap 'capstan_backup_drop_scratch' EXIT
  trap 'exit 1' INT TERM HUP
  # Not in $(...): the check sets scratch_db, which the trap must see.
  capstan_backup_check "$db_engine" "backups/$4" "$sidecar" >"$scratch_dir/message" 2>&1
  status=$?
  message=$(cat "$scratch_dir/message")
  if [ $status -eq 0 ]; then
    capstan_backup_verified "$sidecar" true "$message" || exit 1
  else
    [ "$status" -eq "$EX_NO_DATABASE_TOOL" ] || status=$EX_BACKUP_UNVERIFIED
    [ -n "$message" ] || message="verification failed: exit status $status"
    capstan_backup_verified "$sidecar" false "$message" || exit 1
    printf '%s\n' "$message" >&2
  fi
  exit "$status"
}

# Drops verify's scratch database and folder, whatever happened.
capstan_backup_drop_scratch() {
  if [ -n "$scratch_db" ]; then
    capstan_backup_sql "DROP DATABASE IF EXISTS \"$scratch_db\"" >/dev/null ||
      echo "the scratch database $scratch_db could not be dropped" >&2
  fi
  rm -rf "$scratch_dir"
}

# Verify's checks of backup $2 (without extension) with engine $1 against sidecar $3; prints
# what it found. Sets scratch_db before creating it, so the trap drops it.
capstan_backup_check() {
  case "$1" in sqlite) file="$2.sqlite3" ;; *) file="$2.dump" ;; esac
  [ -f "$file" ] || { echo "the backup file $file is missing" && return 1; }
  sha=$(sha256sum "$file") || return 1
  grep -qF "\"sha256\":\"${sha%% *}\"" "$3" || {
    echo "$file does not have the sha256 digest its sidecar records: truncated or changed since it was taken"
    return 1
  }
  case "$1" in
    sqlite)
      capstan_backup_need sqlite3 || return
      sqlite3 -bail "$scratch_dir/scratch.sqlite3" ".restore '$file'" || {
        echo "sqlite3 .restore of $file failed: corrupt or not a database"
        return 1
      }
      check=$(sqlite3 -bail "$scratch_dir/scratch.sqlite3" "PRAGMA integrity_check") || {
        echo "PRAGMA integrity_check failed: $check"
        return 1
      }
      [ "$check" = ok ] || { echo "PRAGMA integrity_check says: $(printf '%s' "$check" | head -n 3 | tr '\n' ' ')" && return 1; }
      capstan_backup_sqlite_facts "$scratch_dir/scratch.sqlite3" "$scratch_dir/facts" || return 1
      ;;
    *)
      capstan_backup_need psql pg_restore || return
      scratch_db="capstan_verify_$(date -u +%Y%m%d%H%M%S)_$$_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
      capstan_backup_sql "CREATE DATABASE \"$scratch_db\"" >/dev/null || {
        echo "the scratch database $scratch_db cannot be created: the URL's role needs CREATEDB"
        scratch_db=''
        return 1
      }
      CAPSTAN_PG_DB=$scratch_db capstan_backup_pg pg_restore --exit-on-error --no-owner -d "$scratch_db" "$file" || {
        echo "pg_restore --exit-on-error of $file into a scratch database failed: exit status $?"
        return 1
      }
      CAPSTAN_PG_DB=$scratch_db capstan_backup_pg_facts "$scratch_dir/facts" || return 1
      ;;
  esac
  capstan_backup_same_facts "$scratch_dir/facts" "$3" || return 1
  echo "restored into a scratch database: $(grep -c '^m' "$scratch_dir/facts") migrations and $(grep -c '^c' "$scratch_dir/facts") tables as recorded"
}

# Restore's check of backup $2 (engine $1, sidecar $3) as verify's, in the same shell (it sets
# scratch_db); EX_BACKUP_UNVERIFIED, saying why, when it fails.
capstan_backup_restorable() {
  capstan_backup_check "$1" "backups/$2" "$3" >"$scratch_dir/message" 2>&1 && return 0
  echo "backup $2 cannot be restored: $(cat "$scratch_dir/message")" >&2
  return "$EX_BACKUP_UNVERIFIED"
}

# Records the sidecar of every backup in deploy path $1, oldest first.
capstan_backup_list() {
  [ -d "$1" ] || return 0 # nothing deployed here yet: no backups
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  [ -d backups ] || return 0
  for sidecar in backups/*.json; do
    [ -f "$sidecar" ] || continue
    capstan_backup_name_ok "$(basename "$sidecar" .json)" || continue
    capstan_emit backup "$(head -n 1 "$sidecar")"
  done
}

# Records, for each release of deploy path $1 that recorded its migrations, the file
# (release-migrations <name> <JSON on one line>): what the release's rollback would need.
capstan_backup_known() {
  [ -d "$1" ] || return 0
  cd "$1" || return "$EX_NO_DEPLOY_PATH"
  for file in releases/*/.capstan/migrations.json; do
    [ -f "$file" ] || continue
    release=${file#releases/}
    capstan_emit release-migrations "${release%%/*}" "$(tr -d '\n' <"$file")"
  done
}

# Deletes backups $2... of deploy path $1: each name is checked, and only its own files in
# backups/ go.
capstan_backup_prune() {
  cd "$1/backups" || return "$EX_NO_DEPLOY_PATH"
  shift
  for name in "$@"; do
    capstan_backup_name_ok "$name" || { echo "not a backup name: $name" >&2 && return 1; }
    rm -f -- "$name.dump" "$name.sqlite3" "$name.json" || return 1
    capstan_emit backup-pruned "$name"
  done
}

# The step restore: puts backup $4 in place of the live database ($1 deploy path, $2 engine,
# $3 sqlite path) once its digest is the sidecar's. SQLite: restored to a new file, checked,
# renamed over the live one. PostgreSQL: restored into a new database, compared with the
# sidecar, then swapped in by renaming (the old one renamed away, then dropped). The services
# must be stopped and a backup of the live database taken first (capstan_backup_take). Run
# only as a builtin step, like capstan_backup_verify.
capstan_backup_restore() {
  cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  capstan_backup_name_ok "$4" || { echo "not a backup name: $4" >&2 && exit 1; }
  sidecar="backups/$4.json"
  [ -f "$sidecar" ] || { echo "no backup $4 in $1/backups" >&2 && exit "$EX_NO_SUCH_BACKUP"; }
  capstan_backup_db "$2" "$3" || exit 1
  scratch_dir=$(mktemp -d "${TMPDIR:-/tmp}/capstan-restore.XXXXXX") || exit 1
  scratch_db=''
  trap 'capstan_backup_drop_scratch' EXIT
  trap 'exit 1' INT TERM HUP
  case "$db_engine" in
    sqlite)
      live=$db_sqlite
      new="$live.capstan-restore.$$"
      capstan_backup_restorable sqlite "$4" "$sidecar" || exit
      if ! cp "$scratch_dir/scratch.sqlite3" "$new" || ! mv -f "$new" "$live"; then
        rm -f "$new"
        exit 1
      fi
      # The journal files of the replaced database must not be applied to the new one.
      rm -f "$live-wal" "$live-shm" "$live-journal"
      ;;
    *)
      capstan_backup_need psql pg_restore || exit
      live_db=$(capstan_backup_sql "SELECT current_database()") || exit 1
      capstan_backup_restorable postgresql "$4" "$sidecar" || exit
      quoted=$(printf '%s' "$live_db" | sed 's/"/""/g')
      literal=$(printf '%s' "$live_db" | sed "s/'/''/g")
      old="capstan_replaced_$(date -u +%Y%m%d%H%M%S)_$$"
      # Connected to the maintenance database: a renamed database may have no sessions.
      if ! CAPSTAN_PG_DB=postgres capstan_backup_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$literal' AND pid <> pg_backend_pid()" >/dev/null ||
        ! CAPSTAN_PG_DB=postgres capstan_backup_sql "ALTER DATABASE \"$quoted\" RENAME TO \"$old\""; then
        echo "the live database $live_db cannot be renamed away: the URL's role must own it, and have CREATEDB" >&2
        exit 1
      fi
      CAPSTAN_PG_DB=postgres capstan_backup_sql "ALTER DATABASE \"$scratch_db\" RENAME TO \"$quoted\"" || {
        CAPSTAN_PG_DB=postgres capstan_backup_sql "ALTER DATABASE \"$old\" RENAME TO \"$quoted\""
        echo "the restored database cannot be renamed to $live_db: the live one is back" >&2
        exit 1
      }
      scratch_db=$old
      ;;
  esac
  capstan_emit backup-restored "$4"
}

#!/bin/sh
# The health check, its retries on the host: no round trip per attempt.

# Runs command $1 in /bin/sh for at most $2 seconds, up to $4 more times $3 seconds apart
# while it fails; returns the last attempt's real status (124 when it timed out).
capstan_health() {
  attempt=0
  while :; do
    timeout "$2" /bin/sh -c "$1" 3>&- && return 0
    status=$?
    attempt=$((attempt + 1))
    [ "$attempt" -gt "$4" ] && return "$status"
    sleep "$3"
  done
}

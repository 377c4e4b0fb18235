#!/usr/bin/env bash
# Checks that every host runs COMMIT: its live release's REVISION. Exit 1 names the hosts that
# do not.
#
#   check.sh -c COMMIT -p DEPLOY_PATH -i KEY -k KNOWN_HOSTS HOST...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
parse_options "$@"
shift $((OPTIND - 1))
[ $# -gt 0 ] && [ -n "$commit" ] || usage

on_all_hosts "test \"\$(cat $(q "$deploy_path")/current/REVISION)\" = $(q "$commit")" /dev/null "$@"

#!/usr/bin/env bash
# Switches every host back to the release before its live one (no build), then activates and
# health-checks it.
#
#   rollback.sh -p DEPLOY_PATH -i KEY -k KNOWN_HOSTS HOST...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
parse_options "$@"
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage

rollback=$(cat <<SCRIPT
set -e
cd $(q "$deploy_path")
live=\$(basename "\$(readlink current)")
previous=\$(ls -1 releases | sort | grep -B1 -x "\$live" | head -n 1)
if [ -z "\$previous" ] || [ "\$previous" = "\$live" ]; then
  echo "no release before \$live to roll back to" >&2
  exit 1
fi
expected=\$(cat "releases/\$previous/REVISION")
ln -sfn "releases/\$previous" current.new
mv -T current.new current
$(activate_and_check '"$expected"')
SCRIPT
)

on_all_hosts "$rollback" /dev/null "$@"

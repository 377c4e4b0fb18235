#!/usr/bin/env bash
# The baseline of the benchmark: deploys one commit to every host at once, the way a competent
# ops engineer would script it. Build everywhere first (tree of the commit as a gzip tar over
# ssh, shared links, virtualenv, pip, build step), then switch every host (atomic rename of
# `current`), activate, health check, and keep the newest KEEP releases.
#
#   deploy.sh -r REPO -c COMMIT -p DEPLOY_PATH -i KEY -k KNOWN_HOSTS [-n KEEP] [-P PYTHON] HOST...
#
# -P none leaves out the virtualenv, pip and the build step (the light recipe of the test
# suite's smoke run).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
parse_options "$@"
shift $((OPTIND - 1))
[ $# -gt 0 ] && [ -n "$repo" ] && [ -n "$commit" ] || usage

commit=$(git -C "$repo" rev-parse --verify --quiet "$commit^{commit}") || {
  echo "unknown commit in $repo" >&2; exit 2; }
release=$(date -u +%Y%m%d%H%M%S)-${commit:0:7}
archive=$(mktemp)
trap 'rm -f "$archive"' EXIT
git -C "$repo" archive --format=tar "$commit" | gzip -1 >"$archive"

build=$(cat <<SCRIPT
set -e
mkdir -p $(q "$deploy_path")
cd $(q "$deploy_path")
mkdir -p releases shared/logs
rm -rf releases/$release
mkdir releases/$release
cd releases/$release
tar -xzf -
echo $commit >REVISION
rm -rf logs && ln -s ../../shared/logs logs
SCRIPT
)
if [ "$python" != none ]; then
  build+=$(cat <<SCRIPT

$(q "$python") -m venv --system-site-packages venv
venv/bin/python -m pip install --disable-pip-version-check --no-input -q -r requirements.txt
venv/bin/python -m compileall -q app
SCRIPT
)
fi

switch=$(cat <<SCRIPT
set -e
cd $(q "$deploy_path")
ln -sfn releases/$release current.new
mv -T current.new current
$(activate_and_check "$commit")
cd $(q "$deploy_path")/releases
ls -1 | sort | head -n -$keep | grep -vx $release | xargs -r rm -rf
SCRIPT
)

on_all_hosts "$build" "$archive" "$@"
on_all_hosts "$switch" /dev/null "$@"

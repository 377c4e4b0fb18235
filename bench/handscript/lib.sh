# Shared by deploy.sh, check.sh and rollback.sh: options, quoting, ssh, and running a remote
# script on every host at once.
# shellcheck shell=bash

usage() {
  echo "usage: $0 -p DEPLOY_PATH -i KEY -k KNOWN_HOSTS [-r REPO] [-c COMMIT] [-n KEEP]" \
    "[-P PYTHON|none] HOST..." >&2
  echo "  HOST is [user@]host[:port]" >&2
  exit 2
}

deploy_path="" key="" known_hosts="" repo="" commit="" keep=3 python=/usr/bin/python3
parse_options() {
  local opt
  OPTIND=1
  while getopts p:i:k:r:c:n:P: opt; do
    case $opt in
      p) deploy_path=$OPTARG ;;
      i) key=$OPTARG ;;
      k) known_hosts=$OPTARG ;;
      r) repo=$OPTARG ;;
      c) commit=$OPTARG ;;
      n) keep=$OPTARG ;;
      P) python=$OPTARG ;;
      *) usage ;;
    esac
  done
  [ -n "$deploy_path" ] && [ -n "$key" ] && [ -n "$known_hosts" ] || usage
  case $deploy_path in /*) ;; *) echo "deploy path must be absolute: $deploy_path" >&2; exit 2 ;; esac
}

# Single-quotes a value for the remote /bin/sh.
q() {
  printf "'%s'" "${1//\'/\'\\\'\'}"
}

# ssh_to HOST SCRIPT: runs SCRIPT in the host's /bin/sh; stdin goes to the script.
ssh_to() {
  local host=$1 script=$2 port=22
  case $host in *:*) port=${host##*:}; host=${host%:*} ;; esac
  ssh -p "$port" -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known_hosts" \
    -o ConnectTimeout=10 -o LogLevel=ERROR "$host" "sh -c $(q "$script")"
}

# on_all_hosts SCRIPT [STDIN_FILE] HOST...: SCRIPT on every host in parallel; each host's
# output is shown prefixed with its name; fails if any host failed.
on_all_hosts() {
  local script=$1 input=$2 host pid failed=0
  shift 2
  local -A pids=()
  for host in "$@"; do
    ssh_to "$host" "$script" <"$input" > >(sed "s/^/$host: /") 2>&1 &
    pids[$host]=$!
  done
  for host in "${!pids[@]}"; do
    wait "${pids[$host]}" || { echo "$host: FAILED" >&2; failed=1; }
  done
  return $failed
}

# The recipe's activate step and health check, the same for every tool of the benchmark: run
# in the live release; the health check proves the live release and its activation are COMMIT.
activate_and_check() {
  local expected=$1
  cat <<SCRIPT
cd $(q "$deploy_path")/current
cp REVISION logs/activated
test "\$(cat $(q "$deploy_path")/current/REVISION)" = $expected
test "\$(cat $(q "$deploy_path")/current/logs/activated)" = $expected
SCRIPT
}

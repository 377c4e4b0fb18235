#!/bin/sh
# The lease on a deploy path: <bookkeeping folder>/lock/owner holds "<expiry> <holder>".

# Takes the lease in bookkeeping folder $1 for $2 seconds for holder $3: prepares
# lock.new.$$ and renames it to lock, a rename that fails while another lock folder exists,
# so two deployers never both succeed. An expired or own lease is first renamed aside (only
# one taker's rename can succeed). Records lock-acquired when taken.
capstan_lock_take() {
  capstan_lock_got=0
  mkdir -p "$1" && cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  now=$(date +%s)
  mkdir "lock.new.$$" || exit "$EX_NO_DEPLOY_PATH"
  printf '%s %s\n' "$((now + $2))" "$3" >"lock.new.$$/owner" || exit "$EX_NO_DEPLOY_PATH"
  if mv -T "lock.new.$$" lock 2>/dev/null; then
    capstan_lock_got=1
  else
    read -r exp who <lock/owner 2>/dev/null || { exp=0; who=unknown; }
    case "$exp" in '' | *[!0-9]*) exp=0 ;; esac
    if [ "$who" = "$3" ] || [ "$exp" -lt "$now" ]; then
      if mv -T lock "lock.stale.$$" 2>/dev/null && mv -T "lock.new.$$" lock; then
        rm -rf "lock.stale.$$"
        capstan_lock_got=1
      fi
    fi
  fi
  rm -rf "lock.new.$$"
  [ "$capstan_lock_got" = 1 ] && capstan_emit lock-acquired
  cd /
}

# Stops the script with EX_BUSY unless capstan_lock_take took the lease.
capstan_lock_required() {
  [ "$capstan_lock_got" = 1 ] || exit "$EX_BUSY"
}

# Pushes the expiry of holder $3's lease in bookkeeping folder $1 to $2 seconds from now;
# EX_BUSY when another holder has it.
capstan_lock_renew() {
  cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  { read -r _ who <lock/owner && [ "$who" = "$3" ]; } || exit "$EX_BUSY"
  printf '%s %s\n' "$(($(date +%s) + $2))" "$3" >lock/owner.new && mv -f lock/owner.new lock/owner
}

# Removes the lease in bookkeeping folder $1 if holder $2 still has it.
capstan_lock_give_back() (
  cd "$1" 2>/dev/null || exit 0
  { read -r _ who <lock/owner && [ "$who" = "$2" ]; } 2>/dev/null && rm -rf lock
  exit 0
)

#!/bin/sh
# The lease on a deploy path: <bookkeeping folder>/lock/owner holds "<expiry> <holder>".

# Reads the owner file $1 into exp (its expiry, 0 when unreadable) and who (its holder).
capstan_lock_read() {
  read -r exp who <"$1" 2>/dev/null || { exp=0; who=unknown; }
  case "$exp" in '' | *[!0-9]*) exp=0 ;; esac
}

# Renames the lock folder aside to lock.old.$$ if its owner file still says expiry $1 and
# holder $2 (any expiry when $1 is empty), and puts it back otherwise: the rename is atomic, so
# of two deployers that read the same owner only one moves that lease, and a lease that changed
# hands (or was renewed) after it was read is never removed. 0 when set aside.
capstan_lock_set_aside() {
  rm -rf "lock.old.$$"
  mv -T lock "lock.old.$$" 2>/dev/null || return 1
  capstan_lock_read "lock.old.$$/owner"
  if [ "$who" = "$2" ] && { [ -z "$1" ] || [ "$exp" = "$1" ]; }; then
    return 0
  fi
  # Not the lease that was read. Should a new one have been taken in the instant it was
  # away, it cannot come back: its holder finds out when it next renews.
  mv -T "lock.old.$$" lock 2>/dev/null || rm -rf "lock.old.$$"
  return 1
}

# Makes this script the one deployer that may set the lease aside now: lock.taking, made
# ready as lock.taking.$$ (with its time, "<epoch second> <pid>") and renamed into place, a
# rename that fails while another deployer has it. One left for more than 10 s by a deployer
# killed in the middle is cleared (compared as the lease is). 0 when this script has it.
capstan_lock_mutex() {
  rm -rf "lock.taking.$$"
  mkdir "lock.taking.$$" && printf '%s %s\n' "$now" "$$" >"lock.taking.$$/since" || return 1
  if ! mv -T "lock.taking.$$" lock.taking 2>/dev/null; then
    read -r since by <lock.taking/since 2>/dev/null || { since=$now; by=; }
    case "$since" in '' | *[!0-9]*) since=0 ;; esac
    [ "$((since + 10))" -lt "$now" ] || { rm -rf "lock.taking.$$"; return 1; }
    rm -rf "lock.taking.old.$$"
    if mv -T lock.taking "lock.taking.old.$$" 2>/dev/null; then
      read -r since2 by2 <"lock.taking.old.$$/since" 2>/dev/null || since2=
      if [ "$since2" = "$since" ] && [ "$by2" = "$by" ]; then
        rm -rf "lock.taking.old.$$"
      else
        mv -T "lock.taking.old.$$" lock.taking 2>/dev/null || rm -rf "lock.taking.old.$$"
      fi
    fi
    mv -T "lock.taking.$$" lock.taking 2>/dev/null || { rm -rf "lock.taking.$$"; return 1; }
  fi
  return 0
}

# Takes the lease in bookkeeping folder $1 for $2 seconds for holder $3: prepares
# lock.new.$$ and renames it to lock, a rename that fails while another lock folder exists,
# so two deployers never both succeed. An expired or own lease is first set aside (see
# capstan_lock_set_aside), and so is the lease whose owner file says exactly expiry $4 and
# holder $5 when given: one the caller saw and found abandoned (its holder's process is gone).
# One deployer at a time does that (capstan_lock_mutex), reading the owner file again first: of
# several that found the same lease to take over, the first takes it and the others find it
# taken. Records lock-acquired when taken.
capstan_lock_take() {
  capstan_lock_got=0
  mkdir -p "$1" && cd "$1" || exit "$EX_NO_DEPLOY_PATH"
  now=$(date +%s)
  rm -rf "lock.new.$$"
  mkdir "lock.new.$$" || exit "$EX_NO_DEPLOY_PATH"
  printf '%s %s\n' "$((now + $2))" "$3" >"lock.new.$$/owner" || exit "$EX_NO_DEPLOY_PATH"
  if mv -T "lock.new.$$" lock 2>/dev/null; then
    capstan_lock_got=1
  elif capstan_lock_mutex; then
    if mv -T "lock.new.$$" lock 2>/dev/null; then
      capstan_lock_got=1 # given back meanwhile
    else
      capstan_lock_read lock/owner
      if [ "$who" = "$3" ] || [ "$exp" -lt "$now" ] \
        || { [ -n "${5-}" ] && [ "$exp" = "$4" ] && [ "$who" = "$5" ]; }; then
        if capstan_lock_set_aside "$exp" "$who" && mv -T "lock.new.$$" lock 2>/dev/null; then
          capstan_lock_got=1
        fi
        rm -rf "lock.old.$$"
      fi
    fi
    rm -rf lock.taking
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
# EX_BUSY when another holder has it, or nobody. Works inside the lock folder, so a lease set
# aside meanwhile by a deployer taking it over is the one written, never its successor.
capstan_lock_renew() {
  cd "$1/lock" 2>/dev/null || exit "$EX_BUSY"
  { read -r _ who <owner && [ "$who" = "$3" ]; } 2>/dev/null || exit "$EX_BUSY"
  printf '%s %s\n' "$(($(date +%s) + $2))" "$3" >owner.new && mv -f owner.new owner
}

# Removes the lease in bookkeeping folder $1 if holder $2 still has it.
capstan_lock_give_back() (
  cd "$1" 2>/dev/null || exit 0
  capstan_lock_read lock/owner
  [ "$who" = "$2" ] && capstan_lock_set_aside '' "$2" && rm -rf "lock.old.$$"
  exit 0
)

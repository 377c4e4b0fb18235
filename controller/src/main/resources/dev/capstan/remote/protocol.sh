#!/bin/sh
# The protocol every remote script of Capstan speaks (dev.capstan.remote.RemoteScript puts
# these files together and dev.capstan.remote.ScriptOutput reads what they print).
#
# Records go to descriptor 3, the command's standard output, one per line, each line
# "<tag> <marker> <arguments>" after a newline of its own: output that lacks a final newline
# cannot run into a record, and only this command's random tag makes a line a record.
# Steps never write there: their standard output and error go to files, and only their tails
# come back, each line behind "|" between tail-begin and tail-end, so no line of theirs can
# start with the tag. Exit codes (EX_*) come from the preamble RemoteScript writes.

# Sets the tag ($1), whether every step's tails come back ($2: 1), how many lines ($3) and
# what each line of them starts with ($4).
capstan_init() {
  capstan_tag=$1
  capstan_verbose=$2
  capstan_tail_lines=$3
  capstan_data_prefix=$4
  capstan_steps=''
  exec 3>&1
}

# Prints one record: a newline first, then the tag, the marker and its arguments.
capstan_emit() {
  printf '\n%s %s\n' "$capstan_tag" "$*" >&3
}

# Makes the folder that keeps each step's output, once, removed when the script ends.
capstan_step_dir() {
  [ -n "$capstan_steps" ] && return 0
  capstan_steps=$(mktemp -d "${TMPDIR:-/tmp}/capstan-steps.XXXXXX") || exit "$EX_NO_TEMP_DIR"
  trap 'rm -rf "$capstan_steps"' EXIT
}

# Sends back the last lines of step $1's stream $2 (out or err), framed, each behind the
# data prefix.
capstan_tail() {
  [ -s "$capstan_steps/$1.$2" ] || return 0
  capstan_emit tail-begin "$1" "$2"
  tail -n "$capstan_tail_lines" "$capstan_steps/$1.$2" | sed "s/^/$capstan_data_prefix/" >&3
  capstan_emit tail-end "$1" "$2"
}

# Records how step $1 ended ($2) and, when it failed, stops the script with exit code $3.
capstan_step_end() {
  capstan_emit step-exit "$1" "$2"
  if [ "$2" -ne 0 ] || [ "$capstan_verbose" = 1 ]; then
    capstan_tail "$1" out
    capstan_tail "$1" err
  fi
  [ "$2" -eq 0 ] || exit "$3"
}

# Runs step $1, a command of the recipe ($2) in a /bin/sh of its own, as a separate command
# would run: one that does not parse, or calls exit, ends only itself.
capstan_step() {
  capstan_step_dir
  /bin/sh -c "$2" >"$capstan_steps/$1.out" 2>"$capstan_steps/$1.err" 3>&-
  capstan_step_end "$1" "$?" "$EX_STEP_FAILED"
}

# Runs step $1, one of these scripts' own functions ($2, with the arguments after it), in a
# subshell: it may record facts (descriptor 3 stays open), its output is kept as a step's.
capstan_builtin() {
  capstan_step_dir
  capstan_n=$1
  shift
  ("$@") >"$capstan_steps/$capstan_n.out" 2>"$capstan_steps/$capstan_n.err"
  capstan_step_end "$capstan_n" "$?" "$EX_STEP_FAILED"
}

# Step $1: enters release folder $2 with what every recipe command is promised in its
# environment ($3 environment, $4 host, $5 deploy path, $6 pip cache); CAPSTAN_RELEASE_DIR is
# $7, or the folder entered, resolved, when $7 is empty (the live release through current).
capstan_enter() {
  capstan_step_dir
  cd "$2" 2>"$capstan_steps/$1.err" || capstan_step_end "$1" "$?" "$EX_ENTER_FAILED"
  capstan_step_end "$1" 0 "$EX_ENTER_FAILED"
  if [ -n "$7" ]; then CAPSTAN_RELEASE_DIR=$7; else CAPSTAN_RELEASE_DIR=$(pwd -P); fi
  CAPSTAN_ENVIRONMENT=$3
  CAPSTAN_HOST=$4
  CAPSTAN_DEPLOY_PATH=$5
  PIP_CACHE_DIR=$6
  CAPSTAN_COMMIT=$(cat REVISION 2>/dev/null)
  export CAPSTAN_ENVIRONMENT CAPSTAN_HOST CAPSTAN_RELEASE_DIR CAPSTAN_DEPLOY_PATH PIP_CACHE_DIR \
    CAPSTAN_COMMIT
}

# Step $1: exports the app's environment for the steps after it: env files (the arguments
# after "files" up to "env"), then NAME VALUE pairs. A missing env file fails the step.
capstan_environment() {
  capstan_step_dir
  capstan_env_n=$1
  shift
  [ "$1" = files ] && shift
  while [ $# -gt 0 ] && [ "$1" != env ]; do
    capstan_env_file "$1" 2>>"$capstan_steps/$capstan_env_n.err" ||
      capstan_step_end "$capstan_env_n" 1 "$EX_STEP_FAILED"
    shift
  done
  [ "$1" = env ] && shift
  while [ $# -gt 1 ]; do
    export "$1=$2"
    shift 2
  done
  capstan_step_end "$capstan_env_n" 0 "$EX_STEP_FAILED"
}

# shellcheck shell=bash
# Helpers shared by scripts/services.sh and scripts/cluster.sh. Sourced, never run; expects `set -euo pipefail`.
#
#   CEREON_REPO    the repository root
#   CEREON_STATE   the local cluster's state dir: ${CEREON_STATE_DIR:-$CEREON_REPO/.cluster}, made absolute

CEREON_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CEREON_STATE="$(realpath -m -- "${CEREON_STATE_DIR:-$CEREON_REPO/.cluster}")"

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

# usage [exit code]: prints the running script's header comment (its help) and exits, by default 2 on stderr; with 0
# on stdout, as the answer to --help.
usage() {
  # The outermost file on the call stack is the script that was run, not this library.
  if ((${1:-2} == 0)); then
    sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[-1]}"
  else
    sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[-1]}" >&2
  fi
  exit "${1:-2}"
}

warn() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
}

say() {
  printf '%s\n' "$*"
}

# require_uint NAME VALUE: VALUE is a non-negative integer.
require_uint() {
  [[ $2 =~ ^(0|[1-9][0-9]{0,8})$ ]] || die "$1 must be a non-negative integer, got '$2'"
}

# require_port NAME VALUE: VALUE is a TCP port.
require_port() {
  if ! [[ $2 =~ ^[1-9][0-9]{0,4}$ ]] || (($2 > 65535)); then
    die "$1 must be a TCP port (1-65535), got '$2'"
  fi
}

# ensure_state_dir: creates the state dir with logs/ and pids/. It ignores itself for git, so a state dir inside the
# repository never shows up in `git status`.
ensure_state_dir() {
  mkdir -p "$CEREON_STATE/logs" "$CEREON_STATE/pids"
  # The postgres OS user has to traverse it to reach its data and socket directories.
  chmod 755 "$CEREON_STATE"
  if [[ ! -e $CEREON_STATE/.gitignore ]]; then
    printf '*\n' >"$CEREON_STATE/.gitignore"
  fi
}

# pid_matches PID PATTERN: PID is a live, non-zombie process whose command line contains PATTERN (guards against
# stale pidfiles and reused pids: we never signal a process we cannot recognise).
pid_matches() {
  local pid=$1 pattern=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ -n $cmdline && $cmdline == *"$pattern"* ]]
}

# await_program PID PROGRAM PATTERN SECONDS: waits, at most SECONDS, until PID has exec'd its final image: argv[0] is
# PROGRAM and the command line contains PATTERN. A chain like `setsid env ... dotnet x.dll` names x.dll in every stage,
# and while the kernel replaces one stage's image with the next the command line reads empty, so a check that matched
# an early stage can see the process as gone a moment later. Fails when PID exits first or the time runs out.
await_program() {
  local pid=$1 program=$2 pattern=$3 until=$((SECONDS + $4)) argv0
  while kill -0 "$pid" 2>/dev/null; do
    argv0=""
    IFS= read -r -d '' argv0 <"/proc/$pid/cmdline" 2>/dev/null || true
    if [[ $argv0 == "$program" ]] && pid_matches "$pid" "$pattern"; then return 0; fi
    ((SECONDS < until)) || return 1
    sleep 0.05
  done
  return 1
}

# read_pidfile FILE PATTERN: prints the pid in FILE when that process is alive and matches PATTERN.
read_pidfile() {
  local file=$1 pattern=$2 pid=""
  [[ -r $file ]] || return 1
  read -r pid <"$file" || true
  pid_matches "$pid" "$pattern" || return 1
  printf '%s\n' "$pid"
}

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# stop_pids TIMEOUT PATTERN PID...: SIGTERM to every PID still matching PATTERN, waits up to TIMEOUT seconds for
# them to exit, then SIGKILLs the rest.
stop_pids() {
  local timeout=$1 pattern=$2 pid deadline alive
  shift 2
  for pid in "$@"; do
    if pid_matches "$pid" "$pattern"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + timeout))
  while :; do
    alive=()
    for pid in "$@"; do
      if pid_matches "$pid" "$pattern"; then alive+=("$pid"); fi
    done
    ((${#alive[@]})) || return 0
    if ((SECONDS >= deadline)); then break; fi
    sleep 0.5
  done
  warn "still running after ${timeout}s, sending SIGKILL to: ${alive[*]}"
  for pid in "${alive[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 10))
  for pid in "${alive[@]}"; do
    while pid_matches "$pid" "$pattern" && ((SECONDS < deadline)); do sleep 0.2; done
  done
}

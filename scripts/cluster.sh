#!/usr/bin/env bash
# A local, production-shaped Cereon cluster from the Release build: Redis membership, PostgreSQL state, 2 silos and
# 2 stateless gateways, each its own process, all on 127.0.0.1.
#
#   scripts/cluster.sh up                  services, build (if the dlls are missing), migrate, start, wait until ready
#   scripts/cluster.sh down                gateways, then silos (SIGTERM, SIGKILL after 30 s), then services
#   scripts/cluster.sh status              one line per process: <role> <pid|-> <base url> <up|down>
#   scripts/cluster.sh kill <role> <n>     SIGKILL one process (fault drills); role: silo|gateway|redis|postgres
#   scripts/cluster.sh restart <role> <n>  stop it if it runs, start it with the same settings, wait until ready
#   scripts/cluster.sh --dry-run <cmd>...  prints what would be started or signalled, changes nothing
#
# status: "up" means the process runs and answers (silo/gateway: GET <base url>/health/ready is 200; redis: PING;
# postgres: pg_isready); exit 0 when every line is up, 3 otherwise. For redis and postgres <n> is 1 (or omitted).
#
# Settings (environment; the defaults run beside nothing else, override the bases to run a second cluster):
#   CEREON_STATE_DIR                 state dir (default <repo>/.cluster): logs/<role>-<n>.log, pids/<role>-<n>.pid
#   CEREON_SILOS, CEREON_GATEWAYS    how many (default 2 each)
#   CEREON_GATEWAY_PORT_BASE         gateway n serves HTTP on base+n (default 8000: 8001, 8002)
#   CEREON_SILO_HTTP_PORT_BASE       silo n serves HTTP (health) on base+n (default 8080: 8081, 8082)
#   CEREON_SILO_PORT_BASE            silo n's silo-to-silo port is base+n (default 11110: 11111, 11112)
#   CEREON_SILO_GATEWAY_PORT_BASE    silo n's Orleans client-gateway port is base+n (default 30000: 30001, 30002)
#   CEREON_REDIS_PORT, CEREON_PG_PORT   the services' ports (default 6390, 5440; see scripts/services.sh)
#   CEREON_READY_TIMEOUT             seconds to wait for /health/ready (default 60)
#   CEREON_STOP_TIMEOUT              seconds between SIGTERM and SIGKILL (default 30)
#   CEREON_MIGRATE_TIMEOUT           seconds the schema migration may take (default 300)
#   CEREON_DRY_RUN=1                 same as --dry-run
# Other Cereon__* variables in the environment reach every process (e.g. Serilog__MinimumLevel__Default=Debug);
# the ones this script sets win, except the security defaults below, which yield to the environment:
#   Cereon__Auth__JwtSigningKey / Cereon__Auth__Authority   authentication (production mode needs one; without
#                                    either, this loopback cluster runs with Cereon__Auth__Disabled=true)
#   Cereon__RateLimits__Enabled      default false here: every client of a loopback cluster is 127.0.0.1
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SERVICES="$CEREON_REPO/scripts/services.sh"
SILO_DIR="$CEREON_REPO/Silo"
GATEWAY_DIR="$CEREON_REPO/Gateway"
SILO_DLL="$SILO_DIR/bin/Release/net10.0/Cereon.Silo.dll"
GATEWAY_DLL="$GATEWAY_DIR/bin/Release/net10.0/Cereon.Gateway.dll"

SILOS="${CEREON_SILOS:-2}"
GATEWAYS="${CEREON_GATEWAYS:-2}"
GATEWAY_PORT_BASE="${CEREON_GATEWAY_PORT_BASE:-8000}"
SILO_HTTP_PORT_BASE="${CEREON_SILO_HTTP_PORT_BASE:-8080}"
SILO_PORT_BASE="${CEREON_SILO_PORT_BASE:-11110}"
SILO_GATEWAY_PORT_BASE="${CEREON_SILO_GATEWAY_PORT_BASE:-30000}"
READY_TIMEOUT="${CEREON_READY_TIMEOUT:-60}"
STOP_TIMEOUT="${CEREON_STOP_TIMEOUT:-30}"
MIGRATE_TIMEOUT="${CEREON_MIGRATE_TIMEOUT:-300}"
DRY_RUN="${CEREON_DRY_RUN:-0}"
for setting in CEREON_SILOS:"$SILOS" CEREON_GATEWAYS:"$GATEWAYS" CEREON_GATEWAY_PORT_BASE:"$GATEWAY_PORT_BASE" \
  CEREON_SILO_HTTP_PORT_BASE:"$SILO_HTTP_PORT_BASE" CEREON_SILO_PORT_BASE:"$SILO_PORT_BASE" \
  CEREON_SILO_GATEWAY_PORT_BASE:"$SILO_GATEWAY_PORT_BASE" CEREON_READY_TIMEOUT:"$READY_TIMEOUT" \
  CEREON_STOP_TIMEOUT:"$STOP_TIMEOUT" CEREON_MIGRATE_TIMEOUT:"$MIGRATE_TIMEOUT"; do
  require_uint "${setting%%:*}" "${setting#*:}"
done
# Every computed port must be a real one.
require_port "ports from CEREON_GATEWAY_PORT_BASE" "$((GATEWAY_PORT_BASE + GATEWAYS))"
require_port "ports from CEREON_SILO_HTTP_PORT_BASE" "$((SILO_HTTP_PORT_BASE + SILOS))"
require_port "ports from CEREON_SILO_PORT_BASE" "$((SILO_PORT_BASE + SILOS))"
require_port "ports from CEREON_SILO_GATEWAY_PORT_BASE" "$((SILO_GATEWAY_PORT_BASE + SILOS))"
# services.sh must see the same state dir, whatever the caller's working directory.
export CEREON_STATE_DIR="$CEREON_STATE"

usage_error() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  printf 'usage: %s [--dry-run] up|down|status|kill <role> <n>|restart <role> <n>   (--help for more)\n' "${0##*/}" >&2
  exit 2
}

dry() {
  ((DRY_RUN)) && printf '[dry-run] %s\n' "$*"
  ((DRY_RUN))
}

# quoted WORD...: the words, shell-quoted, for printing a command someone may paste.
quoted() {
  local out
  printf -v out '%q ' "$@"
  printf '%s' "${out% }"
}

# ---------------------------------------------------------------------------------------------------- process model

# services_env: fills SERVICES_ENV (NAME=value, once) with the services' connection settings, taken from
# `services.sh env` so that the two never disagree.
SERVICES_ENV=()
services_env() {
  ((${#SERVICES_ENV[@]})) && return 0
  local env_lines
  env_lines="$("$SERVICES" env)" || die "scripts/services.sh env failed"
  mapfile -t SERVICES_ENV < <(sed -e 's/^export //' -e "s/='\(.*\)'$/=\1/" <<<"$env_lines")
}

# proc ROLE N: sets P_DIR P_DLL P_URL P_LOG P_PIDFILE P_PORTS P_ENV for silo or gateway N.
proc() {
  local role=$1 n=$2 http
  services_env
  P_LOG="$CEREON_STATE/logs/$role-$n.log"
  P_PIDFILE="$CEREON_STATE/pids/$role-$n.pid"
  case "$role" in
    silo)
      http=$((SILO_HTTP_PORT_BASE + n))
      P_DIR="$SILO_DIR"
      P_DLL="$SILO_DLL"
      P_PORTS=("$http" "$((SILO_PORT_BASE + n))" "$((SILO_GATEWAY_PORT_BASE + n))")
      P_ENV=(
        Cereon__Silo__HostGateway=false
        Cereon__Cluster__Clustering=redis
        Cereon__Storage__Provider=postgres
        "Cereon__Cluster__SiloPort=$((SILO_PORT_BASE + n))"
        "Cereon__Cluster__GatewayPort=$((SILO_GATEWAY_PORT_BASE + n))"
        Cereon__Cluster__AdvertisedAddress=127.0.0.1
        # As the silo image sets it (Dockerfile.silo): at most two glibc malloc arenas, so native memory freed
        # after parameter churn is reused instead of kept in up to 8 arenas per core.
        MALLOC_ARENA_MAX=2
      )
      ;;
    gateway)
      http=$((GATEWAY_PORT_BASE + n))
      P_DIR="$GATEWAY_DIR"
      P_DLL="$GATEWAY_DLL"
      P_PORTS=("$http")
      P_ENV=(Cereon__Cluster__Clustering=redis)
      ;;
    *) die "internal: unknown role $role" ;;
  esac
  if [[ -z "${Cereon__Auth__JwtSigningKey:-}${Cereon__Auth__Authority:-}${Cereon__Auth__Disabled:-}" ]]; then
    P_ENV+=(Cereon__Auth__Disabled=true)
  fi
  P_ENV+=("Cereon__RateLimits__Enabled=${Cereon__RateLimits__Enabled:-false}")
  P_URL="http://127.0.0.1:$http"
  # Urls as well as ASPNETCORE_URLS: an appsettings.json "Urls" (Silo has one) overrides ASPNETCORE_URLS, while a plain
  # Urls environment variable overrides appsettings.json.
  P_ENV+=("ASPNETCORE_URLS=$P_URL" "Urls=$P_URL" "${SERVICES_ENV[@]}")
}

# proc_pid ROLE N: the pid of silo/gateway N when it runs.
proc_pid() {
  local dll
  case "$1" in
    silo) dll=Cereon.Silo.dll ;;
    gateway) dll=Cereon.Gateway.dll ;;
    *) return 1 ;;
  esac
  read_pidfile "$CEREON_STATE/pids/$1-$2.pid" "$dll"
}

http_ready() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1/health/ready" 2>/dev/null || true)" == 200 ]]
}

show_log_tail() {
  local log=$1
  if [[ -s $log ]]; then
    printf -- '--- last 40 lines of %s ---\n' "$log" >&2
    tail -n 40 "$log" >&2
    printf -- '---\n' >&2
  else
    printf '(%s is empty or missing)\n' "$log" >&2
  fi
}

start_proc() {
  local role=$1 n=$2 pid port
  proc "$role" "$n"
  if pid="$(proc_pid "$role" "$n")"; then
    say "$role $n already running (pid $pid, $P_URL)"
    return 0
  fi
  for port in "${P_PORTS[@]}"; do
    if port_in_use "$port"; then
      die "$role $n: 127.0.0.1:$port is already in use by another process (another cluster? see the *_PORT_BASE settings in --help)"
    fi
  done
  if dry "$role $n: (cd $(quoted "$P_DIR") && env $(quoted "${P_ENV[@]}") dotnet $(quoted "$P_DLL")) >>$(quoted "$P_LOG") 2>&1 &"; then
    return 0
  fi
  [[ -f $P_DLL ]] || die "$P_DLL is missing; build first: dotnet build Cereon.Orleans.sln -c Release"
  printf '===== %s %s starting at %s: %s =====\n' "$role" "$n" "$(date -Is)" "$P_URL" >>"$P_LOG"
  # setsid: its own session, so a Ctrl-C in this terminal does not reach it; exec keeps $! the dotnet pid.
  (cd "$P_DIR" && exec setsid env "${P_ENV[@]}" dotnet "$P_DLL") >>"$P_LOG" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$P_PIDFILE"
  # Until the subshell has become dotnet, anyone checking the pid file can take the process for dead: a busy machine
  # takes a while to get there, and each exec on the way blanks the command line for a moment.
  await_program "$pid" dotnet "${P_DLL##*/}" 10 || true
  say "$role $n started (pid $pid, $P_URL, log $P_LOG)"
}

# stop_procs ROLE: SIGTERM to every running ROLE process, SIGKILL after CEREON_STOP_TIMEOUT.
stop_procs() {
  local role=$1 file n pid dll pids=()
  [[ $role == silo ]] && dll=Cereon.Silo.dll || dll=Cereon.Gateway.dll
  for file in "$CEREON_STATE/pids/$role"-*.pid; do
    [[ -e $file ]] || continue
    n="${file##*/"$role"-}"
    n="${n%.pid}"
    if pid="$(proc_pid "$role" "$n")"; then
      if dry "SIGTERM $role $n (pid $pid), SIGKILL after ${STOP_TIMEOUT}s"; then continue; fi
      say "stopping $role $n (pid $pid)"
      pids+=("$pid")
    fi
    ((DRY_RUN)) || rm -f "$file"
  done
  if ((${#pids[@]})); then stop_pids "$STOP_TIMEOUT" "$dll" "${pids[@]}"; fi
}

# wait_ready "ROLE N"...: until each answers 200 on /health/ready; fails fast when one exits, and after
# CEREON_READY_TIMEOUT with the tail of each laggard's log.
wait_ready() {
  local pending=("$@") still item role n started=$SECONDS deadline=$((SECONDS + READY_TIMEOUT)) report=$((SECONDS + 5))
  ((DRY_RUN)) && { dry "wait up to ${READY_TIMEOUT}s for /health/ready: ${pending[*]}"; return 0; }
  say "waiting up to ${READY_TIMEOUT}s for /health/ready on: ${pending[*]}"
  while ((${#pending[@]})); do
    still=()
    for item in "${pending[@]}"; do
      read -r role n <<<"$item"
      proc "$role" "$n"
      if ! proc_pid "$role" "$n" >/dev/null; then
        printf '%s %s exited while starting.\n' "$role" "$n" >&2
        show_log_tail "$P_LOG"
        die "$role $n failed to start"
      fi
      if http_ready "$P_URL"; then
        say "  $role $n ready after $((SECONDS - started))s ($P_URL)"
      else
        still+=("$item")
      fi
    done
    pending=("${still[@]}")
    ((${#pending[@]})) || break
    if ((SECONDS >= deadline)); then
      for item in "${pending[@]}"; do
        read -r role n <<<"$item"
        proc "$role" "$n"
        printf '%s %s: %s/health/ready did not answer 200 within %ss.\n' "$role" "$n" "$P_URL" "$READY_TIMEOUT" >&2
        show_log_tail "$P_LOG"
      done
      die "not ready after ${READY_TIMEOUT}s: ${pending[*]} (processes left running for inspection; scripts/cluster.sh down stops them)"
    fi
    if ((SECONDS >= report)); then
      say "  ... $((SECONDS - started))s, still waiting for: ${pending[*]}"
      report=$((SECONDS + 5))
    fi
    sleep 1
  done
}

# ----------------------------------------------------------------------------------------------------------- commands

cmd_up() {
  local n targets=()
  if dry "$SERVICES install && $SERVICES start"; then :; else
    "$SERVICES" install
    "$SERVICES" start
  fi
  ensure_state_dir
  if [[ ! -f $SILO_DLL || ! -f $GATEWAY_DLL ]]; then
    if dry "(cd $CEREON_REPO && dotnet build Cereon.Orleans.sln -c Release)"; then :; else
      say "building Release (the silo or gateway dll is missing)"
      (cd "$CEREON_REPO" && dotnet build Cereon.Orleans.sln -c Release -nologo -clp:ErrorsOnly) || die "build failed"
    fi
  fi
  migrate
  for ((n = 1; n <= SILOS; n++)); do start_proc silo "$n"; targets+=("silo $n"); done
  for ((n = 1; n <= GATEWAYS; n++)); do start_proc gateway "$n"; targets+=("gateway $n"); done
  wait_ready "${targets[@]}"
  ((DRY_RUN)) && return 0
  say "cluster is up:"
  cmd_status || true
}

migrate() {
  local -a env_vars=()
  services_env
  env_vars=("${SERVICES_ENV[@]}")
  # A throwaway port, in case the migration host ever brings Kestrel up.
  env_vars+=(Cereon__Storage__Provider=postgres "ASPNETCORE_URLS=http://127.0.0.1:0" "Urls=http://127.0.0.1:0")
  local log="$CEREON_STATE/logs/migrate.log"
  if dry "(cd $(quoted "$SILO_DIR") && env $(quoted "${env_vars[@]}") dotnet $(quoted "$SILO_DLL") migrate) >>$(quoted "$log")"; then
    return 0
  fi
  say "migrating the schema (log $log)"
  printf '===== migrate at %s =====\n' "$(date -Is)" >>"$log"
  local rc=0
  (cd "$SILO_DIR" && timeout "$MIGRATE_TIMEOUT" env "${env_vars[@]}" dotnet "$SILO_DLL" migrate) >>"$log" 2>&1 </dev/null || rc=$?
  if ((rc != 0)); then
    show_log_tail "$log"
    if ((rc == 124)); then
      die "schema migration (dotnet Cereon.Silo.dll migrate) did not finish within ${MIGRATE_TIMEOUT}s; nothing else was started"
    fi
    die "schema migration (dotnet Cereon.Silo.dll migrate) failed with exit code $rc; nothing else was started"
  fi
  say "schema migrated"
}

cmd_down() {
  stop_procs gateway
  stop_procs silo
  if dry "$SERVICES stop"; then return 0; fi
  "$SERVICES" stop
}

cmd_status() {
  local role n pid state all=0
  "$SERVICES" status || all=3
  for role in silo gateway; do
    local count=$SILOS
    [[ $role == gateway ]] && count=$GATEWAYS
    for ((n = 1; n <= count; n++)); do
      proc "$role" "$n"
      pid="$(proc_pid "$role" "$n")" || pid=""
      if [[ -n $pid ]] && http_ready "$P_URL"; then state=up; else state=down all=3; fi
      printf '%s %s %s %s\n' "$role" "${pid:--}" "$P_URL" "$state"
    done
  done
  return "$all"
}

cmd_kill() {
  local role=$1 n=$2 pid
  case "$role" in
    silo | gateway) pid="$(proc_pid "$role" "$n")" || die "$role $n is not running" ;;
    redis | postgres) pid="$("$SERVICES" pid "$role")" || die "$role is not running" ;;
  esac
  if dry "SIGKILL $role $n (pid $pid)"; then return 0; fi
  kill -KILL "$pid"
  say "killed $role $n (pid $pid) with SIGKILL"
}

cmd_restart() {
  local role=$1 n=$2 pid dll
  case "$role" in
    silo | gateway)
      if pid="$(proc_pid "$role" "$n")"; then
        [[ $role == silo ]] && dll=Cereon.Silo.dll || dll=Cereon.Gateway.dll
        if ! dry "SIGTERM $role $n (pid $pid), SIGKILL after ${STOP_TIMEOUT}s"; then
          say "stopping $role $n (pid $pid)"
          stop_pids "$STOP_TIMEOUT" "$dll" "$pid"
        fi
      fi
      start_proc "$role" "$n"
      wait_ready "$role $n"
      ;;
    redis | postgres)
      if dry "$SERVICES stop $role && $SERVICES start $role"; then return 0; fi
      "$SERVICES" stop "$role"
      "$SERVICES" start "$role"
      ;;
  esac
}

# parse_target ROLE [N]: validates a kill/restart target; prints "ROLE N".
parse_target() {
  local role=${1:-} n=${2:-} count
  case "$role" in
    silo) count=$SILOS ;;
    gateway) count=$GATEWAYS ;;
    redis | postgres) count=1 n=${n:-1} ;;
    "") usage_error "missing <role> (silo, gateway, redis or postgres)" ;;
    *) usage_error "unknown role '$role' (silo, gateway, redis or postgres)" ;;
  esac
  [[ -n $n ]] || usage_error "missing <n> for $role (1..$count)"
  if ! [[ $n =~ ^[1-9][0-9]*$ ]] || ((n > count)); then
    usage_error "$role number must be 1..$count, got '$n'"
  fi
  printf '%s %s\n' "$role" "$n"
}

main() {
  local role n target
  while [[ ${1:-} == -* ]]; do
    case "$1" in
      --dry-run | -n) DRY_RUN=1 ;;
      -h | --help) usage 0 ;;
      *) usage_error "unknown option '$1'" ;;
    esac
    shift
  done
  case "${1:-}" in
    up | down | status)
      (($# == 1)) || usage_error "'$1' takes no arguments"
      "cmd_$1"
      ;;
    kill | restart)
      (($# >= 2 && $# <= 3)) || usage_error "usage: $1 <role> <n>"
      target="$(parse_target "${2:-}" "${3:-}")"
      read -r role n <<<"$target"
      "cmd_$1" "$role" "$n"
      ;;
    help) usage 0 ;;
    "") usage_error "missing command" ;;
    *) usage_error "unknown command '$1'" ;;
  esac
}

main "$@"

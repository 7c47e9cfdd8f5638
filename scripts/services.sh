#!/usr/bin/env bash
# The local cluster's private Redis and PostgreSQL, kept under the state dir and listening on 127.0.0.1 only.
#
#   scripts/services.sh install                 apt-get installs redis-server and PostgreSQL when their binaries are missing,
#                                               nginx and kubectl (kubernetes-client) for the deployment tests,
#                                               chromium for the browser tests, and wrk for the bench
#   scripts/services.sh start [redis|postgres]  starts them (no-op for what already runs); creates database "cereon"
#   scripts/services.sh stop [redis|postgres]   stops them
#   scripts/services.sh status                  one line each: <role> <pid|-> <url> <up|down>; exit 0 when all up, 3 if not
#   scripts/services.sh env                     the export lines silos and gateways need
#   scripts/services.sh pid redis|postgres      the pid, or exit 1 when it is not running
#
# Settings (environment):
#   CEREON_STATE_DIR        state dir (default <repo>/.cluster): redis/, pg/, pg-run/, logs/, pids/
#   CEREON_REDIS_PORT       Redis port (default 6390)
#   CEREON_PG_PORT          PostgreSQL port (default 5440)
#   CEREON_PG_DATABASE      database created at start (default cereon)
#   CEREON_PG_POOL_SIZE     "Maximum Pool Size" in the printed connection string (default 20)
#   CEREON_PG_BIN           PostgreSQL server binaries (default /usr/lib/postgresql/15/bin, else the newest installed)
#   CEREON_SERVICE_TIMEOUT  seconds to wait for a start or stop (default 30)
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

REDIS_PORT="${CEREON_REDIS_PORT:-6390}"
PG_PORT="${CEREON_PG_PORT:-5440}"
PG_DATABASE="${CEREON_PG_DATABASE:-cereon}"
PG_POOL_SIZE="${CEREON_PG_POOL_SIZE:-20}"
TIMEOUT="${CEREON_SERVICE_TIMEOUT:-30}"
require_port CEREON_REDIS_PORT "$REDIS_PORT"
require_port CEREON_PG_PORT "$PG_PORT"
require_uint CEREON_PG_POOL_SIZE "$PG_POOL_SIZE"
require_uint CEREON_SERVICE_TIMEOUT "$TIMEOUT"
[[ $PG_DATABASE =~ ^[a-z_][a-z0-9_]*$ ]] || die "CEREON_PG_DATABASE must be a plain lower-case identifier, got '$PG_DATABASE'"

REDIS_DIR="$CEREON_STATE/redis"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$CEREON_STATE/pids/redis.pid"
REDIS_LOG="$CEREON_STATE/logs/redis.log"
PG_DATA="$CEREON_STATE/pg"
PG_SOCKET_DIR="$CEREON_STATE/pg-run"
PG_LOG="$CEREON_STATE/logs/postgres.log"
PG_USER=postgres

# ---------------------------------------------------------------------------------------------------------- helpers

# pg_bin: the directory holding initdb/pg_ctl/postgres, or nothing when no server is installed.
pg_bin() {
  if [[ -n ${CEREON_PG_BIN:-} ]]; then
    printf '%s\n' "$CEREON_PG_BIN"
  elif [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
    printf '%s\n' /usr/lib/postgresql/15/bin
  else
    # The newest installed server, by version.
    local dir
    { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null || true; } | sort -V |
      while read -r dir; do
        if [[ -x $dir/pg_ctl && -x $dir/initdb ]]; then printf '%s\n' "$dir"; fi
      done | tail -n 1
  fi
}

# as_pg CMD...: runs CMD as the postgres OS user (initdb and postgres refuse root), from / so that it never trips over
# an unreadable working directory. A non-root developer runs it as themselves.
as_pg() {
  if ((EUID == 0)); then
    (cd / && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

# own_pg PATH...: hands PATHs to the postgres OS user (when we are root).
own_pg() {
  if ((EUID == 0)); then chown "$PG_USER:$PG_USER" "$@"; fi
}

redis_pid() {
  read_pidfile "$REDIS_PIDFILE" redis-server
}

redis_ping() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

pg_pid() {
  [[ -r $PG_DATA/postmaster.pid ]] || return 1
  read_pidfile "$PG_DATA/postmaster.pid" "$PG_DATA"
}

pg_ready() {
  local bin
  bin="$(pg_bin)"
  [[ -n $bin && -x $bin/pg_isready ]] || bin=/usr/bin
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U "$PG_USER" 2>/dev/null
}

pg_psql() {
  local bin
  bin="$(pg_bin)"
  [[ -n $bin && -x $bin/psql ]] || bin=/usr/bin
  "$bin/psql" -X -q -w -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$@"
}

# sql_quote TEXT: TEXT as the inside of a single-quoted PostgreSQL configuration or SQL literal.
sql_quote() {
  printf '%s' "${1//\'/\'\'}"
}

# ---------------------------------------------------------------------------------------------------------- install

cmd_install() {
  local need_redis=0 need_server=0 need_client=0 need_browser=0 bin tool pkgs=()
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then need_redis=1; fi
  if ! command -v chromium >/dev/null; then need_browser=1; fi
  bin="$(pg_bin)"
  if [[ -z $bin ]]; then
    need_server=1
  else
    for tool in initdb pg_ctl postgres; do [[ -x $bin/$tool ]] || need_server=1; done
  fi
  for tool in psql pg_dump pg_restore pg_isready; do command -v "$tool" >/dev/null || need_client=1; done
  # Tests/Deployment: nginx in front of the local cluster, and `kubectl kustomize` to render k8s/.
  local need_nginx=0 need_kubectl=0
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_nginx=1
  command -v kubectl >/dev/null || need_kubectl=1
  # bench/: wrk drives the cached-read rows.
  local need_wrk=0
  command -v wrk >/dev/null || need_wrk=1

  if ((need_redis + need_server + need_client + need_nginx + need_kubectl + need_browser + need_wrk == 0)); then
    say "services: redis-server, PostgreSQL ($bin), nginx, kubectl, chromium and wrk are already installed"
    return 0
  fi
  ((EUID == 0)) || die "installing packages needs root: sudo $0 install"

  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  if ((need_redis)); then pkgs+=(redis-server redis-tools); fi
  if ((need_server)); then
    if apt-cache show postgresql-15 >/dev/null 2>&1; then pkgs+=(postgresql-15); else pkgs+=(postgresql); fi
  fi
  if ((need_server || need_client)); then
    if apt-cache show postgresql-client-15 >/dev/null 2>&1; then pkgs+=(postgresql-client-15); else pkgs+=(postgresql-client); fi
  fi
  if ((need_nginx)); then pkgs+=(nginx); fi
  if ((need_kubectl)); then pkgs+=(kubernetes-client); fi
  if ((need_browser)); then pkgs+=(chromium); fi
  if ((need_wrk)); then pkgs+=(wrk); fi
  say "services: apt-get install -y ${pkgs[*]}"
  apt-get install -y --no-install-recommends "${pkgs[@]}"
  [[ -n "$(pg_bin)" ]] || die "PostgreSQL server binaries are still missing under /usr/lib/postgresql after install"
}

# ------------------------------------------------------------------------------------------------------------ redis

start_redis() {
  local pid i
  if pid="$(redis_pid)"; then
    say "redis already running (pid $pid, 127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  command -v redis-server >/dev/null || die "redis-server is not installed: $0 install"
  if port_in_use "$REDIS_PORT"; then
    die "127.0.0.1:$REDIS_PORT is already taken by another process; pick another port with CEREON_REDIS_PORT"
  fi
  mkdir -p "$REDIS_DIR"
  # Regenerated at every start so that port changes take effect; the append-only file stays in $REDIS_DIR.
  cat >"$REDIS_CONF" <<EOF
# Written by scripts/services.sh; regenerated at every start.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile "$REDIS_PIDFILE"
logfile "$REDIS_LOG"
dir "$REDIS_DIR"
save ""
appendonly yes
EOF
  rm -f "$REDIS_PIDFILE"
  redis-server "$REDIS_CONF" || die "redis-server failed to start; see $REDIS_LOG"
  for ((i = 0; i < TIMEOUT * 5; i++)); do
    if pid="$(redis_pid)" && redis_ping; then
      say "redis started (pid $pid, 127.0.0.1:$REDIS_PORT, data $REDIS_DIR)"
      return 0
    fi
    sleep 0.2
  done
  tail -n 20 "$REDIS_LOG" >&2 || true
  die "redis did not answer PING on 127.0.0.1:$REDIS_PORT within ${TIMEOUT}s"
}

stop_redis() {
  local pid
  if ! pid="$(redis_pid)"; then
    say "redis not running"
    rm -f "$REDIS_PIDFILE"
    return 0
  fi
  stop_pids "$TIMEOUT" redis-server "$pid"
  rm -f "$REDIS_PIDFILE"
  say "redis stopped (pid $pid)"
}

# ------------------------------------------------------------------------------------------------------- postgresql

init_postgres() {
  local bin=$1
  getent passwd "$PG_USER" >/dev/null || ((EUID != 0)) || die "OS user '$PG_USER' does not exist: $0 install"
  mkdir -p "$PG_DATA"
  chmod 700 "$PG_DATA"
  own_pg "$PG_DATA"
  as_pg test -w "$PG_DATA" ||
    die "the $PG_USER OS user cannot reach $PG_DATA (is a parent directory closed to others?); set CEREON_STATE_DIR, e.g. /var/tmp/cereon"
  say "postgres: initdb $PG_DATA"
  as_pg "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --no-locale --no-instructions \
    >"$CEREON_STATE/logs/initdb.log" 2>&1 ||
    { tail -n 20 "$CEREON_STATE/logs/initdb.log" >&2; die "initdb failed; see $CEREON_STATE/logs/initdb.log"; }
  # Only the unix socket and 127.0.0.1, both trusted: this server is private to the local cluster.
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# Written by scripts/services.sh: a private, loopback-only server.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
  printf "\n# Added by scripts/services.sh\ninclude_if_exists = 'cereon.conf'\n" >>"$PG_DATA/postgresql.conf"
  own_pg "$PG_DATA/pg_hba.conf"
}

start_postgres() {
  local bin pid
  bin="$(pg_bin)"
  [[ -n $bin && -x $bin/pg_ctl ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql: $0 install"
  if pid="$(pg_pid)" && pg_ready; then
    say "postgres already running (pid $pid, 127.0.0.1:$PG_PORT)"
    ensure_database
    return 0
  fi
  # A unix socket path is limited to 107 bytes.
  if ((${#PG_SOCKET_DIR} + ${#PG_PORT} + 10 > 107)); then
    die "state dir path too long for a unix socket ($PG_SOCKET_DIR); set a shorter CEREON_STATE_DIR"
  fi
  mkdir -p "$PG_SOCKET_DIR"
  chmod 755 "$PG_SOCKET_DIR"
  own_pg "$PG_SOCKET_DIR"
  if [[ ! -s $PG_DATA/PG_VERSION ]]; then init_postgres "$bin"; fi
  # Regenerated at every start so that port and path changes take effect.
  cat >"$PG_DATA/cereon.conf" <<EOF
# Written by scripts/services.sh; regenerated at every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$(sql_quote "$PG_SOCKET_DIR")'
max_connections = 100
EOF
  own_pg "$PG_DATA/cereon.conf"
  if ! pid="$(pg_pid)" && port_in_use "$PG_PORT"; then
    die "127.0.0.1:$PG_PORT is already taken by another process; pick another port with CEREON_PG_PORT"
  fi
  touch "$PG_LOG"
  own_pg "$PG_LOG"
  # After a crash (say a fault drill's SIGKILL) the old postmaster can take a moment to be reaped and its children to
  # let go of shared memory; PostgreSQL refuses to start until then, so wait for it, and retry a few times.
  local stale="" i attempt
  if [[ -r $PG_DATA/postmaster.pid ]]; then read -r stale <"$PG_DATA/postmaster.pid" || true; fi
  if [[ $stale =~ ^[0-9]+$ ]]; then
    for ((i = 0; i < 50; i++)); do
      kill -0 "$stale" 2>/dev/null || break
      sleep 0.2
    done
  fi
  for attempt in 1 2 3; do
    if as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$TIMEOUT" -s start; then break; fi
    if ((attempt == 3)); then
      tail -n 20 "$PG_LOG" >&2 || true
      die "PostgreSQL did not start; see $PG_LOG"
    fi
    warn "PostgreSQL did not start (attempt $attempt of 3); retrying in 2s"
    sleep 2
  done
  for ((i = 0; i < TIMEOUT * 5; i++)); do
    if pid="$(pg_pid)" && pg_ready; then
      say "postgres started (pid $pid, 127.0.0.1:$PG_PORT, data $PG_DATA)"
      ensure_database
      return 0
    fi
    sleep 0.2
  done
  tail -n 20 "$PG_LOG" >&2 || true
  die "PostgreSQL did not accept connections on 127.0.0.1:$PG_PORT within ${TIMEOUT}s"
}

ensure_database() {
  local exists
  exists="$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(sql_quote "$PG_DATABASE")'")" ||
    die "cannot query PostgreSQL on 127.0.0.1:$PG_PORT"
  if [[ $exists != 1 ]]; then
    pg_psql -d postgres -c "CREATE DATABASE \"$PG_DATABASE\"" || die "could not create database $PG_DATABASE"
    say "postgres: created database $PG_DATABASE"
  fi
}

stop_postgres() {
  local bin pid
  bin="$(pg_bin)"
  if ! pid="$(pg_pid)"; then
    say "postgres not running"
    return 0
  fi
  if ! as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t "$TIMEOUT" -s stop; then
    warn "fast shutdown did not finish within ${TIMEOUT}s; using immediate shutdown"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m immediate -w -t "$TIMEOUT" -s stop || stop_pids 5 "$PG_DATA" "$pid"
  fi
  say "postgres stopped (pid $pid)"
}

# ---------------------------------------------------------------------------------------------------------- the rest

status_line() { # role pid-or-empty url up?
  printf '%s %s %s %s\n' "$1" "${2:--}" "$3" "$4"
}

cmd_status() {
  local pid state all=0
  pid="$(redis_pid)" || pid=""
  if [[ -n $pid ]] && redis_ping; then state=up; else state=down all=3; fi
  status_line redis "$pid" "redis://127.0.0.1:$REDIS_PORT" "$state"
  pid="$(pg_pid)" || pid=""
  if [[ -n $pid ]] && pg_ready; then state=up; else state=down all=3; fi
  status_line postgres "$pid" "postgresql://127.0.0.1:$PG_PORT/$PG_DATABASE" "$state"
  return "$all"
}

cmd_env() {
  printf 'export Cereon__Cluster__RedisConnectionString=127.0.0.1:%s\n' "$REDIS_PORT"
  printf "export Cereon__Storage__ConnectionString='Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Maximum Pool Size=%s'\n" \
    "$PG_PORT" "$PG_DATABASE" "$PG_USER" "$PG_POOL_SIZE"
}

which_service() { # all|redis|postgres from an optional argument
  case "${1:-all}" in
    all | redis | postgres) printf '%s\n' "${1:-all}" ;;
    *) usage ;;
  esac
}

main() {
  local cmd="${1:-}" what
  (($# <= 2)) || usage
  case "$cmd" in
    install)
      (($# == 1)) || usage
      cmd_install
      ;;
    start)
      what="$(which_service "${2:-}")"
      ensure_state_dir
      if [[ $what != postgres ]]; then start_redis; fi
      if [[ $what != redis ]]; then start_postgres; fi
      ;;
    stop)
      what="$(which_service "${2:-}")"
      if [[ $what != postgres ]]; then stop_redis; fi
      if [[ $what != redis ]]; then stop_postgres; fi
      ;;
    status)
      (($# == 1)) || usage
      cmd_status
      ;;
    env)
      (($# == 1)) || usage
      cmd_env
      ;;
    pid)
      case "${2:-}" in
        redis) redis_pid ;;
        postgres) pg_pid ;;
        *) usage ;;
      esac
      ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
  esac
}

main "$@"

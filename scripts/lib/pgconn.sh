# shellcheck shell=bash
# Shared by scripts/backup.sh and scripts/restore.sh. Sourced, never run; expects `set -euo pipefail`.
#
# pg_connection_from_env: settles which PostgreSQL server and database to use and exports it as libpq's variables
# (PGHOST, PGPORT, PGUSER, PGDATABASE, and PGPASSWORD when a password is known), so that pg_dump, pg_restore and psql
# all agree. For each setting, first match wins:
#   1. PGHOST / PGPORT / PGUSER / PGDATABASE / PGPASSWORD already in the environment (or ~/.pgpass for passwords);
#   2. the same key in Cereon__Storage__ConnectionString, the silos' Npgsql connection string
#      (Host|Server, Port, Database|DB, Username|User Name|User ID|User|UID, Password|PWD; values must not contain ';');
#   3. the local cluster of scripts/services.sh: 127.0.0.1, ${CEREON_PG_PORT:-5440}, postgres, cereon.
pg_connection_from_env() {
  local cs="${Cereon__Storage__ConnectionString:-}" part key value
  local host="" port="" db="" user="" password=""
  local -a parts=()
  if [[ -n $cs ]]; then
    IFS=';' read -r -a parts <<<"$cs"
    for part in "${parts[@]}"; do
      [[ $part == *=* ]] || continue
      key="${part%%=*}"
      value="${part#*=}"
      key="${key//[[:space:]]/}"
      key="${key,,}"
      value="${value#"${value%%[![:space:]]*}"}"
      value="${value%"${value##*[![:space:]]}"}"
      case "$key" in
        host | server) host="$value" ;;
        port) port="$value" ;;
        database | db) db="$value" ;;
        username | userid | user | uid) user="$value" ;;
        password | pwd | psw) password="$value" ;;
        *) ;;
      esac
    done
  fi
  export PGHOST="${PGHOST:-${host:-127.0.0.1}}"
  export PGPORT="${PGPORT:-${port:-${CEREON_PG_PORT:-5440}}}"
  export PGUSER="${PGUSER:-${user:-postgres}}"
  export PGDATABASE="${PGDATABASE:-${db:-cereon}}"
  if [[ -z ${PGPASSWORD:-} && -n $password ]]; then
    export PGPASSWORD="$password"
  fi
}

# pg_target: the connection, for messages (never the password).
pg_target() {
  printf '%s@%s:%s/%s' "$PGUSER" "$PGHOST" "$PGPORT" "$PGDATABASE"
}

# backup_dir_default: ${BACKUP_DIR:-<state dir>/backups}, the state dir being scripts/services.sh's.
backup_dir_default() {
  local repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  printf '%s\n' "${BACKUP_DIR:-${CEREON_STATE_DIR:-$repo/.cluster}/backups}"
}

# toc_summary TOC_FILE: what a dump holds, from `pg_restore --list` output: entry counts by kind and the tables with data.
toc_summary() {
  local toc=$1 tables
  # Entry lines look like "215; 1259 16386 TABLE DATA public cards postgres"; comment lines start with ';'. The kind
  # is the run of upper-case words after the three numbers.
  awk '/^[0-9]+;/ { kind = ""; for (i = 4; i <= NF && $i ~ /^[A-Z]+$/; i++) kind = kind (kind == "" ? "" : " ") $i; n[kind]++ }
       END { for (k in n) printf "  %5d %s\n", n[k], k }' "$toc" | sort -k1,1nr -k2
  tables="$(sed -nE 's/^[0-9]+; [0-9]+ [0-9]+ TABLE DATA ([^ ]+) ([^ ]+) .*/\1.\2/p' "$toc" | paste -sd ' ' -)"
  printf '  tables with data: %s\n' "${tables:-(none)}"
}

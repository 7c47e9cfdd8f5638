#!/usr/bin/env bash
# Restores a dump written by scripts/backup.sh into the Cereon PostgreSQL database.
#
#   scripts/restore.sh [DUMP]     DUMP defaults to the newest cereon_*.dump in BACKUP_DIR
#
# Runs pg_restore --clean --if-exists --no-owner --single-transaction: every object in the dump is dropped and
# recreated in one transaction, so a failure leaves the database exactly as it was. Objects that are not in the dump
# are left alone. Stop the silos first (scripts/cluster.sh kill/restart, or down) so none writes during the restore.
# Prints what it restored; exits non-zero, saying why, when the dump is missing or unreadable or the restore fails.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD   the database; else Cereon__Storage__ConnectionString; else the local
#                                                cluster: 127.0.0.1:${CEREON_PG_PORT:-5440}, user postgres, db cereon
#   BACKUP_DIR    where to look for the newest dump (default ${CEREON_STATE_DIR:-<repo>/.cluster}/backups)
#   PG_RESTORE    the client program (default pg_restore from PATH)
set -euo pipefail
# shellcheck source=scripts/lib/pgconn.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/pgconn.sh"

die() {
  printf 'restore.sh: %s\n' "$*" >&2
  exit 1
}

(($# <= 1)) || die "expected at most one argument, the dump to restore (see --help)"
case "${1:-}" in
  -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  -*) die "unknown option '$1' (see --help)" ;;
  *) ;;
esac

PG_RESTORE="${PG_RESTORE:-pg_restore}"
command -v "$PG_RESTORE" >/dev/null || die "$PG_RESTORE not found (apt-get install -y postgresql-client)"
pg_connection_from_env

dump="${1:-}"
if [[ -z $dump ]]; then
  backup_dir="$(backup_dir_default)"
  [[ -d $backup_dir ]] || die "no dump given and no backup dir $backup_dir"
  dump="$(find "$backup_dir" -maxdepth 1 -type f -name 'cereon_*.dump' -printf '%f\n' |
    grep -E '^cereon_[0-9]{8}_[0-9]{6}\.dump$' | LC_ALL=C sort | tail -n 1 || true)"
  [[ -n $dump ]] || die "no dump given and no cereon_YYYYmmdd_HHMMSS.dump in $backup_dir"
  dump="$backup_dir/$dump"
fi
[[ -f $dump && -r $dump ]] || die "dump not found or not readable: $dump"

toc="$(mktemp)"
trap 'rm -f "$toc"' EXIT
"$PG_RESTORE" --list "$dump" >"$toc" 2>/dev/null ||
  die "$dump is not a readable pg_dump custom-format archive (pg_restore --list failed)"

printf 'restore: %s -> %s (clean, single transaction)\n' "$dump" "$(pg_target)"
started=$SECONDS
if ! "$PG_RESTORE" --dbname="$PGDATABASE" --no-password --clean --if-exists --no-owner --single-transaction \
  --exit-on-error "$dump"; then
  die "pg_restore into $(pg_target) failed; the transaction was rolled back and the database is unchanged"
fi
printf 'restore: restored %s into %s in %ss:\n' "$dump" "$(pg_target)" "$((SECONDS - started))"
toc_summary "$toc"

# The restored live card streams are behind what clients may have seen since the dump: give each a new epoch, so a
# client's resume point from before the restore is answered with the current snapshot ("recovered": false) instead
# of being trusted, and running silos pick the new epoch up on their next append.
if psql --dbname="$PGDATABASE" --no-password -v ON_ERROR_STOP=1 -qtA -c \
  "SELECT to_regclass('public.cereon_live_streams') IS NOT NULL" | grep -qx t; then
  psql --dbname="$PGDATABASE" --no-password -v ON_ERROR_STOP=1 -q -c \
    "UPDATE cereon_live_streams SET epoch = substr(md5(random()::text || clock_timestamp()::text), 1, 12), updated_at = now()" ||
    die "restored, but could not start new epochs for the live card streams"
  printf 'restore: live card streams start new epochs\n'
fi

#!/usr/bin/env bash
# Backs up the Cereon PostgreSQL database with pg_dump in custom format, checks the dump, and prunes old ones.
#
#   scripts/backup.sh
#
# Writes ${BACKUP_DIR}/cereon_YYYYmmdd_HHMMSS.dump (pg_dump -Fc, mode 600), verifies it with `pg_restore --list`,
# then deletes dumps older than RETENTION_DAYS (by the time stamp in their names), always keeping the newest one.
# Exits non-zero, saying why, when the dump or its check fails; a failed backup never prunes anything.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD   the database; else Cereon__Storage__ConnectionString; else the local
#                                                cluster: 127.0.0.1:${CEREON_PG_PORT:-5440}, user postgres, db cereon
#   BACKUP_DIR       where dumps go (default ${CEREON_STATE_DIR:-<repo>/.cluster}/backups)
#   RETENTION_DAYS   dumps older than this many days are deleted (default 30; 0 keeps only the newest)
#   PG_DUMP PG_RESTORE   the client programs (default pg_dump, pg_restore from PATH)
set -euo pipefail
# shellcheck source=scripts/lib/pgconn.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/pgconn.sh"

die() {
  printf 'backup.sh: %s\n' "$*" >&2
  exit 1
}

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unexpected argument '$1' (see --help)" ;;
esac

RETENTION_DAYS="${RETENTION_DAYS:-30}"
[[ $RETENTION_DAYS =~ ^[0-9]+$ ]] || die "RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'"
PG_DUMP="${PG_DUMP:-pg_dump}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
command -v "$PG_DUMP" >/dev/null || die "$PG_DUMP not found (apt-get install -y postgresql-client, or scripts/services.sh install)"
command -v "$PG_RESTORE" >/dev/null || die "$PG_RESTORE not found (apt-get install -y postgresql-client)"

pg_connection_from_env
backup_dir="$(backup_dir_default)"
umask 077
mkdir -p "$backup_dir" || die "cannot create backup dir $backup_dir"

# One backup at a time per directory.
exec 9>"$backup_dir/.backup.lock"
flock -n 9 || die "another backup is running in $backup_dir"

# Names carry the time stamp retention goes by; never overwrite one.
for _ in 1 2 3; do
  stamp="$(date +%Y%m%d_%H%M%S)"
  dump="$backup_dir/cereon_$stamp.dump"
  [[ -e $dump ]] || break
  sleep 1
done
[[ ! -e $dump ]] || die "$dump already exists"

partial="$backup_dir/.cereon_$stamp.dump.partial"
toc="$(mktemp)"
trap 'rm -f "$partial" "$toc"' EXIT

printf 'backup: %s -> %s\n' "$(pg_target)" "$dump"
started=$SECONDS
"$PG_DUMP" --format=custom --no-password --file="$partial" ||
  die "pg_dump of $(pg_target) failed; nothing was written or pruned"
"$PG_RESTORE" --list "$partial" >"$toc" ||
  die "the new dump does not read back with pg_restore --list; kept nothing, pruned nothing"
grep -qE '^[0-9]+;' "$toc" || die "the new dump lists no entries; kept nothing, pruned nothing"
mv -- "$partial" "$dump"

printf 'backup: wrote %s (%s bytes in %ss), verified with pg_restore --list:\n' \
  "$dump" "$(stat -c %s "$dump")" "$((SECONDS - started))"
toc_summary "$toc"

# Retention: by the name's time stamp (robust to copies that reset mtime); the newest dump always stays.
cutoff="$(date -d "$RETENTION_DAYS days ago" +%Y%m%d_%H%M%S)"
mapfile -t dumps < <(find "$backup_dir" -maxdepth 1 -type f -name 'cereon_*.dump' -printf '%f\n' |
  grep -E '^cereon_[0-9]{8}_[0-9]{6}\.dump$' | LC_ALL=C sort || true)
pruned=0
for ((i = 0; i < ${#dumps[@]} - 1; i++)); do
  name="${dumps[i]}"
  when="${name#cereon_}"
  when="${when%.dump}"
  if [[ $when < $cutoff ]]; then
    rm -f -- "${backup_dir:?}/$name"
    printf 'backup: pruned %s (older than %s days)\n' "$name" "$RETENTION_DAYS"
    pruned=$((pruned + 1))
  fi
done
printf 'backup: done; %d dump(s) kept in %s, %d pruned\n' "$((${#dumps[@]} - pruned))" "$backup_dir" "$pruned"

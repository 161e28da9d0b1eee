#!/bin/sh
# The seed's nightly backup (backup_db.sh at 02:00 UTC), as one nbamcp command. Install with
# commands/cron/nbamcp-backup.cron. Writes ONE line per run to stdout (cron mails or logs it):
#   2026-11-27T02:00:04Z nbamcp-backup exit=0 backup 20261127T020000.123Z-nbamcp of nbamcp complete: ...
# and exits with nbamcp's status: 0 backed up, 1 failed (nothing stored), 2 bad config,
# 4 another backup of the database is running. Extra arguments go to `backup create`
# (e.g. --all to include MLflow's database).
set -u
out=$(nbamcp --quiet --no-color backup create --prune "$@" </dev/null 2>&1)
status=$?
# One line, whatever nbamcp printed (several databases with --all, an error on stderr).
printf '%s nbamcp-backup exit=%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$status" \
  "$(printf '%s' "$out" | tr '\n' ' ' | sed 's/ *$//')"
exit "$status"

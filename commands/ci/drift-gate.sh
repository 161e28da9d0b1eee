#!/bin/sh
# CI step: fail the pipeline when recent features drifted from the training data.
#   commands/ci/drift-gate.sh TRAIN.csv RECENT.csv REPORT.json [more drift check flags...]
#   e.g. commands/ci/drift-gate.sh data/train.csv data/last_week.csv drift.json --categorical team
# Exit 0: no drift; 3: drift (the job fails); 2: bad input. The JSON report is kept as an
# artifact either way. Benjamini-Hochberg keeps false alarms in check across many features.
set -eu
reference=$1 current=$2 report=$3
shift 3
status=0
nbamcp drift check --reference "$reference" --current "$current" --correction bh -o json "$@" >"$report" || status=$?
echo "drift gate: $(grep -o '"drifted": [0-9]*' "$report" 2>/dev/null || echo 'no report'), exit $status" >&2
exit "$status"

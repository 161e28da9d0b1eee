#!/bin/sh
# CI step: fail the pipeline unless nbamcp health says healthy (e.g. before a deploy, after a
# migration).
#   commands/ci/health-gate.sh REPORT.json [COMPONENT...] [more health flags...]
#   e.g. commands/ci/health-gate.sh health.json database mlflow model_registry --timeout 3s
# Exit 0: healthy; 3: degraded or unhealthy (the job fails, the components at fault are named);
# 1: the check could not run; 2: bad configuration. The JSON report is kept as an artifact.
set -u
report=${1:?usage: health-gate.sh REPORT.json [COMPONENT...]}
shift
status=0
nbamcp health --quiet --no-color -o json "$@" </dev/null >"$report" || status=$?
case $status in
0) echo "health gate: healthy ($(grep -o '"healthy_components": [0-9]*' "$report" | grep -o '[0-9]*$')" \
  "of $(grep -o '"total_components": [0-9]*' "$report" | grep -o '[0-9]*$') components)" >&2 ;;
3) # The components that are not healthy, from the report: "name" is followed by its "status".
  faults=$(awk -F'"' '$2 == "name" { name = $4 } $2 == "status" && name != "" && $4 != "healthy" {
      printf "%s%s (%s)", sep, name, $4; sep = ", " }' "$report")
  echo "health gate: FAILED, not healthy: $faults (exit 3; details in $report)" >&2 ;;
1) echo "health gate: the health check could not run (exit 1): see the error above" >&2 ;;
2) echo "health gate: bad configuration or flag (exit 2): see the error above" >&2 ;;
*) echo "health gate: nbamcp health exited $status" >&2 ;;
esac
exit "$status"

#!/usr/bin/env bash
# Fails, listing them, when a build log has compiler warnings in the project's own code (Sources/, Tests/,
# benchmarks/); warnings in the dependencies under .build/ are not ours to fix. `make test` runs it on its build.
#
#   scripts/check-warnings.sh BUILD_LOG
set -euo pipefail
log=${1:?usage: scripts/check-warnings.sh BUILD_LOG}
root=$(cd "$(dirname "$0")/.." && pwd)
warnings=$(grep -E "^($root/)?(Sources|Tests|benchmarks)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u || true)
if [ -n "$warnings" ]; then
    echo "warnings: $(echo "$warnings" | wc -l) in the project's own code (none are allowed):" >&2
    echo "$warnings" >&2
    exit 1
fi
echo "warnings: none in the project's own code"

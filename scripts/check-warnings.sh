#!/bin/sh
# Fails, listing them, if a build log holds warnings in the project's own code (Sources/, Tests/, benchmarks/);
# warnings in dependencies (.build/checkouts) are not ours to fix and are ignored.
#   swift build --build-tests 2>&1 | tee build.log; scripts/check-warnings.sh build.log
set -eu
if [ $# -ne 1 ] || [ ! -r "$1" ]; then
    echo "usage: scripts/check-warnings.sh BUILD_LOG (the output of swift build, saved to a file)" >&2
    exit 2
fi
# A warning's first line is "PATH:LINE:COL: warning: …"; the compiler repeats it in its excerpts, hence sort -u.
found=$(grep -E '^([^ ]*/)?(Sources|Tests|benchmarks)/[^ ]*:[0-9]+:[0-9]+: warning: ' "$1" | grep -v '/\.build/' | sort -u || true)
if [ -n "$found" ]; then
    echo "$found"
    echo "check-warnings: $(printf '%s\n' "$found" | wc -l) warning(s) in the project's own code; fix them." >&2
    exit 1
fi
echo "check-warnings: no warnings in Sources/, Tests/ or benchmarks/."

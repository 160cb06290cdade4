#!/usr/bin/env bash
# Run by `make test` after the tests, with the tag the tests ran under (`ARBOR_TEST_RUN`): fails, naming them, when
# processes the tests started are still running — tmux servers and what runs in their panes, `arbor` processes,
# example environments, test fixtures, browsers. Every process a test starts inherits the tag in its environment
# (tmux passes it on to its panes), so this finds exactly this run's processes and no one else's. It stops them, so
# one failing run does not leave the machine busy.
#
#   scripts/check-leftovers.sh TAG
set -uo pipefail
tag=${1:?usage: scripts/check-leftovers.sh TAG}
leftovers=()
for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qx "ARBOR_TEST_RUN=$tag"; then
        leftovers+=("$pid")
    fi
done
if [ ${#leftovers[@]} -eq 0 ]; then
    echo "leftovers: none (no process started by the tests is still running)"
    exit 0
fi
echo "leftovers: ${#leftovers[@]} processes started by the tests are still running:" >&2
for pid in "${leftovers[@]}"; do
    echo "  $pid $({ tr '\0' ' ' </proc/"$pid"/cmdline; } 2>/dev/null | cut -c1-150)" >&2
done
kill -KILL "${leftovers[@]}" 2>/dev/null
exit 1

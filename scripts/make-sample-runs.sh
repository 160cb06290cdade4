#!/usr/bin/env bash
# Regenerates sample-runs/: small stores a new user can open at once (`arbor replay sample-runs/miniweb.db`).
# Every run uses the built `arbor run` with fixed seeds and the offline agent, so no model or key is needed.
# Small budgets keep each file well under 5 MB. Each file is checkpointed and vacuumed so the .db is self-contained
# (no -wal or -shm file to commit). Set ARBOR to use another build (default: a debug build made here).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${ARBOR:-}" ]]; then
    swift build --product arbor
    ARBOR=.build/debug/arbor
fi
OUT=sample-runs
SMALL=(--tasks 6 --iterations 5 --samples 8 --value-samples 4 --judge-samples 2 --max-steps 5)

rm -f "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm

sql() { sqlite3 "$1" "$2"; }

# The committed leaf of an episode: the node of its last actionCommitted event.
leaf() {
    sql "$1" "SELECT json_extract(payload, '\$.node') FROM events WHERE run = $2 AND episode = $3
              AND kind = 'actionCommitted' ORDER BY seq DESC LIMIT 1"
}

# 1. miniweb.db: R-MCTS with debate over six MiniWeb tasks (run 1), then the same tasks with plain MCTS, no
#    reflection (run 2), so `arbor diff sample-runs/miniweb.db:1 sample-runs/miniweb.db:2` has something to show.
"$ARBOR" run --db "$OUT/miniweb.db" --env miniweb --method rmcts-debate --seed 7 "${SMALL[@]}"
"$ARBOR" run --db "$OUT/miniweb.db" --env miniweb --method mcts --seed 7 "${SMALL[@]}"

# 2. forum.db: R-MCTS with debate on the forum site alone, where the offline agent fails more often.
"$ARBOR" run --db "$OUT/forum.db" --env miniweb:forum --method rmcts-debate --seed 3 "${SMALL[@]}"

# A few annotations, so the annotation list and the exports' label filters have something to show.
DB="$OUT/miniweb.db"
"$ARBOR" annotate "$DB" --run 1 --episode 0 --node "$(leaf "$DB" 1 0)" --path --label good \
    --note "Reached the answer in few steps." --tag sample --author arbor-samples > /dev/null
"$ARBOR" annotate "$DB" --run 1 --episode 2 --node "$(leaf "$DB" 1 2)" --label bad \
    --note "Answered from an unsorted list." --tag sample --author arbor-samples > /dev/null

for db in "$OUT"/*.db; do
    sql "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    sql "$db" "VACUUM;"
    sql "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    rm -f "$db-wal" "$db-shm"
done
ls -l "$OUT"/*.db

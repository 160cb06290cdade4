#!/usr/bin/env bash
# Regenerates sample-runs/: small stores a new user can open at once (`arbor replay sample-runs/miniweb.db`).
#
#   scripts/make-sample-runs.sh [offline] [model]     (default: both)
#
# offline: miniweb.db and forum.db, with the built-in offline agent and fixed seeds (no model or key needed).
# model:   smollm.db, recorded with a real small model (SmolLM2-135M on llama.cpp's server, started with
#          scripts/local-llm, or any OpenAI-compatible endpoint named by ARBOR_LLM_BASE_URL).
# Small budgets keep each file well under 5 MB. Each file is checkpointed and vacuumed so the .db is self-contained
# (no -wal or -shm file to commit). Set ARBOR to use another build (default: a debug build made here).
set -euo pipefail
cd "$(dirname "$0")/.."
PARTS=("${@:-offline model}")
PARTS=(${PARTS[*]})
wants() { [[ " ${PARTS[*]} " == *" $1 "* ]]; }

if [[ -z "${ARBOR:-}" ]]; then
    swift build --product arbor
    ARBOR=.build/debug/arbor
fi
OUT=sample-runs
SMALL=(--tasks 6 --iterations 5 --samples 8 --value-samples 4 --judge-samples 2 --max-steps 5)

sql() { sqlite3 "$1" "$2"; }

# The committed leaf of an episode: the node of its last actionCommitted event.
leaf() {
    sql "$1" "SELECT json_extract(payload, '\$.node') FROM events WHERE run = $2 AND episode = $3
              AND kind = 'actionCommitted' ORDER BY seq DESC LIMIT 1"
}

if wants offline; then
rm -f "$OUT/miniweb.db"* "$OUT/forum.db"*

# 1. miniweb.db: R-MCTS with debate over six MiniWeb tasks (run 1), then the same tasks with plain MCTS, no
#    reflection (run 2), so `arbor diff sample-runs/miniweb.db:1 sample-runs/miniweb.db:2` has something to show.
"$ARBOR" run --db "$OUT/miniweb.db" --env miniweb --method rmcts-debate --seed 7 "${SMALL[@]}"
"$ARBOR" run --db "$OUT/miniweb.db" --env miniweb --method mcts --seed 7 "${SMALL[@]}"

# 2. forum.db: R-MCTS with debate on the forum site alone, where the offline agent fails more often.
"$ARBOR" run --db "$OUT/forum.db" --env miniweb:forum --method rmcts-debate --seed 3 "${SMALL[@]}"

# A few annotations, so the annotation list and the exports' label filters have something to show.
DB="$OUT/miniweb.db"
"$ARBOR" annotate "$DB" --run 1 --episode 1 --node "$(leaf "$DB" 1 0)" --path --label good \
    --note "Reached the answer in few steps." --tag sample --author arbor-samples > /dev/null
"$ARBOR" annotate "$DB" --run 1 --episode 3 --node "$(leaf "$DB" 1 2)" --label bad \
    --note "Answered from an unsorted list." --tag sample --author arbor-samples > /dev/null
fi

# 3. smollm.db: R-MCTS with debate, every role played by a real 135M-parameter model. It rarely writes an action
#    the parser can ground, and its judges seldom vote in the format asked: what a search with a weak model looks
#    like (unparseable samples, unreadable votes, error events), recorded with its prompts and completions.
if wants model; then
    BASE_URL="${ARBOR_LLM_BASE_URL:-}"
    if [[ -z "$BASE_URL" ]]; then
        BASE_URL="$(scripts/local-llm start)"
    fi
    rm -f "$OUT/smollm.db"*
    "$ARBOR" run --db "$OUT/smollm.db" --env miniweb --method rmcts-debate --seed 5 --agent openai \
        --base-url "$BASE_URL" --model smollm2-135m --samples-per-request 4 \
        --tasks 3 --iterations 3 --samples 8 --value-samples 2 --judge-samples 2 --max-steps 3
fi

MADE=()
wants offline && MADE+=("$OUT/miniweb.db" "$OUT/forum.db")
wants model && MADE+=("$OUT/smollm.db")
for db in "${MADE[@]}"; do
    sql "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    sql "$db" "VACUUM;"
    sql "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    rm -f "$db-wal" "$db-shm"
done
ls -l "${MADE[@]}"

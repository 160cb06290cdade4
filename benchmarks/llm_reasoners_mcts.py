#!/usr/bin/env python3
"""The reference for `arbor bench engine`: the MCTS of the Python package llm-reasoners 1.0.2 on the same
synthetic tree Arbor's engine benchmark searches (branching 5, one expansion per iteration, a value for each new
node drawn from a hash of its path, no model calls).

Install it with `pip install --no-deps llm-reasoners==1.0.2 numpy tqdm`. Its base module imports torch and
transformers at import time although its MCTS uses neither, so this script puts empty stand-ins for those two
modules in sys.modules before importing it. R-MCTS evaluates leaves without rollouts, so `_simulate` is made a
no-op, and the value backed up to every ancestor is the new leaf's (`cum_reward` takes the last reward along the
path, as R-MCTS backs up the leaf value); selection (UCT), expansion and back-propagation are the package's own.

Prints one JSON line per tree size: {"nodes": N, "iterations": I, "us_per_iteration": T, "us_per_node": U}.
"""
import json
import sys
import time
import types
import zlib

for name in ("torch", "transformers"):
    stand_in = types.ModuleType(name)
    sys.modules[name] = stand_in
sys.modules["transformers"].StoppingCriteriaList = list

from reasoners import SearchConfig, WorldModel  # noqa: E402
from reasoners.algorithm import MCTS, MCTSNode  # noqa: E402

BRANCHING = 5


def value_of(path: tuple) -> float:
    return (zlib.crc32(repr(path).encode()) % 10_000) / 10_000


class SyntheticWorld(WorldModel):
    def init_state(self):
        return ()

    def step(self, state, action):
        return state + (action,), {}

    def is_terminal(self, state):
        return False


class SyntheticConfig(SearchConfig):
    def get_actions(self, state):
        return list(range(BRANCHING))

    def fast_reward(self, state, action):
        return 0.0, {}

    def reward(self, state, action, **kwargs):
        return value_of(state + (action,)), {}


class RolloutFreeMCTS(MCTS):
    def _simulate(self, path):
        return None


def measure(target_nodes: int, window: int = 1000) -> dict:
    MCTSNode.reset_id()
    mcts = RolloutFreeMCTS(depth_limit=10_000, n_iters=0, disable_tqdm=True, cum_reward=lambda rewards: rewards[-1])
    mcts.world_model = SyntheticWorld()
    mcts.search_config = SyntheticConfig()
    mcts.root = MCTSNode(state=(), action=None, parent=None, calc_q=mcts.calc_q)
    iterations = 0
    # Grow the tree to just below the target, then time a window of iterations around that size.
    while BRANCHING * (iterations + window) + 1 < target_nodes:
        mcts.iterate(mcts.root)
        iterations += 1
    before = next(MCTSNode.id_iter)
    start = time.perf_counter()
    for _ in range(window):
        mcts.iterate(mcts.root)
    elapsed = time.perf_counter() - start
    after = next(MCTSNode.id_iter)
    return {
        "nodes": after,
        "iterations": iterations + window,
        "us_per_iteration": elapsed / window * 1e6,
        "us_per_node": elapsed / max(1, after - before - 1) * 1e6,
    }


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for size in sizes:
        print(json.dumps(measure(size)), flush=True)

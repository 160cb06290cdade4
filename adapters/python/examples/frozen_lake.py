#!/usr/bin/env python3
"""gymnasium's FrozenLake served to Arbor, rendered as text with its actions named.

    pip install gymnasium
    arbor run --env exec:"python3 adapters/python/examples/frozen_lake.py"
    arbor run --env exec:"python3 adapters/python/examples/frozen_lake.py --slippery"
    arbor run --env exec:"python3 adapters/python/examples/frozen_lake.py --screenshots"   # needs pygame, Pillow

Tasks: lake/4x4 and lake/8x8 (gymnasium's maps, train) and lake/random-5/<seed> for seeds 1..3 (test).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import gymnasium  # noqa: E402
from gymnasium.envs.toy_text.frozen_lake import generate_random_map  # noqa: E402

from arbor_env import serve  # noqa: E402
from arbor_env.gym import GymTask, GymTextEnvironment  # noqa: E402

ACTIONS = ["left", "down", "right", "up"]  # FrozenLake's Discrete(4), in order
INTENT = "Walk from the start S to the goal G over the frozen tiles F without falling into a hole H."

GRAMMAR = """One action per turn, the direction alone:
  left | down | right | up      move one tile, e.g. `down`
Moving into the edge leaves you where you are."""


def lake_tasks() -> list:
    tasks = [
        GymTask("lake/4x4", INTENT, "train", seed=0, make={"map_name": "4x4"}),
        GymTask("lake/8x8", INTENT, "train", seed=0, make={"map_name": "8x8"}),
    ]
    for seed in (1, 2, 3):
        board = generate_random_map(size=5, seed=seed)
        tasks.append(GymTask(f"lake/random-5/{seed}", INTENT, "test", seed=seed, make={"desc": board}))
    return tasks


def render(env, observation) -> str:
    """The board with the walker as @, then where it stands."""
    lake = env.unwrapped
    columns = lake.ncol
    row, column = divmod(int(observation), columns)
    lines = []
    for r, tiles in enumerate(lake.desc):
        cells = [t.decode() for t in tiles]
        if r == row:
            cells[column] = "@"
        lines.append(" ".join(cells))
    tile = lake.desc[row][column].decode()
    where = {"S": "the start", "F": "frozen ice", "H": "a hole", "G": "the goal"}[tile]
    lines.append(f"You are at row {row + 1}, column {column + 1}, on {where}.")
    lines.append("Legend: @ you, S start, F frozen, H hole, G goal.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slippery", action="store_true", help="moves sometimes slide sideways")
    parser.add_argument("--screenshots", action="store_true", help="gymnasium's picture of the lake with each observation")
    args = parser.parse_args()

    def make(task: GymTask):
        drawn = {"render_mode": "rgb_array"} if args.screenshots else {}
        return gymnasium.make("FrozenLake-v1", is_slippery=args.slippery, **drawn, **task.make)

    serve(
        GymTextEnvironment(
            make, lake_tasks(), render, name="frozen-lake", action_names=ACTIONS, grammar=GRAMMAR, copyable=True,
            screenshots=args.screenshots,
        )
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A small text adventure served to Arbor: five rooms, a key hidden by the task's seed, a locked study, a goal.

    arbor run --env exec:"python3 adapters/python/examples/text_adventure.py"

Actions: go <direction>, take <item>, drop <item>, unlock door, look, inventory. Tasks: treasure/1..3 (train),
treasure/4..5 (test); the seed in the id decides where the key and the distractors lie and which treasure is wanted.
It supports snapshot/restore, so Arbor backtracks without replaying.
"""

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from arbor_env import Environment, InvalidAction, Outcome, Reset, Step, Task, UnknownTask, serve  # noqa: E402

ROOMS = {
    "hall": ("the hall", "A draughty hall with a dusty chandelier."),
    "kitchen": ("the kitchen", "Copper pans hang over a cold stove."),
    "cellar": ("the cellar", "Damp stone walls and racks of empty bottles."),
    "garden": ("the garden", "An overgrown garden around a dry fountain."),
    "study": ("the study", "Shelves of old books and a heavy desk."),
}
EXITS = {
    "hall": {"north": "garden", "east": "kitchen", "west": "study"},
    "kitchen": {"west": "hall", "down": "cellar"},
    "cellar": {"up": "kitchen"},
    "garden": {"south": "hall"},
    "study": {"east": "hall"},
}
DIRECTIONS = ("north", "south", "east", "west", "up", "down")
TREASURES = ("gem", "coin", "map")
CLUTTER = ("apple", "rope", "lamp", "candle")
TASKS = {f"treasure/{n}": ("train" if n <= 3 else "test") for n in range(1, 6)}

GRAMMAR = """One action per turn:
  go <north|south|east|west|up|down>   move through an exit, e.g. `go north`
  take <item>                          pick up an item here, e.g. `take key`
  drop <item>                          put down an item you carry
  unlock door                          unlock the study door from the hall (needs the key)
  look                                 describe the room again
  inventory                            list what you carry"""


def layout(seed: int) -> dict:
    """The world for a seed: where the key and clutter lie, which treasure is wanted."""
    rng = random.Random(seed)
    goal = TREASURES[seed % len(TREASURES)]
    items = {room: [] for room in ROOMS}
    items[rng.choice(["kitchen", "cellar", "garden"])].append("key")
    for thing in rng.sample(CLUTTER, 2):
        items[rng.choice(["hall", "kitchen", "cellar", "garden"])].append(thing)
    items["study"] = sorted(TREASURES)
    return {"room": "hall", "items": items, "carrying": [], "unlocked": False, "goal": goal, "moves": 0}


class TextAdventure(Environment):
    name = "text-adventure"
    action_verbs = ["go", "take", "drop", "unlock", "look", "inventory"]

    def __init__(self):
        self.state = None

    def describe_actions(self) -> str:
        return GRAMMAR

    def tasks(self, split: str) -> list:
        return [Task(task_id, self.intent(task_id)) for task_id, s in TASKS.items() if s == split]

    def intent(self, task_id: str) -> str:
        return f"Find the {layout(self.seed(task_id))['goal']} and take it."

    @staticmethod
    def seed(task_id) -> int:
        if not isinstance(task_id, str) or task_id not in TASKS:
            raise UnknownTask(f"no task {task_id!r}; the tasks are {', '.join(TASKS)}")
        return int(task_id.split("/")[1])

    def reset(self, task, seed=None) -> Reset:
        self.state = layout(self.seed(task))
        return Reset(observation=self.describe("You step into the house."), task=self.intent(task))

    def step(self, action: str) -> Step:
        if self.state is None:
            raise InvalidAction("reset first: there is no episode")
        words = action.lower().split()
        verb, rest = (words[0], " ".join(words[1:])) if words else ("", "")
        s = self.state
        here = s["items"][s["room"]]
        if verb == "go" and rest in DIRECTIONS:
            target = EXITS[s["room"]].get(rest)
            if target is None:
                message = "You can't go that way."
            elif target == "study" and not s["unlocked"]:
                message = "The oak door is locked."
            else:
                s["room"] = target
                message = f"You go {rest}."
        elif verb in ("take", "drop") and rest:
            source, target = (here, s["carrying"]) if verb == "take" else (s["carrying"], here)
            if rest not in source:
                message = f"There is no {rest} here." if verb == "take" else f"You don't have the {rest}."
            else:
                source.remove(rest)
                target.append(rest)
                message = f"You {verb} the {rest}."
        elif words == ["unlock", "door"]:
            if s["room"] != "hall":
                message = "There is no locked door here."
            elif s["unlocked"]:
                message = "The door is already unlocked."
            elif "key" not in s["carrying"]:
                message = "You need a key."
            else:
                s["unlocked"] = True
                message = "The key turns and the oak door swings open."
        elif words == ["look"]:
            message = ""
        elif words == ["inventory"]:
            message = "You carry: " + (", ".join(s["carrying"]) or "nothing") + "."
        else:
            raise InvalidAction(f"{action!r} is not an action here; try `go north`, `take key` or `look`")
        s["moves"] += 1
        won = s["goal"] in s["carrying"]
        if won:
            message += f" You have the {s['goal']}!"
        return Step(self.describe(message), reward=1.0 if won else 0.0, done=won, info={"moves": s["moves"]})

    def outcome(self) -> Outcome:
        won = self.state is not None and self.state["goal"] in self.state["carrying"]
        return Outcome(success=won, reward=1.0 if won else 0.0)

    def snapshot(self):
        return self.state

    def restore(self, state) -> None:
        self.state = state

    def describe(self, message: str) -> str:
        s = self.state
        title, text = ROOMS[s["room"]]
        exits = []
        for direction, target in EXITS[s["room"]].items():
            locked = target == "study" and not s["unlocked"]
            exits.append(f"{direction} (a locked oak door)" if locked else direction)
        lines = [message] if message else []
        lines += [
            f"You are in {title}. {text}",
            "Exits: " + ", ".join(exits) + ".",
            "You see: " + (", ".join(s["items"][s["room"]]) or "nothing") + ".",
            "You carry: " + (", ".join(s["carrying"]) or "nothing") + ".",
        ]
        return "\n".join(lines)


if __name__ == "__main__":
    serve(TextAdventure())

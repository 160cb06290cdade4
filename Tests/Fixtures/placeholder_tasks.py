#!/usr/bin/env python3
"""The adapter's text adventure with placeholder intents in `tasks` ("treasure/1 (instance)"), so the instruction
reaches Arbor only with `reset`, as MiniWoB's utterance does."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "adapters", "python"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "adapters", "python", "examples"))

from arbor_env import Task, serve  # noqa: E402
from text_adventure import TextAdventure  # noqa: E402


class PlaceholderTasks(TextAdventure):
    def tasks(self, split: str) -> list:
        return [Task(task.id, f"{task.id} (instance)") for task in super().tasks(split)]


if __name__ == "__main__":
    serve(PlaceholderTasks())

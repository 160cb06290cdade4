"""Wrap a gymnasium environment with text observations and discrete or text actions.

gymnasium is imported by your code (to build the environment), never by this module, so `arbor_env` itself stays
standard-library only. Screenshots (`screenshots=True`) need Pillow to write the frames as PNG.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from .environment import Environment, EnvironmentFault, InvalidAction, Outcome, Reset, Step, Task, UnknownTask
from .marks import Mark, draw_marks
from .server import jsonable


@dataclass
class GymTask:
    """One task: how to build the gymnasium environment for it (`make` keyword arguments) and the seed to reset
    it with."""

    id: str
    intent: str
    split: str = "train"
    seed: Optional[int] = None
    make: dict[str, Any] = field(default_factory=dict)


class GymTextEnvironment(Environment):
    """Serves a gymnasium environment to Arbor.

    - `make(task)` builds the gymnasium environment for a `GymTask` (e.g. `gymnasium.make("FrozenLake-v1", ...)`).
    - `render(env, observation)` turns the current state into the text the agent reads.
    - `action_names` names a `Discrete` action space's actions in order; the agent writes a name. Leave it None
      for environments whose actions already are strings.
    - `copyable=True` offers snapshot/restore by deep-copying the environment (fine for toy-text environments;
      leave it off for anything holding a browser or a socket, and Arbor will reset and replay).
    - `success(total_reward, terminated)` is the success check; by default a positive total on termination.
    - `screenshots=True` sends the frame `env.render()` returns with each observation, as a PNG (declared in `hello`
      as `images`): build the environment with `render_mode="rgb_array"`. Each frame replaces the last in a
      temporary folder removed on close.
    - `marks(env)`, with screenshots, draws a set of marks on each frame (`arbor_env.marks`): it returns a `Mark`
      (ref and box in the frame's pixels) for each element the text observation names by ref, and each gets a
      numbered box, so a vision model can name the element it sees. For environments whose text has refs.
    """

    def __init__(
        self,
        make: Callable[[GymTask], Any],
        tasks: Sequence[GymTask],
        render: Callable[[Any, Any], str],
        *,
        name: str = "gym",
        action_names: Optional[Sequence[str]] = None,
        grammar: Optional[str] = None,
        copyable: bool = False,
        success: Callable[[float, bool], bool] = lambda total, terminated: terminated and total > 0,
        screenshots: bool = False,
        marks: Optional[Callable[[Any], Sequence[Mark]]] = None,
    ):
        if marks is not None and not screenshots:
            raise ValueError("marks are drawn on screenshots: pass screenshots=True with marks")
        self.name = name
        self._make = make
        self._tasks = {task.id: task for task in tasks}
        self._render = render
        self._action_names = [a.lower() for a in action_names] if action_names is not None else None
        self._grammar = grammar
        self._copyable = copyable
        self._success = success
        self.env: Any = None
        self._total = 0.0
        self._terminated = False
        self._done = False
        self.images = screenshots
        self._marks = marks
        self._frames: Optional[str] = None
        self._frame: Optional[str] = None
        self._count = 0

    def screenshot(self) -> list[str]:
        """The current frame as a PNG file, in a list as `images` wants; none without `screenshots`."""
        if not self.images:
            return []
        frame = self.env.render()
        if frame is None:
            raise EnvironmentFault(
                "screenshots=True but env.render() returned nothing: make the environment with render_mode='rgb_array'"
            )
        try:
            from PIL import Image
        except ImportError:
            raise EnvironmentFault("screenshots need Pillow to write PNG files: python3 -m pip install pillow") from None
        if self._frames is None:
            self._frames = tempfile.mkdtemp(prefix="arbor-frames-")
        if self._frame is not None and os.path.exists(self._frame):
            os.remove(self._frame)
        self._count += 1
        self._frame = os.path.join(self._frames, f"frame-{self._count}.png")
        image = Image.fromarray(frame)
        if self._marks is not None:
            image = image.convert("RGB")
            draw_marks(image, self._marks(self.env))
        image.save(self._frame, format="PNG")
        return [self._frame]

    def describe_actions(self) -> str:
        if self._grammar:
            return self._grammar
        if self._action_names is not None:
            return "One of: " + ", ".join(self._action_names) + ". Write the action's name alone, e.g. `" + (
                self._action_names[0] + "`."
            )
        return "Write the action as text."

    def tasks(self, split: str) -> list[Task]:
        return [Task(t.id, t.intent) for t in self._tasks.values() if t.split == split]

    def reset(self, task, seed=None) -> Reset:
        spec = self._tasks.get(task) if isinstance(task, str) else None
        if spec is None:
            raise UnknownTask(f"no task {task!r}; known tasks: {', '.join(self._tasks)}")
        if self.env is not None:
            self.env.close()
        self.env = self._make(spec)
        chosen = spec.seed if spec.seed is not None else seed
        observation, _ = self.env.reset(seed=chosen)
        self._total, self._terminated, self._done = 0.0, False, False
        return Reset(observation=self._render(self.env, observation), task=spec.intent, images=self.screenshot())

    def step(self, action: str) -> Step:
        if self.env is None:
            raise InvalidAction("reset first: there is no episode")
        if self._done:
            raise InvalidAction("the episode is over; reset to start another")
        chosen: Any = action.strip()
        if self._action_names is not None:
            name = " ".join(action.lower().split())
            if name not in self._action_names:
                raise InvalidAction(f"{action!r} is not an action; the actions are {', '.join(self._action_names)}")
            chosen = self._action_names.index(name)
        observation, reward, terminated, truncated, info = self.env.step(chosen)
        self._total += float(reward)
        self._terminated = bool(terminated)
        self._done = bool(terminated or truncated)
        return Step(
            observation=self._render(self.env, observation),
            reward=float(reward),
            done=self._done,
            info=jsonable(info),
            images=self.screenshot(),
        )

    def outcome(self) -> Outcome:
        return Outcome(success=bool(self._success(self._total, self._terminated)), reward=self._total)

    def snapshot(self) -> Any:
        if not self._copyable:
            raise InvalidAction("snapshots are off for this environment")
        return (copy.deepcopy(self.env), self._total, self._terminated, self._done)

    def restore(self, state: Any) -> None:
        self.env, self._total, self._terminated, self._done = state

    def supports_snapshot(self) -> bool:  # type: ignore[override]  # per instance: depends on `copyable`
        return self._copyable

    def close(self) -> None:
        if self.env is not None:
            self.env.close()
        if self._frames is not None:
            shutil.rmtree(self._frames, ignore_errors=True)
            self._frames = None

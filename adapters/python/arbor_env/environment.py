"""The base class an environment subclasses, the values its methods return, and the errors they raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union


@dataclass
class Task:
    """A task Arbor can reset to: a stable id and the instruction the agent is given."""

    id: str
    intent: str


@dataclass
class Reset:
    """What `reset` returns: the first observation and the task text shown to the agent."""

    observation: str
    task: str = ""
    images: list[str] = field(default_factory=list)


@dataclass
class Step:
    """What `step` returns. `info` must be JSON-serialisable (it is recorded, never shown to the agent)."""

    observation: str
    reward: float = 0.0
    done: bool = False
    info: dict[str, Any] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """The environment's verdict on the episode so far: its programmatic success check."""

    success: bool
    reward: float


class EnvironmentFault(Exception):
    """An error the environment reports to Arbor with a protocol error code."""

    code = "environment_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAction(EnvironmentFault):
    """The action text is not in the grammar or cannot be taken in this state. Arbor counts it, it does not crash."""

    code = "invalid_action"


class UnknownTask(EnvironmentFault):
    """`reset` was given a task id this environment does not have."""

    code = "unknown_task"


class Environment:
    """Subclass this. Override `reset`, `step`, `describe_actions` and `tasks`; override `snapshot` *and*
    `restore` to let Arbor backtrack by restoring state (otherwise it resets and replays the actions); override
    `outcome` when success is more than "the episode ended with a positive reward".
    """

    #: A short name, shown in Arbor's run list.
    name = "environment"
    #: True when observations may carry image file paths in `images`.
    images = False
    #: Optional: the words an action may start with (e.g. ["go", "take"]). Arbor turns away a sampled action that
    #: starts with none of them (and matches none of `action_patterns`) before it reaches `step`.
    action_verbs: list[str] = []
    #: Optional: regular expressions a whole action may match instead (e.g. r"click \[\d+\]").
    action_patterns: list[str] = []

    def describe_actions(self) -> str:
        """The action grammar, written for a prompt: every action form, with an example."""
        raise NotImplementedError

    def tasks(self, split: str) -> list[Task]:
        """The tasks of `split` ("train" or "test")."""
        return []

    def reset(self, task: Union[str, dict], seed: Optional[int] = None) -> Union[Reset, str]:
        """Start the episode for `task` (an id from `tasks`, or a spec object). Raise `UnknownTask` if unknown."""
        raise NotImplementedError

    def step(self, action: str) -> Union[Step, tuple]:
        """Take `action`. Raise `InvalidAction` for text outside the grammar. A tuple means
        (observation, reward, done[, info])."""
        raise NotImplementedError

    def outcome(self) -> Optional[Outcome]:
        """The success check. None (the default) lets the server judge: success when the episode is done and its
        last reward was positive; the reward is the episode's total."""
        return None

    def snapshot(self) -> Any:
        """A value that `restore` can return to. Arbor never sees it; the server keeps it under an opaque id."""
        raise NotImplementedError

    def restore(self, state: Any) -> None:
        """Return to a state `snapshot` produced. The server hands over a deep copy, so it may be mutated."""
        raise NotImplementedError

    def close(self) -> None:
        """Release resources; called once before the process exits."""

    @classmethod
    def supports_snapshot(cls) -> bool:
        return cls.snapshot is not Environment.snapshot and cls.restore is not Environment.restore

"""Serve an environment to Arbor over its line-delimited JSON protocol (docs/environment-protocol.md).

Subclass `Environment`, then call `serve(MyEnvironment())` from your script's main. Standard library only;
`arbor_env.gym` imports gymnasium when you use it.
"""

from .environment import (
    Environment,
    EnvironmentFault,
    InvalidAction,
    Outcome,
    Reset,
    Step,
    Task,
    UnknownTask,
)
from .server import PROTOCOL_VERSION, Server, serve

__all__ = [
    "Environment",
    "EnvironmentFault",
    "InvalidAction",
    "Outcome",
    "PROTOCOL_VERSION",
    "Reset",
    "Server",
    "Step",
    "Task",
    "UnknownTask",
    "serve",
]

"""`serve()`: the protocol loop. One request per line on stdin, one response per line on stdout."""

from __future__ import annotations

import copy
import json
import logging
import math
import os
import sys
import traceback
from typing import IO, Any, Optional

from .environment import Environment, EnvironmentFault, Outcome, Reset, Step

PROTOCOL_VERSION = 1

log = logging.getLogger("arbor_env")


class ProtocolFault(EnvironmentFault):
    """A request this server cannot read or was not ready for."""

    code = "bad_request"


class Server:
    """Answers protocol requests for one environment. `handle` takes one request object and returns its response;
    `run` loops over lines. Kept apart from stdio so tests can drive it directly."""

    def __init__(self, environment: Environment):
        self.environment = environment
        self.greeted = False
        self.snapshots: dict[str, Any] = {}
        self.next_snapshot = 1
        self.total_reward = 0.0
        self.last_reward = 0.0
        self.done = False

    def run(self, requests: IO[str], responses: IO[str]) -> None:
        for line in requests:
            if not line.strip():
                continue
            response, closing = self.handle_line(line)
            responses.write(json.dumps(response, separators=(",", ":"), allow_nan=False) + "\n")
            responses.flush()
            if closing:
                break
        self.environment.close()

    def handle_line(self, line: str) -> tuple[dict, bool]:
        try:
            request = json.loads(line)
        except ValueError as error:
            return _error(None, ProtocolFault(f"the request is not JSON: {error}")), False
        if not isinstance(request, dict):
            return _error(None, ProtocolFault("a request must be a JSON object")), False
        return self.handle(request), request.get("op") == "close"

    def handle(self, request: dict) -> dict:
        request_id = request.get("id")
        op = request.get("op")
        try:
            if op != "hello" and not self.greeted:
                raise ProtocolFault("the first request must be hello")
            handler = getattr(self, "_" + op, None) if isinstance(op, str) else None
            if handler is None:
                raise ProtocolFault(f"unknown op {op!r}")
            body = handler(request)
        except EnvironmentFault as fault:
            return _error(request_id, fault)
        except Exception as error:  # the environment's own bug: report it, keep serving
            traceback.print_exc(file=sys.stderr)
            fault = EnvironmentFault(f"{type(error).__name__}: {error}")
            fault.code = "internal"
            return _error(request_id, fault)
        return {"id": request_id, "ok": True, **body}

    def _hello(self, request: dict) -> dict:
        if request.get("protocol") != PROTOCOL_VERSION:
            fault = EnvironmentFault(
                f"this adapter speaks protocol {PROTOCOL_VERSION}, Arbor asked for {request.get('protocol')!r}"
            )
            fault.code = "unsupported_protocol"
            raise fault
        self.greeted = True
        env = self.environment
        hello = {
            "protocol": PROTOCOL_VERSION,
            "name": env.name,
            "action_grammar": env.describe_actions(),
            "capabilities": {"snapshot": env.supports_snapshot(), "images": bool(env.images)},
        }
        if env.action_verbs or env.action_patterns:
            hello["actions"] = {"verbs": list(env.action_verbs), "patterns": list(env.action_patterns)}
        return hello

    def _tasks(self, request: dict) -> dict:
        split = request.get("split", "train")
        return {"tasks": [{"id": t.id, "intent": t.intent} for t in self.environment.tasks(split)]}

    def _reset(self, request: dict) -> dict:
        result = self.environment.reset(request.get("task"), request.get("seed"))
        if isinstance(result, str):
            result = Reset(observation=result)
        self.total_reward, self.last_reward, self.done = 0.0, 0.0, False
        return {"observation": result.observation, "task": result.task, "images": list(result.images)}

    def _step(self, request: dict) -> dict:
        action = request.get("action")
        if not isinstance(action, str):
            raise ProtocolFault("step needs an \"action\" string")
        result = self.environment.step(action)
        if isinstance(result, tuple):
            result = Step(*result)
        reward = float(result.reward)
        self.total_reward += reward
        self.last_reward = reward
        self.done = bool(result.done)
        return {
            "observation": result.observation,
            "reward": reward,
            "done": bool(result.done),
            "info": jsonable(result.info),
            "images": list(result.images),
        }

    def _outcome(self, request: dict) -> dict:
        verdict = self.environment.outcome()
        if verdict is None:
            verdict = Outcome(success=self.done and self.last_reward > 0, reward=self.total_reward)
        return {"success": bool(verdict.success), "reward": float(verdict.reward)}

    def _snapshot(self, request: dict) -> dict:
        self._require_snapshots()
        snapshot_id = f"s{self.next_snapshot}"
        self.next_snapshot += 1
        self.snapshots[snapshot_id] = (
            copy.deepcopy(self.environment.snapshot()),
            self.total_reward,
            self.last_reward,
            self.done,
        )
        return {"snapshot": snapshot_id}

    def _restore(self, request: dict) -> dict:
        self._require_snapshots()
        saved = self.snapshots.get(request.get("snapshot"))
        if saved is None:
            fault = EnvironmentFault(f"no snapshot {request.get('snapshot')!r} was taken")
            fault.code = "unknown_snapshot"
            raise fault
        state, self.total_reward, self.last_reward, self.done = saved
        self.environment.restore(copy.deepcopy(state))
        return {}

    def _close(self, request: dict) -> dict:
        return {}

    def _require_snapshots(self) -> None:
        if not self.environment.supports_snapshot():
            fault = EnvironmentFault(f"{self.environment.name} does not implement snapshot and restore")
            fault.code = "snapshot_unsupported"
            raise fault


def jsonable(value: Any) -> Any:
    """`value` with everything JSON cannot carry made into something it can (numpy scalars, tuples, sets, NaN)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        try:
            return jsonable(item())
        except (TypeError, ValueError):
            pass
    tolist = getattr(value, "tolist", None)  # numpy arrays
    if callable(tolist):
        return jsonable(tolist())
    return repr(value)


def _error(request_id: Any, fault: EnvironmentFault) -> dict:
    return {"id": request_id, "ok": False, "error": {"code": fault.code, "message": fault.message}}


def serve(environment: Environment, requests: Optional[IO[str]] = None, responses: Optional[IO[str]] = None) -> None:
    """Speak the protocol on stdin/stdout until `close` or end of input.

    With the real stdio, the protocol keeps a private copy of stdout and file descriptor 1 is pointed at stderr,
    so a stray `print` in the environment (or a library's warning) lands in Arbor's log instead of breaking the
    protocol.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if responses is None:
        sys.stdout.flush()
        responses = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
    if requests is None:
        requests = sys.stdin
    log.info("serving %s (protocol %d)", environment.name, PROTOCOL_VERSION)
    Server(environment).run(requests, responses)

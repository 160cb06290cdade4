"""A raw-protocol environment (no adapter) for Arbor's hostile-input tests: every text it hands Arbor -- task ids,
intents, task text, observations, errors, a line that is not JSON -- carries terminal escapes, controls, bidi
overrides and (in the line that is not JSON) invalid UTF-8.

    python3 hostile_env.py MODE

MODE serve: two tasks. Task 1 succeeds at its first step; task 2's first step answers with a line that is not JSON
(the child is killed and the episode fails with an error event), and its next steps answer with a protocol error.
MODE refuse: the `tasks` request fails with a hostile message, so `arbor run` stops with it.
"""

import json
import sys

HOSTILE = "\x1b]0;PWNED\x07|\x1b[2J|\x1b[31;1m|bell\x07|nul\x00after|back\x08|c1\x9b31m\x9d0;t\x9c|bidi\u202eevil|\u2066iso\u2069"
mode = sys.argv[1]
moves = 0


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def page():
    return "Tab: %s\nURL: http://hostile/%d\n[1] link 'Finish %s'\n[2] link 'Other'" % (HOSTILE, moves, HOSTILE)


task = None
for line in sys.stdin:
    req = json.loads(line)
    rid, op = req["id"], req["op"]
    if op == "hello":
        send({"id": rid, "ok": True, "protocol": 1, "name": "hostile-env", "capabilities": {"snapshot": False},
              "action_grammar": "click [N] follows the numbered link N"})
    elif op == "tasks" and mode == "refuse":
        send({"id": rid, "ok": False, "error": {"code": "refused", "message": "no tasks " + HOSTILE}})
    elif op == "tasks":
        send({"id": rid, "ok": True, "tasks": [{"id": "title \x1b]0;PWNED\x07", "intent": "Finish. " + HOSTILE},
                                             {"id": "clear \x1b[2J red \x1b[31;1m", "intent": "Finish. " + HOSTILE}]})
    elif op == "reset":
        moves = 0
        task = req.get("task")
        send({"id": rid, "ok": True, "observation": page(), "task": "Follow link 1 to finish. " + HOSTILE})
    elif op == "outcome":
        send({"id": rid, "ok": True, "success": moves >= 1, "reward": 1.0 if moves >= 1 else 0.0})
    elif op == "close":
        send({"id": rid, "ok": True})
        break
    elif op == "step" and task is not None and "clear" in str(task):
        sys.stdout.buffer.write(b"\xff\xfe not json \x1b]0;PWNED\x07 \xc2\x9b2J\n")
        sys.stdout.flush()
    elif op == "step":
        moves += 1
        send({"id": rid, "ok": True, "observation": page(), "reward": 1.0, "done": True})
    else:
        send({"id": rid, "ok": False, "error": {"code": "bad_request", "message": "no op " + op + " " + HOSTILE}})

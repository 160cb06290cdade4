"""A raw-protocol environment (no adapter) for Arbor's fault tests: it behaves until it is asked to step, then
misbehaves as MODE says.

    python3 fault_env.py MODE PIDFILE [MARKER]

MODE is exit, hang, garbage, error, wrong-id, no-observation, huge (a step's observation is "a" and 2000 "é", 4001
bytes), bad-bytes or bad-bytes-error (the two last answer with bytes that are not UTF-8, where @BAD@ stands: in the
intent of the second task, the task text of every reset and the observation of a step, or in a step's error
message). The process writes its pid to PIDFILE. Without
MARKER every step misbehaves; with it, only the first step of the first process to create MARKER does, and later
processes serve two tasks whose pages the offline agent can read, ending in success after two steps.
"""

import json
import os
import sys
import time

mode, pidfile = sys.argv[1], sys.argv[2]
marker = sys.argv[3] if len(sys.argv) > 3 else None
with open(pidfile, "w") as f:
    f.write(str(os.getpid()))
sys.stderr.write("fault-env starting in mode %s\n" % mode)
sys.stderr.flush()
moves = 0


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def send_bad(obj):
    sys.stdout.buffer.write(json.dumps(obj).encode().replace(b"@BAD@", b"\xff\xc3(") + b"\n")
    sys.stdout.flush()


def page():
    return "Tab: Rooms\nURL: http://rooms/%d\n[1] link 'Next room'\n[2] link 'Last room'" % moves


def misbehaves():
    if marker is None:
        return True
    if os.path.exists(marker):
        return False
    open(marker, "w").close()
    return True


for line in sys.stdin:
    req = json.loads(line)
    rid, op = req["id"], req["op"]
    if op == "hello":
        send({"id": rid, "ok": True, "protocol": 1, "name": "fault-env", "capabilities": {"snapshot": False},
              "action_grammar": "click [N] follows the numbered link N"})
    elif op == "tasks" and mode == "bad-bytes":
        send_bad({"id": rid, "ok": True, "tasks": [{"id": "room/1", "intent": "Reach the last room."},
                                                 {"id": "room/2", "intent": "Reach the @BAD@ last room."}]})
    elif op == "tasks":
        send({"id": rid, "ok": True, "tasks": [{"id": "room/1", "intent": "Reach the last room."},
                                             {"id": "room/2", "intent": "Reach the last room."}]})
    elif op == "reset":
        moves = 0
        if mode == "bad-bytes":
            send_bad({"id": rid, "ok": True, "observation": page(), "task": "Reach the @BAD@ last room."})
        else:
            send({"id": rid, "ok": True, "observation": page(), "task": "Reach the last room."})
    elif op == "outcome":
        send({"id": rid, "ok": True, "success": moves >= 2, "reward": 1.0 if moves >= 2 else 0.0})
    elif op == "close":
        send({"id": rid, "ok": True})
        break
    elif op == "step" and misbehaves():
        if mode == "exit":
            sys.exit(3)
        elif mode == "hang":
            time.sleep(3600)
        elif mode == "garbage":
            print("hello there")
            sys.stdout.flush()
        elif mode == "error":
            send({"id": rid, "ok": False, "error": {"code": "crashed", "message": "the simulator lost its state"}})
        elif mode == "wrong-id":
            send({"id": rid + 100, "ok": True, "observation": "late"})
        elif mode == "no-observation":
            send({"id": rid, "ok": True, "reward": 1})
        elif mode == "huge":
            send({"id": rid, "ok": True, "observation": "a" + "\u00e9" * 2000})
        elif mode == "bad-bytes":
            moves += 1
            send_bad({"id": rid, "ok": True, "observation": page() + "\n[3] text 'caf@BAD@\ufffd'", "reward": 0.0})
        elif mode == "bad-bytes-error":
            send_bad({"id": rid, "ok": False, "error": {"code": "crashed", "message": "lost @BAD@ state"}})
    elif op == "step":
        moves += 1
        send({"id": rid, "ok": True, "observation": page(), "reward": 1.0 if moves >= 2 else 0.0, "done": moves >= 2})
    else:
        send({"id": rid, "ok": False, "error": {"code": "bad_request", "message": "no op " + op}})

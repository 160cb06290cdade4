"""A raw-protocol environment (no adapter) that shows images with its pages, for Arbor's image tests.

    python3 image_env.py IMAGE...

It declares `images` and names every IMAGE path with each observation, in order; each step moves to the next room.
"""

import json
import sys

paths = sys.argv[1:]
moves = 0


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def page():
    return "Room %d\n[1] link 'Next room'" % moves


for line in sys.stdin:
    req = json.loads(line)
    rid, op = req["id"], req["op"]
    if op == "hello":
        send({"id": rid, "ok": True, "protocol": 1, "name": "image-env",
              "capabilities": {"snapshot": False, "images": True},
              "action_grammar": "click [N] follows the numbered link N"})
    elif op == "tasks":
        send({"id": rid, "ok": True, "tasks": [{"id": "room/1", "intent": "Walk through the rooms."}]})
    elif op == "reset":
        moves = 0
        send({"id": rid, "ok": True, "observation": page(), "task": "Walk through the rooms.", "images": paths})
    elif op == "step":
        moves += 1
        send({"id": rid, "ok": True, "observation": page(), "reward": 0.0, "done": moves >= 2, "images": paths})
    elif op == "outcome":
        send({"id": rid, "ok": True, "success": moves >= 2, "reward": 1.0 if moves >= 2 else 0.0})
    elif op == "close":
        send({"id": rid, "ok": True})
        break

"""A raw-protocol environment (no adapter) whose every page is BYTES bytes long: a short page the offline agent can
read (two numbered links) followed by filler lines, each different, up to the size. Following link 1 ends the task
in success; link 2 leads to a second page of the same size.

    python3 big_page_env.py BYTES [TASKS]

Arbor's tests use it to check that a page is stored once however many prompts repeat it; at 11 MB it is the case
issue 16 measured.
"""

import json
import sys

size = int(sys.argv[1])
tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 1
moves = 0
where = 0
finished = False


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def page():
    head = "Tab: Big page %d\nURL: http://big/%d\n[1] link 'Finish the task'\n[2] link 'Next page'\n" % (where, where)
    lines = [head]
    total = len(head)
    line = 0
    while total < size:
        text = "StaticText 'row %d of page %d: %s'\n" % (line, where, "lorem ipsum dolor sit amet " * (line % 4 + 1))
        lines.append(text)
        total += len(text)
        line += 1
    return "".join(lines)[:size]


for request in sys.stdin:
    req = json.loads(request)
    rid, op = req["id"], req["op"]
    if op == "hello":
        send({"id": rid, "ok": True, "protocol": 1, "name": "big-page", "capabilities": {"snapshot": False},
              "action_grammar": "click [N] follows the numbered link N"})
    elif op == "tasks":
        send({"id": rid, "ok": True,
              "tasks": [{"id": "big/%d" % n, "intent": "Finish the task."} for n in range(1, tasks + 1)]})
    elif op == "reset":
        moves, where, finished = 0, 0, False
        send({"id": rid, "ok": True, "observation": page(), "task": "Follow the link that finishes the task."})
    elif op == "step":
        moves += 1
        finished = req.get("action", "").strip() == "click [1]"
        where += 0 if finished else 1
        send({"id": rid, "ok": True, "observation": page(), "reward": 1.0 if finished else 0.0, "done": finished})
    elif op == "outcome":
        send({"id": rid, "ok": True, "success": finished, "reward": 1.0 if finished else 0.0})
    elif op == "close":
        send({"id": rid, "ok": True})
        break
    else:
        send({"id": rid, "ok": False, "error": {"code": "bad_request", "message": "no op " + op}})

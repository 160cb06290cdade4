"""Unit tests of the adapter: `python3 -m unittest discover -s adapters/python/tests` (standard library only)."""

import io
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))

from arbor_env import Environment, InvalidAction, Server, Step  # noqa: E402
from text_adventure import TextAdventure  # noqa: E402

SOLUTION = ["go east", "take key", "go west", "unlock door", "go west", "take coin"]


class Counter(Environment):
    """Counts steps; ends with reward 1 on the third. No snapshots, no outcome: the server judges."""

    name = "counter"

    def describe_actions(self):
        return "tick"

    def reset(self, task, seed=None):
        self.n = 0
        return "0"

    def step(self, action):
        if action != "tick":
            raise InvalidAction("only tick")
        self.n += 1
        return str(self.n), 1.0 if self.n == 3 else 0.0, self.n == 3


def greeted(environment):
    server = Server(environment)
    response = server.handle({"id": 0, "op": "hello", "protocol": 1})
    return server, response


class ServerTests(unittest.TestCase):
    def test_hello_declares_capabilities(self):
        _, response = greeted(TextAdventure())
        self.assertEqual(response["capabilities"], {"snapshot": True, "images": False})
        self.assertEqual(response["name"], "text-adventure")
        _, response = greeted(Counter())
        self.assertEqual(response["capabilities"], {"snapshot": False, "images": False})

    def test_hello_declares_action_verbs_only_when_there_are_some(self):
        _, response = greeted(TextAdventure())
        self.assertEqual(
            response["actions"],
            {"verbs": ["go", "take", "drop", "unlock", "look", "inventory"], "patterns": []},
        )
        _, response = greeted(Counter())
        self.assertNotIn("actions", response)

    def test_requests_before_hello_are_refused(self):
        response = Server(Counter()).handle({"id": 1, "op": "reset", "task": "t"})
        self.assertEqual(response["error"]["code"], "bad_request")
        self.assertEqual(response["error"]["message"], "the first request must be hello")

    def test_wrong_protocol_version(self):
        response = Server(Counter()).handle({"id": 0, "op": "hello", "protocol": 2})
        self.assertEqual(response["error"]["code"], "unsupported_protocol")

    def test_solution_wins_the_first_task(self):
        server, _ = greeted(TextAdventure())
        server.handle({"id": 1, "op": "reset", "task": "treasure/1"})
        for i, action in enumerate(SOLUTION):
            response = server.handle({"id": 2 + i, "op": "step", "action": action})
        self.assertEqual((response["reward"], response["done"]), (1.0, True))
        self.assertEqual(server.handle({"id": 9, "op": "outcome"}), {"id": 9, "ok": True, "success": True, "reward": 1.0})

    def test_restore_returns_to_the_snapshot(self):
        server, _ = greeted(TextAdventure())
        server.handle({"id": 1, "op": "reset", "task": "treasure/1"})
        server.handle({"id": 2, "op": "step", "action": "go north"})
        snapshot = server.handle({"id": 3, "op": "snapshot"})["snapshot"]
        before = server.handle({"id": 4, "op": "step", "action": "look"})["observation"]
        server.handle({"id": 5, "op": "step", "action": "take key"})
        server.handle({"id": 6, "op": "restore", "snapshot": snapshot})
        self.assertEqual(server.handle({"id": 7, "op": "step", "action": "look"})["observation"], before)
        # The saved state is copied on restore, so it can be restored twice.
        server.handle({"id": 8, "op": "step", "action": "take key"})
        server.handle({"id": 9, "op": "restore", "snapshot": snapshot})
        self.assertEqual(server.handle({"id": 10, "op": "step", "action": "look"})["observation"], before)

    def test_server_judges_outcome_when_environment_does_not(self):
        server, _ = greeted(Counter())
        server.handle({"id": 1, "op": "reset", "task": "t"})
        for i in range(3):
            server.handle({"id": 2 + i, "op": "step", "action": "tick"})
        self.assertEqual(server.handle({"id": 5, "op": "outcome"})["success"], True)
        response = server.handle({"id": 6, "op": "snapshot"})
        self.assertEqual(response["error"]["code"], "snapshot_unsupported")

    def test_invalid_action_and_environment_bug_are_error_responses(self):
        server, _ = greeted(Counter())
        server.handle({"id": 1, "op": "reset", "task": "t"})
        self.assertEqual(
            server.handle({"id": 2, "op": "step", "action": "tock"}),
            {"id": 2, "ok": False, "error": {"code": "invalid_action", "message": "only tick"}},
        )
        response = server.handle({"id": 3, "op": "step", "action": 7})
        self.assertEqual(response["error"], {"code": "bad_request", "message": 'step needs an "action" string'})

    def test_run_answers_line_by_line_until_close(self):
        requests = io.StringIO(
            '{"id":0,"op":"hello","protocol":1}\nnot json\n{"id":1,"op":"close"}\n{"id":2,"op":"tasks"}\n'
        )
        responses = io.StringIO()
        Server(Counter()).run(requests, responses)
        lines = [json.loads(line) for line in responses.getvalue().splitlines()]
        self.assertEqual([line["id"] for line in lines], [0, None, 1])
        self.assertEqual(lines[1]["error"]["code"], "bad_request")


class StepTupleTests(unittest.TestCase):
    def test_tuple_steps_become_steps(self):
        self.assertEqual(Step(*("obs", 1.0, True)), Step("obs", 1.0, True, {}))


if __name__ == "__main__":
    unittest.main()


class Frames:
    """A stand-in for a gymnasium environment made with render_mode="rgb_array": a 2×3 frame whose red grows."""

    def reset(self, seed=None):
        self.n = 0
        return 0, {}

    def step(self, action):
        self.n += 1
        return self.n, 0.0, self.n == 2, False, {}

    def render(self):
        import numpy

        frame = numpy.zeros((2, 3, 3), dtype=numpy.uint8)
        frame[:, :, 0] = 100 * self.n
        return frame

    def close(self):
        pass


def pillow_installed():
    try:
        import numpy  # noqa: F401
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


@unittest.skipUnless(pillow_installed(), "screenshots need numpy and Pillow")
class GymScreenshotTests(unittest.TestCase):
    def test_each_observation_carries_its_frame_as_a_png(self):
        from PIL import Image

        from arbor_env.gym import GymTask, GymTextEnvironment

        env = GymTextEnvironment(
            lambda task: Frames(), [GymTask("t", "count")], lambda e, o: f"at {o}", action_names=["go"],
            screenshots=True,
        )
        server, response = greeted(env)
        self.assertEqual(response["capabilities"], {"snapshot": False, "images": True})
        first = server.handle({"id": 1, "op": "reset", "task": "t"})
        self.assertEqual(len(first["images"]), 1)
        with Image.open(first["images"][0]) as image:
            self.assertEqual((image.format, image.size, image.getpixel((0, 0))), ("PNG", (3, 2), (0, 0, 0)))
        second = server.handle({"id": 2, "op": "step", "action": "go"})
        self.assertFalse(os.path.exists(first["images"][0]), "each frame replaces the last")
        with Image.open(second["images"][0]) as image:
            self.assertEqual(image.getpixel((2, 1)), (100, 0, 0))
        folder = os.path.dirname(second["images"][0])
        env.close()
        self.assertFalse(os.path.exists(folder))

    def test_without_screenshots_there_are_no_images(self):
        from arbor_env.gym import GymTask, GymTextEnvironment

        env = GymTextEnvironment(lambda task: Frames(), [GymTask("t", "count")], lambda e, o: f"at {o}")
        server, response = greeted(env)
        self.assertEqual(response["capabilities"], {"snapshot": False, "images": False})
        self.assertEqual(server.handle({"id": 1, "op": "reset", "task": "t"})["images"], [])

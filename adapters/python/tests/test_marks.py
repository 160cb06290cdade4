"""Set-of-marks: the drawing itself (exact pixels on a plain picture), the gymnasium wrapper's `marks`, and MiniWoB++'s
`--screenshots som` over the protocol (when Chromium, its driver and the miniwob package are installed)."""

import importlib.util
import json
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

from arbor_env import Server  # noqa: E402

WHITE = (255, 255, 255)
BLUE, ORANGE, GREEN = (31, 119, 180), (255, 127, 14), (44, 160, 44)


def pillow_installed():
    return all(importlib.util.find_spec(name) is not None for name in ("numpy", "PIL"))


def miniwob_installed():
    return (
        pillow_installed()
        and importlib.util.find_spec("miniwob") is not None
        and all(os.access(path, os.X_OK) for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"))
    )


@unittest.skipUnless(pillow_installed(), "marks are drawn with Pillow")
class DrawMarksTests(unittest.TestCase):
    def test_each_mark_on_the_picture_gets_a_box_and_a_numbered_label_in_its_colour(self):
        from PIL import Image

        from arbor_env.marks import DrawnMark, Mark, draw_marks

        image = Image.new("RGB", (80, 50), WHITE)
        drawn = draw_marks(
            image,
            [
                Mark(3, 10, 20, 20, 10),
                Mark(12, 40.5, 30.25, 12, 9.5),  # fractions: every pixel the element touches
                Mark(7, -30, 0, 10, 10),  # scrolled out of the picture
                Mark(8, 5, 5, 0, 0),  # hidden
                Mark(9, 70, 44, 30, 30),  # partly outside: cut to the picture
            ],
        )
        self.assertEqual(
            drawn,
            [
                # The first spot, outside the top-left corner.
                DrawnMark(3, (10, 20, 29, 29), (1, 6, 9, 19), BLUE),
                # Outside its top-left corner the label would cover [3]'s box: above it, at its left edge.
                DrawnMark(12, (40, 30, 52, 39), (40, 16, 55, 29), ORANGE),
                DrawnMark(9, (70, 44, 79, 49), (61, 30, 69, 43), GREEN),
            ],
        )
        for mark in drawn:
            x0, y0, x1, y1 = mark.box
            # A two-pixel outline inside the element's box; its inside untouched.
            for corner in ((x0, y0), (x1, y1), (x0 + 1, y0 + 1), (x1 - 1, y1 - 1)):
                self.assertEqual(image.getpixel(corner), mark.colour, f"[{mark.ref}] at {corner}")
            if x1 - x0 > 4 and y1 - y0 > 4:
                self.assertEqual(image.getpixel((x0 + 2, y0 + 2)), WHITE, f"inside [{mark.ref}]")
            # The label: filled with the colour, its number in white (smoothed: the brightest pixel is near white).
            lx0, ly0, lx1, ly1 = mark.label
            self.assertEqual(image.getpixel((lx0, ly0)), mark.colour)
            self.assertEqual(image.getpixel((lx1, ly1)), mark.colour)
            label = image.crop((lx0, ly0, lx1 + 1, ly1 + 1))
            self.assertGreaterEqual(max(min(colour) for _, colour in label.getcolors()), 240, f"[{mark.ref}]'s number")
        # Nothing else was drawn: the picture holds white, the three colours and their blends in the digits' edges.
        outside = [(x, y) for x in range(80) for y in range(50) if not any(inside(m, x, y) for m in drawn)]
        self.assertEqual({image.getpixel(p) for p in outside}, {WHITE})

    def test_in_a_tight_list_a_label_goes_beside_its_row_not_on_the_row_above(self):
        from arbor_env.marks import place_label

        rows = [(2, 20, 50, 34), (2, 35, 50, 49)]
        first = place_label(rows[0], 7, (100, 100), [], rows)
        self.assertEqual(first, (2, 6, 10, 19))
        # Above the second row is the first row: the label goes to its right, at its top.
        self.assertEqual(place_label(rows[1], 7, (100, 100), [first], rows), (51, 35, 59, 48))

    def test_a_box_that_holds_the_element_does_not_push_its_label_away(self):
        from arbor_env.marks import place_label

        form, field = (0, 0, 99, 99), (20, 40, 60, 50)
        self.assertEqual(place_label(field, 7, (100, 100), [], [form, field]), (11, 26, 19, 39))


def inside(mark, x, y):
    return any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in (mark.box, mark.label))


class Lamps:
    """A stand-in for a gymnasium environment made with render_mode="rgb_array": a black 40×30 frame with two
    lamps, refs 1 and 2, whose boxes `marks` reports."""

    def reset(self, seed=None):
        return 0, {}

    def step(self, action):
        return 0, 0.0, True, False, {}

    def render(self):
        import numpy

        return numpy.zeros((30, 40, 3), dtype=numpy.uint8)

    def close(self):
        pass


@unittest.skipUnless(pillow_installed(), "screenshots need numpy and Pillow")
class GymMarksTests(unittest.TestCase):
    def test_frames_carry_the_marks_the_environment_reports(self):
        from PIL import Image

        from arbor_env.gym import GymTask, GymTextEnvironment
        from arbor_env.marks import Mark

        env = GymTextEnvironment(
            lambda task: Lamps(),
            [GymTask("t", "light a lamp")],
            lambda e, o: "[1] lamp 'left'\n[2] lamp 'right'",
            screenshots=True,
            marks=lambda e: [Mark(1, 4, 16, 10, 10), Mark(2, 26, 16, 10, 10)],
        )
        server = Server(env)
        server.handle({"id": 0, "op": "hello", "protocol": 1})
        reset = server.handle({"id": 1, "op": "reset", "task": "t"})
        with Image.open(reset["images"][0]) as image:
            self.assertEqual((image.mode, image.size), ("RGB", (40, 30)))
            corners = [image.getpixel(p) for p in ((4, 16), (13, 25), (26, 16), (35, 25))]
            self.assertEqual(corners, [BLUE, BLUE, ORANGE, ORANGE])
            self.assertEqual(image.getpixel((6, 18)), (0, 0, 0))
        env.close()

    def test_marks_without_screenshots_are_refused(self):
        from arbor_env.gym import GymTask, GymTextEnvironment

        with self.assertRaises(ValueError) as refused:
            GymTextEnvironment(lambda task: Lamps(), [GymTask("t", "x")], lambda e, o: "", marks=lambda e: [])
        self.assertEqual(str(refused.exception), "marks are drawn on screenshots: pass screenshots=True with marks")


@unittest.skipUnless(miniwob_installed(), "MiniWoB++ needs chromium, chromium-driver and the miniwob package")
class MiniWoBMarksTests(unittest.TestCase):
    """`miniwob.py --screenshots som` over the protocol: each ref of the text observation has its box, in its colour,
    around the element, and the page has no other mark."""

    def setUp(self):
        script = os.path.join(HERE, "..", "examples", "miniwob.py")
        self.child = subprocess.Popen(
            [sys.executable, script, "--screenshots", "som"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.next_id = 0
        self.assertTrue(self.ask({"op": "hello", "protocol": 1})["capabilities"]["images"])

    def tearDown(self):
        self.ask({"op": "close"})
        self.child.stdin.close()
        self.child.stdout.close()
        self.assertEqual(self.child.wait(timeout=30), 0)

    def ask(self, request):
        self.next_id += 1
        self.child.stdin.write(json.dumps({"id": self.next_id, **request}) + "\n")
        self.child.stdin.flush()
        response = json.loads(self.child.stdout.readline())
        self.assertTrue(response["ok"], response)
        return response

    def picture(self, response):
        """The observation's refs and its screenshot (read now: the next observation replaces the file)."""
        from PIL import Image

        refs = [int(ref) for ref in re.findall(r"^\s*\[(\d+)\]", response["observation"], re.MULTILINE)]
        self.assertEqual(len(response["images"]), 1)
        with Image.open(response["images"][0]) as image:
            return refs, image.convert("RGB")

    def assertMarked(self, image, boxes):
        from arbor_env.marks import COLOURS

        for (x0, y0, x1, y1), colour in zip(boxes, COLOURS):
            self.assertEqual([image.getpixel(p) for p in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))], [colour] * 4)
        colours = {colour for _, colour in image.getcolors(800 * 457)}
        self.assertNotIn(COLOURS[len(boxes)], colours, "a mark past the last ref")

    def test_click_test_2_marks_both_buttons(self):
        refs, image = self.picture(self.ask({"op": "reset", "task": "click-test-2/1000"}))
        self.assertEqual(refs, [4, 5])
        self.assertEqual(image.size, (800, 457))
        # [4] ONE is a 40×40 button at (12, 101), [5] TWO one at (54, 64); each number's label sits outside the
        # top-left corner of its box.
        self.assertMarked(image, [(12, 101, 51, 140), (54, 64, 93, 103)])
        self.assertEqual([image.getpixel(p) for p in ((3, 87), (45, 50))], [BLUE, ORANGE])

    def test_login_user_marks_every_field_after_each_step(self):
        boxes = [(2, 62, 58, 72), (7, 78, 134, 98), (2, 114, 55, 124), (7, 130, 114, 150), (2, 166, 91, 196)]
        refs, image = self.picture(self.ask({"op": "reset", "task": "login-user/1000"}))
        self.assertEqual(refs, [6, 7, 9, 10, 11])
        self.assertMarked(image, boxes)
        refs, image = self.picture(self.ask({"op": "step", "action": 'type [7] "tula"'}))
        self.assertEqual(refs, [6, 7, 9, 10, 11])
        self.assertMarked(image, boxes)


if __name__ == "__main__":
    unittest.main()

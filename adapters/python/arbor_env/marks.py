"""Set-of-marks: a screenshot with a numbered box around every element the text observation names by its ref, so a
vision model can read `[12]` off the picture and write `click [12]`.

The method is the set-of-marks observation of the R-MCTS paper's code (VisualWebArena's `image_som`): each box is
outlined in a colour of a ten-colour cycle, and its number sits on a label of the same colour, placed at the first of
a few spots around the box that stays inside the picture and clear of the labels already placed (and, here, of the
other marks' boxes, so that in a tight list a number does not sit on the row above). Here the boxes come
from the environment (the refs its observation shows), not from a selector list of its own.

Needs Pillow (imported when marks are drawn); `arbor_env` itself stays standard-library only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence, Union

# matplotlib's default colour cycle ("tab10"), the one the paper's marks use.
COLOURS = (
    (0x1F, 0x77, 0xB4),
    (0xFF, 0x7F, 0x0E),
    (0x2C, 0xA0, 0x2C),
    (0xD6, 0x27, 0x28),
    (0x94, 0x67, 0xBD),
    (0x8C, 0x56, 0x4B),
    (0xE3, 0x77, 0xC2),
    (0x7F, 0x7F, 0x7F),
    (0xBC, 0xBD, 0x22),
    (0x17, 0xBE, 0xCF),
)
BORDER = 2  # the box's outline, in pixels, drawn inside the element's box
FONT_SIZE = 12  # the number's height, in pixels
PADDING = 1  # around the number, inside its label


@dataclass(frozen=True)
class Mark:
    """An element to mark: its ref (the number the text observation shows in brackets) and its box in the
    screenshot's pixels (left and top edges, width and height; fractions allowed, as browsers report them)."""

    ref: Union[int, str]
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class DrawnMark:
    """A mark as drawn: the pixel rectangles of its box and its label, inclusive (x0, y0, x1, y1), and its colour."""

    ref: Union[int, str]
    box: tuple[int, int, int, int]
    label: tuple[int, int, int, int]
    colour: tuple[int, int, int]


def draw_marks(image: Any, marks: Sequence[Mark]) -> list[DrawnMark]:
    """Draws `marks` on `image` (a Pillow RGB image, changed in place) and returns what was drawn, in order.

    A mark whose box lies outside the picture (an element scrolled away) or has no area (a hidden one) is left out:
    nothing on the picture could carry its number. A box partly outside is cut to the picture. The n-th drawn mark
    takes the n-th colour of the cycle, so a ref keeps its colour as long as the marks before it stay the same.
    """
    from PIL import ImageDraw, ImageFont

    width, height = image.size
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=FONT_SIZE)
    boxed = [(mark.ref, box) for mark in marks if (box := pixel_box(mark, width, height)) is not None]
    boxes = [box for _, box in boxed]
    drawn: list[DrawnMark] = []
    for ref, box in boxed:
        text_width = math.ceil(draw.textlength(str(ref), font=font))
        label = place_label(box, text_width, (width, height), [d.label for d in drawn], boxes)
        drawn.append(DrawnMark(ref, box, label, COLOURS[len(drawn) % len(COLOURS)]))
    # Boxes first, then every label over them: a label never hides behind another element's outline.
    for mark in drawn:
        draw.rectangle(mark.box, outline=mark.colour, width=BORDER)
    for mark in drawn:
        draw.rectangle(mark.label, fill=mark.colour)
        draw.text((mark.label[0] + PADDING, mark.label[1] + PADDING), str(mark.ref), font=font, fill=(255, 255, 255))
    return drawn


def pixel_box(mark: Mark, width: int, height: int):
    """The pixels `mark` covers, inclusive and cut to a `width`×`height` picture; None when it covers none."""
    x0, y0 = max(0, math.floor(mark.left)), max(0, math.floor(mark.top))
    x1 = min(width, math.ceil(mark.left + mark.width)) - 1
    y1 = min(height, math.ceil(mark.top + mark.height)) - 1
    if mark.width <= 0 or mark.height <= 0 or x1 < x0 or y1 < y0:
        return None
    return (x0, y0, x1, y1)


def place_label(box, text_width: int, size, labels, boxes) -> tuple[int, int, int, int]:
    """Where the label (`text_width` wide) of the mark with `box` goes: the first spot, in the order below, that is
    inside the picture and covers none of the `labels` already placed nor any of the other marks' `boxes` (bar the
    ones that hold this box, such as a form around its fields), so that a number sits beside the element it names and
    not on a neighbour. When no spot is that clear, the first one inside the picture clear of the labels; then the
    first inside the picture; then the box's own top-left corner."""
    x0, y0, x1, y1 = box
    w, h = text_width + 2 * PADDING, FONT_SIZE + 2 * PADDING
    spots = [
        (x0 - w, y0 - h),  # outside the top-left corner (the paper's first choice)
        (x0, y0 - h),  # above, at the left edge
        (x1 + 1 - w, y0 - h),  # above, at the right edge
        (x1 + 1, y0),  # to the right, at the top (a list's rows have no room above)
        (x0 - w, y0),  # to the left, at the top
        (x0, y1 + 1),  # below, at the left edge
        (x1 + 1 - w, y1 + 1),  # below, at the right edge
    ]
    rectangles = [(x, y, x + w - 1, y + h - 1) for x, y in spots]
    inside = [r for r in rectangles if r[0] >= 0 and r[1] >= 0 and r[2] < size[0] and r[3] < size[1]]
    neighbours = [other for other in boxes if other != box and not contains(other, box)]
    clear_of_labels = [r for r in inside if not any(overlap(r, label) for label in labels)]
    for rectangle in clear_of_labels:
        if not any(overlap(rectangle, other) for other in neighbours):
            return rectangle
    if clear_of_labels:
        return clear_of_labels[0]
    if inside:
        return inside[0]
    return (x0, y0, x0 + w - 1, y0 + h - 1)


def contains(outer, inner) -> bool:
    """Whether the inclusive pixel rectangle `outer` holds all of `inner`."""
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def overlap(a, b) -> bool:
    """Whether two inclusive pixel rectangles share a pixel."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]

#!/usr/bin/env python3
"""MiniWoB++ (the PyPI package `miniwob`) served to Arbor: real web tasks in headless Chromium.

    arbor run --env exec:"python3 adapters/python/examples/miniwob.py" --split test --tasks 10

Needs Debian's `chromium` and `chromium-driver` and `python3 -m pip install miniwob` (scripts/setup-system.sh installs
them as root). Options: `--chromium PATH` and `--chromedriver PATH` (defaults /usr/bin/chromium and
/usr/bin/chromedriver, or $MINIWOB_CHROME_BINARY and $MINIWOB_CHROMEDRIVER), `--instances N` (instances per task and
split, default 5), `--screenshots` (a PNG screenshot of the page with each observation; `--screenshots som` draws
each ref's numbered box on it; see below).

- A task is one instance of a MiniWoB++ task: `click-test-2/1000` is click-test-2 generated with seed 1000. The train
  split has seeds 0..N-1 of every task in TASKS, the test split seeds 1000..1000+N-1 (so no instance is in both), in
  MiniWoB's own data mode of the same name. Both list instance by instance (the first instance of every task, then the
  second, …), so `--tasks 10` takes ten different tasks.
- The task text is MiniWoB's utterance ("Click button ONE."), returned by `reset`; a task's `intent` in `tasks` only
  names it, because the utterance exists only once the page has generated the instance.
- The observation is the page as accessibility-tree text: `[ref] role 'name' value='…'` for each element the agent can
  act on, `StaticText '…'` (no ref: text is not clickable) for text, indented under its container. Refs are MiniWoB's
  own element refs: stable while an element stays on the page, and the same after a reset and the same actions.
- Actions: `click [ref]`, `type [ref] "text"` (text inputs only), `select [ref] "option"`, `press "Enter"`,
  `scroll up|down`, `stop`. Anything else, or a ref the page does not have, is an `invalid_action` that says why.
- MiniWoB's episode timer (10 s, which also scales the reward down with time) is switched off: a search thinks for
  longer than that between actions.
- Success is MiniWoB's raw reward being exactly 1. Partial rewards (click-checkboxes-soft gives fractions) are in the
  step's reward, `info` and the outcome's reward, but are not a success.
- With `--screenshots` each observation of a page comes with a PNG of it (the browser's viewport, as Chromium draws
  it), written to the browser's scratch folder and replaced by the next one (Arbor reads each as it arrives). The
  observations that end an episode are text alone. `--screenshots som` (set-of-marks, as the paper's `image_som`)
  draws a numbered box on every element on screen that has a ref in the text observation, the number being its ref,
  so a vision model can write `click [12]` from the picture (arbor_env/marks.py draws them, with Pillow, which the
  miniwob package already requires).
- No snapshots: Arbor backtracks by `reset` and replaying the actions. Each reset reloads the task's page, so nothing
  left by the last episode (focus, scroll, widget state) changes the next.
- Chromium runs headless with networking cut off (every host name resolves to nothing; the pages are local files of
  the package). A browser that dies is reported as an environment fault; the next `reset` starts a new one. No
  Chromium process outlives this one: they are all killed on close, on an error, on SIGTERM/SIGINT and when stdin
  closes.
"""

import argparse
import ctypes
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

# The signals that end this process are taken by a thread of its own (see main). Blocked here, before any import
# starts a thread (numpy's OpenBLAS starts several), so that every thread inherits the block and none takes them.
ENDINGS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
signal.pthread_sigmask(signal.SIG_BLOCK, ENDINGS)

# This file's name is the package's: drop its folder from the path so `import miniwob` finds the package.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, os.path.join(HERE, ".."))

from arbor_env import Environment, EnvironmentFault, InvalidAction, Outcome, Reset, Step, Task, UnknownTask  # noqa: E402
from arbor_env import serve  # noqa: E402
from arbor_env.marks import Mark, draw_marks  # noqa: E402

log = logging.getLogger("miniwob")

# MiniWoB++ tasks an agent can do with element actions (no drawing, dragging or coordinates) and that are
# deterministic given their seed (the package marks the others nondeterministic). Easy ones first: `--tasks N` over
# a split takes the first N.
TASKS = (
    "click-test",
    "click-test-2",
    "click-button",
    "focus-text",
    "enter-text",
    "click-link",
    "click-checkboxes",
    "login-user",
    "choose-list",
    "click-tab-2",
    "click-button-sequence",
    "click-option",
    "click-tab",
    "click-widget",
    "click-collapsible",
    "enter-password",
    "enter-text-2",
    "focus-text-2",
    "click-checkboxes-soft",
    "navigate-tree",
)
TEST_SEED = 1000
KEYS = {
    "enter": "\ue007",
    "tab": "\ue004",
    "escape": "\ue00c",
    "backspace": "\ue003",
    "arrowup": "\ue013",
    "arrowdown": "\ue015",
    "arrowleft": "\ue012",
    "arrowright": "\ue014",
    "space": " ",
}
SCREENSHOTS = (None, "plain", "som")
TEXT_INPUTS = ("text", "password", "email", "number", "search", "tel", "url")

GRAMMAR = """One action per turn, naming an element by its [ref]:
  click [ref]              click an element, e.g. `click [4]`
  type [ref] "text"        replace what a text field holds, e.g. `type [7] "Kiera"` (text fields only)
  select [ref] "option"    choose an option of a combobox by its text, e.g. `select [9] "Blue"`
  press "Enter"            press a key in the focused element: Enter, Tab, Escape, Backspace, Space, Arrow*
  scroll up | scroll down  scroll the page
  stop                     end the episode (when the task is done, or cannot be)
Text lines (StaticText) have no ref and cannot be clicked."""

# One script: MiniWoB's own DOM walk (which gives every element its ref), each element's extra facts read from the
# element that ref names, and a list of lines the Python side indents.
OBSERVE = r"""
const root = core.getDOMInfo();
const out = [];
function labelOf(el) {
  if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
  if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
  return el.placeholder || el.name || el.id || '';
}
function walk(node, depth) {
  const el = core.previousDOMInfo[node.ref];
  const tag = node.tag;
  if (tag === 't') { out.push({depth, kind: 'text', text: node.text}); return; }
  if (!el) { node.children.forEach(c => walk(c, depth)); return; }
  const style = window.getComputedStyle(el);
  const line = {depth, ref: node.ref, tag, text: node.text || '', focused: !!node.focused};
  // cursor is inherited: only the element that sets it is the clickable one.
  const parent = el.parentElement;
  line.pointer = (style.cursor === 'pointer' && !(parent && window.getComputedStyle(parent).cursor === 'pointer'))
    || el.onclick !== null || el.getAttribute('onclick') !== null;
  line.label = tag === 'LABEL' && !!el.control;
  if (!line.text) line.inner = (el.innerText || '').trim().slice(0, 120);
  if (el instanceof HTMLInputElement) {
    line.input = el.type;
    line.name = labelOf(el);
    line.value = (el.type === 'checkbox' || el.type === 'radio') ? (el.checked ? 'checked' : 'unchecked') : el.value;
    line.labelled = !!(el.labels && el.labels.length);
  } else if (el instanceof HTMLTextAreaElement) {
    line.input = 'textarea'; line.name = labelOf(el); line.value = el.value;
  } else if (el instanceof HTMLSelectElement) {
    line.input = 'select'; line.name = labelOf(el);
    line.options = Array.from(el.options).map(o => o.text.trim());
    line.value = el.selectedIndex >= 0 ? el.options[el.selectedIndex].text.trim() : '';
    out.push(line); return;
  }
  out.push(line);
  node.children.forEach(c => walk(c, depth + 1));
}
walk(root, 0);
return out;
"""

# Scroll the task's own scrolling box when it has one (a long list), else the page.
SCROLL = r"""
const dy = arguments[0];
const boxes = Array.from(document.querySelectorAll('#area, #area *')).filter(el => {
  const s = window.getComputedStyle(el);
  return (s.overflowY === 'auto' || s.overflowY === 'scroll') && el.scrollHeight > el.clientHeight;
});
const box = boxes.length ? boxes[0] : document.scrollingElement;
const before = box.scrollTop;
box.scrollTop = before + dy;
return box.scrollTop !== before;
"""

# Each ref's box in the screenshot's pixels (the viewport's CSS pixels times the device pixel ratio).
BOXES = r"""
const ratio = window.devicePixelRatio;
return arguments[0].map(ref => {
  const box = core.previousDOMInfo[ref].getBoundingClientRect();
  return [box.left * ratio, box.top * ratio, box.width * ratio, box.height * ratio];
});
"""

# Wait for jQuery animations (accordions, dialogs) so an observation never catches a widget half-way.
SETTLED = "return !(window.jQuery && jQuery(':animated').length);"


class BrowserDied(EnvironmentFault):
    """Chromium or its driver stopped answering: an environment fault, reported like any other."""

    code = "browser_crashed"


def children_of(pid: int) -> list:
    """Every living process whose parent chain leads to `pid`, read from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                found.append(child)
                frontier.append(child)
    return found


def kill_descendants() -> None:
    """SIGKILL every process this one started (chromedriver, Chromium and its helpers) and reap them."""
    for pid in children_of(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                try:
                    if os.waitpid(-1, os.WNOHANG)[0] == 0:
                        time.sleep(0.02)
                except ChildProcessError:
                    return
            return


class MiniWoB(Environment):
    name = "miniwob"

    def __init__(self, chromium: str, chromedriver: str, instances: int, screenshots=None):
        """`screenshots`: None (text alone), "plain" (the page) or "som" (the page with each ref's numbered box)."""
        if screenshots not in SCREENSHOTS:
            raise ValueError(f"screenshots is one of {', '.join(map(repr, SCREENSHOTS))}, not {screenshots!r}")
        self.chromium = chromium
        self.chromedriver = chromedriver
        self.instances = instances
        # Declared in `hello` (capabilities.images): observations carry screenshot paths.
        self.images = screenshots is not None
        self.marked = screenshots == "som"
        # The marks drawn on the last screenshot (with --screenshots som).
        self.marks = []
        self.shot = None
        self.shots = 0
        self.driver = None
        self.scratch = None
        self.task = None
        self.lines = {}
        self.done = False
        self.raw_reward = 0.0
        self.reason = None
        from miniwob.selenium_instance import HTML_DIR

        self.pages = HTML_DIR / "miniwob"

    def describe_actions(self) -> str:
        return GRAMMAR

    # The grammar as patterns for `hello` (Arbor turns away an answer that matches none before it reaches `step`).
    action_patterns = [
        r"click \[\d+\]",
        r'(type|select) \[\d+\] ".*"',
        r'(?i)press \[?"?(enter|tab|escape|backspace|space|arrow(up|down|left|right))"?\]?',
        r"scroll (up|down)",
        r"stop",
    ]

    # MARK: tasks

    def tasks(self, split: str) -> list:
        first = TEST_SEED if split == "test" else 0
        return [
            Task(f"{name}/{seed}", f"MiniWoB++ {name}, instance {seed}")
            for seed in range(first, first + self.instances)
            for name in TASKS
        ]

    def parse_task(self, task):
        if isinstance(task, str) and task.count("/") == 1:
            name, seed = task.split("/")
            if name in TASKS and seed.isdigit():
                seed = int(seed)
                if seed < self.instances:
                    return name, seed, "train"
                if TEST_SEED <= seed < TEST_SEED + self.instances:
                    return name, seed, "test"
        raise UnknownTask(
            f"no task {task!r}: a task is NAME/SEED with NAME one of {', '.join(TASKS)} and SEED in 0..{self.instances - 1}"
            f" (train) or {TEST_SEED}..{TEST_SEED + self.instances - 1} (test)"
        )

    # MARK: episodes

    def reset(self, task, seed=None) -> Reset:
        name, instance, mode = self.parse_task(task)
        with self.browser("reset"):
            if self.driver is None:
                self.start_browser()
            self.driver.get(f"file://{self.pages}/{name}.html")
            self.driver.execute_script(
                # 2^31-1 ms: the largest timeout a browser keeps (a larger one fires at once).
                "core.EPISODE_MAX_TIME = 2147483647;"
                f"Math.seedrandom({instance});"
                f"core.setDataMode({json.dumps(mode)});"
                "core.startEpisodeReal();"
            )
            self.wait_until_ready()
            utterance = self.driver.execute_script("const u = core.getUtterance(); return u.utterance || u;")
            observation = self.observe()
            images = self.screenshot()
        self.task, self.done, self.raw_reward, self.reason = task, False, 0.0, None
        return Reset(observation=observation, task=str(utterance).strip(), images=images)

    def step(self, action: str) -> Step:
        if self.task is None:
            raise InvalidAction("reset first: there is no episode")
        if self.done:
            raise InvalidAction("the episode is over; the only thing left is to reset")
        verb, ref, argument = self.parse(action)
        with self.browser("step"):
            if verb == "stop":
                self.done = True
                return self.result(f"You stopped. {self.verdict()}")
            self.act(verb, ref, argument)
            self.wait_until_settled()
            metadata = self.driver.execute_script(
                "return {done: WOB_DONE_GLOBAL, raw: WOB_RAW_REWARD_GLOBAL, reason: WOB_REWARD_REASON};"
            )
            if metadata["done"]:
                self.done = True
                self.raw_reward = float(metadata["raw"])
                self.reason = metadata["reason"]
                return self.result(f"The task page ended the episode. {self.verdict()}")
            return Step(observation=self.observe(), images=self.screenshot())

    def result(self, text: str) -> Step:
        info = {"raw_reward": self.raw_reward, "reason": self.reason}
        return Step(observation=text, reward=self.raw_reward, done=True, info=info)

    def verdict(self) -> str:
        if self.reason is None and not self.raw_reward:
            return "MiniWoB gave no reward: the page had not finished the task."
        return f"MiniWoB's reward: {self.raw_reward:g}."

    def outcome(self) -> Outcome:
        return Outcome(success=self.done and self.raw_reward == 1.0, reward=self.raw_reward)

    # MARK: actions

    def parse(self, action: str):
        """`click [4]` → ("click", 4, None); anything outside the grammar is an InvalidAction saying what is."""
        text = action.strip()
        verb, _, rest = text.partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if verb == "stop" and not rest:
            return "stop", None, None
        if verb == "scroll" and rest.lower() in ("up", "down"):
            return "scroll", None, rest.lower()
        if verb == "press":
            key = rest.strip("[]\"'` ").lower().replace(" ", "")
            if key in KEYS:
                return "press", None, key
            raise InvalidAction(f"{action!r}: press takes one key: Enter, Tab, Escape, Backspace, Space or Arrow*")
        if verb in ("click", "type", "select"):
            if not rest.startswith("[") or "]" not in rest:
                raise InvalidAction(f"{action!r}: {verb} names an element by its ref, e.g. `{verb} [4]`")
            ref_text, _, tail = rest[1:].partition("]")
            if not ref_text.strip().isdigit():
                raise InvalidAction(f"{action!r}: [{ref_text}] is not a ref; refs are numbers, e.g. [4]")
            ref = int(ref_text)
            if ref not in self.lines:
                known = ", ".join(f"[{r}]" for r in sorted(self.lines)) or "none"
                raise InvalidAction(f"{action!r}: there is no element [{ref}] on this page (its refs: {known})")
            tail = tail.strip()
            if verb == "click":
                if tail:
                    raise InvalidAction(f"{action!r}: click takes only a ref, e.g. `click [{ref}]`")
                return "click", ref, None
            if len(tail) < 2 or tail[0] != '"' or tail[-1] != '"':
                raise InvalidAction(f'{action!r}: {verb} needs its text in double quotes, e.g. `{verb} [{ref}] "…"`')
            return verb, ref, tail[1:-1]
        raise InvalidAction(
            f"{action!r} is not an action here; write one of `click [ref]`, `type [ref] \"text\"`, "
            '`select [ref] "option"`, `press "Enter"`, `scroll up`, `scroll down`, `stop`'
        )

    def act(self, verb: str, ref, argument) -> None:
        line = self.lines.get(ref)
        if verb == "click":
            self.driver.execute_script("return core.elementClick(arguments[0]);", ref)
        elif verb == "type":
            if line.get("input") not in TEXT_INPUTS + ("textarea",):
                raise InvalidAction(f"[{ref}] is a {self.role(line)}, not a text field: `type` writes into text fields")
            from selenium.webdriver.common.action_chains import ActionChains

            self.driver.execute_script(
                "const el = core.previousDOMInfo[arguments[0]]; el.focus(); el.value = '';", ref
            )
            ActionChains(self.driver, duration=0).send_keys(argument).perform()
        elif verb == "select":
            options = line.get("options")
            if options is None:
                raise InvalidAction(f"[{ref}] is a {self.role(line)}, not a combobox: `select` chooses a combobox's option")
            if argument not in options:
                raise InvalidAction(f"[{ref}] has no option {argument!r}; its options are {' | '.join(options)}")
            self.driver.execute_script(
                "const el = core.previousDOMInfo[arguments[0]]; el.focus();"
                "el.selectedIndex = arguments[1];"
                "el.dispatchEvent(new Event('input', {bubbles: true}));"
                "el.dispatchEvent(new Event('change', {bubbles: true}));",
                ref,
                options.index(argument),
            )
        elif verb == "press":
            from selenium.webdriver.common.action_chains import ActionChains

            ActionChains(self.driver, duration=0).send_keys(KEYS[argument]).perform()
        elif verb == "scroll":
            if not self.driver.execute_script(SCROLL, 100 if argument == "down" else -100):
                raise InvalidAction(f"the page cannot scroll {argument} any further")

    # MARK: observations

    @staticmethod
    def role(line: dict) -> str:
        kind = line.get("input")
        if kind in TEXT_INPUTS or kind == "textarea":
            return "textbox"
        if kind == "select":
            return "combobox"
        if kind in ("checkbox", "radio"):
            return kind
        if kind in ("button", "submit", "reset") or line["tag"] == "BUTTON":
            return "button"
        if kind is not None:
            return kind
        if line["tag"] == "A" or line.get("pointer"):
            return "link"
        if line["tag"] in ("H1", "H2", "H3", "H4", "H5", "H6"):
            return "heading"
        return "generic"

    def screenshot(self) -> list:
        """The page as a PNG, when asked for with --screenshots: its path, in a list as `images` wants."""
        if not self.images:
            return []
        if self.shot is not None and os.path.exists(self.shot):
            os.remove(self.shot)
        self.shots += 1
        self.shot = os.path.join(self.scratch, f"screenshot-{self.shots}.png")
        if not self.driver.get_screenshot_as_file(self.shot):
            raise EnvironmentFault(f"Chromium could not save a screenshot to {self.shot}")
        if self.marked:
            self.mark(self.shot)
        return [self.shot]

    def mark(self, path: str) -> None:
        """Draws the set of marks on the screenshot at `path`: a numbered box for every ref of the observation just
        made, in its order; refs whose element is off screen or hidden get none."""
        from PIL import Image

        refs = list(self.lines)
        boxes = self.driver.execute_script(BOXES, refs)
        with Image.open(path) as shot:
            image = shot.convert("RGB")
        self.marks = draw_marks(image, [Mark(ref, *box) for ref, box in zip(refs, boxes)])
        image.save(path, format="PNG")
        unmarked = [ref for ref in refs if ref not in {m.ref for m in self.marks}]
        if unmarked:
            log.info("no mark for %s: off screen or hidden", ", ".join(f"[{ref}]" for ref in unmarked))

    def observe(self) -> str:
        rows = self.driver.execute_script(OBSERVE)
        self.lines = {}
        out = []
        # The rows above this one in the page's tree: (depth, shown, the name its text makes, if any).
        above = []
        for row in rows:
            while above and above[-1][0] >= row["depth"]:
                above.pop()
            indent = "  " * sum(1 for _, shown, _ in above if shown)
            names_above = [named for _, _, named in above if named]
            if row.get("kind") == "text":
                if names_above:
                    continue
                # MiniWoB splits a text at each line break of its layout; the agent reads it whole.
                if out and out[-1].startswith(f"{indent}StaticText '") and not out[-1].startswith(f"{indent} "):
                    out[-1] = out[-1][:-1] + " " + quote(row["text"])[1:]
                else:
                    out.append(f"{indent}StaticText {quote(row['text'])}")
                continue
            role = self.role(row)
            if row.get("input") is not None:
                name = row.get("value") if row.get("input") in ("button", "submit", "reset") else row.get("name")
            else:
                name = row.get("text") or (row.get("inner", "") if role not in ("generic", "link") else "")
                if role == "link" and not name and "inner" in row and len(row["inner"]) <= 40:
                    name = row["inner"]
            # A label's text is its input's name; a container without text of its own says nothing (its contents
            # are shown in its place).
            unnamed = role in ("generic", "link") and not name
            if row.get("label") or unnamed or (role == "generic" and name in names_above):
                above.append((row["depth"], False, "label" if row.get("label") else None))
                continue
            self.lines[row["ref"]] = row
            text = f"{indent}[{row['ref']}] {role} {quote(name or '')}"
            if row.get("input") is not None and row.get("input") not in ("button", "submit", "reset"):
                text += f" value={quote(row.get('value') or '')}"
            if row.get("focused"):
                text += " focused"
            out.append(text)
            if row.get("options") is not None:
                out.append(f"{indent}  StaticText {quote('Options: ' + ' | '.join(row['options']))}")
            above.append((row["depth"], True, name if name and not row.get("text") else None))
        return "\n".join(out) if out else "(the page shows nothing)"

    # MARK: the browser

    def start_browser(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-crash-reporter",
            # Nothing leaves the machine: every host name resolves to nothing; the pages are file:// URLs.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=800,600",
        ):
            options.add_argument(flag)
        options.binary_location = self.chromium
        # Chromium's profile and temporary files go to a folder of this process's own, removed with the browser.
        # Short: Chromium's profile lock is a Unix socket in it, and a socket's path has at most 107 bytes.
        base = tempfile.gettempdir() if len(tempfile.gettempdir()) <= 40 else "/tmp"
        self.scratch = tempfile.mkdtemp(prefix="amw-", dir=base)
        service = Service(executable_path=self.chromedriver, env=dict(os.environ, TMPDIR=self.scratch))
        # With both paths given, Selenium starts them as they are and never looks for (or downloads) a driver.
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_script_timeout(20)
        self.driver.set_page_load_timeout(20)

    def wait_until_ready(self) -> None:
        for _ in range(100):
            if self.driver.execute_script("return WOB_TASK_READY;"):
                return
            time.sleep(0.02)
        raise EnvironmentFault("the MiniWoB page did not get ready within 2 s")

    def wait_until_settled(self) -> None:
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and not self.driver.execute_script(SETTLED):
            time.sleep(0.02)

    def browser(self, op: str):
        return BrowserGuard(self, op)

    def stop_browser(self) -> None:
        driver, self.driver = self.driver, None
        if driver is not None:
            try:
                driver.quit()
            except Exception as error:  # a dead browser cannot quit; its processes are killed below
                log.info("chromedriver quit failed: %s", error)
        kill_descendants()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def close(self) -> None:
        self.stop_browser()


class BrowserGuard:
    """Turns a browser that died mid-request into a `browser_crashed` fault and clears it away, so the next reset
    starts a new one. Faults of the environment's own making (InvalidAction, UnknownTask) pass through."""

    def __init__(self, environment: MiniWoB, op: str):
        self.environment = environment
        self.op = op

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if error is None or isinstance(error, EnvironmentFault):
            return False
        from selenium.common.exceptions import WebDriverException
        from urllib3.exceptions import HTTPError

        if isinstance(error, (WebDriverException, HTTPError, ConnectionError)):
            log.error("the browser failed during %s: %s", self.op, error)
            self.environment.stop_browser()
            self.environment.task = None
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise BrowserDied(f"Chromium failed during {self.op} ({message}); the next reset starts a new browser")
        return False


def quote(text: str) -> str:
    """Single quotes around `text`, on one line (the page's line breaks become spaces)."""
    return "'" + " ".join(str(text).split()) + "'"


def make_subreaper() -> None:
    """Chromium's helpers outlive chromedriver's `quit` and are handed to init; as a subreaper this process gets them
    instead, so `kill_descendants` finds every one."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        log.warning("could not become a subreaper; Chromium helpers may outlive a crash")


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve MiniWoB++ to Arbor over its environment protocol.")
    parser.add_argument("--chromium", default=os.environ.get("MINIWOB_CHROME_BINARY", "/usr/bin/chromium"))
    parser.add_argument("--chromedriver", default=os.environ.get("MINIWOB_CHROMEDRIVER", "/usr/bin/chromedriver"))
    parser.add_argument("--instances", type=int, default=5, help="instances per task in each split (default 5)")
    parser.add_argument(
        "--screenshots",
        nargs="?",
        const="plain",
        choices=("plain", "som"),
        help="a PNG screenshot of the page with each observation; `som` draws each ref's numbered box on it",
    )
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="miniwob: %(message)s")
    for path in (options.chromium, options.chromedriver):
        if not os.access(path, os.X_OK):
            sys.exit(f"miniwob: {path} is not an executable; install Debian's chromium and chromium-driver "
                     "(scripts/setup-system.sh as root does) or pass --chromium/--chromedriver")
    try:
        import miniwob  # noqa: F401
    except ImportError:
        sys.exit("miniwob: the Python package miniwob is missing; run `python3 -m pip install miniwob`")
    make_subreaper()
    environment = MiniWoB(options.chromium, options.chromedriver, max(1, options.instances), options.screenshots)

    # A signal is taken by a thread of its own: sent to this process it may land on any thread, and a Python
    # handler would run only once the main thread, blocked reading stdin, woke up.
    def stop_on_signal():
        signum = signal.sigwait(ENDINGS)
        # The browser may be mid-request: no polite quit, just make sure nothing of it is left.
        kill_descendants()
        if environment.scratch is not None:
            shutil.rmtree(environment.scratch, ignore_errors=True)
        os._exit(128 + signum)

    threading.Thread(target=stop_on_signal, name="signals", daemon=True).start()
    try:
        serve(environment)  # returns when stdin closes or after `close`; serve() calls close()
    finally:
        environment.close()


if __name__ == "__main__":
    main()

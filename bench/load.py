"""Many viewers: N concurrent viewers changing filters on one `streamlit run` server.

    .venv/bin/python bench/load.py                       (make bench-load)
    .venv/bin/python bench/load.py --clients browser --sessions 1,5 --changes 4 --no-write

For each client kind and each N (default 1, 5, 10, 20) a fresh server is started on loopback
(as the Docker image runs it: file watcher off) and warmed by one visit. The N viewers open the
Timeline page (``--opening`` at a time) and stay connected; then all of them change the
sidebar filters K times at once: pick an actor in the Actor multiselect, pick an event type,
remove the actor, remove the type, and again; 0.5-1.5 s apart (seeded).

Clients: ``browser`` is one headless Chromium with a context per viewer (Playwright, async),
clicking the real widgets (type into the list, click the option; a tag's remove button);
``browser-low`` is the same with the browser at nice 19, so the server gets the CPU first;
``websocket`` has no browser: each viewer speaks Streamlit's protocol on the websocket and
sends the widget values the sidebar would send, which measures the server's share alone.

In a browser each change is timed twice: in the page, from the pointer going down to the end
of the rerun (the app's ``data-test-script-state`` back to ``notRunning``, idle for 300 ms);
and on the wire, from the websocket message asking for the rerun to ``script_finished``. A
change is an error if no rerun finishes within 30 s, if the URL does not show the new filter
afterwards, or if the page shows an exception; uncaught JavaScript errors and tracebacks in
the server's log count too.

Reported per row: errors, p50/p95/max latencies, time to open, the server's resident memory
(after warm-up and peak, /proc/<pid>/status), reruns per second, the server's CPU time per
rerun, and how the machine's CPU was shared. The table is printed and written to
bench/results.md, section "Many viewers". Everything is bounded: K changes per viewer, a
timeout per step and a global timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import re
import statistics
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, AppServer  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
SECTION = "## Many viewers"
# (actor_id, what to type to find it, the option's exact label)
ACTORS = [
    ("nato", "NATO", "NATO"),
    ("russia", "Russia", "Russia"),
    ("ukraine", "Ukraine", "Ukraine"),
    ("united-states", "United States", "United States"),
    ("eu", "European", "European Union"),
    ("blinken", "Blinken", "Antony Blinken (United States)"),
    ("borrell", "Borrell", "Josep Borrell (European Union)"),
    ("osce", "Organization", "Organization for Security and Cooperation in Europe"),
]
TYPES = [("meeting", "Meeting"), ("call", "Call"), ("visit", "Visit"), ("statement", "Statement")]
SIDEBAR_SELECT = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"
RUN_TIMEOUT_S = 30.0
OPEN_TIMEOUT_S = 90.0
SETTLE_MS = 300
FINISHED_OK = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


@dataclass(frozen=True)
class Target:
    """The app the viewers load: the dashboard's Timeline, or the bare app (bench/bare_app.py,
    the same sidebar widgets, one timeline and one map rebuilt on every run, no URL state)."""

    app: str = "dashboard"
    script: str = "dashboard.py"
    path: str = "/timeline"
    page_name: str = "timeline"
    query: str = ""  # added to the URL the viewers open (e.g. "dataset=all")
    url_state: bool = True  # the app writes its filters into the URL (checked after a change)


def target_for(app: str, query: str = "") -> Target:
    if app == "bare":
        return Target("bare", "bench/bare_app.py", "/", "", "", False)
    return Target(query=query)


TIMELINE = Target()

# In the page: log every change of the script state and arm a timer on the next pointerdown.
INSTRUMENT = """() => {
  if (window.__bench) return;
  const app = document.querySelector("[data-testid='stApp']");
  window.__bench = {log: [], t0: null, armed: false};
  new MutationObserver(() => {
    window.__bench.log.push([app.getAttribute('data-test-script-state'), performance.now()]);
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  document.addEventListener('pointerdown', () => {
    const b = window.__bench;
    if (b.armed) { b.t0 = performance.now(); b.armed = false; }
  }, true);
}"""
STARTED = "() => window.__bench.log.some(([s, t]) => s !== 'notRunning' && t >= window.__bench.t0)"
ARM = "() => { const b = window.__bench; b.armed = true; b.t0 = null; b.wireDone = false; }"
WIRE_DONE = "() => { window.__bench.wireDone = true; }"
# Resolves with the rerun latency (ms) once a run that started after t0 has ended and the
# app has stayed idle for SETTLE_MS; null if t0 was never set.
RERUN_DONE = """(settle) => new Promise((resolve) => {
  const b = window.__bench;
  if (b.t0 === null) { resolve(null); return; }
  const app = document.querySelector("[data-testid='stApp']");
  let timer = null;
  let doneAt = null;
  const check = () => {
    const idle = app.getAttribute('data-test-script-state') === 'notRunning';
    const last = b.log[b.log.length - 1];
    if (!idle) { clearTimeout(timer); timer = null; doneAt = null; return; }
    // a run that started after the click has ended; or, when the page drew the whole run in
    // one go (no state change to observe), the websocket has seen it finish
    const started = b.log.some(([s, t]) => s !== 'notRunning' && t >= b.t0);
    if (!(started || b.wireDone)) return;
    const end = started && last[0] === 'notRunning' ? last[1] : performance.now();
    if (doneAt !== end) {
      clearTimeout(timer);
      doneAt = end;
      timer = setTimeout(() => { obs.disconnect(); clearInterval(poll); resolve(doneAt - b.t0); },
                         settle);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  const poll = setInterval(() => { if (b.wireDone && doneAt === null) check(); }, 100);
  check();
})"""


# --- measuring the server ---------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds including reaped children)."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(entry.name)] = (int(fields[1]), sum(int(v) for v in fields[11:15]) / tick)
    return out


def descendants(root: int, exclude: int | None = None) -> dict[int, float]:
    """``root``'s descendant processes (pid -> CPU seconds), without ``exclude``'s subtree:
    here the browser side (Playwright's driver and Chromium's processes) without the server."""
    procs = _processes()
    found: dict[int, float] = {}
    for pid, (_, seconds) in procs.items():
        p = pid
        while p in procs and p > 1 and p != exclude:
            p = procs[p][0]
            if p == root:
                found[pid] = seconds
                break
    return found


def tree_cpu_seconds(root: int, exclude: int) -> float:
    """CPU seconds of the browser side (reaped children counted through cutime/cstime)."""
    return sum(descendants(root, exclude).values())


def renice_browser(value: int, exclude: int | None = None) -> None:
    """Lower the browser side's priority (its new processes inherit it), so the server gets
    the CPU first, as if the viewers' browsers ran on their own machines."""
    for pid in descendants(os.getpid(), exclude):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, value)


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Sampler(threading.Thread):
    """Peak RSS of a process, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._halt = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except OSError:
                return
            self._halt.wait(0.2)

    def stop(self) -> float:
        self._halt.set()
        self.join(timeout=2)
        return self.peak


class LogDrain(threading.Thread):
    """Reads the server's stderr (so the pipe never fills) and counts tracebacks."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream, self.tail, self.tracebacks = stream, deque(maxlen=40), 0

    def run(self) -> None:
        for raw in iter(self.stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            self.tail.append(line)
            if line.startswith("Traceback"):
                self.tracebacks += 1


# --- one viewer ------------------------------------------------------------------------------


@dataclass
class SessionResult:
    page_ms: list[float] = field(default_factory=list)  # click -> idle, timed in the page
    wire_ms: list[float] = field(default_factory=list)  # rerun request -> script finished
    open_ms: float | None = None
    errors: list[str] = field(default_factory=list)


def query_of(url_or_query: str | None) -> dict[str, list[str]]:
    text = url_or_query or ""
    return parse_qs(urlparse(text).query if "://" in text else text)


@dataclass(frozen=True)
class Step:
    """One filter change: which multiselect, the labels it holds afterwards, and the check."""

    widget: str  # "Actor" or "Event type"
    labels: tuple[str, ...]
    param: str  # the URL parameter it drives
    value: str | None  # the parameter's value afterwards (None: absent)
    what: str

    def holds(self, query: dict[str, list[str]]) -> bool:
        return query.get(self.param) == [self.value] if self.value else self.param not in query


def steps_for(index: int, changes: int) -> list[Step]:
    """Pick an actor, pick an event type, remove the actor, remove the type; again."""
    actor_id, _, actor_label = ACTORS[index % len(ACTORS)]
    type_id, type_label = TYPES[index % len(TYPES)]
    cycle = [
        Step("Actor", (actor_label,), "actor", actor_id, f"pick actor {actor_id}"),
        Step("Event type", (type_label,), "type", type_id, f"pick type {type_id}"),
        Step("Actor", (), "actor", None, "remove actor"),
        Step("Event type", (), "type", None, "remove type"),
    ]
    return [cycle[i % len(cycle)] for i in range(changes)]


class WireTimer:
    """Times a rerun on the websocket: the BackMsg asking for it leaving the page, to the last
    ForwardMsg ``script_finished`` arriving, as the browser's network layer reports them."""

    def __init__(self) -> None:
        self.armed = False
        self.sent: float | None = None
        self.done: float | None = None

    def arm(self) -> None:
        self.armed, self.sent, self.done = True, None, None

    def attach(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if not self.armed or self.sent is not None or isinstance(payload, str):
            return
        msg = BackMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "rerun_script":
            self.sent = time.perf_counter()

    def _received(self, payload) -> None:
        if self.sent is None or isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in FINISHED_OK:
            self.done = time.perf_counter()

    def elapsed_ms(self) -> float | None:
        self.armed = False
        if self.sent is None or self.done is None or self.done < self.sent:
            return None
        return (self.done - self.sent) * 1000


class BrowserSession:
    """A viewer in Chromium: a browser context on /timeline using the sidebar's widgets."""

    def __init__(self, browser, url: str, index: int, seed: int, target: Target = TIMELINE) -> None:
        self.browser, self.url, self.index, self.target = browser, url, index, target
        self.rng = random.Random(seed * 1000 + index)
        _, self.actor_typed, _ = ACTORS[index % len(ACTORS)]
        self.result = SessionResult()
        self.wire = WireTimer()
        self.context = None
        self.page = None

    async def open(self) -> bool:
        r = self.result
        try:
            self.context = await self.browser.new_context(viewport={"width": 1400, "height": 1000})
            page = self.page = await self.context.new_page()
            page.set_default_timeout(30_000)
            page.on("pageerror", lambda exc: r.errors.append(f"page error: {exc}"[:200]))
            page.on("websocket", self.wire.attach)
            start = time.perf_counter()
            query = f"?{self.target.query}" if self.target.query else ""
            await page.goto(f"{self.url}{self.target.path}{query}", timeout=OPEN_TIMEOUT_S * 1000)
            await page.wait_for_selector(IDLE, timeout=OPEN_TIMEOUT_S * 1000)
            await page.wait_for_selector("[data-testid='stPlotlyChart']", timeout=30_000)
            r.open_ms = (time.perf_counter() - start) * 1000
            await page.evaluate(INSTRUMENT)
            return True
        except Exception as exc:  # a viewer that breaks is an error, not a crash of the bench
            r.errors.append(f"session {self.index} open: {type(exc).__name__}: {str(exc)[:200]}")
            return False

    async def change_filters(self, changes: int, think: tuple[float, float]) -> None:
        boxes = {
            "Actor": self.page.locator(SIDEBAR_SELECT).nth(0),
            "Event type": self.page.locator(SIDEBAR_SELECT).nth(1),
        }
        held: dict[str, str] = {}
        try:
            for step in steps_for(self.index, changes):
                await asyncio.sleep(self.rng.uniform(*think))
                box = boxes[step.widget]
                if step.labels:  # open the list, filter it, click the option
                    label = step.labels[0]
                    await box.click()
                    typed = self.actor_typed if step.widget == "Actor" else label
                    await self.page.keyboard.type(typed)
                    option = self.page.get_by_role("option", name=label, exact=True)
                    await option.wait_for(timeout=10_000)
                    await self._timed(option.click, step)
                    held[step.widget] = label
                else:  # the tag's remove button
                    remove = box.get_by_role("button", name=f"Remove {held.pop(step.widget)}")
                    await self._timed(remove.click, step)
                await self.page.keyboard.press("Escape")  # close an open option list
        except Exception as exc:
            self.result.errors.append(
                f"session {self.index}: {type(exc).__name__}: {str(exc)[:200]}"
            )

    async def _timed(self, click, step: Step) -> None:
        """Arm the timers, click, wait for the rerun to end, check the URL and the page."""
        page, r = self.page, self.result
        await page.evaluate(ARM)
        self.wire.arm()
        await click()
        waiting = asyncio.ensure_future(page.evaluate(RERUN_DONE, SETTLE_MS))
        told = False
        deadline = time.monotonic() + RUN_TIMEOUT_S + SETTLE_MS / 1000
        while not waiting.done() and time.monotonic() < deadline:
            await asyncio.wait({waiting}, timeout=0.1)
            if not told and not waiting.done() and self.wire.done is not None:
                await page.evaluate(WIRE_DONE)
                told = True
        if not waiting.done():
            waiting.cancel()
            with contextlib.suppress(BaseException):
                await waiting
            started = await page.evaluate(STARTED)
            r.errors.append(
                f"{step.what}: no rerun finished within {RUN_TIMEOUT_S:.0f} s (request sent: "
                f"{'yes' if self.wire.sent else 'no'}, run started: {'yes' if started else 'no'})"
            )
            return
        latency = waiting.result()
        if latency is None:
            r.errors.append(f"{step.what}: the click never reached the page")
            return
        r.page_ms.append(latency)
        wire = self.wire.elapsed_ms()
        if wire is not None:
            r.wire_ms.append(wire)
        if self.target.url_state and not step.holds(query_of(page.url)):
            r.errors.append(f"{step.what}: the URL does not show it ({urlparse(page.url).query!r})")
        if await page.locator("[data-testid='stException']").count():
            r.errors.append(f"{step.what}: the page shows an exception")

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()


class SocketSession:
    """A viewer without a browser: Streamlit's own protocol over the websocket, sending the
    widget values the sidebar would send. Measures the server's share alone."""

    def __init__(
        self,
        url: str,
        index: int,
        seed: int,
        target: Target = TIMELINE,
        cookie: str | None = None,
    ) -> None:
        self.target = target
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.index = index
        self.cookie = cookie  # sent with the upgrade, as a browser sends its cookies
        self.rng = random.Random(seed * 1000 + index)
        self.result = SessionResult()
        self.ws = None
        self.widgets: dict[str, str] = {}  # label -> widget id

    def _rerun(self, widgets: dict[str, tuple[str, ...]] | None = None) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.target.query
        state.page_name = self.target.page_name
        for label, values in (widgets or {}).items():
            w = state.widget_states.widgets.add()
            w.id = self.widgets[label]
            w.string_array_value.data.extend(values)
        return msg.SerializeToString()

    async def _run(self) -> tuple[float, str | None, bool]:
        """Read until the run is over: (seconds, query string set by the run, exception?)."""
        start = time.perf_counter()
        query, finished, exception = None, False, False
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                widget = getattr(element, element.WhichOneof("type") or "", None)
                if element.WhichOneof("type") == "exception":
                    exception = True
                elif getattr(widget, "id", "") and getattr(widget, "label", ""):
                    self.widgets[widget.label] = widget.id
            elif kind == "page_info_changed":
                query = msg.page_info_changed.query_string
            elif kind == "script_finished":
                finished = msg.script_finished in FINISHED_OK
            elif kind == "session_status_changed" and finished:
                if not msg.session_status_changed.script_is_running:
                    return time.perf_counter() - start, query, exception

    async def open(self) -> bool:
        import websockets

        r = self.result
        try:
            start = time.perf_counter()
            self.ws = await websockets.connect(
                self.url,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=30,
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
            )
            await self.ws.send(self._rerun())
            await self._run()
            r.open_ms = (time.perf_counter() - start) * 1000
            return True
        except Exception as exc:
            r.errors.append(f"session {self.index} open: {type(exc).__name__}: {str(exc)[:200]}")
            return False

    async def change_filters(self, changes: int, think: tuple[float, float]) -> None:
        r = self.result
        query: dict[str, list[str]] = {}
        try:
            for step in steps_for(self.index, changes):
                await asyncio.sleep(self.rng.uniform(*think))
                await self.ws.send(self._rerun({step.widget: step.labels}))
                try:
                    seconds, new_query, exception = await self._run()
                except TimeoutError:
                    r.errors.append(f"{step.what}: no rerun finished within {RUN_TIMEOUT_S:.0f} s")
                    return
                r.wire_ms.append(seconds * 1000)
                if new_query is not None:
                    query = query_of(new_query)
                elif not step.value:  # a run that clears the URL may not send it again
                    query.pop(step.param, None)
                if self.target.url_state and not step.holds(query):
                    r.errors.append(f"{step.what}: the URL does not show it ({new_query!r})")
                if exception:
                    r.errors.append(f"{step.what}: the run shows an exception")
        except Exception as exc:
            r.errors.append(f"session {self.index}: {type(exc).__name__}: {str(exc)[:200]}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


# --- one level: N viewers on a fresh server --------------------------------------------------

CLIENTS = {
    "browser": "Chromium, normal priority",
    "browser-low": "Chromium at nice 19",
    "websocket": "websocket protocol, no browser",
}


@dataclass
class Level:
    sessions: int
    client: str
    app: str = "dashboard"
    changes: int = 0
    errors: list[str] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    wire_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    rss_idle_mb: float = 0.0
    rss_peak_mb: float = 0.0
    server_cpu: float = 0.0  # cores
    server_cpu_s: float = 0.0  # CPU seconds during the change phase
    client_cpu: float = 0.0  # cores: this script, Playwright's driver and Chromium
    machine_cpu: float = 0.0  # cores busy, all processes
    wall_s: float = 0.0


async def run_level(
    browser, client: str, n: int, args: argparse.Namespace, app: str = "dashboard"
) -> Level:
    level = Level(sessions=n, client=client, app=app)
    target = target_for(app, getattr(args, "query", ""))
    env = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    if getattr(args, "db", None):
        env["CRISIS_DB"] = str(args.db)
    server = AppServer(env=env, script=target.script)
    pid, me = server.proc.pid, os.getpid()
    if client.startswith("browser"):
        renice_browser(19 if client == "browser-low" else 0, exclude=pid)
    drain = LogDrain(server.proc.stderr)
    drain.start()
    if client == "websocket":
        sessions = [SocketSession(server.url, i, args.seed, target) for i in range(n)]
    else:
        sessions = [BrowserSession(browser, server.url, i, args.seed, target) for i in range(n)]
    try:
        # warm-up: one visit loads the store and fills the default view's caches
        warm = SocketSession(server.url, -1, args.seed, target)
        await warm.open()
        await warm.close()
        await asyncio.sleep(1)
        level.rss_idle_mb = rss_mb(pid)
        tracebacks_before = drain.tracebacks
        sampler = Sampler(pid)
        sampler.start()

        # phase 1: the viewers arrive, `opening` at a time, and stay connected
        gate = asyncio.Semaphore(args.opening)

        async def arrive(s) -> bool:
            async with gate:
                return await s.open()

        opened = await asyncio.gather(*(arrive(s) for s in sessions))

        # phase 2: all of them change filters at once
        cpu0, client0 = cpu_seconds(pid), cpu_seconds(me) + tree_cpu_seconds(me, pid)
        busy0, wall0 = machine_busy(), time.perf_counter()
        ready = [s for s, ok in zip(sessions, opened, strict=True) if ok]
        await asyncio.gather(*(s.change_filters(args.changes, args.think) for s in ready))
        level.wall_s = time.perf_counter() - wall0
        level.server_cpu_s = cpu_seconds(pid) - cpu0
        level.server_cpu = level.server_cpu_s / level.wall_s
        client1 = cpu_seconds(me) + tree_cpu_seconds(me, pid)
        level.client_cpu = (client1 - client0) / level.wall_s
        busy1 = machine_busy()
        cores = len(os.sched_getaffinity(0))
        level.machine_cpu = cores * (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1)
        level.rss_peak_mb = max(sampler.stop(), level.rss_idle_mb)
        for s in sessions:
            r = s.result
            level.page_ms += r.page_ms
            level.wire_ms += r.wire_ms
            level.errors += r.errors
            if r.open_ms is not None:
                level.open_ms.append(r.open_ms)
        level.changes = n * args.changes
        new_tracebacks = drain.tracebacks - tracebacks_before
        if new_tracebacks:
            level.errors.append(f"{new_tracebacks} traceback(s) in the server log")
            level.errors += [line for line in drain.tail if line.strip()][-10:]
    finally:
        for s in sessions:
            with contextlib.suppress(Exception):
                await s.close()
        server.stop()
    return level


# --- reporting -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def machine() -> list[str]:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    import streamlit

    return [
        f"{len(os.sched_getaffinity(0))} CPUs (nproc), {model}, {mem_kb / 1024 / 1024:.1f} GiB RAM",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}",
    ]


def _s(ms: float, digits: int = 2) -> str:
    return "–" if ms != ms else f"{ms / 1000:.{digits}f} s"


def _three(values: list[float]) -> str:
    if not values:
        return "–"
    return " / ".join(_s(v) for v in (percentile(values, 50), percentile(values, 95), max(values)))


def table(levels: list[Level]) -> str:
    head = (
        "| app | client | sessions | changes | errors | rerun in page p50 / p95 / max "
        "| rerun on the wire p50 / p95 / max | open p50 / p95 | server RSS idle → peak "
        "| reruns/s | server CPU per rerun | CPU cores: server / client / other |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = []
    for lv in levels:
        other = max(lv.machine_cpu - lv.server_cpu - lv.client_cpu, 0)
        done = len(lv.wire_ms) if lv.client == "websocket" else len(lv.page_ms)
        rows.append(
            f"| {lv.app} | {lv.client} | {lv.sessions} | {lv.changes} | {len(lv.errors)} "
            f"| {_three(lv.page_ms)} | {_three(lv.wire_ms)} "
            f"| {_s(percentile(lv.open_ms, 50), 1)} / {_s(percentile(lv.open_ms, 95), 1)} "
            f"| {lv.rss_idle_mb:.0f} → {lv.rss_peak_mb:.0f} MB "
            f"| {done / max(lv.wall_s, 1e-9):.1f} "
            f"| {lv.server_cpu_s / max(done, 1) * 1000:.0f} ms "
            f"| {lv.server_cpu:.2f} / {lv.client_cpu:.2f} / {other:.2f} |"
        )
    return "\n".join([head, *rows])


def verdict(levels: list[Level], target_n: int = 20, target_p95_s: float = 2.0) -> str:
    lines = []
    for lv in levels:
        if lv.sessions != target_n or lv.app != "dashboard":
            continue
        measured = lv.wire_ms if lv.client == "websocket" else lv.page_ms
        p95 = percentile(measured, 95) / 1000
        ok = not lv.errors and p95 <= target_p95_s
        where = "on the wire" if lv.client == "websocket" else "in the page"
        lines.append(
            f"- {lv.client} ({CLIENTS[lv.client]}): {len(lv.errors)} errors, p95 {where} "
            f"{p95:.2f} s — {'met' if ok else 'missed'}."
        )
    if not lines:
        return f"Target ({target_n} sessions) not measured in this run."
    return "\n".join(
        [f"Target: {target_n} sessions, 0 errors, p95 ≤ {target_p95_s:g} s.", "", *lines]
    )


def against_bare(levels: list[Level]) -> str:
    """The dashboard's figures over the bare app's, client by client and N by N."""
    bare = {(lv.client, lv.sessions): lv for lv in levels if lv.app == "bare"}
    lines = []
    for lv in levels:
        b = bare.get((lv.client, lv.sessions))
        if lv.app != "dashboard" or b is None:
            continue
        mine = lv.wire_ms if lv.client == "websocket" else lv.page_ms
        theirs = b.wire_ms if b.client == "websocket" else b.page_ms
        done, bdone = max(len(mine), 1), max(len(theirs), 1)
        cpu = (lv.server_cpu_s / done) / max(b.server_cpu_s / bdone, 1e-9)
        p95 = percentile(mine, 95) / max(percentile(theirs, 95), 1e-9)
        p50 = percentile(mine, 50) / max(percentile(theirs, 50), 1e-9)
        lines.append(
            f"| {lv.client} | {lv.sessions} | {cpu:.2f}x | {p50:.2f}x | {p95:.2f}x "
            f"| {len(mine) / max(lv.wall_s, 1e-9):.1f} / {len(theirs) / max(b.wall_s, 1e-9):.1f} |"
        )
    if not lines:
        return ""
    head = (
        "Dashboard (Timeline) over the bare app, same run, same client and N:\n\n"
        "| client | sessions | server CPU per rerun | p50 | p95 | reruns/s dashboard / bare |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    return "\n".join([head, *lines])


def reading(levels: list[Level], args: argparse.Namespace) -> str:
    """What limits it, in this run's own figures."""
    sock = [lv for lv in levels if lv.client == "websocket" and lv.wire_ms]
    browse = [lv for lv in levels if lv.client == "browser" and lv.page_ms]
    cores = len(os.sched_getaffinity(0))
    parts = []
    if sock:
        top = max(sock, key=lambda lv: len(lv.wire_ms) / max(lv.wall_s, 1e-9))
        per = [lv.server_cpu_s / max(len(lv.wire_ms), 1) * 1000 for lv in sock]
        peak = max(lv.server_cpu for lv in sock)
        rate = len(top.wire_ms) / top.wall_s
        cost = f"a Timeline rerun cost {min(per):.0f}–{max(per):.0f} ms of server CPU"
        if peak >= 0.8:
            parts.append(
                f"The server alone (websocket rows) saturated at about one core ({peak:.2f} "
                f"of {cores}: one Python process, whose script runs take turns on the GIL) "
                f"and {rate:.1f} reruns/s; {cost} (more as runs contend). Viewers changing a "
                f"filter every {sum(args.think) / 2:g} s or so ask for more than that once "
                "there are more than a handful of them, so reruns queue and latency grows "
                "with N"
                + (
                    ", while every change still completes."
                    if not any(lv.errors for lv in levels)
                    else "."
                )
            )
        else:
            parts.append(
                f"The server alone (websocket rows) did not saturate (at most {peak:.2f} "
                f"of {cores} cores, {rate:.1f} reruns/s); {cost}."
            )
    if browse:
        parts.append(
            "In the browser rows the simulated viewers (Chromium and Playwright) took up to "
            f"{max(lv.client_cpu for lv in browse):.2f} of the {cores} cores, leaving the "
            "server less than it would have with real viewers on their own machines."
        )
    parts.append(
        "Two ways to the target: cheaper reruns (the Timeline's per-run figure building), "
        'or several server processes behind a proxy with sticky sessions (README, "Hosting '
        'and sharing").'
    )
    return "What limits it: " + " ".join(parts)


def write_section(body: str, path: Path = RESULTS, section: str = SECTION) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = f"{section}\n\n{body.strip()}\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def report(levels: list[Level], args: argparse.Namespace, browser_version: str) -> str:
    errors = [f"- {lv.client}, N={lv.sessions}: {e}" for lv in levels for e in lv.errors[:10]]
    lo, hi = args.think
    return "\n".join(
        [
            "`bench/load.py` (`make bench-load`): N concurrent viewers of one "
            "`streamlit run dashboard.py` on loopback, with the Docker image's settings (file "
            "watcher off); a fresh server for every row, warmed by one visit. The viewers open "
            f"/timeline {args.opening} at a time and stay connected; then all of them make "
            f"{args.changes} filter changes each (pick an actor, pick an event type, remove the "
            f"actor, remove the type), {lo:g}–{hi:g} s apart. Clients:",
            "",
            "- *browser*: one headless Chromium, one context per viewer (async Playwright), "
            "using the sidebar's multiselects: type into the list, click the option, or click "
            "a tag's remove button.",
            "- *browser-low*: the same with Chromium and Playwright's driver at nice 19, so "
            "the server gets the CPU first — closer to viewers on their own machines; the "
            "in-page figures then include the browser's own wait for the CPU.",
            "- *websocket*: no browser; each viewer speaks Streamlit's protocol on the "
            "websocket and sends the same widget values the sidebar sends. The server's share "
            "alone (a little more of it than with a browser, which tells the server which "
            "messages it has cached).",
            "",
            "Measured:",
            "",
            "- *rerun in page*: pointer down on the option or button → the app's script state "
            "back to `notRunning` (idle for 300 ms after), timed in the page: what a viewer "
            "waits.",
            "- *rerun on the wire*: the websocket message asking for the rerun → the run's "
            "end (`script_finished`), as the browser's network layer or the websocket client "
            "sees them.",
            "- *open*: navigation → the first run finished (browser: chart drawn).",
            "- *errors*: no rerun within 30 s, a URL that does not show the new filter, an "
            "exception on the page, an uncaught JavaScript error, a traceback in the server log.",
            "- *reruns/s*: filter changes completed per second, all viewers together. *Server "
            "CPU per rerun*: the server's CPU time in the change phase over those reruns.",
            "- RSS from /proc/<pid>/status, after the warm-up → peak. CPU: cores busy on "
            "average in the change phase — the server process, the client (this script, "
            "Playwright's driver, Chromium) and everything else on the machine.",
            "",
            "Machine: " + "; ".join(machine()) + f"; Chromium {browser_version}.",
            f"Run: {time.strftime('%Y-%m-%d %H:%M')}, `bench/load.py --clients {args.clients} "
            f"--sessions {args.sessions} --changes {args.changes} --think {lo:g},{hi:g} "
            f"--opening {args.opening} --seed {args.seed} --apps {args.apps}"
            + (f" --db {args.db.name}" if args.db else "")
            + (f" --query {args.query}" if args.query else "")
            + "`.",
            "",
            table(levels),
            "",
            verdict(levels),
            "",
            against_bare(levels),
            "",
            reading(levels, args),
            *(["", "Errors (first ten per row):", "", *errors] if errors else []),
        ]
    )


async def main_async(args: argparse.Namespace) -> tuple[list[Level], str]:
    from playwright.async_api import async_playwright

    levels: list[Level] = []
    version = "not used"
    async with async_playwright() as p:
        browser = None
        if any(c.startswith("browser") for c in args.client_list):
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            version = browser.version
        try:
            for client in args.client_list:
                for n in args.sessions_list:
                    for app in getattr(args, "app_list", ["dashboard"]):
                        print(f"{app}, {client}, {n} session(s)…", file=sys.stderr, flush=True)
                        level = await run_level(browser, client, n, args, app)
                        levels.append(level)
                        print(table([level]).splitlines()[-1], file=sys.stderr, flush=True)
        finally:
            if browser is not None:
                await browser.close()
    return levels, version


def _think(text: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in text.split(","))
    if not 0 <= lo <= hi <= 60:
        raise argparse.ArgumentTypeError("LO,HI seconds with 0 <= LO <= HI <= 60")
    return lo, hi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients",
        default="websocket,browser-low",
        help=f"comma-separated, from {', '.join(CLIENTS)} (websocket,browser-low)",
    )
    parser.add_argument(
        "--sessions", default="1,5,10,20,50", help="comma-separated N (1,5,10,20,50)"
    )
    parser.add_argument(
        "--apps",
        default="dashboard,bare",
        help="dashboard (its Timeline) and/or bare (bench/bare_app.py) (both)",
    )
    parser.add_argument("--db", type=Path, help="CRISIS_DB for the servers (a DuckDB file)")
    parser.add_argument(
        "--query", default="", help="URL query the dashboard's viewers open, e.g. dataset=all"
    )
    parser.add_argument("--changes", type=int, default=8, help="filter changes per session (8)")
    parser.add_argument(
        "--think", type=_think, default=(0.5, 1.5), help="seconds between changes (0.5,1.5)"
    )
    parser.add_argument("--opening", type=int, default=2, help="viewers opening at once (2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=2400, help="global timeout, seconds")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/results.md")
    parser.add_argument(
        "--proxy-replicas",
        help="through nginx (`make serve`) with these replica counts, e.g. 1,2; websocket "
        "viewers (bench/proxy.py)",
    )
    args = parser.parse_args(argv)
    if args.proxy_replicas:
        import importlib.util

        spec = importlib.util.spec_from_file_location("bench_proxy", RESULTS.with_name("proxy.py"))
        proxy = sys.modules["bench_proxy"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(proxy)
        return proxy.main(args, sys.modules[__name__])
    args.client_list = args.clients.split(",")
    args.app_list = args.apps.split(",")
    if not set(args.app_list) <= {"dashboard", "bare"}:
        parser.error("apps are dashboard and bare")
    args.sessions_list = [int(x) for x in args.sessions.split(",")]
    if not set(args.client_list) <= set(CLIENTS):
        parser.error(f"clients are {', '.join(CLIENTS)}")
    if not all(1 <= n <= 50 for n in args.sessions_list) or not 1 <= args.changes <= 100:
        parser.error("sessions within 1..50, changes within 1..100")
    if not CHROMIUM.exists() and any(c.startswith("browser") for c in args.client_list):
        print(f"Chromium not found at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    try:
        levels, version = asyncio.run(asyncio.wait_for(main_async(args), args.timeout))
    except TimeoutError:
        print(f"global timeout ({args.timeout:.0f} s) reached", file=sys.stderr)
        return 1
    body = report(levels, args, version)
    print(body)
    if not args.no_write:
        write_section(body)
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(not lv.errors for lv in levels) else 1


if __name__ == "__main__":
    sys.exit(main())

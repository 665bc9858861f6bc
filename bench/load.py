"""Many viewers: N concurrent browser sessions against one `streamlit run` server.

    .venv/bin/python bench/load.py                       (make bench-load)
    .venv/bin/python bench/load.py --sessions 1,5 --changes 4 --no-write

For each N (default 1, 5, 10, 20) a fresh server is started on loopback (as the Docker image
runs it: file watcher off) and warmed by one visit. N browser contexts of ONE headless Chromium
(Playwright, async) open the Timeline page (``--opening`` at a time) and stay connected; then
all of them change the sidebar filters K times at once, with real widget interaction: pick an
actor in the Actor multiselect, pick an event type, remove the actor (its tag's remove
button), remove the type, and again; 0.5-1.5 s apart (seeded).

Each change is timed twice. In the page: from the pointer going down on the option or button
to the end of the rerun it causes (the app's ``data-test-script-state`` back to
``notRunning``, and idle for 300 ms). On the wire: from the websocket message asking for the
rerun to the ``script_finished`` message, as the browser's network layer sees them. A change
is an error if no rerun finishes within 30 s, if the URL does not show the new filter
afterwards, or if the page shows an exception; uncaught JavaScript errors and tracebacks in
the server's log count too.

Reported per N: changes, errors, p50/p95/max of both latencies, time to open the page, the
server's resident memory (after warm-up and peak, from /proc/<pid>/status), its CPU time per
rerun, and how the machine's CPU was shared (server, browser, everything else). The table is
printed and written to bench/results.md, section "Many viewers". Everything is bounded: K
changes per session, a timeout per step and a global timeout.
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


def tree_cpu_seconds(root: int, exclude: int) -> float:
    """CPU seconds of ``root``'s descendants (reaped children included through cutime/cstime),
    leaving out the subtree of ``exclude``: here the browser side (Playwright's driver and
    Chromium's processes) without the server."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        times[pid] = sum(int(v) for v in fields[11:15]) / tick
    total = 0.0
    for pid, seconds in times.items():
        p, inside = pid, False
        while p in parent and p > 1:
            if p == exclude:
                break
            p = parent[p]
            if p == root:
                inside = True
                break
        if inside:
            total += seconds
    return total


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


# --- one session -------------------------------------------------------------------------------


@dataclass
class SessionResult:
    page_ms: list[float] = field(default_factory=list)  # click -> idle, timed in the page
    wire_ms: list[float] = field(default_factory=list)  # rerun request -> script finished
    open_ms: float | None = None
    errors: list[str] = field(default_factory=list)


class WireTimer:
    """Times a rerun on the websocket: the BackMsg asking for it leaving the page, to the last
    ForwardMsg ``script_finished`` arriving. Frames are seen at the browser's network layer,
    so a renderer busy drawing other tabs does not add to this figure."""

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


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


class Session:
    """One viewer: a browser context on /timeline that changes the sidebar filters."""

    def __init__(self, browser, url: str, index: int, seed: int) -> None:
        self.browser, self.url, self.index = browser, url, index
        self.rng = random.Random(seed * 1000 + index)
        self.actor_id, self.actor_typed, self.actor_label = ACTORS[index % len(ACTORS)]
        self.type_id, self.type_label = TYPES[index % len(TYPES)]
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
            await page.goto(f"{self.url}/timeline", timeout=OPEN_TIMEOUT_S * 1000)
            await page.wait_for_selector(IDLE, timeout=OPEN_TIMEOUT_S * 1000)
            await page.wait_for_selector("[data-testid='stPlotlyChart']", timeout=30_000)
            r.open_ms = (time.perf_counter() - start) * 1000
            await page.evaluate(INSTRUMENT)
            return True
        except Exception as exc:  # a session that breaks is an error, not a crash of the bench
            r.errors.append(f"session {self.index} open: {type(exc).__name__}: {str(exc)[:200]}")
            return False

    async def change_filters(self, changes: int, think: tuple[float, float]) -> None:
        page = self.page
        actor_box = page.locator(SIDEBAR_SELECT).nth(0)
        type_box = page.locator(SIDEBAR_SELECT).nth(1)
        try:
            for step in range(changes):
                await asyncio.sleep(self.rng.uniform(*think))
                kind = step % 4
                if kind == 0:
                    click = await self._pick(actor_box, self.actor_typed, self.actor_label)
                    await self._timed(
                        click,
                        lambda q: q.get("actor") == [self.actor_id],
                        f"pick actor {self.actor_id}",
                    )
                elif kind == 1:
                    click = await self._pick(type_box, self.type_label, self.type_label)
                    await self._timed(
                        click, lambda q: q.get("type") == [self.type_id], f"pick {self.type_id}"
                    )
                elif kind == 2:
                    remove = actor_box.get_by_role("button", name=f"Remove {self.actor_label}")
                    await self._timed(remove.click, lambda q: "actor" not in q, "remove actor")
                else:
                    remove = type_box.get_by_role("button", name=f"Remove {self.type_label}")
                    await self._timed(remove.click, lambda q: "type" not in q, "remove type")
                await page.keyboard.press("Escape")  # close an open option list
        except Exception as exc:
            self.result.errors.append(
                f"session {self.index}: {type(exc).__name__}: {str(exc)[:200]}"
            )

    async def _pick(self, box, typed: str, label: str):
        """Open a multiselect, filter its options and return a click on the exact one."""
        await box.click()
        await self.page.keyboard.type(typed)
        option = self.page.get_by_role("option", name=label, exact=True)
        await option.wait_for(timeout=10_000)
        return option.click

    async def _timed(self, click, expect, what: str) -> None:
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
                f"{what}: no rerun finished within {RUN_TIMEOUT_S:.0f} s (request sent: "
                f"{'yes' if self.wire.sent else 'no'}, run started: {'yes' if started else 'no'})"
            )
            return
        latency = waiting.result()
        if latency is None:
            r.errors.append(f"{what}: the click never reached the page")
            return
        r.page_ms.append(latency)
        wire = self.wire.elapsed_ms()
        if wire is not None:
            r.wire_ms.append(wire)
        if not expect(query_of(page.url)):
            r.errors.append(f"{what}: the URL does not show it ({urlparse(page.url).query!r})")
        if await page.locator("[data-testid='stException']").count():
            r.errors.append(f"{what}: the page shows an exception")

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()


# --- one level: N sessions on a fresh server -------------------------------------------------


@dataclass
class Level:
    sessions: int
    changes: int = 0
    errors: list[str] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    wire_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    rss_idle_mb: float = 0.0
    rss_peak_mb: float = 0.0
    server_cpu: float = 0.0  # cores
    server_cpu_s: float = 0.0  # CPU seconds during the change phase
    browser_cpu: float = 0.0  # cores: Playwright's driver and Chromium
    machine_cpu: float = 0.0  # cores busy, all processes
    load_before: str = ""
    wall_s: float = 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


async def run_level(
    browser, n: int, changes: int, think: tuple[float, float], opening: int, seed: int
) -> Level:
    level = Level(sessions=n)
    server = AppServer(env={"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
    drain = LogDrain(server.proc.stderr)
    drain.start()
    sessions = [Session(browser, server.url, i, seed) for i in range(n)]
    try:
        # warm-up: one visit loads the store and fills the default view's caches
        warm = await browser.new_context()
        page = await warm.new_page()
        await page.goto(f"{server.url}/timeline", timeout=OPEN_TIMEOUT_S * 1000)
        await page.wait_for_selector(IDLE, timeout=OPEN_TIMEOUT_S * 1000)
        await warm.close()
        await asyncio.sleep(1)
        level.rss_idle_mb = rss_mb(server.proc.pid)
        tracebacks_before = drain.tracebacks
        sampler = Sampler(server.proc.pid)
        sampler.start()

        # phase 1: the viewers arrive, `opening` at a time; all stay connected
        gate = asyncio.Semaphore(opening)

        async def arrive(s: Session) -> bool:
            async with gate:
                return await s.open()

        opened = await asyncio.gather(*(arrive(s) for s in sessions))

        # phase 2: all of them change filters at once
        level.load_before = Path("/proc/loadavg").read_text().split()[0]
        me, pid = os.getpid(), server.proc.pid
        cpu0, tree0 = cpu_seconds(pid), tree_cpu_seconds(me, pid)
        busy0, wall0 = machine_busy(), time.perf_counter()
        ready = [s for s, ok in zip(sessions, opened, strict=True) if ok]
        await asyncio.gather(*(s.change_filters(changes, think) for s in ready))
        level.wall_s = time.perf_counter() - wall0
        level.server_cpu_s = cpu_seconds(pid) - cpu0
        level.server_cpu = level.server_cpu_s / level.wall_s
        level.browser_cpu = (tree_cpu_seconds(me, pid) - tree0) / level.wall_s
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
        level.changes = n * changes
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

    cores = len(os.sched_getaffinity(0))
    return [
        f"{cores} CPUs (nproc), {model}, {mem_kb / 1024 / 1024:.1f} GiB RAM",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}",
    ]


def _s(ms: float, digits: int = 2) -> str:
    return "–" if ms != ms else f"{ms / 1000:.{digits}f} s"


def table(levels: list[Level]) -> str:
    head = (
        "| sessions | changes | errors | rerun in page p50 / p95 / max "
        "| rerun on the wire p50 / p95 / max | open p50 / p95 | server RSS idle → peak "
        "| reruns/s | server CPU per rerun | CPU cores: server / browser / other | load before |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = []
    for lv in levels:
        page, wire, opn = lv.page_ms, lv.wire_ms, lv.open_ms
        other = max(lv.machine_cpu - lv.server_cpu - lv.browser_cpu, 0)
        rows.append(
            f"| {lv.sessions} | {lv.changes} | {len(lv.errors)} "
            f"| {_s(percentile(page, 50))} / {_s(percentile(page, 95))} "
            f"/ {_s(max(page, default=float('nan')))} "
            f"| {_s(percentile(wire, 50))} / {_s(percentile(wire, 95))} "
            f"/ {_s(max(wire, default=float('nan')))} "
            f"| {_s(percentile(opn, 50), 1)} / {_s(percentile(opn, 95), 1)} "
            f"| {lv.rss_idle_mb:.0f} → {lv.rss_peak_mb:.0f} MB "
            f"| {len(page) / max(lv.wall_s, 1e-9):.1f} "
            f"| {lv.server_cpu_s / max(len(page), 1) * 1000:.0f} ms "
            f"| {lv.server_cpu:.2f} / {lv.browser_cpu:.2f} / {other:.2f} | {lv.load_before} |"
        )
    return "\n".join([head, *rows])


def verdict(levels: list[Level], target_n: int = 20, target_p95_s: float = 2.0) -> str:
    lv = next((lv for lv in levels if lv.sessions == target_n), None)
    if lv is None:
        return f"Target ({target_n} sessions) not measured in this run."
    page, wire = percentile(lv.page_ms, 95) / 1000, percentile(lv.wire_ms, 95) / 1000

    def word(p95: float) -> str:
        return "met" if not lv.errors and p95 <= target_p95_s else "missed"

    return (
        f"Target — {target_n} sessions, 0 errors, p95 ≤ {target_p95_s:g} s: {len(lv.errors)} "
        f"errors; in the page p95 {page:.2f} s ({word(page)}); on the wire p95 {wire:.2f} s "
        f"({word(wire)})."
    )


def write_section(body: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = f"{SECTION}\n\n{body.strip()}\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def report(levels: list[Level], args: argparse.Namespace, browser_version: str) -> str:
    errors = [f"- N={lv.sessions}: {e}" for lv in levels for e in lv.errors[:10]]
    lo, hi = args.think
    return "\n".join(
        [
            "`bench/load.py` (`make bench-load`): N concurrent Chromium sessions (one browser, "
            "one context each, async Playwright) against one `streamlit run dashboard.py` on "
            "loopback, with the Docker image's settings (file watcher off); a fresh server per N, "
            "warmed by one visit. The sessions open /timeline "
            f"{args.opening} at a time and stay connected; then all of them make "
            f"{args.changes} filter changes each with the sidebar widgets (pick an actor, pick "
            f"an event type, remove the actor, remove the type), {lo:g}–{hi:g} s apart.",
            "",
            "- *rerun in page*: pointer down on the option or button → the app's script state "
            "back to `notRunning` (idle for 300 ms after), timed in the page: what a viewer "
            "waits, including the time the tab's renderer needs while the others draw too.",
            "- *rerun on the wire*: the websocket message asking for the rerun → the "
            "`script_finished` message, seen at the browser's network layer: the server's "
            "share.",
            "- *open*: navigation → first idle run with the chart drawn.",
            "- *reruns/s*: filter changes completed per second of the change phase, all sessions "
            "together. *Server CPU per rerun*: the server's CPU time in the change phase divided "
            "by the reruns measured (its cost per filter change, whatever the machine's load).",
            "- RSS from /proc/<pid>/status, after the warm-up → peak during the run. CPU: cores "
            "busy on average during the change phase — the server process, the browser side "
            "(Playwright's driver and Chromium) and everything else on the machine; load before: "
            "the 1-minute load average when the change phase began (other work on a shared "
            "machine shows there).",
            "",
            "Machine: " + "; ".join(machine()) + f"; Chromium {browser_version}.",
            f"Run: {time.strftime('%Y-%m-%d %H:%M')}, `bench/load.py --sessions {args.sessions} "
            f"--changes {args.changes} --think {lo:g},{hi:g} --opening {args.opening} "
            f"--seed {args.seed}`.",
            "",
            table(levels),
            "",
            verdict(levels),
            *(["", "Errors (first ten per level):", "", *errors] if errors else []),
        ]
    )


async def main_async(args: argparse.Namespace) -> tuple[list[Level], str]:
    from playwright.async_api import async_playwright

    levels: list[Level] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for n in args.sessions_list:
                print(f"{n} session(s)…", file=sys.stderr, flush=True)
                level = await run_level(
                    browser, n, args.changes, args.think, args.opening, args.seed
                )
                levels.append(level)
                print(table([level]).splitlines()[-1], file=sys.stderr, flush=True)
            version = browser.version
        finally:
            await browser.close()
    return levels, version


def _think(text: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in text.split(","))
    if not 0 <= lo <= hi <= 60:
        raise argparse.ArgumentTypeError("LO,HI seconds with 0 <= LO <= HI <= 60")
    return lo, hi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated N (1,5,10,20)")
    parser.add_argument("--changes", type=int, default=8, help="filter changes per session (8)")
    parser.add_argument(
        "--think", type=_think, default=(0.5, 1.5), help="seconds between changes (0.5,1.5)"
    )
    parser.add_argument("--opening", type=int, default=2, help="sessions opening at once (2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1500, help="global timeout, seconds")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/results.md")
    args = parser.parse_args(argv)
    args.sessions_list = [int(x) for x in args.sessions.split(",")]
    if not all(1 <= n <= 50 for n in args.sessions_list) or not 1 <= args.changes <= 100:
        parser.error("sessions within 1..50, changes within 1..100")
    if not CHROMIUM.exists():
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

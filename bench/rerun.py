"""What one filter change and one first render cost the server, beside a bare app (issue 9).

    .venv/bin/python bench/rerun.py                       (part of make bench)
    .venv/bin/python bench/rerun.py --scales bundled --changes 8 --no-write

For each scale (``bundled``: the bundled data; ``1m``: ``CRISIS_DB`` holding 1,000,000 synthetic
ACLED rows, built once into bench/out/) and each app (the dashboard's Overview, Timeline and Map
pages, and ``bench/bare_app.py``), a fresh ``streamlit run`` server is started on loopback (file
watcher off, as the Docker image runs it). A websocket client speaking Streamlit's protocol (no
browser, so the machine's CPU goes to the server):

- opens the page on the fresh server (*cold*: the store is loaded, every cache is empty);
  every page of the dashboard is measured; the goal on a change is set for Overview, Timeline
  and Map, the goal on a first render for every page;
- opens it again in new sessions (*first render*: what a new viewer of a shared link costs);
- in one session, selects every dataset (at 1m: the million rows), then changes the sidebar
  filters one at a time, waiting for each run to end: pick an actor, pick an event type, remove
  the actor, remove the type, with a different actor and type each cycle.

Per change it reads the server's CPU time (/proc/<pid>/stat, utime + stime: every thread of the
process) before and after, the wall time from the request to the end of the run, and the bytes
of the messages the run sent. The table gives medians and each figure's ratio to the bare app's
in the same run (the issue's goal: at most 1.5x, aiming at 1x or below). Nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.browser.server import AppServer  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
SECTION = "## Rerun cost against a bare app"
OUT = ROOT / "bench" / "out"
MILLION_DB = OUT / "acled_1m.duckdb"
TIMEOUT_S = 120.0
FINISHED_OK = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
# (label of the app, script, page name in the multipage app)
APPS = [
    ("bare app", "bench/bare_app.py", ""),
    ("Overview", "dashboard.py", ""),
    ("Timeline", "dashboard.py", "timeline"),
    ("Map", "dashboard.py", "map"),
    ("Figures", "dashboard.py", "figures"),
    ("Actors", "dashboard.py", "actors"),
    ("Sources", "dashboard.py", "sources"),
    ("Data", "dashboard.py", "data"),
    ("Add article", "dashboard.py", "add_article"),
]
TARGET_PAGES = ("Overview", "Timeline", "Map")  # the CPU-per-change goal
ACTOR_LABELS = ["NATO", "Russia", "Ukraine", "United States", "European Union"]
TYPE_LABELS = ["Meeting", "Call", "Armed conflict", "Visit", "Protest / riot"]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Run:
    wall_ms: float
    cpu_ms: float
    kb: float
    exception: bool


class Viewer:
    """One session on the websocket: sends the multiselects' values, reads until the run ends."""

    def __init__(self, url: str, page: str, pid: int) -> None:
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.page = page
        self.pid = pid
        self.ws = None
        self.ids: dict[str, str] = {}  # widget label -> id
        self.values: dict[str, list[str]] = {}

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60
        )

    def _message(self) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_name = self.page
        for label, values in self.values.items():
            if label in self.ids:
                w = state.widget_states.widgets.add()
                w.id = self.ids[label]
                w.string_array_value.data.extend(values)
        return msg.SerializeToString()

    async def run(self) -> Run:
        cpu0, start = cpu_seconds(self.pid), time.perf_counter()
        await self.ws.send(self._message())
        size, finished, exception = 0, False, False
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), TIMEOUT_S)
            size += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type") or ""
                widget = getattr(element, which, None)
                if which == "exception":
                    exception = True
                elif getattr(widget, "id", "") and getattr(widget, "label", ""):
                    self.ids.setdefault(widget.label, widget.id)
            elif kind == "script_finished":
                finished = msg.script_finished in FINISHED_OK
            elif kind == "session_status_changed" and finished:
                if not msg.session_status_changed.script_is_running:
                    wall = time.perf_counter() - start
                    await asyncio.sleep(0.05)  # let the server finish sending
                    cpu = cpu_seconds(self.pid) - cpu0
                    return Run(wall * 1000, cpu * 1000, size / 1024, exception)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def changes(n: int) -> list[tuple[str, list[str]]]:
    """Pick an actor, pick a type, remove the actor, remove the type; another pair each cycle."""
    out = []
    for i in range(n):
        cycle, step = divmod(i, 4)
        actor = ACTOR_LABELS[cycle % len(ACTOR_LABELS)]
        etype = TYPE_LABELS[cycle % len(TYPE_LABELS)]
        out.append(
            [("Actor", [actor]), ("Event type", [etype]), ("Actor", []), ("Event type", [])][step]
        )
    return out


@dataclass
class Row:
    scale: str
    app: str
    cold: Run | None = None
    first: list[Run] = field(default_factory=list)
    change: list[Run] = field(default_factory=list)
    rss_mb: float = 0.0
    errors: list[str] = field(default_factory=list)


async def measure(scale: str, app: str, script: str, page: str, args) -> Row:
    row = Row(scale, app)
    env = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    if scale == "1m":
        env["CRISIS_DB"] = str(MILLION_DB)
    server = AppServer(env=env, script=script)
    pid = server.proc.pid
    try:
        cold = Viewer(server.url, page, pid)
        await cold.connect()
        row.cold = await cold.run()
        await cold.close()
        for _ in range(args.firsts):
            v = Viewer(server.url, page, pid)
            await v.connect()
            row.first.append(await v.run())
            await v.close()
        v = Viewer(server.url, page, pid)
        await v.connect()
        await v.run()
        v.values = {"Actor": [], "Event type": [], "Dataset": []}  # every dataset
        await v.run()
        await v.run()  # the same view again, so the caches are as warm as a viewer's
        spy = start_profile(pid, args, scale, app)
        for widget, values in changes(args.changes):
            v.values[widget] = values
            await asyncio.sleep(args.think)
            row.change.append(await v.run())
        stop_profile(spy)
        await v.close()
        row.rss_mb = rss_mb(pid)
        for r in [row.cold, *row.first, *row.change]:
            if r.exception:
                row.errors.append("a run showed an exception")
                break
    finally:
        server.stop()
    return row


def start_profile(pid: int, args, scale: str, app: str) -> subprocess.Popen | None:
    """py-spy sampling the server (every thread, idle frames left out) during the changes."""
    if not args.profile:
        return None
    args.profile.mkdir(parents=True, exist_ok=True)
    out = args.profile / f"{scale}-{app.replace(' ', '_').lower()}.txt"
    spy = Path(sys.executable).with_name("py-spy")
    proc = subprocess.Popen(
        [str(spy), "record", "--pid", str(pid), "--rate", "250", "--format", "raw"]
        + ["--output", str(out), "--threads", "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # py-spy attaches
    return proc


def stop_profile(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    import signal

    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


# where a run's CPU goes: a sample counts for every category whose frame is on its stack
COST_CATEGORIES = [
    ("gc.collect after the run (Streamlit)", ["ScriptRunner._on_script_finished"]),
    ("building the timeline figure", ["timeline_figure (components/timeline.py"]),
    ("building map layers and the deck's JSON", ["map_frames (", "build_deck (", "to_json ("]),
    ("DuckDB queries (cache misses)", ["Store._df (", "Store._value ("]),
    ("reading cached frames (unpickling)", ["DataCache.read_result ("]),
    ("sidebar and header (page_frame)", ["page_frame ("]),
    ("st.plotly_chart / st.pydeck_chart", ["PlotlyMixin.plotly_chart (", "pydeck_chart ("]),
]
SAMPLE_RATE = 250  # py-spy samples per second (--rate)


def cost_table(folder: Path, changes: int) -> str:
    """Milliseconds of the script thread per change, by category, for every profile in
    ``folder`` (one column per app)."""
    files = sorted(folder.glob("*.txt"))
    cols, total = {}, {}
    for f in files:
        counts = {name: 0 for name, _ in COST_CATEGORIES}
        n = 0
        for line in f.read_text().splitlines():
            stack, _, k = line.rpartition(" ")
            if "ScriptRunner" not in stack.split(";", 1)[0]:
                continue
            n += int(k)
            for name, patterns in COST_CATEGORIES:
                if any(pat in stack for pat in patterns):
                    counts[name] += int(k)
        cols[f.stem] = counts
        total[f.stem] = n
    ms = 1000 / SAMPLE_RATE / max(changes, 1)
    head = "| script thread, ms per change | " + " | ".join(cols) + " |"
    lines = [head, "|---|" + "---:|" * len(cols)]
    lines.append("| **all** | " + " | ".join(f"**{total[c] * ms:.0f}**" for c in cols) + " |")
    for name, _ in COST_CATEGORIES:
        lines.append(f"| {name} | " + " | ".join(f"{cols[c][name] * ms:.0f}" for c in cols) + " |")
    return "\n".join(lines)


def top_costs(path: Path, n: int = 15, thread: str = "ScriptRunner") -> list[tuple[float, str]]:
    """(share of the script thread's samples, function) for the functions with the largest
    inclusive share, from py-spy's collapsed stacks; Streamlit's and Python's plumbing left in,
    so the list shows where a run's time goes."""
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if thread not in stack.split(";", 1)[0]:
            continue
        k = int(count)
        total += k
        seen = set()
        for frame in stack.split(";")[1:]:
            name = frame.split(" (", 1)[0] + " (" + frame.split(" (", 1)[-1].split(":")[0] + ")"
            if name not in seen:
                seen.add(name)
                inclusive[name] = inclusive.get(name, 0) + k
    ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])
    return [(v / total, name) for name, v in ranked[:n]] if total else []


def build_million() -> None:
    if MILLION_DB.exists():
        return
    OUT.mkdir(parents=True, exist_ok=True)
    csv = OUT / "acled_1m.csv"
    py = sys.executable
    print("building", MILLION_DB, "(once)", flush=True)
    subprocess.run(
        [py, "-m", "crisis", "synth", "--format", "acled", "--rows", "1000000", "--seed", "1"]
        + ["--out", str(csv)],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [py, "-m", "crisis", "import", "--format", "acled", str(csv), "--db", str(MILLION_DB)]
        + ["--dataset", "acled_synthetic"],
        cwd=ROOT,
        check=True,
    )
    csv.unlink()


def med(runs: list[Run], attr: str) -> float:
    values = [getattr(r, attr) for r in runs]
    return statistics.median(values) if values else float("nan")


def table(rows: list[Row]) -> str:
    head = (
        "| scale | app | CPU per change, median | x bare | change wall, median | x bare "
        "| KB per change | first render wall / CPU | x bare (wall) | cold open | RSS after | "
        "errors |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    lines = [head]
    bare = {r.scale: r for r in rows if r.app == "bare app"}
    for r in rows:
        b = bare.get(r.scale)
        cpu, wall = med(r.change, "cpu_ms"), med(r.change, "wall_ms")
        fw, fc = med(r.first, "wall_ms"), med(r.first, "cpu_ms")

        def ratio(mine: float, theirs: float) -> str:
            return f"{mine / theirs:.2f}x" if theirs and theirs == theirs else "–"

        lines.append(
            f"| {r.scale} | {r.app} | {cpu:.0f} ms | {ratio(cpu, med(b.change, 'cpu_ms'))} "
            f"| {wall:.0f} ms | {ratio(wall, med(b.change, 'wall_ms'))} "
            f"| {med(r.change, 'kb'):.0f} | {fw:.0f} / {fc:.0f} ms "
            f"| {ratio(fw, med(b.first, 'wall_ms'))} | {r.cold.wall_ms / 1000:.1f} s "
            f"| {r.rss_mb:.0f} MB | {'; '.join(r.errors) or '0'} |"
        )
    return "\n".join(lines)


def write_section(body: str, path: Path = RESULTS) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip() + "\n\n" + body + "\n"
    else:
        nxt = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + ("\n" + text[nxt + 1 :] if nxt != -1 else "\n")
    path.write_text(text)


async def main_async(args) -> list[Row]:
    rows = []
    for scale in args.scales:
        if scale == "1m":
            build_million()
        for app, script, page in APPS:
            print(f"{scale} · {app} …", flush=True)
            rows.append(await measure(scale, app, script, page, args))
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scales", type=lambda s: s.split(","), default=["bundled", "1m"])
    p.add_argument("--changes", type=int, default=12)
    p.add_argument("--firsts", type=int, default=3, help="new sessions timed after the cold one")
    p.add_argument("--think", type=float, default=0.3, help="seconds between changes")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--profile", type=Path, help="folder for py-spy profiles of the changes")
    args = p.parse_args(argv)
    rows = asyncio.run(main_async(args))
    out = table(rows)
    if args.profile:
        out += (
            "\n\nWhere the changes' CPU went (py-spy, the script thread, "
            f"{SAMPLE_RATE} samples/s; a sample counts in every category on its stack):\n\n"
            + cost_table(args.profile, args.changes)
        )
    print(out)
    if not args.no_write:
        import platform

        import streamlit

        body = (
            f"{SECTION}\n\n`bench/rerun.py` (part of `make bench`), run "
            f"{time.strftime('%Y-%m-%d %H:%M')}: {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, Streamlit {streamlit.__version__}; "
            f"`--changes {args.changes} --firsts {args.firsts} --think {args.think}`. "
            "One websocket client, one change at a time, on a fresh server per row; CPU = "
            "the server process's CPU time (all threads) from the request to the run's end; "
            "x bare = the ratio to `bench/bare_app.py` in the same run (goal: at most 1.5x).\n\n"
            + out
            + "\n"
        )
        write_section(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

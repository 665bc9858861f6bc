"""Imports and pages at scale (issue 4): prints a table and writes bench/results.md.

    .venv/bin/python bench/bench.py [--sizes 10000 100000 1000000] [--no-browser]   (make bench)

For each size, a synthetic ACLED file (`crisis.synth`, clearly labelled synthetic) is written and:
- imported into a new database file (`Store.writable(...).import_file`), beside DuckDB's own
  `read_csv` of the same file into a table (the target: at least half its speed);
- the Timeline and Map pages are rerun after a filter change through AppTest with
  `CRISIS_DB` pointing at that database (median of several reruns), and the bytes of the
  elements they send are summed (the payload that reaches the browser);
- the same page work done the naive way: pandas reads the CSV and filters with boolean masks
  on every rerun;
- with the browser part on (the default; needs /usr/bin/chromium), one real `streamlit run`
  server on that database: its peak memory, and the memory added by a second and a tenth
  session (Playwright pages on the Timeline).
Nothing here asserts: it measures and prints.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from crisis import Store, synth  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
RERUNS = 5


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import streamlit

    return (
        f"{os.cpu_count()} cores ({cpu}){mem}; Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, pandas {pd.__version__}, streamlit {streamlit.__version__}"
    )


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def duckdb_read(path: Path) -> float:
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        seconds, _ = timed(
            lambda: con.execute(
                "CREATE TABLE t AS SELECT * FROM read_csv($p, header = true)", {"p": str(path)}
            )
        )
    return seconds


def import_into(path: Path, db: Path) -> tuple[float, int]:
    store = Store.writable(db)
    try:
        seconds, report = timed(lambda: store.import_file(path, "acled", dataset="bench"))
    finally:
        store.close()
    return seconds, report.rows_imported


def _payload(at) -> int:
    """Bytes of the element protos a run produced (what Streamlit sends for them)."""
    total = 0

    def walk(node) -> None:
        nonlocal total
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)  # noqa: SLF001 - AppTest keeps the element tree here
    return total


def page_reruns(db: Path, page: str) -> tuple[float, float, int]:
    """First run, median rerun after a filter change (seconds), and payload bytes."""
    from streamlit.testing.v1 import AppTest

    from components import data

    os.environ["CRISIS_DB"] = str(db)
    data.get_store.clear()
    at = AppTest.from_file(str(ROOT / page), default_timeout=300)
    at.session_state["f_dataset"] = ["bench"]
    first, _ = timed(at.run)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    choices = [["armed_conflict"], ["unrest"], [], ["military", "policy"], ["armed_conflict"]]
    times = []
    for i in range(RERUNS):
        at.session_state["f_type"] = choices[i % len(choices)]
        at.session_state["f_from"] = date(2016 + i % 4, 1, 1)
        seconds, _ = timed(at.run)
        times.append(seconds)
    payload = _payload(at)
    data.get_store.clear()
    os.environ.pop("CRISIS_DB", None)
    return first, statistics.median(times), payload


def naive_reruns(path: Path) -> tuple[float, float, int]:
    """pandas reads the CSV and filters with boolean masks on every rerun."""
    times = []
    frame = None
    for i in range(3):

        def work(i=i):
            df = pd.read_csv(path, low_memory=False)
            dates = pd.to_datetime(df["event_date"], format="%d %B %Y", errors="coerce")
            mask = (dates >= pd.Timestamp(2016 + i, 1, 1)) & (df["event_type"] == "Battles")
            return df, df[mask]

        seconds, (frame, _) = timed(work)
        times.append(seconds)
    memory = int(frame.memory_usage(deep=True).sum()) if frame is not None else 0
    return times[0], statistics.median(times), memory


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def session_memory(db: Path) -> tuple[float, float, float]:
    """Peak RSS of one server (MB) and the RSS added by the 2nd and by the 10th session."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, AppServer

    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}")
    server = AppServer(env={"CRISIS_DB": str(db)})
    url = f"{server.url}/timeline?dataset=bench"
    after: list[int] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            pages = []
            for _ in range(10):
                page = browser.new_context().new_page()
                page.goto(url, timeout=300_000)
                page.wait_for_selector(IDLE, timeout=300_000)
                page.wait_for_timeout(1500)
                pages.append(page)
                after.append(rss_kb(server.proc.pid))
            peak = hwm_kb(server.proc.pid)
            browser.close()
    finally:
        server.stop()
    second = (after[1] - after[0]) / 1024
    tenth = (after[9] - after[8]) / 1024
    return peak / 1024, second, tenth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-browser", action="store_true", help="skip the memory part")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # AppTest outside a server logs "missing ScriptRunContext" for every cached call
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            csv = Path(tmp) / f"acled_{n}.csv"
            db = Path(tmp) / f"acled_{n}.duckdb"
            synth_s, _ = timed(lambda csv=csv, n=n: synth.write("acled", n, args.seed, csv))
            mb = csv.stat().st_size / 1e6
            read_s = duckdb_read(csv)
            import_s, imported = import_into(csv, db)
            row = {
                "rows": n,
                "file MB": round(mb, 1),
                "synth s": round(synth_s, 1),
                "DuckDB read_csv s": round(read_s, 2),
                "import s": round(import_s, 2),
                "import rows/s": round(imported / import_s),
                "import vs read_csv": f"{read_s / import_s:.2f}x",
            }
            for page, name in (("pages/timeline.py", "timeline"), ("pages/map.py", "map")):
                first, rerun, payload = page_reruns(db, page)
                row[f"{name} first s"] = round(first, 2)
                row[f"{name} rerun s (median)"] = round(rerun, 3)
                row[f"{name} KB sent"] = round(payload / 1024)
            n_first, n_rerun, n_mem = naive_reruns(csv)
            row["naive rerun s (median)"] = round(n_rerun, 2)
            row["naive frame MB"] = round(n_mem / 1e6)
            if not args.no_browser:
                peak, second, tenth = session_memory(db)
                row["server peak MB"] = round(peak)
                row["2nd session +MB"] = round(second, 1)
                row["10th session +MB"] = round(tenth, 1)
            rows.append(row)
            print(row, flush=True)

    table = pd.DataFrame(rows).set_index("rows").T
    text = table.to_markdown() if _has_tabulate() else table.to_string()
    print(text)
    _write_results(text, args)
    return 0


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


def _write_results(table: str, args: argparse.Namespace) -> None:
    section = (
        "## Imports and pages at scale (bench/bench.py)\n\n"
        f"Run on {date.today().isoformat()}: {machine()}.\n"
        f"Synthetic ACLED files (crisis.synth, seed {args.seed}); page reruns through AppTest "
        f"with CRISIS_DB (median of {RERUNS} filter changes); KB sent = the element protos of "
        "the last rerun; naive = pandas read_csv + boolean masks per rerun; memory = RSS of one "
        "`streamlit run` server with Playwright sessions on the Timeline.\n\n"
        "Targets at 1M rows: import at least 0.5x DuckDB's read_csv speed; rerun <= 1 s; "
        "<= 5 MB sent per page; <= 50 MB per extra session.\n\n"
        f"```\n{table}\n```\n"
    )
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n\n"
    start = old.find("## Imports and pages at scale")
    if start >= 0:
        end = old.find("\n## ", start + 1)
        old = old[:start] + (old[end + 1 :] if end >= 0 else "")
    RESULTS.write_text(old.rstrip() + "\n\n" + section, encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())

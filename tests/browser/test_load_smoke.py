"""bench/load.py keeps working: two viewers (browser, then websocket), four changes each, no
errors, on the dashboard and on the bare app it is compared with.

Latency is not asserted here (CI machines vary); `make bench-load` measures it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.browser.server import CHROMIUM
from tests.conftest import ROOT

BENCH = ROOT / "bench" / "load.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_results_section_is_replaced_not_duplicated(tmp_path):
    load = _load_module()
    path = tmp_path / "results.md"
    path.write_text("# Benchmark results\n\n## Other\n\nkept\n", encoding="utf-8")
    load.write_section("first", path)
    load.write_section("second", path)
    text = path.read_text(encoding="utf-8")
    assert text.count("## Many viewers") == 1
    assert "second" in text and "first" not in text
    assert "## Other\n\nkept" in text


def test_two_sessions_change_filters_without_errors():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    args = ["--clients", "browser,websocket", "--sessions", "2", "--changes", "4", "--no-write"]
    done = subprocess.run(
        [sys.executable, str(BENCH), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = [
        line for line in done.stdout.splitlines() if line.startswith(("| dashboard ", "| bare "))
    ]
    assert len(rows) == 4, done.stdout  # the dashboard and the bare app, each client
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2:5] == ["2", "8", "0"], row  # 2 sessions, 8 changes, 0 errors
    assert "Dashboard (Timeline) over the bare app" in done.stdout

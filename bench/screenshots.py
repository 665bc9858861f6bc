"""Screenshot every page of the dashboard with Playwright and Debian's Chromium.

    .venv/bin/python bench/screenshots.py [OUT_DIR]      (make screenshots)

Starts `streamlit run dashboard.py` on a free port, opens each page (default view and a filtered
one: NATO, 9-13 January 2022) and writes full-page PNGs to OUT_DIR (default docs/screenshots).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, AppServer  # noqa: E402

SHOTS = [
    ("overview", ""),
    ("timeline", "timeline"),
    ("map", "map"),
    ("figures", "figures"),
    ("actors", "actors"),
    ("sources", "sources"),
    ("data", "data"),
    ("add-article", "add_article"),
]
FILTERED = "actor=nato&from=2022-01-09&to=2022-01-13"
HEIGHT = 2600


def main(out_dir: Path) -> int:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    server = AppServer()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # Streamlit scrolls inside its own container, so a tall viewport shows the whole page
            page = browser.new_page(viewport={"width": 1440, "height": HEIGHT})
            for name, path in SHOTS:
                for suffix, query in (("", ""), ("-nato-week", FILTERED)):
                    page.goto(f"{server.url}/{path}" + (f"?{query}" if query else ""))
                    page.wait_for_selector(IDLE, timeout=60_000)
                    page.wait_for_timeout(3000)  # charts and the deck canvas draw after the run
                    page.wait_for_selector(IDLE, timeout=60_000)
                    target = out_dir / f"{name}{suffix}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))

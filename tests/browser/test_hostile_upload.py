"""A file full of hostile strings, uploaded in a real browser: every page shows them as text.

The dialog handler records any alert() that data could trigger; the test fails if one opens.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.browser.conftest import wait_idle

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    IMG,
    SCRIPT,
    "javascript:alert(1)",
    '=HYPERLINK("http://example.invalid")',
    "+SUM(1,2)",
    "@cmd",
    "\u202eevil\u202c zero\u200bwidth",
    "{notes} {tooltip} {{title}}",
]
PAGES = ["Overview", "Timeline", "Map", "Figures", "Actors", "Sources", "Data", "Add article"]


def hostile_file(path: Path) -> Path:
    rows = []
    for i, text in enumerate(HOSTILE):
        row = dict.fromkeys(ACLED_COLUMNS, "")
        row.update(
            event_id_cnty=f"HOST{i}",
            event_date=f"{10 + i:02d} January 2022",
            year="2022",
            time_precision="1",
            disorder_type="Political violence",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1=IMG if i % 2 == 0 else SCRIPT,
            assoc_actor_1=text,
            actor2=text,
            country="Ukraine",
            admin1=text,
            location=text,
            latitude="48.0",
            longitude=f"{37.0 + i / 10}",
            geo_precision="1",
            source=text,
            source_scale="National",
            notes=text + (" x" * 100_000 if i == 0 else ""),  # one 200,000-character field
            fatalities="1",
        )
        rows.append(row)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_hostile_upload_shows_text_literally_and_opens_no_dialog(app_server, page, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_server.url}/data?dataset=all")
    wait_idle(page, 800)
    page.get_by_text("Add your own events").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(hostile_file(tmp_path / "hostile.csv"))
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("[data-testid='stAlert']", timeout=120_000)
    wait_idle(page, 1500)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "Imported" in alerts, alerts
    seen_literal = set()
    for name in PAGES:
        page.locator("[data-testid='stSidebar'] a", has_text=name).first.click()
        wait_idle(page, 2500)
        assert page.locator("[data-testid='stException']").count() == 0, name
        body = page.locator("[data-testid='stMain']").inner_text()
        for text in (IMG, SCRIPT):
            if text in body:
                seen_literal.add((name, text))
        # no element was created from the data's markup
        assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0, name
    assert dialogs == []
    pages_with_text = {name for name, _ in seen_literal}
    assert {"Timeline", "Actors"} & pages_with_text, seen_literal

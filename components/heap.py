"""Keep Streamlit's garbage collection after every run cheap.

Streamlit runs ``gc.collect(2)`` after every script run (``runner.postScriptGC``, on by default,
so memory does not build up between runs). A full collection walks every object the cyclic
collector tracks: here about 150,000 of them (Streamlit, pandas, Plotly, pydeck, DuckDB and the
loaded store), which cost 40-60 ms of every rerun, over a third of a Timeline filter change
(profiled with py-spy, bench/results.md). Almost all of them live as long as the process.

``gc.freeze()`` moves every tracked object into a permanent generation that later collections
skip. Objects are still freed as soon as nothing refers to them (reference counting is not
affected); only cycles among frozen objects are never collected, so freezing is done at a few
moments when what exists is long-lived: the first runs of the process, and the first run of
each page (its modules and Plotly's validators are created then). Each freeze is preceded by a
full collection, so no garbage is frozen. At most ``len(PAGES) + WARM_RUNS`` freezes happen in a
process, so whatever a session held at those moments stays bounded.
"""

from __future__ import annotations

import gc
import threading

WARM_RUNS = 3  # the first runs of the process freeze too (lazy imports, first queries)

_lock = threading.Lock()
_runs = 0
_pages: set[str] = set()


def freeze_long_lived(page: str) -> bool:
    """Call at the start of every run; freezes the heap on the process's first runs and on the
    first run of each page. Returns True when it froze."""
    global _runs
    with _lock:
        _runs += 1
        if _runs > WARM_RUNS and page in _pages:
            return False
        _pages.add(page)
        gc.collect(2)
        gc.freeze()
        return True


def frozen_objects() -> int:
    """How many objects the collector skips (for bench/ and the tests)."""
    return gc.get_freeze_count()

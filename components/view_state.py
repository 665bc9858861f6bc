"""A page's own view state in the URL, beside the sidebar's filters (issue 11).

Each page names its parameters (Timeline ``lanes`` and ``event``, Map ``view``, ``layers``,
``basemap`` and ``venue``, Actors ``profile``, Sources ``source``, Data ``table``). On every run
the page:

1. calls :meth:`PageView.seed` before drawing its widgets: when the URL's page parameters are not
   the ones this session last wrote on this page (a shared link, a page switch, the browser's
   back button), the URL wins and the widgets are set from it; an unknown or malformed value is
   dropped with the same one-line notice as a bad filter; otherwise the widgets keep their state;
2. draws its widgets (without ``default=``/``value=``: their value comes from the session state);
3. calls :meth:`PageView.write` with the view as shown: the URL gets the page's parameters
   (defaults left out, so links stay short) and another page's parameters are removed, so a page
   switch keeps the filters, not the other page's view.

``bind="query-params"`` is not used for these widgets: it writes the formatted label into the
URL (``?event=9 Jan 2022 · US–Russia talks…``, not the event id), drops an unknown value
silently, and cannot carry what a chart click selects (an event, a venue). The pure part
(:func:`parse_view`, :func:`view_query`) has no Streamlit in it and is unit-tested.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from components.text import shorten

ONE, MANY, FLAG = "one", "many", "flag"


@dataclass(frozen=True)
class Param:
    """One URL parameter of a page and the widget key it drives.

    ``kind``: ``one`` (a single value), ``many`` (a comma-separated list, e.g.
    ``layers=areas,line``) or ``flag`` (``on`` or absent). ``default`` is what the widget shows
    when the parameter is absent; it is never written into the URL. ``what`` names the value in
    notices ("Unknown venue 'x' in the link was ignored.")."""

    name: str
    key: str
    kind: str = ONE
    default: Any = None
    what: str = ""


# every page's parameters: a page removes the others' from the URL (page switch, stale links)
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "timeline": ("lanes", "event"),
    "map": ("view", "layers", "basemap", "venue"),
    "actors": ("profile",),
    "sources": ("source",),
    "data": ("table",),
}
ALL_PAGE_PARAMS = tuple(dict.fromkeys(p for ps in PAGE_PARAMS.values() for p in ps))

Allowed = Collection[str] | Callable[[str], bool]


def _ok(value: str, allowed: Allowed | None) -> bool:
    if allowed is None:
        return True
    if callable(allowed):
        return bool(allowed(value))
    return value in allowed


def _notice(p: Param, value: str) -> str:
    return f"Unknown {p.what or p.name} {shorten(value, 40)!r} in the link was ignored."


def parse_view(
    params: Sequence[Param],
    raw: Mapping[str, Sequence[str]],
    allowed: Mapping[str, Allowed],
) -> tuple[dict[str, Any], list[str]]:
    """Widget values from the URL's parameters (``raw``: name -> values as repeated in the
    query), with a notice for each value dropped. Absent or dropped -> the parameter's default."""
    values: dict[str, Any] = {}
    notices: list[str] = []
    for p in params:
        given = [v for v in raw.get(p.name, []) if v != ""]
        ok_values = allowed.get(p.name)
        if p.kind == MANY:
            items = [x.strip() for v in given for x in v.split(",") if x.strip()]
            if not given:
                values[p.key] = list(p.default or [])
                continue
            if items == ["none"]:  # every item switched off
                values[p.key] = []
                continue
            kept = []
            for item in items:
                if _ok(item, ok_values):
                    if item not in kept:
                        kept.append(item)
                else:
                    notices.append(_notice(p, item))
            values[p.key] = kept
        elif p.kind == FLAG:
            value = given[-1].lower() if given else None
            if value is None:
                values[p.key] = bool(p.default)
            elif value in ("on", "off"):
                values[p.key] = value == "on"
            else:
                notices.append(_notice(p, given[-1]) + " (use on or off)")
                values[p.key] = bool(p.default)
        else:
            value = given[-1] if given else None
            if value is not None and _ok(value, ok_values):
                values[p.key] = value
            else:
                if value is not None:
                    notices.append(_notice(p, value))
                values[p.key] = p.default
    return values, notices


def view_query(params: Sequence[Param], shown: Mapping[str, Any]) -> dict[str, list[str]]:
    """The URL parameters of the view as shown (``shown``: widget key -> value); values equal to
    the default are left out."""
    query: dict[str, list[str]] = {}
    for p in params:
        value = shown.get(p.key, p.default)
        if p.kind == MANY:
            items = list(value or [])
            if items != list(p.default or []):
                query[p.name] = [",".join(str(x) for x in items)] if items else ["none"]
        elif p.kind == FLAG:
            if bool(value) != bool(p.default):
                query[p.name] = ["on" if value else "off"]
        elif value is not None and value != p.default:
            query[p.name] = [str(value)]
    return query


# -- Streamlit ---------------------------------------------------------------------------------

_WRITTEN = "_view_written_{}"
_NOTICES = "_view_notices_{}"


def _url_params(params: Sequence[Param]) -> dict[str, list[str]]:
    return {p.name: list(st.query_params.get_all(p.name)) for p in params}


def sync_query_params(names: Iterable[str], wanted: Mapping[str, Sequence[str]]) -> None:
    """Make the URL's ``names`` parameters equal ``wanted`` (absent there: removed); a parameter
    already right is not written again (no needless browser history entry)."""
    for name in names:
        current = st.query_params.get_all(name)
        if name in wanted:
            if current != list(wanted[name]):
                st.query_params[name] = list(wanted[name])
        elif current:
            del st.query_params[name]


class PageView:
    """The URL parameters of one page (see the module's docstring for the protocol)."""

    def __init__(self, page: str, params: Sequence[Param]) -> None:
        self.page = page
        self.params = tuple(params)
        self.query: dict[str, list[str]] = {}

    def url_changed(self) -> bool:
        """True when the URL's page parameters are not the ones this session last wrote."""
        return st.session_state.get(_WRITTEN.format(self.page)) != _url_params(self.params)

    def seed(self, allowed: Mapping[str, Allowed] | None = None) -> bool:
        """Set the widgets from the URL when it changed from outside; returns True if it did."""
        ss = st.session_state
        if not self.url_changed():
            return False
        first = _WRITTEN.format(self.page) not in ss
        raw = _url_params(self.params)
        values, notices = parse_view(self.params, raw, allowed or {})
        absent = {p.key for p in self.params if not raw.get(p.name)}
        for key, value in values.items():
            if first and key in absent and key in ss:
                continue  # set before the page's first run (a test, or the page itself) wins
            ss[key] = value
        ss[_NOTICES.format(self.page)] = notices
        return True

    def notices(self) -> list[str]:
        return list(st.session_state.get(_NOTICES.format(self.page), []))

    def show_notices(self) -> None:
        for notice in self.notices():
            st.warning(notice, icon="⚠️")

    def write(self, shown: Mapping[str, Any]) -> dict[str, list[str]]:
        """Put the view as shown into the URL (and forget other pages' parameters)."""
        wanted = view_query(self.params, shown)
        own = {p.name for p in self.params}
        sync_query_params(own, wanted)
        for name in ALL_PAGE_PARAMS:
            if name not in own and name in st.query_params:
                del st.query_params[name]
        st.session_state[_WRITTEN.format(self.page)] = _url_params(self.params)
        self.query = wanted
        return wanted


def drop_other_pages_params(page: str | None) -> None:
    """Remove the page parameters that are not ``page``'s (pages without parameters of their own
    call this through the sidebar)."""
    own = set(PAGE_PARAMS.get(page or "", ()))
    for name in ALL_PAGE_PARAMS:
        if name not in own and name in st.query_params:
            del st.query_params[name]


def page_url(path: str, query: Mapping[str, Sequence[str]]) -> str:
    """An absolute link to a page of this app (``path``: "" for the Overview, "timeline", …)
    with ``query``; relative (``/timeline?…``) when the browser's URL is not known (tests)."""
    base = app_root()
    url = f"{base}/{path}" if path else (f"{base}/" if base else "/")
    return url + ("?" + urlencode(query, doseq=True, safe=",") if query else "")


def app_root() -> str:
    """The app's address without its page path (``https://host/base``), "" when unknown."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        url = None
    if not url:
        return ""
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for path in PAGE_PATHS:
        if path and url.endswith("/" + path):
            return url[: -len(path) - 1]
    return url


PAGE_PATHS = ("timeline", "map", "figures", "actors", "sources", "data", "add_article")

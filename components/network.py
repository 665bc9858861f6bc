"""Pure builders for the actor network: frames in, ``go.Figure`` out (no streamlit).

Nodes are the actors of the filtered events (``Store.actor_stats``), placed on a circle grouped
by side (a deterministic layout: the same filters always draw the same picture), coloured by side
from the shared palette and sized by their number of events. Edges are the pairs of actors who
took part in an event together (``Store.interactions``); their width grows with the number of
shared events and an invisible marker at each edge's midpoint lists the events on hover.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.palette import SIDE_COLORS, SIDE_LABELS, side_color
from components.text import html_text, shorten
from crisis import vocab

EDGE_TRACE = "shared events"
EDGE_COLOR = "rgba(136, 136, 136, 0.55)"
MAX_TITLES = 8
LABEL_CHARS = 34


def descendants(actors: pd.DataFrame, actor_id: str) -> list[str]:
    """Members and affiliates of ``actor_id`` (children through parent_actor_id, recursively),
    as the actor filter matches them."""
    children: dict[str, list[str]] = {}
    for child, parent in zip(actors["actor_id"], actors["parent_actor_id"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(child)
    found: list[str] = []
    stack = list(reversed(children.get(actor_id, [])))
    while stack:
        current = stack.pop()
        if current in found or current == actor_id:
            continue
        found.append(current)
        stack.extend(reversed(children.get(current, [])))
    return found


def ancestors(actors: pd.DataFrame, actor_id: str) -> list[str]:
    """The chain of parents of ``actor_id``, nearest first."""
    parent = dict(zip(actors["actor_id"], actors["parent_actor_id"], strict=True))
    chain: list[str] = []
    current = parent.get(actor_id)
    while isinstance(current, str) and current not in chain and current != actor_id:
        chain.append(current)
        current = parent.get(current)
    return chain


def circular_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """``nodes`` (actor_id, side, events, label) with x, y on a unit circle.

    Sides take contiguous arcs in the order of ``vocab.SIDES`` with a gap between them; inside a
    side, actors with more events come first, then by label, so the layout is deterministic.
    """
    out = nodes.copy()
    if out.empty:
        out["x"] = pd.Series(dtype=float)
        out["y"] = pd.Series(dtype=float)
        return out
    order = {side: i for i, side in enumerate(vocab.SIDES)}
    out["_side_rank"] = out["side"].map(lambda s: order.get(s, len(order)))
    out = out.sort_values(
        ["_side_rank", "events", "label", "actor_id"], ascending=[True, False, True, True]
    ).reset_index(drop=True)
    n = len(out)
    groups = out["_side_rank"].nunique()
    gap = 1.0 if groups > 1 else 0.0
    slots = n + gap * groups
    positions = []
    cursor = 0.0
    previous = None
    for rank in out["_side_rank"]:
        if previous is not None and rank != previous:
            cursor += gap
        positions.append(cursor)
        cursor += 1.0
        previous = rank
    angles = math.pi / 2 - 2 * math.pi * (np.asarray(positions) / slots)
    out["x"] = np.cos(angles)
    out["y"] = np.sin(angles)
    return out.drop(columns="_side_rank")


X_STRETCH = 1.3  # the plot is wider than tall: use the width
LABEL_X = 1.22 * X_STRETCH
LABEL_SPAN = 1.2


def label_positions(placed: pd.DataFrame) -> pd.DataFrame:
    """Outside labels in two columns (left and right of the circle), one per node.

    Each label stays as close to its node's height as it can while keeping a minimum gap to its
    neighbours, so names never overlap; a leader line joins label and node.
    """
    out = placed[["actor_id", "x", "y"]].copy()
    out["label_x"] = np.where(out["x"] >= 0, LABEL_X, -LABEL_X)
    out["label_y"] = out["y"].astype(float)
    for right in (True, False):
        part = out[(out["x"] >= 0) == right].sort_values("y", ascending=False)
        if part.empty:
            continue
        gap = min(0.13, 2 * LABEL_SPAN / max(len(part) - 1, 1))
        ys = part["y"].to_numpy(dtype=float).clip(-LABEL_SPAN, LABEL_SPAN)
        for i in range(1, len(ys)):  # top-down: push labels down
            ys[i] = min(ys[i], ys[i - 1] - gap)
        if len(ys) and ys[-1] < -LABEL_SPAN:  # bottom-up: push back within the frame
            ys[-1] = -LABEL_SPAN
            for i in range(len(ys) - 2, -1, -1):
                ys[i] = max(ys[i], ys[i + 1] + gap)
        out.loc[part.index, "label_y"] = ys
    return out


def node_sizes(events: Sequence[int] | pd.Series, smallest: float = 10, largest: float = 42):
    """Marker diameters growing with the square root of the number of events."""
    values = np.asarray(events, dtype=float)
    if values.size == 0:
        return values
    top = max(values.max(), 1.0)
    return smallest + (largest - smallest) * np.sqrt(values / top)


def edge_widths(counts: Sequence[int] | pd.Series, thinnest: float = 1, thickest: float = 9):
    values = np.asarray(counts, dtype=float)
    if values.size == 0:
        return values
    top = max(values.max(), 1.0)
    return np.round(thinnest + (thickest - thinnest) * np.sqrt(values / top))


def _edge_hover(
    a: str, b: str, event_ids: Sequence[str], labels: Mapping[str, str], titles: Mapping[str, str]
) -> str:
    ids = list(event_ids)
    head = (
        f"<b>{html_text(labels.get(a, a))}</b> — <b>{html_text(labels.get(b, b))}</b>"
        f"<br>{len(ids):,} shared event{'s' if len(ids) != 1 else ''}"
    )
    lines = [f"• {html_text(titles.get(e, e))}" for e in ids[:MAX_TITLES]]
    if len(ids) > MAX_TITLES:
        lines.append(f"… and {len(ids) - MAX_TITLES:,} more")
    return "<br>".join([head, *lines])


def network_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    titles: Mapping[str, str] | None = None,
    highlight: str | None = None,
    height: int = 700,
) -> go.Figure:
    """The actor network.

    ``nodes``: actor_id, label, kind, side, events (as ``Store.actor_stats``).
    ``edges``: source, target, events, event_ids (as ``Store.interactions``).
    ``titles``: event_id -> title, for the edge hover. ``highlight``: an actor id drawn with a ring.
    Node traces (one per side) carry ``actor_id`` as the first ``customdata`` element; the edge
    trace carries ``"source|target"`` then source, target.
    """
    titles = titles or {}
    placed = circular_layout(nodes)
    placed["x"] = placed["x"] * X_STRETCH
    pos = {a: (x, y) for a, x, y in zip(placed["actor_id"], placed["x"], placed["y"], strict=True)}
    labels = dict(zip(placed["actor_id"], placed["label"], strict=True))
    fig = go.Figure()

    edges = edges[edges["source"].isin(pos.keys()) & edges["target"].isin(pos.keys())]
    edges = edges.reset_index(drop=True)
    widths = edge_widths(edges["events"]) if not edges.empty else np.array([])
    for width in sorted(set(widths.tolist())):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for s, t in edges.loc[widths == width, ["source", "target"]].itertuples(index=False):
            xs += [pos[s][0], pos[t][0], None]
            ys += [pos[s][1], pos[t][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": width, "color": EDGE_COLOR},
                hoverinfo="skip",
                showlegend=False,
                name=f"edges (width {width:g})",
            )
        )
    if not edges.empty:
        mid_x = [
            (pos[s][0] + pos[t][0]) / 2
            for s, t in zip(edges["source"], edges["target"], strict=True)
        ]
        mid_y = [
            (pos[s][1] + pos[t][1]) / 2
            for s, t in zip(edges["source"], edges["target"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=mid_x,
                y=mid_y,
                mode="markers",
                marker={"size": 12, "color": "rgba(0,0,0,0)"},
                customdata=np.column_stack(
                    [
                        (edges["source"] + "|" + edges["target"]).to_numpy(),
                        edges["source"].to_numpy(),
                        edges["target"].to_numpy(),
                        edges["events"].to_numpy(),
                    ]
                ),
                hovertext=[
                    _edge_hover(s, t, ids, labels, titles)
                    for s, t, ids in zip(
                        edges["source"], edges["target"], edges["event_ids"], strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                name=EDGE_TRACE,
                showlegend=False,
            )
        )

    sizes = node_sizes(placed["events"]) if not placed.empty else np.array([])
    placed = placed.assign(_size=sizes)
    for side in [*vocab.SIDES, *sorted(set(placed["side"].dropna()) - set(vocab.SIDES))]:
        part = placed[placed["side"] == side]
        if part.empty:
            continue
        color = side_color(side)
        ring = np.where(part["actor_id"] == highlight, 4, 1)
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=SIDE_LABELS.get(side, side),
                marker={
                    "size": part["_size"],
                    "color": color,
                    "line": {"width": ring, "color": "#333333"},
                    "opacity": 0.95,
                },
                customdata=np.column_stack(
                    [part["actor_id"].to_numpy(), part["events"].to_numpy()]
                ),
                hovertext=[
                    f"<b>{html_text(label)}</b><br>{html_text(kind)} · "
                    f"{html_text(SIDE_LABELS.get(side, side))}<br>{int(n):,} event"
                    f"{'s' if int(n) != 1 else ''}<br><i>click to filter by this actor</i>"
                    for label, kind, n in zip(
                        part["label"], part["kind"], part["events"], strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if not placed.empty:
        spots = label_positions(placed)
        lx: list[float | None] = []
        ly: list[float | None] = []
        for x, y, tx, ty in spots[["x", "y", "label_x", "label_y"]].itertuples(index=False):
            lx += [x, tx * 0.985, None]
            ly += [y, ty, None]
        fig.add_trace(
            go.Scatter(
                x=lx,
                y=ly,
                mode="lines",
                line={"width": 0.6, "color": "rgba(136, 136, 136, 0.6)"},
                hoverinfo="skip",
                showlegend=False,
                name="label leaders",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=spots["label_x"],
                y=spots["label_y"],
                mode="text",
                text=[html_text(shorten(str(labels[a]), LABEL_CHARS)) for a in spots["actor_id"]],
                textposition=["middle right" if x > 0 else "middle left" for x in spots["label_x"]],
                textfont={"size": 12},
                customdata=np.column_stack([spots["actor_id"].to_numpy()]),
                hoverinfo="skip",
                showlegend=False,
                name="labels",
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"visible": False, "range": [-2.6, 2.6], "fixedrange": True},
        yaxis={"visible": False, "range": [-1.28, 1.28], "fixedrange": True},
        legend={"title": {"text": "Side (our grouping)"}, "orientation": "h", "y": -0.02},
        hovermode="closest",
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def side_colors() -> dict[str, str]:
    """The palette used for nodes (for legends outside the figure)."""
    return dict(SIDE_COLORS)

"""Figures: casualty and troop figures with their qualifiers, sources and definitions.

The three death tolls of the war in eastern Ukraine (the founding article, OHCHR and UCDP) are
shown side by side, never merged; every figure keeps its qualifier and its verbatim quote.
"""

import streamlit as st

from components import built, data
from components import publish as pb
from components.sidebar import chart_format, page_frame
from components.tables import (
    casualty_range_figure,
    dataset_passage,
    figure_table,
    toll_cards,
    troop_range_figure,
)
from components.text import blockquote, md_escape

filters = page_frame("Figures")
FIGURES_SUBTITLE = "As each source words it (qualifiers and ranges kept); units and scopes differ"
st.caption(
    "Figures are not events; the sidebar filters do not apply here. Every figure keeps the "
    "qualifier its source uses (“more than”, “around”, a range) and the passage it comes from."
)

store = data.current_store()
casualties = data.figures("casualties")
troops = data.figures("troops")
ucdp = store.ucdp_totals()
ucdp_quote = dataset_passage(store.source_text("ucdp-ged-22.1"), "UCDP counts deaths")

# -- three tolls side by side --------------------------------------------------------------------
st.subheader("People killed in the war in eastern Ukraine: three tolls, three definitions")
st.caption(
    "Different sources count different things over different periods, so these numbers are "
    "shown side by side and not merged or averaged."
)
cards = toll_cards(casualties, ucdp, ucdp_quote)
for column, card in zip(st.columns(len(cards)), cards, strict=True):
    with column.container(border=True):
        st.metric(f"{card['title']} ({card['id']})", card["value"], help=card["definition"])
        st.caption(md_escape(card["unit"]))
        st.markdown(
            "  \n".join(
                [
                    f"**Qualifier:** {md_escape(card['qualifier'])}",
                    f"**Period:** {md_escape(card['period'])}",
                    f"**Reported by:** {md_escape(card['reporter'])}",
                    f"**Source:** {md_escape(card['source'])}",
                ]
            )
        )
        st.markdown(f"**Definition:** {md_escape(card['definition'])}")
        if card["extra"]:
            st.caption(md_escape(card["extra"]))
        if card["quote"]:
            st.markdown(blockquote(card["quote"]))

# -- charts ---------------------------------------------------------------------------------------
st.subheader("All casualty figures as ranges")
st.caption(
    "Each bar runs from the lowest to the highest value its source gives; a single marker is a "
    "single number; a dashed stub with an arrow is open-ended (“more than”, “at least”: no upper "
    "bound — the stub's length means nothing). Units differ (people killed, civilians killed, "
    "people wounded), so read each row with its label. Log scale."
)
casualty_card = built.card(
    "Killed and wounded in the war in eastern Ukraine: every figure",
    "casualty-figures",
    casualties,
    subtitle=FIGURES_SUBTITLE,
    reporters=True,
    extra=(pb.UCDP_NAME,),
)
casualty_fig = pb.publish_layout(
    casualty_range_figure(casualties, ucdp), casualty_card, 50, legend_rows=3, footer_chars=70
)
st.plotly_chart(
    casualty_fig,
    width="stretch",
    key="casualty_ranges",
    config=pb.config_for(casualty_fig, casualty_card.filename, fmt=chart_format()),
)

st.subheader("Russian troops near Ukraine: estimates over time")
st.caption(
    "Each estimate at the date it was reported, labelled with who gave it. They cover different "
    "areas (near the border, occupied territories, Belarus, naval and air components) and one is "
    "a planned force (open marker): compare them only with their scope and notes in the table."
)
troop_card = built.card(
    "Russian troops near Ukraine: estimates over time",
    "troop-figures",
    troops,
    subtitle=FIGURES_SUBTITLE,
)
troop_fig = pb.publish_layout(troop_range_figure(troops), troop_card, 55)
st.plotly_chart(
    troop_fig,
    width="stretch",
    key="troop_ranges",
    config=pb.config_for(troop_fig, troop_card.filename, fmt=chart_format()),
)

# -- tables ---------------------------------------------------------------------------------------
COLUMN_CONFIG = {
    "figure_id": st.column_config.TextColumn("figure_id", pinned=True),
    "value": st.column_config.TextColumn("value (as worded)"),
    "reported_on": st.column_config.DateColumn("reported on", format="D MMM YYYY"),
    "published": st.column_config.DateColumn("published", format="D MMM YYYY"),
    "note": st.column_config.TextColumn("note (caveats, added context)", width="large"),
    "quote": st.column_config.TextColumn("quote (verbatim)", width="large"),
}


def _table(title: str, frame, key: str) -> None:
    st.subheader(title)
    table = figure_table(frame)
    st.dataframe(table, hide_index=True, column_config=COLUMN_CONFIG, width="stretch", key=key)
    notes = table[table["note"] != ""]
    if not notes.empty:
        st.markdown("**Caveats and added context**")
        st.markdown(
            "\n".join(
                f"- **{md_escape(fid)}**: {md_escape(note)}"
                for fid, note in zip(notes["figure_id"], notes["note"], strict=True)
            )
        )


_table("Casualty figures", casualties, "casualty_table")
_table("Troop figures", troops, "troop_table")

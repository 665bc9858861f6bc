"""After Streamlit's websocket reconnects, rerun the page so it shows what the server has now.

When the server a tab talked to goes away (a replica behind the proxy stopped, or the server
restarted), Streamlit's frontend reconnects, to another replica if need be, but does not run
the page again: the tab keeps showing what the old session drew (an upload that is gone, for
example) until the visitor's next click. This watcher, a JavaScript-only component, sees the
connection status appear and go again and asks for one rerun. The rerun builds the view from
the URL in a new session (and says when an uploaded dataset in it is gone,
``components.url_state``); if the old session survived a short network blip, the rerun just
redraws the same view.
"""

from __future__ import annotations

import streamlit as st

# Streamlit shows [data-testid='stConnectionStatus'] while the websocket is not connected.
JS = """
export default function ({ setTriggerValue }) {
  const w = window;
  w.__crisisReconnect = w.__crisisReconnect || { lost: false, observer: null };
  const state = w.__crisisReconnect;
  state.trigger = setTriggerValue;
  if (!state.observer) {
    const check = () => {
      const down = document.querySelector("[data-testid='stConnectionStatus']") !== null;
      if (down) {
        state.lost = true;
      } else if (state.lost) {
        state.lost = false;
        state.trigger("reconnected", Date.now());
      }
    };
    state.observer = new MutationObserver(check);
    state.observer.observe(document.body, { childList: true, subtree: true });
  }
}
"""

_watcher = st.components.v2.component("crisis_reconnect_watcher", js=JS)


def rerun_after_reconnect() -> None:
    """Mount the watcher (once per page run; it draws nothing)."""
    _watcher(key="reconnect_watcher", on_reconnected_change=lambda: None)

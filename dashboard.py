"""Entry point and Overview page: `streamlit run dashboard.py`.

The other pages live in ``pages/`` (Streamlit's file-based multipage mode); each calls the same
``page_frame`` so the sidebar, the URL state and the header are identical everywhere.
"""

from components.sidebar import page_frame

filters = page_frame("Overview")

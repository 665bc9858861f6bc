"""Timeline page (placeholder until built)."""

from components.sidebar import page_frame

filters = page_frame("Timeline")

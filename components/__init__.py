"""Streamlit-facing building blocks: sidebar filters, figure and deck builders, provenance."""

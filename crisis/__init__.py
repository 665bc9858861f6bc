"""The UI-free core of the crisis dashboard: schema, validation, the DuckDB store and queries.

Nothing in this package imports streamlit, so it can be tested, scripted and reused.
"""

from crisis.filters import Filters
from crisis.schema import Problem, ValidationFailed
from crisis.store import Store

__all__ = ["Filters", "Problem", "Store", "ValidationFailed"]

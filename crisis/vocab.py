"""Closed vocabularies of the data model (documented in data/README.md)."""

EVENT_TYPES: tuple[str, ...] = (
    "meeting",
    "call",
    "visit",
    "statement",
    "military",
    "armed_conflict",
    "annexation",
    "policy",
    # for imported datasets (ACLED protests and riots; types with no dashboard equivalent)
    "unrest",
    "other",
)
EVENT_TYPE_LABELS: dict[str, str] = {
    "meeting": "Meeting",
    "call": "Call",
    "visit": "Visit",
    "statement": "Statement",
    "military": "Military",
    "armed_conflict": "Armed conflict",
    "annexation": "Annexation",
    "policy": "Policy",
    "unrest": "Protest / riot",
    "other": "Other",
}
STATUSES: tuple[str, ...] = ("occurred", "ongoing", "announced", "scheduled")
FORMATS: tuple[str, ...] = ("in-person", "virtual", "unknown")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
DATASETS: tuple[str, ...] = ("article", "ucdp")
DATASET_LABELS: dict[str, str] = {
    "article": "Founding article",
    "ucdp": "UCDP violence 2014–2021",
}
ACTOR_KINDS: tuple[str, ...] = ("person", "organisation", "state", "group")
SIDES: tuple[str, ...] = ("ukraine", "russia", "west", "multilateral", "other")
ROLES: tuple[str, ...] = ("participant", "organiser", "speaker", "reporter", "target")
LOCATION_KINDS: tuple[str, ...] = (
    "city",
    "venue",
    "region",
    "border area",
    "contact line",
    "country",
)
LOCATION_PRECISIONS: tuple[str, ...] = ("exact", "city", "region", "approximate")
QUALIFIERS: tuple[str, ...] = (
    "",
    "about",
    "around",
    "more than",
    "nearly",
    "between",
    "planned",
    "at least",
)
SOURCE_KINDS: tuple[str, ...] = ("news_article", "web_page_quote", "dataset")

"""Documentation keeps up with the data and the commands (after datasette's test_docs)."""

from __future__ import annotations

import csv
import re

import pytest

from crisis.cli import build_parser
from tests.conftest import DATA, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (DATA / "README.md").read_text(encoding="utf-8")
TABLES = [
    "sources",
    "events",
    "actors",
    "event_actors",
    "locations",
    "troops",
    "casualties",
    "ucdp/actor_map",
]


def header(table: str) -> list[str]:
    with (DATA / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize("table", TABLES)
def test_every_column_is_documented(table):
    for column in header(table):
        assert f"`{column}`" in DATA_README, f"{table}.csv column {column} is not in data/README.md"


def test_every_vocabulary_value_is_documented():
    from crisis import vocab

    for values in (
        vocab.EVENT_TYPES,
        vocab.STATUSES,
        vocab.FORMATS,
        vocab.ROLES,
        vocab.SIDES,
        vocab.ACTOR_KINDS,
        vocab.LOCATION_KINDS,
        vocab.SOURCE_KINDS,
    ):
        for value in values:
            assert f"`{value}`" in DATA_README, value


def test_readme_gives_the_two_commands_first():
    first_commands = re.findall(r"make (\w+)", README)[:2]
    assert first_commands == ["run", "test"]


def test_every_cli_command_is_in_the_readme():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"python -m crisis {name}" in README, name


def test_every_page_is_in_the_readme():
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert page.stem.replace("_", " ").capitalize() in README, page.name

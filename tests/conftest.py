"""Shared fixtures: one bundled store per test session, and a scratch copy of data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crisis import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def store() -> Store:
    return Store.bundled(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (CSV tables and sources; geometry and UCDP linked)."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("geo", "ucdp"))
    (dest / "geo").symlink_to(DATA / "geo")
    (dest / "ucdp").symlink_to(DATA / "ucdp")
    return dest

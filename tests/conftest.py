"""Shared fixtures: a private Prefect home per test session, temp warehouses, and hand-made extractions."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Prefect: a throwaway home (its own SQLite database), no analytics calls out.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsware-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("NEWSWARE_WAREHOUSE", None)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "sample"


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    return tmp_path / "news.duckdb"


def pytest_collection_modifyitems(config, items):
    """Tests that read ../shared (the eval set, the page corpus) skip cleanly where it is absent."""
    if SHARED.exists():
        return
    skip = pytest.mark.skip(reason="../shared is not beside this checkout")
    for item in items:
        if "needs_shared" in item.keywords:
            item.add_marker(skip)

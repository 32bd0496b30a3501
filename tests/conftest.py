"""Shared fixtures: a private Prefect home per test session, temp warehouses, and hand-made extractions."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def busy_machine():
    """A CPU-bound process beside the tests that start Prefect, as on a shared CI machine: nothing may
    depend on being fast."""
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        hog.kill()
        hog.wait()


@pytest.fixture(scope="session")
def prefect_api_url(busy_machine):
    """One temporary Prefect server for the end-to-end runs that do not test the server itself: runs
    given PREFECT_API_URL use it instead of starting their own."""
    from flows.prefect_server import prefect_api

    with prefect_api(startup_timeout=600) as url:
        yield url


def newsware(*args: str, api_url: str | None = None, timeout: float = 600,
             environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`newsware ARGS` in a subprocess, as a user or cron runs it; with `api_url`, against that Prefect
    server, else with a temporary server of its own; `environ` adds variables (settings overrides)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | (environ or {})
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=timeout)


def many_pages(folder: Path, copies: int) -> Path:
    """Enough real-looking pages that a run is still cleaning when it is stopped."""
    folder.mkdir()
    for page in (SAMPLE / "pages").glob("*.html"):
        for i in range(copies):
            shutil.copy(page, folder / f"{page.stem}-{i}.html")
    return folder


@pytest.fixture(scope="session")
def pages_warehouse(tmp_path_factory, prefect_api_url) -> Path:
    """A warehouse made by one real `newsware run` over the 923 pages of ../shared/pages (most of them not
    English: null speakers, undated articles, rejects), closed: what an analyst's warehouse looks like.
    Built once per test session; tests that use it only read it, and are marked needs_shared."""
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    path = tmp_path_factory.mktemp("pages") / "pages.duckdb"
    result = newsware("run", str(SHARED / "pages"), "--warehouse", str(path), "--quiet", api_url=prefect_api_url,
                      timeout=1800)
    assert result.returncode == 0, result.stderr
    return path

# The two commands of the README, and the steps they need. Everything installs into .venv from
# constraints.txt (exact versions of every package), so a fresh machine needs only python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench bench-incremental bench-nightly bench-scale bench-e2e bench-dask clean

run: $(VENV)/.installed          ## the pipeline on the bundled sample, into warehouse/newsware.duckdb
	$(BIN)/newsware run

test: $(VENV)/.installed-test .venv-duckdb1/.installed  ## the whole test suite (starts its own Prefect and HTTP servers)
	@# the dashboard's browser test reads the page in Debian's chromium; as root, install it if missing
	command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)
	@command -v chromium >/dev/null || echo "make test: no chromium (apt-get install chromium): the dashboard's browser test is skipped"
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed        ## extraction speed and memory against bare trafilatura (needs ../shared/pages)
	$(BIN)/python bench/bench_extract.py

bench-incremental: $(VENV)/.installed  ## a nightly run over a loopback site, first vs unchanged rerun
	$(BIN)/python bench/bench_incremental.py

bench-nightly: $(VENV)/.installed  ## 500 new articles into warehouses of 10k, 50k, 100k articles vs an empty one
	$(BIN)/python bench/bench_nightly_big.py

bench-scale: $(VENV)/.installed    ## newsware run on 1k, 10k, 100k distinct articles: time, peak memory of its processes
	$(BIN)/python bench/bench_scale.py $(BENCH_ARGS)

bench-e2e: $(VENV)/.installed      ## newsware run end to end against bare trafilatura on 2 processes, same pages
	$(BIN)/python bench/bench_end_to_end.py $(BENCH_ARGS)

bench-dask: $(VENV)/.installed     ## the same pages on a Dask LocalCluster of 1 worker, then 2
	$(BIN)/python bench/bench_dask.py $(BENCH_ARGS)

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# DuckDB 1.4, the engine inside most analyst tools, apart from ours: a test opens the warehouse with it.
.venv-duckdb1/.installed:
	test -x .venv-duckdb1/bin/python || $(PYTHON) -m venv .venv-duckdb1
	.venv-duckdb1/bin/python -m pip install --quiet --disable-pip-version-check duckdb==1.4.4
	touch $@

clean:
	rm -rf $(VENV) .venv-duckdb1 warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/logs

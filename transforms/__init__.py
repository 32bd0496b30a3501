"""Pure pipeline steps: ingest, clean, people, quotes, equipment, normalise.

Nothing here imports Prefect or DuckDB, so every step is testable on its own.
"""

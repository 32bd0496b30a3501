"""The one settings file, `config/newsware.toml`, read into a typed object with defaults."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "newsware.toml"


class ConfigError(ValueError):
    """The settings file is missing or holds a value of the wrong kind."""


@dataclass(frozen=True)
class Settings:
    sources: list[str] = field(default_factory=lambda: ["sample"])
    warehouse: Path = REPO_ROOT / "warehouse" / "newsware.duckdb"
    max_bytes: int = 3_000_000
    http_timeout: float = 20.0
    http_retries: int = 2
    user_agent: str = "newsware/0.1 (+batch news ETL)"
    max_links_per_feed: int = 500
    clean_timeout: float = 20.0
    clean_workers: int = 2
    batch_size: int = 200
    equipment_gazetteer: Path = REPO_ROOT / "config" / "equipment.yaml"
    people_gazetteer: Path = REPO_ROOT / "config" / "people.yaml"
    organisations_gazetteer: Path = REPO_ROOT / "config" / "organisations.yaml"
    schedule_cron: str = "0 2 * * *"
    schedule_timezone: str = "UTC"


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (the bundled default when `path` is None); env vars override."""
    config_path = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {config_path}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"config file {config_path} is not valid TOML: {err}") from None
    # Relative paths in the bundled config are relative to the repo; in a user's own file, to that file.
    base = REPO_ROOT if config_path.resolve() == DEFAULT_CONFIG else config_path.resolve().parent
    defaults = Settings()
    section = lambda name: raw.get(name, {})  # noqa: E731
    try:
        sources = [str(s) for s in section("sources").get("paths", defaults.sources)]
        settings = Settings(
            sources=[s if "://" in s else str(_resolve(base, s)) for s in sources],
            warehouse=_resolve(base, section("warehouse").get("path", "warehouse/newsware.duckdb")),
            max_bytes=int(section("ingest").get("max_bytes", defaults.max_bytes)),
            http_timeout=float(section("ingest").get("http_timeout", defaults.http_timeout)),
            http_retries=int(section("ingest").get("http_retries", defaults.http_retries)),
            user_agent=str(section("ingest").get("user_agent", defaults.user_agent)),
            max_links_per_feed=int(section("ingest").get("max_links_per_feed", defaults.max_links_per_feed)),
            clean_timeout=float(section("clean").get("timeout", defaults.clean_timeout)),
            clean_workers=int(section("clean").get("workers", defaults.clean_workers)),
            batch_size=int(section("clean").get("batch_size", defaults.batch_size)),
            equipment_gazetteer=_resolve(base, section("gazetteers").get("equipment", "config/equipment.yaml")),
            people_gazetteer=_resolve(base, section("gazetteers").get("people", "config/people.yaml")),
            organisations_gazetteer=_resolve(
                base, section("gazetteers").get("organisations", "config/organisations.yaml")),
            schedule_cron=str(section("schedule").get("cron", defaults.schedule_cron)),
            schedule_timezone=str(section("schedule").get("timezone", defaults.schedule_timezone)),
        )
    except (TypeError, ValueError) as err:
        raise ConfigError(f"config file {config_path}: {err}") from None
    if env_warehouse := os.environ.get("NEWSWARE_WAREHOUSE"):
        settings = replace(settings, warehouse=Path(env_warehouse).expanduser())
    return settings

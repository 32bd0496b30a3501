"""The one settings file, `config/newsware.toml`, read into a typed, validated object.

Every section and key has a schema (pydantic): a misspelt key or section, or a value of the wrong kind,
is an error that names it. Every key can be overridden by an environment variable
`NEWSWARE_<SECTION>__<KEY>` (e.g. `NEWSWARE_CLEAN__WORKERS=4`); `NEWSWARE_WAREHOUSE` is short for
`NEWSWARE_WAREHOUSE__PATH`. Relative paths are relative to the newsware directory (the one holding
`config/`), whichever config file names them, so a copy of the bundled file works from anywhere.
"""
from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "newsware.toml"
ENV_PREFIX = "NEWSWARE_"
WAREHOUSE_ENV = "NEWSWARE_WAREHOUSE"


class ConfigError(ValueError):
    """The settings file is missing or holds an unknown key or a value of the wrong kind."""


def _from_repo(path: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def _source_from_repo(source: str) -> str:
    return source if "://" in source else str(_from_repo(Path(source)))


RepoPath = Annotated[Path, AfterValidator(_from_repo)]
Source = Annotated[str, AfterValidator(_source_from_repo)]
Positive = Annotated[float, Field(gt=0)]
MemorySize = Annotated[str, Field(pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class SourcesSettings(Section):
    paths: list[Source] = ["sample"]


class WarehouseSettings(Section):
    path: RepoPath = Path("warehouse/newsware.duckdb")
    lock_wait: Annotated[float, Field(ge=0)] = 30.0
    staging: str = ""                                   # "" is <path>.staging, next to the warehouse
    memory_limit: MemorySize = "200MB"
    link_memory_limit: MemorySize = "100MB"

    def staging_root(self) -> Path:
        """Where runs stage their batches and rows until the load (see `warehouse.staging`)."""
        return _from_repo(Path(self.staging)) if self.staging else self.path.with_name(self.path.name + ".staging")


class IngestSettings(Section):
    max_bytes: Annotated[int, Field(gt=0)] = 3_000_000
    max_links_per_feed: Annotated[int, Field(gt=0)] = 500


class FetchSettings(Section):
    """HTTP fetching (flows/fetch.py): timeouts in seconds, politeness per host, retries."""

    user_agent: Annotated[str, Field(min_length=1)] = "newsware/0.1 (+batch news ETL)"
    connect_timeout: Annotated[float, Field(gt=0, le=600)] = 10.0
    read_timeout: Annotated[float, Field(gt=0, le=600)] = 20.0
    total_timeout: Annotated[float, Field(gt=0, le=3600)] = 60.0
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    backoff: Annotated[float, Field(ge=0, le=600)] = 1.0
    max_retry_after: Annotated[float, Field(ge=0, le=3600)] = 120.0
    concurrency: Annotated[int, Field(ge=1, le=256)] = 8
    per_host_concurrency: Annotated[int, Field(ge=1, le=64)] = 2
    per_host_delay: Annotated[float, Field(ge=0, le=600)] = 1.0
    max_crawl_delay: Annotated[float, Field(ge=0, le=3600)] = 10.0
    obey_robots: bool = True
    max_redirects: Annotated[int, Field(ge=0, le=30)] = 5


class CleanSettings(Section):
    timeout: Positive = 20.0
    wall_timeout: Positive = 300.0
    workers: Annotated[int, Field(gt=0)] = 2
    batch_size: Annotated[int, Field(gt=0)] = 200
    batch_megabytes: Positive = 16.0


class ClusterSettings(Section):
    """Where batch tasks run (flows/cluster.py): "" in the run's own process, "local" on a Dask
    LocalCluster of `workers` processes, or a Dask scheduler's address (tcp://host:8786)."""

    address: Annotated[str, Field(pattern=r"^$|^local$|^(tcp|tls|inproc|ucx|ws|wss)://\S+$")] = ""
    workers: Annotated[int, Field(gt=0, le=1024)] = 2


class GazetteerSettings(Section):
    equipment: RepoPath = Path("config/equipment.yaml")
    people: RepoPath = Path("config/people.yaml")
    organisations: RepoPath = Path("config/organisations.yaml")
    languages: RepoPath = Path("config/languages")      # <code>.yaml: quote rules for a language other than English


class PrefectSettings(Section):
    startup_timeout: Positive = 180.0


class SqlSettings(Section):
    """`newsware sql`: seconds a query may run before it is stopped (0: no limit)."""

    timeout: Annotated[float, Field(ge=0)] = 60.0


class ScheduleSettings(Section):
    cron: str = "0 2 * * *"
    timezone: str = "UTC"
    keep_prefect_runs_days: Annotated[int, Field(gt=0)] = 30


class Settings(Section):
    """All of newsware's settings, one attribute per section of the config file."""

    sources: SourcesSettings = SourcesSettings()
    warehouse: WarehouseSettings = WarehouseSettings()
    ingest: IngestSettings = IngestSettings()
    fetch: FetchSettings = FetchSettings()
    clean: CleanSettings = CleanSettings()
    cluster: ClusterSettings = ClusterSettings()
    gazetteers: GazetteerSettings = GazetteerSettings()
    prefect: PrefectSettings = PrefectSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    sql: SqlSettings = SqlSettings()

    def with_cluster(self, address: str) -> Settings:
        """The same settings running batches on another cluster (the `--cluster` option)."""
        return self.model_validate({**self.model_dump(), "cluster": {**self.cluster.model_dump(), "address": address}})

    def with_warehouse(self, path: Path | str) -> Settings:
        """The same settings writing to another warehouse file (the `--warehouse` option)."""
        return self.model_copy(update={"warehouse": self.warehouse.model_copy(update={"path": _from_repo(Path(path))})})


def load_settings(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (the bundled one when `path` is None), then the environment's overrides."""
    config_path = Path(path).expanduser() if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {config_path}") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {config_path} is a directory; give a .toml file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"config file {config_path} is not valid TOML: {err}") from None
    overrides = environment_overrides(os.environ if environ is None else environ)
    for (section, key), value in overrides.items():
        table = raw.setdefault(section, {})
        if isinstance(table, dict):
            table[key] = value
    try:
        return Settings.model_validate(raw)
    except ValidationError as err:
        raise ConfigError(f"config file {config_path}: {_describe(err, overrides)}") from None


def read_data_file(path: Path) -> dict:
    """A YAML data file the config names (a gazetteer) as a mapping; a file that is missing, unreadable,
    not YAML or not a mapping is a ConfigError naming it, so that it stops a run before any work starts."""
    import yaml

    # The C loader, where PyYAML has it, reads the equipment catalogue ~7x faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise ConfigError(f"gazetteer {path}: file not found (fix the path under [gazetteers] of the config)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"gazetteer {path}: cannot be read: {getattr(err, 'strerror', None) or err}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"gazetteer {path}: not valid YAML: {' '.join(str(err).split())}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"gazetteer {path}: expected a mapping of sections at the top, found a {type(raw).__name__}")
    if (where := _bare_yes_or_no(raw)) is not None:
        raise ConfigError(f"gazetteer {path}: {where} is read as true or false (YAML reads on, off, yes, no, y, n "
                          "that way): write the word in quotes, as \"on\"")
    return raw


def _bare_yes_or_no(node: Any, where: str = "") -> str | None:
    """Where a word of a list, or a key, came out of YAML as a boolean: the Polish pronoun `on`, the Spanish
    `no` of a word list. A flag's value (`pro_drop: true`) is meant as one; anywhere else it is a lost word."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, bool):
                return f"a key under {where or 'the top'}"
            if (found := _bare_yes_or_no(value, f"{where}.{key}" if where else str(key))) is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, bool):
                return f"a word of {where}"
            if (found := _bare_yes_or_no(item, where)) is not None:
                return found
    return None


def environment_overrides(environ: Mapping[str, str]) -> dict[tuple[str, str], Any]:
    """(section, key) -> value of every NEWSWARE_SECTION__KEY variable; a list is written as JSON."""
    overrides: dict[tuple[str, str], Any] = {}
    if environ.get(WAREHOUSE_ENV):
        overrides[("warehouse", "path")] = environ[WAREHOUSE_ENV]
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX):].lower().partition("__")
        overrides[(section, key)] = _env_value(value)
    return overrides


def _env_value(value: str) -> Any:
    if value.strip().startswith("["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            pass
    return value


def _describe(err: ValidationError, overrides: dict[tuple[str, str], Any]) -> str:
    """Pydantic's errors as `section.key: what is wrong`, naming the environment variable it came from."""
    problems = []
    for error in err.errors():
        location = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
        where = location
        section_key = tuple(location.split(".")[:2])
        if section_key in overrides:
            where = f"{location} (from ${ENV_PREFIX}{'__'.join(section_key).upper()})"
        if error["type"] == "extra_forbidden":
            known = _known_keys(tuple(location.split(".")[:-1]))
            problems.append(f"unknown {'key' if '.' in location else 'section'} {where}"
                            f" (known: {', '.join(known)})")
        else:
            problems.append(f"{where}: {error['msg']} (got {error['input']!r})")
    return "; ".join(problems)


def _known_keys(parent: tuple[str, ...]) -> list[str]:
    model: type[BaseModel] = Settings
    for part in parent:
        annotation = model.model_fields[part].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)

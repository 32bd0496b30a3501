"""settings: the bundled config gives the defaults; a user's file and the environment override them,
and every mistake names its key."""
import shutil
from pathlib import Path

import pytest

from transforms.settings import DEFAULT_CONFIG, REPO_ROOT, ConfigError, Settings, load_settings, read_data_file


def test_the_bundled_config_reads_the_sample_into_the_repo_warehouse():
    settings = load_settings(environ={})
    assert settings.sources.paths == [str(REPO_ROOT / "sample")]
    assert settings.warehouse.path == REPO_ROOT / "warehouse" / "newsware.duckdb"


def test_the_bundled_config_holds_every_default():
    assert load_settings(environ={}) == Settings()


def test_a_copy_of_the_bundled_config_elsewhere_reads_the_same_files(tmp_path):
    copy = tmp_path / "elsewhere" / "my.toml"
    copy.parent.mkdir()
    shutil.copy(DEFAULT_CONFIG, copy)
    assert load_settings(copy, environ={}) == load_settings(environ={})


def test_a_users_file_sets_some_keys_and_keeps_the_other_defaults(tmp_path):
    config = tmp_path / "nightly.toml"
    config.write_text('[sources]\npaths = ["/srv/inbox", "https://example.org/feed.xml"]\n[clean]\nworkers = 4\n')
    settings = load_settings(config, environ={})
    assert settings.sources.paths == ["/srv/inbox", "https://example.org/feed.xml"]
    assert settings.clean.workers == 4 and settings.clean.batch_size == 200


def test_the_environment_overrides_any_key():
    settings = load_settings(environ={
        "NEWSWARE_WAREHOUSE": "/data/news.duckdb",
        "NEWSWARE_CLEAN__WORKERS": "3",
        "NEWSWARE_SOURCES__PATHS": '["inbox", "https://example.org/feed.xml"]',
    })
    assert settings.warehouse.path == Path("/data/news.duckdb")
    assert settings.clean.workers == 3
    assert settings.sources.paths == [str(REPO_ROOT / "inbox"), "https://example.org/feed.xml"]


@pytest.mark.parametrize("content, message", [
    ("[clean]\nworkers = 'many'\n", r"clean\.workers: Input should be a valid integer.*'many'"),
    ("[clean]\ntimeout = -1\n", r"clean\.timeout: Input should be greater than 0"),
    ("[clean]\ntimout = 5\n", r"unknown key clean\.timout \(known: timeout, wall_timeout, workers, batch_size, batch_megabytes\)"),
    ("[cleaning]\nworkers = 2\n", r"unknown section cleaning \(known: sources, warehouse, ingest, fetch, clean"),
    ("[clean\n", "not valid TOML"),
])
def test_a_bad_config_says_which_file_and_which_key(tmp_path, content, message):
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message) as raised:
        load_settings(config, environ={})
    assert str(raised.value).startswith(f"config file {config}")


def test_a_bad_environment_value_names_its_variable():
    with pytest.raises(ConfigError, match=r"clean\.workers \(from \$NEWSWARE_CLEAN__WORKERS\)"):
        load_settings(environ={"NEWSWARE_CLEAN__WORKERS": "lots"})


def test_a_missing_config_is_named():
    with pytest.raises(ConfigError, match="config file not found: /nowhere.toml"):
        load_settings(Path("/nowhere.toml"))


def test_the_warehouse_option_replaces_only_the_path(tmp_path):
    settings = Settings().with_warehouse(tmp_path / "w.duckdb")
    assert settings.warehouse.path == tmp_path / "w.duckdb"
    assert settings.warehouse.lock_wait == Settings().warehouse.lock_wait


@pytest.mark.parametrize("text, where", [
    ("pronouns: {on: m, ona: f}\n", "a key under pronouns"),
    ("stop_words: [es, se, no, lo]\n", "a word of stop_words"),
    ("given_names:\n  male: [Jan, Yes]\n", "a word of given_names.male"),
])
def test_a_word_yaml_reads_as_true_or_false_is_a_config_error_saying_to_quote_it(tmp_path, text, where):
    """YAML 1.1 reads on, no, yes, off as booleans: in a word list the word would be lost without a sound."""
    path = tmp_path / "xx.yaml"
    path.write_text("quote_pairs: [['\"', '\"']]\npro_drop: true\n" + text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"gazetteer {path}: {where} is read as true or false .*in quotes"):
        read_data_file(path)


def test_every_bundled_data_file_keeps_its_words_as_words():
    for path in sorted((REPO_ROOT / "config").rglob("*.yaml")):
        read_data_file(path)

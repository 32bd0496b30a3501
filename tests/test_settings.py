"""settings: the bundled config gives the defaults; a user's file and the environment override them."""
from pathlib import Path

import pytest

from transforms.settings import REPO_ROOT, ConfigError, load_settings


def test_the_bundled_config_reads_the_sample_into_the_repo_warehouse():
    settings = load_settings()
    assert settings.sources == [str(REPO_ROOT / "sample")]
    assert settings.warehouse == REPO_ROOT / "warehouse" / "newsware.duckdb"


def test_a_users_file_sets_paths_relative_to_itself_and_keeps_other_defaults(tmp_path):
    config = tmp_path / "nightly.toml"
    config.write_text('[sources]\npaths = ["inbox", "https://example.org/feed.xml"]\n[clean]\nworkers = 4\n')
    settings = load_settings(config)
    assert settings.sources == [str(tmp_path / "inbox"), "https://example.org/feed.xml"]
    assert settings.clean_workers == 4 and settings.batch_size == 200


def test_the_environment_chooses_the_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSWARE_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert load_settings().warehouse == tmp_path / "w.duckdb"


@pytest.mark.parametrize("content, message", [
    ("[clean]\nworkers = 'many'\n", "invalid literal"),
    ("[clean\n", "not valid TOML"),
])
def test_a_bad_config_says_which_file_and_what(tmp_path, content, message):
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_a_missing_config_is_named():
    with pytest.raises(ConfigError, match="config file not found: /nowhere.toml"):
        load_settings(Path("/nowhere.toml"))

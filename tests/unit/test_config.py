from pathlib import Path

import pytest

from workbench.config import Config, find_config_file, load_config
from workbench.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(search_from=tmp_path)
    assert config == Config() or config.path is not None  # a parent folder may hold one


def test_workbench_toml_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / "workbench.toml").write_text(
        'targets = ["de-DE", "ja-JP"]\n[risk]\nhigh = 0.8\n', encoding="utf-8"
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config_file(nested) == tmp_path / "workbench.toml"
    config = load_config(search_from=nested)
    assert config.targets == ["de-DE", "ja-JP"]
    assert config.risk.high == 0.8
    assert config.risk.medium == 0.35


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[tool.workbench]\ndisabled_rules = ["idioms"]\n', encoding="utf-8"
    )
    config = load_config(search_from=tmp_path)
    assert not config.rule_enabled("idioms.literal")
    assert config.rule_enabled("acronym.unexpanded")


def test_unknown_key_lists_valid_ones(tmp_path: Path) -> None:
    file = tmp_path / "workbench.toml"
    file.write_text("[risk]\nhihg = 0.8\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting workbench\.risk\.hihg; valid: .*high"):
        load_config(file)


def test_wrong_type_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "workbench.toml"
    file.write_text('targets = "de-DE"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be list"):
        load_config(file)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "workbench.toml"
    file.write_text("targets = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(file)


def test_db_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "x.db"))
    assert Config().db_path() == tmp_path / "x.db"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('disabled_rules = ["idoms"]', "unknown rule 'idoms'"),
        ('[risk]\nhigh_rules = ["formality.mixd", "mixd"]', "unknown rule 'mixd'"),
        ('[risk]\nweights = { "idioms" = "lots" }', "must be a number"),
        ("[risk]\nmedium = 0.9\nhigh = 0.2", "medium <= high"),
        ('[risk]\nqueue_level = "hgh"', "queue_level must be"),
        ('[locales."xx-YY"]\nregister = "formal"', "unknown language code 'xx-YY'"),
        ('targets = ["de-DE", "klingon"]', "unknown language code 'klingon'"),
        ('[mt]\nbackend = "google"', "mt.backend must be"),
    ],
)
def test_values_that_would_do_nothing_are_errors(tmp_path: Path, toml: str, message: str) -> None:
    file = tmp_path / "workbench.toml"
    file.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(file)


def test_readme_configuration_example_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Configuration", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    file = tmp_path / "workbench.toml"
    file.write_text(block, encoding="utf-8")
    config = load_config(file)
    assert config.locales["nl-NL"]["register"] == "informal"

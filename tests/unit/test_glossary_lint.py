"""`workbench.glossary.lint`: every problem in every kind of glossary, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import UsageError
from workbench.glossary import lint as lint_module
from workbench.glossary.lint import KINDS, VALIDATORS, discover, lint

IDIOM = '[[idiom]]\nphrase = "{phrase}"\nmeaning = "m"\nrewrite = "{rewrite}"\n'


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def where(report: lint_module.LintReport) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.message) for p in report.problems]


def test_bundled_glossaries_are_clean() -> None:
    report = lint()
    assert report.errors == [], [str(p) for p in report.errors]
    kinds = {kind for kind, _ in discover()}
    assert {"idioms", "locales", "policy", "sensitive"} <= kinds
    assert report.entries >= 600


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    idioms = tmp_path / "idioms"
    write(idioms, "a.toml", "\n".join([
        '[meta]', 'version = "1"', 'language = "xx-YY"', '',
        IDIOM.format(phrase="reach out", rewrite="contact"),          # line 5
        IDIOM.format(phrase="touch base", rewrite=""),                # line 10: empty rewrite
        '[[idiom]]\nphrase = "hang tight"\nmeaning = "m"\nrewrite = "wait"\ncolour = "red"\n',
        IDIOM.format(phrase="Reach-Out", rewrite="contact"),          # line 21: duplicate
    ]))
    write(idioms, "b.toml", IDIOM.format(phrase="reach out", rewrite="write"))
    write(idioms, "c.toml", '[[idiom]]\nphrase = "x"\nmeaning = \n')
    report = lint([idioms])
    problems = where(report)
    assert any(p[:2] == ("a.toml", 3)
               and p[2].startswith("meta.language: unknown language code 'xx-YY': expected a BCP 47")
               for p in problems)
    assert any(p[:2] == ("a.toml", 10) and "field 'rewrite' is empty" in p[2] for p in problems)
    assert any(p[:2] == ("a.toml", 15) and "unknown field 'colour'" in p[2] for p in problems)
    assert any(p[:2] == ("a.toml", 21) and "duplicate entry 'reach out' (first at line 5)" in p[2]
               for p in problems)
    assert any(p[:2] == ("b.toml", 1) and "duplicate entry 'reach out' (first at " in p[2]
               and "a.toml:5" in p[2] for p in problems)
    assert any(p[:2] == ("c.toml", 3) and "invalid TOML" in p[2] for p in problems)
    assert len(report.errors) == 6 and report.files and report.entries == 5


def test_the_same_words_under_two_idioms_are_duplicates(tmp_path: Path) -> None:
    write(tmp_path / "idioms", "a.toml", "\n".join([
        '[[idiom]]\nphrase = "hang tight"\nmeaning = "wait"\nrewrite = "please wait"\n'
        'variants = ["sit tight"]\n',
        IDIOM.format(phrase="sit tight", rewrite="please wait"),    # line 7
        '[[idiom]]\nphrase = "hold on"\nmeaning = "wait"\nrewrite = "wait"\n'
        'variants = ["Hang-Tight"]\n',                               # line 12
    ]))
    problems = where(lint([tmp_path / "idioms"]))
    assert ("a.toml", 7, "entry 'sit tight' is also listed under 'hang tight' "
            f"({tmp_path / 'idioms' / 'a.toml'}:1)") in problems
    assert any(p[:2] == ("a.toml", 12) and "variant 'hang tight' is also listed under 'hang tight'"
               in p[2] for p in problems)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("policy", '[[rule]]\nid = "blame"\nkind = "pattern"\nseverity = "warning"\n'
                   'message = "m"\npatterns = ["("]\n', "id must start with 'policy.'"),
        ("sensitive", '[[topic]]\nname = "legal"\nlabel = "Legal"\nlevel = "extreme"\n'
                      'patterns = ["lawyer"]\n', "level must be one of"),
        ("locales", '[[locale]]\ntag = "de-DE"\nlanguage = "de"\nregister = "formal"\nshoe = 1\n',
         "unknown field 'shoe'"),
    ],
)
def test_other_kinds_use_their_own_validators(
    tmp_path: Path, kind: str, text: str, message: str
) -> None:
    write(tmp_path / kind, "x.toml", text)
    problems = where(lint([tmp_path / kind]))
    assert any(line == 1 and message in m for _, line, m in problems), problems


def test_a_missing_validator_module_does_not_stop_the_other_kinds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(VALIDATORS, "terms", "workbench.glossary.no_such_module")
    write(tmp_path / "terms", "t.toml", '[[term]]\nterm = "Acme"\n')
    write(tmp_path / "idioms", "i.toml", IDIOM.format(phrase="reach out", rewrite=""))
    report = lint([tmp_path])
    assert sorted((Path(p.path).name, p.severity) for p in report.problems) == [
        ("i.toml", "error"), ("t.toml", "warning")
    ]
    assert "terms validator is unavailable" in report.warnings[0].message


def test_lexicon_kind_is_checked_by_its_loader(tmp_path: Path) -> None:
    write(tmp_path / "meaning", "en.toml", '[negation]\nwords = "not a list"\n[extra]\n')
    problems = where(lint([tmp_path / "meaning"]))
    assert problems and problems[0][:2] == ("en.toml", 1) and "unknown section" in problems[0][2]


def test_kind_is_found_from_the_table_or_reported(tmp_path: Path) -> None:
    loose = write(tmp_path / "mine", "team.toml", IDIOM.format(phrase="ship it", rewrite="release"))
    stray = write(tmp_path / "mine", "notes.toml", 'title = "hello"\n')
    assert discover([loose]) == [("idioms", loose)]
    report = lint([tmp_path / "mine"])
    assert [(Path(p.path).name, p.line) for p in report.errors] == [("notes.toml", 1)]
    assert "cannot tell the glossary kind" in report.errors[0].message
    assert stray.exists()


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        lint([tmp_path / "nope"])


def test_every_validator_module_exposes_the_lint_contract() -> None:
    import importlib

    assert set(VALIDATORS) <= set(KINDS)
    for kind, module_name in VALIDATORS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # a kind whose module has not landed yet is reported as a warning instead
        assert callable(module.validate_entry) and callable(module.entry_key), kind

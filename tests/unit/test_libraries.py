"""Changed files -> the template libraries the pre-commit hook checks."""

from __future__ import annotations

from pathlib import Path

from workbench.libraries import libraries, library_of


def make(root: Path, *files: str) -> None:
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")


def test_a_translation_is_checked_with_its_source(tmp_path: Path) -> None:
    make(tmp_path, "templates/en/refund.md", "templates/es/refund.md", "templates/pt-BR/a/b.md")
    assert library_of(tmp_path / "templates/es/refund.md") == tmp_path / "templates"
    assert library_of(tmp_path / "templates/en/refund.md") == tmp_path / "templates"
    assert library_of(tmp_path / "templates/pt-BR/a/b.md") == tmp_path / "templates"


def test_layouts_without_a_source_folder_stay_single_files(tmp_path: Path) -> None:
    make(tmp_path, "locale/de/LC_MESSAGES/django.po", "docs/it/notes.md", "replies/refund.md")
    for rel in ("locale/de/LC_MESSAGES/django.po", "docs/it/notes.md", "replies/refund.md"):
        assert library_of(tmp_path / rel) == tmp_path / rel


def test_i18next_layouts(tmp_path: Path) -> None:
    make(
        tmp_path, "locales/en/common.json", "locales/de/common.json", "flat/en.json", "flat/de.json"
    )
    assert library_of(tmp_path / "locales/de/common.json") == tmp_path / "locales"
    # sibling locale files are read together from any one of them: one library per folder
    roots, _ = libraries([tmp_path / "flat/de.json", tmp_path / "flat/en.json"])
    assert roots == [tmp_path / "flat/en.json"]


def test_only_template_files_and_one_entry_per_library(tmp_path: Path) -> None:
    make(
        tmp_path,
        "t/en/a.md",
        "t/de/a.md",
        "t/de/b.md",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "README.md",
        "package.json",
        "src/app.py",
        "messages.de.xlf",
    )
    changed = [
        tmp_path / p
        for p in (
            "t/de/a.md",
            "t/de/b.md",
            "t/en/a.md",
            ".pre-commit-config.yaml",
            ".github/workflows/ci.yml",
            "README.md",
            "package.json",
            "src/app.py",
            "messages.de.xlf",
        )
    ]
    roots, skipped = libraries(changed)
    assert roots == [tmp_path / "messages.de.xlf", tmp_path / "t"]
    assert {p.name for p in skipped} == {
        ".pre-commit-config.yaml",
        "ci.yml",
        "README.md",
        "package.json",
        "app.py",
    }

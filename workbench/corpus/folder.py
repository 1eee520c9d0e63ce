"""Folders of templates: one .txt/.md per template, optional YAML front matter, locale subfolders.

templates/refund.md                 a source template (id from front matter or file name)
templates/en/refund.md + de/refund.md   locale subfolders pair a source with translations
"""

from __future__ import annotations

from pathlib import Path

import yaml

from workbench.corpus.types import Corpus, CorpusProblem, ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

TEMPLATE_SUFFIXES = {".txt", ".md"}
FRONT_MATTER_KEYS = {"id", "locale", "tags", "ignore", "title", "description"}


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    if not text.startswith("---") or text.splitlines()[0].strip() != "---":
        skipped = len(text) - len(text.lstrip("\n"))
        return {}, text.strip(), 1 + skipped
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                problem = getattr(exc, "problem", None) or "not valid YAML"
                line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 for 1-based
                raise ReadError(f"invalid front matter: {problem}", line) from None
            if not isinstance(meta, dict):
                raise ReadError("front matter must be a mapping of keys to values", 1)
            unknown = set(meta) - FRONT_MATTER_KEYS
            if unknown:
                raise ReadError(
                    f"unknown front matter key(s) {', '.join(sorted(map(str, unknown)))}; "
                    f"valid: {', '.join(sorted(FRONT_MATTER_KEYS))}",
                    1,
                )
            body = "".join(lines[i + 1 :])
            skipped = len(body) - len(body.lstrip("\n"))
            return meta, body.strip(), i + 2 + skipped
    raise ReadError("front matter starts with --- but never ends", 1)


def _list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise ReadError(f"expected a list, got {value!r}", 1)


def read_template(path: Path, root: Path) -> tuple[dict, str, int, str]:
    """(front matter, body, body line, id) of one template file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start})") from None
    meta, body, line = split_front_matter(text.replace("\r\n", "\n"))
    if not body.strip():
        raise ReadError("the template is empty", line)
    default_id = path.relative_to(root).with_suffix("").as_posix()
    return meta, body, line, str(meta.get("id") or default_id)


def _locale_dirs(folder: Path) -> dict[str, Path]:
    """Subfolders named like languages ('en', 'de', 'pt-BR') -> their locale tag."""
    found = {}
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            try:
                found[parse_locale(child.name).tag] = child
            except UnknownLanguageError:
                continue
    return found


def read_folder(folder: Path, source_lang: str) -> Corpus:
    corpus = Corpus()
    locales = _locale_dirs(folder)
    source_tag = next((t for t in locales if t.split("-")[0] == source_lang), None)
    if source_tag is not None:
        _read_paired(folder, locales, source_tag, source_lang, corpus)
        skip = set(locales.values())
    else:
        skip = set()
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in TEMPLATE_SUFFIXES or not path.is_file():
            continue
        if any(parent in skip for parent in path.parents) or path.name.lower() == "readme.md":
            continue
        corpus.files += 1
        try:
            meta, body, line, ident = read_template(path, folder)
            src = parse_locale(str(meta.get("locale") or source_lang)).language
            corpus.messages.append(
                Message(
                    ident,
                    body,
                    src,
                    origin=str(path),
                    line=line,
                    tags=_list(meta.get("tags")),
                    ignore=_list(meta.get("ignore")),
                )
            )
        except (ReadError, UnknownLanguageError) as exc:
            reason = exc.reason if isinstance(exc, ReadError) else str(exc)
            corpus.problems.append(CorpusProblem(str(path), reason, getattr(exc, "line", None)))
    return corpus


def _read_paired(
    folder: Path, locales: dict[str, Path], source_tag: str, source_lang: str, corpus: Corpus
) -> None:
    source_dir = locales[source_tag]
    for path in sorted(source_dir.rglob("*")):
        if path.suffix.lower() not in TEMPLATE_SUFFIXES or not path.is_file():
            continue
        corpus.files += 1
        rel = path.relative_to(source_dir)
        try:
            meta, body, line, ident = read_template(path, source_dir)
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(str(path), exc.reason, exc.line))
            continue
        tags, ignore = _list(meta.get("tags")), _list(meta.get("ignore"))
        corpus.messages.append(
            Message(ident, body, source_lang, origin=str(path), line=line, tags=tags, ignore=ignore)
        )
        for tag, locale_dir in locales.items():
            if tag == source_tag:
                continue
            translated = locale_dir / rel
            if not translated.is_file():
                continue
            corpus.files += 1
            try:
                t_meta, t_body, t_line, _ = read_template(translated, locale_dir)
            except ReadError as exc:
                corpus.problems.append(CorpusProblem(str(translated), exc.reason, exc.line))
                continue
            corpus.messages.append(
                Message(
                    ident,
                    body,
                    source_lang,
                    target=parse_locale(tag).with_default_region().tag,
                    translation=t_body,
                    origin=str(translated),
                    line=t_line,
                    tags=tags,
                    ignore=ignore + _list(t_meta.get("ignore")),
                )
            )

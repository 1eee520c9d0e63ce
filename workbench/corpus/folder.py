"""Folders of templates: one .txt/.md per template, optional YAML front matter, locale subfolders.

templates/refund.md                 a source template (id from front matter or file name)
templates/en/refund.md + de/refund.md   locale subfolders pair a source with translations
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.corpus.limits import DEFAULT_LIMITS, ReadLimits, check_file
from workbench.corpus.types import Corpus, CorpusProblem, ReadError
from workbench.corpus.yamlsafe import load_yaml
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

TEMPLATE_SUFFIXES = {".txt", ".md"}
FRONT_MATTER_KEYS = {"id", "locale", "tags", "ignore", "title", "description"}


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    text = text.removeprefix("\ufeff")  # a BOM (Windows editors) before the opening ---
    if not text.startswith("---") or text.splitlines()[0].strip() != "---":
        skipped = len(text) - len(text.lstrip("\n"))
        return {}, text.strip(), 1 + skipped
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = load_yaml("".join(lines[1:i])) or {}
            except ReadError as exc:
                line = exc.line + 1 if exc.line else 1  # +1 for the opening ---
                raise ReadError(f"invalid front matter: {exc.reason}", line) from None
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


def _list(meta: dict, key: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    raise ReadError(
        f"front matter {key!r} must be a list of words or a comma-separated string, "
        f"got {_shown(value)}",
        1,
    )


def _scalar(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ReadError(f"front matter {key!r} must be a single value, got {_shown(value)}", 1)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True, slots=True)
class Template:
    """One template file, its front matter validated."""

    id: str
    body: str
    line: int  # 1-based line where the body starts
    locale: str | None
    tags: tuple[str, ...]
    ignore: tuple[str, ...]


def read_template(path: Path, root: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Template:
    """One template file: front matter checked (types included), body trimmed."""
    check_file(path, limits)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start})") from None
    meta, body, line = split_front_matter(text.replace("\r\n", "\n"))
    if not body.strip():
        raise ReadError("the template is empty", line)
    default_id = path.relative_to(root).with_suffix("").as_posix()
    return Template(
        id=_scalar(meta, "id") or default_id,
        body=body,
        line=line,
        locale=_scalar(meta, "locale"),
        tags=_list(meta, "tags"),
        ignore=_list(meta, "ignore"),
    )


def template_message(template: Template, path: Path, source_lang: str) -> Message:
    """A source template as a Message (its front matter's locale wins over source_lang)."""
    try:
        src = parse_locale(template.locale or source_lang).language
    except UnknownLanguageError as exc:
        raise ReadError(str(exc), 1) from None
    return Message(
        template.id,
        template.body,
        src,
        origin=str(path),
        line=template.line,
        tags=template.tags,
        ignore=template.ignore,
    )


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


def read_folder(folder: Path, source_lang: str, limits: ReadLimits = DEFAULT_LIMITS) -> Corpus:
    corpus = Corpus()
    locales = _locale_dirs(folder)
    source_tag = next((t for t in locales if t.split("-")[0] == source_lang), None)
    if source_tag is not None:
        _read_paired(folder, locales, source_tag, source_lang, corpus, limits)
        skip = set(locales.values())
    else:
        skip = set()
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in TEMPLATE_SUFFIXES or path.is_dir():
            continue
        if any(parent in skip for parent in path.parents) or path.name.lower() == "readme.md":
            continue
        corpus.files += 1
        try:
            template = read_template(path, folder, limits)
            corpus.messages.append(template_message(template, path, source_lang))
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(str(path), exc.reason, exc.line))
        except OSError as exc:
            corpus.problems.append(CorpusProblem(str(path), f"cannot read: {exc.strerror}"))
    return corpus


def _read_paired(
    folder: Path,
    locales: dict[str, Path],
    source_tag: str,
    source_lang: str,
    corpus: Corpus,
    limits: ReadLimits,
) -> None:
    source_dir = locales[source_tag]
    for path in sorted(source_dir.rglob("*")):
        if path.suffix.lower() not in TEMPLATE_SUFFIXES or path.is_dir():
            continue
        corpus.files += 1
        rel = path.relative_to(source_dir)
        try:
            template = read_template(path, source_dir, limits)
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(str(path), exc.reason, exc.line))
            continue
        except OSError as exc:
            corpus.problems.append(CorpusProblem(str(path), f"cannot read: {exc.strerror}"))
            continue
        ident, body, tags, ignore = template.id, template.body, template.tags, template.ignore
        corpus.messages.append(
            Message(
                ident,
                body,
                source_lang,
                origin=str(path),
                line=template.line,
                tags=tags,
                ignore=ignore,
            )
        )
        for tag, locale_dir in locales.items():
            if tag == source_tag:
                continue
            translated = locale_dir / rel
            if not translated.exists() or translated.is_dir():
                continue
            corpus.files += 1
            try:
                given = read_template(translated, locale_dir, limits)
            except ReadError as exc:
                corpus.problems.append(CorpusProblem(str(translated), exc.reason, exc.line))
                continue
            except OSError as exc:
                corpus.problems.append(
                    CorpusProblem(str(translated), f"cannot read: {exc.strerror}")
                )
                continue
            corpus.messages.append(
                Message(
                    ident,
                    body,
                    source_lang,
                    target=parse_locale(tag).with_default_region().tag,
                    translation=given.body,
                    origin=str(translated),
                    line=given.line,
                    tags=tags,
                    ignore=ignore + given.ignore,
                )
            )

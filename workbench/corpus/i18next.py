"""i18next JSON: flat `<lng>.json` files or the `locales/<lng>/<ns>.json` layout, paired by key.

Nested keys become dotted ids (`order.shipped.title`), array items `steps[0]`; in the
namespaced layout ids carry their namespace (`common:order.title`). Plural keys of v4
(`_one`, `_few`, … by CLDR category) and v3 (`_plural`, `_0`, `_1`) are each checked against
the source's form of the same category, else its plural (`_other`/`_plural`). The locales of
the library are its targets: a key a locale lacks is counted as not translated yet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.corpus import types as why
from workbench.corpus.plurals import categories, gettext_forms
from workbench.corpus.types import Corpus, CorpusProblem, ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

MAX_DEPTH = 64  # deeper nesting is no translation file (and would exhaust the stack)
NOT_TEXT = "not a text value (number, boolean or null)"
NO_SOURCE = "key not in the source language file"
MISSING = "missing from this locale (not translated yet)"
_V4 = re.compile(r"^(?P<base>.+?)_(?:(?P<ordinal>ordinal)_)?(?P<cat>zero|one|two|few|many|other)$")
_V3 = re.compile(r"^(?P<base>.+?)_(?:(?P<plural>plural)|(?P<index>\d))$")


def locale_of(name: str) -> str | None:
    try:
        return parse_locale(name).tag
    except UnknownLanguageError:
        return None


@dataclass
class Resource:
    """One locale's strings of one namespace (one file)."""

    path: Path
    locale: str
    strings: dict[str, str]
    line_of: dict[str, int]


def flatten(data: Any, prefix: str = "", depth: int = 0) -> dict[str, Any]:
    """Nested keys -> dotted keys; arrays -> key[0]; non-text leaves kept for the count."""
    if depth > MAX_DEPTH:
        raise ReadError(f"nested more than {MAX_DEPTH} levels deep")
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key), depth + 1))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]", depth + 1))
    else:
        out[prefix] = data
    return out


def _load(path: Path, locale: str, corpus: Corpus) -> Resource | None:
    try:
        raw = path.read_text(encoding="utf-8-sig")
        data = json.loads(raw)
        flat = flatten(data)
    except UnicodeDecodeError as exc:
        corpus.problems.append(CorpusProblem(str(path), f"not valid UTF-8 (byte {exc.start})"))
        return None
    except json.JSONDecodeError as exc:
        corpus.problems.append(CorpusProblem(str(path), f"invalid JSON: {exc.msg}", exc.lineno))
        return None
    except RecursionError:
        corpus.problems.append(
            CorpusProblem(str(path), f"nested more than {MAX_DEPTH} levels deep")
        )
        return None
    except ReadError as exc:
        corpus.problems.append(CorpusProblem(str(path), exc.reason, exc.line))
        return None
    except OSError as exc:
        corpus.problems.append(CorpusProblem(str(path), f"cannot read: {exc.strerror or exc}"))
        return None
    if not isinstance(data, dict):
        corpus.problems.append(
            CorpusProblem(str(path), "an i18next resource file is a JSON object of keys")
        )
        return None
    strings: dict[str, str] = {}
    for key, value in flat.items():
        if isinstance(value, str):
            strings[key] = value
        else:
            corpus.skip(path, NOT_TEXT, key)
    return Resource(path, locale, strings, _key_lines(raw))


def _key_lines(raw: str) -> dict[str, int]:
    """Last path segment -> first line it appears on (good enough to point a person at it)."""
    lines: dict[str, int] = {}
    for n, line in enumerate(raw.splitlines(), 1):
        match = re.match(r'\s*"((?:[^"\\]|\\.)*)"\s*:', line)
        if match:
            lines.setdefault(match.group(1), n)
    return lines


def _line(resource: Resource, key: str) -> int | None:
    last = re.split(r"[.\[]", key)[-1].rstrip("]")
    return resource.line_of.get(last)


def _source_key(
    key: str, source: dict[str, str], target_language: str
) -> tuple[str | None, str | None]:
    """(the source key a target key is checked against, the plural category or None)."""
    if key in source:
        match = _V4.match(key)
        return key, match.group("cat") if match else None
    v4 = _V4.match(key)
    if v4:
        base, ordinal = v4.group("base"), v4.group("ordinal")
        other = f"{base}_ordinal_other" if ordinal else f"{base}_other"
        for candidate in (other, f"{base}_plural", base):
            if candidate in source:
                return candidate, v4.group("cat")
        return None, v4.group("cat")
    v3 = _V3.match(key)
    if v3:
        base = v3.group("base")
        if v3.group("plural"):
            return (f"{base}_plural" if f"{base}_plural" in source else None), "other"
        index = int(v3.group("index"))
        forms = gettext_forms(
            target_language, None, max(index + 1, len(categories(target_language)))
        )
        category, singular = forms[index] if index < len(forms) else ("other", False)
        for candidate in (base,) if singular else (f"{base}_plural", f"{base}_other", base):
            if candidate in source:
                return candidate, category
        return None, category
    return None, None


def read_resources(
    groups: dict[str, list[Resource]], source_lang: str, namespaced: bool, corpus: Corpus
) -> None:
    """groups: namespace -> the resources of each locale. Pair every target key with its source."""
    for namespace, resources in sorted(groups.items()):
        source = _pick_source(resources, source_lang)
        if source is None:
            folder = resources[0].path.parent
            expected = (
                folder.parent / source_lang / f"{namespace}.json"
                if namespaced
                else folder / f"{source_lang}.json"
            )
            corpus.problems.append(
                CorpusProblem(
                    str(folder.parent if namespaced else folder),
                    f"i18next locale files without a source: {expected} does not exist "
                    f"(nothing in the source language {source_lang!r})",
                )
            )
            continue
        prefix = f"{namespace}:" if namespaced else ""
        targets = [r for r in resources if r is not source]
        if not targets:
            # a source library alone: its strings are drafts for the configured targets
            for key, text in source.strings.items():
                if text.strip():
                    corpus.messages.append(
                        Message(
                            prefix + key,
                            text,
                            source_lang,
                            origin=str(source.path),
                            line=_line(source, key),
                        )
                    )
                else:
                    corpus.skip(source.path, why.EMPTY_SOURCE, prefix + key, _line(source, key))
            continue
        for target in targets:
            _pair(source, target, prefix, source_lang, corpus)


def _pick_source(resources: list[Resource], source_lang: str) -> Resource | None:
    exact = [r for r in resources if r.locale.lower() == source_lang.lower()]
    same = [r for r in resources if r.locale.split("-")[0].lower() == source_lang.lower()]
    found = exact or same
    return found[0] if found else None


def _pair(
    source: Resource, target: Resource, prefix: str, source_lang: str, corpus: Corpus
) -> None:
    locale = parse_locale(target.locale).with_default_region().tag
    language = locale.split("-")[0]
    covered: set[str] = set()
    for key, translation in target.strings.items():
        source_key, category = _source_key(key, source.strings, language)
        ident = prefix + key
        if source_key is None:
            corpus.skip(target.path, NO_SOURCE, ident, _line(target, key))
            continue
        covered.add(source_key)
        if not translation.strip():
            corpus.skip(target.path, why.NOT_TRANSLATED, ident, _line(target, key))
            continue
        text = source.strings[source_key]
        if not text.strip():
            corpus.skip(target.path, why.EMPTY_SOURCE, ident, _line(target, key))
            continue
        notes = (f"plural form {category} (source {source_key})",) if category else ()
        corpus.messages.append(
            Message(
                ident,
                text,
                source_lang,
                target=locale,
                translation=translation,
                origin=str(target.path),
                line=_line(target, key),
                notes=notes,
            )
        )
    plural_bases = set()
    for key in source.strings:
        match = _V4.match(key)
        if match and not match.group("ordinal"):
            plural_bases.add(match.group("base"))
            continue  # checked per category of the target language below
        if key in covered or key in target.strings:
            continue
        v3 = _V3.match(key)
        if v3 and any(k.startswith(v3.group("base") + "_") for k in target.strings):
            continue  # v3 plural written with the target's own form indices
        corpus.skip(target.path, MISSING, prefix + key, _line(source, key))
    for base in sorted(plural_bases):
        for category in categories(language):
            key = f"{base}_{category}"
            if key not in target.strings:
                corpus.skip(target.path, MISSING, prefix + key, _line(source, f"{base}_other"))


def read_flat(files: list[Path], source_lang: str) -> Corpus:
    """en.json + de.json + … in one folder."""
    corpus = Corpus(files=len(files))
    resources = []
    for path in files:
        locale = locale_of(path.stem)
        resource = _load(path, locale, corpus) if locale else None
        if resource:
            resources.append(resource)
    if resources:
        read_resources({"": resources}, source_lang, False, corpus)
    return corpus


def read_namespaced(root: Path, source_lang: str) -> Corpus:
    """root/<lng>/<ns>.json: one group per namespace, ids `ns:key`."""
    corpus = Corpus()
    groups: dict[str, list[Resource]] = {}
    for lng_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        locale = locale_of(lng_dir.name)
        if locale is None:
            continue
        for path in sorted(lng_dir.glob("*.json")):
            corpus.files += 1
            resource = _load(path, locale, corpus)
            if resource:
                groups.setdefault(path.stem, []).append(resource)
    read_resources(groups, source_lang, True, corpus)
    return corpus


def is_locale_file(path: Path) -> bool:
    return path.suffix.lower() == ".json" and locale_of(path.stem) is not None


def is_namespaced_root(folder: Path) -> bool:
    """A folder whose subfolders are named like languages and hold .json namespaces."""
    try:
        return any(
            child.is_dir() and locale_of(child.name) and any(child.glob("*.json"))
            for child in folder.iterdir()
        )
    except OSError:
        return False


def discover(folder: Path) -> Iterator[tuple[str, Path]]:
    """('namespaced', root) and ('flat', folder) i18next groups under a folder, no overlap."""
    seen_roots: set[Path] = set()
    for candidate in sorted({folder, *(p for p in folder.rglob("*") if p.is_dir())}):
        if any(parent in seen_roots for parent in candidate.parents):
            continue
        if is_namespaced_root(candidate) and not any(
            is_locale_file(p) for p in candidate.glob("*.json")
        ):
            seen_roots.add(candidate)
            yield "namespaced", candidate
        elif any(is_locale_file(p) for p in candidate.glob("*.json")):
            yield "flat", candidate

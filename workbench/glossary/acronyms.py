"""Acronym glossary (glossaries/acronyms/): entries with expansions and per-locale policies."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.glossary.base import RawEntry, check_fields, load_valid

if TYPE_CHECKING:
    from workbench.config import Config

POLICIES = ("expand", "keep", "never")

_REQUIRED: dict[str, type | tuple[type, ...]] = {"acronym": str, "expansion": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "policy": str,
    "policy_by_locale": dict,
    "variants": list,
    "forms": list,
    "translations": dict,
    "local_forms": dict,
    "spell_out": bool,
    "exceptions": list,
    "required_in_translation": bool,
    "note": str,
}
_LIST_FIELDS = ("variants", "forms", "exceptions")
_LOCALE_MAPS = ("translations", "local_forms")  # locale -> string or list of strings

# An acronym: letters, digits and '&', at least one capital, no spaces ("FBA", "T&C", "3PL", "ToS").
_ACRONYM_SHAPE = re.compile(r"^(?=.*[A-Z])[A-Za-z0-9&]{2,12}$")
_LOCALE_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2}|-\d{3})?$")


@dataclass(frozen=True, slots=True)
class Acronym:
    """One glossary entry, ready to match."""

    acronym: str
    expansion: str
    policy: str = "expand"
    policy_by_locale: dict[str, str] = field(default_factory=dict)
    variants: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    local_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    spell_out: bool = False
    exceptions: tuple[str, ...] = ()
    required_in_translation: bool = True
    note: str = ""

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """How the acronym itself may be written in the source: "T&C", "T&Cs", "Ts&Cs"."""
        return (self.acronym, *self.forms)

    @property
    def expansions(self) -> tuple[str, ...]:
        """Every accepted English expansion."""
        return (self.expansion, *self.variants)

    def policy_for(self, locale: str | None) -> str:
        """The policy for a target locale: its tag, else its language, else the default."""
        return _by_locale(self.policy_by_locale, locale) or self.policy

    def translations_for(self, locale: str | None) -> tuple[str, ...]:
        """Approved translations of the expansion for a target locale (tag, then language)."""
        return _merged(self.translations, locale)

    def local_forms_for(self, locale: str | None) -> tuple[str, ...]:
        """The target language's own acronyms for this one ("MwSt." for VAT in German)."""
        return _merged(self.local_forms, locale)

    def suggestion(self) -> str:
        """What to write instead: the plain expansion, or 'Expansion (ACR)' on first use."""
        if self.spell_out:
            return self.expansion
        return f"Write '{self.expansion} ({self.acronym})' on first use"


def normalize_locale_key(key: str) -> str:
    """'pt-br' / 'pt_BR' -> 'pt-BR'; 'DE' -> 'de'."""
    language, _, region = key.replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def _by_locale(table: dict[str, Any], locale: str | None) -> Any:
    if not locale:
        return None
    tag = normalize_locale_key(locale)
    if tag in table:
        return table[tag]
    return table.get(tag.split("-")[0])


def _merged(table: dict[str, tuple[str, ...]], locale: str | None) -> tuple[str, ...]:
    # A region entry adds to its language's entry (pt-BR may add a Brazilian spelling to pt).
    if not locale:
        return ()
    tag = normalize_locale_key(locale)
    language = tag.split("-")[0]
    out = list(table.get(tag, ())) if tag != language else []
    out.extend(table.get(language, ()))
    return tuple(dict.fromkeys(out))


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[acronym]] entry (fields: see glossaries/acronyms/commerce.toml)."""
    messages = check_fields(entry, _REQUIRED, _OPTIONAL)
    data = entry.data
    for name in _LIST_FIELDS:
        values = data.get(name)
        if isinstance(values, list) and not all(isinstance(v, str) and v.strip() for v in values):
            messages.append(f"field {name!r} must be a list of non-empty strings")
    for name in (*_LOCALE_MAPS, "policy_by_locale"):
        table = data.get(name)
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            if not _LOCALE_KEY.match(key):
                messages.append(
                    f"{name}: {key!r} is not a language or locale code like 'de' or 'pt-BR'"
                )
            if name == "policy_by_locale":
                if value not in POLICIES:
                    messages.append(f"{name}.{key}: {value!r} is not one of {', '.join(POLICIES)}")
            elif not (
                (isinstance(value, str) and value.strip())
                or (
                    isinstance(value, list)
                    and value
                    and all(isinstance(v, str) and v.strip() for v in value)
                )
            ):
                messages.append(f"{name}.{key} must be a non-empty string or list of strings")
    if messages:
        return messages
    acronym = data["acronym"]
    if not _ACRONYM_SHAPE.match(acronym):
        messages.append(
            f"acronym {acronym!r} must be 2-12 letters, digits or '&' with at least one capital"
        )
    for form in data.get("forms", []):
        if not _ACRONYM_SHAPE.match(form):
            messages.append(f"form {form!r} must be 2-12 letters, digits or '&'")
        elif form == acronym:
            messages.append(f"form {form!r} repeats the acronym")
    policy = data.get("policy", "expand")
    if policy not in POLICIES:
        messages.append(f"policy {policy!r} is not one of {', '.join(POLICIES)}")
    for exception in data.get("exceptions", []):
        if not any(f in exception for f in (acronym, *data.get("forms", []))):
            messages.append(f"exception {exception!r} does not contain the acronym")
    return messages


def entry_key(entry: RawEntry) -> str:
    """Entries are keyed by the acronym as written (case matters: 'ToS' vs 'TOS' are one entry)."""
    return str(entry.data.get("acronym", "")).upper()


def to_acronym(entry: RawEntry) -> Acronym:
    data: dict[str, Any] = entry.data
    return Acronym(
        acronym=data["acronym"].strip(),
        expansion=data["expansion"].strip(),
        policy=data.get("policy", "expand"),
        policy_by_locale={
            normalize_locale_key(k): v for k, v in data.get("policy_by_locale", {}).items()
        },
        variants=tuple(data.get("variants", ())),
        forms=tuple(data.get("forms", ())),
        translations={
            normalize_locale_key(k): _as_tuple(v) for k, v in data.get("translations", {}).items()
        },
        local_forms={
            normalize_locale_key(k): _as_tuple(v) for k, v in data.get("local_forms", {}).items()
        },
        spell_out=bool(data.get("spell_out", False)),
        exceptions=tuple(data.get("exceptions", ())),
        required_in_translation=bool(data.get("required_in_translation", True)),
        note=data.get("note", ""),
    )


# Characters that continue a token: an acronym must not touch them on either side. Only Latin
# letters count, so "FBAの" in Japanese still has "FBA" as a token of its own.
TOKEN_CHAR = r"A-Za-z0-9&\u00C0-\u024F"


class AcronymGlossary:
    """Every acronym by its surface forms, with one compiled pattern that finds them all."""

    def __init__(self, acronyms: Iterable[Acronym], versions: dict[str, str] | None = None) -> None:
        self.entries: dict[str, Acronym] = {a.acronym: a for a in acronyms}
        self.versions = dict(versions or {})
        self.by_form: dict[str, Acronym] = {}
        for acronym in self.entries.values():
            for form in acronym.surface_forms:
                self.by_form.setdefault(form, acronym)
        forms = sorted(self.by_form, key=len, reverse=True)  # longest first: "T&Cs" before "T&C"
        alternation = "|".join(re.escape(f) for f in forms) or "(?!x)x"
        # A plural or possessive "s" may follow ("SKUs", "FBA's") without a form of its own.
        self.pattern = re.compile(
            rf"(?<![{TOKEN_CHAR}])(?P<acr>{alternation})(?:['\u2019]?s)?(?![{TOKEN_CHAR}])"
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, form: str) -> bool:
        return form in self.by_form

    def get(self, form: str) -> Acronym | None:
        return self.by_form.get(form)


@functools.lru_cache(maxsize=16)
def _load(extra_paths: tuple[str, ...]) -> AcronymGlossary:
    entries, versions = load_valid("acronyms", validate_entry, entry_key, extra_paths)
    return AcronymGlossary((to_acronym(e) for e in entries), versions)


def load_acronyms(config: Config | None = None) -> AcronymGlossary:
    """Bundled and user acronyms (config.glossaries extend/override), cached per path list.

    Raises GlossaryError when a file is invalid.
    """
    extra = config.glossary_paths() if config else ()
    return _load(extra)


def clear_cache() -> None:
    """Forget loaded glossaries (tests that edit files, a TUI 'reload')."""
    _load.cache_clear()


__all__ = [
    "POLICIES",
    "Acronym",
    "AcronymGlossary",
    "entry_key",
    "load_acronyms",
    "normalize_locale_key",
    "validate_entry",
]

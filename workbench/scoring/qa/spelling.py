"""qa.spelling: words the target language's Hunspell dictionary lacks (PyEnchant over Enchant, the
library translate-toolkit's pofilter spellcheck uses; dictionaries from Debian's hunspell-*).

No suggestions are asked for: Hunspell takes ~0.1 s per suggestion, which would make a library
run crawl; the reviewer sees the word and the dictionary it is missing from."""

from __future__ import annotations

import functools
import re
from typing import Any

from workbench.lang import DEFAULT_REGION
from workbench.models import Finding
from workbench.scoring.qa.checks import BLANK, _blank
from workbench.scoring.rules import BY_ID

# A word worth checking: letters only (digits, codes and snake_case are not prose), 3+ long.
_WORD = re.compile(r"^[^\W\d_]{3,}$")
MAX_PER_TEXT = 5
MIN_WORDS = 3  # one- and two-word labels are mostly names (languages, products), not prose
_CODE_JOINERS = {"_", "/", "\\", "@", "=", "<", ">", "`"}


def _prose(word: str) -> bool:
    """All lower case, or capitalised: not an acronym (ETA) or a brand's mixed case (iPhone)."""
    return word.islower() or (
        word[0].isupper() and word[1:].islower()
    )  # a text with more unknown words is in another language or full of names


@functools.lru_cache(maxsize=1)
def _enchant() -> object | None:
    try:
        import enchant
    except ImportError:  # PyEnchant missing, or the Enchant C library is not installed
        return None
    return enchant


@functools.lru_cache(maxsize=64)
def dictionary_for(tag: str) -> str | None:
    """The installed dictionary for a locale tag ('pt-BR' -> 'pt_BR', 'de' -> 'de_DE'), or None."""
    enchant = _enchant()
    if enchant is None:
        return None
    language, _, region = tag.replace("_", "-").partition("-")
    language = language.lower()
    region = region.upper() or DEFAULT_REGION.get(language, "")
    candidates = [f"{language}_{region}"] if region else []
    candidates.append(language)
    installed = sorted(enchant.list_languages())  # type: ignore[attr-defined]
    candidates += [d for d in installed if d.split("_")[0] == language]
    return next((c for c in candidates if c in installed), None)


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in '.!?:;¿¡\n"“„«'


@functools.lru_cache(maxsize=16)
def _checker(dictionary: str) -> Any:
    from enchant.checker import SpellChecker

    return SpellChecker(dictionary)


class SpellingChecker:
    """Unknown words in a translation; words the source has too (names, brands) are skipped."""

    def check(
        self, translation: str, target: str, source: str = ""
    ) -> tuple[list[Finding], str | None]:
        """(findings, why the check did not run or None)."""
        if _enchant() is None:
            return [], "spelling needs PyEnchant and the Enchant library (libenchant-2-2)"
        dictionary = dictionary_for(target)
        if dictionary is None:
            return [], f"no spelling dictionary installed for {target} (Debian: hunspell-*)"
        checker = _checker(dictionary)
        blanked = _blank(translation).replace(BLANK, " ")
        if len(blanked.split()) < MIN_WORDS:
            return [], None
        letters = [c for c in blanked if c.isalpha()]
        foreign_script = sum(c.isascii() for c in letters) < len(letters) / 2
        known = {w.casefold() for w in re.findall(r"\w+", source)}
        # German capitalises every noun: there a capital says nothing about names.
        capitalised_names = not target.lower().startswith("de")
        findings = []
        checker.set_text(blanked)
        for error in checker:
            word, position = error.word, error.wordpos
            if not _WORD.match(word) or word.casefold() in known or not _prose(word):
                continue
            before = blanked[position - 1 : position]
            after = blanked[position + len(word) : position + len(word) + 1]
            if before in _CODE_JOINERS or after in _CODE_JOINERS or after.isdigit():
                continue  # part of an identifier, a version or a file name (IPv4, allow_empty)
            if after in "'’" or (
                before == "-" and not blanked[position - 2 : position - 1].isalpha()
            ):
                continue  # an elided or suffix fragment the tokenizer cut off (aujourd'hui, -nego)
            if word.isascii() and foreign_script:
                continue  # a Latin word kept in a Cyrillic or Arabic text (cookie, e-mail)
            if after == "." and len(word) <= 5:
                continue  # an abbreviation ("lun.", "Darst.")
            if capitalised_names and word[0].isupper() and not _sentence_start(blanked, position):
                continue  # a capitalised word mid-sentence is most often a name
            findings.append(
                Finding(
                    "qa.spelling",
                    f"{word!r} is not in the {dictionary} dictionary",
                    (position, position + len(word)),
                    "translation",
                    BY_ID["qa.spelling"].level,
                )
            )
        if len(findings) > MAX_PER_TEXT:
            return [], f"more than {MAX_PER_TEXT} unknown words: not checked as {dictionary}"
        return findings, None

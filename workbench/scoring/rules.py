"""The rule table: every rule id a scorer emits, with its default level and help text.

One entry per rule. Config validation (rule families), the HTML/TUI categories and the SARIF
rule metadata all read this table, so a new rule is described once, here. Policy rules are
data (glossaries/policy/*.toml): their description comes from the glossary entry itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from workbench.models import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """What a rule checks, in the words a CI report shows next to its findings."""

    id: str  # "placeholders.changed"
    level: Severity  # the usual severity of its findings (a finding may carry another)
    short: str  # one line
    full: str  # what the check does and why it matters
    help: str  # what to do about a finding

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


RULES: tuple[Rule, ...] = (
    Rule(
        "idioms.idiom",
        "warning",
        "English idiom in the draft",
        "The draft uses an idiom (get back to you, hang tight) that machine translation "
        "renders literally or meaninglessly.",
        "Rewrite the draft with the plain-language rewrite the idiom glossary suggests.",
    ),
    Rule(
        "acronyms.unknown",
        "info",
        "Acronym not in the glossary",
        "The draft uses an acronym the acronym glossary does not know, so nobody has decided "
        "whether customers in the target market understand it.",
        "Expand it on first use, or add it to glossaries/acronyms with a decision.",
    ),
    Rule(
        "acronyms.forbidden",
        "error",
        "Internal acronym reaches the customer",
        "The acronym is internal jargon (FBA, RMA) that must never be sent to a customer.",
        "Replace it with what it means for the customer.",
    ),
    Rule(
        "acronyms.unexpanded",
        "warning",
        "Acronym not explained at first use",
        "The glossary says this acronym must be expanded on its first use for this market.",
        "Write the expansion at the first use, e.g. 'return merchandise authorization (RMA)'.",
    ),
    Rule(
        "acronyms.mangled",
        "warning",
        "Acronym altered by the translation",
        "An acronym of the draft appears changed in the translation (case, letters, spacing).",
        "Keep the acronym as written, or use the market's own form.",
    ),
    Rule(
        "acronyms.dropped",
        "warning",
        "Acronym dropped by the translation",
        "An acronym of the draft is neither kept nor expanded in the translation.",
        "Check that the translation still says what the acronym stood for.",
    ),
    Rule(
        "formality.mixed",
        "error",
        "Mixed formal and informal address",
        "The translation addresses the customer both formally and informally (Sie and du).",
        "Use the register the locale expects throughout.",
    ),
    Rule(
        "formality.informal",
        "error",
        "Informal address where formal is expected",
        "The translation addresses the customer informally (du, tú, tu) in a locale whose "
        "support replies use formal address.",
        "Use the formal address the locale profile names (Sie, usted, vous).",
    ),
    Rule(
        "formality.formal",
        "warning",
        "Formal address where informal is expected",
        "The translation addresses the customer formally where the brand or locale expects "
        "informal address.",
        "Use the informal address the locale profile names.",
    ),
    Rule(
        "drift.limit",
        "error",
        "Round-trip drift above the limit",
        "The back-translation differs from the draft by more than the configured maximum "
        "drift: the translation may not say what the draft says.",
        "Compare the translation with the draft; simplify the draft if the engine struggles.",
    ),
    Rule(
        "drift.sentence",
        "warning",
        "A sentence came back changed",
        "One sentence of the back-translation drifts far from the draft's sentence.",
        "Check that sentence of the translation with someone who reads the language.",
    ),
    Rule(
        "meaning.negation",
        "error",
        "Negation lost or added",
        "A 'not', 'no' or 'never' of the draft is missing from the back-translation or from "
        "the translation itself (counted with the target language's negation words), or one "
        "was added: the translation may say the opposite.",
        "Check the sentence: a lost negation reverses what the customer is told.",
    ),
    Rule(
        "meaning.number",
        "error",
        "Number lost or changed",
        "A number, amount or date of the draft does not come back, or a new one appears.",
        "Make the translation carry the same numbers as the draft.",
    ),
    Rule(
        "meaning.entity",
        "warning",
        "Name missing from the back-translation or the translation",
        "A product, brand or person name, or a product code, of the draft does not come back "
        "or is not in the translation.",
        "Check that the name is still in the translation.",
    ),
    Rule(
        "meaning.opposite",
        "error",
        "A word came back as its opposite",
        "A word of the draft came back as its antonym (refund/charge, before/after).",
        "Check the sentence: the translation may say the opposite.",
    ),
    Rule(
        "meaning.omission",
        "warning",
        "Part of the draft may be missing",
        "The back-translation has far fewer content words than the draft.",
        "Check that the translation says everything the draft says.",
    ),
    Rule(
        "meaning.sentence_omitted",
        "error",
        "A sentence of the draft is not in the translation",
        "Aligning draft and translation sentence by sentence with a multilingual encoder, "
        "no sentence of the translation matches this one.",
        "Check that the translation says what this sentence says.",
    ),
    Rule(
        "meaning.sentence_added",
        "error",
        "A sentence of the translation is not in the draft",
        "Aligning draft and translation sentence by sentence with a multilingual encoder, "
        "this sentence of the translation matches nothing in the draft.",
        "Remove the sentence, or check with the writer that it belongs.",
    ),
    Rule(
        "meaning.sentence_moved",
        "warning",
        "A sentence says something else",
        "The sentence of the translation aligned with a sentence of the draft is far from it "
        "in meaning (low cross-lingual similarity).",
        "Check that sentence with someone who reads the language.",
    ),
    Rule(
        "meaning.length",
        "warning",
        "Translation much shorter or longer than usual",
        "The translation's length against the draft's is far outside what the language "
        "usually needs (glossaries/meaning/<lang>.toml, fitted on real catalogs).",
        "Check for missing or added text.",
    ),
    Rule(
        "meaning.engine_error",
        "error",
        "A known mistranslation of this MT engine",
        "The engine that made the translation is known to render this English word wrongly "
        "(glossaries/engines/<engine>.toml, checked against the engine itself); a round trip "
        "through the same engine translates it back and hides it.",
        "Replace the word with the suggested one.",
    ),
    Rule(
        "meaning.back_translation",
        "info",
        "The back-translation, not the translation, lost something",
        "The round trip lost a negation or a name, but the translation has it when compared "
        "with the draft directly: the engine on the way back is the likely cause.",
        "Nothing to fix in the translation; a better engine for the way back would help.",
    ),
    Rule(
        "placeholders.changed",
        "error",
        "Placeholder changed",
        "A placeholder ({{name}}, %s, {order_id}) was altered or translated, so the template "
        "engine will not fill it in.",
        "Copy the placeholder from the draft exactly.",
    ),
    Rule(
        "placeholders.missing",
        "error",
        "Placeholder missing",
        "A placeholder of the draft is not in the translation: the customer loses that value.",
        "Add the placeholder from the draft to the translation.",
    ),
    Rule(
        "placeholders.extra",
        "error",
        "Placeholder added",
        "The translation has a placeholder the draft does not have.",
        "Remove it, or add it to the draft too.",
    ),
    Rule(
        "placeholders.mt_mangled",
        "warning",
        "The engine mangled a placeholder mask",
        "The MT engine changed the mask that protects a placeholder, so the placeholder "
        "was restored by position.",
        "Check the placeholder's position in the translation.",
    ),
    Rule(
        "placeholders.branches",
        "warning",
        "ICU plural or select branches differ",
        "A plural/select branch of the source's ICU message is missing in the translation, "
        "or the translation has a branch keyword its language never uses.",
        "Give the translation a branch for each case the source has, with the target "
        "language's CLDR plural categories.",
    ),
    Rule(
        "placeholders.icu_syntax",
        "error",
        "ICU message does not parse",
        "The translation's ICU MessageFormat is broken (a brace, a comma or the 'other' "
        "branch is missing, or a keyword such as 'plural' was translated).",
        "Copy the ICU structure from the source and translate only the branch texts.",
    ),
    Rule(
        "tags.inline_missing",
        "error",
        "Inline code missing",
        "An XLIFF inline code (<x/>, <ph/>, <g>, <pc>, …) of the source is not in the "
        "translation: the formatting or the value it stands for is lost.",
        "Keep every inline code of the source, with its id.",
    ),
    Rule(
        "tags.inline_extra",
        "error",
        "Inline code added",
        "The translation has an XLIFF inline code (by id) that the source does not have.",
        "Remove it, or match the source's inline codes.",
    ),
    Rule(
        "numbers.mismatch",
        "error",
        "Numbers differ",
        "A number, amount or percentage of the draft is not the same in the translation.",
        "Make the translation carry the same numbers (in the locale's own format).",
    ),
    Rule(
        "links.mismatch",
        "error",
        "Links or e-mail addresses differ",
        "A URL or e-mail address of the draft is missing, changed or added in the translation.",
        "Copy links and addresses from the draft exactly.",
    ),
    Rule(
        "tags.mismatch",
        "error",
        "Markup tags differ",
        "HTML/XML tags or inline codes of the draft are missing or changed in the translation.",
        "Keep every tag of the draft, balanced and in a sensible order.",
    ),
    Rule(
        "terms.dnt_changed",
        "error",
        "Do-not-translate term changed",
        "A term the glossary marks as do-not-translate (a brand, a product) was translated, "
        "altered or dropped.",
        "Keep the term exactly as written.",
    ),
    Rule(
        "terms.unapproved",
        "warning",
        "Term not translated as approved",
        "The translation uses a rendering of a glossary term other than the approved one.",
        "Use the approved translation from glossaries/terms.",
    ),
    Rule(
        "language.untranslated",
        "error",
        "Translation is the untranslated draft",
        "The translation is (almost) the same text as the draft.",
        "Translate the text into the target language.",
    ),
    Rule(
        "language.wrong",
        "error",
        "Translation in the wrong language",
        "The translation is detected as another language than the target.",
        "Translate the text into the target language.",
    ),
    Rule(
        "language.partly_untranslated",
        "warning",
        "A sentence is left untranslated",
        "One sentence of the translation is in the source or another language.",
        "Translate that sentence.",
    ),
    Rule(
        "language.source_mismatch",
        "warning",
        "Draft is not in the source language",
        "The draft is detected as another language than the configured source language.",
        "Set the source language, or check the draft.",
    ),
)

# -- qa.*: the mechanical checks localizers expect (workbench/scoring/qa/), most wrapping a
# translate-toolkit pofilter test; locale knowledge in glossaries/qa/.
RULES += (
    Rule(
        "qa.blank",
        "error",
        "Translation is only whitespace",
        "The translation holds spaces or line breaks but no text (pofilter: blank).",
        "Translate the text.",
    ),
    Rule(
        "qa.whitespace",
        "warning",
        "Leading or trailing whitespace differs",
        "The translation starts or ends with other whitespace than the source (pofilter: "
        "startwhitespace, endwhitespace); text glued after it then runs together or gaps.",
        "Start and end the translation with the same whitespace as the source.",
    ),
    Rule(
        "qa.double_space",
        "info",
        "Two spaces in a row",
        "The translation has two or more spaces inside a sentence where the source has none "
        "(pofilter: doublespacing).",
        "Replace them with one space.",
    ),
    Rule(
        "qa.repeated_word",
        "warning",
        "Word repeated",
        "The same word twice in a row ('für für'), a typing slip (pofilter: doublewords); "
        "correct doubles per language ('nous nous') are listed in glossaries/qa.",
        "Delete the second word.",
    ),
    Rule(
        "qa.end_punctuation",
        "warning",
        "Ending punctuation differs",
        "The translation ends with another mark than the source (pofilter: endpunc), counting "
        "the language's own marks as equal (ja 。 for '.', fr ' ?' for '?').",
        "End the translation with the source's mark in the language's form.",
    ),
    Rule(
        "qa.inverted_marks",
        "warning",
        "Opening ¿ or ¡ missing",
        "A Spanish question or exclamation ends with ? or ! but does not open with ¿ or ¡.",
        "Open the question with ¿ (or the exclamation with ¡).",
    ),
    Rule(
        "qa.punctuation_spacing",
        "info",
        "Space before punctuation does not follow the language",
        "French puts a no-break space before ? ! : ; and inside « »; most other languages put "
        "no space before ? ! ;. An ordinary space lets the mark wrap onto the next line.",
        "Use the no-break space (U+00A0, or narrow U+202F) in French; no space elsewhere.",
    ),
    Rule(
        "qa.brackets",
        "warning",
        "Bracket left unclosed",
        "A bracket in the translation has no partner while the source's brackets are balanced "
        "(pofilter: brackets); a placeholder such as {order_id may be broken.",
        "Close the bracket, or restore the placeholder exactly as in the source.",
    ),
    Rule(
        "qa.quotes",
        "warning",
        "Quotation mark left unclosed",
        "The translation has an odd number of quotation marks where the source's are closed "
        "(pofilter: doublequoting); the language's own marks „“ « » 「」 count.",
        "Close the quotation.",
    ),
    Rule(
        "qa.newlines",
        "warning",
        "Line breaks differ",
        "The translation has another number of line breaks than the source (pofilter: "
        "newlines): paragraphs merged or split, or a list run together.",
        "Keep the source's line breaks.",
    ),
    Rule(
        "qa.tabs",
        "warning",
        "Tabs differ",
        "The translation has another number of tab characters than the source (pofilter: tabs).",
        "Keep the source's tabs.",
    ),
    Rule(
        "qa.escapes",
        "error",
        "Escape sequences differ",
        r"Backslash escapes (\n, \t, \u00e9) differ from the source (pofilter: escapes): a "
        "literal backslash reaches the customer or the text breaks its file format.",
        "Write the escapes exactly as the source does.",
    ),
    Rule(
        "qa.accelerators",
        "warning",
        "Keyboard accelerator differs",
        "A menu accelerator (&File) is missing, added or repeated (pofilter: accelerators).",
        "Mark exactly one letter with &, as the source does.",
    ),
    Rule(
        "qa.all_caps",
        "warning",
        "Words in capitals",
        "The translation has words in CAPITALS that the source does not: to a customer it "
        "reads as shouting.",
        "Write them in normal case.",
    ),
    Rule(
        "qa.length_ratio",
        "warning",
        "Translation much shorter or longer than usual",
        "The length ratio translation/source is far from the language's usual expansion "
        "(glossaries/qa, measured on real catalogs): text may be missing or added.",
        "Compare the translation with the source sentence by sentence.",
    ),
    Rule(
        "qa.inconsistent_translation",
        "warning",
        "Same source translated differently",
        "The library translates the same source text in another way elsewhere; customers "
        "see two wordings for one thing.",
        "Use the library's usual translation, shown as the suggestion.",
    ),
    Rule(
        "qa.inconsistent_source",
        "info",
        "Different sources share one translation",
        "Two unrelated source texts have the same translation in the library; one of them "
        "was probably copied by mistake.",
        "Check that the translation fits this source.",
    ),
    Rule(
        "qa.spelling",
        "info",
        "Word not in the dictionary",
        "A word of the translation is missing from the target language's Hunspell dictionary "
        "(names and words kept from the source are skipped).",
        "Correct the spelling, or ignore it if the word is a name or a term.",
    ),
)

# Families whose rules are data, not code: each rule is described by its glossary entry.
DATA_FAMILIES: tuple[str, ...] = ("policy",)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
if len(BY_ID) != len(RULES):  # pragma: no cover - caught by the first import in any test
    raise RuntimeError("duplicate rule id in workbench.scoring.rules.RULES")

# First part of every rule id, in table order ("idioms", "acronyms", ...).
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(r.family for r in RULES)) + DATA_FAMILIES


@functools.cache
def _policy_rules() -> dict[str, Rule]:
    """Policy rules described by their own glossary entries (message, severity, suggestion)."""
    from workbench.config import Config
    from workbench.glossary.policy import load_policy_rules

    out = {}
    for p in load_policy_rules(Config()):
        text = p.message.format_map(_Blank())
        out[p.id] = Rule(
            p.id,
            p.severity,  # type: ignore[arg-type]  # validated when the glossary loads
            text[:1].upper() + text[1:],
            f"Policy rule from glossaries/policy: {text}.",
            p.suggestion or "Follow the locale's policy.",
        )
    return out


class _Blank(dict[str, str]):
    """format_map filler: '{days}' in a policy message reads 'N' in a description."""

    def __missing__(self, key: str) -> str:
        return "N" if key in ("days", "floor") else key


def describe(rule_id: str) -> Rule:
    """The rule's metadata: its table entry, its policy glossary entry, else its family's."""
    if rule_id in BY_ID:
        return BY_ID[rule_id]
    family = rule_id.split(".", 1)[0]
    if family == "policy":
        found = _policy_rules().get(rule_id)
        if found:
            return found
    base = next((r for r in RULES if r.family == family), None)
    if base is None:
        return Rule(
            rule_id,
            "warning",
            f"{rule_id} ({family} check)",
            f"A finding of the {family} checks (see glossaries/{family} for the rule's source).",
            "See the finding's message and suggestion.",
        )
    return Rule(rule_id, base.level, f"{rule_id} ({base.short.lower()})", base.full, base.help)

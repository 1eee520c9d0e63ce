"""Message text with every finding highlighted in place, coloured by category, plus a legend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from workbench.models import Finding
from workbench.terminal_text import visible  # re-exported: the screens show data through it

# Rule-id prefix -> category shown to the reviewer (prefixes are the scorer names).
CATEGORY_BY_PREFIX: dict[str, str] = {
    "idiom": "idiom",
    "idioms": "idiom",
    "acronym": "acronym",
    "acronyms": "acronym",
    "formality": "register",
    "register": "register",
    "drift": "drift",
    "meaning": "drift",  # numbers, negation, entities lost on the way: meaning drifted
    "language": "drift",  # untranslated or wrong-language output
    "placeholder": "placeholder",
    "placeholders": "placeholder",
    "numbers": "placeholder",
    "mt": "placeholder",
    "policy": "policy",
    "terms": "policy",
    "sensitive": "policy",
}
CATEGORIES: tuple[str, ...] = ("idiom", "acronym", "register", "drift", "placeholder", "policy")

# Dark text on a light background reads in both the dark and the light theme.
CATEGORY_STYLES: dict[str, Style] = {
    "idiom": Style(color="black", bgcolor="#f6c177"),
    "acronym": Style(color="black", bgcolor="#9ccfd8"),
    "register": Style(color="black", bgcolor="#c4a7e7"),
    "drift": Style(color="black", bgcolor="#eb6f92"),
    "placeholder": Style(color="black", bgcolor="#a3be8c"),
    "policy": Style(color="black", bgcolor="#f08d49"),
    "other": Style(color="black", bgcolor="#d8dee9"),
}
# The finding picked in the list: bright and underlined whatever its category colour.
SELECTED = Style(color="black", bgcolor="#fff176", bold=True, underline=True)
LEVEL_STYLES: dict[str, str] = {"high": "bold red", "medium": "bold yellow", "low": "green"}


def category_of(rule_id: str) -> str:
    """The highlight category of a rule id, by its first dotted part."""
    return CATEGORY_BY_PREFIX.get(rule_id.split(".", 1)[0], "other")


def highlight(
    text: str,
    findings: Iterable[Finding],
    field: str,
    selected: Finding | None = None,
) -> Text:
    """`text` as rich Text (never markup) with each finding on `field` styled by category."""
    rendered = Text(visible(text))
    for finding in findings:
        if finding.field != field:
            continue
        start, end = finding.span
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        rendered.stylize(CATEGORY_STYLES[category_of(finding.rule_id)], start, end)
        if finding is selected or finding == selected:
            rendered.stylize(SELECTED, start, end)
    return rendered


def legend(categories: Sequence[str] = CATEGORIES) -> Text:
    """One line naming each highlight colour."""
    out = Text("Highlights: ")
    for name in categories:
        out.append(f" {name} ", CATEGORY_STYLES[name])
        out.append(" ")
    return out


def level_text(level: str | None, score: float | None = None) -> Text:
    """A risk level in its colour, with the score when given."""
    if level is None:
        return Text("—", style="dim")
    label = level.upper()
    if score is not None:
        label += f" {score:.2f}"
    return Text(label, style=LEVEL_STYLES.get(level, ""))


class HighlightedText(Static):
    """A read-only text panel showing one field of an assessment with its findings in colour."""

    DEFAULT_CSS = """
    HighlightedText {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, field: str, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.field = field
        self.text_value: str = ""
        self._findings: tuple[Finding, ...] = ()
        self._selected: Finding | None = None

    def show(
        self,
        text: str | None,
        findings: Sequence[Finding] = (),
        selected: Finding | None = None,
        missing: str = "(not available)",
    ) -> None:
        """Display `text` (or a dim note when it is missing) with its findings highlighted."""
        self.text_value = text or ""
        self._findings = tuple(findings)
        self._selected = selected
        if text is None:
            self.update(Text(missing, style="dim italic"))
        else:
            self.update(highlight(text, findings, self.field, selected))

    def select(self, finding: Finding | None) -> None:
        """Emphasise one finding (or none) without changing the text."""
        self._selected = finding
        self.update(highlight(self.text_value, self._findings, self.field, finding))


class Legend(Static):
    """The colour key for finding categories."""

    DEFAULT_CSS = """
    Legend {
        height: 1;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.update(legend())

"""The list of findings for one assessment; highlighting an entry announces it to the screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.models import Finding
from workbench.widgets.highlight import CATEGORY_STYLES, category_of, visible

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}
FIELD_LABELS = {"source": "draft", "translation": "translation", "back_translation": "back"}


def finding_text(finding: Finding) -> Text:
    """One finding as a few lines: category, severity, rule, where; message; suggestion."""
    category = category_of(finding.rule_id)
    out = Text()
    out.append(f" {category} ", CATEGORY_STYLES[category])
    out.append(f" {finding.severity}", SEVERITY_STYLES.get(finding.severity, ""))
    out.append(f" {finding.rule_id}", "bold")
    out.append(f"  in {FIELD_LABELS.get(finding.field, finding.field)}", "dim")
    out.append("\n")
    out.append(visible(finding.message))
    if finding.suggestion:
        out.append("\n→ ", "green")
        out.append(visible(finding.suggestion), "green")
    return out


class FindingsList(OptionList):
    """Findings of the current assessment, most severe first."""

    DEFAULT_CSS = """
    FindingsList {
        height: 1fr;
        /* A constant width: wrapped entries keep the height they were measured at when the
           scrollbar appears. */
        scrollbar-gutter: stable;
    }
    """

    class Selected(Message):
        """The reviewer moved to a finding (None when the list is empty)."""

        def __init__(self, finding: Finding | None) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.findings: list[Finding] = []

    def show(self, findings: Sequence[Finding]) -> None:
        """Replace the list; errors first, then warnings, then info."""
        order = {"error": 0, "warning": 1, "info": 2}
        self.findings = sorted(findings, key=lambda f: (order.get(f.severity, 3), f.field, f.span))
        self.clear_options()
        if not self.findings:
            self.add_option(Option(Text("No findings.", style="dim"), disabled=True))
            return
        self.add_options([Option(finding_text(f)) for f in self.findings])
        self.highlighted = 0

    @property
    def current(self) -> Finding | None:
        """The highlighted finding, if any."""
        index = self.highlighted
        if index is None or not (0 <= index < len(self.findings)):
            return None
        return self.findings[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Selected(self.current))

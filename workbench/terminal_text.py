"""Stored and customer text made harmless on a terminal, and reviewer names checked on entry.

Template, customer and reviewer text is data. Printed raw, an escape sequence inside it drives
the terminal: `ESC[2J` clears the screen, `ESC]0;…BEL` sets the window title and an unfinished
OSC swallows everything after it, C1 controls (U+0080–U+009F) act as ESC-sequences on many
terminals, and bidi overrides reorder what the reader sees. Every face prints such text through
`visible` (or `visible_line`), which replaces each control character by one visible character,
so spans into the text still line up and the reader sees that something odd was there:
C0 controls and DEL become their Unicode "control pictures" (ESC is shown as ␛), C1 controls
and bidi embeddings, overrides and isolates become U+FFFD. JSON escapes C0 itself;
`escape_json_controls` adds C1 and the bidi controls, losslessly.
"""

from __future__ import annotations

import re

from workbench.errors import UsageError

REPLACEMENT = "\ufffd"
# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI): they reorder
# the characters that follow. The marks (LRM, RLM, ALM) only steer neutral characters: kept.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Long enough for any real name or e-mail-style login; short enough for one status line.
MAX_NAME_LENGTH = 64


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC is ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in BIDI_CONTROLS


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` with every control character except those in `keep` shown as a visible character.

    One character for one, so finding spans into the original still point at the same text.
    """
    if not any(_unsafe(ch) for ch in text):
        return text
    return "".join(_picture(ch) if _unsafe(ch) and ch not in keep else ch for ch in text)


def visible_line(text: str) -> str:
    """`visible` for one line of output (a table cell, a name): line breaks and tabs shown too."""
    return visible(text, keep="")


def escape_json_controls(document: str) -> str:
    """A JSON document with C1, DEL and bidi controls written as \\u escapes (same data)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def check_name(name: str, what: str = "reviewer name") -> str:
    """`name` when it can be stored and shown as a name; UsageError saying why not otherwise."""
    if not isinstance(name, str) or not name.strip():
        raise UsageError(f"the {what} is empty; give a name such as --reviewer ana")
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(
            f"the {what} is {len(name)} characters long; at most {MAX_NAME_LENGTH} are allowed"
        )
    # isprintable() is False for every control and format character (C0, C1, bidi controls,
    # zero-width characters) and for line and paragraph separators.
    if not name.isprintable():
        raise UsageError(
            f"the {what} {visible_line(name)!r} contains control or invisible characters; "
            "use letters, digits, spaces and punctuation"
        )
    if name != name.strip():
        raise UsageError(f"the {what} {name!r} starts or ends with a space")
    return name


def middle(text: str, width: int) -> str:
    """`text` cut to `width` in the middle, so ids that differ only at the end stay distinct."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]

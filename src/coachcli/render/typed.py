"""What people typed, shown as text (SPEC §13): the one place that makes it safe to print.

A situation, a rule, a name or a comment can hold anything an import or a paste brought
in: `\\x1b[2J` clears the screen, `\\x1b]0;...\\x07` retitles the window, an OSC 8 link
hides an address behind words, and a bidi override turns the rest of a table row around.
Rich passes all of those to the terminal, so every text a person typed goes through
`visible` (a plain string), `shown` (a rich Text) or, for a whole case, `visible_all`
before it is printed: a control character is written out as its escape (`\\x1b`), never
sent. Everything else, emoji and wide CJK characters included, is kept as typed.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from rich.text import Text

T = TypeVar("T")

# C0, DEL and C1 controls (ESC starts every terminal sequence, and C1 has its own CSI and
# OSC), and the bidi embeddings, overrides and isolates, which reorder what follows them.
# The marks U+200E/U+200F stay: they belong in names written right to left and move nothing.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In a one-line cell every line break, with the white space around it, is one space.
BREAKS = re.compile(r"[ \t]*(?:\r\n|[\n\u2028\u2029])[ \t]*")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character written out (`\\x1b[2J`), so it can only show.

    In a one-line cell (a table row) line breaks become one space; elsewhere they stay."""
    if one_line:
        text = BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return CONTROL.sub(_escape, text.replace("\t", " "))


class OnScreen:
    """A text stream for a terminal: what is written shows, and runs nothing. An export
    written to a terminal (no `--output`, no pipe) goes through it; a file or a pipe gets
    the exact data. Escapes are JSON's (`\\u001b`), so a json export stays valid JSON."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(CONTROL.sub(_json_escape, text.replace("\r\n", "\n")))
        return len(text)

    def flush(self) -> None:
        self.out.flush()


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def shown(text: str, style: str = "", *, one_line: bool = False) -> Text:
    """Typed text as a rich Text: never read as markup, never run as a terminal sequence."""
    from rich.text import Text

    return Text(visible(text, one_line=one_line), style=style)


def visible_all(value: T) -> T:
    """A case (or any frozen dataclass, tuple or dict of them) with every text in it made
    visible: for a screen that shows a whole case, so that no field is forgotten, including
    fields added later. Keys and everything that is not text are kept as they are."""
    return cast(T, _visible_any(value))


def _visible_any(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, tuple | list):
        return type(value)(_visible_any(v) for v in value)
    if isinstance(value, dict):
        return {k: _visible_any(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _visible_any(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value

"""Tables that fit the terminal they are printed on (SPEC §7 "Everything fits 80 columns").

A rich Table shares a narrow terminal out by cutting every column alike, and so leaves
`esc…` of the very column a team lead came for. Here each column says what it is worth:
a column a reader needs is never dropped and, unless it holds free text, never cut; free
text (a situation, a rule, a name) is cut with an ellipsis, never below a readable width;
optional columns are shown only when the needed ones keep their room; and when even the
needed ones cannot share one line, the free text moves to a line of its own under its row.
The width is known only when the console renders, so the choice is made then: at 80
columns the needed columns, at 120 more columns and longer text.

Rows are written as plain aligned lines, not as a rich Table: a Table measures every cell
several times, which takes a second for a team of 2,000; this takes tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.text import Span, Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions

NEEDED = 0  # `drop` of a column that is always shown
GAP = 2


@dataclass
class Column:
    """One column: its header, its cells (one line each, with a style) and how it gives way.

    `drop`: 0 for a column a reader needs; optional columns give way in order, highest first.
    `cut`: free text may be cut with an ellipsis, down to this width; None: never cut.
    `comfort`: the width free text keeps before an optional column may take room from it.
    `grow`: its share of the room left over (a situation 3, a rule 2, a name 1).
    `cap`: the widest it grows (a long name need not push the situation aside).
    `below`: when the row has no room for it, it gets a line of its own under the row.

    A cell is plain text: what people typed goes in through `typed.visible(one_line=True)`.
    """

    header: str
    drop: int = NEEDED
    cut: int | None = None
    comfort: int | None = None
    grow: int = 0
    cap: int | None = None
    justify: Literal["left", "right"] = "left"
    below: bool = False
    cells: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    lens: list[int] = field(default_factory=list)  # each cell's width in terminal cells

    def add(self, text: str, style: str = "") -> None:
        self.cells.append(text)
        self.styles.append(style)
        self.lens.append(cell_len(text))

    @property
    def natural(self) -> int:
        """As wide as its widest cell or its header, whichever is wider."""
        return max(cell_len(self.header), max(self.lens, default=0))

    @property
    def least(self) -> int:
        """The narrowest it may become on a shared line."""
        if self.cut is None:
            return self.natural
        return min(self.natural, max(self.cut, cell_len(self.header)))

    @property
    def wanted(self) -> int:
        """The width it keeps before optional columns are given room."""
        return max(self.least, min(self.natural, self.comfort or 0))


@dataclass(frozen=True)
class Layout:
    """What `Fitted.layout` chose for one width."""

    columns: list[Column]
    widths: list[int]
    gap: int
    below: Column | None = None


class Fitted:
    """A table that picks its columns and widths for the width it is rendered at."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield self.text(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        needed = [c.least for c in self.columns if c.drop == NEEDED and not c.below]
        natural = [c.natural for c in self.columns]
        return Measurement(_total(needed, 1), _total(natural, GAP))

    def whole(self, width: int) -> bool:
        """Whether every column fits on one line at `width` with room to read it: none
        dropped, moved or cut below its comfort."""
        return _total([c.wanted for c in self.columns], GAP) <= width

    def text(self, width: int) -> Text:
        """The header, then each row: one Text, each line at most `width` cells wide.

        Built as one string and its spans: appending cell by cell to a rich Text costs a
        tenth of a second for a team of 2,000."""
        layout = self.layout(width)
        cols, widths, gap, below = layout.columns, layout.widths, layout.gap, layout.below
        indent = widths[0] + gap if len(cols) > 1 else 0
        out = _Lines(width, indent)
        out.row([c.header for c in cols], ["bold"] * len(cols),
                [cell_len(c.header) for c in cols], cols, widths, gap)  # fmt: skip
        if below is not None:
            out.under(below.header, "bold", cell_len(below.header))
        for row in range(len(self.columns[0].cells) if self.columns else 0):
            out.row([c.cells[row] for c in cols], [c.styles[row] for c in cols],
                    [c.lens[row] for c in cols], cols, widths, gap)  # fmt: skip
            if below is not None:
                out.under(below.cells[row], below.styles[row], below.lens[row])
        return out.text()

    def layout(self, width: int) -> Layout:
        """The columns to show, their widths and the gap between them, for `width`."""
        columns = list(self.columns)
        while True:  # an optional column only where the others keep their comfort
            optional = [c for c in columns if c.drop != NEEDED]
            if not optional or _total([c.wanted for c in columns], GAP) <= width:
                break
            columns.remove(max(optional, key=lambda c: c.drop))
        below = None  # a line of its own rather than a name and the free text both cut short
        if _total([c.wanted for c in columns], 1) > width:
            below = next((c for c in columns if c.below), None)
            if below is not None:
                columns.remove(below)
        gap = _gap(columns, width)
        return Layout(columns, _widths(columns, width, gap), gap, below)


def _gap(columns: list[Column], width: int) -> int:
    """Two spaces between columns, unless one space lets a name be shown whole."""
    wanted, least = [c.wanted for c in columns], [c.least for c in columns]
    if _total(wanted, GAP) <= width:
        return GAP
    if _total(wanted, 1) <= width:
        return 1
    return GAP if _total(least, GAP) <= width else 1


def _widths(columns: list[Column], width: int, gap: int) -> list[int]:
    """Every column at its least; the room left goes to free text, first up to its comfort,
    then by its share, each up to its natural width or cap; when there is too little, free
    text gives way, down to the width of its header."""
    widths = [c.least for c in columns]
    room = width - _total(widths, gap)
    if room < 0:
        for n in sorted(range(len(columns)), key=lambda n: -columns[n].grow):
            if columns[n].cut is not None and room < 0:
                less = min(-room, max(0, widths[n] - cell_len(columns[n].header)))
                widths[n] -= less
                room += less

    def most(n: int) -> int:
        return min(columns[n].natural, columns[n].cap or columns[n].natural)

    # Their comfort first, the smallest share first: a name whole before a longer situation.
    for n in sorted(range(len(columns)), key=lambda n: columns[n].grow):
        more = max(0, min(room, columns[n].wanted - widths[n]))
        widths[n] += more
        room -= more
    growing = [n for n, c in enumerate(columns) if c.grow and widths[n] < most(n)]
    while room > 0 and growing:
        shares = sum(columns[n].grow for n in growing)
        given = 0
        for n in growing:
            more = min(most(n) - widths[n], room * columns[n].grow // shares)
            widths[n] += more
            given += more
        if not given:  # less room than shares: one cell to the largest share
            widths[max(growing, key=lambda n: columns[n].grow)] += 1
            given = 1
        room -= given
        growing = [n for n in growing if widths[n] < most(n)]
    return widths


def _total(widths: list[int], gap: int) -> int:
    return sum(widths) + gap * max(0, len(widths) - 1)


class _Lines:
    """The lines of a table as one string and the spans of its styles."""

    def __init__(self, width: int, indent: int) -> None:
        self.width, self.indent = width, indent
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.at = 0

    def add(self, text: str, style: str = "") -> None:
        if style:
            self.spans.append(Span(self.at, self.at + len(text), style))
        self.parts.append(text)
        self.at += len(text)

    def row(
        self,
        cells: list[str],
        styles: list[str],
        lens: list[int],
        cols: list[Column],
        widths: list[int],
        gap: int,
    ) -> None:
        """One line: each cell cut to its width and padded; no spaces at its end."""
        if self.parts:
            self.add("\n")
        pending = ""  # spaces owed before the next cell: none at the end of a line
        for whole, style, length, column, width in zip(
            cells, styles, lens, cols, widths, strict=True
        ):
            text = whole if length <= width else _cut(whole, width)
            pad = " " * (width - (length if length <= width else cell_len(text)))
            if column.justify == "right":
                pending += pad
            if text:
                self.add(pending)
                self.add(text, style)
                pending = ""
            pending += (pad if column.justify == "left" else "") + " " * gap

    def under(self, text: str, style: str, length: int) -> None:
        """A row's free text on a line of its own, under the row's second column."""
        if text:
            room = max(1, self.width - self.indent)
            self.add("\n" + " " * self.indent)
            self.add(text if length <= room else _cut(text, room), style)

    def text(self) -> Text:
        return Text("".join(self.parts), spans=self.spans, no_wrap=True, overflow="ellipsis")


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in an ellipsis right after its last letter."""
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"


class Either:
    """One table when it fits whole, else its parts one under the other (each a table that
    repeats the column that names the row): nothing a reader needs falls off the edge."""

    def __init__(self, whole: Fitted, parts: Sequence[Fitted]) -> None:
        self.whole = whole
        self.parts = list(parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        if self.whole.whole(width) or not self.parts:
            yield self.whole.text(width)
            return
        for n, part in enumerate(self.parts):
            if n:
                yield Text("")
            yield part.text(width)

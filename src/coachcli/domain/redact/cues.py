"""Context words in a text (SPEC §10): where they stand, and how many words lie between.

A BSN counts only within five words of a BSN word, a date only near a birth word, and a
number after a policy word is never a phone. The words and phrases come from content TOML
per language. Lookups are by bisection, so a text full of context words stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable

WINDOW = 5  # words between a context word and what it marks
REACH = 3  # words between a veto or phone word and the number it speaks of
# A word, as a reader counts them: anything between white space ("12-03-1980," is one).
TOKEN = re.compile(r"\S+")
FAR = 400  # characters: further apart than this, two places are never within a window
# Where a sentence ends: a context word in one sentence says nothing about the next.
SENTENCE_END = re.compile(r"[.!?](?:\s+(?=[A-Z])|\s*\n)|\n\s*\n|;")

Span = tuple[int, int]


def phrases(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for words and phrases: whole words, in any letter case, with any white
    space between the words of a phrase. A word that ends in `*` matches every word that
    starts so (`polis*`: polisnummer, polisnr)."""
    parts = []
    for word in sorted({w.strip().casefold() for w in words if w.strip("* ")}, key=len)[::-1]:
        stem = word.rstrip("*")
        body = r"\s+".join(re.escape(part) for part in stem.split())
        head = r"(?<!\w)" if _wordy(stem[0]) else ""
        tail = r"[\w.-]*" if word.endswith("*") else r"(?!\w)" if _wordy(stem[-1]) else ""
        parts.append(head + body + tail)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _wordy(char: str) -> bool:
    return char.isalnum() or char == "_"


def words_between(text: str, start: int, end: int) -> int:
    """How many words lie between two places; a large number when they are far apart."""
    if end - start > FAR:
        return FAR
    return len(TOKEN.findall(text, start, end)) if start < end else 0


def same_sentence(text: str, start: int, end: int) -> bool:
    return SENTENCE_END.search(text, start, end) is None


class Marks:
    """Where the words of one list stand in one text, found once."""

    def __init__(
        self,
        pattern: re.Pattern[str] | None,
        text: str,
        unless: Collection[str] = (),
    ) -> None:
        self.text = text
        found = () if pattern is None else pattern.finditer(text)
        # `unless`: case-folded words that the pattern matches but that do not count.
        self.spans: list[Span] = [
            m.span() for m in found if m[0].casefold().rstrip(".") not in unless
        ]
        # Matches do not overlap, so starts and ends are both in order.
        self.starts = [start for start, _ in self.spans]
        self.ends = [end for _, end in self.spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def last_before(self, position: int) -> Span | None:
        index = bisect_right(self.ends, position) - 1
        return self.spans[index] if index >= 0 else None

    def first_after(self, position: int) -> Span | None:
        index = bisect_left(self.starts, position)
        return self.spans[index] if index < len(self.spans) else None

    def just_before(self, position: int, reach: int = REACH) -> Span | None:
        """The last mark that ends within `reach` words before `position`."""
        mark = self.last_before(position)
        if mark is None or words_between(self.text, mark[1], position) > reach:
            return None
        return mark

    def near(self, start: int, end: int, window: int = WINDOW) -> bool:
        """A mark within `window` words before `start` or after `end`."""
        if self.just_before(start, window) is not None:
            return True
        after = self.first_after(end)
        return after is not None and words_between(self.text, end, after[0]) <= window

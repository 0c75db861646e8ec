"""Context words in a text (SPEC §10): where they stand, and how many words lie between.

A BSN counts only within five words of a BSN word, a date only near a birth word, and a
number after a policy word is never a phone. The words and phrases come from content TOML
per language. Lookups are by bisection, so a text full of context words stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

WINDOW = 5  # words between a context word and what it marks
REACH = 3  # words between a veto or phone word and the number it speaks of
# A word, as a reader counts them: anything between white space ("12-03-1980," is one).
TOKEN = re.compile(r"\S+")
FAR = 400  # characters: further apart than this, two places are never within a window
LOOK_BACK = 100  # characters before a number where its veto or phone word may stand
# Where a sentence ends: a context word in one sentence says nothing about the next.
SENTENCE_END = re.compile(r"[.!?](?:\s+(?=[A-Z])|\s*\n)|\n\s*\n|;")

Span = tuple[int, int]


def words_between(text: str, start: int, end: int) -> int:
    """How many words lie between two places; a large number when they are far apart."""
    if end - start > FAR:
        return FAR
    return len(TOKEN.findall(text, start, end)) if start < end else 0


def same_sentence(text: str, start: int, end: int) -> bool:
    return SENTENCE_END.search(text, start, end) is None


class Marks:
    """Where the words of one list stand in one text, found once."""

    def __init__(self, spans: list[Span], text: str) -> None:
        self.text = text
        self.spans = spans
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


# Words for a lookup of context words: white space, slashes, brackets, colons and commas
# part them ("BSN:123456782", "(tel)", "bsn/sofinummer").
WORD_PARTS = re.compile(r"[^\s/()\[\]{}<>,;:=\"']+")


def _normal(word: str) -> str:
    return word.casefold().strip(".:-!?*#")


class Lexicon:
    """A list of context words for quick lookups just before a place in a text: single
    words by set, `word*` by prefix, phrases by their last word, and words that end in a
    suffix (`klantnummer`) unless they are listed in `unless` (`telefoonnummer`). Used
    where a regular expression of dozens of alternatives would cost a scan of the text."""

    def __init__(
        self, words: Iterable[str], suffixes: Iterable[str] = (), unless: Iterable[str] = ()
    ) -> None:
        self.single: set[str] = set()
        prefixes: list[str] = []
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for word in words:
            parts = [_normal(part) for part in word.rstrip("* ").split()]
            parts = [part for part in parts if part]
            if not parts:
                continue
            if len(parts) > 1:
                self.phrases.setdefault(parts[-1], []).append(tuple(parts))
            elif word.strip().endswith("*"):
                prefixes.append(parts[0])
            else:
                self.single.add(parts[0])
        self.prefixes = tuple(prefixes)
        self.suffixes = tuple(_normal(s) for s in suffixes if _normal(s))
        self.unless = frozenset(_normal(w) for w in unless)

    def ends_at(self, words: list[str], index: int) -> bool:
        """Whether a context word or phrase ends at `words[index]` (normalised words)."""
        word = words[index]
        if word in self.unless or not word:
            return False
        if word in self.single or (self.prefixes and word.startswith(self.prefixes)):
            return True
        if self.suffixes and word.endswith(self.suffixes) and word not in self.suffixes:
            return True
        for phrase in self.phrases.get(word, ()):
            start = index - len(phrase) + 1
            if start >= 0 and tuple(words[start : index + 1]) == phrase:
                return True
        return False

    def words_before(self, text: str, position: int, reach: int = REACH) -> int | None:
        """How many words lie between `position` and the nearest context word before it,
        if one stands within `reach` words; else None."""
        start = max(0, position - LOOK_BACK)
        words = [_normal(w) for w in WORD_PARTS.findall(text, start, position)]
        if start and words:
            words = words[1:]  # it may be cut off
        for distance in range(min(reach + 1, len(words))):
            if self.ends_at(words, len(words) - 1 - distance):
                return distance
        return None

    def spans(self, text: str) -> list[Span]:
        """Where the context words and phrases stand in `text` (for a phrase, from its
        first word to its last), in order."""
        found: list[Span] = []
        matches = list(WORD_PARTS.finditer(text))
        words = [_normal(m[0]) for m in matches]
        longest = max((len(p) for ps in self.phrases.values() for p in ps), default=1)
        for index, match in enumerate(matches):
            if self.ends_at(words, index):
                start = match.start()
                for size in range(longest, 1, -1):  # a phrase that ends here starts earlier
                    first = index - size + 1
                    if first >= 0 and tuple(words[first : index + 1]) in self.phrases.get(
                        words[index], ()
                    ):
                        start = matches[first].start()
                        break
                found.append((start, match.end()))
        return found

    def anywhere(self, text: str, start: int, end: int) -> bool:
        """Whether a context word stands between `start` and `end`."""
        words = [_normal(w) for w in WORD_PARTS.findall(text, start, end)]
        return any(self.ends_at(words, index) for index in range(len(words)))


def stems(words: Iterable[str]) -> tuple[str, ...]:
    """The fewest lower-case substrings that every one of `words` contains one of, for a
    quick `in` check before any pattern runs: "geb" for geboren, geb., geboortedatum."""
    phrases = {w.lower().strip(".:* ") for w in words if w.strip(".:* ")}
    # Single words first, shortest first: "birth" then covers "date of birth".
    kept: list[str] = []
    for phrase in sorted(phrases, key=lambda p: (" " in p, len(p))):
        if not any(stem in phrase for stem in kept):
            kept.append(phrase.split()[0])
    return tuple(kept)

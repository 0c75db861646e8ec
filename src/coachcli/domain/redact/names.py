"""Pseudonyms for agents and comment authors (SPEC §10, `--anonymise-agents`).

`Agent A`, `Agent B`, ... stable within one export, in the order people first appear. The
names come from a first pass over every agent and comment author in the casebook, so that
a colleague named only inside a case's text ("overlegd met Sanne") is replaced too. Inside
text, whole words are replaced: the full name in any letter case, and the first name on its
own, written with a capital, when it has three letters or more, also in its possessive
form (`Sannes voorstel` becomes `Agent A's voorstel`). A first name that is also an
ordinary word (`Rob`, `Bas`, `Will`: a stop list per language) is replaced only inside a
sentence, so "I will call", "Will you call?" and "een rob" stay. A first name that two people
share cannot say whom it means and becomes `[AGENT]`. A role in brackets after a name stays:
`Bram Bakker (teamleider)` becomes `Agent B (teamleider)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

ROLE = re.compile(r"^(?P<name>.*?)\s*(?P<role>\([^()]*\))\s*$", re.DOTALL)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# After these a word opens a sentence, a line, a quotation or a list item (with a dash).
SENTENCE_ENDS = frozenset(".!?:;\n\"'(-*\u2013\u2022\u201c\u2018")
AMBIGUOUS = "[AGENT]"
MIN_FIRST_NAME = 3


def split_role(name: str) -> tuple[str, str]:
    """`Bram Bakker (teamleider)` -> (`Bram Bakker`, `(teamleider)`)."""
    match = ROLE.match(name)
    if match is None or not match["name"].strip():
        return " ".join(name.split()), ""
    return " ".join(match["name"].split()), match["role"]


class Pseudonyms:
    """Names to pseudonyms, in fields and inside free text."""

    def __init__(self, people: Iterable[str] = (), ordinary: Iterable[str] = ()) -> None:
        self.names: dict[str, str] = {}  # a name, case-folded -> its pseudonym
        self.ordinary = frozenset(word.casefold() for word in ordinary)
        # Case-folded first word -> full names (as word tuples) that start with it, longest
        # first; and case-folded first name -> the people it may mean.
        self.full: dict[str, list[tuple[str, ...]]] = {}
        self.first: dict[str, set[str]] = {}
        for person in people:
            self.know(person)

    def know(self, person: str) -> None:
        name, _ = split_role(person)
        words = tuple(name.casefold().split())
        if not words:
            return
        full = self.full.setdefault(words[0], [])
        if words not in full:
            full.append(words)
            full.sort(key=len, reverse=True)
        if len(words[0]) >= MIN_FIRST_NAME and WORD.fullmatch(words[0]):
            self.first.setdefault(words[0], set()).add(" ".join(words))

    def __call__(self, name: str) -> str:
        """The pseudonym for an agent or author field; a role in brackets stays."""
        base, role = split_role(name)
        if not base:
            return name
        pseudonym = self._pseudonym(base.casefold())
        return f"{pseudonym} {role}" if role else pseudonym

    def _pseudonym(self, key: str) -> str:
        if key not in self.names:
            self.names[key] = f"Agent {_letters(len(self.names))}"
        return self.names[key]

    def text(self, text: str | None) -> str | None:
        """Every known name inside `text` replaced by its pseudonym."""
        if not text or not self.full:
            return text
        out: list[str] = []
        done = 0
        words = list(WORD.finditer(text))
        index = 0
        while index < len(words):
            word = words[index]
            key = word[0].casefold()
            taken = self._full_name(words, index, text) if key in self.full else None
            if taken is not None:
                person, last = taken
                out += [text[done : word.start()], self._pseudonym(person)]
                done = words[last].end()
                index = last + 1
                continue
            key, owner = _possessive(key, self.first)
            people = self.first.get(key)
            if people and self._first_name_here(word, text):
                replacement = self._pseudonym(next(iter(people))) if len(people) == 1 else AMBIGUOUS
                out += [text[done : word.start()], replacement + owner]
                done = word.end()
            index += 1
        return "".join(out) + text[done:] if out else text

    def _full_name(
        self, words: list[re.Match[str]], index: int, text: str
    ) -> tuple[str, int] | None:
        """The longest full name (two words or more) that starts at `words[index]`."""
        for name in self.full[words[index][0].casefold()]:
            last = index + len(name) - 1
            if len(name) < 2 or last >= len(words):
                continue
            span = words[index : last + 1]
            if all(w[0].casefold() == part for w, part in zip(span, name, strict=True)) and all(
                not text[a.end() : b.start()].strip() for a, b in pairwise(span)
            ):
                return " ".join(name), last
        return None

    def _first_name_here(self, word: re.Match[str], text: str) -> bool:
        """A first name on its own is written with a capital ("claims" stays when an author
        is the "Claims desk"); one that is an ordinary word, also not at a sentence's start."""
        if not word[0][0].isupper():
            return False
        return word[0].casefold() not in self.ordinary or not _starts_sentence(text, word.start())


def _possessive(key: str, names: dict[str, set[str]]) -> tuple[str, str]:
    """A first name in its possessive form ("Sannes", "Sanne's", "Bram’s") as the name and
    the ending the pseudonym takes ("Agent A's voorstel")."""
    if key in names:
        return key, ""
    for ending in ("'s", "’s", "s", "'", "’"):
        if key.endswith(ending) and key[: -len(ending)] in names:
            return key[: -len(ending)], "'s"
    return key, ""


def _starts_sentence(text: str, position: int) -> bool:
    """Whether the word at `position` opens a sentence (or a line, a quote, a list item)."""
    before = text[max(0, position - 12) : position].rstrip(" \t\u00a0")
    return not before or before[-1] in SENTENCE_ENDS


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheets count columns."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out

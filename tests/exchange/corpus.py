"""The redaction corpus (redaction_corpus.toml) and how a redacted text is judged against it.

A leak is a text that still holds something that had to go: word for word, with its
separators and letter case changed, or as a run of six of its digits. Damage is a text
that lost something that had to stay (for a benign item: any change at all).

    python -m tests.exchange.corpus    # the figures per kind, for a note or a report
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).with_name("redaction_corpus.toml")
DIGITS = re.compile(r"\d(?:[\s./\-\u2013()]{0,3}\d)*")


@dataclass(frozen=True)
class Item:
    number: int
    kind: str
    lang: str
    text: str
    gone: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    field: str | None = None

    @property
    def benign(self) -> bool:
        return not self.gone and not self.keep

    def leaks(self, redacted: str) -> list[str]:
        """What had to go and is still there, in any of the ways a reader could find it."""
        return [gone for gone in self.gone if _found(gone, redacted)]

    def damage(self, redacted: str, part: bool = False) -> list[str]:
        """What had to stay and is no longer there, word for word (white space aside). A
        benign text must come out unchanged; `part`: as part of `redacted` (a handout's
        section of a case)."""
        if self.benign:
            same = (
                _flat(self.text) in _flat(redacted) if part else _flat(redacted) == _flat(self.text)
            )
            return [] if same else [self.text]
        return [keep for keep in self.keep if _flat(keep) not in _flat(redacted)]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _alnum(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _found(gone: str, redacted: str) -> bool:
    if _flat(gone) in _flat(redacted) or _alnum(gone) in _alnum(redacted):
        return True
    digits = re.sub(r"\D", "", gone)
    if len(digits) < 7:
        return False
    runs = [re.sub(r"\D", "", run) for run in DIGITS.findall(redacted)]
    return any(digits[i : i + 6] in run for i in range(len(digits) - 5) for run in runs)


def load() -> list[Item]:
    with CORPUS.open("rb") as handle:
        items = tomllib.load(handle)["items"]
    return [
        Item(
            number=n,
            kind=item["kind"],
            lang=item["lang"],
            text=item["text"],
            gone=tuple(item.get("gone", ())),
            keep=tuple(item.get("keep", ())),
            field=item.get("field"),
        )
        for n, item in enumerate(items)
    ]


@dataclass
class Tally:
    """Items, leaks and damaged items per kind."""

    items: Counter[str] = field(default_factory=Counter)
    leaks: Counter[str] = field(default_factory=Counter)
    damage: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, item: Item, redacted: str, where: str = "", part: bool = False) -> None:
        self.items[item.kind] += 1
        leaked, damaged = item.leaks(redacted), item.damage(redacted, part)
        self.leaks[item.kind] += bool(leaked)
        self.damage[item.kind] += bool(damaged)
        if leaked or damaged:
            self.failures.append(
                f"{where}item {item.number} ({item.kind}): {item.text!r} -> {redacted!r}"
                + (f"; leaked {leaked}" if leaked else "")
                + (f"; damaged {damaged}" if damaged else "")
            )

    def table(self) -> str:
        lines = ["| kind | items | leaks | damaged |", "|---|---|---|---|"]
        for kind in sorted(self.items):
            lines.append(
                f"| {kind} | {self.items[kind]} | {self.leaks[kind]} | {self.damage[kind]} |"
            )
        total = (sum(self.items.values()), sum(self.leaks.values()), sum(self.damage.values()))
        lines.append(f"| all | {total[0]} | {total[1]} | {total[2]} |")
        return "\n".join(lines)


def default_redactor() -> object:
    from coachcli import content
    from coachcli.domain.redact import Redactor, Words

    return Redactor(Words.merged(content.load("redaction", lang) for lang in ("en", "nl")))


if __name__ == "__main__":
    redact = default_redactor()
    tally = Tally()
    for item in load():
        tally.add(item, redact(item.text))  # type: ignore[operator]
    print("\n".join(tally.failures))
    print(tally.table())

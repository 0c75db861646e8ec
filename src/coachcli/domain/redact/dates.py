"""Birth dates (SPEC §10): dates in any common form, only where a birth word marks them.

`geboren 12-03-1980`, `DOB 12/03/80`, `geb. 12 mrt 1980`, `born March 3, 1980`, `the 3rd of
March 1980`, `1980/03/12`, `12-03-1980 (geboortedatum)`. Each candidate must be a real date
(day, month and year, 1900-2099). A birth word owns the first date after it, within five
words (unless a comma parts them beyond the first two), and the dates joined to that one
by "en", "and", "of", "or" or a comma; a birth word with no such date owns a date at most
two words before it. Always in the same sentence, with no other date word (behandeld,
treated, vanaf, ...) between. So "geboren 12-03-1980, is op 14-03-2026 geopereerd" keeps
the treatment date, and so does "geboren in Delft, op 12-03-2026 verhuisd".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date

from coachcli.domain.redact.cues import WINDOW, Lexicon, Marks, same_sentence, words_between

Span = tuple[int, int]
_YEAR = r"('?\d{2}(?:\d{2})?)"
_END = r"(?!\w|[:.,/\-]\d)"
# What may not stand right before a date: checked after a match, so that each pattern
# starts with a digit and the scan can skip to the next digit.
NOT_BEFORE = frozenset("/.,-_")
# Dates that a birth date owns with it: "12-03-1980 en 14-05-1982", "12-03-1980 (ipv
# 13-03-1980)", "12-03-1980, not 13-03-1980".
JOINED = re.compile(
    r"\s*\(?\s*(?:,|&|/|en|and|of|or|en/of|and/or|ipv|i\.p\.v\.|in plaats van|instead of"
    r"|niet|not)?\s*",
    re.IGNORECASE,
)
STAR = re.compile(r"[(\[]?\*\s?$")  # "(*12-03-1980)": the genealogist's sign for born
CLOSE = 2  # words: "12-03-1980 (geboortedatum)", "12-03-1980 is haar geboortedatum"


class BirthDates:
    """Finds birth dates with the month names of every language."""

    def __init__(self, months: Sequence[Sequence[str]], ordinals: Sequence[str]) -> None:
        self.months: dict[str, int] = {}
        for number, names in enumerate(months, 1):
            for name in names:
                self.months.setdefault(name.strip().casefold().rstrip("."), number)
        names = "|".join(re.escape(n) for n in sorted(self.months, key=len, reverse=True))
        suffix = "|".join(re.escape(o.rstrip(".")) for o in sorted(ordinals, key=len)[::-1])
        month = rf"(?P<month>{names})\.?" if names else r"(?P<month>(?!))"
        ordinal = rf"(?:{suffix})?\.?" if suffix else r"\.?"
        sep = r"[ \u00a0,./\-]{0,3}"
        self.month_names = tuple(self.months)
        self.patterns = [
            # 12-03-1980, 12/03/80, 12.03.1980, 12 - 03 - 1980, 12 03 1980 (also US style)
            re.compile(
                rf"(?P<a>\d{{1,2}}) ?(?P<s>[-/.]|(?<! ) ) ?(?P<b>\d{{1,2}}) ?(?P=s) ?{_YEAR}{_END}"
            ),
            # 1980-03-12, 1980/03/12, 1980.03.12, 1980-03-12T00:00
            re.compile(
                rf"(?P<y>\d{{4}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})"
                rf"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?|{_END})"  # with its time: 1980-03-12T00:00
            ),
            # 12031980 or 19800312
            re.compile(rf"(?P<c>\d{{8}}){_END}"),
            # 12 maart 1980, 12 mrt '80, 3rd of March 1980, 12-mrt-1980
            re.compile(
                rf"(?P<day>\d{{1,2}}){ordinal}{sep}(?:(?:of|van)\s+)?(?:the\s+)?"
                rf"{month}{sep}{_YEAR}{_END}",
                re.IGNORECASE,
            ),
            # March 3, 1980; Mar. 3rd 1980
            re.compile(
                rf"{month}{sep}(?P<day>\d{{1,2}}){ordinal}{sep}{_YEAR}{_END}",
                re.IGNORECASE,
            ),
        ]

    def candidates(self, text: str) -> list[Span]:
        """Every real date in the text, in order, without overlaps."""
        found: list[Span] = []
        patterns = self.patterns[:3]  # the numeric ones; the others need a month's name
        lowered = text.lower()
        if any(name in lowered for name in self.month_names):
            patterns = self.patterns
        for pattern in patterns:
            found += [m.span() for m in pattern.finditer(text) if self._starts(m) and self._real(m)]
        found.sort(key=lambda span: (span[0], -span[1]))
        kept: list[Span] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept

    def find(self, text: str, birth: Marks, other: Lexicon) -> list[Span]:
        if not birth and "*" not in text:
            return []
        dates = self.candidates(text)
        starts = [start for start, _ in dates]
        ends = [end for _, end in dates]
        chosen = {k for k, (at, _) in enumerate(dates) if STAR.search(text, max(0, at - 3), at)}
        for cue_start, cue_end in birth.spans:
            after = bisect_left(starts, cue_end)
            if after < len(dates) and _owned(text, cue_end, dates[after][0], other, WINDOW):
                chosen.add(after)
                while after + 1 < len(dates) and JOINED.fullmatch(
                    text, dates[after][1], dates[after + 1][0]
                ):
                    after += 1
                    chosen.add(after)
                continue
            before = bisect_right(ends, cue_start) - 1
            if before >= 0 and _owned(text, dates[before][1], cue_start, other, CLOSE):
                chosen.add(before)
        return [dates[k] for k in sorted(chosen)]

    @staticmethod
    def _starts(match: re.Match[str]) -> bool:
        """Not the tail of a longer number, word or time ("112-03-1980", "v12-03-1980")."""
        text, start = match.string, match.start()
        before = text[start - 1] if start else " "
        if before == ":":  # "DOB:12-03-1980", but not the minutes of "10:12-03"
            return not (start > 1 and text[start - 2].isdigit())
        return not (before.isalnum() or before in NOT_BEFORE)

    def _real(self, match: re.Match[str]) -> bool:
        groups = match.groupdict()
        if groups.get("c"):
            digits = groups["c"]
            return _real(digits[4:], digits[2:4], digits[:2]) or _real(
                digits[:4], digits[4:6], digits[6:]
            )
        if groups.get("y"):
            return _real(groups["y"], groups["m"], groups["d"])
        year = match.group(match.re.groups)  # the year is always the last group
        if groups.get("month"):
            month = self.months.get(groups["month"].casefold().rstrip("."))
            return month is not None and _real(year, str(month), groups["day"])
        return _real(year, groups["b"], groups["a"]) or _real(year, groups["a"], groups["b"])


def _owned(text: str, start: int, end: int, other: Lexicon, window: int) -> bool:
    """A birth word and a date between `start` and `end` belong together: close, in one
    clause, and no other date word between them ("geboren ..., behandeld 14-03-2026")."""
    words = words_between(text, start, end)
    if words > window or not same_sentence(text, start, end):
        return False
    if words > CLOSE and "," in text[start:end]:
        return False  # "geboren in Delft, op 12-03-2026 verhuisd"
    return not other.anywhere(text, start, end)


def _real(year: str, month: str, day: str) -> bool:
    """A date that exists, in 1900-2099; a two-digit year may be either century."""
    digits = year.lstrip("'")
    years = [int(digits)] if len(digits) == 4 else [1900 + int(digits), 2000 + int(digits)]
    for whole in years:
        if not 1900 <= whole <= 2099:
            continue
        try:
            date(whole, int(month), int(day))
        except ValueError:
            continue
        return True
    return False

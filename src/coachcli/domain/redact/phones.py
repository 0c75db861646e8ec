"""Phone numbers (SPEC §10): a scan proposes runs of digits, `phonenumbers` decides.

Google's libphonenumber (the `phonenumbers` package) knows which numbers each country
hands out, so it, not a hand-made pattern, says whether a candidate is a phone number:

- a number valid for its region counts everywhere: Dutch numbers written nationally
  (`010 - 123 45 67`, `(030) 1234567`), a neighbour's (Belgian, German, British) when no
  Dutch reading fits, and any country's after `+` or `00`;
- a number that is merely possible counts after `+` or `00`, or after a phone word
  (`tel`, `bel`, `call`, ...): `+1 555 123 4567` is not valid (555 numbers are not handed
  out) but it is somebody's phone in an agent's note;
- a policy, claim, dossier, invoice or AGB word just before the number vetoes it, so
  `AGB-code 01012345` and `polis 0201234567` stay;
- a Dutch mobile number (06 and eight digits, or +31 6 ...) is always a phone, in any
  layout, even glued to a word (`06-12345678-thuis`), as SPEC §10 says: an invoice number
  that looks like one goes too, which is the safe side;
- a number after `#` is an id (`bestelling #0201234567`), and `000...` is a reference;
  a date inside a run, even with spaces (`06 12 2026`), is never part of a phone.

Why not `phonenumbers.PhoneNumberMatcher`: measured here, it costs about 100 µs per text
(a parse and a validity check cost 20-45 µs per candidate: 21-27 µs for a Dutch number,
37 µs for a British one, 43 µs for `+1 555 ...`; and most texts have no candidate), its
loose leniency takes AGB codes, policy numbers, dates and amounts, and its strict one
misses `+1 555 123 4567`. Candidates are cheap to propose: a run of at least nine digits
with separators (spaces, dots, slashes, hyphens, dashes, brackets) that starts with `+`,
`0` or `(`; the start of a run may also follow a phone word. A run that holds several
numbers (`06 12345678 / 020 1234567`) is split where a window of its digit groups makes a
number.

`phonenumbers` costs about 20 ms to import and loads each country's metadata on first use
(a few ms), so it is imported only when a text holds such a candidate.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection
from functools import lru_cache

# Spaces (also no-break and narrow no-break), dots, slashes, hyphens, dashes, the minus
# sign, and brackets: what agents put between the digits of a phone number.
_SEP = r"[ \u00a0\u202f.\-\u2010-\u2015\u2212/()]"
# A run: digits with at most four separator characters between them. Bounded, and the
# separator and digit classes are disjoint, so the scan is linear in the text's length.
RUN = re.compile(rf"\(?\+?\(?[0-9](?:{_SEP}{{0,4}}[0-9])*")
ENOUGH = re.compile(rf"[0-9](?:{_SEP}{{0,4}}[0-9]){{8}}")  # nine digits in a run: worth a look
GROUP = re.compile(r"[0-9]+")  # ASCII digits, as agents type them (and faster than \d)
RUN_CHARS = frozenset("0123456789+ \u00a0\u202f.-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/()")
# A date with a four-digit year inside a run is a date, never part of a phone number.
# Also with spaces ("behandeling 06 12 2026 11 uur"). Not right after a "+":
# "+31-6-2020-2020" is a mobile number, not the 31st of June 2020.
DATE = re.compile(
    r"(?<![\d+])(?:\d{1,2}([-./ ])\d{1,2}\1(?:19|20)\d\d"
    r"|(?:19|20)\d\d([-./])\d{1,2}\2\d{1,2})(?!\d)"
)
MOBILE = re.compile(r"06\d{8}|(?:\+|00)316\d{8}")
NEIGHBOURS = ("BE", "DE", "GB")  # countries whose numbers a Dutch insurer's customers have
# Parses per text before the scan stops asking phonenumbers and decides by shape alone: a
# text of 100 KB of digit groups stays fast, and still loses nothing that looks like a phone.
BUDGET = 300

# How sure a window is a phone number; the best window of a run wins.
NOT_A_PHONE, POSSIBLE, VALID_NEIGHBOUR, VALID, MOBILE_NUMBER = range(5)

Cue = Callable[[int], bool]  # is there a phone word (or a veto) just before this position?


def find(
    text: str, phone_word_before: Cue, veto_before: Cue, tails: Collection[str] = ()
) -> list[tuple[int, int]]:
    """The spans of the phone numbers in `text`, in order. Only runs that hold nine digits
    are looked at: most texts have none, and their short numbers cost nothing."""
    found: list[tuple[int, int]] = []
    budget = [BUDGET]
    done = 0
    for enough in ENOUGH.finditer(text):
        if enough.start() < done:
            continue
        start = enough.start()
        while start > done and text[start - 1] in RUN_CHARS:  # back to the run's start
            start -= 1
        run = RUN.search(text, start)
        if run is None:  # pragma: no cover - ENOUGH's match lies inside a run
            break
        offset = run.start()
        groups = [(offset + g.start(), offset + g.end()) for g in GROUP.finditer(run[0])]
        run_ = _Run(text, offset, groups, phone_word_before, veto_before, budget, tails)
        found += run_.phones()
        done = run.end()
    return found


class _Run:
    """One run of digit groups, split into the phone numbers it holds."""

    def __init__(
        self,
        text: str,
        start: int,
        groups: list[tuple[int, int]],
        phone_word_before: Cue,
        veto_before: Cue,
        budget: list[int],
        tails: Collection[str],
    ) -> None:
        self.text, self.start, self.groups, self.tails = text, start, groups, tails
        self.phone_word_before, self.veto_before, self.budget = (
            phone_word_before,
            veto_before,
            budget,
        )
        # How many digits, and how many groups inside a date, come before each group: a
        # window's digit count and whether it touches a date are then two subtractions.
        self.digits, self.in_dates = [0], [0]
        dates = [d.span() for d in DATE.finditer(text, start, groups[-1][1])]
        k = 0
        for a, b in groups:
            self.digits.append(self.digits[-1] + b - a)
            while k < len(dates) and dates[k][1] < b:
                k += 1
            dated = k < len(dates) and dates[k][0] <= a
            self.in_dates.append(self.in_dates[-1] + dated)

    def phones(self) -> list[tuple[int, int]]:
        found = []
        i, groups = 0, self.groups
        while i < len(groups):
            hit = self._longest_from(i)
            if hit is None:
                i += 1
                continue
            found.append(hit)
            while i < len(groups) and groups[i][0] < hit[1]:
                i += 1
        return found

    def _longest_from(self, i: int) -> tuple[int, int] | None:
        """The best window that starts at group `i`: a Dutch mobile, then a number valid
        in the Netherlands, then one valid in a neighbouring country, then a merely
        possible one; the longest of equals. So `06 12345678 06 ...` ends after the first
        mobile, though `061234567806` would be a valid German number."""
        text, groups = self.text, self.groups
        kind = _kind(text, groups, i, self.start)
        if kind is None:
            return None
        start = self.start if i == 0 else groups[i][0]
        if i and text[start - 1] == "(":  # "(06) 12345678" after another number
            start -= 1
        best, best_grade = None, NOT_A_PHONE
        # At most 17 digits (00 and fifteen), at least nine.
        last = bisect_right(self.digits, self.digits[i] + 17) - 2
        for j in range(last, i - 1, -1):
            if self.digits[j + 1] - self.digits[i] < 9:
                break
            if self.in_dates[j + 1] - self.in_dates[i] or not _ends_well(text, groups, j):
                continue
            digits = "".join(text[a:b] for a, b in groups[i : j + 1])
            end = groups[j][1]
            grade = self._grade(start, end, kind, digits)
            if grade > best_grade:
                # "(06-12345678)" keeps its brackets: "([PHONE])", not "[PHONE])".
                opened = text[start] == "(" and ")" not in text[start:end]
                best, best_grade = (start + opened, end), grade
            if grade == MOBILE_NUMBER:
                break
        return best

    def _grade(self, start: int, end: int, kind: str, digits: str) -> int:
        national = digits[2:] if kind == "intl" and digits.startswith("00") else digits
        if (kind == "intl" and MOBILE.fullmatch("+" + national)) or (
            kind == "national" and MOBILE.fullmatch(digits)
        ):
            return MOBILE_NUMBER  # always a phone (SPEC §10), whatever stands around it
        if not self._may_be(start, end, kind, len(national)) or self.veto_before(start):
            return NOT_A_PHONE
        if self.budget[0] <= 0:  # a pathological text: decide by shape alone
            return POSSIBLE
        self.budget[0] -= 1
        grade = _judge(self.text[start:end], kind)
        if grade == POSSIBLE and kind == "national" and not self.phone_word_before(start):
            return NOT_A_PHONE
        return grade

    def _may_be(self, start: int, end: int, kind: str, digits: int) -> bool:
        """The shape of a phone number: not glued to a word or code, and as many digits
        as a number of its kind has (a bare one only after a phone word)."""
        if _glued(self.text, start, end, self.tails):
            return False
        if kind == "bare":
            return digits in range(9, 12) and self.phone_word_before(start)
        return digits in (range(9, 13) if kind == "national" else range(8, 16))


def _kind(text: str, groups: list[tuple[int, int]], i: int, run_start: int) -> str | None:
    """How a window starting at group `i` is written: `intl` (+ or 00), `national` (0),
    `bare` (any other digit, only at the start of a run), or None when no number can start
    there (inside a token such as `2024-001234`)."""
    first = groups[i][0]
    if i == 0:
        if "+" in text[run_start:first]:
            return "intl"
    else:
        between = text[groups[i - 1][1] : first]
        if "/" not in between and not any(c.isspace() for c in between):
            return None
    if text.startswith("000", first):
        return None  # no country code starts with 0: a reference ("0000 1234 5678 9012")
    if text.startswith("00", first):
        return "intl"
    if text[first] == "0":
        return "national"
    return "bare" if i == 0 else None


def _ends_well(text: str, groups: list[tuple[int, int]], j: int) -> bool:
    """A window ends at the end of the run, or where white space or a slash parts it from
    the next group (never inside a token such as `010-1234567-01`)."""
    if j == len(groups) - 1:
        return True
    between = text[groups[j][1] : groups[j + 1][0]]
    return "/" in between or any(c.isspace() for c in between)


def _glued(text: str, start: int, end: int, tails: Collection[str]) -> bool:
    """Part of a longer word or code: `POL-0201234567`, `0201234567abc`, `#0201234567`; but
    a word for where to call may follow (`020-7654321thuis`)."""
    if _glued_before(text, start):
        return True
    return end < len(text) and text[end].isalnum() and not _tail(text, end, tails)


def _glued_before(text: str, start: int) -> bool:
    before = text[start - 1] if start else " "
    if before.isalnum() or before == "#":
        return True
    return before in "-/_" and start > 1 and text[start - 2].isalnum()


WORD_AFTER = re.compile(r"[^\W\d_]+")


def _tail(text: str, end: int, tails: Collection[str]) -> bool:
    """A word glued to a phone number that says which number it is: `0201234567thuis`."""
    word = WORD_AFTER.match(text, end)
    return word is not None and word[0].casefold() in tails


@lru_cache(maxsize=4096)
def _judge(candidate: str, kind: str) -> int:
    """How sure phonenumbers is: valid in the Netherlands (or, for + and 00, in its own
    country), valid in a neighbouring country, merely possible, or not a phone."""
    import phonenumbers

    regions = ("NL", *NEIGHBOURS) if kind == "national" else ("NL",)
    grade = NOT_A_PHONE
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return VALID if region == "NL" else VALID_NEIGHBOUR
        if region == "NL" and phonenumbers.is_possible_number(number):
            grade = POSSIBLE
    return grade

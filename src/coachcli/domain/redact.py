"""Redaction (SPEC §10): customers' personal data out of every exported text.

Checksums come from python-stdnum, never hand-written: an IBAN is redacted only when it
passes the IBAN check, a BSN only when it passes the 11-check *and* stands within five
words of a context word such as "BSN". Dates are redacted only near a birth word, so that
"decided on 12-03-2026" survives. Amounts, case ids and ordinary words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WINDOW = 5  # words between a context word and what it marks

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Written in groups of four or in one run; the check digits decide (stdnum).
IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?"
    r"(?![A-Za-z0-9])"
)
PHONE = re.compile(
    r"(?<![\w+-])(?:"
    r"(?:\+|00)\d{2}[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){6,10}"  # +31 6 1234 5678, 0031 20 ...
    r"|\(?0[1-9]\d{0,2}\)?(?:[ -]?\d){6,8}"  # 06-12345678, 020 123 4567, (010) 1234567
    r")(?![\w]|-\w)"
)
POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
NINE_DIGITS = re.compile(r"(?<![\w.,-])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\w]|[.,-]\d)")
MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|januari|februari|maart|mei|juni|juli|"
    "augustus|okt|oktober"
)
DATE = re.compile(
    r"(?<![\w])(?:"
    r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\.?\s+\d{{4}}"
    r")(?![\w])",
    re.IGNORECASE,
)
WORD = re.compile(r"\w+(?:\.\w+)*\.?", re.UNICODE)
# Every built-in kind needs a digit or an @: a text with neither is left as it is, which
# makes redaction cheap for the many short texts of an export (rules, alternatives, ...).
SUSPECT = re.compile(r"[0-9@]")


@dataclass(frozen=True)
class Redactor:
    """Redacts one text at a time; built once per export from content and config."""

    bsn_words: Sequence[str] = ()
    birth_words: Sequence[str] = ()
    patterns: Sequence[str] = ()
    terms: Sequence[str] = ()
    _extra: list[re.Pattern[str]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        extra = [re.compile(p) for p in self.patterns]
        extra += [
            re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
            for term in self.terms
            if term.strip()
        ]
        self._extra.extend(extra)

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        for pattern in self._extra:  # the organisation's own words first, as given
            text = pattern.sub("[REDACTED]", text)
        if not SUSPECT.search(text):
            return text
        if "@" in text:
            text = EMAIL.sub("[EMAIL]", text)
        text = IBAN.sub(lambda m: "[IBAN]" if _valid_iban(m.group()) else m.group(), text)
        text = _near(text, NINE_DIGITS, self.bsn_words, "[BSN]", _valid_bsn)
        text = _near(text, DATE, self.birth_words, "[DOB]", lambda _: True)
        # A date such as 01-02-1980 looks like a phone number; it is not one.
        text = PHONE.sub(lambda m: m.group() if DATE.fullmatch(m.group()) else "[PHONE]", text)
        return POSTCODE.sub("[POSTCODE]", text)


def _valid_iban(candidate: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(candidate))


def _valid_bsn(candidate: str) -> bool:
    from stdnum.nl import bsn

    return bool(bsn.is_valid(re.sub(r"[ .]", "", candidate)))


def _near(
    text: str,
    pattern: re.Pattern[str],
    context: Iterable[str],
    label: str,
    valid: object,
) -> str:
    """Replace matches of `pattern` that pass `valid` and stand within WINDOW words of a
    context word (a word or phrase, matched case-insensitively)."""
    assert callable(valid)
    matches = [m for m in pattern.finditer(text) if valid(m.group())]
    if not matches:
        return text
    cues = [
        m.span()
        for phrase in context
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
    ]
    if not cues:
        return text
    starts = [m.start() for m in WORD.finditer(text)]

    def words_between(a: int, b: int) -> int:
        return sum(1 for s in starts if a <= s < b)

    out, last = [], 0
    for match in matches:
        start, end = match.span()
        close = any(
            (words_between(cue_end, start) if cue_end <= start else words_between(end, cue_start))
            <= WINDOW
            for cue_start, cue_end in cues
        )
        if close:
            out += [text[last:start], label]
            last = end
    return "".join(out) + text[last:]

"""Redaction (SPEC §10): customers' personal data out of every text that leaves a casebook.

One `Redactor` serves every export format, `coach train` and sync's review copies. It
replaces e-mail addresses, phone numbers, IBANs, BSNs, postcodes and birth dates with
`[EMAIL]`, `[PHONE]`, `[IBAN]`, `[BSN]`, `[POSTCODE]` and `[DOB]`, and the configured
patterns and terms with `[REDACTED]`, as agents really type them (`mail.py`, `phones.py`,
`numbers.py`, `dates.py`). Each kind is found loosely and then validated (python-stdnum's
checksums, phonenumbers, real dates, context words), so that amounts, policy and claim
numbers, AGB codes, treatment dates, times and case ids survive.

Speed: an export redacts about ten texts per case. `suspect` is a few C-speed checks that
clear most texts at once (no digit run, no @, no spelled-out "at"); only the rest go
through the kinds, each behind its own cheap check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coachcli.domain.redact import cues, dates, mail, numbers, phones
from coachcli.domain.redact.cues import Marks

LABELS = ("[EMAIL]", "[PHONE]", "[IBAN]", "[BSN]", "[POSTCODE]", "[DOB]", "[REDACTED]")
DIGIT = re.compile(r"\d")
AT_SIGNS = ("@", "\uff20")  # and the full-width one
# Four digits and two letters: the one shape a postcode needs.
POSTCODE_SHAPE = re.compile(r"\d{4}[ \u00a0]?[A-Za-z]{2}(?!\w)")
WORD_LISTS = (
    "bsn_words",
    "birth_words",
    "date_words",
    "phone_words",
    "not_phone_words",
    "mail_words",
    "at_words",
    "dot_words",
    "ordinals",
    "two_letter_words",
    "year_abbreviations",
    "first_name_words",
    "number_suffixes",
)


@dataclass(frozen=True)
class Words:
    """The content that redaction reads (content/redaction.*.toml), every language merged."""

    bsn_words: tuple[str, ...] = ()
    birth_words: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()
    phone_words: tuple[str, ...] = ()
    not_phone_words: tuple[str, ...] = ()
    mail_words: tuple[str, ...] = ()
    at_words: tuple[str, ...] = ()
    dot_words: tuple[str, ...] = ()
    ordinals: tuple[str, ...] = ()
    two_letter_words: tuple[str, ...] = ()
    year_abbreviations: tuple[str, ...] = ()
    first_name_words: tuple[str, ...] = ()
    number_suffixes: tuple[str, ...] = ()
    months: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def merged(cls, tables: Iterable[Mapping[str, Any]]) -> Words:
        """The words of several languages' tables together; months by their number."""
        lists: dict[str, list[str]] = {key: [] for key in WORD_LISTS}
        months: list[list[str]] = [[] for _ in range(12)]
        for table in tables:
            for key in WORD_LISTS:
                lists[key] += [str(word) for word in table.get(key, [])]
            for number, names in enumerate(table.get("months", [])[:12]):
                months[number] += [str(name) for name in names]
        unique = {key: tuple(dict.fromkeys(words)) for key, words in lists.items()}
        return cls(**unique, months=tuple(tuple(dict.fromkeys(m)) for m in months))


@dataclass(frozen=True)
class Redactor:
    """Redacts one text at a time; built once per export from content and config."""

    words: Words = field(default_factory=Words)
    patterns: Sequence[str] = ()
    terms: Sequence[str] = ()
    _parts: _Parts = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_parts", _Parts(self.words, self.patterns, self.terms))

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        parts = self._parts
        for pattern in parts.extra:  # the organisation's own words first, as given
            text = pattern.sub("[REDACTED]", text)
        if not self.suspect(text):
            return text
        return parts.redact(text)

    def suspect(self, text: str) -> bool:
        """Whether `text` may hold anything but the configured terms: False clears it."""
        if any(sign in text for sign in AT_SIGNS):
            return True
        parts = self._parts
        lowered = text.lower()
        if any(marker in lowered for marker in parts.at_markers):
            return True
        if DIGIT.search(text) is None:
            return False
        if phones.ENOUGH.search(text) or POSTCODE_SHAPE.search(text):
            return True
        return any(word in lowered for word in parts.birth_stems)

    def suspect_any(self, texts: Iterable[str | None]) -> bool:
        """Whether any of `texts` needs a look, configured terms included: one check for
        all the texts of a case, since most cases hold nothing to redact."""
        joined = "\n".join(text for text in texts if text)
        if any(pattern.search(joined) for pattern in self._parts.extra):
            return True
        return self.suspect(joined)


class _Parts:
    """The compiled patterns of one Redactor."""

    def __init__(self, words: Words, patterns: Sequence[str], terms: Sequence[str]) -> None:
        self.extra = [re.compile(p) for p in patterns]
        self.extra += [
            re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", re.IGNORECASE)
            for term in terms
            if term.strip()
        ]
        self.bsn = cues.phrases(words.bsn_words)
        self.birth = cues.phrases(words.birth_words)
        self.other_dates = cues.phrases(words.date_words)
        self.phone = cues.phrases(words.phone_words)
        # A veto word, or any word for a number other than a phone's: klantnummer, polisnr.
        suffixes = "|".join(re.escape(w.rstrip(".")) for w in words.number_suffixes if w)
        compounds = rf"(?<!\w)[^\W\d_]{{2,}}(?:{suffixes})(?!\w)\.?" if suffixes else None
        vetoes = cues.phrases(words.not_phone_words)
        joined = [p for p in (vetoes.pattern if vetoes else None, compounds) if p]
        self.veto = re.compile("|".join(joined), re.IGNORECASE) if joined else None
        # ... but a phone word or a BSN word that ends so is no veto (telefoonnummer).
        self.phone_word_set = frozenset(
            w.casefold().rstrip(".") for w in (*words.phone_words, *words.bsn_words)
        )
        self.mail_words = cues.phrases(words.mail_words)
        self.mail = mail.Mail(words.at_words, words.dot_words)
        self.dates = dates.BirthDates(words.months, words.ordinals)
        self.two_letter_words = frozenset(w.casefold() for w in words.two_letter_words)
        self.year_abbreviations = frozenset(w.upper() for w in words.year_abbreviations)
        # Cheap substring checks before any pattern runs (a superset of what they find).
        self.at_markers = (
            *(
                marker
                for word in words.at_words or ("at",)
                for marker in (f" {word.lower()} ", *(f"{b}{word.lower()}" for b in "[({<"))
            ),
            *(f"{b}@" for b in "[({<"),
        )
        self.birth_stems = tuple(
            {w.lower().split()[0].rstrip(".:") or w.lower() for w in words.birth_words}
        )

    def redact(self, text: str) -> str:
        lowered = text.lower()
        if any(sign in text for sign in AT_SIGNS) or any(m in lowered for m in self.at_markers):
            text = _replace(
                text, self.mail.find(text, self._before(self.mail_words, text)), "[EMAIL]"
            )
        if not DIGIT.search(text):
            return text
        if phones.ENOUGH.search(text):
            text = _replace(text, numbers.ibans(text), "[IBAN]")
        if any(word in lowered for word in self.birth_stems):
            marks = Marks(self.birth, text)
            if marks:
                found = self.dates.find(text, marks, Marks(self.other_dates, text))
                text = _replace(text, found, "[DOB]")
        if phones.ENOUGH.search(text):
            vetoes = Marks(self.veto, text, self.phone_word_set)
            phone_words = Marks(self.phone, text)
            bsn_words = Marks(self.bsn, text)
            if bsn_words:
                text = self._bsns(text, bsn_words, vetoes, phone_words)
                vetoes = Marks(self.veto, text, self.phone_word_set)
                phone_words = Marks(self.phone, text)
            found = phones.find(
                text,
                lambda at: phone_words.just_before(at) is not None,
                lambda at: _vetoed(vetoes, phone_words, at),
            )
            text = _replace(text, found, "[PHONE]")
        if POSTCODE_SHAPE.search(text):
            found = numbers.postcodes(text, self.two_letter_words, self.year_abbreviations)
            text = _replace(text, found, "[POSTCODE]")
        return text

    def _bsns(self, text: str, bsn_words: Marks, vetoes: Marks, phone_words: Marks) -> str:
        found = numbers.bsns(
            text,
            bsn_words.near,
            lambda at: _vetoed(vetoes, bsn_words, at),
        )
        return _replace(text, found, "[BSN]")

    def _before(self, pattern: re.Pattern[str] | None, text: str) -> Any:
        marks = Marks(pattern, text)
        return lambda at: marks.just_before(at) is not None


def _vetoed(vetoes: Marks, cues: Marks, at: int) -> bool:
    """A policy, claim or AGB word just before `at`, and no phone (or BSN) word after it:
    "polis 0201234567" stays, "dossier, bel 0201234567" and "dossier: BSN 111222333" go."""
    veto = vetoes.just_before(at)
    if veto is None:
        return False
    cue = cues.last_before(at)
    return cue is None or cue[1] <= veto[1]


def _replace(text: str, spans: list[tuple[int, int]], label: str) -> str:
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out += [text[last:start], label]
        last = end
    return "".join(out) + text[last:]

"""Redaction (SPEC §10): customers' personal data out of every text that leaves a casebook.

One `Redactor` serves every export format, `coach train` and sync's review copies. It
replaces e-mail addresses, phone numbers, IBANs, BSNs, postcodes and birth dates with
`[EMAIL]`, `[PHONE]`, `[IBAN]`, `[BSN]`, `[POSTCODE]` and `[DOB]`, and the configured
patterns and terms with `[REDACTED]`, as agents really type them (`mail.py`, `phones.py`,
`numbers.py`, `dates.py`). Each kind is found loosely and then validated (python-stdnum's
checksums, phonenumbers, real dates, context words), so that amounts, policy and claim
numbers, AGB codes, treatment dates, times and case ids survive.

Speed: an export redacts about fifteen texts per case. `suspect` is one scan and a few
C-speed checks that clear most texts at once (no @, no spelled-out "at", no digits that
could be personal); only the rest go through the kinds, each behind its own cheap check,
and short texts that repeat (rules, tags, teams) are redacted once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from coachcli.domain.redact import cues, dates, mail, numbers, phones
from coachcli.domain.redact.cues import Marks
from coachcli.domain.redact.fold import Folded, fold, needs_fold

T = TypeVar("T")

SHORT, REMEMBER = 200, 20_000  # characters; texts: what one Redactor remembers
# ASCII digits: a bitmap test per character, twice as fast as \d; agents type ASCII digits.
DIGIT = re.compile(r"[0-9]")
AT_SIGNS = ("@", "\uff20")  # and the full-width one
STARTS_A_NUMBER = re.compile(r"[\s/][0+(]")
LETTER_DIGIT = re.compile(r"[^\W\d_][#.:\-_]{0,2}[0-9]")  # what a glued context word needs
MARKS = re.compile("[0-9@\uff20\\[({<]")  # what any kind but a plain " at " needs
# Four digits and two letters: the one shape a postcode needs.
POSTCODE_SHAPE = re.compile(r"[0-9]{4}(?:[ \u00a0]{0,2}|-)[A-Za-z]{2}(?!\w)")
# Either of the two shapes that digits must have to be worth a closer look: nine digits in
# a run (a phone, a BSN, an IBAN's account) or a postcode, not the start of a longer word
# ("2024 IT-problemen"). One scan, from the first digit.
DIGIT_SHAPES = re.compile(
    r"[0-9](?:(?:[ \u00a0\u202f.\-\u2010-\u2015\u2212/()]{0,4}[0-9]){8}"
    r"|[0-9]{3}(?:[ \u00a0]{0,2}|-)[A-Za-z]{2}(?![0-9A-Za-z_\-]))"
)
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
    "units",
    "address_words",
    "iban_words",
    "phone_tails",
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
    units: tuple[str, ...] = ()
    address_words: tuple[str, ...] = ()
    iban_words: tuple[str, ...] = ()
    phone_tails: tuple[str, ...] = ()
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
        # Casebooks repeat short texts (rules, tags, teams, advice): each is redacted once.
        return _remembered(self._parts.seen, text, self._redact)

    def _redact(self, text: str) -> str:
        parts = self._parts
        for pattern in parts.extra:  # the organisation's own words first, as given
            text = pattern.sub("[REDACTED]", text)
        folded = parts.fold(text)  # hidden from a pattern, not from a reader (fold.py)
        if folded is not None:
            redacted = self._visible(folded.text)
            if redacted != folded.text:
                return folded.back(redacted, text, self._clean)
        return self._visible(text)

    def _visible(self, text: str) -> str:
        return self._parts.redact(text) if self.suspect(text) else text

    def _clean(self, text: str) -> bool:
        """Nothing left to redact in `text`, as typed or as a reader sees it."""
        folded = self._parts.fold(text)
        seen = text if folded is None else folded.text
        return self._visible(seen) == seen

    def suspect(self, text: str) -> bool:
        """Whether `text` may hold anything but the configured terms: False clears it.
        One scan for a digit, an @ or a bracket, and a few C-speed substring checks; most
        texts stop there (an export asks this about a million times)."""
        parts = self._parts
        mark = MARKS.search(text)
        if mark is None:  # no digit, no @, no bracket: only a plain " at " can matter
            return _any_in(parts.at_words, text.lower())
        if "@" in text or "\uff20" in text:
            return True
        lowered = text.lower()
        if parts.spelled_at(text, lowered):
            return True
        digit = DIGIT.search(text, mark.start())
        return digit is not None and parts.digits_suspect(text, lowered, digit.start())

    def suspect_any(self, texts: Iterable[str | None]) -> bool:
        """Whether any of `texts` needs a look, configured terms included: the texts of a
        case, most of which hold nothing to redact. One look at them all joined clears most
        cases at once; only a case that look flags is checked text by text (a phone word in
        one field says nothing about the digits of another). Both looks must flag it; the
        one text by text is taken first, as it costs less."""
        present = [text for text in texts if text]
        extra = self._parts.extra
        if extra and any(p.search(text) for p in extra for text in present):
            return True
        joined = "\n".join(present)
        if needs_fold(joined):
            return True
        # Each text first: most of a case's texts repeat (rule, team, tags, agent) and their
        # answers are remembered, where the joined text is new in every case.
        for text in present:
            if _remembered(self._parts.suspected, text, self.suspect):
                return self.suspect(joined)
        return False


class _Parts:
    """The compiled patterns of one Redactor."""

    def __init__(self, words: Words, patterns: Sequence[str], terms: Sequence[str]) -> None:
        self.extra = [re.compile(p) for p in patterns]
        self.extra += [
            re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", re.IGNORECASE)
            for term in terms
            if term.strip()
        ]
        self.bsn = cues.Lexicon(words.bsn_words)
        self.birth = cues.Lexicon(words.birth_words)
        self.other_dates = cues.Lexicon(words.date_words)
        self.phone = cues.Lexicon(words.phone_words)
        # A veto word, or any word for a number other than a phone's (klantnummer,
        # polisnr), but not a phone or BSN word that ends so (telefoonnummer).
        self.veto = cues.Lexicon(
            words.not_phone_words,
            suffixes=words.number_suffixes,
            unless=(*words.phone_words, *words.bsn_words),
        )
        self.mail_words = cues.Lexicon(words.mail_words)
        self.mail = mail.Mail(words.at_words, words.dot_words)
        self.dates = dates.BirthDates(words.months, words.ordinals)
        self.two_letter_words = frozenset(w.casefold() for w in words.two_letter_words)
        self.year_abbreviations = frozenset(w.upper() for w in words.year_abbreviations)
        self.units = frozenset(w.casefold() for w in words.units)
        self.phone_tails = frozenset(w.casefold() for w in words.phone_tails)
        self.address = cues.Lexicon(words.address_words)
        # Cheap substring checks before any pattern runs (a superset of what they find).
        self.at_words = tuple(f" {w.lower()} " for w in words.at_words or ("at",))
        ats = "|".join(re.escape(w) for w in words.at_words or ("at",))
        self.bracketed_at = re.compile(
            rf"[\[({{<]\s{{0,3}}(?:{ats}|@|a\s{{0,3}}[\])}}>])", re.IGNORECASE
        )
        self.seen: dict[str, str] = {}  # short texts and their redaction
        self.suspected: dict[str, bool] = {}  # short texts and whether `suspect` flags them
        # A context word typed against its number: "BSN725763863", "geb.12-03-1980".
        self.glued, self.glued_backwards = _glued_words(
            (*words.bsn_words, *words.birth_words, *words.phone_words, *words.iban_words)
        )
        self.birth_stems = cues.stems(words.birth_words)
        self.phone_stems = cues.stems(words.phone_words)
        self.veto_stems = cues.stems((*words.not_phone_words, *words.number_suffixes))
        self.bsn_stems = cues.stems(words.bsn_words)

    def fold(self, text: str) -> Folded | None:
        """`text` as a reader sees it, when that differs from what was typed (fold.py)."""
        if needs_fold(text):
            return fold(text, self.glued)
        if LETTER_DIGIT.search(text) and self.glued_backwards.search(text[::-1]):
            return fold(text, self.glued)
        return None

    def digits_suspect(self, text: str, lowered: str, first_digit: int) -> bool:
        """Whether the digits of `text` may be a birth date, a postcode, a phone, a BSN or
        an IBAN. Each run of digits is looked at once, so 100 KB of digits stays linear."""
        if _any_in(self.birth_stems, lowered) or "*" in lowered:  # "(*12-03-1980)"
            return True
        words = None  # a phone or BSN word anywhere: looked up only once digits may need it
        done = 0
        for shape in DIGIT_SHAPES.finditer(text, first_digit):
            if shape.start() < done:
                continue
            if shape[0][-1].isalpha():
                return True  # a postcode's shape
            if words is None:
                words = _any_in(self.phone_stems, lowered) or _any_in(self.bsn_stems, lowered)
            if words:
                return True  # nine digits near a phone or BSN word
            run = _run_at(text, shape.start(), done)
            if _may_start_a_number(text, run):
                return True
            done = run.end()
        return any(self.iban_start(text, m.start()) for m in numbers.CHECK_DIGITS.finditer(text))

    @staticmethod
    def iban_start(text: str, digits: int) -> bool:
        """Two letters standing alone right before two digits: an IBAN's country and check
        digits ("GB29 NWBK ...", "nl 91 abna ..."), not the end of a word ("claim 2026")."""
        end = digits - (text[digits - 1 : digits] in (" ", "\u00a0"))
        start = end - 2
        if start < 0 or not text[start:end].isalpha():
            return False
        return start == 0 or not text[start - 1].isalnum()

    def spelled_at(self, text: str, lowered: str) -> bool:
        """An @ spelled out: " at ", "[at]", "(@)", "apenstaartje" (a quick look)."""
        if _any_in(self.at_words, lowered):
            return True
        if "[" in text or "(" in text or "{" in text or "<" in text:
            return self.bracketed_at.search(text) is not None
        return False

    def redact(self, text: str) -> str:
        lowered = text.lower()
        if any(sign in text for sign in AT_SIGNS) or self.spelled_at(text, lowered):
            found = self.mail.find(
                text, lambda at: self.mail_words.words_before(text, at) is not None
            )
            text = _replace(text, found, "[EMAIL]")
        if not DIGIT.search(text):
            return text
        # Nine digits in a run: looked for again only after a replacement changed the text.
        enough = phones.ENOUGH.search(text) is not None
        if enough:
            replaced = _replace(text, numbers.ibans(text), "[IBAN]")
            if replaced is not text:
                text, enough = replaced, phones.ENOUGH.search(replaced) is not None
        if _any_in(self.birth_stems, lowered) or "*" in text:
            marks = Marks(self.birth.spans(text), text)
            if marks or "*" in text:
                found = self.dates.find(text, marks, self.other_dates)
                replaced = _replace(text, found, "[DOB]")
                if replaced is not text:
                    text, enough = replaced, phones.ENOUGH.search(replaced) is not None
        if enough and _any_in(self.bsn_stems, lowered):
            bsn_words = Marks(self.bsn.spans(text), text)
            if bsn_words:
                found = numbers.bsns(
                    text, bsn_words.near, lambda at: self._vetoed(text, at, self.bsn)
                )
                replaced = _replace(text, found, "[BSN]")
                if replaced is not text:
                    text, enough = replaced, phones.ENOUGH.search(replaced) is not None
        if enough:
            lowered = text.lower()  # a phone word or a veto is looked up only if one may be there
            has_phone_word = _any_in(self.phone_stems, lowered)
            has_veto = _any_in(self.veto_stems, lowered)
            found = phones.find(
                text,
                lambda at: has_phone_word and self.phone.words_before(text, at) is not None,
                lambda at: has_veto and self._vetoed(text, at, self.phone),
                self.phone_tails,
            )
            text = _replace(text, found, "[PHONE]")
        if POSTCODE_SHAPE.search(text):
            found = numbers.postcodes(
                text,
                self.two_letter_words,
                self.year_abbreviations,
                self.units,
                lambda at: self.address.words_before(text, at) is not None,
            )
            text = _replace(text, found, "[POSTCODE]")
        return text

    def _vetoed(self, text: str, at: int, overruled_by: cues.Lexicon) -> bool:
        """A policy, claim or AGB word just before `at`, and no phone (or BSN) word after
        it: "polis 0201234567" stays, "dossier, bel 0201234567" and "dossier: BSN
        111222333" go, and so does "BSNr 111222333" (a BSN word, though it ends in "nr"),
        and "claim ok, 020 7654321" (another clause)."""
        # A veto speaks of the number only within its own clause: "Claim ok, 020 7654321
        # terugbellen" is a phone. So the text before the last comma or semicolon is cut.
        clause = max(text.rfind(",", max(0, at - cues.LOOK_BACK), at), text.rfind(";", 0, at))
        if clause >= 0 and self.veto.words_before(text[clause + 1 :], at - clause - 1) is None:
            return False
        veto = self.veto.words_before(text, at)
        if veto is None:
            return False
        cue = overruled_by.words_before(text, at)
        # At the same distance it is one word that is both ("burgerservicenr" ends in "nr"):
        # the cue's own list knows it better than a suffix does.
        return cue is None or cue > veto


def _glued_words(words: Iterable[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A context word right before a number or an IBAN, with at most two marks between
    ("BSN#725763863", "rekNL91ABNA..."); a `word*` also with the letters that follow it.
    Also the same pattern for the text reversed, which finds whether there is one: a
    pattern that starts with a digit lets the scan skip to the next digit, where one that
    starts with dozens of words tries each of them at every character (16 µs a text)."""
    words_ = set()
    for typed in words:
        word = typed.strip().rstrip(".:").casefold()
        if word and " " not in word:
            words_.add(word)

    def alternatives(reverse: bool) -> str:
        spelled = set()
        for word in words_:
            stem = word[:-1].rstrip(".:") if word.endswith("*") else word
            stem = re.escape(stem[::-1] if reverse else stem)
            if word.endswith("*"):
                stem = rf"[^\W\d_]*{stem}" if reverse else rf"{stem}[^\W\d_]*"
            spelled.add(stem)
        return "|".join(sorted(spelled, key=len, reverse=True)) or "(?!)"

    forwards = re.compile(
        rf"(?<![^\W\d_])(?:{alternatives(False)})[#.:\-_]{{0,2}}(?=[0-9]|[A-Za-z]{{2}}[0-9]{{2}})",
        re.IGNORECASE,
    )
    # Backwards, a digit (or the end of an IBAN's "NL91"), then a mark or a word's last
    # letter: a cheap look ahead that spares most digits the try of every word.
    ends = {(w[:-1].rstrip(".:") if w.endswith("*") else w)[-1:] for w in words_}
    next_ = r"(?=[^\W\d]|[#.:\-])" if all(e.isalpha() or e in "_#.:-" for e in ends) else ""
    backwards = re.compile(
        rf"[0-9](?:[0-9][A-Za-z]{{2}})?{next_}[#.:\-_]{{0,2}}(?:{alternatives(True)})(?![^\W\d_])",
        re.IGNORECASE,
    )
    return forwards, backwards


def _run_at(text: str, position: int, done: int) -> re.Match[str]:
    """The run of digits and separators that holds `position` (none starts before `done`)."""
    start = position
    while start > done and text[start - 1] in phones.RUN_CHARS:
        start -= 1
    for run in phones.RUN.finditer(text, start):
        if run.end() > position:
            return run
    raise AssertionError("a position of nine digits lies in a run")  # pragma: no cover


def _may_start_a_number(text: str, run: re.Match[str]) -> bool:
    """Nine digits may be a phone or an IBAN's account: a number starts with 0, + or a
    bracket (at the run's start, or after a space or slash inside it), or the run is glued
    to letters (NL91..., BE71...). Not so a claim number such as "2026-000123"."""
    if run[0][0] in "0+(" or STARTS_A_NUMBER.search(run[0]):
        return True
    return run.start() > 0 and text[run.start() - 1].isalpha()


def _remembered(memo: dict[str, T], text: str, work: Callable[[str], T]) -> T:
    """`work(text)`, remembered for a short text; the memo is emptied when it is full, so
    memory stays flat however large the export."""
    done = memo.get(text)
    if done is not None:
        return done
    answer = work(text)
    if len(text) <= SHORT:
        if len(memo) >= REMEMBER:
            memo.clear()
        memo[text] = answer
    return answer


def _any_in(words: tuple[str, ...], text: str) -> bool:
    for word in words:  # noqa: SIM110 (a loop beats any() over a generator by half)
        if word in text:
            return True
    return False


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

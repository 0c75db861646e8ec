"""The message catalogue and the choice of language (SPEC §12).

Every text a user reads is named by a key such as `doctor.schema`, and lives in
`content/messages.en.toml` and `content/messages.nl.toml`. Keys are the dotted paths of
the TOML tables. A test fails when a key, or a `{placeholder}` in it, exists in only one
language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from coachcli import content
from coachcli.domain.vocab import AdviceCode
from coachcli.errors import CoachError, UsageError

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from coachcli.domain.case import Case
    from coachcli.domain.money import Ambiguous

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"


def choose_language(
    flag: str | None, environ: Mapping[str, str], configured: str | None = None
) -> str:
    """`--lang`, then `$COACH_LANG`, then config `language`, then `$LANG` starting with nl."""
    if flag:
        return flag
    wanted = environ.get("COACH_LANG", "").strip().lower()
    if wanted:
        for lang in LANGUAGES:
            if wanted.startswith(lang):
                return lang
        raise UsageError("error.bad_coach_lang", value=wanted)
    if configured:
        return configured
    return "nl" if environ.get("LANG", "").lower().startswith("nl") else DEFAULT_LANGUAGE


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Turn nested TOML tables into one dict of dotted keys."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = value
    return flat


# A command in a text, written as `coach ...`, that does not yet carry the user's flags.
SUGGESTED = re.compile(r"`coach (?!--)")


class Messages:
    """Look up and fill in user-facing texts in one language."""

    def __init__(
        self,
        lang: str,
        overrides: Mapping[str, str] | None = None,
        base: Path | None = None,
        coach: str = "coach",
    ) -> None:
        self.lang = lang
        self._table = flatten(content.load("messages", lang, overrides, base))
        # How the user runs coach now (`coach --lang nl`): every command a text suggests
        # is given that way (§12), so that it answers in the same language and casebook.
        coach = coach.strip()
        self._coach = None if coach == "coach" else f"`{coach} "

    def __call__(self, key: str, /, **values: Any) -> str:
        template = self._table.get(key)
        if template is None:  # a test guards against this; never crash over a missing text
            return key
        text = template.format(**{name: self._value(v) for name, v in values.items()})
        if self._coach is not None and "`coach " in text:
            text = SUGGESTED.sub(self._coach, text)
        return text

    def amount(self, value: Decimal | None, currency: str) -> str:
        """Money as this language writes it (`€ 1.450,00`, `€1,450.00`); `-` when unknown."""
        from coachcli.domain.money import written

        return "-" if value is None else written(value, self.lang, currency)

    def number(self, value: float, places: int | None = None) -> str:
        """A number as this language writes it: `26.6`, `26,6`; with `places` decimals,
        else as short as it goes (`2`, `0,2`)."""
        from coachcli.domain.money import DECIMAL

        shown = f"{value:g}" if places is None else f"{value:.{places}f}"
        return shown.replace(".", DECIMAL[self.lang])

    def count(self, value: int) -> str:
        """A whole number with its thousands grouped as this language does: `1,000,000`,
        `1.000.000`."""
        from coachcli.domain.money import GROUP

        return f"{value:,}".replace(",", GROUP[self.lang])

    def share(self, score: float) -> str:
        """A colour score (0 to 100) with its percent sign: `26.6%`, `26,6%`."""
        return f"{self.number(score, 1)}%"

    def listed(self, items: list[str]) -> str:
        """`loyalty and risk`, `loyaliteit, kosten en risico`: a list in a sentence."""
        if len(items) < 2:
            return "".join(items)
        return self("list.and", items=", ".join(items[:-1]), last=items[-1])

    def month(self, when: datetime) -> str:
        """`November 2026`, `november 2026`: a calendar month, as a budget names it."""
        return f"{self('when.month_names').split()[when.month - 1]} {when.year}"

    def error(self, error: CoachError) -> str:
        """The one-line text of an error, with any nested error rendered in place."""
        return self(error.key, **error.values)

    def _value(self, value: Any) -> Any:
        """A nested error as its text, an advice code in the reader's words, a moment in
        local time as the reader's language writes it, else as is."""
        from datetime import datetime

        if isinstance(value, CoachError):
            return self.error(value)
        if isinstance(value, AdviceCode):
            return self(f"advice_code.{value}")
        if isinstance(value, datetime) and value.tzinfo is not None:
            from coachcli.domain.case import iso

            return moment_with_year(iso(value), self)
        return value


def after_colon(text: str) -> str:
    """A sentence that follows a label and a colon, with a small first letter ("Let op:
    beloof ...", not "Let op: Beloof ..."): advice and colour texts are written as whole
    sentences, and stored advice keeps its capital. A first word in capitals (an acronym)
    or the English "I" is left as it is."""
    first = text.split(" ", 1)[0]
    if not first[:1].isupper() or first == "I" or (len(first) > 1 and first[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def clip(text: str, width: int = 40) -> str:
    """What someone typed, cut to a length an error line can repeat (a flag may hold
    10,000 digits); the message shows it with repr, so control characters stay visible."""
    return text if len(text) <= width else text[:width] + "…"


class Readings(TypedDict):
    first: str
    second: str
    first_typed: str
    second_typed: str


def readings(t: Messages, ambiguous: Ambiguous, currency: str) -> Readings:
    """The two readings of an ambiguous amount for a message: as money (`first`,
    `second`) and as the user would type each beyond doubt (`first_typed`, ...)."""
    from coachcli.domain.money import typed

    first, second = ambiguous.readings
    return {
        "first": t.amount(first, currency),
        "second": t.amount(second, currency),
        "first_typed": typed(first, t.lang),
        "second_typed": typed(second, t.lang),
    }


def percent(rate: float | None) -> str:
    """A share from 0 to 1 as a whole percentage, or `-` when there is nothing to share."""
    return "-" if rate is None else f"{rate:.0%}"


def costs(
    t: Messages, currency: str, rule_cost: Decimal | None, alternative_cost: Decimal | None
) -> str | None:
    """`€700.00 → €50.00` (`€ 700,00 → € 50,00` in Dutch): the rule's path beside the
    alternative, in the reader's language; None without costs."""
    if rule_cost is None and alternative_cost is None:
        return None
    return f"{t.amount(rule_cost, currency)} → {t.amount(alternative_cost, currency)}"


def moment(stamp: str, t: Messages) -> str:
    """A stored UTC time in the machine's local zone, as each language writes it (§12):
    `Thu 27 Nov 09:47`, `do 27 nov 09:47`. Names come from the catalogue, not the C
    locale, so a Dutch screen says `do` whatever the machine's locale is."""
    from coachcli.domain.case import parse_iso

    local = parse_iso(stamp).astimezone()
    return t(
        "when.moment",
        weekday=t("when.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("when.months").split()[local.month - 1],
        time=local.strftime("%H:%M"),
    )


def moment_with_year(stamp: str, t: Messages) -> str:
    """`Wed 25 Nov 2026 10:30`, `wo 25 nov 2026 10:30`: a moment on a page that is kept,
    and read in another year (an export's date), in local time."""
    from coachcli.domain.case import parse_iso

    local = parse_iso(stamp).astimezone()
    return t(
        "list.dated",
        weekday=t("when.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("when.months").split()[local.month - 1],
        year=local.year,
        time=local.strftime("%H:%M"),
    )


def countdown(stamp: str, now: datetime, t: Messages) -> str:
    """How long until a deadline, or how long past it: `in 45 min`, `in 5 h`, `in 2 days`,
    `overdue by 3 h` (§7), rounded to the nearest unit: a deadline set 48 h ahead a few
    seconds ago is still "in 2 days", not "in 47 h"."""
    from coachcli.domain.case import parse_iso

    seconds = (parse_iso(stamp) - now).total_seconds()
    prefix = "when.in" if seconds >= 0 else "when.over"
    minutes = max(1, _nearest(abs(seconds), 60))  # never "overdue by 0 min"
    if minutes < 60:
        return t(f"{prefix}_minutes", count=minutes)
    hours = _nearest(minutes, 60)
    if hours < 48:
        return t(f"{prefix}_hours", count=hours)
    return t(f"{prefix}_days", count=_nearest(hours, 24))


def _nearest(amount: float, unit: int) -> int:
    """`amount` in whole `unit`s, half up (so 47 h 30 min is 48 h)."""
    return int((amount + unit / 2) // unit)


# How a case reads in words: one source for `case show`, the handouts, and practice.


def answer_lines(case: Case, golden: Mapping[str, Any]) -> list[tuple[str, str, str | None]]:
    """(question, answer, note) for the four golden questions; `-` where unanswered."""
    from coachcli.domain.case import QUESTIONS

    lines = []
    for question in QUESTIONS:
        answer = case.answers.get(question)
        label = golden["answers"][question][answer]["label"] if answer else "-"
        lines.append((golden["questions"][question]["short"], label, case.notes.get(question)))
    return lines


def outcome_lines(
    case: Case, t: Messages, golden: Mapping[str, Any]
) -> list[tuple[str, str | None]]:
    """(message key of the label, value) for what was decided and what came of it."""
    return [
        ("case.col_verdict", t(f"verdict.{case.verdict}") if case.verdict else None),
        ("case.decision", golden["decisions"][case.decision] if case.decision else None),
        ("case.promise", case.promise),
        ("case.outcome", golden["outcomes"][case.outcome] if case.outcome else None),
        ("case.lessons", case.lessons),
        ("case.rule_changed", t("case.yes") if case.rule_changed else None),
        ("case.retained", t(f"followup.{case.retained}") if case.retained else None),
    ]

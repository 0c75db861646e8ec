"""Dates and deadlines as each language writes them, in local time (SPEC §7, §12).

Stored times are UTC; a reader sees their own clock: `Thu 27 Nov 09:47` in English,
`do 27 nov 09:47` in Dutch, with the year only when it is not this year. The names of
days and months come from the message catalogue, never from the machine's locale, which
may not have Dutch installed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from coachcli.domain.case import parse_iso

if TYPE_CHECKING:
    from coachcli.i18n import Messages

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def local(stamp: str) -> datetime:
    """A stored UTC time on this machine's clock (its zone, `$TZ`)."""
    return parse_iso(stamp).astimezone()


def short_date(stamp: str, now: datetime, t: Messages) -> str:
    """`21 Oct` (`21 okt`) this year, `21 Oct 2025` another year: a list's date."""
    moment = local(stamp)
    text = f"{moment.day} {t(f'month.{MONTHS[moment.month - 1]}')}"
    return text if _this_year(moment, now) else f"{text} {moment.year}"


def local_time(stamp: str, now: datetime, t: Messages) -> str:
    """`Thu 27 Nov 09:47` (`do 27 nov 09:47`), with the year when it is not this year."""
    moment = local(stamp)
    day = f"{t(f'weekday.{WEEKDAYS[moment.weekday()]}')} {moment.day}"
    day += f" {t(f'month.{MONTHS[moment.month - 1]}')}"
    if not _this_year(moment, now):
        day += f" {moment.year}"
    return f"{day} {moment:%H:%M}"


def countdown(deadline: str, now: datetime, t: Messages) -> str:
    """`due in 5 h`, `overdue by 2 days` (`nog 5 uur`, `2 dagen over tijd`)."""
    from coachcli.domain.deadline import countdown as left

    key, count = left(deadline, now)
    return t(key, count=count)


def _this_year(moment: datetime, now: datetime) -> bool:
    return moment.year == now.astimezone(moment.tzinfo).year

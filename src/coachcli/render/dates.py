"""Dates in lists and in `case show`, in local time (SPEC §7, §12).

The moment and the countdown themselves are `i18n.moment` and `i18n.countdown`, which the
call uses too; here a list's short date, and a moment that names its year when it is not
this year's (a case from March 2025 must not read as this March).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from coachcli.domain.case import parse_iso
from coachcli.i18n import moment, moment_with_year

if TYPE_CHECKING:
    from coachcli.i18n import Messages


def local(stamp: str) -> datetime:
    """A stored UTC time on this machine's clock (its zone, `$TZ`)."""
    return parse_iso(stamp).astimezone()


def short_date(stamp: str, now: datetime, t: Messages) -> str:
    """`21 Oct` (`21 okt`) this year, `21 Oct 2025` another year: a list's date."""
    day = local(stamp)
    text = f"{day.day} {t('when.months').split()[day.month - 1]}"
    return text if _this_year(day, now) else f"{text} {day.year}"


def whole_date(day: date, t: Messages) -> str:
    """`1 Nov 2026` (`1 nov 2026`): a day in a page's prose, where a year is never implied."""
    return f"{day.day} {t('when.months').split()[day.month - 1]} {day.year}"


def local_time(stamp: str, now: datetime, t: Messages) -> str:
    """`Thu 27 Nov 09:47` (`do 27 nov 09:47`), with the year when it is not this year."""
    if _this_year(local(stamp), now):
        return moment(stamp, t)
    return moment_with_year(stamp, t)


def _this_year(day: datetime, now: datetime) -> bool:
    return day.year == now.astimezone(day.tzinfo).year

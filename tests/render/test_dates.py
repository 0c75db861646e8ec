"""Dates as each language writes them, on the reader's clock (SPEC §12; tests run in
Europe/Amsterdam, which has summer time)."""

from __future__ import annotations

import pytest

from coachcli.i18n import Messages
from coachcli.render.dates import local_time, short_date
from tests.helpers import NOW


@pytest.mark.parametrize(
    ("stamp", "en", "nl"),
    [
        ("2026-11-25T09:30:00.000Z", "Wed 25 Nov 10:30", "wo 25 nov 10:30"),
        ("2026-07-01T12:00:00.000Z", "Wed 1 Jul 14:00", "wo 1 jul 14:00"),  # summer time
        # Still 2025 in UTC, already New Year's Day in Amsterdam: this year, no year shown.
        ("2025-12-31T23:30:00.000Z", "Thu 1 Jan 00:30", "do 1 jan 00:30"),
        ("2025-03-05T10:00:00.000Z", "Wed 5 Mar 2025 11:00", "wo 5 mrt 2025 11:00"),
    ],
)
def test_local_time(stamp: str, en: str, nl: str) -> None:
    assert local_time(stamp, NOW, Messages("en")) == en
    assert local_time(stamp, NOW, Messages("nl")) == nl


@pytest.mark.parametrize(
    ("stamp", "en", "nl"),
    [
        ("2026-05-03T22:30:00.000Z", "4 May", "4 mei"),  # after midnight in Amsterdam
        ("2026-10-21T14:10:00.000Z", "21 Oct", "21 okt"),
        ("2025-03-05T10:00:00.000Z", "5 Mar 2025", "5 mrt 2025"),
    ],
)
def test_short_date(stamp: str, en: str, nl: str) -> None:
    assert short_date(stamp, NOW, Messages("en")) == en
    assert short_date(stamp, NOW, Messages("nl")) == nl

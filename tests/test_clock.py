"""The one clock (SPEC §2): `$COACH_NOW` sets every now, in-process and in child processes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from coachcli import clock
from coachcli.errors import UsageError
from tests.conftest import Invoke
from tests.helpers import NOW


def test_coach_now_is_read_with_its_zone_and_kept_in_utc() -> None:
    moment = clock.now({"COACH_NOW": "2031-06-30T23:30:00+02:00"})
    assert moment == datetime(2031, 6, 30, 21, 30, tzinfo=UTC)
    assert moment.utcoffset() is not None and not moment.utcoffset()


@pytest.mark.parametrize("bad", ["tomorrow", "2026-11-25T09:30:00", "2026-13-01T00:00Z"])
def test_a_coach_now_that_names_no_moment_is_refused(bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        clock.now({"COACH_NOW": bad})
    assert caught.value.key == "error.bad_now"


def test_a_bad_coach_now_is_one_line_and_a_usage_error(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "next tuesday")
    result = coach("budget", "--json")
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: $COACH_NOW must be an ISO time with a zone, such as 2026-11-25T09:30:00+01:00.\n"
    )


def test_commands_stamp_the_clocks_now(coach: Invoke) -> None:
    result = coach("case", "new", "--no-input", "--situation", "Taxi home after chemo",
                   "--rule", "Only ambulance transport is covered", "--alternative", "Pay a taxi",
                   "--cost", "same", "--loyalty", "yes", "--human", "yes", "--risk", "none",
                   "--decision", "escalated", "--deadline", "2d", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    case = json.loads(result.stdout)
    assert case["created_at"] == "2026-11-25T09:30:00.000Z"
    assert case["deadline"] == "2026-11-27T09:30:00.000Z"


def test_a_child_process_shares_the_tests_clock() -> None:
    """pexpect and subprocess children inherit $COACH_NOW from the autouse fixture."""
    result = subprocess.run(
        [sys.executable, "-m", "coachcli", "budget", "--json", "--agent", "Bram"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout)["period"] == NOW.strftime("%Y-%m") == "2026-11"

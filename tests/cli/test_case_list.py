"""`coach case list` with the filters of SPEC §7 that need nothing from later issues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.domain.case import Case
from tests.conftest import Invoke
from tests.helpers import ahead, casebook_with, date, day, make_case


@pytest.fixture
def cases(isolated: Path) -> dict[str, Case]:
    named = {
        "wig": make_case(
            created_at=day(-24, "08:00:00"), agent="Sanne", verdict="go", status="decided"
        ),
        "glasses": make_case(
            created_at=day(-15, "23:59:59"),
            agent="Bram",
            team="Schade",
            rule="Glasses only via the contracted optician",
            verdict="discuss",
            deadline=day(-13),  # long past: overdue
        ),
        "dentist": make_case(
            created_at=day(-14, "00:00:00"),
            agent="sanne",
            rule="100% refund only with a referral",
            verdict="stop",
            deadline=ahead(hours=5),
        ),
        "closed": make_case(created_at=day(-55), status="closed"),
    }
    casebook_with(isolated / "casebooks" / "cb.db", *named.values())
    (isolated / "coach.toml").write_text("")
    # The workspace's default casebook name; point it at ours.
    (isolated / "casebooks" / "cb.db").rename(isolated / "casebooks" / "casebook.db")
    return named


def listed(coach: Invoke, *args: str) -> list[str]:
    result = coach("case", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [case["id"] for case in json.loads(result.stdout)]


def ids(cases: dict[str, Case], *names: str) -> list[str]:
    return [cases[name].id for name in names]


def test_newest_first(coach: Invoke, cases: dict[str, Case]) -> None:
    assert listed(coach) == ids(cases, "dentist", "glasses", "wig", "closed")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--status", "open"], ["dentist", "glasses"]),
        (["--agent", "Sanne"], ["dentist", "wig"]),  # names match case-insensitively
        (["--team", "schade"], ["glasses"]),
        # The same rule (SPEC §7): in any letter case and spacing, and only the whole rule;
        # with a trailing *, the rules that start so. % and _ are text, not wildcards.
        (["--rule", "100%  REFUND only with a  Referral "], ["dentist"]),
        (["--rule", "referral"], []),
        (["--rule", "100% refund"], []),
        (["--rule", "100%*"], ["dentist"]),
        (["--rule", "1_0*"], []),
        (["--rule", "GLASSES ONLY *"], ["glasses"]),
        (["--rule", "glasses only via*"], ["glasses"]),
        (["--rule", "glass *"], []),  # "glass " is no start of "glasses only"
        (["--rule", "glass*"], ["glasses"]),
        (["--verdict", "discuss"], ["glasses"]),
        (["--since", date(-15)], ["dentist", "glasses"]),
        (["--until", date(-15)], ["glasses", "wig", "closed"]),  # the whole day counts
        (["--since", date(-23), "--until", date(-15)], ["glasses"]),
        (["--overdue"], ["glasses"]),
        (["--limit", "2"], ["dentist", "glasses"]),
        (["--limit", "0"], ["dentist", "glasses", "wig", "closed"]),
        (["--status", "open", "--agent", "bram"], ["glasses"]),
    ],
)
def test_filters(
    coach: Invoke, cases: dict[str, Case], args: list[str], expected: list[str]
) -> None:
    assert listed(coach, *args) == ids(cases, *expected)


def test_the_json_is_the_case_object_of_the_spec(coach: Invoke, cases: dict[str, Case]) -> None:
    result = coach("case", "list", "--json", "--status", "decided")
    (case,) = json.loads(result.stdout)
    assert list(case) == [
        "id", "created_at", "updated_at", "decided_at", "closed_at", "agent", "team", "colour",
        "situation", "rule", "alternative", "customer", "rule_cost", "alternative_cost",
        "currency", "other_department", "precedent", "answers", "notes", "verdict", "rung",
        "rung_inferred", "rung_reason", "advice", "against_advice", "status", "decision",
        "promise", "deadline", "outcome",
        "lessons", "rule_changed", "retained", "followed_up_at", "review_copy", "tags",
        "comments",
    ]  # fmt: skip
    assert case["answers"] == {"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"}
    assert case["rule_cost"] == 700.0


def test_the_table_marks_overdue_cases(coach: Invoke, cases: dict[str, Case]) -> None:
    result = coach("case", "list")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "overdue" in lines[cases["glasses"].short_id]
    assert "overdue" not in lines[cases["dentist"].short_id]  # deadline still ahead
    dutch = coach("--lang", "nl", "case", "list", "--overdue")
    assert "over tijd" in dutch.stdout


def test_no_casebook_yet_is_an_empty_list_not_an_error(coach: Invoke, isolated: Path) -> None:
    result = coach("case", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "No cases yet.\n"
    assert coach("case", "list", "--json").stdout == "[]\n"
    assert not any(isolated.parent.rglob("*.db"))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--since", "01-11-2026"],
            "coach: --since takes a day as YYYY-MM-DD, not '01-11-2026'.\n",
        ),
        (
            ["--until", "2026-02-30"],
            "coach: --until takes a day as YYYY-MM-DD, not '2026-02-30'.\n",
        ),
        (["--status", "pending"], "coach: --status takes one of: open, decided, closed.\n"),
        (["--limit", "-1"], "coach: --limit takes a whole number of 0 or more.\n"),
        (["--colour", "blue"], "coach: `coach case list` has no option --colour; "
                               "`coach case list --help` lists them.\n"),
    ],
)  # fmt: skip
def test_bad_filter_values_are_usage_errors(coach: Invoke, args: list[str], said: str) -> None:
    result = coach("case", "list", *args)
    assert result.exit_code == 2
    assert result.stderr == said  # one line, no box
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["case", "list", "--status", "opne"],
         "coach: bij --status kies je uit: open, decided, closed.\n"),
        (["train", "--count", "abc"], "coach: --count verwacht een heel getal van 1 of meer.\n"),
        (["case", "show"], "coach: `coach --lang nl case show` heeft case_id nodig; "
                           "`coach --lang nl case show --help` zegt meer.\n"),
        (["case", "list", "--limit"], "coach: --limit heeft een waarde nodig; "
                                      "`coach --help` zegt welke.\n"),
        (["case", "list", "--bogus"], "coach: `coach --lang nl case list` kent de optie --bogus "
                                      "niet; `coach --lang nl case list --help` laat ze allemaal "
                                      "zien.\n"),
    ],
)  # fmt: skip
def test_a_wrong_flag_is_one_dutch_line_on_a_dutch_screen(
    coach: Invoke, args: list[str], said: str
) -> None:
    result = coach("--lang", "nl", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, said, "")


def test_a_corrupt_casebook_is_one_clear_line(coach: Invoke, isolated: Path) -> None:
    path = isolated / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    result = coach("--casebook", str(path), "case", "list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "damaged" in result.stderr

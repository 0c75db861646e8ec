"""Follow-up: did the customer stay? (SPEC §7 `case follow-up`, `case list --follow-up`, §11)

The tests' now is Wednesday 25 November 2026, 09:30 UTC: 10:30 in Amsterdam (winter time).
With `followup_weeks = 6`, a case is due when it was decided on Wednesday 14 October or
earlier, local time. Summer time ended on 25 October, so the last due moment is 23:59:59.999
on 14 October in summer time (UTC+2): 21:59:59.999 UTC. Decided at 22:00 UTC, it was
midnight of the 15th in Amsterdam: due only tomorrow.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from contextlib import closing
from pathlib import Path

import pytest

from coachcli.domain.case import Case
from tests.cli.test_case_list import ids, listed
from tests.conftest import Invoke, Terminal
from tests.helpers import NEW_CASE, NOW, casebook_with, make_case

LAST_DUE = "2026-10-14T21:59:59.999Z"
FIRST_NOT_DUE = "2026-10-14T22:00:00.000Z"


def decided(decision: str, decided_at: str, **fields: object) -> Case:
    given: dict[str, object] = {"status": "decided"} | fields
    return make_case(
        created_at=decided_at, updated_at=decided_at, decided_at=decided_at,
        decision=decision, **given,
    )  # fmt: skip


@pytest.fixture
def cases(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Case]:
    named = {
        # Sanne's, due: the older one first when walking through them.
        "glasses": decided("followed-rule", "2026-09-30T08:00:00.000Z", status="closed",
                           outcome="resolved", customer="REL-1001",
                           situation="Glasses broke on holiday",
                           rule="Only contracted opticians"),
        "wig": decided("set-aside", LAST_DUE, customer="REL-2002",
                       promise="We pay one wash of the wig"),
        # Not due: decided a moment too late, already asked, or no decision yet.
        "late": decided("set-aside", FIRST_NOT_DUE),
        "asked": decided("set-aside", "2026-09-01T10:00:00.000Z", retained="yes",
                         followed_up_at="2026-10-13T10:00:00.000Z"),
        "escalated": make_case(created_at="2026-09-02T10:00:00.000Z", status="open",
                               decision="escalated", deadline="2026-09-04T10:00:00.000Z"),
        # Bram's, due.
        "bram": decided("set-aside", "2026-10-01T12:00:00.000Z", agent="Bram Bakker"),
    }  # fmt: skip
    casebook_with(isolated / "casebooks" / "casebook.db", *named.values())
    (isolated / "coach.toml").write_text("[frame]\nfollowup_weeks = 6\n")
    monkeypatch.setenv("COACH_AGENT", "Sanne de Vries")
    return named


def stored(isolated: Path, case: Case) -> tuple[object, ...]:
    with closing(sqlite3.connect(isolated / "casebooks" / "casebook.db")) as conn:
        row = conn.execute(
            "SELECT retained, followed_up_at, updated_at, "
            "(SELECT group_concat(author || ': ' || text, ' | ') FROM comments "
            " WHERE case_id = cases.id) FROM cases WHERE id = ?",
            [case.id],
        ).fetchone()
    return tuple(row)


NOW_STORED = "2026-11-25T09:30:00.000Z"


def test_list_follow_up_shows_the_decided_cases_due_newest_first(
    coach: Invoke, cases: dict[str, Case]
) -> None:
    # Created when decided: wig (14 Oct) after bram (1 Oct) after glasses (30 Sep).
    assert listed(coach, "--follow-up") == ids(cases, "wig", "bram", "glasses")
    assert listed(coach, "--follow-up", "--agent", "sanne de vries") == ids(cases, "wig", "glasses")
    assert listed(coach, "--follow-up", "--status", "closed") == ids(cases, "glasses")


def test_followup_weeks_moves_the_day_a_case_is_due(
    coach: Invoke, cases: dict[str, Case], isolated: Path
) -> None:
    # One week: due when decided on or before Wednesday 18 November; "late" (15 Oct) is too.
    (isolated / "coach.toml").write_text("[frame]\nfollowup_weeks = 1\n")
    assert listed(coach, "--follow-up") == ids(cases, "late", "wig", "bram", "glasses")
    # Eight weeks: on or before 30 September: only glasses.
    (isolated / "coach.toml").write_text("[frame]\nfollowup_weeks = 8\n")
    assert listed(coach, "--follow-up") == ids(cases, "glasses")


def test_one_case_with_retained_asks_nothing_and_records_when(
    coach: Invoke, cases: dict[str, Case], isolated: Path
) -> None:
    result = coach("case", "follow-up", cases["wig"].id[:6], "--retained", "no",
                   "--note", "She moved to another insurer in November")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Case {cases['wig'].short_id}: the customer left." in result.stderr
    assert stored(isolated, cases["wig"]) == (
        "no", NOW_STORED, NOW_STORED, "Sanne de Vries: She moved to another insurer in November"
    )  # fmt: skip
    shown = json.loads(coach("case", "show", cases["wig"].short_id, "--json").stdout)
    assert (shown["retained"], shown["followed_up_at"]) == ("no", NOW_STORED)
    # It is no longer due; the others still are.
    assert listed(coach, "--follow-up") == ids(cases, "bram", "glasses")
    # Asked again, the new answer replaces the old one.
    again = coach("case", "follow-up", cases["wig"].short_id, "--retained", "unknown")
    assert again.exit_code == 0
    assert stored(isolated, cases["wig"])[0] == "unknown"
    # ... and says so: a correction, not a silent overwrite.
    assert f"Case {cases['wig'].short_id} had the answer “no, they left”; it is replaced." in (
        again.stderr
    )


def test_an_answer_given_meanwhile_elsewhere_is_not_overwritten(
    cases: dict[str, Case], isolated: Path
) -> None:
    """Two team leads walk the same follow-ups: the one who saves second is told, and the
    first answer stands (no lost update)."""
    import pytest

    from coachcli import store
    from coachcli.domain.followup import follow_up

    casebook = store.connect(isolated / "casebooks" / "casebook.db")
    assert casebook is not None
    read_by_both = store.find_case(casebook, cases["wig"].id)
    store.record_follow_up(casebook, follow_up(read_by_both, "yes", NOW), was=None)
    with pytest.raises(store.FollowedUpMeanwhile):
        store.record_follow_up(casebook, follow_up(read_by_both, "no", NOW), was=None)
    assert stored(isolated, cases["wig"])[0] == "yes"


def test_case_show_says_what_the_follow_up_found_in_both_languages(
    coach: Invoke, cases: dict[str, Case]
) -> None:
    short = cases["asked"].short_id
    assert "follow-up" in coach("case", "show", short).stdout
    assert "yes, they stayed" in coach("case", "show", short).stdout
    dutch = coach("--lang", "nl", "case", "show", short).stdout
    assert "nacontrole" in dutch and "ja, gebleven" in dutch


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--retained", "maybe"], "--retained"),  # click's words here, one line on main
        (["--retained", "yes"], "--retained is for one case: give its id, as in "
                                "`coach case follow-up ID --retained yes`."),
        (["--note", "hi"], "--note is for one case: give its id"),
        (["--agent", "Bram", "--all"], "give --agent or --all, not both."),
        (["WIG", "--all"], "--all chooses whose follow-ups to go through; with a case id"),
        (["--note", "x" * 100_001, "WIG"], "--note"),
        ([], "without a terminal coach cannot ask; give the case and the answer, as in "
             "`coach case follow-up ID --retained yes`."),
        (["WIG"], "without a terminal coach cannot ask; give the case and the answer, as in "
                  "`coach case follow-up WIGID --retained yes`."),
    ],
)  # fmt: skip
def test_bad_flags_are_usage_errors_that_change_nothing(
    coach: Invoke, cases: dict[str, Case], isolated: Path, args: list[str], message: str
) -> None:
    wig = cases["wig"]
    args = [wig.short_id if a == "WIG" else a for a in args]
    message = message.replace("WIGID", wig.short_id)
    result = coach("case", "follow-up", *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert stored(isolated, wig) == (None, None, wig.updated_at, None)


def test_a_case_without_a_decision_cannot_be_followed_up(
    coach: Invoke, cases: dict[str, Case], isolated: Path
) -> None:
    case = cases["escalated"]
    result = coach("case", "follow-up", case.short_id, "--retained", "yes")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coach: case {case.short_id} has no decision yet: a follow-up asks whether the "
        "customer stayed after one.\n"
    )
    dutch = coach("--lang", "nl", "case", "follow-up", case.short_id, "--retained", "yes")
    assert f"casus {case.short_id} heeft nog geen besluit" in dutch.stderr
    assert stored(isolated, case)[:2] == (None, None)


def test_walking_through_three_follow_ups_one_key_each(
    terminal: Terminal, cases: dict[str, Case], isolated: Path
) -> None:
    # Everyone's, longest waiting first: glasses (30 Sep), bram (1 Oct), wig (14 Oct).
    # glasses: y and a note; bram: n, Enter; wig: u, Enter.
    ran = terminal.run("case", "follow-up", "--all",
                       keys="y" + "Called back, all fine\r" + "n" + "\r" + "u" + "\r")  # fmt: skip
    assert ran.exit_code == 0, ran.output
    assert stored(isolated, cases["glasses"]) == (
        "yes", NOW_STORED, NOW_STORED, "Sanne de Vries: Called back, all fine"
    )  # fmt: skip
    assert stored(isolated, cases["bram"]) == ("no", NOW_STORED, NOW_STORED, None)
    assert stored(isolated, cases["wig"]) == ("unknown", NOW_STORED, NOW_STORED, None)
    # Each case is shown with what it takes to look the customer up.
    assert "Follow-up 1 of 3 · case " + cases["glasses"].short_id in ran.stderr
    assert "followed the rule" in ran.stderr and "REL-1001" in ran.stderr
    assert "agent: Bram Bakker" in ran.stderr  # everyone's: whose each case is
    assert "Follow-up 3 of 3" in ran.stderr and "We pay one wash of the wig" in ran.stderr
    assert ran.stderr.rstrip().endswith("3 follow-up(s) recorded.")
    assert ran.stdout == ""


def test_walking_in_dutch_uses_the_dutch_keys(
    terminal: Terminal, cases: dict[str, Case], isolated: Path
) -> None:
    # Sanne's own: glasses (j), wig (w for "weet niet").
    ran = terminal.run("--lang", "nl", "case", "follow-up", keys="j\r" + "w\r")
    assert ran.exit_code == 0, ran.output
    assert stored(isolated, cases["glasses"])[0] == "yes"
    assert stored(isolated, cases["wig"])[0] == "unknown"
    assert stored(isolated, cases["bram"])[0] is None  # not hers
    assert "Nacontrole 1 van 2 · casus " + cases["glasses"].short_id in ran.stderr
    assert "regel gevolgd" in ran.stderr
    assert "medewerker:" not in ran.stderr  # her own: no need to say whose
    assert f"Casus {cases['glasses'].short_id}: de klant is gebleven." in ran.stderr
    assert "2 nacontrole(s) vastgelegd." in ran.stderr


def test_ctrl_c_keeps_the_answers_given_and_writes_nothing_of_the_case_on_screen(
    terminal: Terminal, cases: dict[str, Case], isolated: Path
) -> None:
    # glasses: y, Enter; bram: n, then Ctrl-C at its note: bram is not written at all.
    ran = terminal.run("case", "follow-up", "--all", keys="y\r" + "n" + "half a note\x03")
    assert ran.exit_code == 130
    assert stored(isolated, cases["glasses"])[0] == "yes"
    assert stored(isolated, cases["bram"]) == (None, None, cases["bram"].updated_at, None)
    assert stored(isolated, cases["wig"])[0] is None
    assert ran.stderr.rstrip().endswith(
        "Stopped: 1 follow-up(s) recorded, 2 still due. Carry on with `coach case follow-up --all`."
    )


def test_ctrl_d_at_the_first_question_writes_nothing(
    terminal: Terminal, cases: dict[str, Case], isolated: Path
) -> None:
    ran = terminal.run("--lang", "nl", "case", "follow-up", keys="")
    assert ran.exit_code == 130
    assert stored(isolated, cases["glasses"])[0] is None
    assert "Gestopt: 0 nacontrole(s) vastgelegd, 2 staan nog open." in ran.stderr


def test_nothing_due_is_said_as_such(coach: Invoke, cases: dict[str, Case]) -> None:
    result = coach("case", "follow-up", "--agent", "Joost Visser")
    assert (result.exit_code, result.stderr) == (0, "Joost Visser has no follow-ups due.\n")
    dutch = coach("--lang", "nl", "case", "follow-up", "--agent", "Joost Visser")
    assert dutch.stderr == "Joost Visser heeft geen nacontroles openstaan.\n"


def test_case_new_says_how_many_follow_ups_are_due(
    coach: Invoke, cases: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sanne's two due follow-ups: glasses and wig. She is who coach takes her to be.
    args = [a if a != "Sanne" else "Sanne de Vries" for a in NEW_CASE]
    result = coach(*args)
    assert result.exit_code == 0, result.output
    assert " ".join(result.stderr.split()).endswith(
        "saved. You have 2 follow-up(s) due: did those customers stay? Answer with "
        "`coach case follow-up`."
    )
    # Recorded for her by someone coach knows by another name: the command names her.
    monkeypatch.setenv("COACH_AGENT", "Bram Bakker")
    result = coach("--lang", "nl", *args)
    assert result.exit_code == 0, result.output
    assert " ".join(result.stderr.split()).endswith(
        "opgeslagen. Je hebt 2 nacontrole(s) openstaan: zijn die klanten gebleven? "
        "Vul het in met `coach --lang nl case follow-up --agent 'Sanne de Vries'`."
    )


def test_case_new_says_nothing_of_follow_ups_when_none_are_due(
    coach: Invoke, cases: dict[str, Case]
) -> None:
    result = coach(*NEW_CASE[:4], "Joost Visser", *NEW_CASE[5:])
    assert result.exit_code == 0, result.output
    assert "follow-up" not in result.stderr


def test_followup_weeks_is_set_and_checked_like_the_rest_of_the_frame(
    coach: Invoke, isolated: Path
) -> None:
    config = isolated / "coach.toml"
    config.write_text('team = "Zorg"\n')
    assert coach("team", "frame", "--json").exit_code == 0
    assert json.loads(coach("team", "frame", "--json").stdout)["followup_weeks"] == 6
    for bad in ("0", "53", "2.5", "six"):
        result = coach("team", "frame", "--set", f"followup_weeks={bad}")
        assert result.exit_code == 2, bad
        assert config.read_text() == 'team = "Zorg"\n'
    result = coach("team", "frame", "--set", "followup_weeks=0")
    assert "frame.followup_weeks must be a whole number from 1 to 52, not 0." in result.stderr
    assert coach("team", "frame", "--set", "followup_weeks=52").exit_code == 0
    assert tomllib.loads(config.read_text())["frame"] == {"followup_weeks": 52}

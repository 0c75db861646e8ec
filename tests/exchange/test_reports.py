"""`coach casebook stats` and `rules` (SPEC §11), checked against numbers worked out by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from coachcli.domain.case import Case, iso
from tests.conftest import Invoke
from tests.helpers import ago, casebook_with, make_case

WIG = "Policy pays for a new wig only"


@pytest.fixture
def casebook(isolated: Path) -> Path:
    cases = [
        # Wig rule: set aside 4 times (3 closed resolved, 1 closed unresolved) -> 75%: candidate.
        make_case(rule=WIG, decision="set-aside", status="closed", outcome="resolved",
                  rule_cost=D(700), alternative_cost=D(50), rung=1, verdict="go",
                  created_at="2026-11-01T08:00:00.000Z", decided_at="2026-11-01T10:00:00.000Z",
                  rule_changed=True),
        make_case(rule="  policy pays for a NEW wig only ", decision="set-aside", status="closed",
                  outcome="resolved", rule_cost=D(600), alternative_cost=D(100), rung=1,
                  verdict="go", created_at="2026-11-02T08:00:00.000Z",
                  decided_at="2026-11-02T12:00:00.000Z"),
        make_case(rule=WIG, decision="set-aside", status="closed", outcome="resolved",
                  rule_cost=None, alternative_cost=D(30), rung=2, verdict="go",
                  created_at="2026-11-03T08:00:00.000Z", decided_at="2026-11-03T09:00:00.000Z"),
        make_case(rule=WIG, decision="set-aside", status="closed", outcome="unresolved",
                  rule_cost=D(20), alternative_cost=D(60), rung=2, verdict="discuss",
                  created_at="2026-11-04T08:00:00.000Z", decided_at="2026-11-05T08:00:00.000Z"),
        # Glasses: set aside 3 times but only 1 of 2 closed resolved -> 50%: no candidate.
        *[make_case(rule="Contracted opticians only", decision="set-aside", status=status,
                    outcome=outcome, rule_cost=None, alternative_cost=None, rung=3,
                    verdict="discuss", created_at="2026-11-06T08:00:00.000Z",
                    decided_at="2026-11-06T20:00:00.000Z")
          for status, outcome in (("closed", "resolved"), ("closed", "legal"), ("decided", None))],
        make_case(rule="One hearing aid per five years", decision="followed-rule",
                  status="decided", verdict="stop", created_at="2026-11-07T08:00:00.000Z",
                  decided_at="2026-11-07T08:30:00.000Z", rule_cost=None, alternative_cost=None),
        make_case(rule="One hearing aid per five years", decision="escalated", status="open",
                  verdict="discuss", deadline="2020-01-01T00:00:00.000Z",
                  created_at="2026-11-08T08:00:00.000Z", rule_cost=None, alternative_cost=None),
    ]  # fmt: skip
    (isolated / "coach.toml").write_text("")
    return casebook_with(isolated / "casebooks" / "casebook.db", *cases)


def test_stats_by_hand(coach: Invoke, casebook: Path) -> None:
    result = coach("casebook", "stats", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["cases"] == 9
    assert figures["by_verdict"] == {"go": 3, "discuss": 5, "stop": 1}
    assert figures["by_decision"] == {"followed-rule": 1, "set-aside": 7, "escalated": 1}
    assert figures["by_outcome"] == {"resolved": 4, "unresolved": 1, "legal": 1, "withdrawn": 0}
    assert figures["resolution_rate"] == round(4 / 6, 3)
    # Set aside with both costs: 700-50 + 600-100 + max(0, 20-60) = 650 + 500 + 0.
    assert figures["cost_avoided"] == 1150.0
    # Goodwill: set aside at rung 2: 30 (rule cost unknown counts 0) + 40.
    assert figures["goodwill_spent"] == 70.0
    assert (figures["open"], figures["overdue"], figures["rules_changed"]) == (1, 1, 1)
    # Hours to decision: 2, 4, 1, 24, 12, 12, 12, 0.5 -> median of 8 = (4 + 12) / 2.
    assert figures["median_hours_to_decision"] == 8.0


def test_stats_filters(coach: Invoke, casebook: Path) -> None:
    figures = json.loads(coach("casebook", "stats", "--json", "--since", "2026-11-07").stdout)
    assert figures["cases"] == 2
    assert figures["resolution_rate"] is None  # nothing closed


def test_rules_ranking_and_candidates(coach: Invoke, casebook: Path) -> None:
    ranked = json.loads(coach("casebook", "rules", "--json").stdout)
    assert [r["rule"] for r in ranked] == [
        WIG, "Contracted opticians only", "One hearing aid per five years",
    ]  # fmt: skip
    wig, glasses, hearing = ranked
    assert (wig["cases"], wig["set_aside"], wig["resolved"], wig["candidate"]) == (4, 4, 3, True)
    assert wig["verdicts"] == {"go": 3, "discuss": 1, "stop": 0}
    assert (glasses["set_aside"], glasses["resolved"], glasses["candidate"]) == (3, 1, False)
    assert (hearing["followed"], hearing["escalated"], hearing["candidate"]) == (1, 1, False)
    text = " ".join(coach("casebook", "rules").stdout.split())
    assert "Consider changing the rule itself" in text and WIG in text


def test_a_rule_set_aside_with_exactly_70_percent_resolved_is_a_candidate(
    coach: Invoke, isolated: Path
) -> None:
    """Ten set-asides, all closed: 7 resolved and 3 not is 70%, which is at least 70%."""
    cases = [
        make_case(rule="Wig washing is not covered", decision="set-aside", status="closed",
                  outcome="resolved" if n < 7 else "unresolved", created_at=ago(days=20 - n),
                  decided_at=ago(days=19 - n), closed_at=ago(days=18 - n))
        for n in range(10)
    ]  # fmt: skip
    path = casebook_with(isolated / "seventy.db", *cases)
    result = coach("--casebook", str(path), "casebook", "rules", "--json")
    assert result.exit_code == 0, result.output
    (wig,) = json.loads(result.stdout)
    assert (wig["set_aside"], wig["resolved"], wig["candidate"]) == (10, 7, True)
    text = " ".join(coach("--casebook", str(path), "casebook", "rules").stdout.split())
    assert "Consider changing the rule itself" in text


# Three months, three rules, every kind of case: unclosed, overridden (a rung lowered below
# the inference), against the advice, escalated and still open. The figures below are
# worked out from this list by hand.
W = "Policy pays for a new wig only"
H = "Eén hoorapparaat per vijf jaar"
T = "Transport by ambulance only"


def quarter_cases() -> list[Case]:
    def on(month: int, day: int, hours: int = 2, **fields: Any) -> Case:
        """A case created that day at 08:00 UTC and, when decided, `hours` later."""
        created = datetime(2026, month, day, 8, tzinfo=UTC)
        decided = fields.get("decision") not in (None, "escalated")
        return make_case(created_at=iso(created), updated_at=iso(created),
                         decided_at=iso(created + timedelta(hours=hours)) if decided else None,
                         **fields)  # fmt: skip

    aside, followed = "set-aside", "followed-rule"
    return [
        # 1-4: W set aside 4 times; 1-3 closed and resolved, 4 decided (never closed).
        on(9, 1, rule=W, decision=aside, status="closed", outcome="resolved",
           rule_cost=D(700), alternative_cost=D(50), rung=1, rung_inferred=1),
        on(9, 2, rule="  policy pays for a NEW wig only ", decision=aside, status="closed",
           outcome="resolved", rule_cost=D(600), alternative_cost=D(100), rung=1,
           rung_inferred=2, rung_reason="Same as last week"),  # overridden: 2 → 1
        on(10, 5, rule=W, decision=aside, status="closed", outcome="resolved",
           rule_cost=D(20), alternative_cost=D(60), rung=2, rung_inferred=2,
           against_advice=True),
        on(10, 6, rule=W, decision=aside, status="decided", rule_cost=D(100),
           alternative_cost=D(400), rung=3, rung_inferred=3),
        # 5-7: W followed 3 times, all closed: 2 unresolved, 1 resolved (the rule changed).
        on(11, 2, 26, rule=W, decision=followed, status="closed", outcome="unresolved"),
        on(11, 3, 26, rule=W, decision=followed, status="closed", outcome="unresolved"),
        on(11, 4, 26, rule=W, decision=followed, status="closed", outcome="resolved",
           rule_changed=True),
        # 8-11: H, typed three ways; set aside 3 times, all closed: 2 resolved, 1 withdrawn;
        # then escalated, open, its deadline passed. 8 was decided 23 days later, in October.
        on(9, 8, 552, rule="EÉN  hoorapparaat per vijf jaar", decision=aside,
           status="closed", outcome="resolved"),
        on(10, 9, 26, rule=H, decision=aside, status="closed", outcome="withdrawn"),
        on(11, 10, 26, rule=H, decision=aside, status="closed", outcome="resolved"),
        on(11, 11, rule="eén hoorapparaat per vijf jaar ", decision="escalated",
           status="open", deadline="2026-11-12T08:00:00.000Z"),
        # 12-14: T followed once (closed, resolved), set aside once (decided, unclosed),
        # and once not decided yet (open, no decision).
        on(10, 12, 24, rule=T, decision=followed, status="closed", outcome="resolved"),
        on(11, 13, 48, rule=T, decision=aside, status="decided"),
        on(11, 14, rule=T, decision=None, status="open"),
    ]  # fmt: skip


@pytest.fixture
def quarter(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    return casebook_with(isolated / "casebooks" / "casebook.db", *quarter_cases())


def test_rules_judge_the_candidate_on_closed_set_aside_cases_only(
    coach: Invoke, quarter: Path
) -> None:
    result = coach("casebook", "rules", "--json")
    assert result.exit_code == 0, result.output
    wig, hearing, transport = json.loads(result.stdout)  # most set aside first: 4, 3, 1
    # W: 7 cases (1-7); set aside 4 (1-4), followed 3 (5-7); resolved 1, 2, 3, 7 = 4.
    # Set aside and closed: 1-3, all resolved: 3 of 3 = 100% -> a candidate. (Counting
    # every closed case, as before, gave 4 of 6 = 67%: "not a candidate", backwards.)
    # Followed and closed: 5-7, resolved only 7: 1 of 3.
    assert wig == {
        "rule": W, "cases": 7, "set_aside": 4, "followed": 3, "escalated": 0, "resolved": 4,
        "set_aside_closed": 3, "set_aside_resolved": 3, "followed_closed": 3,
        "followed_resolved": 1,
        "retention": {"set_aside": {"followed_up": 0, "stayed": 0, "rate": None},
                      "followed_rule": {"followed_up": 0, "stayed": 0, "rate": None}},
        "verdicts": {"go": 7, "discuss": 0, "stop": 0}, "candidate": True,
    }  # fmt: skip
    # H: typed "EÉN  …", "Eén …" twice and "eén … ": one rule by rule_key, shown as the
    # most frequent spelling. Set aside 3 (8-10), all closed, resolved 8 and 10: 2 of 3 =
    # 67% < 70% -> not a candidate; the withdrawn case is closed but not resolved.
    assert hearing["rule"] == H
    assert (hearing["cases"], hearing["set_aside"], hearing["escalated"]) == (4, 3, 1)
    assert (hearing["set_aside_closed"], hearing["set_aside_resolved"]) == (3, 2)
    assert hearing["candidate"] is False
    # T: set aside once (13, unclosed): too few; followed once, closed and resolved.
    assert (transport["rule"], transport["set_aside"], transport["set_aside_closed"]) == (T, 1, 0)
    assert (transport["followed_closed"], transport["followed_resolved"]) == (1, 1)
    assert transport["candidate"] is False


def test_rules_say_in_plain_words_why_a_rule_wants_rewriting(coach: Invoke, quarter: Path) -> None:
    text = " ".join(coach("casebook", "rules").stdout.split())  # as read, not as wrapped
    assert (
        f'- "{W}": set aside 4 times; 3 of 3 closed cases resolved (100%). Consider changing '
        "the rule itself. Following it ended unresolved in 2 of 3 closed cases: the strongest "
        "case for changing it."
    ) in text
    assert f'"{H}"' not in text.split("Candidates for rewriting")[1]  # 67%: not named
    dutch = " ".join(coach("--lang", "nl", "casebook", "rules").stdout.split())
    assert (
        f'- "{W}": 4 keer losgelaten; 3 van de 3 gesloten casussen opgelost (100%). Overweeg '
        "de regel zelf aan te passen. Waar de regel werd gevolgd, bleef 2 van de 3 gesloten "
        "casussen onopgelost: de sterkste reden om hem aan te passen."
    ) in dutch


def test_following_that_failed_is_said_even_for_a_rule_not_yet_a_candidate(
    coach: Invoke, isolated: Path
) -> None:
    # Followed twice, both closed unresolved; set aside once: not a candidate (1 < 3).
    cases = [
        make_case(rule=T, decision="followed-rule", status="closed", outcome="unresolved"),
        make_case(rule=T, decision="followed-rule", status="closed", outcome="legal"),
        make_case(rule=T, decision="set-aside", status="decided"),
    ]
    path = casebook_with(isolated / "followed.db", *cases)
    text = " ".join(coach("--casebook", str(path), "casebook", "rules").stdout.split())
    assert "No rule is a candidate for rewriting yet" in text
    assert (
        f'- "{T}": not a candidate yet, but worth a second look. Following it ended '
        "unresolved in 2 of 2 closed cases: the strongest case for changing it."
    ) in text


def test_stats_over_three_months_by_hand(coach: Invoke, quarter: Path) -> None:
    result = coach("casebook", "stats", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["cases"] == 14
    assert figures["by_verdict"] == {"go": 14, "discuss": 0, "stop": 0}
    # Set aside: 1-4, 8-10, 13 = 8; followed: 5-7, 12 = 4; escalated: 11; undecided: 14.
    assert figures["by_decision"] == {
        "followed-rule": 4, "set-aside": 8, "escalated": 1, "undecided": 1,
    }  # fmt: skip
    # Closed: 1, 2, 3, 7, 8, 10, 12 resolved; 5, 6 unresolved; 9 withdrawn = 10 closed.
    assert figures["by_outcome"] == {"resolved": 7, "unresolved": 2, "legal": 0, "withdrawn": 1}
    # Decided but never closed: 4 and 13. The rate is 7 of 10, beside those 2 unknown.
    assert (figures["closed"], figures["outcome_unknown"]) == (10, 2)
    assert figures["resolution_rate"] == 0.7
    # Avoided, set aside with both costs: 1: 700-50, 2: 600-100, 3: none (20 → 60), 4: none
    # (100 → 400), 8, 9, 10, 13: 700-50 each (make_case's costs) = 650 + 500 + 4 × 650.
    assert figures["cost_avoided"] == 3750.0
    # Goodwill: 3 (rung 2 as inferred, 60 - 20); other extra: 4 (rung 3, 400 - 100).
    assert (figures["goodwill_spent"], figures["other_extra_spent"]) == (40.0, 300.0)
    assert figures["net"] == 3750.0 - 40.0 - 300.0
    # Open discussions: 11 (escalated, deadline 12 Nov, passed); undecided apart: 14.
    assert (figures["open"], figures["overdue"], figures["undecided"]) == (1, 1, 1)
    # Hours to a decision, 12 decided: 2 (1-4), 26 (5-7, 9, 10), 24 (12), 48 (13), 552 (8):
    # 2 2 2 2 24 26 | 26 26 26 26 48 552: the middle two are 26 and 26.
    assert figures["median_hours_to_decision"] == 26.0
    # Rule changed: 7. Rung lowered below the inference: 2. Against the advice: 3.
    assert (figures["rules_changed"], figures["rungs_lowered"], figures["against_advice"]) == (
        1, 1, 1,
    )  # fmt: skip
    assert figures["retention"] == {
        "set_aside": {"followed_up": 0, "stayed": 0, "rate": None},
        "followed_rule": {"followed_up": 0, "stayed": 0, "rate": None},
    }  # fmt: skip


def test_stats_of_a_month_count_its_money_by_the_day_it_was_decided(
    coach: Invoke, quarter: Path
) -> None:
    result = coach("casebook", "stats", "--json", "--since", "2026-10-01", "--until", "2026-10-31")
    figures = json.loads(result.stdout)
    # Created in October: 3, 4, 9, 12. Closed: 3 (resolved), 9 (withdrawn), 12 (resolved).
    assert (figures["cases"], figures["closed"], figures["outcome_unknown"]) == (4, 3, 1)
    assert figures["resolution_rate"] == round(2 / 3, 3)
    # Money: set aside and decided in October: 3 (5 Oct), 4 (6 Oct), 9 (10 Oct) and 8,
    # created 8 Sep but decided 1 Oct. Avoided: 8 and 9, 650 each; goodwill 40 (3); other
    # 300 (4); net 1300 - 340.
    assert (figures["cost_avoided"], figures["goodwill_spent"]) == (1300.0, 40.0)
    assert (figures["other_extra_spent"], figures["net"]) == (300.0, 960.0)


def test_stats_show_the_rate_beside_how_many_decided_cases_are_closed(
    coach: Invoke, quarter: Path
) -> None:
    text = coach("casebook", "stats").stdout
    assert "70% (7/10)" in text and "10 of 12 decided cases" in text
    dutch = coach("--lang", "nl", "casebook", "stats").stdout
    assert "70% (7/10)" in dutch and "10 van de 12 besloten casussen" in dutch


# Follow-ups over the quarter (cases numbered as in quarter_cases): answered yes, no,
# unknown, and never asked (None, every case not named here).
FOLLOW_UPS = {1: "yes", 2: "no", 3: "unknown", 5: "yes", 6: "no", 7: "no", 8: "yes", 9: "yes",
              12: "unknown"}  # fmt: skip


@pytest.fixture
def followed_up(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    cases = [
        replace(
            case, retained=FOLLOW_UPS.get(n), followed_up_at=NOW_ISO if n in FOLLOW_UPS else None
        )
        for n, case in enumerate(quarter_cases(), start=1)
    ]
    return casebook_with(isolated / "casebooks" / "casebook.db", *cases)


NOW_ISO = "2026-11-25T09:30:00.000Z"


def test_retention_counts_only_known_answers_set_aside_beside_followed(
    coach: Invoke, followed_up: Path
) -> None:
    figures = json.loads(coach("casebook", "stats", "--json").stdout)
    # Set aside (1-4, 8-10, 13): yes 1, 8, 9; no 2; unknown 3 (asked, not answered: not
    # followed up); 4, 10, 13 never asked. Followed up 4, stayed 3: 75%.
    # Rule followed (5-7, 12): yes 5; no 6, 7; unknown 12. Followed up 3, stayed 1: 33.3%.
    assert figures["retention"] == {
        "set_aside": {"followed_up": 4, "stayed": 3, "rate": 0.75},
        "followed_rule": {"followed_up": 3, "stayed": 1, "rate": 0.333},
    }
    # On screen side by side: one line holds both rates, under the two sides' names.
    lines = coach("casebook", "stats").stdout.splitlines()
    (heading,) = [line for line in lines if line.startswith("customers who stayed")]
    assert heading.split()[-4:] == ["set", "aside", "rule", "followed"]
    assert any(line.split()[-4:] == ["75%", "(3/4)", "33%", "(1/3)"] for line in lines)
    assert any(line.split()[-2:] == ["4", "3"] for line in lines)  # followed up
    dutch = coach("--lang", "nl", "casebook", "stats").stdout.splitlines()
    assert any(line.startswith("klanten gebleven") for line in dutch)
    assert any(line.split()[-4:] == ["75%", "(3/4)", "33%", "(1/3)"] for line in dutch)


def test_stats_by_month_by_hand(coach: Invoke, followed_up: Path) -> None:
    result = coach("casebook", "stats", "--json", "--by", "month")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["cases"] == 14  # the whole quarter as without --by month
    months = {m["month"]: m for m in figures["months"]}
    assert list(months) == ["2026-09", "2026-10", "2026-11"]
    sep, oct_, nov = months.values()
    # Created in September: 1, 2, 8, all closed and resolved.
    assert (sep["cases"], sep["closed"], sep["outcome_unknown"], sep["resolution_rate"]) == (
        3, 3, 0, 1.0,
    )  # fmt: skip
    # October: 3, 4, 9, 12; closed 3, 9, 12, resolved 3 and 12: 2 of 3; 4 unclosed.
    assert (oct_["cases"], oct_["closed"], oct_["outcome_unknown"]) == (4, 3, 1)
    assert oct_["resolution_rate"] == 0.667
    # November: 5, 6, 7, 10, 11, 13, 14; closed 5, 6, 7, 10, resolved 7 and 10: 2 of 4;
    # 13 unclosed; 11 an open discussion past its deadline; 14 undecided.
    assert (nov["cases"], nov["closed"], nov["outcome_unknown"]) == (7, 4, 1)
    assert nov["resolution_rate"] == 0.5
    assert (nov["open"], nov["overdue"], nov["undecided"]) == (1, 1, 1)
    # Retention by the month the case was created. Set aside: September 1 yes, 2 no, 8
    # yes = 2 of 3; October 9 yes (3 unknown, 4 never asked) = 1 of 1; November nobody (10
    # and 13 never asked). Followed: only November, 5 yes, 6 and 7 no = 1 of 3.
    assert [m["retention"]["set_aside"] for m in (sep, oct_, nov)] == [
        {"followed_up": 3, "stayed": 2, "rate": 0.667},
        {"followed_up": 1, "stayed": 1, "rate": 1.0},
        {"followed_up": 0, "stayed": 0, "rate": None},
    ]
    assert [m["retention"]["followed_rule"]["rate"] for m in (sep, oct_, nov)] == [
        None, None, 0.333,
    ]  # fmt: skip
    # Money by the month it was decided: September 1 (650) and 2 (500); October as in the
    # test above (8 decided 1 Oct, 9: 650 each; 3: goodwill 40; 4: other 300); November
    # 10 (decided 11 Nov) and 13 (15 Nov), 650 each, nothing spent. 1150 + 1300 + 1300 is
    # the quarter's 3750.
    assert [(m["cost_avoided"], m["net"]) for m in (sep, oct_, nov)] == [
        (1150.0, 1150.0), (1300.0, 960.0), (1300.0, 1300.0),
    ]  # fmt: skip
    # Hours to a decision: September 2, 2, 552 -> 2; October 2, 2, 24, 26 -> (2 + 24) / 2
    # = 13; November 26, 26, 26, 26, 48 -> 26.
    assert [m["median_hours_to_decision"] for m in (sep, oct_, nov)] == [2.0, 13.0, 26.0]
    # Rung lowered: 2 (Sep); against the advice: 3 (Oct); rule changed: 7 (Nov).
    assert [(m["rungs_lowered"], m["against_advice"], m["rules_changed"]) for m in
            (sep, oct_, nov)] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]  # fmt: skip


def test_stats_by_month_draw_a_sparkline_per_figure(coach: Invoke, followed_up: Path) -> None:
    result = coach("casebook", "stats", "--by", "month")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # Cases per month 3, 4, 7, drawn from 0 to 7 in eight steps: 3 and 4 are the fourth
    # and fifth block, 7 the full one; then the first and the last month.
    (cases,) = [line for line in lines if line.startswith("cases ") and "→" in line]
    assert "▄▅█" in cases and cases.split()[-3:] == ["3", "→", "7"]
    # Resolved of closed, on a fixed 0-100% scale: 100% (█), 67% (round(4.67) = 5: ▆), 50%
    # (round(3.5) = 4: ▅).
    (rate,) = [line for line in lines if line.startswith("resolved (of closed) ") and "→" in line]
    assert "█▆▅" in rate
    assert "2026-09" in result.stdout and "2026-11" in result.stdout
    dutch = coach("--lang", "nl", "casebook", "stats", "--by", "month").stdout
    assert any(line.startswith("casussen ") and "▄▅█" in line for line in dutch.splitlines())


def test_stats_html_is_one_page_with_a_chart_per_figure(
    coach: Invoke, followed_up: Path, isolated: Path
) -> None:
    target = isolated / "stats.html"
    result = coach("casebook", "stats", "--html", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text()
    assert "http://" not in page and "https://" not in page and "<script" not in page
    # 17 figures (as on screen with --by month), one chart each, one column per month.
    assert page.count("<svg") == 17
    for month in ("2026-09", "2026-10", "2026-11"):
        assert page.count(f">{month}</text>") == 17
    # The rule to rewrite first: W, 3 of its 3 closed set-aside cases resolved.
    assert f"&quot;{W}&quot;: set aside 4 times; 3 of 3 closed cases resolved (100%)" in page
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    # A share never stands alone (§11): retention as worked out above, with its counts.
    assert 'class="total">75% (3/4)</b>' in page and 'class="total">33% (1/3)</b>' in page
    dutch = isolated / "cijfers.html"
    coach("--lang", "nl", "casebook", "stats", "--html", str(dutch))
    assert (
        '<html lang="nl">' in dutch.read_text() and "Wat het casusboek leert" in dutch.read_text()
    )

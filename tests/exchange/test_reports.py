"""`coach casebook stats` and `rules` (SPEC §11), checked against numbers worked out by hand."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

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
    text = coach("casebook", "rules").stdout
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
    text = coach("--casebook", str(path), "casebook", "rules").stdout
    assert "Consider changing the rule itself" in text

"""The team view (SPEC §9) on a constructed team."""

from __future__ import annotations

from coachcli import content
from coachcli.domain.frame import Frame
from coachcli.domain.profile import COLOURS, Profile, parse_rungs
from coachcli.domain.team import AdviceRule, Signals, build

RUNGS = parse_rungs(content.load("rungs"))


def person(name: str, dominant: str, secondary: str, balanced: bool = False) -> Profile:
    return Profile(
        name=name, team="T", taken_at="2026-11-01T00:00:00.000Z", language="en",
        questionnaire=2, items=16, points=dict.fromkeys(COLOURS, 16),
        scores=dict.fromkeys(COLOURS, 25.0), dominant=dominant, secondary=secondary, tied=(),
        balanced=balanced, close=(dominant, secondary) if balanced else (dominant,),
        comfort_rung=0, stretch_rung=0, seed=1, answers={},
    )  # fmt: skip


TEAM = [
    person("Gina", "green", "blue"),  # comfort 1
    person("Gert", "green", "yellow"),  # comfort 1
    person("Ria", "red", "yellow"),  # comfort 4
    person("Yara", "yellow", "red"),  # comfort 3
    person("Bas", "blue", "red", balanced=True),  # balanced: comfort 1, stretch 4
]
RULES = [
    AdviceRule("green", 0.4, "greens"),
    AdviceRule("red", 0.3, "reds"),
    AdviceRule("yellow", 0.2, "yellows"),
]


def test_distribution_counts_dominant_colours() -> None:
    view = build(TEAM, RUNGS, Frame(), RULES)
    assert view.distribution == {"blue": 1, "red": 1, "yellow": 1, "green": 2}


def test_who_needs_permission_and_who_may_overreach_follow_the_mandate() -> None:
    at_2 = build(TEAM, RUNGS, Frame(max_rung_without_signoff=2), RULES)
    assert [m.profile.name for m in at_2.needs_permission] == ["Gina", "Gert", "Bas"]
    assert [m.profile.name for m in at_2.may_overreach] == ["Ria", "Yara"]
    at_3 = build(TEAM, RUNGS, Frame(max_rung_without_signoff=3), RULES)
    assert [m.profile.name for m in at_3.may_overreach] == ["Ria"]
    assert next(m for m in at_3.members if m.profile.name == "Bas").room.stretch == 4


def test_advice_follows_the_shares_of_the_mix() -> None:
    assert build(TEAM, RUNGS, Frame(), RULES).advice == ["greens", "yellows"]  # 40%, 20%
    assert build(TEAM[2:], RUNGS, Frame(), RULES).advice == ["reds", "yellows"]


def test_signals_are_rates_and_null_without_cases() -> None:
    assert Signals(4, 1, 2, 1, 0).to_json() == {
        "cases": 4, "set_aside_rate": 0.25, "escalated_rate": 0.5, "open": 1, "overdue": 0,
        "lowered": 0, "against_advice": 0,
    }  # fmt: skip
    assert Signals().to_json()["set_aside_rate"] is None
    view = build(TEAM, RUNGS, Frame(), RULES, {"gina": Signals(2, 1, 0, 0, 0)})
    signals = {m.profile.name: m.signals for m in view.members}
    assert signals["Gina"] == Signals(2, 1, 0, 0, 0)
    assert signals["Ria"] == Signals()
    assert build(TEAM, RUNGS, Frame(), RULES).members[0].signals is None  # no casebook


def test_a_mandate_equal_to_the_comfort_needs_no_extra_permission() -> None:
    """Yara (yellow) is at ease up to rung 3: a mandate of 3 asks nothing new of her."""
    at_3 = build(TEAM, RUNGS, Frame(max_rung_without_signoff=3), RULES)
    assert [m.profile.name for m in at_3.needs_permission] == ["Gina", "Gert", "Bas"]
    assert [m.profile.name for m in at_3.may_overreach] == ["Ria"]
    at_4 = build(TEAM, RUNGS, Frame(max_rung_without_signoff=4), RULES)
    assert [m.profile.name for m in at_4.needs_permission] == ["Gina", "Gert", "Yara", "Bas"]
    assert at_4.may_overreach == []

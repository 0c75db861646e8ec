"""`coach team profile` and `coach budget` (SPEC §9)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path

import pytest

from coachcli.domain.case import Case, iso
from tests.cli.test_profile import persona
from tests.conftest import Invoke
from tests.helpers import NOW, ago, ahead, casebook_with, make_case

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def team(coach: Invoke, isolated: Path) -> Path:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    for name, colour in [("Gina Groen", "green"), ("Gert Groot", "green"),
                         ("Ria Rood", "red"), ("Bas Blauw", "blue")]:  # fmt: skip
        answers = isolated / f"{colour}.json"
        answers.write_text(json.dumps(persona(colour)))
        assert coach("profile", "assess", "--name", name, "--answers", str(answers),
                     "--yes").exit_code == 0  # fmt: skip
    return isolated


def test_the_team_view_in_the_terminal(coach: Invoke, team: Path) -> None:
    result = coach("team", "profile")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"green\s+█+\s+2", out)
    assert "Mandate above comfort" in out and "Gina Groen" in out
    assert "Many greens" in out  # 2 of 4 is 50% >= 40%


def test_json_has_the_shape_of_the_spec_and_signals_from_the_casebook(
    coach: Invoke, team: Path
) -> None:
    casebook_with(
        team / "casebooks" / "casebook.db",
        make_case(agent="Gina Groen", decision="set-aside", status="decided", rung=1,
                  rung_inferred=2, rung_reason="small", against_advice=True),
        make_case(agent="gina groen", decision="escalated", status="open",
                  deadline="2020-01-01T00:00:00.000Z"),
        make_case(agent="Ria Rood", status="open"),
        make_case(agent="Somebody Else"),
    )  # fmt: skip
    data = json.loads(coach("team", "profile", "--json").stdout)
    assert set(data) == {"members", "distribution", "frame", "advice"}
    assert data["distribution"] == {"blue": 1, "red": 1, "yellow": 0, "green": 2}
    assert data["frame"]["max_rung_without_signoff"] == 2
    signals = {m["name"]: m["signals"] for m in data["members"]}
    assert signals["Gina Groen"] == {
        "cases": 2, "set_aside_rate": 0.5, "escalated_rate": 0.5, "open": 1, "overdue": 1,
        "lowered": 1, "against_advice": 1,
    }  # fmt: skip
    assert signals["Ria Rood"]["open"] == 1
    assert signals["Bas Blauw"] == {
        "cases": 0, "set_aside_rate": None, "escalated_rate": None, "open": 0, "overdue": 0,
        "lowered": 0, "against_advice": 0,
    }  # fmt: skip
    assert {"dominant", "comfort_rung", "scores"} <= set(data["members"][0])


def test_broken_profiles_are_named_and_skipped(coach: Invoke, team: Path) -> None:
    (team / "profiles" / "half-written.toml").write_text("name = 'x'\n[scores")
    result = coach("team", "profile", "--json")
    assert result.exit_code == 0
    assert "half-written.toml" in result.stderr
    assert len(json.loads(result.stdout)["members"]) == 4


def test_no_valid_profile_is_an_error(coach: Invoke, isolated: Path) -> None:
    (isolated / "profiles").mkdir()
    (isolated / "profiles" / "broken.toml").write_text("nonsense = [")
    result = coach("team", "profile", str(isolated / "profiles"))
    assert result.exit_code == 1
    assert "broken.toml" in result.stderr
    assert "no valid profiles" in result.stderr


def test_the_html_page_is_self_contained_with_one_bar_per_colour(coach: Invoke, team: Path) -> None:
    page = team / "team.html"
    assert coach("team", "profile", "--html", str(page)).exit_code == 0
    html = page.read_text()
    for external in ("http:", "https:", "//", "src=", "url(", "@import", "<link", "<script"):
        assert external not in html, external
    bars = re.findall(r'<rect class="bar" data-colour="(\w+)"', html)
    assert sorted(bars) == ["blue", "green", "red", "yellow"]
    assert "Gina Groen" in html


def test_names_are_escaped_in_the_page(coach: Invoke, team: Path) -> None:
    answers = team / "x.json"
    answers.write_text(json.dumps(persona("red")))
    coach("profile", "assess", "--name", "<script>alert(1)</script>", "--answers", str(answers))
    page = team / "team.html"
    coach("team", "profile", "--html", str(page))
    assert "<script>" not in page.read_text()


def test_the_demo_team_in_the_repository_is_valid_and_mixed(coach: Invoke) -> None:
    result = coach("team", "profile", str(REPOSITORY / "profiles"), "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # every demo profile is valid
    data = json.loads(result.stdout)
    assert 6 <= len(data["members"]) <= 10
    assert len(set(data["distribution"].values())) > 1  # not a uniform mix
    assert data["advice"]


def test_the_budget_counts_only_goodwill_set_aside_this_month(
    coach: Invoke, isolated: Path
) -> None:
    now = iso(NOW)
    counted = make_case(agent="Sanne", decision="set-aside", status="decided", rung=2,
                        rule_cost=D(10), alternative_cost=D(40), decided_at=now)  # fmt: skip
    cases = [
        counted,
        make_case(agent="Sanne", decision="set-aside", rung=2, rule_cost=D(0),
                  alternative_cost=D(20), decided_at="2020-05-05T00:00:00.000Z"),  # another month
        make_case(agent="Sanne", decision="set-aside", rung=3, rule_cost=D(0),
                  alternative_cost=D(400), decided_at=now),  # signed off, paid elsewhere
        make_case(agent="Sanne", decision="followed-rule", rung=2, rule_cost=D(0),
                  alternative_cost=D(30), decided_at=now),
        make_case(agent="Bram", decision="set-aside", rung=2, rule_cost=D(0),
                  alternative_cost=D(45), decided_at=now),
    ]  # fmt: skip
    casebook_with(isolated / "cb.db", *cases)
    result = coach("--casebook", "cb.db", "budget", "--agent", "Sanne", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {
        "agent": "Sanne", "period": now[:7], "budget": 100.0, "spent": 30.0,
        "remaining": 70.0, "currency": "EUR", "cases": [counted.id],
    }  # fmt: skip
    shown = coach("--casebook", "cb.db", "--lang", "nl", "budget", "--agent", "Sanne")
    assert "Budget € 100,00, besteed € 30,00, nog over € 70,00." in shown.stdout


def goodwill(agent: str, extra: str, decided_at: str) -> Case:
    """A goodwill step (set aside at rung 2) of `extra`, decided at `decided_at`."""
    return make_case(agent=agent, decision="set-aside", status="decided", rung=2,
                     rung_inferred=2, rule_cost=Decimal(0), alternative_cost=Decimal(extra),
                     created_at=decided_at, updated_at=decided_at,
                     decided_at=decided_at)  # fmt: skip


def test_goodwill_spent_last_month_no_longer_counts(coach: Invoke, isolated: Path) -> None:
    this_month = goodwill("Sanne", "25.0", ago(days=3))
    casebook_with(
        isolated / "cb.db",
        this_month,
        goodwill("Sanne", "40.0", ago(days=30)),  # 26 October: last month
        goodwill("Sanne", "15.0", ago(days=300)),  # January: this year, another month
    )
    result = coach("--casebook", "cb.db", "budget", "--agent", "Sanne", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["period"], data["spent"], data["remaining"]) == ("2026-11", 25.0, 75.0)
    assert data["cases"] == [this_month.id]


def test_in_december_the_goodwill_of_december_counts(
    coach: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", ahead(days=15))  # 10 December
    december = goodwill("Sanne", "30.0", ahead(days=14))
    casebook_with(isolated / "cb.db", december, goodwill("Sanne", "20.0", ago(days=1)))
    result = coach("--casebook", "cb.db", "budget", "--agent", "Sanne", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["period"], data["spent"], data["remaining"]) == ("2026-12", 30.0, 70.0)
    assert data["cases"] == [december.id]

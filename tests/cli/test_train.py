"""`coach train` (SPEC §15): a whole session through pipe input, redaction, and history."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from coachcli.domain.case import Comment
from coachcli.domain.training import select
from tests.conftest import Invoke, Terminal
from tests.exchange.test_import import write_export
from tests.helpers import casebook_with, home_config, make_case

ANSWERS = {"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"}
CASES = [
    make_case(id="a0000000-0000-4000-8000-000000000000", status="closed", outcome="resolved",
              decision="set-aside", answers=ANSWERS, lessons="Washing is cheaper",
              situation="Wig wash for mevrouw, bel haar op 06-12345678",
              comments=(Comment("c0000000-0000-4000-8000-000000000001", "Marieke",
                                "2026-11-02T00:00:00.000Z", "Approved; IBAN NL91ABNA0417164300"),)),
    make_case(id="b0000000-0000-4000-8000-000000000000", status="decided",
              decision="followed-rule", rule_cost=None, alternative_cost=None,
              answers={"loyalty": "unsure", "cost": "higher", "human": "yes",
                       "risk": "unacceptable"}),
]  # fmt: skip


@pytest.fixture
def export(isolated: Path) -> Path:
    home_config('agent = "Sanne"\n')  # a name is known: train does not ask it (§2)
    return write_export(isolated / "practice.json", CASES)


def keys_for(seed: int) -> str:
    """Answer loyalty yes, human no, risk none (and cost unsure where the costs don't answer
    it), then decide to set the rule aside, for every case in the session's order."""
    keys = []
    for case in select(CASES, 5, seed):
        keys.append("y")
        if case.rule_cost is None and case.alternative_cost is None:
            keys.append("u")
        keys += ["n", "n", "2", "\r"]
    return "".join(keys)


def test_a_whole_session_with_agreement_by_hand(
    coach: Invoke, terminal: Terminal, export: Path
) -> None:
    result = terminal.run("train", "--from", str(export), "--seed", "3", "--trainee", "Bram",
                          keys=keys_for(3))  # fmt: skip
    assert result.exit_code == 0, result.output
    # Case a: loyalty yes ✓, cost lower (given by its costs: not asked, not counted),
    #         human no ✗, risk none ✓, set-aside ✓
    # Case b: loyalty yes ✗, cost unsure ✗ (no costs: asked), human no ✗, risk none ✗,
    #         set-aside ✗
    # Cost is counted in case b only: 0 of 1; the others over both cases: 1 of 2 or 0 of 2.
    history = json.loads(coach("train", "--history", "--json").stdout)
    assert history == [{
        "trainee": "Bram", "started_at": history[0]["started_at"],
        "source": history[0]["source"], "cases": 2,
        "agreement": {"loyalty": 0.5, "cost": 0.0, "human": 0.0, "risk": 0.5, "decision": 0.5},
    }]  # fmt: skip
    assert history[0]["source"].startswith("practice.json (sha256:")
    assert "You most often differed from the casebook on the human question" in result.stderr


def test_practice_material_is_redacted_on_screen(
    coach: Invoke, terminal: Terminal, export: Path
) -> None:
    shown = terminal.run("train", "--from", str(export), "--seed", "3", keys=keys_for(3)).stderr
    assert "[PHONE]" in shown and "06-12345678" not in shown
    assert "[IBAN]" in shown and "NL91ABNA" not in shown
    assert "Washing is cheaper" in shown  # lessons are what practice is for


def test_ctrl_c_keeps_the_cases_answered_so_far(
    coach: Invoke, terminal: Terminal, export: Path
) -> None:
    first = select(CASES, 5, 3)[0]
    keys = "y" + ("u" if first.rule_cost is None else "") + "nn2"
    result = terminal.run("train", "--from", str(export), "--seed", "3", keys=keys + "\x03")
    assert result.exit_code == 130
    (session,) = json.loads(coach("train", "--history", "--json").stdout)
    assert session["cases"] == 1


def test_history_after_two_sessions_and_for_one_trainee(
    coach: Invoke, terminal: Terminal, export: Path
) -> None:
    for trainee in ("Anouk", "Bram"):
        assert terminal.run("train", "--from", str(export), "--seed", "5", "--trainee",
                            trainee, keys=keys_for(5)).exit_code == 0  # fmt: skip
    everyone = json.loads(coach("train", "--history", "--json").stdout)
    assert [s["trainee"] for s in everyone] == ["Anouk", "Bram"]
    assert everyone[0]["agreement"] == everyone[1]["agreement"]  # same answers, same seed
    only = json.loads(coach("train", "--history", "--json", "--trainee", "bram").stdout)
    assert [s["trainee"] for s in only] == ["Bram"]
    assert "Anouk" in coach("train", "--history").stdout


def test_without_a_terminal_train_says_so(coach: Invoke, export: Path) -> None:
    result = coach("train", "--from", str(export))
    assert result.exit_code == 2
    assert "--history" in result.stderr


def test_nothing_to_practise_on_is_an_error(terminal: Terminal, isolated: Path) -> None:
    empty = write_export(isolated / "empty.json", [make_case(status="open")])
    result = terminal.run("train", "--from", str(empty))
    assert result.exit_code == 1
    assert result.stderr == (
        "coach: no decided or closed cases to practise on (check --from, --tag and --rule).\n"
    )


def test_from_the_casebook_the_costs_answer_is_shown_and_the_notes_revealed(
    coach: Invoke, terminal: Terminal, isolated: Path
) -> None:
    home_config('agent = "Sanne"\n')
    (isolated / "coach.toml").write_text("")
    noted = make_case(status="decided", decision="set-aside", answers=ANSWERS,
                      rule_cost=D(700), alternative_cost=D(50),
                      notes={"loyalty": "Klant sinds 1998", "cost": None, "human": None,
                             "risk": "Geen precedent: eenmalig"})  # fmt: skip
    casebook_with(isolated / "casebooks" / "casebook.db", noted, make_case(status="open"))
    # Loyalty yes, (cost: given, 700 → 50 is lower), human no, risk none, set aside.
    result = terminal.run("train", "--seed", "1", keys="ynn2")
    assert result.exit_code == 0, result.output
    given = 'The costs answer the cost question ("lower: it saves money"), so it is not asked'
    assert given in result.stderr
    assert "Klant sinds 1998" in result.stderr and "Geen precedent: eenmalig" in result.stderr
    # Loyalty ✓, human ✗, risk ✓, decision ✓; cost never asked: no share (null), not 100%.
    (session,) = json.loads(coach("train", "--history", "--json").stdout)
    assert session["source"] == "casebook"
    assert session["agreement"] == {
        "loyalty": 1.0, "cost": None, "human": 0.0, "risk": 1.0, "decision": 1.0,
    }  # fmt: skip

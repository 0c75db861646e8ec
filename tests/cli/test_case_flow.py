"""The live-call flow of `coach case new`, driven through prompt_toolkit pipe input (§7)."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import pytest
import typer
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coachcli import store
from coachcli.cli import case_new
from coachcli.cli.env import Env
from coachcli.domain.case import Case
from coachcli.domain.intake import Intake
from tests.helpers import ago, casebook_with, home_config, make_case

# One keystroke or one line per prompt, in the order the agent meets them.
STEPS = [
    "Customer needs her wig washed before a second round of chemo\r",  # situation
    "Policy pays for a new wig only\r",  # rule
    "Pay for a professional wash\r",  # alternative
    "relation 40213377\r",  # the customer reference
    "wig, chemo\r",  # tags
    "700\r",  # rule cost
    "49,95\r",  # alternative cost, typed the Dutch way
    "\r",  # another department / precedent: neither
    "y",  # loyalty: one keystroke
    "Twenty years a customer\r",  # loyalty note
    # cost: answered by the costs, so not asked
    "y",  # human
    "\r",  # no note
    "a",  # risk: acceptable
    "\r",  # no note
    "\r",  # rung: keep the inferred one
    "2",  # decision: set the rule aside
    "We reimburse the wash, up to 50 euro\r",  # the promise
]


@pytest.fixture
def env(isolated: Path) -> Env:
    """A terminal of the test's own: keys come from a pipe per run, and what coach writes to
    its streams stays in the Env's own buffers."""
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    home_config('agent = "Sanne"\n')
    return Env(
        environ=dict(os.environ),
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        prompt_output=DummyOutput(),
    )


def run(env: Env, keys: list[str], *, resume: bool = False) -> Case:
    """Type `keys`, then hang up: a flow that asks for more than was typed meets the end of
    its input (Ctrl-D) instead of waiting for ever."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        env.prompt_input = pipe
        case, _ = case_new.start(
            env, Intake(), agent="Sanne", team="Zorg", prompter=env.prompter(), resume=resume
        )
        return case


def written(stream: TextIO) -> str:
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def stored(env: Env) -> list[Case]:
    casebook = store.connect(env.paths.casebook)
    assert casebook is not None
    try:
        return store.search_cases(casebook, '"wig"', None)
    finally:
        casebook.close()


def test_amounts_typed_at_the_prompt_are_exact_and_a_bad_one_is_asked_again(env: Env) -> None:
    steps = [
        *STEPS[:5],
        "14.01\r",  # rule cost
        "64.019\r",  # three decimals: refused, and the prompt stays
        "\x7f" * len("64.019") + "64,01\r",  # erased and typed again
        *STEPS[7:],
    ]
    case = run(env, steps)
    assert (case.rule_cost, case.alternative_cost) == (Decimal("14.01"), Decimal("64.01"))
    # An extra of exactly 50.00, the per-case limit, is goodwill: rung 2, not 3.
    assert (case.answers["cost"], case.rung_inferred, case.rung) == ("higher", 2, 2)


def test_the_happy_path_records_what_the_agent_answered(env: Env) -> None:
    case = run(env, STEPS)
    assert case.situation.startswith("Customer needs her wig washed")
    assert (case.rule_cost, case.alternative_cost) == (Decimal("700"), Decimal("49.95"))
    assert case.answers == {"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "acceptable"}
    assert case.notes["loyalty"] == "Twenty years a customer"
    assert (case.verdict, case.rung, case.rung_inferred) == ("go", 1, 1)
    assert case.advice is not None and case.advice.code == "go"
    assert (case.decision, case.status) == ("set-aside", "decided")
    assert case.promise == "We reimburse the wash, up to 50 euro"
    assert (case.customer, case.tags) == ("relation 40213377", ("chemo", "wig"))
    assert (case.agent, case.team) == ("Sanne", "Zorg")
    assert [c.id for c in stored(env)] == [case.id]


def test_similar_past_cases_are_shown_before_the_questions(env: Env) -> None:
    casebook_with(
        env.paths.casebook,
        make_case(situation="Wig needed washing after chemo", status="closed", decision="set-aside",
                  outcome="resolved", lessons="Wig washing is now in the policy"),
        make_case(situation="Wig question still open", status="open"),  # not a precedent yet
        make_case(situation="Hearing aid lost", rule="Only one hearing aid per five years",
                  status="decided", decision="followed-rule"),
    )  # fmt: skip
    keys = STEPS.copy()
    keys[1] = "Policy pays for a new wig only\r"  # autocomplete offers it, typing works too
    run(env, keys)
    shown = written(env.stderr)
    assert "Similar past cases (1)" in shown
    assert "Wig washing is now in the policy" in shown
    assert "Wig question still open" not in shown
    assert "Hearing aid" not in shown


# Up to the precedent step: situation, rule, alternative, customer, tags, costs, facts.
TO_PRECEDENTS = STEPS[:8]


@pytest.mark.parametrize(
    ("lang", "demo", "said"),
    [
        ("en", False, "The casebook is still empty, so there are no past cases to compare; in a "
                      "clone of coach, `coach casebook import casebooks/demo.json` adds the demo "
                      "cases.\n"),
        ("en", True, "The casebook is still empty, so there are no past cases to compare. To see "
                     "how they help, import the demo cases: "
                     "`coach casebook import casebooks/demo.json`.\n"),
        ("nl", False, "Het casusboek is nog leeg, dus er zijn geen eerdere casussen om mee te "
                      "vergelijken; in een kopie van de coach-repository voeg je met "
                      "`coach --lang nl casebook import casebooks/demo.json` de democasussen "
                      "toe.\n"),
        ("nl", True, "Het casusboek is nog leeg, dus er zijn geen eerdere casussen om mee te "
                     "vergelijken. Wil je zien hoe die helpen? Importeer de democasussen: "
                     "`coach --lang nl casebook import casebooks/demo.json`.\n"),
    ],
)  # fmt: skip
def test_an_empty_casebook_points_to_the_demo_cases_in_one_line(
    env: Env, isolated: Path, lang: str, demo: bool, said: str
) -> None:
    if lang == "nl":
        env.lang_flag = "nl"
    if demo:  # the demo workspace of a fresh clone
        (isolated / "casebooks").mkdir()
        (isolated / "casebooks" / "demo.json").write_text("{}")
    with pytest.raises(typer.Exit):
        run(env, TO_PRECEDENTS)
    assert said in written(env.stderr)
    assert written(env.stderr).count("casebook import") == 1


def test_a_casebook_with_cases_but_no_precedent_says_so_and_no_more(env: Env) -> None:
    casebook_with(env.paths.casebook, make_case(situation="Hearing aid lost", status="decided",
                                                rule="One hearing aid per five years"))  # fmt: skip
    with pytest.raises(typer.Exit):
        run(env, TO_PRECEDENTS)
    assert "No similar past cases in the casebook yet.\n" in written(env.stderr)
    assert "demo" not in written(env.stderr)


@pytest.mark.parametrize("step", range(1, len(STEPS)))
def test_ctrl_c_at_any_step_keeps_a_draft_and_resume_finishes_it(env: Env, step: int) -> None:
    with pytest.raises(typer.Exit) as stopped:
        run(env, [*STEPS[:step], "\x03"])
    assert stopped.value.exit_code == 130
    assert stored(env) == []  # a draft is not a case
    casebook = store.connect(env.paths.casebook)
    assert casebook is not None
    draft = store.latest_draft(casebook, "Sanne")
    casebook.close()
    assert draft is not None
    assert draft[1]["situation"] == "Customer needs her wig washed before a second round of chemo"

    case = run(env, STEPS[step:], resume=True)
    complete = run(env, STEPS)
    same = ("situation", "rule", "alternative", "rule_cost", "alternative_cost", "answers",
            "notes", "verdict", "rung", "decision", "promise", "status")  # fmt: skip
    assert {f: getattr(case, f) for f in same} == {f: getattr(complete, f) for f in same}
    casebook = store.connect(env.paths.casebook)
    assert casebook is not None
    assert store.latest_draft(casebook, "Sanne") is None  # saved: the draft is gone
    casebook.close()


def test_resume_continues_the_latest_draft_and_keeps_the_older_one(env: Env) -> None:
    clock = env.environ
    assert isinstance(clock, dict)
    clock["COACH_NOW"] = ago(hours=2)
    with pytest.raises(typer.Exit):
        run(env, ["Taxi home after chemotherapy\r", "\x03"])
    clock["COACH_NOW"] = ago(minutes=1)
    with pytest.raises(typer.Exit):
        run(env, [*STEPS[:2], "\x03"])

    case = run(env, STEPS[2:], resume=True)

    assert case.situation == "Customer needs her wig washed before a second round of chemo"
    assert case.rule == "Policy pays for a new wig only"
    casebook = store.connect(env.paths.casebook)
    assert casebook is not None
    left = store.latest_draft(casebook, "Sanne")
    casebook.close()
    assert left is not None and left[1]["situation"] == "Taxi home after chemotherapy"


def test_ctrl_d_also_keeps_a_draft(env: Env) -> None:
    with pytest.raises(typer.Exit) as stopped:
        run(env, [*STEPS[:3], "\x04"])
    assert stopped.value.exit_code == 130
    casebook = store.connect(env.paths.casebook)
    assert casebook is not None
    draft = store.latest_draft(casebook, "Sanne")
    casebook.close()
    assert draft is not None and draft[1]["alternative"] == "Pay for a professional wash"


def test_escalating_opens_a_discussion_with_the_frame_deadline(env: Env) -> None:
    keys = [*STEPS[:-2], "3"]
    case = run(env, keys)
    assert (case.decision, case.status) == ("escalated", "open")
    assert case.deadline is not None
    from coachcli.domain.case import parse_iso

    hours = (parse_iso(case.deadline) - parse_iso(case.created_at)).total_seconds() / 3600
    assert round(hours) == 48


def test_an_override_of_the_rung_keeps_both(env: Env) -> None:
    assert STEPS[14] == "\r"  # the rung step
    keys = [*STEPS[:14], "3", "\r"]  # rung 3 instead of the inferred 1; Enter: preselected
    case = run(env, keys)
    assert (case.rung, case.rung_inferred, case.rung_reason) == (3, 1, None)
    assert case.advice is not None and case.advice.code == "sign-off"  # above mandate 2
    # Enter took the preselected decision: escalated, as sign-off says (no promise asked).
    assert (case.decision, case.against_advice) == ("escalated", False)


def test_resume_without_a_draft_is_an_error(env: Env) -> None:
    from coachcli.errors import NotFoundError

    with pytest.raises(NotFoundError):
        run(env, [], resume=True)


def test_one_key_says_the_step_needs_another_department_and_sets_a_precedent(env: Env) -> None:
    keys = STEPS.copy()
    keys[7] = "4"  # both
    keys[-2:] = ["\r"]  # the decision the advice preselects
    case = run(env, keys)
    assert (case.other_department, case.precedent) == (True, True)
    assert case.rung_inferred == 4  # a precedent is an exception
    assert case.advice is not None and case.advice.code == "sign-off"
    assert case.decision == "escalated"


def test_the_signal_handlers_are_the_flows_own_and_restored_after_it(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from coachcli.prompts import Prompter

    wanted = (signal.SIGHUP, signal.SIGTERM)
    before = [signal.getsignal(s) for s in wanted]
    during = []
    text = Prompter.text

    def looking(self: Prompter, *args: Any, **kwargs: Any) -> str:
        during.append([signal.getsignal(s) for s in wanted])
        return text(self, *args, **kwargs)

    monkeypatch.setattr(Prompter, "text", looking)
    run(env, STEPS)
    assert during  # the handlers are installed while the agent answers
    assert all(h != b for handlers in during for h, b in zip(handlers, before, strict=True))
    assert [signal.getsignal(s) for s in wanted] == before

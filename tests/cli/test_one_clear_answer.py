"""One clear answer in `case new` and `case decide` (SPEC §3, §6, §7): the override that
cannot talk a step out of sign-off, against-advice, and what the agent is told at the end."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Invoke, Terminal
from tests.helpers import casebook_with, make_case

BASE = [
    "case", "new", "--no-input",
    "--situation", "Taxi to the hospital after a night shift of chemo",
    "--rule", "Taxis are reimbursed only with a referral",
    "--alternative", "Reimburse this one ride",
    "--loyalty", "yes", "--cost", "same", "--human", "yes", "--risk", "acceptable",
]  # fmt: skip


def new(coach: Invoke, *extra: str) -> dict[str, Any]:
    result = coach(*BASE, *extra, "--json")
    assert result.exit_code == 0, result.output
    case: dict[str, Any] = json.loads(result.stdout)
    return case


def test_lowering_the_rung_needs_a_reason_and_the_advice_keeps_the_higher_rung(
    coach: Invoke,
) -> None:
    refused = coach(*BASE, "--precedent", "--rung", "1", "--decision", "escalated")
    assert refused.exit_code == 2
    assert refused.stderr == "coach: without prompts, coach still needs: --rung-reason.\n"

    case = new(
        coach, "--precedent", "--rung", "1", "--rung-reason", "Same as last week's ride",
        "--decision", "escalated",
    )  # fmt: skip
    assert (case["rung"], case["rung_inferred"]) == (1, 4)
    assert case["rung_reason"] == "Same as last week's ride"
    # A precedent above the mandate (2) still needs sign-off, whatever rung was typed.
    assert (case["advice"]["code"], case["advice"]["within_mandate"]) == ("sign-off", False)


def test_raising_the_rung_needs_no_reason(coach: Invoke) -> None:
    case = new(coach, "--rung", "3", "--decision", "escalated")
    assert (case["rung"], case["rung_inferred"], case["rung_reason"]) == (3, 1, None)
    assert case["advice"]["code"] == "sign-off"


def test_a_reason_for_a_rung_that_was_not_lowered_is_not_kept(coach: Invoke) -> None:
    case = new(coach, "--rung", "1", "--rung-reason", "just because", "--decision", "followed-rule")
    assert (case["rung"], case["rung_inferred"], case["rung_reason"]) == (1, 1, None)


def test_setting_aside_against_a_sign_off_needs_the_flag_and_is_marked(coach: Invoke) -> None:
    against = [*BASE, "--precedent", "--decision", "set-aside", "--promise", "We pay the ride"]
    refused = coach(*against)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "coach: the advice was “needs sign-off”: setting the rule aside goes against it; "
        "add --against-advice if that is what you decided.\n"
    )
    dutch = coach("--lang", "nl", *against)
    assert dutch.exit_code == 2
    assert dutch.stderr == (
        "coach: het advies was ‘akkoord nodig’: de regel loslaten gaat daartegenin; voeg "
        "--against-advice toe als je dat zo besloten hebt.\n"
    )
    assert json.loads(coach("case", "list", "--json").stdout) == []  # nothing saved

    case = new(coach, "--precedent", "--decision", "set-aside", "--promise", "We pay the ride",
               "--against-advice")  # fmt: skip
    assert (case["advice"]["code"], case["against_advice"]) == ("sign-off", True)


def test_setting_aside_within_the_advice_is_not_against_it(coach: Invoke) -> None:
    case = new(coach, "--decision", "set-aside", "--promise", "We pay the ride",
               "--against-advice")  # fmt: skip
    assert (case["advice"]["code"], case["against_advice"]) == ("go", False)


def test_an_override_does_not_spend_goodwill_off_the_books(coach: Invoke) -> None:
    """A €45 gesture is rung 2; typed as rung 1 it still spends €45 of the budget (§3)."""
    costed = [word for word in BASE if word not in ("--cost", "same")]  # the costs answer it
    saved = coach(*costed, "--alt-cost", "45", "--rung", "1", "--rung-reason", "small gesture",
                  "--decision", "set-aside", "--promise", "We pay the ride")  # fmt: skip
    assert saved.exit_code == 0, saved.output
    budget = json.loads(coach("budget", "--agent", "Sanne", "--json").stdout)
    assert (budget["spent"], budget["remaining"]) == (45, 55)


def test_an_escalated_case_says_until_when_the_discussion_runs(coach: Invoke) -> None:
    # NOW is Wed 25 Nov 2026 09:30 UTC; 48 h later is Fri 27 Nov 10:30 in Amsterdam.
    result = coach(*BASE, "--precedent", "--decision", "escalated")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[1] == (
        "The discussion is open until Fri 27 Nov 10:30, in 2 days: "
        "tell the customer when they will hear from you."
    )
    dutch = coach("--lang", "nl", *BASE, "--precedent", "--decision", "escalated",
                  "--deadline", "5h")  # fmt: skip
    assert dutch.stderr.splitlines()[1] == (
        "Het overleg loopt tot wo 25 nov 15:30, over 5 uur: laat de klant weten wanneer die "
        "van je hoort."
    )


def test_a_case_decided_later_can_go_against_its_advice_only_knowingly(coach: Invoke) -> None:
    case = new(coach, "--precedent")  # decide later: open, advice sign-off
    refused = coach("case", "decide", case["id"][:8], "--decision", "set-aside",
                    "--promise", "We pay the ride")  # fmt: skip
    assert refused.exit_code == 2
    assert "--against-advice" in refused.stderr
    done = coach("case", "decide", case["id"][:8], "--decision", "set-aside",
                 "--promise", "We pay the ride", "--against-advice")  # fmt: skip
    assert done.exit_code == 0
    shown = json.loads(coach("case", "show", case["id"][:8], "--json").stdout)
    assert (shown["decision"], shown["against_advice"]) == ("set-aside", True)


def test_a_decision_after_the_discussion_is_not_against_the_advice(coach: Invoke) -> None:
    case = new(coach, "--precedent", "--decision", "escalated")
    done = coach("case", "decide", case["id"][:8], "--decision", "set-aside",
                 "--promise", "We pay the ride")  # fmt: skip
    assert done.exit_code == 0, done.output
    shown = json.loads(coach("case", "show", case["id"][:8], "--json").stdout)
    assert (shown["decision"], shown["against_advice"]) == ("set-aside", False)


# The interactive call: the keys after the four questions, for a step that is a precedent
# (rung 4, above the mandate: sign-off) and for an ordinary one (rung 1: go).
START = [
    "Taxi to the hospital after a night shift of chemo\r",
    "Taxis are reimbursed only with a referral\r",
    "Reimburse this one ride\r",
    "\r", "\r",  # no customer reference, no tags
    "\r", "\r",  # no costs
]  # fmt: skip
QUESTIONS = ["y", "\r", "s", "\r", "y", "\r", "a", "\r"]  # loyalty, cost same, human, risk


@pytest.fixture(autouse=True)
def sanne(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_AGENT", "Sanne")


def stored(coach: Invoke) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(coach("case", "list", "--json").stdout)
    return cases


@pytest.mark.parametrize(
    ("facts", "title", "preselected"),
    [
        ("1", "Go: within your comfort and mandate", "set-aside"),  # neither: rung 1
        ("3", "Go, but it needs sign-off", "escalated"),  # a precedent: rung 4
    ],
)
def test_the_panel_names_the_advice_and_enter_takes_what_it_says(
    terminal: Terminal, coach: Invoke, facts: str, title: str, preselected: str
) -> None:
    keys = [*START, facts, *QUESTIONS, "\r", "\r"]  # rung as inferred; Enter decides
    if preselected == "set-aside":
        keys.append("We pay the ride\r")
    ran = terminal.run("case", "new", keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    assert title in ran.stderr
    (case,) = stored(coach)
    assert (case["decision"], case["against_advice"]) == (preselected, False)


def test_setting_aside_against_the_advice_is_confirmed_and_a_no_asks_again(
    terminal: Terminal, coach: Invoke
) -> None:
    keys = [*START, "3", *QUESTIONS, "\r"]  # a precedent: sign-off
    keys += ["2", "n"]  # set aside? no: the decision is asked again
    keys += ["2", "y", "We pay the ride\r"]  # set aside, yes, knowingly; the promise
    ran = terminal.run("case", "new", keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    # (The prompts' own words are on the terminal, which the pexpect test reads.)
    (case,) = stored(coach)
    assert (case["decision"], case["against_advice"], case["promise"]) == (
        "set-aside", True, "We pay the ride",
    )  # fmt: skip


def test_a_lowered_rung_asks_why_at_once(terminal: Terminal, coach: Invoke) -> None:
    keys = [*START, "3", *QUESTIONS, "1", "Same as last week's ride\r", "\r"]
    ran = terminal.run("case", "new", keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    (case,) = stored(coach)
    assert (case["rung"], case["rung_inferred"], case["rung_reason"]) == (
        1, 4, "Same as last week's ride",
    )  # fmt: skip
    assert (case["advice"]["code"], case["decision"]) == ("sign-off", "escalated")


def test_the_customer_reference_and_tags_are_asked_after_the_alternative(
    terminal: Terminal, coach: Invoke
) -> None:
    keys = [*START[:3], "relation 40213377\r", "taxi, chemo , \r", *START[5:], "1", *QUESTIONS]
    ran = terminal.run("case", "new", keys="".join([*keys, "\r", "\r", "We pay the ride\r"]))
    assert ran.exit_code == 0, ran.output
    (case,) = stored(coach)
    assert (case["customer"], case["tags"]) == ("relation 40213377", ["chemo", "taxi"])


def test_old_precedents_show_no_against_mark(tmp_path: Any, coach: Invoke) -> None:
    casebook_with(tmp_path / "c.db", make_case(decision="set-aside"))
    shown = json.loads(coach("--casebook", str(tmp_path / "c.db"), "case", "list", "--json").stdout)
    assert [c["against_advice"] for c in shown] == [False]


# What an independent trial of the call found, each pinned.


def test_a_rule_with_a_control_character_does_not_break_the_rule_prompt() -> None:
    """questionary reads each autocomplete choice as markup: an imported rule with a
    control character made the completer raise on every key typed at the rule prompt."""
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document
    from questionary.prompts.autocomplete import WordCompleter

    from coachcli.cli.case_new import offered

    known = ["Wigs\x0conly new", "Wigs \x1b[5mblink", "Wigs & <b>hair</b>", "Wigs\x0conly new"]
    completer = WordCompleter(offered(known), match_middle=True)
    shown = [c.text for c in completer.get_completions(Document("Wi"), CompleteEvent())]
    assert shown == ["Wigs\\x0conly new", "Wigs \\x1b[5mblink", "Wigs & <b>hair</b>"]
    with pytest.raises(Exception, match="not well-formed"):  # what the agent used to get
        list(WordCompleter(known[:1]).get_completions(Document("Wi"), CompleteEvent()))


def test_text_longer_than_an_import_takes_is_refused_at_once(coach: Invoke) -> None:
    too_long = "x" * 100_001
    refused = coach(*BASE[:3], "--situation", too_long, *BASE[5:])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "coach: --situation is longer than 100000 characters, more than a colleague's coach "
        "would import; shorten it.\n"
    )
    assert coach(*BASE, "--tag", "t" * 201).exit_code == 2
    assert json.loads(coach("case", "list", "--json").stdout) == []


def test_costs_typed_at_the_prompt_settle_a_cost_flag_they_contradict(
    terminal: Terminal, coach: Invoke
) -> None:
    keys = [*START[:5], "0\r", "100\r", "1", "y", "\r", "y", "\r", "a", "\r", "\r", "\r"]
    ran = terminal.run("case", "new", "--cost", "same", keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    assert "The amounts you gave answer the cost question: “higher: it costs extra”" in ran.stderr
    (case,) = stored(coach)
    assert case["answers"]["cost"] == "higher"


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        ("2026-11-20T10:00:00Z", "has already passed"),
        ("0h", "has already passed"),
        ("9999d", "more than a year away"),
    ],
)
def test_a_deadline_in_the_past_or_years_away_is_refused(
    coach: Invoke, deadline: str, message: str
) -> None:
    refused = coach(*BASE, "--decision", "escalated", "--deadline", deadline)
    assert refused.exit_code == 2
    assert message in refused.stderr


def test_a_deadline_belongs_to_an_escalated_case_only(coach: Invoke) -> None:
    case = new(coach, "--decision", "set-aside", "--promise", "paid", "--deadline", "4h")
    assert (case["status"], case["deadline"]) == ("decided", None)


def test_case_decide_names_the_advice_in_the_readers_words(coach: Invoke) -> None:
    case = new(coach, "--precedent")
    refused = coach("--lang", "nl", "case", "decide", case["id"][:8], "--decision",
                    "set-aside", "--promise", "x")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr.startswith("coach: het advies was ‘akkoord nodig’:")


def test_tags_are_tidied(coach: Invoke) -> None:
    case = new(coach, "--tag", "", "--tag", " ", "--tag", "Taxi", "--tag", "taxi",
               "--tag", " late  night ")  # fmt: skip
    assert case["tags"] == ["late night", "Taxi"]


def test_a_name_with_control_characters_is_refused_as_a_flag_and_from_the_environment(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = coach(*BASE, "--agent", "Line1\nLine2")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "coach: --agent must be a name on one line, without control characters, "
        "not 'Line1\\nLine2'.\n"
    )
    monkeypatch.setenv("COACH_AGENT", "Eve\x1b]0;PWN\x07")
    assert coach(*BASE).exit_code == 2
    assert json.loads(coach("case", "list", "--json").stdout) == []


def test_filters_that_match_nothing_say_so(coach: Invoke) -> None:
    new(coach)
    assert coach("case", "list", "--agent", "Nobody").stderr == "No case matches these filters.\n"
    assert coach("case", "list").exit_code == 0

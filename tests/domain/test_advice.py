"""Advice codes (SPEC §6): every combination of rung, comfort, stretch and mandate."""

from __future__ import annotations

import itertools

import pytest

from coachcli import content
from coachcli.domain.advice import CODES, NO_PROFILE, Room, advice_code, advise
from coachcli.i18n import flatten

RUNGS = (1, 2, 3, 4)
ROOMS = [Room(c, s) for c in RUNGS for s in RUNGS if c <= s]


def expected_code(verdict: str, rung: int, room: Room, mandate: int) -> str:
    """The table of §6, written out row by row as conditions, independently of the code."""
    rows = {
        "stick-to-rule": verdict == "stop",
        "go": verdict == "go" and rung <= room.comfort and rung <= mandate,
        "go-stretch": verdict == "go" and rung <= mandate and room.comfort < rung <= room.stretch,
        "check-colleague": verdict == "go" and rung <= mandate and rung > room.stretch,
        "sign-off": verdict == "go" and rung > mandate,
        "discuss": verdict == "discuss",
    }
    matching = [code for code, applies in rows.items() if applies]
    assert len(matching) == 1, (verdict, rung, room, mandate, matching)  # exactly one row
    return matching[0]


def test_every_combination_gets_exactly_one_code() -> None:
    seen = set()
    for verdict, rung, room, mandate in itertools.product(
        ("go", "discuss", "stop"), RUNGS, ROOMS, RUNGS
    ):
        code = advice_code(verdict, rung, room, mandate)
        assert code == expected_code(verdict, rung, room, mandate)
        seen.add(code)
    assert seen == set(CODES)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_advice_text_is_filled_in_for_every_code(lang: str) -> None:
    texts = flatten(content.load("advice", lang))
    values = {
        "rung": "3", "rung_name": "alt", "comfort": "1", "stretch": "2", "mandate": "2",
        "questions": "cost", "tip": "a buddy",
    }  # fmt: skip
    for verdict, rung, room, mandate in itertools.product(
        ("go", "discuss", "stop"), RUNGS, ROOMS, RUNGS
    ):
        advice = advise(verdict, rung, room, mandate, texts, values)
        assert advice.text and advice.watch_out
        assert "{" not in advice.text
        assert advice.within_comfort == (rung <= room.comfort)
        assert advice.within_mandate == (rung <= mandate)


def test_discuss_within_comfort_and_mandate_needs_only_a_quick_check() -> None:
    texts = flatten(content.load("advice", "en"))
    values = dict.fromkeys(("rung", "rung_name", "comfort", "stretch", "mandate", "tip"), "x")
    values["questions"] = "cost"
    quick = advise("discuss", 1, NO_PROFILE, 2, texts, values)
    assert "cost" in quick.text and "quick check" in quick.text
    escalate = advise("discuss", 3, NO_PROFILE, 2, texts, values)
    assert "escalated for discussion" in escalate.text


# The advice names the decision as the menu does ("escalated for discussion", "decide
# later"), so an agent finds it there (SPEC §12).
ESCALATE = (
    "The step goes beyond your comfort or the mandate: choose “escalated for discussion”, and "
    "decide when the discussion is done."
)
QUICK = (
    "The step is within your comfort and the mandate, so a quick check with a colleague is "
    "enough: choose “decide later”, and decide after that check."
)


@pytest.mark.parametrize(
    ("rung", "room", "mandate", "follow"),
    [
        (1, Room(1, 2), 2, QUICK),  # within both
        (2, Room(1, 3), 2, ESCALATE),  # within the mandate, outside the comfort zone
        (3, Room(3, 4), 2, ESCALATE),  # within the comfort zone, above the mandate
        (4, Room(1, 2), 2, ESCALATE),  # outside both
    ],
)
def test_a_doubtful_step_outside_comfort_or_mandate_is_escalated(
    rung: int, room: Room, mandate: int, follow: str
) -> None:
    texts = flatten(content.load("advice", "en"))
    values = dict.fromkeys(("rung", "rung_name", "comfort", "stretch", "mandate", "tip"), "x")
    values["questions"] = "risk"
    advice = advise("discuss", rung, room, mandate, texts, values)
    assert advice.code == "discuss"
    assert advice.text == f"Your answers on risk are not convincing yet. {follow}"


# What the decision prompt preselects for each advice (SPEC §6 "One clear answer"), and
# whether setting the rule aside goes against it, written out by hand from §6.
# (code, within comfort, within mandate) -> (preselected decision, set aside is against it)
ONE_CLEAR_ANSWER = {
    ("stick-to-rule", True, True): ("followed-rule", True),
    ("go", True, True): ("set-aside", False),
    ("go-stretch", False, True): ("set-aside", False),
    ("check-colleague", False, True): ("set-aside", False),
    ("sign-off", True, False): ("escalated", True),
    ("sign-off", False, False): ("escalated", True),
    ("discuss", True, True): (None, False),  # a quick check with a colleague, then decide
    ("discuss", False, True): ("escalated", True),
    ("discuss", True, False): ("escalated", True),
    ("discuss", False, False): ("escalated", True),
}


@pytest.mark.parametrize(("advice", "expected"), ONE_CLEAR_ANSWER.items())
def test_the_decision_the_advice_points_to(
    advice: tuple[str, bool, bool], expected: tuple[str | None, bool]
) -> None:
    from coachcli.domain.advice import against_advice, suggested_decision
    from coachcli.domain.case import Advice

    code, comfort, mandate = advice
    given = Advice(code, comfort, mandate, "text", "watch out")
    assert (suggested_decision(given), against_advice(given, "set-aside")) == expected
    # Only setting the rule aside can go against an advice.
    for decision in ("followed-rule", "escalated", None):
        assert against_advice(given, decision) is False


@pytest.mark.parametrize(
    ("rung", "inferred", "judged"), [(1, 4, 4), (4, 1, 4), (2, 3, 3), (3, 3, 3)]
)
def test_an_override_is_judged_on_the_higher_rung(rung: int, inferred: int, judged: int) -> None:
    from coachcli.domain.advice import judged_rung

    assert judged_rung(rung, inferred) == judged


def test_a_colour_watch_out_the_advice_already_says_is_not_said_twice() -> None:
    texts = flatten(content.load("advice", "en"))
    values = {"rung": "3", "rung_name": "alt", "comfort": "1", "stretch": "3", "mandate": "4",
              "questions": "", "tip": "a buddy"}  # fmt: skip
    said = texts["go-stretch.watch_out"]
    advice = advise("go", 3, Room(1, 3, "green"), 4, texts, values, said.split(". ")[0] + ".")
    assert advice.watch_out == said
    other = advise("go", 3, Room(1, 3, "blue"), 4, texts, values, "Don't wait for a rule.")
    assert other.watch_out == f"{said} Don't wait for a rule."

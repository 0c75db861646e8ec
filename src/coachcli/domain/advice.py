"""Advice (SPEC §4, §6): the verdict, the rung, the person's room and the team's mandate.

*Comfort* is where a person is at ease, *stretch* how far they can go with support; both
come from their colour profile. *Mandate* is what the team frame allows without sign-off.
Every combination of verdict, rung, comfort, stretch and mandate gets exactly one code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coachcli.domain.case import Advice
from coachcli.domain.vocab import AdviceCode, Decision, Verdict, values

CODES = values(AdviceCode)


@dataclass(frozen=True)
class Room:
    """How far a person is comfortable going, and how far they can stretch (§4)."""

    comfort: int
    stretch: int
    colour: str | None = None  # the dominant colour, when there is a profile
    # With a balanced profile, every colour whose room this takes in (the dominant first).
    close: tuple[str, ...] = ()


NO_PROFILE = Room(comfort=2, stretch=2)


def _joined(first: str, second: str) -> str:
    """Two watch-outs as one text, the second left out when the first already says it
    (green's "the frame covers you" is also what the go-stretch advice says)."""
    if not second or second.rstrip(". ") in first:
        return first
    return f"{first} {second}" if first else second


def judged_rung(rung: int, inferred: int) -> int:
    """The rung that comfort, stretch and mandate are judged on (§3): the higher of the
    agent's and the inferred one, so that an override can add caution but never talk a
    step out of sign-off."""
    return max(rung, inferred)


def advice_code(verdict: str, rung: int, room: Room, mandate: int) -> AdviceCode:
    """The one advice code for this combination (the table of §6)."""
    if verdict == Verdict.STOP:
        return AdviceCode.STICK_TO_RULE
    if verdict == Verdict.DISCUSS:
        return AdviceCode.DISCUSS
    if rung > mandate:
        return AdviceCode.SIGN_OFF
    if rung <= room.comfort:
        return AdviceCode.GO
    if rung <= room.stretch:
        return AdviceCode.GO_STRETCH
    return AdviceCode.CHECK_COLLEAGUE


def suggested_decision(advice: Advice) -> Decision | None:
    """The decision the advice points to, which the decision prompt preselects (§6); None
    is "decide later": a quick check with a colleague, then `case decide`."""
    code = advice.code
    if code == AdviceCode.STICK_TO_RULE:
        return Decision.FOLLOWED_RULE
    if code in (AdviceCode.GO, AdviceCode.GO_STRETCH, AdviceCode.CHECK_COLLEAGUE):
        return Decision.SET_ASIDE
    if code == AdviceCode.DISCUSS and advice.within_comfort and advice.within_mandate:
        return None
    return Decision.ESCALATED  # sign-off, or a discussion outside comfort or mandate


def against_advice(advice: Advice, decision: str | None) -> bool:
    """Setting the rule aside where the advice said to stick to it, to get sign-off, or to
    discuss a step outside comfort or mandate (§6). It needs the agent's confirmation (or
    `--against-advice`), and the case keeps the mark for the team's reports."""
    if decision != Decision.SET_ASIDE:
        return False
    return suggested_decision(advice) not in (Decision.SET_ASIDE, None)


def advise(
    verdict: str,
    rung: int,
    room: Room,
    mandate: int,
    texts: Mapping[str, str],
    values: Mapping[str, str],
    colour_watch_out: str = "",
) -> Advice:
    """The advice, with its text in the reader's language.

    `texts` maps `<code>.text`, `<code>.watch_out` and, for `discuss`, `discuss.quick` or
    `discuss.escalate` to templates; `values` fills them in (questions, rung names, the
    colour tip). The domain decides which text applies; the catalogue says it. A profile's
    colour adds its own watch-out to the code's.
    """
    code = advice_code(verdict, rung, room, mandate)
    within_comfort = rung <= room.comfort
    within_mandate = rung <= mandate
    text = texts[f"{code}.text"].format(**values)
    if code == "discuss":
        follow = "discuss.quick" if within_comfort and within_mandate else "discuss.escalate"
        text = f"{text} {texts[follow].format(**values)}"
    return Advice(
        code=code,
        within_comfort=within_comfort,
        within_mandate=within_mandate,
        text=text,
        watch_out=_joined(texts[f"{code}.watch_out"].format(**values), colour_watch_out),
    )

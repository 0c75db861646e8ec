"""Advice (SPEC §4, §6): the verdict, the rung, the person's room and the team's mandate.

*Comfort* is where a person is at ease, *stretch* how far they can go with support; both
come from their colour profile. *Mandate* is what the team frame allows without sign-off.
Every combination of verdict, rung, comfort, stretch and mandate gets exactly one code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coachcli.domain.case import Advice

CODES = ("stick-to-rule", "go", "go-stretch", "check-colleague", "sign-off", "discuss")


@dataclass(frozen=True)
class Room:
    """How far a person is comfortable going, and how far they can stretch (§4)."""

    comfort: int
    stretch: int
    colour: str | None = None  # the dominant colour, when there is a profile


NO_PROFILE = Room(comfort=2, stretch=2)


def advice_code(verdict: str, rung: int, room: Room, mandate: int) -> str:
    """The one advice code for this combination (the table of §6)."""
    if verdict == "stop":
        return "stick-to-rule"
    if verdict == "discuss":
        return "discuss"
    if rung > mandate:
        return "sign-off"
    if rung <= room.comfort:
        return "go"
    if rung <= room.stretch:
        return "go-stretch"
    return "check-colleague"


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
        watch_out=" ".join(
            part for part in (texts[f"{code}.watch_out"].format(**values), colour_watch_out) if part
        ),
    )

"""The team view (SPEC §9): the colour mix, who needs permission, who may overreach.

It counts dominant colours and never ranks people by their scores, which are ipsative:
they compare a person's own preferences, not one person with another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coachcli.domain.advice import Room
from coachcli.domain.frame import Frame
from coachcli.domain.names import slug
from coachcli.domain.profile import COLOURS, Profile, room_for


@dataclass(frozen=True)
class Signals:
    """How a member actually decides, from the casebook: coaching signals, not a ranking."""

    cases: int = 0
    set_aside: int = 0
    escalated: int = 0
    open: int = 0
    overdue: int = 0
    lowered: int = 0  # rungs put below the inference (§3)
    against_advice: int = 0  # set aside where the advice said otherwise (§6)

    def to_json(self) -> dict[str, int | float | None]:
        return {
            "cases": self.cases,
            "set_aside_rate": round(self.set_aside / self.cases, 3) if self.cases else None,
            "escalated_rate": round(self.escalated / self.cases, 3) if self.cases else None,
            "open": self.open,
            "overdue": self.overdue,
            "lowered": self.lowered,
            "against_advice": self.against_advice,
        }


@dataclass(frozen=True)
class Member:
    profile: Profile
    room: Room
    signals: Signals | None  # None: no casebook to learn from


@dataclass(frozen=True)
class AdviceRule:
    colour: str
    min_share: float
    text: str


COLOUR_COLUMNS = ("dominant", "secondary")
# The casebook's signals, in the order a team lead reads them (§9).
SIGNALS = ("cases", "set_aside", "escalated", "open", "overdue", "lowered", "against_advice")
RATE_COLUMNS = ("set_aside", "escalated")


@dataclass(frozen=True)
class TeamView:
    members: list[Member]
    frame: Frame
    distribution: dict[str, int] = field(default_factory=dict)
    advice: list[str] = field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        """The member table's columns; the signals only when there is a casebook."""
        base = ("name", "dominant", "secondary", "comfort", "stretch")
        if any(m.signals is not None for m in self.members):
            return (*base, *SIGNALS)
        return base

    def rows(self) -> list[list[str | int | float | None]]:
        """One row per member, in `columns` order: names, colour keys, rungs, counts and
        rates (0-1, None without cases). Each renderer only decides how they look."""
        width = len(self.columns)
        rows: list[list[str | int | float | None]] = []
        for m in self.members:
            s = (m.signals or Signals()).to_json()
            row: list[str | int | float | None] = [
                m.profile.name,
                m.profile.dominant,
                m.profile.secondary,
                m.room.comfort,
                m.room.stretch,
                s["cases"],
                s["set_aside_rate"],
                s["escalated_rate"],
                s["open"],
                s["overdue"],
                s["lowered"],
                s["against_advice"],
            ]
            rows.append(row[:width])
        return rows

    @property
    def needs_permission(self) -> list[Member]:
        """Mandate above comfort: they need encouragement and explicit permission."""
        return [m for m in self.members if self.frame.max_rung_without_signoff > m.room.comfort]

    @property
    def may_overreach(self) -> list[Member]:
        """Comfort above mandate: watch for steps beyond what the frame allows."""
        return [m for m in self.members if m.room.comfort > self.frame.max_rung_without_signoff]


def build(
    profiles: Sequence[Profile],
    rungs: Mapping[str, tuple[int, int]],
    frame: Frame,
    rules: Sequence[AdviceRule],
    signals: Mapping[str, Signals] | None = None,
) -> TeamView:
    """The team view; `signals` is keyed by the slug of the agent's name, as profiles are."""
    members = [
        Member(
            profile,
            room_for(profile.close, rungs),
            None if signals is None else signals.get(slug(profile.name), Signals()),
        )
        for profile in profiles
    ]
    distribution = {colour: sum(1 for p in profiles if p.dominant == colour) for colour in COLOURS}
    total = len(profiles)
    advice = [
        rule.text
        for rule in rules
        if total and distribution.get(rule.colour, 0) / total >= rule.min_share
    ]
    return TeamView(members, frame, distribution, advice)

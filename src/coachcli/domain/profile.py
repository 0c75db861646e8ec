"""Colour profiles (SPEC §4, §5): scoring the questionnaire, and a person's room to move.

Scores are ipsative: they compare one person's preferences with each other, never one
person with another. For each item the statement most like you gets 2 points, the least
like you 0, the other two 1 each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coachcli.domain.advice import Room
from coachcli.errors import ConfigError, UsageError

COLOURS = ("blue", "red", "yellow", "green")  # also the order that breaks ties
BALANCED_POINTS = 5


@dataclass(frozen=True)
class Option:
    id: str
    colour: str
    text: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Answer:
    most: str
    least: str


@dataclass(frozen=True)
class Result:
    points: Mapping[str, int]
    scores: Mapping[str, float]
    dominant: str
    secondary: str
    tied: tuple[str, ...]
    balanced: bool


def parse_items(document: Mapping[str, object]) -> list[Item]:
    """The questionnaire from its content file, checked: four options, one per colour."""
    items = []
    for raw in document.get("items", []):  # type: ignore[attr-defined]
        options = tuple(Option(o["id"], o["colour"], o["text"]) for o in raw["options"])
        if sorted(o.colour for o in options) != sorted(COLOURS):
            raise ConfigError("error.questionnaire_item", item=raw["id"])
        items.append(Item(raw["id"], raw["text"], options))
    return items


def check_answers(items: Sequence[Item], answers: Mapping[str, Answer]) -> None:
    """Every item answered once, with known options, and most differing from least."""
    known = {item.id: {o.id for o in item.options} for item in items}
    missing = [item.id for item in items if item.id not in answers]
    unknown = [item_id for item_id in answers if item_id not in known]
    wrong = [
        item_id
        for item_id, answer in answers.items()
        if item_id in known
        and (answer.most == answer.least or not {answer.most, answer.least} <= known[item_id])
    ]
    if missing:
        raise UsageError("error.answers_missing", items=", ".join(missing))
    if unknown:
        raise UsageError("error.answers_unknown", items=", ".join(unknown))
    if wrong:
        raise UsageError("error.answers_invalid", items=", ".join(wrong))


def score(items: Sequence[Item], answers: Mapping[str, Answer]) -> Result:
    """Ipsative scores per colour, dominant and secondary, ties and balance (§5)."""
    check_answers(items, answers)
    points = dict.fromkeys(COLOURS, 0)
    for item in items:
        answer = answers[item.id]
        for option in item.options:
            points[option.colour] += (
                2 if option.id == answer.most else 0 if option.id == answer.least else 1
            )
    total = 4 * len(items)
    scores = {colour: round(points[colour] / total * 100, 1) for colour in COLOURS}
    # sorted() is stable, so equal points keep the order blue, red, yellow, green.
    ranked = sorted(COLOURS, key=lambda colour: -points[colour])
    dominant, secondary = ranked[0], ranked[1]
    tied = tuple(
        colour
        for colour in COLOURS
        if points[colour] in (points[dominant], points[secondary])
        and sum(1 for other in COLOURS if points[other] == points[colour]) > 1
    )
    balanced = points[dominant] - points[secondary] <= BALANCED_POINTS
    return Result(points, scores, dominant, secondary, tied, balanced)


def parse_rungs(document: Mapping[str, Mapping[str, int]]) -> dict[str, tuple[int, int]]:
    """Comfort and stretch per colour, checked: 1 <= comfort <= stretch <= 4 (§4)."""
    rungs = {}
    for colour in COLOURS:
        values = document.get(colour, {})
        comfort, stretch = values.get("comfort"), values.get("stretch")
        if not (
            isinstance(comfort, int) and isinstance(stretch, int) and 1 <= comfort <= stretch <= 4
        ):
            raise ConfigError("error.rungs_invalid", colour=colour)
        rungs[colour] = (comfort, stretch)
    return rungs


def room_for(
    dominant: str, secondary: str, balanced: bool, rungs: Mapping[str, tuple[int, int]]
) -> Room:
    """The dominant colour's room; a balanced profile takes the lower comfort and the higher
    stretch of its top two colours (§4)."""
    comfort, stretch = rungs[dominant]
    if balanced:
        comfort = min(comfort, rungs[secondary][0])
        stretch = max(stretch, rungs[secondary][1])
    return Room(comfort, stretch, dominant)


def shuffled(item: Item, seed: int) -> list[Option]:
    """The item's statements in the order shown; the same seed gives the same order."""
    import random

    options = list(item.options)
    random.Random(f"{seed}:{item.id}").shuffle(options)
    return options


@dataclass(frozen=True)
class Profile:
    """One person's profile file (§5), with its keys in the documented order."""

    name: str
    team: str | None
    taken_at: str
    language: str
    scores: Mapping[str, float]
    dominant: str
    secondary: str
    tied: tuple[str, ...]
    balanced: bool
    comfort_rung: int
    stretch_rung: int
    seed: int
    answers: Mapping[str, Answer]

    def to_document(self) -> dict[str, object]:
        """The file's keys; `answers` only when they were read (not in the team view)."""
        document: dict[str, object] = {
            "name": self.name,
            "team": self.team or "",
            "taken_at": self.taken_at,
            "language": self.language,
            "scores": {colour: self.scores[colour] for colour in COLOURS},
            "dominant": self.dominant,
            "secondary": self.secondary,
            "tied": list(self.tied),
            "balanced": self.balanced,
            "comfort_rung": self.comfort_rung,
            "stretch_rung": self.stretch_rung,
            "seed": self.seed,
        }
        if self.answers:
            document["answers"] = {
                item: {"most": a.most, "least": a.least} for item, a in self.answers.items()
            }
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, object]) -> Profile:
        """Read a profile file's table; a missing or mistyped key raises ValueError."""
        try:
            scores = document["scores"]
            answers = document.get("answers", {})
            assert isinstance(scores, Mapping) and isinstance(answers, Mapping)
            profile = cls(
                name=str(document["name"]),
                team=str(document.get("team") or "") or None,
                taken_at=str(document["taken_at"]),
                language=str(document.get("language", "en")),
                scores={colour: float(scores[colour]) for colour in COLOURS},
                dominant=str(document["dominant"]),
                secondary=str(document["secondary"]),
                tied=tuple(document.get("tied", ())),  # type: ignore[arg-type]
                balanced=bool(document["balanced"]),
                comfort_rung=int(document["comfort_rung"]),  # type: ignore[call-overload]
                stretch_rung=int(document["stretch_rung"]),  # type: ignore[call-overload]
                seed=int(document.get("seed", 0)),  # type: ignore[call-overload]
                answers={
                    str(k): Answer(str(v["most"]), str(v["least"])) for k, v in answers.items()
                },
            )
        except (KeyError, TypeError, ValueError, AssertionError) as error:
            raise ValueError(str(error)) from None
        if profile.dominant not in COLOURS or profile.secondary not in COLOURS:
            raise ValueError("dominant and secondary must be colours")
        return profile

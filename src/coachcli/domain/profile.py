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
# Balanced: the second colour within 5 percentage points of the dominant one (§4).
BALANCED_PERCENT = 5
# Profiles written before the questionnaire had a version answered version 1, of 16 items.
FIRST_QUESTIONNAIRE = 1
FIRST_ITEMS = 16


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
    close: tuple[str, ...]  # the dominant and every colour within 5 points of it


def parse_items(document: Mapping[str, object]) -> list[Item]:
    """The questionnaire from its content file, checked: four options, one per colour."""
    items = []
    for raw in document.get("items", []):  # type: ignore[attr-defined]
        options = tuple(Option(o["id"], o["colour"], o["text"]) for o in raw["options"])
        if sorted(o.colour for o in options) != sorted(COLOURS):
            raise ConfigError("error.questionnaire_item", item=raw["id"])
        items.append(Item(raw["id"], raw["text"], options))
    return items


def questionnaire_version(document: Mapping[str, object]) -> int:
    """The questionnaire's version: a rewritten item gets a new id, and the file a new
    version, so a profile says which statements its answers were given to."""
    version = document.get("version", FIRST_QUESTIONNAIRE)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ConfigError("error.questionnaire_version")
    return version


def check_answers(items: Sequence[Item], answers: Mapping[str, Answer]) -> None:
    """Every item answered once, with known options, and most differing from least; the
    error names the items (§5). An unknown item comes first: answers to another version
    of the questionnaire are better told so than that every item is missing."""
    known = {item.id: {o.id for o in item.options} for item in items}
    unknown = [item_id for item_id in answers if item_id not in known]
    strange = [
        item_id
        for item_id, answer in answers.items()
        if item_id in known and not {answer.most, answer.least} <= known[item_id]
    ]
    same = [
        item_id
        for item_id, answer in answers.items()
        if item_id in known and item_id not in strange and answer.most == answer.least
    ]
    missing = [item.id for item in items if item.id not in answers]
    if unknown:
        raise UsageError("error.answers_unknown", items=", ".join(unknown))
    if strange:
        raise UsageError("error.answers_option", items=", ".join(strange))
    if same:
        raise UsageError("error.answers_same", items=", ".join(same))
    if missing:
        raise UsageError("error.answers_missing", items=", ".join(missing))


def score(items: Sequence[Item], answers: Mapping[str, Answer]) -> Result:
    """Ipsative scores per colour, dominant and secondary, ties and balance (§4, §5)."""
    check_answers(items, answers)
    points = dict.fromkeys(COLOURS, 0)
    for item in items:
        answer = answers[item.id]
        for option in item.options:
            points[option.colour] += (
                2 if option.id == answer.most else 0 if option.id == answer.least else 1
            )
    return ranked(points, len(items))


def ranked(points: Mapping[str, int], items: int) -> Result:
    """Scores, dominant, secondary, ties and closeness from a colour's raw points."""
    total = 4 * items
    scores = {colour: percent(points[colour], total) for colour in COLOURS}
    # sorted() is stable, so equal points keep the order blue, red, yellow, green.
    order = sorted(COLOURS, key=lambda colour: -points[colour])
    dominant, secondary = order[0], order[1]
    tied = tuple(
        colour
        for colour in COLOURS
        if points[colour] in (points[dominant], points[secondary])
        and sum(1 for other in COLOURS if points[other] == points[colour]) > 1
    )
    close = close_to(points, dominant, items)
    return Result(points, scores, dominant, secondary, tied, len(close) > 1, close)


def percent(points: int, total: int) -> float:
    """points / total as a percentage, rounded half up to one decimal (20/64 -> 31.3).

    Worked in whole numbers: round() on the float would round half to even (31.2), and
    the float of 31.25 is not always exactly 31.25."""
    tenths = (points * 1000 * 2 + total) // (2 * total)
    return tenths / 10


def close_to(points: Mapping[str, int], dominant: str, items: int) -> tuple[str, ...]:
    """The dominant colour, then every other colour within 5 percentage points of it, in
    the order of their points (ties in colour order).

    Exact, from the raw points: (p_dominant - p_other) / (4 × items) × 100 <= 5, with both
    sides multiplied out, so a rounded score never decides it (§4)."""
    others = sorted(
        (c for c in COLOURS if c != dominant),
        key=lambda colour: -points[colour],
    )
    near = [
        c for c in others if (points[dominant] - points[c]) * 100 <= BALANCED_PERCENT * 4 * items
    ]
    return (dominant, *near)


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


def room_for(close: Sequence[str], rungs: Mapping[str, tuple[int, int]]) -> Room:
    """The room of a profile whose close colours (the dominant first) are `close`: the
    lowest comfort and the highest stretch among them (§4). Not balanced, that is the
    dominant colour's own room."""
    comfort = min(rungs[colour][0] for colour in close)
    stretch = max(rungs[colour][1] for colour in close)
    return Room(comfort, stretch, close[0], tuple(close))


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
    questionnaire: int
    items: int
    points: Mapping[str, int]
    scores: Mapping[str, float]
    dominant: str
    secondary: str
    tied: tuple[str, ...]
    balanced: bool
    close: tuple[str, ...]
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
            "questionnaire": self.questionnaire,
            "items": self.items,
            "points": {colour: self.points[colour] for colour in COLOURS},
            "scores": {colour: self.scores[colour] for colour in COLOURS},
            "dominant": self.dominant,
            "secondary": self.secondary,
            "tied": list(self.tied),
            "balanced": self.balanced,
            "close": list(self.close),
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
        """Read a profile file's table; a missing or mistyped key raises ValueError.

        A file from before `points` (questionnaire 1, 16 items) is read from its scores,
        and its balance and close colours are worked out again by today's rule (§4): the
        file's own `balanced` counted 5 raw points, not 5 percentage points."""
        try:
            scores = document["scores"]
            answers = document.get("answers", {})
            assert isinstance(scores, Mapping) and isinstance(answers, Mapping)
            items = _count(document.get("items", FIRST_ITEMS))
            assert items >= 1
            raw_points = document.get("points")
            if raw_points is None:
                # Exact: below 250 items a score of 0.1 is less than half a point apart.
                points = {c: round(float(scores[c]) * 4 * items / 100) for c in COLOURS}
            else:
                assert isinstance(raw_points, Mapping)
                points = {c: _count(raw_points[c]) for c in COLOURS}
            dominant = str(document["dominant"])
            if dominant not in COLOURS:
                raise ValueError("dominant must be a colour")
            if raw_points is None or "close" not in document:
                close = close_to(points, dominant, items)
            else:
                close = tuple(str(c) for c in document["close"])  # type: ignore[attr-defined]
                assert close and close[0] == dominant and set(close) <= set(COLOURS)
            profile = cls(
                name=str(document["name"]),
                team=str(document.get("team") or "") or None,
                taken_at=str(document["taken_at"]),
                language=str(document.get("language", "en")),
                questionnaire=_count(document.get("questionnaire", FIRST_QUESTIONNAIRE)),
                items=items,
                points=points,
                scores={colour: float(scores[colour]) for colour in COLOURS},
                dominant=dominant,
                secondary=str(document["secondary"]),
                tied=tuple(document.get("tied", ())),  # type: ignore[arg-type]
                balanced=len(close) > 1,
                close=close,
                comfort_rung=int(document["comfort_rung"]),  # type: ignore[call-overload]
                stretch_rung=int(document["stretch_rung"]),  # type: ignore[call-overload]
                seed=int(document.get("seed", 0)),  # type: ignore[call-overload]
                answers={
                    str(k): Answer(str(v["most"]), str(v["least"])) for k, v in answers.items()
                },
            )
        except (KeyError, TypeError, ValueError, AssertionError) as error:
            raise ValueError(str(error) or "a key has the wrong type") from None
        if profile.secondary not in COLOURS:
            raise ValueError("dominant and secondary must be colours")
        return profile


def _count(value: object) -> int:
    """A whole number of 0 or more, from a TOML or JSON file (not a bool, not 2.5)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a whole number")
    return value

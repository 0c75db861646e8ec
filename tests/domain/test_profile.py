"""Profile scoring (SPEC §4, §5): the laws as properties, personas, balance and rooms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli import content
from coachcli.domain.names import slug
from coachcli.domain.profile import (
    COLOURS,
    Answer,
    Item,
    parse_items,
    parse_rungs,
    room_for,
    score,
    shuffled,
)
from coachcli.errors import ConfigError, UsageError

ITEMS = parse_items(content.load("questionnaire", "en"))
RUNGS = parse_rungs(content.load("rungs"))


def option_of(item: Item, colour: str) -> str:
    return next(o.id for o in item.options if o.colour == colour)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    answers = {}
    for item in ITEMS:
        most, least = draw(st.permutations([o.id for o in item.options]))[:2]
        answers[item.id] = Answer(most, least)
    return answers


@given(answer_sets())
def test_scores_sum_to_100_and_none_exceeds_50(answers: dict[str, Answer]) -> None:
    result = score(ITEMS, answers)
    assert abs(sum(result.scores.values()) - 100) <= 0.2  # four roundings to 0.1
    assert all(0 <= value <= 50 for value in result.scores.values())
    assert sum(result.points.values()) == 4 * len(ITEMS)


@given(answer_sets())
def test_dominant_and_secondary_follow_the_points_and_the_tie_order(
    answers: dict[str, Answer],
) -> None:
    result = score(ITEMS, answers)
    points = result.points
    best = max(points.values())
    assert result.dominant == next(c for c in COLOURS if points[c] == best)
    rest = [c for c in COLOURS if c != result.dominant]
    second = max(points[c] for c in rest)
    assert result.secondary == next(c for c in rest if points[c] == second)
    for colour in result.tied:
        assert [points[c] for c in COLOURS].count(points[colour]) > 1
    assert result.balanced == (points[result.dominant] - points[result.secondary] <= 5)


@pytest.mark.parametrize("colour", COLOURS)
def test_a_persona_that_always_picks_one_colour_gets_it_as_dominant(colour: str) -> None:
    least = {"blue": "green", "red": "blue", "yellow": "blue", "green": "red"}[colour]
    answers = {i.id: Answer(option_of(i, colour), option_of(i, least)) for i in ITEMS}
    result = score(ITEMS, answers)
    assert result.dominant == colour
    assert result.scores[colour] == 50.0
    assert result.scores[least] == 0.0
    assert not result.balanced


def test_ties_are_broken_blue_red_yellow_green() -> None:
    # Alternate: half the items blue most and green least, half red most and yellow least.
    answers = {}
    for n, item in enumerate(ITEMS):
        most, least = ("blue", "green") if n % 2 else ("red", "yellow")
        answers[item.id] = Answer(option_of(item, most), option_of(item, least))
    result = score(ITEMS, answers)
    assert result.points["blue"] == result.points["red"]
    assert (result.dominant, result.secondary) == ("blue", "red")
    assert result.tied == ("blue", "red")  # yellow and green tie too, but for third place
    assert result.balanced


@pytest.mark.parametrize(
    ("dominant", "secondary", "balanced", "expected"),
    [
        ("green", "red", False, (1, 2)),
        ("green", "red", True, (1, 4)),  # lower comfort (green 1), higher stretch (red 4)
        ("red", "green", True, (1, 4)),
        ("yellow", "blue", True, (1, 4)),
        ("blue", "green", True, (1, 3)),
        ("yellow", "red", False, (3, 4)),
    ],
)
def test_room_of_a_profile(
    dominant: str, secondary: str, balanced: bool, expected: tuple[int, int]
) -> None:
    room = room_for(dominant, secondary, balanced, RUNGS)
    assert (room.comfort, room.stretch, room.colour) == (*expected, dominant)


def test_answers_are_checked_and_the_error_names_the_items() -> None:
    answers = {i.id: Answer(i.options[0].id, i.options[1].id) for i in ITEMS}
    del answers["busy-queue"]
    with pytest.raises(UsageError) as missing:
        score(ITEMS, answers)
    assert "busy-queue" in missing.value.values["items"]
    answers["busy-queue"] = Answer("a", "a")
    with pytest.raises(UsageError) as same:
        score(ITEMS, answers)
    assert same.value.values["items"] == "busy-queue"
    answers["busy-queue"] = Answer("a", "b")
    answers["made-up"] = Answer("a", "b")
    with pytest.raises(UsageError) as unknown:
        score(ITEMS, answers)
    assert unknown.value.values["items"] == "made-up"


def test_the_shuffle_is_kept_by_its_seed() -> None:
    item = ITEMS[0]
    assert shuffled(item, 7) == shuffled(item, 7)
    orders = {tuple(o.id for o in shuffled(item, seed)) for seed in range(40)}
    assert len(orders) > 1


@pytest.mark.parametrize(
    ("document", "colour"),
    [
        ({"blue": {"comfort": 3, "stretch": 2}}, "blue"),
        ({"blue": {"comfort": 0, "stretch": 2}}, "blue"),
    ],
)
def test_rungs_must_hold_comfort_at_most_stretch(document: dict[str, object], colour: str) -> None:
    full = {c: {"comfort": 1, "stretch": 2} for c in COLOURS} | document
    with pytest.raises(ConfigError):
        parse_rungs(full)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Sanne de Vries", "sanne-de-vries"), ("Jöran  van Dijk", "joran-van-dijk"),
     ("Zoë O'Brien-Çelik", "zoe-o-brien-celik"), ("  ÅSA!! ", "asa")],
)  # fmt: skip
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_questionnaire_has_16_items_of_four_colours_with_the_same_ids(lang: str) -> None:
    items = parse_items(content.load("questionnaire", lang))
    assert len(items) >= 16
    assert len({item.id for item in items}) == len(items)
    for item, english in zip(items, ITEMS, strict=True):
        assert item.id == english.id
        assert sorted(o.colour for o in item.options) == sorted(COLOURS)
        assert [(o.id, o.colour) for o in item.options] == [
            (o.id, o.colour) for o in english.options
        ]

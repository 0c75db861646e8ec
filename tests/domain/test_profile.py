"""Profile scoring (SPEC §4, §5): the laws as properties, personas, balance and rooms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli import content
from coachcli.domain.names import old_slug, slug
from coachcli.domain.profile import (
    COLOURS,
    Answer,
    Item,
    Profile,
    parse_items,
    parse_rungs,
    percent,
    questionnaire_version,
    ranked,
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
    # Four roundings half up to 0.1, each at most 0.05 off (compared in tenths: no float error).
    assert abs(round(sum(result.scores.values()) * 10) - 1000) <= 2
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
    # 16 items: 5 percentage points of 64 is 3.2 points, so at most 3 raw points apart.
    assert result.balanced == (points[result.dominant] - points[result.secondary] <= 3)
    assert result.close[0] == result.dominant


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
    assert result.points == {"blue": 24, "red": 24, "yellow": 8, "green": 8}
    assert (result.dominant, result.secondary) == ("blue", "red")
    assert result.tied == ("blue", "red")  # yellow and green tie too, but for third place
    assert result.balanced and result.close == ("blue", "red")


def test_scores_round_half_up_to_one_decimal() -> None:
    """Four items blue most, twelve red most; green least in all 16.

    blue 4×2 + 12×1 = 20 → 20/64 = 31.25 → 31.3 (half to even would say 31.2);
    red 4×1 + 12×2 = 28 → 43.75 → 43.8; yellow 16 × 1 = 16 → 25.0; green 0."""
    answers = {
        item.id: Answer(option_of(item, "blue" if n < 4 else "red"), option_of(item, "green"))
        for n, item in enumerate(ITEMS)
    }
    result = score(ITEMS, answers)
    assert result.points == {"blue": 20, "red": 28, "yellow": 16, "green": 0}
    assert result.scores == {"blue": 31.3, "red": 43.8, "yellow": 25.0, "green": 0.0}
    assert (result.dominant, result.secondary, result.tied) == ("red", "blue", ())
    assert not result.balanced  # 8 points apart: 12.5 percentage points


@pytest.mark.parametrize(
    ("points", "total", "expected"),
    [(20, 64, 31.3), (12, 64, 18.8), (1, 3, 33.3), (2, 3, 66.7), (1, 8, 12.5), (1, 16, 6.3),
     (3, 80, 3.8), (0, 64, 0.0), (32, 64, 50.0)],
)  # fmt: skip
def test_percent_rounds_half_up(points: int, total: int, expected: float) -> None:
    assert percent(points, total) == expected


# Hand-worked (§4): with 16 items 5 percentage points of 4 × 16 = 64 is 3.2 raw points, so
# colours at most 3 points below the dominant are close. Rungs: blue (1, 3), red (4, 4),
# yellow (3, 4), green (1, 2).
@pytest.mark.parametrize(
    ("points", "items", "dominant", "secondary", "tied", "close", "room"),
    [
        # 3 points apart (4.7 pp): balanced.
        ({"blue": 22, "red": 19, "yellow": 12, "green": 11}, 16,
         "blue", "red", (), ("blue", "red"), (1, 4)),
        # 4 points apart (6.25 pp): not balanced, blue's own room.
        ({"blue": 23, "red": 19, "yellow": 11, "green": 11}, 16,
         "blue", "red", (), ("blue",), (1, 3)),
        # A three-way closeness counts all three: comfort min(1, 4, 3), stretch max(3, 4, 4).
        ({"blue": 20, "red": 18, "yellow": 17, "green": 9}, 16,
         "blue", "red", (), ("blue", "red", "yellow"), (1, 4)),
        # Green 2 below blue is close; red 5 below is not.
        ({"blue": 21, "red": 16, "yellow": 8, "green": 19}, 16,
         "blue", "green", (), ("blue", "green"), (1, 3)),
        # Green dominant, yellow close: green's comfort 1, yellow's stretch 4.
        ({"blue": 12, "red": 10, "yellow": 20, "green": 22}, 16,
         "green", "yellow", (), ("green", "yellow"), (1, 4)),
        ({"blue": 10, "red": 30, "yellow": 14, "green": 10}, 16,
         "red", "yellow", (), ("red",), (4, 4)),
        # A tie for dominant is settled blue before red; both are close.
        ({"blue": 20, "red": 20, "yellow": 12, "green": 12}, 16,
         "blue", "red", ("blue", "red"), ("blue", "red"), (1, 4)),
        # A three-way tie for dominant: all three close, blue first.
        ({"blue": 18, "red": 10, "yellow": 18, "green": 18}, 16,
         "blue", "yellow", ("blue", "yellow", "green"), ("blue", "yellow", "green"), (1, 4)),
        # A tie for second (red and green) is settled red first; 8 apart, not close.
        ({"blue": 8, "red": 16, "yellow": 24, "green": 16}, 16,
         "yellow", "red", ("red", "green"), ("yellow",), (3, 4)),
        # 20 items: 5 pp of 80 is exactly 4 points, and exactly 5 pp is still balanced.
        ({"blue": 16, "red": 22, "yellow": 26, "green": 16}, 20,
         "yellow", "red", (), ("yellow", "red"), (3, 4)),
        ({"blue": 15, "red": 21, "yellow": 26, "green": 18}, 20,
         "yellow", "red", (), ("yellow",), (3, 4)),
    ],
)  # fmt: skip
def test_balance_closeness_and_room_on_hand_worked_points(
    points: dict[str, int],
    items: int,
    dominant: str,
    secondary: str,
    tied: tuple[str, ...],
    close: tuple[str, ...],
    room: tuple[int, int],
) -> None:
    result = ranked(points, items)
    assert (result.dominant, result.secondary, result.tied) == (dominant, secondary, tied)
    assert result.close == close
    assert result.balanced == (len(close) > 1)
    got = room_for(result.close, RUNGS)
    assert (got.comfort, got.stretch, got.colour, got.close) == (*room, dominant, close)


def test_answers_are_checked_and_the_error_names_the_items() -> None:
    answers = {i.id: Answer(i.options[0].id, i.options[1].id) for i in ITEMS}
    del answers["queue-board-red-again"]
    with pytest.raises(UsageError) as missing:
        score(ITEMS, answers)
    assert (missing.value.key, missing.value.values["items"]) == (
        "error.answers_missing", "queue-board-red-again",
    )  # fmt: skip
    answers["queue-board-red-again"] = Answer("a", "a")
    with pytest.raises(UsageError) as same:
        score(ITEMS, answers)
    assert (same.value.key, same.value.values["items"]) == (
        "error.answers_same",
        "queue-board-red-again",
    )
    answers["queue-board-red-again"] = Answer("a", "e")
    with pytest.raises(UsageError) as option:
        score(ITEMS, answers)
    assert (option.value.key, option.value.values["items"]) == (
        "error.answers_option", "queue-board-red-again",
    )  # fmt: skip
    answers["queue-board-red-again"] = Answer("a", "b")
    answers["queue-on-red"] = Answer("a", "b")  # an item of questionnaire 2
    with pytest.raises(UsageError) as unknown:
        score(ITEMS, answers)
    assert (unknown.value.key, unknown.value.values["items"]) == (
        "error.answers_unknown", "queue-on-red",
    )  # fmt: skip


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
     ("Zoë O'Brien-Çelik", "zoe-o-brien-celik"), ("  ÅSA!! ", "asa"),
     ("Mehmet Yılmaz", "mehmet-yilmaz"), ("李伟", "li-wei"), ("Алексей", "aleksei"),
     ("Straße 12", "strasse-12"),
     # No letter left: "profile-" and the first 8 hex digits of the name's SHA-256
     # (printf '😀🎉' | sha256sum).
     ("😀🎉", "profile-f7648e9f")],
)  # fmt: skip
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Mehmet Yılmaz", "mehmet-ylmaz"), ("李伟", ""), ("Zoë O'Brien", "zoe-o-brien")],
)
def test_the_slug_of_the_earlier_rule(name: str, expected: str) -> None:
    assert old_slug(name) == expected


OLD_FILE = {  # a profile as coach wrote it before `points` (questionnaire 1, 16 items)
    "name": "Mehmet Yılmaz", "team": "Demo helpdesk", "taken_at": "2026-11-24T08:07:15.691Z",
    "language": "en", "dominant": "blue", "secondary": "green", "tied": [], "balanced": True,
    "comfort_rung": 1, "stretch_rung": 3, "seed": 1303338761,
    "scores": {"blue": 29.7, "red": 15.6, "yellow": 26.6, "green": 28.1},
}  # fmt: skip


def test_an_old_profile_is_read_from_its_scores_and_balanced_by_todays_rule() -> None:
    """Points = round(score × 64 / 100): 29.7 → 19.008 → 19, 15.6 → 9.984 → 10,
    26.6 → 17.024 → 17, 28.1 → 17.984 → 18. Green is 1 below blue and yellow 2: both close,
    so the room is comfort min(1, 1, 3) = 1 and stretch max(3, 2, 4) = 4."""
    profile = Profile.from_document(OLD_FILE)
    assert (profile.questionnaire, profile.items) == (1, 16)
    assert profile.points == {"blue": 19, "red": 10, "yellow": 17, "green": 18}
    assert profile.close == ("blue", "green", "yellow") and profile.balanced
    room = room_for(profile.close, RUNGS)
    assert (room.comfort, room.stretch) == (1, 4)
    again = Profile.from_document(profile.to_document())
    assert again == profile


def test_an_old_profile_whose_rival_is_4_points_behind_is_no_longer_balanced() -> None:
    # 31.3 → 20.032 → 20 and 25.0 → 16: 4 points apart, 6.25 pp (balanced by the old rule).
    scores = {"blue": 31.3, "red": 25.0, "yellow": 25.0, "green": 18.8}
    profile = Profile.from_document(OLD_FILE | {"scores": scores, "secondary": "red"})
    assert profile.points == {"blue": 20, "red": 16, "yellow": 16, "green": 12}
    assert (profile.close, profile.balanced) == (("blue",), False)


@pytest.mark.parametrize(
    "change",
    [{"items": 0}, {"items": "16"}, {"items": True}, {"points": {"blue": 1}},
     {"points": {"blue": -1, "red": 1, "yellow": 1, "green": 1}},
     {"points": dict.fromkeys(COLOURS, 16), "close": ["red"]}, {"dominant": "purple"}],
)  # fmt: skip
def test_a_mistyped_profile_is_a_value_error(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Profile.from_document(OLD_FILE | change)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_questionnaire_has_16_items_of_four_colours_with_the_same_ids(lang: str) -> None:
    document = content.load("questionnaire", lang)
    items = parse_items(document)
    assert questionnaire_version(document) == 6
    assert len(items) >= 16
    assert len({item.id for item in items}) == len(items)
    for item, english in zip(items, ITEMS, strict=True):
        assert item.id == english.id
        assert sorted(o.colour for o in item.options) == sorted(COLOURS)
        assert [(o.id, o.colour) for o in item.options] == [
            (o.id, o.colour) for o in english.options
        ]


def test_no_item_of_an_earlier_questionnaire_is_asked_again_under_its_id() -> None:
    """Every item was rewritten for version 2 and again for version 3, and ten of them for
    version 4, so each has a new id and answers given to older statements are never scored
    against these (§5)."""
    version_1 = {
        "call-no-script", "rule-feels-wrong", "angry-customer", "new-procedure",
        "colleague-bends", "distress-call", "goodwill-gesture", "busy-queue", "team-meeting",
        "mistake-made", "unclear-policy", "long-time-customer", "feedback", "system-down",
        "new-colleague", "end-of-day",
    }  # fmt: skip
    version_2 = {
        "off-script-question", "caller-shouting", "queue-on-red", "bill-during-hospital-stay",
        "system-outage", "thirty-years-insured", "rule-works-out-unfairly",
        "documents-disagree", "new-way-of-working", "goodwill-without-criteria",
        "colleague-promises-more", "hard-case-in-the-meeting", "newcomer-asks-about-scripts",
        "critical-feedback", "wrong-information-yesterday", "claim-between-departments",
    }  # fmt: skip
    rewritten_for_4 = {
        "third-call-same-claim", "bill-while-partner-in-hospital", "claims-system-down",
        "rule-unfair-for-this-customer", "policy-texts-contradict", "new-claims-procedure",
        "goodwill-no-guidelines", "colleague-promises-outside-policy",
        "team-lead-feedback-on-call", "claim-stuck-between-departments",
    }  # fmt: skip
    rewritten_for_5 = {
        "question-no-script-covers", "long-queue-board-red", "loyal-customer-asks-exception",
        "rule-unfair-this-time", "goodwill-unwritten", "colleague-promise-beyond-policy",
        "new-colleague-asks-about-scripts", "claim-stuck-two-departments",
    }  # fmt: skip
    rewritten_for_6 = {
        "question-beyond-the-scripts", "queue-board-turns-red", "claims-system-offline",
        "goodwill-nobody-wrote-down", "colleague-promised-too-much", "newcomer-and-the-scripts",
        "claim-between-two-desks",
    }  # fmt: skip
    rewritten_for_4 |= rewritten_for_5 | rewritten_for_6
    assert not (version_1 | version_2 | rewritten_for_4) & {item.id for item in ITEMS}

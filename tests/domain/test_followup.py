"""Follow-ups and "the same rule", as pure decisions (SPEC §7, §11)."""

from __future__ import annotations

from datetime import date

import pytest

from coachcli.domain.case import prefix_end, rule_key, rule_prefix
from coachcli.domain.followup import first_day_not_due, follow_up, is_due
from coachcli.errors import UsageError
from tests.helpers import NOW, make_case


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ("Brillen alleen via een opticien", "brillen alleen via een opticien"),
        # Runs of spaces, a tab, a no-break space and a newline are one space; none at the ends.
        ("  BRILLEN \t alleen\u00a0via\neen OPTICIEN  ", "brillen alleen via een opticien"),
        # NFKC: full-width letters and the "ﬁ" ligature are plain letters.
        ("\uff22rillen: \ufb01lter", "brillen: filter"),
        # Case-folding, not lower(): "ß" folds to "ss", the final sigma to a sigma.
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("ΟΔΟΣ", "οδοσ"),
        ("Ὀδός", "ὀδόσ"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_rule_key_folds_case_width_and_white_space(rule: str, key: str) -> None:
    assert rule_key(rule) == key


def test_rule_key_is_its_own_key() -> None:
    """ "ǰ" folds to "ǰ" decomposed; normalising once more makes it one letter again."""
    assert rule_key("ǰ") == "\u01f0"
    for rule in ("ǰ", "ΰ", "\uff33traße  \uff2fK", "ﬃ"):
        assert rule_key(rule_key(rule)) == rule_key(rule)


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("Brillen*", "brillen"),
        ("BRILLEN *", "brillen "),  # a space before the * asks for the whole word
        ("  Brillen   alleen   * ", "brillen alleen "),
        ("*", ""),
    ],
)
def test_rule_prefix(typed: str, prefix: str) -> None:
    assert rule_prefix(typed) == prefix


def test_prefix_end_is_the_least_text_above_every_text_with_the_prefix() -> None:
    assert prefix_end("brillen") == "brilleo"
    assert prefix_end("brillen ") == "brillen!"  # " " is U+0020, "!" U+0021
    assert prefix_end("a\U0010ffff") == "b"  # no character follows U+10FFFF
    assert prefix_end("\ud7ff") == "\ue000"  # surrogates are no text
    assert prefix_end("\U0010ffff") is None
    # Every text that starts so lies in [prefix, end), and no other does.
    start, end = "brillen", "brilleo"
    for text, inside in [
        ("brillen", True),
        ("brillen\U0010ffffx", True),
        ("brillenglazen", True),
        ("brille", False),
        ("brilleo", False),
        ("brillfn", False),
    ]:
        assert (start <= text < end) is inside, text


# NOW is Wednesday 25 November 2026.
def test_a_follow_up_is_due_on_the_same_weekday_six_weeks_later() -> None:
    today = NOW.date()
    # Six weeks before Wed 25 Nov is Wed 14 Oct: decided that day or earlier, it is due.
    assert first_day_not_due(today, 6) == date(2026, 10, 15)
    assert first_day_not_due(today, 1) == date(2026, 11, 19)
    assert first_day_not_due(today, 52) == date(2025, 11, 27)


def test_only_a_decided_case_not_yet_followed_up_and_decided_before_the_bound_is_due() -> None:
    before = "2026-10-14T22:00:00.000Z"
    decided = make_case(
        status="decided", decision="set-aside", decided_at="2026-10-14T21:59:59.999Z"
    )
    assert is_due(decided, before)
    assert is_due(make_case(status="closed", decision="followed-rule",
                            decided_at="2026-09-01T10:00:00.000Z"), before)  # fmt: skip
    assert not is_due(make_case(status="decided", decision="set-aside",
                                decided_at="2026-10-14T22:00:00.000Z"), before)  # fmt: skip
    assert not is_due(make_case(status="open", decision="escalated"), before)
    assert not is_due(make_case(status="open"), before)
    assert not is_due(
        make_case(status="decided", decision="set-aside", decided_at="2026-09-01T10:00:00.000Z",
                  retained="unknown"), before)  # fmt: skip


def test_follow_up_records_the_answer_now_and_refuses_an_undecided_case() -> None:
    case = make_case(
        status="decided", decision="followed-rule", decided_at="2026-10-01T10:00:00.000Z"
    )
    followed = follow_up(case, "no", NOW)
    assert (followed.retained, followed.followed_up_at, followed.updated_at) == (
        "no",
        "2026-11-25T09:30:00.000Z",
        "2026-11-25T09:30:00.000Z",
    )
    assert followed.decided_at == case.decided_at  # nothing else changes
    with pytest.raises(UsageError) as refused:
        follow_up(make_case(status="open", decision="escalated"), "yes", NOW)
    assert refused.value.key == "error.follow_up_undecided"
    with pytest.raises(ValueError):
        follow_up(case, "maybe", NOW)

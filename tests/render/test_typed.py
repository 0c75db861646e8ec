"""What people typed is shown as text (SPEC §13): control characters written out, never run."""

from __future__ import annotations

import pytest

from coachcli.render.typed import shown, visible

ARABIC = "\u0641\u0627\u0637\u0645\u0629"  # a name written right to left: Fatima


@pytest.mark.parametrize(
    ("typed", "one_line", "expected"),
    [
        ("\x1b[2JWig", False, "\\x1b[2JWig"),  # clear screen
        ("\x1b]0;title\x07", False, "\\x1b]0;title\\x07"),  # window title
        ("\x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\", False,
         "\\x1b]8;;http://evil\\x1b\\here\\x1b]8;;\\x1b\\"),  # an OSC 8 link
        ("\x9b2J \x90x\x9c", False, "\\x9b2J \\x90x\\x9c"),  # C1: CSI, DCS, ST
        ("\x00\x08\x7f", False, "\\x00\\x08\\x7f"),
        ("a\rb", False, "a\\x0db"),  # a lone carriage return would overwrite the line
        ("\u202eevil\u2066x\u2069", False, "\\u202eevil\\u2066x\\u2069"),  # bidi overrides
        (f"\u200f{ARABIC}\u200f", False, f"\u200f{ARABIC}\u200f"),  # right-to-left marks stay
        ("🙂 顧客 naïve", False, "🙂 顧客 naïve"),
        ("a\tb", False, "a b"),
        ("one\ntwo\r\nthree\u2028four", False, "one\ntwo\nthree\nfour"),
        ("one \n two\r\nthree\u2029four\tfive", True, "one two three four five"),
        ("\x0b\x0c\x85", True, "\\x0b\\x0c\\x85"),
        ("[bold]not markup[/]", True, "[bold]not markup[/]"),
    ],
)  # fmt: skip
def test_control_characters_are_written_out(typed: str, one_line: bool, expected: str) -> None:
    assert visible(typed, one_line=one_line) == expected


def test_shown_is_text_never_markup() -> None:
    text = shown("[red]\x1b[31m", "bold", one_line=True)
    assert (text.plain, str(text.style)) == ("[red]\\x1b[31m", "bold")


def test_a_whole_case_is_made_visible_down_to_its_comments() -> None:
    from decimal import Decimal

    from coachcli.domain.case import Advice, Comment
    from coachcli.render.typed import visible_all
    from tests.helpers import make_case

    bad = "\x1b]0;x\x07"
    case = make_case(
        situation=f"wig{bad}", agent=bad, tags=("a", bad), notes={"loyalty": bad, "cost": None},
        advice=Advice("go", True, True, bad, "ok"), rule_cost=Decimal("1.50"),
        comments=(Comment("c1", bad, "2026-11-24T09:00:00.000Z", f"one\n{bad}"),),
    )  # fmt: skip
    shown = visible_all(case)
    escaped = "\\x1b]0;x\\x07"
    assert (shown.situation, shown.agent, shown.tags) == (f"wig{escaped}", escaped, ("a", escaped))
    assert shown.notes == {"loyalty": escaped, "cost": None}
    assert (shown.advice.text, shown.advice.watch_out) == (escaped, "ok")  # type: ignore[union-attr]
    assert (shown.comments[0].author, shown.comments[0].text) == (escaped, f"one\n{escaped}")
    assert (shown.rule_cost, shown.id, shown.status) == (Decimal("1.50"), case.id, "open")
    assert case.situation == f"wig{bad}"  # the case itself is left as it was

"""How a table gives way on a narrow terminal (SPEC §7): needed columns stay whole."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from coachcli.render.fit import Column, Either, Fitted


def col(header: str, cells: list[str], **options: Any) -> Column:
    column = Column(header, **options)
    for cell in cells:
        column.add(cell)
    return column


def printed(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True).print(renderable)
    return out.getvalue().splitlines()


def cases() -> list[Column]:
    return [
        col("id", ["3f9a2c1b", "77aa01ff"]),
        col("status", ["overdue by 12 days", "decided"]),
        col("agent", ["Fatima El Amrani", "Bram"], cut=8, comfort=16, grow=1),
        col("situation", ["Customer asks for the taxi to be paid " * 3, "Wig"],
               cut=20, comfort=32, grow=3, below=True),
        col("rule", ["Transport only by ambulance", "New wig only"], drop=1,
               cut=16, grow=2),
    ]  # fmt: skip


def test_at_80_columns_the_optional_column_goes_and_the_needed_ones_stay_whole() -> None:
    lines = printed(Fitted(cases()), 80)
    assert lines[0].split() == ["id", "status", "agent", "situation"]
    assert lines[1] == (
        "3f9a2c1b  overdue by 12 days  Fatima El Amrani  Customer asks for the taxi to b…"
    )
    assert lines[2] == f"77aa01ff  {'decided':18}  {'Bram':16}  Wig"


def test_with_more_room_the_optional_column_comes_back() -> None:
    lines = printed(Fitted(cases()), 140)
    assert lines[0].split() == ["id", "status", "agent", "situation", "rule"]
    assert lines[1].endswith("…  Transport only by ambulance")  # the rule whole
    assert lines[2].endswith("  New wig only")


def test_too_narrow_for_one_line_the_free_text_gets_a_line_of_its_own() -> None:
    # One space between columns keeps one line while the name and 32 cells of text fit.
    one_line = printed(Fitted(cases()), 77)[0]
    assert one_line == "id       status             agent            situation"
    assert printed(Fitted(cases()), 76)[1] == "          situation"
    assert printed(Fitted(cases()), 50) == [
        "id        status              agent",
        "          situation",
        "3f9a2c1b  overdue by 12 days  Fatima El Amrani",
        "          Customer asks for the taxi to be paid C…",
        "77aa01ff  decided             Bram",
        "          Wig",
    ]


def test_wide_characters_count_twice_and_are_cut_whole() -> None:
    table = Fitted([col("id", ["aa"]), col("s", ["顧客" * 20], cut=5, grow=1)])
    (_, line) = printed(table, 20)
    assert line == "aa  顧客顧客顧客顧…"  # 4 + 15 cells: half a character does not fit


def test_either_shows_the_whole_table_or_its_parts_with_their_names() -> None:
    name = col("name", ["Fatima El Amrani"], cut=10, comfort=20, grow=1)
    colours = [col(h, ["yellow"]) for h in ("dominant", "secondary")]
    signals = [col(h, ["1"], justify="right") for h in ("escalated", "open", "overdue")]
    either = Either(Fitted([name, *colours, *signals]), [Fitted([name, *colours]),
                                                         Fitted([name, *signals])])  # fmt: skip
    assert printed(either, 80) == [
        "name              dominant  secondary  escalated  open  overdue",
        "Fatima El Amrani  yellow    yellow             1     1        1",
    ]
    assert printed(either, 50) == [
        "name              dominant  secondary",
        "Fatima El Amrani  yellow    yellow",
        "",
        "name              escalated  open  overdue",
        "Fatima El Amrani          1     1        1",
    ]

"""Rich renderables for what the casebook teaches: `casebook stats` and `casebook rules`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.i18n import percent
from coachcli.render.typed import shown, visible

if TYPE_CHECKING:
    from rich.console import Group

    from coachcli.domain.report import RuleReport
    from coachcli.i18n import Messages


def stats_view(
    figures: Mapping[str, Any], t: Messages, golden: Mapping[str, Any], currency: str
) -> Group:
    """A small dashboard: problems solved and money saved first, then the breakdowns."""
    from rich.console import Group

    main = Table(box=None, show_header=False, pad_edge=False)
    main.add_column(style="bold", no_wrap=True)
    main.add_column(justify="right", no_wrap=True)
    rate = figures["resolution_rate"]
    hours = figures["median_hours_to_decision"]
    rows = [
        ("cases", str(figures["cases"])),
        ("resolution_rate", percent(rate)),
        ("cost_avoided", t.amount(figures["cost_avoided"], currency)),
        ("goodwill_spent", t.amount(figures["goodwill_spent"], currency)),
        ("open", str(figures["open"])),
        ("overdue", str(figures["overdue"])),
        ("median_hours_to_decision", "-" if hours is None else t.number(hours)),
        ("rules_changed", str(figures["rules_changed"])),
    ]
    for key, value in rows:
        main.add_row(t(f"stats.{key}"), value)
    breakdown = Table(box=None, header_style="bold", pad_edge=False)
    for section in ("by_verdict", "by_decision", "by_outcome"):
        breakdown.add_column(t(f"stats.{section}"), no_wrap=True)
    words = {
        **{v: t(f"verdict.{v}") for v in ("go", "discuss", "stop")},
        **golden["decisions"],
        **golden["outcomes"],
        "undecided": golden["decisions"]["later"],
    }
    columns = [
        [f"{words.get(key, key)}: {n}" for key, n in figures[section].items()]
        for section in ("by_verdict", "by_decision", "by_outcome")
    ]
    for row in range(max(len(c) for c in columns)):
        breakdown.add_row(*(c[row] if row < len(c) else "" for c in columns))
    note = Text(t("stats.note"), style="dim")
    return Group(main, Text(""), breakdown, Text(""), note)


def rules_view(ranked: list[RuleReport], t: Messages) -> Group:
    """The rules most often set aside, with outcomes, and which to consider rewriting."""
    from rich.console import Group

    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("rule", "cases", "set_aside", "followed", "escalated", "resolved"):
        table.add_column(t(f"rules.col_{header}"), no_wrap=header != "rule")
    for report in ranked:
        mark = " ★" if report.candidate else ""
        table.add_row(
            shown(report.rule + mark, one_line=True),
            str(report.cases),
            str(report.set_aside),
            str(report.followed),
            str(report.escalated),
            str(report.resolved),
        )
    candidates = [r for r in ranked if r.candidate]
    lines = Text()
    if candidates:
        lines.append(t("rules.candidates") + "\n", style="bold")
        for r in candidates:
            lines.append(
                t(
                    "rules.candidate",
                    rule=visible(r.rule, one_line=True),
                    set_aside=r.set_aside,
                    share=percent(r.resolved / r.closed),
                )
                + "\n"
            )
    else:
        lines.append(t("rules.no_candidates"), style="dim")
    return Group(table, Text(""), lines)

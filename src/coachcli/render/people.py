"""Rich renderables for people: profiles, the team view, the frame and the goodwill budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.frame import AMOUNT_KEYS
from coachcli.domain.money import plain
from coachcli.domain.team import COLOUR_COLUMNS, RATE_COLUMNS
from coachcli.i18n import percent

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Group

    from coachcli.domain.advice import Room
    from coachcli.domain.frame import Frame
    from coachcli.domain.ladder import Budget
    from coachcli.domain.profile import Profile
    from coachcli.domain.team import Member, TeamView
    from coachcli.i18n import Messages


BAR_WIDTH = 30
COLOUR_STYLE = {"blue": "blue", "red": "red", "yellow": "yellow", "green": "green"}


def score_bars(scores: Mapping[str, float], colours: Mapping[str, Any]) -> Table:
    """The four scores as coloured bars; 50 (the most anyone can score) fills the bar."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for colour, value in scores.items():
        bar = "█" * round(value / 50 * BAR_WIDTH)
        table.add_row(
            colours[colour]["name"], Text(bar, style=COLOUR_STYLE[colour]), f"{value:.1f}"
        )
    return table


def profile_result(profile: Profile, room: Room, t: Messages, colours: Mapping[str, Any]) -> Group:
    """The result screen of §5: bars, the two colours, comfort and stretch, tips, watch-outs."""
    from rich.console import Group

    dominant, secondary = colours[profile.dominant], colours[profile.secondary]
    lines = Text()
    lines.append(t("profile.dominant", colour=dominant["name"]) + " ", style="bold")
    lines.append(dominant["description"] + "\n")
    lines.append(t("profile.secondary", colour=secondary["name"]) + " ", style="bold")
    lines.append(secondary["description"] + "\n")
    if profile.balanced:
        lines.append(t("profile.balanced", first=dominant["name"], second=secondary["name"]) + "\n")
    lines.append("\n" + t("profile.comfort", rung=colours["rungs"][str(room.comfort)]) + "\n")
    lines.append(t("profile.stretch", rung=colours["rungs"][str(room.stretch)]) + "\n")
    lines.append("\n" + t("profile.helps", text=dominant["helps"]) + "\n")
    lines.append(t("profile.watch_out", text=dominant["watch_out"]))
    if profile.balanced and secondary["watch_out"] != dominant["watch_out"]:
        lines.append(" " + secondary["watch_out"])
    title = Text(t("profile.title", name=profile.name), style="bold")
    return Group(title, score_bars(profile.scores, colours), Text(""), lines)


def profile_table(profiles: list[Profile], t: Messages, colours: Mapping[str, Any]) -> Table:
    """`profile list`: who, their colours and rungs. Never sorted by score (ipsative)."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("name", "team", "dominant", "secondary", "comfort", "stretch", "taken"):
        table.add_column(t(f"profile.col_{header}"), no_wrap=True)
    for p in profiles:
        table.add_row(
            Text(p.name),
            Text(p.team or "-"),
            Text(colours[p.dominant]["name"], style=COLOUR_STYLE[p.dominant]),
            Text(colours[p.secondary]["name"], style=COLOUR_STYLE[p.secondary]),
            str(p.comfort_rung),
            str(p.stretch_rung),
            p.taken_at[:10],
        )
    return table


def frame_table(frame: Frame, t: Messages) -> Table:
    """`team frame`: each setting with what it means."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="dim")
    for key, value in frame.as_dict().items():
        shown = t.amount(value, frame.currency) if key in AMOUNT_KEYS else str(value)
        table.add_row(key, shown, t(f"frame.{key}"))
    return table


def team_view(view: TeamView, t: Messages, colours: Mapping[str, Any]) -> Group:
    """`team profile`: the mix, the members, the frame, who needs what, and advice (§9)."""
    from rich.console import Group

    total = len(view.members)
    mix = Table(box=None, show_header=False, pad_edge=False)
    mix.add_column(no_wrap=True)
    mix.add_column(no_wrap=True)
    mix.add_column(justify="right", no_wrap=True)
    for colour, count in view.distribution.items():
        bar = "█" * round(count / total * BAR_WIDTH) if total else ""
        mix.add_row(colours[colour]["name"], Text(bar, style=COLOUR_STYLE[colour]), str(count))

    def cell(column: str, value: Any) -> tuple[str, str]:
        """(text, style) of one member-table cell."""
        if column in COLOUR_COLUMNS:
            return colours[value]["name"], COLOUR_STYLE[value]
        return (percent(value) if column in RATE_COLUMNS else str(value)), ""

    columns = view.columns
    rows = [[cell(c, v) for c, v in zip(columns, row, strict=True)] for row in view.rows()]
    members = _columns([t(f"team.col_{c}") for c in columns], rows)

    frame = view.frame
    lines = Text()
    lines.append(
        t(
            "team.frame_line",
            mandate=frame.max_rung_without_signoff,
            budget=plain(frame.goodwill_budget),
            currency=frame.currency,
        )
        + "\n\n"
    )
    lines.append(t("team.needs_permission") + " ", style="bold")
    lines.append(_names(view.needs_permission, t) + "\n")
    lines.append(t("team.may_overreach") + " ", style="bold")
    lines.append(_names(view.may_overreach, t) + "\n")
    if view.advice:
        lines.append("\n" + t("team.advice") + "\n", style="bold")
        for text in view.advice:
            lines.append(f"- {text}\n")
    if "cases" in columns:
        lines.append("\n" + t("team.signals_note"), style="dim")
    title = Text(t("team.title", count=total), style="bold")
    return Group(title, mix, Text(""), members, Text(""), lines)


def _columns(headers: list[str], rows: list[list[tuple[str, str]]]) -> Text:
    """A plain aligned table as one Text. A rich Table measures every cell, which takes a
    second for a team of 2,000; this takes milliseconds and looks the same."""
    widths = [max([len(h), *(len(row[n][0]) for row in rows)]) for n, h in enumerate(headers)]
    # Lines too wide for the terminal are cut, never wrapped: wrapping breaks the columns.
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n",
        style="bold",
    )
    for row in rows:
        for n, ((value, style), width) in enumerate(zip(row, widths, strict=True)):
            text.append(value, style=style or None)
            if n < len(row) - 1:
                text.append(" " * (width - len(value) + 2))
        text.append("\n")
    return text


def _names(members: list[Member], t: Messages) -> str:
    return ", ".join(m.profile.name for m in members) or t("team.nobody")


def budget_view(
    agent: str,
    period: str,
    figures: Budget,
    currency: str,
    cases: list[tuple[str, Decimal]],
    t: Messages,
) -> Text:
    """`coach budget`: the month's goodwill, what was spent on which cases, what remains."""
    text = Text()
    text.append(t("budget.title", agent=agent, period=period) + "\n", style="bold")
    text.append(
        t(
            "budget.line",
            budget=t.amount(figures.budget, currency),
            spent=t.amount(figures.spent, currency),
            remaining=t.amount(figures.remaining, currency),
        )
        + "\n"
    )
    for case_id, extra in cases:
        text.append(f"  {case_id[:8]}  {t.amount(extra, currency)}\n")
    if not cases:
        text.append(t("budget.none") + "\n", style="dim")
    return text

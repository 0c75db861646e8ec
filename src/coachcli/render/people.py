"""Rich renderables for people: profiles, the team view, the frame and the goodwill budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.frame import AMOUNT_KEYS
from coachcli.domain.team import COLOUR_COLUMNS, RATE_COLUMNS, SIGNALS
from coachcli.i18n import percent
from coachcli.render.fit import Column, Either, Fitted
from coachcli.render.typed import visible

if TYPE_CHECKING:
    from datetime import datetime
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


def score_bars(scores: Mapping[str, float], colours: Mapping[str, Any], t: Messages) -> Table:
    """The four scores as coloured bars, each with its share (`26,6%` in Dutch); 50 (the
    most anyone can score) fills the bar."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for colour, value in scores.items():
        bar = "█" * round(value / 50 * BAR_WIDTH)
        table.add_row(
            colours[colour]["name"], Text(bar, style=COLOUR_STYLE[colour]), t.share(value)
        )
    return table


def profile_result(profile: Profile, room: Room, t: Messages, colours: Mapping[str, Any]) -> Group:
    """The result screen of §5: bars, the two colours, comfort and stretch, tips, watch-outs.

    A balanced profile names every close colour, and shows the tip and watch-out of each:
    its room takes in all of them (§4). A tie settled by the colour order is said."""
    from rich.console import Group

    dominant, secondary = colours[profile.dominant], colours[profile.secondary]
    lines = Text()
    lines.append(t("profile.dominant", colour=dominant["name"]) + " ", style="bold")
    lines.append(dominant["description"] + "\n")
    lines.append(t("profile.secondary", colour=secondary["name"]) + " ", style="bold")
    lines.append(secondary["description"] + "\n")
    close = room.close or (profile.dominant,)
    if len(close) > 1:
        names = t.listed([colours[c]["name"] for c in close])
        key = "profile.balanced" if len(close) == 2 else "profile.balanced_more"
        lines.append("\n" + t(key, colours=names) + "\n")
    if profile.tied:
        names = t.listed([colours[c]["name"] for c in profile.tied])
        lines.append(t("profile.tied", colours=names) + "\n")
    lines.append("\n" + t("profile.comfort", rung=colours["rungs"][str(room.comfort)]) + "\n")
    lines.append(t("profile.stretch", rung=colours["rungs"][str(room.stretch)]) + "\n")
    title = Text(t("profile.title", name=visible(profile.name, one_line=True)), style="bold")
    bars = score_bars(profile.scores, colours, t)
    # One row per colour (each close one, when balanced): its name, then its text wrapped
    # beside it. No "Watch out: Promise…": Dutch writes no capital after a colon.
    lines.rstrip()
    parts: list[Any] = [title, bars, Text(""), lines]
    for key, field in (("profile.helps", "helps"), ("profile.watch_out", "watch_out")):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for colour in close:
            name = Text("  " + colours[colour]["name"], style=COLOUR_STYLE[colour])
            text = colours[colour][field]  # a fragment elsewhere ("...: checking the cost")
            grid.add_row(name, text[:1].upper() + text[1:])
        parts += [Text(""), Text(t(key)), grid]
    return Group(*parts)


def profile_table(
    profiles: list[Profile], t: Messages, colours: Mapping[str, Any], now: datetime
) -> Fitted:
    """`profile list`: who, their colours and rungs. Never sorted by score (ipsative).

    The name, both colours, comfort and stretch are always shown in full; the team and the
    day the profile was taken when there is room."""

    def header(key: str) -> str:
        return t(f"profile.col_{key}")

    columns = {
        "name": Column(header("name"), cut=10, comfort=20, grow=2, cap=30),
        "team": Column(header("team"), drop=1, cut=8, comfort=14, grow=1, cap=24),
        "dominant": Column(header("dominant")),
        "secondary": Column(header("secondary")),
        "comfort": Column(header("comfort"), justify="right"),
        "stretch": Column(header("stretch"), justify="right"),
        "taken": Column(header("taken"), drop=2),
    }
    for p in profiles:
        cells = {
            "name": (visible(p.name, one_line=True), ""),
            "team": (visible(p.team or "-", one_line=True), ""),
            "dominant": (colours[p.dominant]["name"], COLOUR_STYLE[p.dominant]),
            "secondary": (colours[p.secondary]["name"], COLOUR_STYLE[p.secondary]),
            "comfort": (str(p.comfort_rung), ""),
            "stretch": (str(p.stretch_rung), ""),
            "taken": (_taken(p.taken_at, now, t), ""),
        }
        for key, column in columns.items():
            column.add(*cells[key])
    return Fitted(list(columns.values()))


def _taken(stamp: str, now: datetime, t: Messages) -> str:
    """The day a profile was taken; a file edited by hand may hold anything there."""
    from coachcli.domain.case import parse_iso
    from coachcli.render.dates import short_date

    try:
        if parse_iso(stamp).tzinfo is not None:
            return short_date(stamp, now, t)
    except ValueError:
        pass
    return visible(stamp[:10], one_line=True)


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

    members = member_table(view, t, colours)

    frame = view.frame
    lines = Text()
    lines.append(
        t(
            "team.frame_line",
            mandate=frame.max_rung_without_signoff,
            budget=t.amount(frame.goodwill_budget, frame.currency),
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
    if "cases" in view.columns:
        lines.append("\n" + t("team.signals_note"), style="dim")
    title = Text(t("team.title", count=total), style="bold")
    return Group(title, mix, Text(""), members, Text(""), lines)


def member_table(view: TeamView, t: Messages, colours: Mapping[str, Any]) -> Either:
    """The member table of §9: one table when it fits; at 80 columns the profiles, then the
    casebook's signals, so that escalated, open and overdue are always there, in full."""
    columns: dict[str, Column] = {}
    for key in view.columns:
        header = t(f"team.col_{key}")
        if key == "name":
            columns[key] = Column(header, cut=10, comfort=20, grow=1, cap=30)
        elif key in COLOUR_COLUMNS:
            columns[key] = Column(header)
        else:
            columns[key] = Column(header, justify="right")
    for row in view.rows():
        for key, value in zip(view.columns, row, strict=True):
            columns[key].add(*_member_cell(key, value, colours))
    whole = Fitted(list(columns.values()))
    if "cases" not in columns:
        return Either(whole, [])
    name = columns["name"]
    profile = [c for key, c in columns.items() if key not in SIGNALS]
    signals = [name, *(columns[key] for key in SIGNALS)]
    return Either(whole, [Fitted(profile), Fitted(signals)])


def _member_cell(column: str, value: Any, colours: Mapping[str, Any]) -> tuple[str, str]:
    """(text, style) of one member-table cell."""
    if column == "name":
        return visible(str(value), one_line=True), ""
    if column in COLOUR_COLUMNS:
        return colours[value]["name"], COLOUR_STYLE[value]
    return (percent(value) if column in RATE_COLUMNS else str(value)), ""


def _names(members: list[Member], t: Messages) -> str:
    names = ", ".join(visible(m.profile.name, one_line=True) for m in members)
    return names or t("team.nobody")


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
    who = visible(agent, one_line=True)
    text.append(t("budget.title", agent=who, period=period) + "\n", style="bold")
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

"""Rich renderables for what the casebook teaches: `casebook stats` and `casebook rules`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.i18n import percent
from coachcli.render.fit import Column, Fitted
from coachcli.render.typed import visible

if TYPE_CHECKING:
    from rich.console import Group, RenderableType

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
    closed, unknown = figures["closed"], figures["outcome_unknown"]
    resolved = figures["by_outcome"]["resolved"]
    rows = [
        ("cases", str(figures["cases"])),
        # The rate always beside what it is a rate of: 100% of 2 of 40 decided cases (§11).
        ("resolution_rate", percent(rate) + (f" ({resolved}/{closed})" if closed else "")),
        ("closed", t("stats.closed_of_decided", closed=closed, decided=closed + unknown)),
        ("outcome_unknown", str(unknown)),
        ("cost_avoided", t.amount(figures["cost_avoided"], currency)),
        ("goodwill_spent", t.amount(figures["goodwill_spent"], currency)),
        ("other_extra_spent", t.amount(figures["other_extra_spent"], currency)),
        ("net", t.amount(figures["net"], currency)),
        ("open", str(figures["open"])),
        ("overdue", str(figures["overdue"])),
        ("undecided", str(figures["undecided"])),
        ("median_hours_to_decision", "-" if hours is None else t.number(hours)),
        ("rules_changed", str(figures["rules_changed"])),
        ("rungs_lowered", str(figures["rungs_lowered"])),
        ("against_advice", str(figures["against_advice"])),
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
    retention = retention_view(figures["retention"], t)
    parts: list[RenderableType] = [main, Text(""), retention, Text(""), breakdown, Text("")]
    if "months" in figures:
        parts += [months_view(figures["months"], t, currency), Text("")]
    return Group(*parts, note)


BLOCKS = "▁▂▃▄▅▆▇█"
# Sparklines longer than this show the latest months: with the longest label and the
# first and last values beside it, a line still fits 80 columns.
SPARK_MONTHS = 24

# The figures drawn per month, in the order of the dashboard, with how to read each.
MONTHLY: tuple[tuple[str, str], ...] = (
    ("cases", "count"),
    ("resolution_rate", "rate"),
    ("closed", "count"),
    ("outcome_unknown", "count"),
    ("retention.set_aside", "rate"),
    ("retention.followed_rule", "rate"),
    ("cost_avoided", "money"),
    ("goodwill_spent", "money"),
    ("other_extra_spent", "money"),
    ("net", "money"),
    ("open", "count"),
    ("overdue", "count"),
    ("undecided", "count"),
    ("median_hours_to_decision", "hours"),
    ("rules_changed", "count"),
    ("rungs_lowered", "count"),
    ("against_advice", "count"),
)


def monthly_value(month: Mapping[str, Any], key: str) -> Any:
    """One figure of one month: `retention.set_aside` is that side's rate."""
    if key.startswith("retention."):
        return month["retention"][key.split(".", 1)[1]]["rate"]
    return month[key]


def spark_levels(values: list[Any], kind: str) -> list[int | None]:
    """Each value's height from 0 to 7, None where there is none. Rates are drawn on a
    fixed 0-100% scale, so that 99% beside 100% does not look like a fall; counts and
    money from zero (or the lowest loss) to the highest month."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return [None] * len(values)
    low, high = (0.0, 1.0) if kind == "rate" else (min(0.0, *known), max(0.0, *known))
    span = high - low
    return [
        None if v is None else (0 if not span else round((float(v) - low) / span * 7))
        for v in values
    ]


def months_view(months: list[Mapping[str, Any]], t: Messages, currency: str) -> Table:
    """A sparkline per figure over the months (§11), with the first and last month's
    value: which way each went, at a glance."""
    shown = months[-SPARK_MONTHS:]
    table = Table(box=None, header_style="bold", pad_edge=False)
    first, last = (shown[0]["month"], shown[-1]["month"]) if shown else ("", "")
    table.add_column(t("stats.by_month"), style="bold", no_wrap=True)
    table.add_column(f"{first} … {last}" if first != last else first, no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for key, kind in MONTHLY:
        values = [monthly_value(m, key) for m in shown]
        line = "".join(" " if n is None else BLOCKS[n] for n in spark_levels(values, kind))
        ends = [_written(values[0], kind, t, currency), _written(values[-1], kind, t, currency)]
        # `retention.set_aside` reads "stayed (set aside)"
        label = t("stats." + key.replace(".", "_") + ("_rate" if "." in key else ""))
        table.add_row(label, line, " → ".join(ends) if len(values) > 1 else ends[0])
    return table


def _written(value: Any, kind: str, t: Messages, currency: str) -> str:
    if value is None:
        return "-"
    if kind == "rate":
        return percent(value)
    if kind == "money":
        return t.amount(value, currency)
    if kind == "hours":
        return t.number(value)
    return t.count(value) if isinstance(value, int) else str(value)


def retention_view(retention: Mapping[str, Any], t: Messages) -> Table:
    """Customers who stayed, set aside beside rule followed (§11), each with how many were
    followed up at all: 100% of 1 must look like what it is."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(t("stats.retention"), style="bold", no_wrap=True)
    for side in retention:
        table.add_column(t(f"stats.retention_{side}"), justify="right", no_wrap=True)
    table.add_row(t("stats.followed_up"), *(str(f["followed_up"]) for f in retention.values()))
    table.add_row(
        t("stats.stayed"),
        *(
            percent(f["rate"])
            + (f" ({f['stayed']}/{f['followed_up']})" if f["followed_up"] else "")
            for f in retention.values()
        ),
    )
    return table


def rules_view(ranked: list[RuleReport], t: Messages) -> Group:
    """The rules most often set aside: how setting each aside ended beside how following
    it ended, and which to consider rewriting, in plain words."""
    from rich.console import Group

    columns = {
        "rule": Column(t("rules.col_rule"), cut=14, comfort=28, grow=1, below=True),
        "cases": Column(t("rules.col_cases"), justify="right"),
        "set_aside": Column(t("rules.col_set_aside"), justify="right"),
        "set_aside_resolved": Column(t("rules.col_resolved"), justify="right"),
        "followed": Column(t("rules.col_followed"), justify="right"),
        "followed_resolved": Column(t("rules.col_resolved"), justify="right"),
        "escalated": Column(t("rules.col_escalated"), justify="right", drop=1),
    }
    followed_up = any(r.retention[side].followed_up for r in ranked for side in r.retention)
    if followed_up:  # retention only where someone has been followed up (§11)
        columns["set_aside_stayed"] = Column(
            t("rules.col_stayed_set_aside"), justify="right", drop=2
        )
        columns["followed_stayed"] = Column(t("rules.col_stayed_followed"), justify="right", drop=2)
    for r in ranked:
        n = r.counts
        cells = {
            "rule": ("★ " if r.candidate else "") + visible(r.rule, one_line=True),
            "cases": str(n["cases"]),
            "set_aside": str(n["set_aside"]),
            "set_aside_resolved": _share(n["set_aside_resolved"], n["set_aside_closed"]),
            "followed": str(n["followed"]),
            "followed_resolved": _share(n["followed_resolved"], n["followed_closed"]),
            "escalated": str(n["escalated"]),
            "set_aside_stayed": _share(
                r.retention["set_aside"].stayed, r.retention["set_aside"].followed_up
            ),
            "followed_stayed": _share(
                r.retention["followed_rule"].stayed, r.retention["followed_rule"].followed_up
            ),
        }
        for key, column in columns.items():
            column.add(cells[key], "bold" if key == "rule" and r.candidate else "")
    legend = Text(t("rules.legend"), style="dim")
    return Group(Fitted(list(columns.values())), legend, Text(""), _verdict_lines(ranked, t))


def _share(part: int, whole: int) -> str:
    """`75% (3/4)`: the share with what it is a share of, so 100% of 1 looks like it."""
    return "-" if not whole else f"{percent(part / whole)} ({part}/{whole})"


def _verdict_lines(ranked: list[RuleReport], t: Messages) -> Text:
    """Which rules to look at again, and why, in plain words: the candidates first, then
    the rules whose following mostly failed, which is the strongest case of all."""
    lines = Text()
    candidates = [r for r in ranked if r.candidate]
    if candidates:
        lines.append(t("rules.candidates") + "\n", style="bold")
    else:
        lines.append(t("rules.no_candidates") + "\n", style="dim")
    for r in ranked:
        failing = r.following_fails
        left = r.retention["followed_rule"]
        customers_left = left.followed_up > 0 and left.mostly_left
        if not (r.candidate or failing or customers_left):
            continue
        n = r.counts
        rule = visible(r.rule, one_line=True)
        if r.candidate:
            line = t(
                "rules.candidate",
                rule=rule,
                set_aside=n["set_aside"],
                resolved=n["set_aside_resolved"],
                closed=n["set_aside_closed"],
                share=percent(n["set_aside_resolved"] / n["set_aside_closed"]),
            )
        else:
            line = t("rules.worth_a_look", rule=rule)
        if failing:
            line += " " + t(
                "rules.following_fails",
                unresolved=n["followed_closed"] - n["followed_resolved"],
                closed=n["followed_closed"],
            )
        if customers_left:
            line += " " + t(
                "rules.customers_left",
                left=left.followed_up - left.stayed,
                followed_up=left.followed_up,
            )
        lines.append(line + "\n")
    return lines

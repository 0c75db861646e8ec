"""Self-contained HTML pages (SPEC §9): inline CSS and inline SVG, no external URL at all.

A team lead prints the page for a meeting or opens it offline. Every text is escaped, so
nothing a person typed can become markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from coachcli.domain.money import plain
from coachcli.domain.team import COLOUR_COLUMNS, RATE_COLUMNS, TeamView
from coachcli.i18n import Messages, percent

if TYPE_CHECKING:
    from coachcli.domain.report import RuleReport

HEX = {"blue": "#2f6fd6", "red": "#d23b3b", "yellow": "#e0b000", "green": "#2e9a4b"}

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.muted { color: #666; } table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; }
th { font-weight: 600; background: #f5f5f7; } td.num { text-align: right; }
.dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%;
       margin-right: .35rem; vertical-align: baseline; }
.frame { display: flex; gap: 2rem; } .frame div { background: #f5f5f7; padding: .6rem 1rem;
         border-radius: .4rem; } .frame b { display: block; font-size: 1.3rem; }
li { margin: .3rem 0; } svg text { font: 13px system-ui, sans-serif; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               table, svg { break-inside: avoid; } }
"""


def page(title: str, lang: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def bars(rows: list[tuple[str, str, int]], total: int) -> str:
    """A horizontal bar chart as inline SVG: one (label, colour, count) bar per row."""
    width, label_w, height = 560, 90, 26
    svg = [
        f'<svg role="img" width="{width}" height="{height * len(rows) + 4}" '
        f'viewBox="0 0 {width} {height * len(rows) + 4}">'
    ]
    for n, (label, colour, count) in enumerate(rows):
        y = n * height + 2
        w = 0 if not total else round(count / total * (width - label_w - 50))
        svg.append(
            f'<text x="0" y="{y + 17}">{escape(label)}</text>'
            f'<rect class="bar" data-colour="{colour}" x="{label_w}" y="{y + 3}" width="{w}" '
            f'height="{height - 8}" rx="3" fill="{HEX[colour]}"/>'
            f'<text x="{label_w + w + 8}" y="{y + 17}">{count}</text>'
        )
    svg.append("</svg>")
    return "".join(svg)


def team_page(view: TeamView, t: Messages, colours: Mapping[str, Any]) -> str:
    """The team view of §9 as one printable page."""
    total = len(view.members)
    frame = view.frame

    def dot(colour: str) -> str:
        name = escape(colours[colour]["name"])
        return f'<span class="dot" style="background:{HEX[colour]}"></span>{name}'

    def names(members: list[Any]) -> str:
        return escape(", ".join(m.profile.name for m in members) or t("team.nobody"))

    def cell(column: str, value: Any) -> str:
        if column in COLOUR_COLUMNS:
            return dot(value)
        return escape(percent(value) if column in RATE_COLUMNS else str(value))

    headers = view.columns
    with_signals = "cases" in headers
    rows = [
        "<tr>"
        + "".join(f"<td>{cell(c, v)}</td>" for c, v in zip(headers, row, strict=True))
        + "</tr>"
        for row in view.rows()
    ]
    items = "".join(f"<li>{escape(text)}</li>" for text in view.advice)
    advice = f"<h2>{escape(t('team.advice'))}</h2><ul>{items}</ul>" if items else ""
    note = f"<p class='muted'>{escape(t('team.signals_note'))}</p>" if with_signals else ""
    head = "".join(f"<th>{escape(t('team.col_' + h))}</th>" for h in headers)
    mix = bars([(colours[c]["name"], c, n) for c, n in view.distribution.items()], total)
    money = escape(frame.currency)
    body = f"""
<h1>{escape(t("team.title", count=total))}</h1>
<h2>{escape(t("team.mix"))}</h2>
{mix}
<h2>{escape(t("team.frame"))}</h2>
<div class="frame">
 <div>{escape(t("team.col_mandate"))}<b>{frame.max_rung_without_signoff}</b></div>
 <div>{escape(t("team.col_budget"))}<b>{money} {plain(frame.goodwill_budget)}</b></div>
 <div>{escape(t("team.col_per_case"))}<b>{money} {plain(frame.goodwill_per_case)}</b></div>
</div>
<h2>{escape(t("team.members"))}</h2>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
{note}
<h2>{escape(t("team.who"))}</h2>
<p><b>{escape(t("team.needs_permission"))}</b> {names(view.needs_permission)}</p>
<p><b>{escape(t("team.may_overreach"))}</b> {names(view.may_overreach)}</p>
{advice}
"""
    return page(t("team.title", count=total), t.lang, body)


def _share_of(figures: Mapping[str, Any], key: str) -> str:
    """The counts behind a rate: `5/5` resolved of closed, `3/4` stayed of followed up."""
    if key == "resolution_rate":
        return f"{figures['by_outcome']['resolved']}/{figures['closed']}"
    side = figures["retention"][key.removeprefix("retention.")]
    return f"{side['stayed']}/{side['followed_up']}"


def stats_page(
    figures: Mapping[str, Any], ranked: list[RuleReport], t: Messages, currency: str
) -> str:
    """`casebook stats --html` (§11): every figure with its total and a column chart over
    the months, the latest month dark, and the rules to rewrite first."""
    from coachcli.render.reports import MONTHLY, _written, monthly_value

    months = list(figures.get("months", []))
    labels = [m["month"] for m in months]
    cards = []
    for key, kind in MONTHLY:
        label = t("stats." + key.replace(".", "_") + ("_rate" if "." in key else ""))
        total = monthly_value(figures, key)
        values = [monthly_value(m, key) for m in months]
        shown = [_written(v, kind, t, currency) for v in values]
        written = _written(total, kind, t, currency)
        if kind == "rate" and total is not None:  # a share with what it rests on: 100% of 1
            written += f" ({_share_of(figures, key)})"
        cards.append(
            f'<div class="card"><h3>{escape(label)}</h3>'
            f'<b class="total">{escape(written)}</b>'
            f"{month_chart(labels, values, shown, kind)}</div>"
        )
    candidates = [r for r in ranked if r.candidate][:3]
    items = []
    for r in candidates:
        n = r.counts
        items.append(
            t(
                "rules.candidate",
                rule=r.rule,
                set_aside=n["set_aside"],
                resolved=n["set_aside_resolved"],
                closed=n["set_aside_closed"],
                share=percent(n["set_aside_resolved"] / n["set_aside_closed"]),
            ).removeprefix("- ")
        )
    rules = (
        "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ol>"
        if items
        else f"<p>{escape(t('rules.no_candidates'))}</p>"
    )
    period = f"{labels[0]} … {labels[-1]}" if labels else ""
    closed = t(
        "stats.closed_of_decided",
        closed=t.count(figures["closed"]),
        decided=t.count(figures["closed"] + figures["outcome_unknown"]),
    )
    body = f"""
<h1>{escape(t("stats.page_title"))}</h1>
<p class="muted">{escape(period)} · {escape(t("stats.cases"))}: {t.count(figures["cases"])} ·
{escape(t("stats.closed"))}: {escape(closed)}</p>
<h2>{escape(t("stats.rewrite_first"))}</h2>
{rules}
<h2>{escape(t("stats.by_month"))}</h2>
<div class="cards">{"".join(cards)}</div>
<p class="muted">{escape(t("stats.note"))}</p>
"""
    return page(t("stats.page_title"), t.lang, STATS_STYLE + body)


STATS_STYLE = """<style>
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
         gap: 1rem; } .card { border: 1px solid #ddd; border-radius: .4rem; padding: .6rem .8rem; }
.card h3 { font-size: .95rem; margin: 0; font-weight: 600; } .total { font-size: 1.3rem; }
.card svg text { font: 11px system-ui, sans-serif; fill: #555; } ol li { margin: .4rem 0; }
</style>"""


def month_chart(labels: list[str], values: list[Any], shown: list[str], kind: str) -> str:
    """A column per month as inline SVG, the latest dark, its value above it; rates on a
    fixed 0-100% scale, counts and money from zero. A month without a value has no column."""
    width, height, top, bottom = 260, 120, 16, 18
    n = max(1, len(values))
    slot = width / n
    known = [float(v) for v in values if v is not None]
    if kind == "rate":
        low, high = 0.0, 1.0
    else:
        low, high = min(0.0, *known) if known else 0.0, max(0.0, *known) if known else 0.0
    span = (high - low) or 1.0
    plot = height - top - bottom
    zero = top + plot * (high - 0.0) / span if kind != "rate" else top + plot
    svg = [
        f'<svg class="chart" role="img" width="100%" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMidYMid meet">'
    ]
    svg.append(f'<line x1="0" x2="{width}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#bbb"/>')
    # Every month's label when there are few; else the first, the middle and the last,
    # which is as many as fit without touching.
    named = set(range(n)) if n <= 4 else {0, n // 2, n - 1}
    for i, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        x = i * slot + slot * 0.15
        w = slot * 0.7
        latest = i == n - 1
        if value is not None:
            y = top + plot * (high - float(value)) / span
            y0, y1 = sorted((y, zero))
            colour = "#1d4f91" if latest else "#9db7dc"
            svg.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{max(1.0, y1 - y0):.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {escape(text)}</title></rect>'
            )
            if latest or n <= 4:
                # The latest value ends at its column's right edge, so it is never cut off.
                at, anchor = (x + w, "end") if latest and n > 4 else (x + w / 2, "middle")
                svg.append(
                    f'<text x="{at:.1f}" y="{max(11.0, y0 - 3):.1f}" '
                    f'text-anchor="{anchor}">{escape(text)}</text>'
                )
        if i in named:
            # The first and last labels lean inwards, so that neither is cut at the edge.
            anchor, at = (
                ("start", x) if i == 0 else ("end", x + w) if latest else ("middle", x + w / 2)
            )
            svg.append(
                f'<text class="month" x="{at:.1f}" y="{height - 4}" text-anchor="{anchor}">'
                f"{escape(label)}</text>"
            )
    svg.append("</svg>")
    return "".join(svg)

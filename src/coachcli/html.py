"""Self-contained HTML pages (SPEC §9): inline CSS and inline SVG, no external URL at all.

A team lead prints the page for a meeting or opens it offline. Every text is escaped, so
nothing a person typed can become markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from coachcli.domain.money import plain
from coachcli.domain.team import COLOUR_COLUMNS, RATE_COLUMNS, TeamView
from coachcli.i18n import Messages, percent

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

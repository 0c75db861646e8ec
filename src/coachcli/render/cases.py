"""Rich renderables for cases: the list, the detail, similar cases and the verdict panel."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.case import Case, parse_iso
from coachcli.i18n import answer_lines, costs, outcome_lines

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.panel import Panel

    from coachcli.domain.advice import Room
    from coachcli.domain.case import Advice
    from coachcli.i18n import Messages


def case_table(cases: list[Case], t: Messages, now: datetime) -> Table:
    """`coach case list`: one row per case, overdue ones marked in red."""
    table = Table(box=None, header_style="bold", pad_edge=False, collapse_padding=True, expand=True)

    # Fixed columns keep their width; the situation and the rule share what is left.
    def column(header: str, min_width: int, **options: Any) -> None:
        table.add_column(
            t(header), min_width=min_width, no_wrap=True, overflow="ellipsis", **options
        )

    column("case.col_id", 8, style="cyan")
    column("case.col_created", 10)
    column("case.col_agent", 5, max_width=14)
    column("case.col_status", len(t("case.overdue", status=t("status.open"))))
    column("case.col_verdict", len(t("verdict.discuss")))
    column("case.col_situation", 16, ratio=3)
    column("case.col_rule", 12, ratio=2)
    for case in cases:
        status = Text(t(f"status.{case.status}"))
        if case.is_overdue(now):
            status = Text(t("case.overdue", status=status.plain), style="bold red")
        table.add_row(
            case.short_id,
            parse_iso(case.created_at).strftime("%Y-%m-%d"),
            Text(case.agent),  # Text: what agents typed is never read as rich markup
            status,
            t(f"verdict.{case.verdict}") if case.verdict else "-",
            Text(case.situation),
            Text(case.rule),
        )
    return table


MARKS = {"pass": ("✓", "green"), "doubt": ("?", "yellow"), "fail": ("✗", "red")}
VERDICT_STYLE = {"go": "green", "discuss": "yellow", "stop": "red"}


def similar_cases(cases: list[Case], t: Messages, golden: Mapping[str, Any]) -> Panel | Text:
    """Step 5 of `case new`: precedent from the casebook, each with decision and outcome."""
    from rich.panel import Panel

    if not cases:
        return Text(t("case.no_similar"), style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(ratio=1)
    for case in cases:
        what = golden["decisions"].get(case.decision or "later", "")
        outcome = golden["outcomes"].get(case.outcome or "", "")
        result = f"{what}" + (f" → {outcome}" if outcome else "")
        lines = Text(case.situation, style="bold")
        lines.append(f"\n{t('case.col_rule')}: {case.rule}\n", style="")
        lines.append(f"{t('case.alternative')}: {case.alternative}\n")
        lines.append(result, style="italic")
        if case.lessons:
            lines.append(f"\n{t('case.lessons')}: {case.lessons}")
        table.add_row(case.short_id, lines)
    return Panel(table, title=t("case.similar_title", count=len(cases)), title_align="left")


def costs_line(case: Case, t: Messages) -> str | None:
    """The costs as read and the extra, in the reader's language; None without costs."""
    from coachcli.domain.ladder import Facts

    extra = Facts(case.rule_cost, case.alternative_cost).extra
    if extra is None:
        return None

    def shown(value: Decimal | None) -> str:
        return t("case.not_given") if value is None else t.amount(value, case.currency)

    key = "case.extra_more" if extra > 0 else "case.extra_less" if extra < 0 else "case.extra_none"
    rule, alternative = shown(case.rule_cost), shown(case.alternative_cost)
    difference = t(key, amount=t.amount(abs(extra), case.currency))
    return t("case.costs_line", rule=rule, alternative=alternative, extra=difference)


def verdict_panel(
    case: Case,
    judged: Mapping[str, str],
    t: Messages,
    golden: Mapping[str, Any],
    room: Room,
    mandate: int,
) -> Panel:
    """Step 8 of `case new`: how each question was judged, the rung, verdict and advice."""
    from rich.panel import Panel

    assert case.advice is not None and case.verdict is not None
    body = Text()
    for question, judgement in judged.items():
        mark, style = MARKS[judgement]
        answer = golden["answers"][question][case.answers[question]]["label"]
        body.append(f" {mark} ", style=f"bold {style}")
        body.append(f"{golden['questions'][question]['short']}: {answer}\n")
    shown = costs_line(case, t)  # as read, so a misreading is seen before deciding (§3)
    if shown:
        body.append("\n" + shown)
    body.append("\n" + t("case.rung_line", rung=case.rung, name=golden["rungs"][str(case.rung)]))
    if case.rung is not None and case.rung_inferred is not None and case.rung != case.rung_inferred:
        higher = max(case.rung, case.rung_inferred)
        override = t("case.rung_override", inferred=case.rung_inferred, judged=higher)
        body.append(" " + override, style="dim")
    body.append(
        "\n" + t("case.room_line", comfort=room.comfort, stretch=room.stretch, mandate=mandate)
    )
    body.append(f"\n\n{case.advice.text}\n", style="bold")
    body.append(f"{t('case.watch_out')}: {case.advice.watch_out}", style="italic")
    if room.colour is None:
        body.append("\n\n" + t("case.no_profile"), style="dim")
    style = VERDICT_STYLE[case.verdict]
    title = Text(t(f"panel.{panel_key(case.advice)}"), style=f"bold {style}")
    return Panel(body, title=title, title_align="left", border_style=style)


def panel_key(advice: Advice) -> str:
    """The panel title names the advice, not only the verdict (§6: one clear answer): a
    discussion says whether a quick check is enough or it must be escalated."""
    if advice.code != "discuss":
        return advice.code
    quick = advice.within_comfort and advice.within_mandate
    return "discuss-quick" if quick else "discuss-escalate"


def case_detail(case: Case, t: Messages, golden: Mapping[str, Any], now: datetime) -> Table:
    """`coach case show`: the whole case, in the reader's language."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)

    def row(label: str, value: str | None) -> None:
        if value:  # Text: what agents typed is never read as rich markup
            table.add_row(label, Text(value))

    status = t(f"status.{case.status}")
    row(t("case.col_id"), case.id)
    row(t("case.col_created"), _when(case.created_at))
    row(t("case.col_agent"), case.agent + (f" ({case.team})" if case.team else ""))
    row(t("case.col_status"), t("case.overdue", status=status) if case.is_overdue(now) else status)
    row(t("case.col_situation"), case.situation)
    row(t("case.col_rule"), case.rule)
    row(t("case.alternative"), case.alternative)
    row(t("case.customer"), case.customer)
    row(t("case.costs"), costs(t, case.currency, case.rule_cost, case.alternative_cost))
    for question, answer, note in answer_lines(case, golden):
        row(question, answer + (f" ({note})" if note else ""))
    if case.rung:
        rung = f"{case.rung} {golden['rungs'][str(case.rung)]}"
        if case.rung_inferred and case.rung_inferred != case.rung:
            rung += " " + t("case.rung_override", inferred=case.rung_inferred,
                            judged=max(case.rung, case.rung_inferred))  # fmt: skip
        row(t("case.rung"), rung)
    row(t("case.reason"), case.rung_reason)
    if case.advice:
        # The code in the reader's language; the text as the agent saw it when recording.
        row(t("case.advice"), f"{t(f'advice_code.{case.advice.code}')}: {case.advice.text}")
    row(t("case.against_advice_mark"), t("case.yes") if case.against_advice else None)
    for key, value in outcome_lines(case, t, golden):
        row(t(key), value)
    row(t("case.deadline"), _when(case.deadline) if case.deadline else None)
    row(t("case.tags"), ", ".join(case.tags))
    for comment in case.comments:
        row(t("case.comment"), f"{_when(comment.created_at)} {comment.author}: {comment.text}")
    return table


def _when(stamp: str) -> str:
    return parse_iso(stamp).strftime("%Y-%m-%d %H:%M UTC")

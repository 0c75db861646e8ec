"""Rich renderables for cases: the list, the detail, similar cases and the verdict panel."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.case import Case
from coachcli.domain.vocab import AdviceCode
from coachcli.i18n import after_colon, answer_lines, costs, countdown, outcome_lines
from coachcli.render.dates import local_time, short_date
from coachcli.render.fit import Column, Fitted
from coachcli.render.typed import visible, visible_all

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.panel import Panel

    from coachcli.domain.advice import Room
    from coachcli.domain.case import Advice
    from coachcli.i18n import Messages


def case_table(cases: list[Case], t: Messages, now: datetime) -> Fitted:
    """`coach case list`: one line per case, with what a reader scans for at any width.

    Always the short id, the date, the agent, the status (a deadline as its countdown,
    overdue in red), the verdict with its advice, the rung and the situation, cut with an
    ellipsis; the rule too when the terminal has room for it (SPEC §7)."""
    columns = {
        "id": Column(t("case.col_id")),
        "date": Column(t("list.col_date")),
        "agent": Column(t("case.col_agent"), cut=8, comfort=16, grow=1, cap=24),
        "status": Column(t("case.col_status")),
        "verdict": Column(t("case.col_verdict")),
        "rung": Column(t("list.col_rung"), justify="right"),
        "situation": Column(t("case.col_situation"), cut=20, comfort=32, grow=3, below=True),
        "rule": Column(t("case.col_rule"), drop=1, cut=16, grow=2),
    }
    for case in cases:
        status = (t(f"status.{case.status}"), "")
        if case.status == "open" and case.deadline:
            left = countdown(case.deadline, now, t)
            overdue = case.is_overdue(now)
            status = (left, "bold red") if overdue else (t("list.due", countdown=left), "")
        cells = {
            "id": (case.short_id, "cyan"),
            "date": (short_date(case.created_at, now, t), ""),
            "agent": (visible(case.agent, one_line=True), ""),
            "status": status,
            "verdict": (verdict_advice(case, t), ""),
            "rung": (str(case.rung) if case.rung else "-", ""),
            "situation": (visible(case.situation, one_line=True), ""),
            "rule": (visible(case.rule, one_line=True), ""),
        }
        for key, column in columns.items():
            column.add(*cells[key])
    return Fitted(list(columns.values()))


# The advice each verdict leads to unless the rung or the person's room says otherwise.
IMPLIED = {"go": "go", "discuss": "discuss", "stop": "stick-to-rule"}


def verdict_advice(case: Case, t: Messages) -> str:
    """`go · sign-off`: the verdict with the advice code beside it (SPEC §6).

    Only a `go` can lead to more than one advice (sign-off, a stretch, a colleague), and
    that is what the list must not hide; the advice a verdict always leads to (stop: stick
    to the rule; discuss: discuss) would only repeat it, and is left out to keep the row
    short. Any other pair, as an imported case may hold, is shown in full."""
    if not case.verdict:
        return "-"
    verdict = t(f"verdict.{case.verdict}")
    code = case.advice.code if case.advice else None
    if code is None or IMPLIED.get(case.verdict) == code:
        return verdict
    return t("list.verdict_advice", verdict=verdict, advice=t(f"advice_short.{code}"))


MARKS = {"pass": ("✓", "green"), "doubt": ("?", "yellow"), "fail": ("✗", "red")}
VERDICT_STYLE = {"go": "green", "discuss": "yellow", "stop": "red"}


def similar_cases(cases: list[Case], t: Messages, golden: Mapping[str, Any]) -> Panel | Text:
    """Step 5 of `case new`: precedent from the casebook, each with decision and outcome."""
    from rich.panel import Panel

    if not cases:
        return Text(t("case.no_similar"), style="dim")
    cases = visible_all(cases)  # what people typed, shown as text (§13)
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
    assess_command: str = "coach profile assess",
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
    override = rung_override(case, t)
    if override:
        body.append(" " + override, style="dim")
    body.append(
        "\n" + t("case.room_line", comfort=room.comfort, stretch=room.stretch, mandate=mandate)
    )
    body.append(f"\n\n{case.advice.text}\n", style="bold")
    body.append(f"{t('case.watch_out')}: {after_colon(case.advice.watch_out)}", style="italic")
    if room.colour is None:
        body.append("\n\n" + t("case.no_profile", command=assess_command), style="dim")
    style = VERDICT_STYLE[case.verdict]
    title = Text(t(f"panel.{panel_key(case.advice)}"), style=f"bold {style}")
    return Panel(body, title=title, title_align="left", border_style=style)


def rung_override(case: Case, t: Messages) -> str:
    """ "(inferred: 4; the advice goes by rung 4)" when the agent chose another rung than
    the facts gave; empty otherwise."""
    if case.rung is None or case.rung_inferred is None or case.rung == case.rung_inferred:
        return ""
    from coachcli.domain.advice import judged_rung

    judged = judged_rung(case.rung, case.rung_inferred)
    return t("case.rung_override", inferred=case.rung_inferred, judged=judged)


def panel_key(advice: Advice) -> str:
    """The panel title names the advice, not only the verdict (§6: one clear answer): a
    discussion says whether a quick check is enough or it must be escalated."""
    if advice.code != AdviceCode.DISCUSS:
        return advice.code
    quick = advice.within_comfort and advice.within_mandate
    return "discuss-quick" if quick else "discuss-escalate"


def case_detail(case: Case, t: Messages, golden: Mapping[str, Any], now: datetime) -> Table:
    """`coach case show`: the whole case, in the reader's language."""
    case = visible_all(case)  # what people typed, shown as text (§13)
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")  # the whole case: a long word is folded, not cut

    def row(label: str, value: str | None) -> None:
        if value:  # Text: what agents typed is never read as rich markup
            table.add_row(label, Text(value))

    def _when(stamp: str) -> str:
        return local_time(stamp, now, t)

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
        override = rung_override(case, t)
        rung = f"{case.rung} {golden['rungs'][str(case.rung)]}"
        row(t("case.rung"), f"{rung} {override}" if override else rung)
    row(t("case.reason"), case.rung_reason)
    if case.advice:
        # The code in the reader's language; the text as the agent saw it when recording.
        # The code in the reader's language, once; below it the text as the agent saw it.
        row(t("case.advice"), f"{t(f'advice_code.{case.advice.code}')}\n{case.advice.text}")
    row(t("case.against_advice_mark"), t("case.yes") if case.against_advice else None)
    for key, value in outcome_lines(case, t, golden):
        row(t(key), value)
    row(t("case.deadline"), _deadline(case, now, t))
    row(t("case.tags"), ", ".join(case.tags))
    for comment in case.comments:
        row(t("case.comment"), f"{_when(comment.created_at)} {comment.author}: {comment.text}")
    return table


def followup_card(
    case: Case,
    n: int,
    total: int,
    t: Messages,
    golden: Mapping[str, Any],
    now: datetime,
    *,
    whose: bool = False,
) -> Text:
    """`case follow-up`: what an agent needs to look the customer up and remember the case:
    which case, what was decided and when, the customer reference, the situation, the rule
    and the promise; with `whose`, the agent too (a team lead going through others')."""
    case = visible_all(case)  # what people typed, shown as text (§13)
    decision = golden["decisions"].get(case.decision or "later", "")
    when = local_time(case.decided_at, now, t) if case.decided_at else "-"
    card = Text("\n" + t("followup.heading", n=n, total=total, id=case.short_id,
                          decision=decision, when=when), style="bold")  # fmt: skip
    for label, value in (
        (t("case.col_agent"), case.agent if whose else None),
        (t("case.customer"), case.customer),
        (t("case.col_situation"), case.situation),
        (t("case.col_rule"), case.rule),
        (t("case.promise"), case.promise),
    ):
        if value:
            card.append(f"\n{label}: ", style="dim")
            card.append(value)
    return card


def _deadline(case: Case, now: datetime, t: Messages) -> str | None:
    """`Thu 27 Nov 09:47, in 2 days`: local time, and a countdown while it matters."""
    if not case.deadline:
        return None
    when = local_time(case.deadline, now, t)
    if case.status != "open":
        return when
    return t("list.deadline", when=when, countdown=countdown(case.deadline, now, t))

"""Rich renderables for `coach train`: the case to practise on, the reveal, the summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.i18n import after_colon, costs, outcome_lines, percent
from coachcli.render.fit import Column, Fitted
from coachcli.render.typed import visible, visible_all

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Group
    from rich.panel import Panel

    from coachcli.domain.case import Advice, Case
    from coachcli.domain.training import Attempt, Session
    from coachcli.i18n import Messages

ASPECTS = ("loyalty", "cost", "human", "risk", "decision")


def training_case(case: Case, n: int, total: int, t: Messages, golden: Mapping[str, Any]) -> Panel:
    from rich.panel import Panel

    case = visible_all(case)  # practice cases come from a file: shown as text (§13)
    body = Text(case.situation + "\n\n", style="bold")
    body.append(f"{t('case.col_rule')}: {case.rule}\n")
    body.append(f"{t('case.alternative')}: {case.alternative}")
    shown = costs(t, case.currency, case.rule_cost, case.alternative_cost)
    if shown:
        body.append(f"\n{t('case.costs')}: {shown}")
    if case.other_department:
        body.append("\n" + t("prompt.other_department"))
    if case.precedent:
        body.append("\n" + t("prompt.precedent"))
    return Panel(body, title=t("train.case_title", n=n, total=total), title_align="left")


def training_reveal(
    case: Case, attempt: Attempt, advice: Advice, t: Messages, golden: Mapping[str, Any]
) -> Panel:
    """Your answers beside the casebook's, what was decided and what came of it."""
    from rich.console import Group
    from rich.panel import Panel

    case = visible_all(case)
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("", "yours", "casebook"):
        table.add_column(t(f"train.col_{header}") if header else "", no_wrap=True)
    table.add_column("", no_wrap=True)
    for question in ASPECTS[:4]:
        theirs = case.answers.get(question)
        table.add_row(
            golden["questions"][question]["short"],
            golden["answers"][question][attempt.answers[question]]["label"],
            golden["answers"][question][theirs]["label"] if theirs else "-",
            _mark(attempt.agreement[question], t),
        )
    table.add_row(
        t("case.decision"),
        golden["decisions"][attempt.decision],
        golden["decisions"].get(case.decision or "", "-"),
        _mark(attempt.agreement["decision"], t),
    )
    # The casebook's reasons per question, what practice learns from (§15): lines of
    # their own, which wrap at 80 columns where a table column would be squeezed.
    notes = Text()
    for question in ASPECTS[:4]:
        if case.notes.get(question):
            notes.append(f"{t('train.note', question=golden['questions'][question]['short'])} ",
                         style="bold")  # fmt: skip
            notes.append(str(case.notes[question]) + "\n")
    facts = Text()
    for key, value in outcome_lines(case, t, golden):
        if value and key != "case.decision":  # the decision is in the table above
            facts.append(f"{t(key)}: ", style="bold")
            facts.append(value + "\n")
    for comment in case.comments:
        facts.append(f"{comment.author}: ", style="italic")
        facts.append(comment.text + "\n")
    yours = Text(t("train.your_advice") + " ", style="bold")
    yours.append(after_colon(advice.text), style="")
    return Panel(
        Group(table, Text(""), *([notes] if notes.plain else []), facts, yours),
        title=t("train.reveal_title"),
        title_align="left",
    )


def training_summary(session: Session, t: Messages, golden: Mapping[str, Any]) -> Group:
    """Agreement per question and on the decision, then one question to reflect on."""
    from rich.console import Group

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for aspect, share in session.agreement().items():
        label = golden["questions"][aspect]["short"] if aspect != "decision" else t("case.decision")
        table.add_row(label, percent(share))
    parts: list[Any] = [Text(t("train.summary", cases=len(session.attempts)), style="bold"), table]
    worst = session.most_different()
    if worst is not None:
        parts += [Text(""), Text(t(f"train.reflect_{worst}"), style="italic")]
    return Group(*parts)


def training_history(sessions: list[Session], t: Messages, now: datetime) -> Fitted:
    """`train --history`: when, who, how many cases, agreement per aspect; the source file
    when there is room."""
    columns = {
        "started": Column(t("train.hist_started")),
        "trainee": Column(t("train.hist_trainee"), cut=8, comfort=16, grow=1, cap=30),
        "cases": Column(t("train.hist_cases"), justify="right"),
        **{a: Column(t(f"train.hist_{a}"), justify="right") for a in ASPECTS},
        "source": Column(t("train.hist_source"), drop=1, cut=10, grow=1),
    }
    for s in sessions:
        shares = s.agreement()
        cells = {
            "started": _started(s.started_at, now, t),
            "trainee": visible(s.trainee, one_line=True),
            "cases": str(len(s.attempts)),
            **{a: percent(shares[a]) for a in ASPECTS},
            "source": visible(s.source, one_line=True),
        }
        for key, column in columns.items():
            column.add(cells[key])
    return Fitted(list(columns.values()))


def _started(stamp: str, now: datetime, t: Messages) -> str:
    """When a session started, on the reader's clock, as the reader's language writes it."""
    from coachcli.render.dates import local_time

    try:
        return local_time(stamp, now, t)
    except ValueError:
        return visible(stamp[:16], one_line=True)


def _mark(agreed: bool | None, t: Messages) -> Text:
    if agreed is None:  # the costs gave the answer: shown, not counted (§15)
        return Text(t("train.given_mark"), style="dim")
    return Text("✓", style="green") if agreed else Text("✗ ", style="bold red")

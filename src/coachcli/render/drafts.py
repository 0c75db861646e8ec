"""Rich renderables for drafts: the list of `case drafts` and the recap of `--resume`.

Both show what an agent typed, so they go only to that agent's own terminal output, as
Text, with control characters made visible (§13).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.draft import Draft, age
from coachcli.i18n import costs
from coachcli.render.fit import Column, Fitted
from coachcli.render.typed import shown, visible

if TYPE_CHECKING:
    from rich.console import Group
    from rich.panel import Panel

    from coachcli.i18n import Messages


def ago(stamp: str, now: datetime, t: Messages) -> str:
    key, count = age(stamp, now)
    return t(key, count=count)


def draft_table(drafts: list[Draft], t: Messages, now: datetime, folder: Path) -> Group:
    """`coach case drafts`: short id, how long ago, the start of the situation."""
    from rich.console import Group

    ids = Column(t("case.col_id"))
    changed = Column(t("case.col_changed"))
    situations = Column(t("case.col_situation"), cut=20, grow=1)
    for draft in drafts:
        marker = "*" if draft.file is not None else ""
        ids.add(draft.short_id + marker, "cyan")
        changed.add(ago(draft.updated_at, now, t))
        if draft.situation:
            situations.add(visible(draft.situation, one_line=True))
        else:
            situations.add("-", "dim")
    parts: list[Fitted | Text] = [Fitted([ids, changed, situations])]
    if any(d.file is not None for d in drafts):
        parts.append(Text(t("case.drafts_in_file", folder=visible(str(folder)))))
    return Group(*parts)


def draft_recap(
    draft: Draft, t: Messages, golden: Mapping[str, Any], now: datetime, currency: str
) -> Panel:
    """What `--resume` shows first: everything the draft already holds."""
    from rich.panel import Panel

    from coachcli.domain.case import QUESTIONS
    from coachcli.domain.intake import Intake

    intake = Intake.from_json(draft.data)
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)

    def row(label: str, value: str | None) -> None:
        if value:
            table.add_row(label, shown(value))

    row(t("case.col_situation"), intake.situation)
    row(t("case.col_rule"), intake.rule)
    row(t("case.alternative"), intake.alternative)
    row(t("case.customer"), intake.customer)
    row(t("case.costs"), costs(t, currency, intake.rule_cost, intake.alt_cost))
    facts = [t("prompt.other_department")] if intake.other_department else []
    facts += [t("prompt.precedent")] if intake.precedent else []
    row(t("case.facts"), ", ".join(facts))
    for question in QUESTIONS:
        answer = intake.answers.get(question)
        label = golden["answers"][question].get(answer or "", {}).get("label")
        note = intake.notes.get(question)
        if label or note:
            text = (label or "-") + (f" ({note})" if note else "")
            row(golden["questions"][question]["short"], text)
    if intake.rung:
        row(t("case.rung"), f"{intake.rung} {golden['rungs'].get(str(intake.rung), '')}")
    if intake.decision:
        row(t("case.decision"), golden["decisions"].get(intake.decision, intake.decision))
    row(t("case.promise"), intake.promise)
    row(t("case.tags"), ", ".join(intake.tags))
    if not table.row_count:
        table.add_row("", Text(t("case.recap_empty"), style="dim"))
    title = t("case.recap_title", id=draft.short_id, ago=ago(draft.created_at, now, t))
    return Panel(table, title=title, title_align="left")

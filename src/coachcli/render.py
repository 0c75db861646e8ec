"""Rich renderables: the only place that builds tables, panels and bars.

Functions here take domain objects and a Messages catalogue and return something a rich
Console can print; they never print or read anything themselves.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.domain.case import Case, parse_iso

if TYPE_CHECKING:
    from coachcli.health import Check, Report
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
            case.agent,
            status,
            t(f"verdict.{case.verdict}") if case.verdict else "-",
            case.situation,
            case.rule,
        )
    return table


def doctor_report(report: Report, t: Messages) -> Table:
    """`coach doctor`: what is in use, then one line per check with ✓ or ✗."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column()
    where = report.paths
    table.add_row(t(f"doctor.{where.location.kind}"), str(where.location.root))
    table.add_row(t("doctor.config_file"), str(where.location.config_file))
    table.add_row(t("doctor.profiles"), str(where.location.profiles_dir))
    table.add_row(
        t("doctor.casebook"),
        t("doctor.casebook_path", path=where.casebook, source=where.casebook_source),
    )
    if report.cases is not None:
        table.add_row(t("doctor.cases"), str(report.cases))
    table.add_row("", "")
    for check in report.checks:
        mark = Text("✓", style="green") if check.ok else Text("✗", style="bold red")
        table.add_row(mark, check_text(check, t))
    table.add_row("", "")
    table.add_row("", Text(t("doctor.all_ok" if report.ok else "doctor.not_ok"), style="bold"))
    return table


def check_text(check: Check, t: Messages) -> str:
    return t(check.key, **check.values)


def doctor_json(report: Report, t: Messages) -> dict[str, Any]:
    where = report.paths
    return {
        "ok": report.ok,
        "location": {"kind": where.location.kind, "root": str(where.location.root)},
        "config": str(where.location.config_file),
        "profiles": str(where.location.profiles_dir),
        "casebook": {"path": str(where.casebook), "source": where.casebook_source},
        "schema_version": report.schema_version,
        "cases": report.cases,
        "checks": [
            {"check": c.key.removeprefix("doctor."), "ok": c.ok, "text": check_text(c, t)}
            for c in report.checks
        ],
    }

"""Rich renderables for `coach doctor`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from coachcli.render.typed import shown

if TYPE_CHECKING:
    from rich.console import Group

    from coachcli.health import Check, Report, Whoami
    from coachcli.i18n import Messages


def doctor_report(report: Report, t: Messages) -> Group:
    """`coach doctor`: what is in use, then one line per check with ✓ or ✗."""
    from rich.console import Group

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column()
    where = report.paths
    table.add_row(t(f"doctor.{where.location.kind}"), shown(str(where.location.root)))
    table.add_row(t("doctor.config_file"), shown(str(where.location.config_file)))
    table.add_row(t("doctor.profiles"), shown(str(where.location.profiles_dir)))
    source: str = where.casebook_source  # a flag or variable as typed, a place in words
    if source in ("workspace", "home"):
        source = t(f"doctor.source_{source}")
    path = t("doctor.casebook_path", path=where.casebook, source=source)
    table.add_row(t("doctor.casebook"), shown(path))
    if report.cases is not None:
        table.add_row(t("doctor.cases"), str(report.cases))
    if report.drafts is not None:
        table.add_row(t("doctor.drafts"), str(report.drafts))
    if report.who is not None:
        # A name is typed text: shown, never run as a control sequence (§13).
        table.add_row(t("doctor.you"), shown(who_text(report.who, t)))
        table.add_row(t("doctor.your_profile"), shown(profile_text(report.who, t)))
    # The checks in a table of their own: under the labels above, each mark stood a label's
    # width away from its line.
    checks = Table(box=None, show_header=False, pad_edge=False)
    checks.add_column(no_wrap=True)
    checks.add_column()
    for check in report.checks:
        mark = Text("✓", style="green") if check.ok else Text("✗", style="bold red")
        checks.add_row(mark, shown(check_text(check, t)))
    verdict = Text(t("doctor.all_ok" if report.ok else "doctor.not_ok"), style="bold")
    return Group(table, Text(""), checks, Text(""), verdict)


def who_text(who: Whoami, t: Messages) -> str:
    """Your name and where it comes from; a login name says how to give a real one."""
    name, source = who.identity.name, who.identity.source
    key = {"--agent": "flag", "$COACH_AGENT": "env", "config": "config", "$USER": "login"}
    return t(
        f"doctor.who_{key.get(source, 'default')}",
        name=name,
        path=who.home_config,
        command=who.ask_command,
    )


def profile_text(who: Whoami, t: Messages) -> str:
    """Your profile's file; when there is none, how to get one (or your name, first)."""
    name = who.identity.name
    if who.profile is not None:
        return t("doctor.profile_found", path=who.profile)
    if who.looks_like is not None:
        path, other = who.looks_like
        return t(
            "doctor.profile_looks_like", name=name, path=path, other=other, command=who.ask_command
        )
    return t("doctor.profile_none", name=name, folder=who.folder, command=who.assess_command)


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
        "drafts": report.drafts,
        "file_system": report.file_system,
        "agent": _who_json(report.who),
        "full": report.full,
        "writes_blocked": report.blocked,
        "checks": [
            {"check": c.key.removeprefix("doctor."), "ok": c.ok, "text": check_text(c, t)}
            for c in report.checks
        ],
    }


def _who_json(who: Whoami | None) -> dict[str, Any] | None:
    if who is None:
        return None
    return {
        "name": who.identity.name,
        "source": who.identity.source,
        "known": who.identity.known,
        "profile": None if who.profile is None else str(who.profile),
    }

"""Options that several commands share, defined once (SPEC §7, §10). The choices of a
case (status, decision, answers) are the domain's own words, in `domain/vocab.py`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"
    html = "html"


Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Since = Annotated[str | None, typer.Option(help="Created on or after this day (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Created on or before this day (YYYY-MM-DD).")]
Agent = Annotated[str | None, typer.Option(help="Only this agent's cases.")]
Team = Annotated[str | None, typer.Option(help="Only this team's cases.")]


def period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """`--since` and `--until` as days for a CaseFilter; a bad day names its flag (exit 2)."""
    from coachcli.domain.case import parse_day

    return (
        parse_day(since, "--since") if since else None,
        parse_day(until, "--until") if until else None,
    )

"""Choices and options that several commands share, defined once (SPEC §7, §10)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer


class Status(StrEnum):
    open = "open"
    decided = "decided"
    closed = "closed"


class Verdict(StrEnum):
    go = "go"
    discuss = "discuss"
    stop = "stop"


class Decision(StrEnum):
    followed_rule = "followed-rule"
    set_aside = "set-aside"
    escalated = "escalated"


class Outcome(StrEnum):
    resolved = "resolved"
    unresolved = "unresolved"
    legal = "legal"
    withdrawn = "withdrawn"


class Loyalty(StrEnum):
    yes = "yes"
    no = "no"
    unsure = "unsure"


Human = Loyalty


class Cost(StrEnum):
    LOWER = "lower"  # upper-case names: `lower` would hide str.lower
    SAME = "same"
    HIGHER = "higher"
    UNSURE = "unsure"


class Risk(StrEnum):
    none = "none"
    acceptable = "acceptable"
    unacceptable = "unacceptable"
    unsure = "unsure"


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

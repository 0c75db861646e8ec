"""`coach case ...`: the cases in the casebook (SPEC §7)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from coachcli.cli.env import get_env
from coachcli.domain.case import CaseFilter, now_utc, parse_day

app = typer.Typer(no_args_is_help=True, help="Record, find and follow up cases.")


class Status(StrEnum):
    open = "open"
    decided = "decided"
    closed = "closed"


class Verdict(StrEnum):
    go = "go"
    discuss = "discuss"
    stop = "stop"


@app.command(name="list")
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help="Only cases with this status.")] = None,
    agent: Annotated[str | None, typer.Option(help="Only this agent's cases.")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team's cases.")] = None,
    rule: Annotated[
        str | None, typer.Option(help="Only cases whose rule contains this text.")
    ] = None,
    verdict: Annotated[Verdict | None, typer.Option(help="Only cases with this verdict.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Created on or after this day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Created on or before this day (YYYY-MM-DD).")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open cases past their deadline.")
    ] = False,
    limit: Annotated[
        int, typer.Option(min=0, help="Show at most this many cases; 0 shows all.")
    ] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of case objects.")
    ] = False,
) -> None:
    """List cases, newest first; overdue discussions are marked.

    Example: coach case list --status open --since 2026-11-01
    """
    env = get_env(ctx)
    wanted = CaseFilter(
        status=status.value if status else None,
        agent=agent,
        team=team,
        rule=rule,
        verdict=verdict.value if verdict else None,
        since=parse_day(since, "--since") if since else None,
        until=parse_day(until, "--until") if until else None,
        overdue=overdue,
        limit=limit or None,
    )
    now = now_utc()
    casebook = env.open_casebook(create=False)
    if casebook is None:
        cases = []
    else:
        from coachcli import store

        try:
            cases = store.list_cases(casebook, wanted, now)
        finally:
            casebook.close()
    if as_json:
        env.print_json([case.to_json() for case in cases])
    elif not cases:
        env.say("case.list_empty")
    else:
        from coachcli import render

        env.out.print(render.case_table(cases, env.messages, now))

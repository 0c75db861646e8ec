"""`coach budget`: an agent's goodwill budget for this calendar month (SPEC §9)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.env import get_env

if TYPE_CHECKING:
    from decimal import Decimal


def budget(
    ctx: typer.Context,
    agent: Annotated[str | None, typer.Option(help="Whose budget (default: you).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the goodwill budget: this month's budget, what was spent, what remains, and why.

    Example: coach budget --agent "Sanne de Vries"
    """
    from coachcli import render, store
    from coachcli.domain.intake import month_bounds
    from coachcli.domain.ladder import Budget, goodwill_spent

    env = get_env(ctx)
    who = env.agent(agent)
    frame = env.config.frame
    now = env.now()
    start, end = month_bounds(now)
    casebook = env.open_casebook(create=False)
    cases: list[tuple[str, Decimal]] = []
    if casebook is not None:
        try:
            cases = store.goodwill_cases(casebook, who, start, end)
        finally:
            casebook.close()
    figures = Budget(frame.goodwill_budget, goodwill_spent([extra for _, extra in cases]))
    period = now.strftime("%Y-%m")
    if as_json:
        env.print_json(
            {
                "agent": who,
                "period": period,
                "budget": figures.budget,
                "spent": figures.spent,
                "remaining": figures.remaining,
                "currency": frame.currency,
                "cases": [case_id for case_id, _ in cases],
            }
        )
    else:
        month = env.messages.month(now)
        env.out.print(render.budget_view(who, month, figures, frame.currency, cases, env.messages))

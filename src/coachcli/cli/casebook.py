"""`coach casebook ...`: the casebook as a whole (SPEC §7 retention; later: export, import)."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.env import get_env
from coachcli.domain.case import iso, now_utc

app = typer.Typer(no_args_is_help=True, help="Look after the casebook as a whole.")


@app.command()
def purge(
    ctx: typer.Context,
    older_than: Annotated[
        str, typer.Option(help="Age of the last change: Nd, Nw, Nm (months) or Ny, e.g. 24m.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove closed cases and drafts not changed for a while (retention).

    Example: coach casebook purge --older-than 24m --yes
    """
    from coachcli import store
    from coachcli.domain.intake import parse_age

    env = get_env(ctx)
    now = now_utc()
    cutoff = iso(parse_age(older_than, now))
    casebook = env.open_casebook(create=False)
    if casebook is None:
        env.say("casebook.purged", cases=0, drafts=0)
        return
    try:
        question = env.messages("casebook.confirm_purge", before=cutoff[:10])
        if not yes and not env.confirm(question):
            return
        cases, drafts = store.purge(casebook, cutoff, iso(now))
    finally:
        casebook.close()
    env.say("casebook.purged", cases=cases, drafts=drafts)

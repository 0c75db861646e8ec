"""`coach doctor`: where coach reads and writes, and whether the casebook is healthy."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.env import get_env
from coachcli.errors import ExitStatus


def doctor(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Also check the search index (takes the write lock; seconds on a big casebook).",
        ),
    ] = False,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Rebuild the indexes from the cases when only the indexes are damaged.",
        ),
    ] = False,
) -> None:
    """Check paths, config and casebook: schema, integrity, files, disk, cases, backups.

    Every problem comes with how to mend it; exits 1 when something needs attention.
    Damage found blocks writes to the casebook until it passes every check again.
    Example: coach doctor --full
    """
    from coachcli import health, render

    env = get_env(ctx)
    from coachcli.paths import drafts_dir

    report = health.diagnose(
        env.paths,
        drafts_dir(env.environ),
        env.command("case list"),
        full=full or repair,
        repair=repair,
        environ=env.environ,
        commands=(env.command("case new"), env.command("profile assess")),
    )
    messages = env.fallback_messages()  # a broken config is a finding, not a crash
    if as_json:
        env.print_json(render.doctor_json(report, messages))
    else:
        env.out.print(render.doctor_report(report, messages))
    if not report.ok:
        raise typer.Exit(ExitStatus.ERROR)

"""`coach casebook ...`: the casebook as a whole: export, import, reports, retention (§10, §11)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.env import Env, get_env
from coachcli.cli.options import Agent, Format, Json, Since, Team, Until, period
from coachcli.domain.vocab import Status

if TYPE_CHECKING:
    from coachcli.domain.case import CaseFilter
    from coachcli.domain.report import RuleReport

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="Look after the casebook as a whole."
)


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
    from coachcli import draftfiles, store
    from coachcli.domain.case import iso
    from coachcli.domain.intake import parse_age
    from coachcli.paths import drafts_dir

    env = get_env(ctx)
    now = env.now()
    moment = parse_age(older_than, now)
    cutoff = iso(moment)
    question = env.messages("casebook.confirm_purge", before=moment)
    casebook = env.open_casebook(create=False)
    cases, drafts, scrubbed = 0, 0, True
    try:
        if not yes and not env.confirm(question):
            return
        if casebook is not None:
            cases, drafts, scrubbed = store.purge(casebook, cutoff, iso(now))
    finally:
        if casebook is not None:
            casebook.close()
    # Draft files in the home, kept when the casebook could not be written: the same age.
    drafts += draftfiles.purge_drafts(drafts_dir(env.environ), cutoff)
    env.say("casebook.purged", cases=cases, drafts=drafts)
    if not scrubbed:
        env.warn("warning.scrub_owed", path=env.paths.casebook)


@app.command()
def export(
    ctx: typer.Context,
    format_: Annotated[
        Format | None, typer.Option("--format", help="Default: from --output's extension, or json.")
    ] = None,
    output: Annotated[
        str | None, typer.Option(help="File to write; '-' or nothing writes to stdout.")
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact/--no-redact", help="Remove personal data (default: on).")
    ] = True,
    anonymise_agents: Annotated[
        bool, typer.Option("--anonymise-agents", help="Agent A, Agent B, ... instead of names.")
    ] = False,
    since: Since = None,
    until: Until = None,
    agent: Agent = None,
    team: Team = None,
    status: Annotated[Status | None, typer.Option(help="Only cases with this status.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only cases with this tag.")] = None,
) -> None:
    """Export cases for review: json, jsonl, csv, md (a handout) or html; redacted by default.

    Example: coach casebook export --format md --output review.md --anonymise-agents
    """
    from coachcli.cli import exporting
    from coachcli.domain.case import CaseFilter

    env = get_env(ctx)
    first, last = period(since, until)
    wanted = CaseFilter(
        status=status.value if status else None,
        agent=agent,
        team=team,
        tag=tag,
        limit=None,
        since=first,
        until=last,
    )
    target = None if output in (None, "-") else Path(str(output))
    fmt = exporting.choose_format(format_.value if format_ else None, target)
    exporting.run(env, fmt, target, wanted, redact=redact, anonymise=anonymise_agents)


@app.command(name="import")
def import_(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="json or jsonl exports to merge in.")],
    as_json: Json = False,
) -> None:
    """Merge exported casebooks into this one: by case id, the greater version wins.

    Example: coach casebook import casebooks/demo.json
    """
    from coachcli import store
    from coachcli.cli.signals import terminate_as_interrupt
    from coachcli.exchange.importing import stage_files
    from coachcli.store.staging import Staging

    env = get_env(ctx)
    casebook = env.open_casebook()
    assert casebook is not None
    try:
        with terminate_as_interrupt(), Staging.beside(casebook.path) as staging:
            # Every file is read, checked and staged before the write lock is taken.
            headers = stage_files(staging, files)
            staging.index()
            for path, header in headers:
                if header.anonymised:
                    env.warn("warning.pseudonyms", path=path)
                if header.review_copy:
                    env.say("import.review_copy", path=path)
            total = store.merge_staged(casebook, staging)
    finally:
        casebook.close()
    if as_json:
        env.print_json(
            {
                "added": total.added,
                "updated": total.updated,
                "unchanged": total.unchanged,
                "deleted": total.deleted,
                "skipped": total.skipped,
                "files": [str(path) for path in files],
            }
        )
        return
    env.say(
        "import.done",
        added=total.added,
        updated=total.updated,
        unchanged=total.unchanged,
        skipped=len(total.skipped),
    )
    if total.deleted:
        env.say("import.deleted", count=total.deleted)
    if not total.changed:
        env.say("import.nothing")


class By(StrEnum):
    month = "month"


@app.command()
def stats(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    team: Team = None,
    by: Annotated[By | None, typer.Option(help="Also per calendar month (UTC).")] = None,
    as_json: Json = False,
    html: Annotated[
        Path | None,
        typer.Option(
            help="Also write a self-contained page with a chart per figure.", dir_okay=False
        ),
    ] = None,
) -> None:
    """What the casebook shows: problems solved, customers kept, money, per month if asked.

    Example: coach casebook stats --by month --html stats.html
    """
    from coachcli import render
    from coachcli.domain.case import CaseFilter

    env = get_env(ctx)
    first, last = period(since, until)
    if html is not None:
        from coachcli.cli import outputs

        html = outputs.prepare(env, html, flag="--html") or Path("/dev/stdout")
    wanted = CaseFilter(team=team, limit=None, since=first, until=last)
    # The page always shows the months: a chart per figure over them is what it is for.
    figures, ranked = _figures(
        env, wanted, by_month=by is not None or html is not None, rules=html is not None
    )
    if html is not None:
        from coachcli.files import atomic_write, output_errors
        from coachcli.html import stats_page

        page = stats_page(figures, ranked, env.messages, env.config.frame.currency)
        with output_errors(html):
            atomic_write(html, page.encode())
        env.say("stats.html_written", path=html)
    if by is None:
        figures.pop("months", None)
    if as_json:
        env.print_json(figures)
    elif html is None or by is not None:
        env.out.print(
            render.stats_view(figures, env.messages, env.golden, env.config.frame.currency)
        )


@app.command()
def rules(ctx: typer.Context, as_json: Json = False) -> None:
    """Which rules keep being set aside, how that ended, and which to consider rewriting.

    Example: coach casebook rules
    """
    from coachcli import render, store
    from coachcli.domain import report

    env = get_env(ctx)
    casebook = env.open_casebook(create=False)
    tallies = []
    if casebook is not None:
        try:
            tallies = store.rule_tallies(casebook)
        finally:
            casebook.close()
    ranked = report.rules(tallies)
    if as_json:
        env.print_json([r.to_json() for r in ranked])
    elif not ranked:
        env.say("case.list_empty")
    else:
        env.out.print(render.rules_view(ranked, env.messages))


def _figures(
    env: Env, wanted: CaseFilter, *, by_month: bool, rules: bool
) -> tuple[dict[str, Any], list[RuleReport]]:
    """The figures of §11 for the cases `wanted`, summed in SQL; with `by_month`, also
    `months`; with `rules`, the rules ranked as `casebook rules` ranks them."""
    from coachcli import store
    from coachcli.domain import report

    now = env.now()
    casebook = env.open_casebook(create=False)
    if casebook is None:
        empty = report.stats(report.StatsSums.empty())
        return (empty | {"months": []} if by_month else empty), []
    try:
        total, months = store.stats_by_month(casebook, wanted, now, months=by_month)
        ranked = report.rules(store.rule_tallies(casebook)) if rules else []
    finally:
        casebook.close()
    figures = report.stats(total)
    if by_month:
        figures["months"] = [{"month": m, **report.stats(sums)} for m, sums in months.items()]
    return figures, ranked

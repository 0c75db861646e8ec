"""The work behind `coach casebook export`: choose the format, stream, redact, write safely."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

from coachcli import __version__
from coachcli.cli.env import Env
from coachcli.domain.case import Case, CaseFilter, iso
from coachcli.exchange import FORMAT, VERSION
from coachcli.exchange.export import FORMATS

if TYPE_CHECKING:
    from coachcli.exchange.cases import Review

T = TypeVar("T")


def choose_format(given: str | None, target: Path | None) -> str:
    """`--format` wins; otherwise the output's extension; otherwise json (SPEC §10)."""
    if given:
        return given
    suffix = target.suffix.lstrip(".").lower() if target else ""
    return suffix if suffix in FORMATS else "json"


def review(
    env: Env,
    casebook: Any,
    *,
    redact: bool = True,
    anonymise: bool = False,
    also: Iterable[str] = (),
) -> Review:
    """The one Review (exchange.cases) for an export, a practice session or a sync file:
    redaction with the content of every language and the config's own additions, and
    pseudonyms for every agent and comment author in `casebook` (and the names `also`)."""
    from coachcli.exchange.cases import review_for

    people = list(also)
    if anonymise and casebook is not None:
        from coachcli import store

        people = store.people(casebook) + people
    root = env.paths.location.root
    return review_for(env.config, root, redact=redact, anonymise=anonymise, people=people)


def run(
    env: Env, fmt: str, target: Path | None, wanted: CaseFilter, *, redact: bool, anonymise: bool
) -> None:
    from coachcli import store
    from coachcli.cli import outputs
    from coachcli.files import output_errors

    if target is not None:
        target = outputs.prepare(env, target)  # before anything is read or written
    if not redact:
        env.warn("warning.no_redact")
    now = env.now()
    casebook = env.open_casebook(create=False)
    try:
        named = [wanted.agent] if wanted.agent else []
        way_out = review(env, casebook, redact=redact, anonymise=anonymise, also=named)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": iso(now),
            "coach_version": __version__,
            "redacted": redact,
            "anonymised_agents": anonymise,
            "filters": way_out.filters(wanted.to_json()),
        }

        def cases() -> Iterator[Case]:
            if casebook is None:
                return
            if way_out.redact is None and way_out.names is None:
                yield from store.iter_cases(casebook, wanted, now)
                return
            for stored in store.iter_cases(casebook, wanted, now):
                yield way_out.case(stored)

        with ExitStack() as stack:
            if target is not None:
                stack.enter_context(output_errors(target))
            out = _open(stack, env, fmt, target)
            stream: Iterator[Any] = cases()
            if fmt in ("json", "jsonl"):
                stream = _json_lines(casebook, way_out, wanted, now, stream)
            stream = _progress(stack, env, stream, casebook, wanted, now)
            count = _write(env, fmt, stream, header, out, casebook, wanted, now)
    finally:
        if casebook is not None:
            casebook.close()
    if target is not None:
        env.say("export.written", count=count, path=target)


def _open(stack: ExitStack, env: Env, fmt: str, target: Path | None) -> TextIO:
    """Stdout, a FIFO or device as it is, or a temporary file renamed into place only
    when the export is complete (files.atomic_open)."""
    from coachcli.files import atomic_open

    # csv writes its own \r\n; json and jsonl lines end with \n only, on every platform.
    newline = "" if fmt in ("csv", "json", "jsonl") else None
    if target is None:
        if env.stdout_isatty:  # a person reads it: a typed escape sequence must only show
            from coachcli.render.typed import OnScreen

            return cast(TextIO, OnScreen(env.stdout))
        if fmt == "csv":
            env.stdout.write("\ufeff")  # the byte-order mark Excel needs to read utf-8
        return env.stdout
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    return stack.enter_context(atomic_open(target, encoding=encoding, newline=newline))


def _json_lines(
    casebook: Any, way_out: Review, wanted: CaseFilter, now: datetime, cases: Iterator[Case]
) -> Iterator[str]:
    """The encoded cases of a json or jsonl export: written by SQLite where nothing in a
    case must change (store/exports.py), by Python where it must or where SQLite cannot."""
    from coachcli import store
    from coachcli.exchange import export

    by_sqlite = (
        casebook is not None
        and way_out.names is None
        and not way_out.has_patterns()
        and store.writes_json(casebook)
    )
    if not by_sqlite:
        return export.case_lines(cases)
    review = way_out.redact is not None
    batches = store.case_json_batches(casebook, wanted, now, review=review)
    return export.review_lines(batches, way_out, lambda ids: store.cases_by_id(casebook, ids))


def _progress(
    stack: ExitStack,
    env: Env,
    cases: Iterator[T],
    casebook: Any,
    wanted: CaseFilter,
    now: datetime,
) -> Iterator[T]:
    """A progress bar on stderr, only on a terminal and never mixed into stdout data."""
    if casebook is None or not env.stderr_isatty:
        return cases
    from rich.progress import Progress

    from coachcli import store

    total = store.count_matching(casebook, wanted, now)
    progress = stack.enter_context(Progress(console=env.err, transient=True))
    task = progress.add_task(env.messages("export.progress"), total=total)

    def ticking() -> Iterator[T]:
        for case in cases:
            yield case
            progress.advance(task)

    return ticking()


def _write(
    env: Env,
    fmt: str,
    cases: Iterator[Any],
    header: dict[str, Any],
    out: TextIO,
    casebook: Any,
    wanted: CaseFilter,
    now: datetime,
) -> int:
    from coachcli.exchange import export

    if fmt in ("json", "jsonl"):
        from coachcli import store

        # Privacy deletions travel, so that a deleted customer stays deleted everywhere.
        tombstones = store.privacy_tombstones(casebook) if casebook is not None else iter(())
        write = export.write_json if fmt == "json" else export.write_jsonl
        return write(cases, header, out, tombstones)
    if fmt == "csv":
        return export.write_csv(cases, header, out)
    if fmt == "md":
        return export.write_md(cases, header, out, env.messages, env.golden)
    from coachcli import store
    from coachcli.domain.report import StatsSums, stats

    sums = store.stats_sums(casebook, wanted, now) if casebook is not None else None
    summary = stats(sums or StatsSums.empty())
    currency = env.config.frame.currency
    return export.write_html(cases, header, out, env.messages, env.golden, summary, currency)

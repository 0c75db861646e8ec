"""`coach team ...`: the team's frame (SPEC §9)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.env import Env, get_env
from coachcli.errors import CoachError, UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from coachcli.domain.team import Signals

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="The team: its frame and its colour mix."
)


@app.command()
def frame(
    ctx: typer.Context,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="KEY=VALUE, e.g. max_rung_without_signoff=3; repeatable."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the frame as JSON.")] = False,
) -> None:
    """Show the team frame, or change it: the mandate, the goodwill budget, the deadlines.

    Example: coach team frame --set max_rung_without_signoff=3 --set goodwill_budget=150
    """
    from coachcli import config, render
    from coachcli.domain.frame import FRAME_KEYS

    env = get_env(ctx)
    path = env.paths.location.config_file
    current = env.config.frame
    if set_:
        document = config.read_document(path)
        table = dict(document.get("frame", {}))
        # Amounts are read against the currency they will be in: one set here, or today's.
        pairs = [a.partition("=") for a in set_]
        wanted = [v for k, _, v in pairs if k.strip().removeprefix("frame.") == "currency"]
        currency = wanted[-1].strip().upper() if wanted else current.currency
        for assignment in set_:
            key, _, value = assignment.partition("=")
            key = key.strip().removeprefix("frame.")
            if key not in FRAME_KEYS or not value.strip():
                raise UsageError(
                    "error.bad_setting",
                    setting=assignment,
                    keys=", ".join(f"`{name}`" for name in FRAME_KEYS),
                )
            table[key] = _value(env, key, value.strip(), currency)
        document["frame"] = table
        config.write_document(path, document)  # checks everything first; invalid writes nothing
        current = config.parse(document).frame
        env.say("team.frame_saved", path=path)
    if as_json:
        env.print_json(current.as_dict())
    else:
        env.out.print(render.frame_table(current, env.messages))


def _value(env: Env, key: str, text: str, currency: str) -> int | float | Decimal | str:
    """A value as typed on the command line: an amount (read as the prompt reads one, in
    the user's language; exactly, as a Decimal, written back as a TOML number), a whole
    number, a number, or text. What does not fit its key is kept as text, for the frame's
    check to refuse with the key's name."""
    from coachcli.domain.frame import AMOUNT_KEYS, InvalidValue

    if key in AMOUNT_KEYS:
        from coachcli.domain import money
        from coachcli.i18n import clip, readings

        name, t = f"frame.{key}", env.messages
        try:
            return money.to_toml(money.read(text, t.lang, currency))
        except money.Ambiguous as ambiguous:
            raise InvalidValue("amount_ambiguous", name, clip(text),
                               **readings(t, ambiguous, currency)) from None  # fmt: skip
        except money.WrongCurrency as wrong:
            raise InvalidValue("amount_currency", name, clip(text), found=wrong.currency,
                               currency=currency) from None  # fmt: skip
        except money.AmountError as error:
            if error.reason == "too_large":
                raise InvalidValue("amount_too_large", name, clip(text)) from None
            return clip(text)  # still text: the frame's check refuses it, naming the key
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


@app.command()
def profile(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Profile files or folders (default: the profiles folder)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the team view as JSON.")] = False,
    html: Annotated[
        Path | None,
        typer.Option(help="Also write a self-contained page for a team meeting.", dir_okay=False),
    ] = None,
) -> None:
    """See the team's colour mix, who needs permission, and what frame to set.

    Example: coach team profile --html team.html
    """
    from coachcli import render
    from coachcli.cli.profile import load_profiles
    from coachcli.domain import team
    from coachcli.domain.case import iso

    env = get_env(ctx)
    if html is not None:
        from coachcli.cli import outputs

        html = outputs.prepare(env, html, flag="--html") or Path("/dev/stdout")
    found = load_profiles(env, paths or [env.paths.location.profiles_dir], summary=True)
    if not found:
        raise CoachError(
            "error.no_profiles",
            paths=", ".join(map(str, paths or [env.paths.location.profiles_dir])),
        )
    rules = [team.AdviceRule(**rule) for rule in env.content("team").get("rules", [])]
    view = team.build(found, env.rungs, env.config.frame, rules, _signals(env, iso(env.now())))
    if html is not None:
        from coachcli.files import atomic_write, output_errors
        from coachcli.html import team_page

        with output_errors(html):
            atomic_write(html, team_page(view, env.messages, env.colours).encode())
        env.say("team.html_written", path=html)
    if as_json:
        env.print_json(
            {
                "members": [
                    m.profile.to_document()
                    | {"signals": m.signals.to_json() if m.signals else None}
                    for m in view.members
                ],
                "distribution": view.distribution,
                "frame": view.frame.as_dict(),
                "advice": view.advice,
            }
        )
    elif html is None:
        env.out.print(render.team_view(view, env.messages, env.colours))


def _signals(env: Env, now: str) -> dict[str, Signals] | None:
    """Per-member signals from the casebook, keyed by name slug; None without a casebook."""
    from coachcli import store
    from coachcli.domain.names import slug
    from coachcli.domain.team import Signals

    casebook = env.open_casebook(create=False)
    if casebook is None:
        return None
    try:
        rows = store.agent_signals(casebook, now)
    finally:
        casebook.close()
    merged: dict[str, list[int]] = {}
    for agent, counts in rows.items():  # "Sanne" and "sanne" are one person
        total = merged.setdefault(slug(agent), [0] * len(counts))
        merged[slug(agent)] = [a + b for a, b in zip(total, counts, strict=True)]
    return {key: Signals(*counts) for key, counts in merged.items()}

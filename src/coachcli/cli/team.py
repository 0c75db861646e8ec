"""`coach team ...`: the team's frame (SPEC §9)."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.env import get_env
from coachcli.errors import UsageError

app = typer.Typer(no_args_is_help=True, help="The team: its frame and its colour mix.")


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
        for assignment in set_:
            key, _, value = assignment.partition("=")
            key = key.strip().removeprefix("frame.")
            if key not in FRAME_KEYS or not value.strip():
                raise UsageError(
                    "error.bad_setting", setting=assignment, keys=", ".join(FRAME_KEYS)
                )
            table[key] = _value(value.strip())
        document["frame"] = table
        config.write_document(path, document)  # checks everything first; invalid writes nothing
        current = config.parse(document).frame
        env.say("team.frame_saved", path=path)
    if as_json:
        env.print_json(current.as_dict())
    else:
        env.out.print(render.frame_table(current, env.messages))


def _value(text: str) -> int | float | str:
    """A value as typed on the command line: a whole number, a number, or text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text

"""`coach init`: make a folder into a workspace for a team (SPEC §2)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.env import get_env
from coachcli.errors import CoachError


def init(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Folder to make a workspace (created if missing).")
    ] = Path("."),
) -> None:
    """Create coach.toml, profiles/ and casebooks/ in a folder; never overwrites.

    Example: coach init team-helpdesk
    """
    import tomli_w

    from coachcli.config import default_document
    from coachcli.files import create_private_file, make_private_dir
    from coachcli.paths import WORKSPACE_FILE

    env = get_env(ctx)
    target = directory / WORKSPACE_FILE
    if target.exists():
        raise CoachError("error.init_exists", path=target)
    if directory.exists() and not directory.is_dir():
        raise CoachError("error.not_a_folder", path=directory)
    make_private_dir(directory)
    if not create_private_file(target):  # another process was quicker
        raise CoachError("error.init_exists", path=target)
    target.write_bytes(tomli_w.dumps(default_document()).encode())
    for folder in ("profiles", "casebooks"):
        make_private_dir(directory / folder)
    env.say("init.created", path=directory.resolve())
    env.say("init.next")

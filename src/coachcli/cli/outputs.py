"""Files the user names on the command line (SPEC §10 "Where an export may go").

An export's `--output`, `profile assess --output` and `team profile --html` all pass
here first: the casebook in use, any SQLite database, a profile and a config file are
refused (files.check_output), and what a killed earlier write to the same name left
behind is removed, with a notice, since it may hold unredacted text.
"""

from __future__ import annotations

from pathlib import Path

from coachcli.cli.env import Env


def prepare(
    env: Env, target: Path, *, flag: str = "--output", profiles_ok: bool = False
) -> Path | None:
    """Check `target` before anything is read or written; None means this run's stdout."""
    from coachcli import files
    from coachcli.paths import home_config_file

    if files.standard_stream(target) == 1:
        return None
    location = env.paths.location
    guarded = files.Guarded(
        casebook=env.paths.casebook,
        config_files=(location.config_file, home_config_file(env.environ)),
        profiles_dir=location.profiles_dir,
    )
    files.check_output(target, guarded, flag=flag, profiles_ok=profiles_ok)

    def notify(removed: list[Path]) -> None:
        names = ", ".join(path.name for path in removed)
        env.warn("warning.orphans_removed", count=len(removed), names=names)

    files.clear_orphans(target, notify)
    return target

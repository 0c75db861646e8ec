"""Who is at the keyboard (SPEC §2 "Who you are is personal").

coach knows agents by the names their team knows them by, which find their colour
profiles: `--agent`, `$COACH_AGENT` or the home config's `agent`. When none of these is
given, only `$USER` is known: a login name, which finds no profile, so advice would be for
nobody in particular. `case new`, `profile assess` and `train` then ask the name once,
prefilled from a profile that matches the login, and keep it in the home's config.toml.
Without a terminal they go on as `$USER` and say, once, what that costs and how to mend it.

Only the asking loads the prompts and reads the profiles: when a name is known, this costs
`case new` nothing before its first prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.cli.env import Env
    from coachcli.i18n import Messages


def who(env: Env, flag: str | None, *, ask: bool, warn: bool = True) -> str:
    """The agent's name; asked (`ask`: a terminal, prompts allowed) when only `$USER` is
    known, or else `$USER` with a warning (`warn`)."""
    found = env.identity(flag)
    if found.known:
        return found.name
    if ask:  # without $USER, "agent" is no login to match a profile with
        return ask_name(env, found.name if found.source == "$USER" else "")
    if warn:
        unknown(env, found.name)
    return found.name


def ask_name(env: Env, login: str) -> str:
    """Ask "What is your name?" once, keep the answer in the home config, say where.

    Ctrl-C or Ctrl-D here raises out of the command (exit 130) before anything is kept."""
    t = env.messages
    name = env.prompter().text(
        t("identity.question"),
        default=suggestion(env, login),
        validate=_check(t),
    )
    keep(env, name)
    return name


def offer(env: Env, name: str, *, ask: bool) -> None:
    """`profile assess --name NAME`: when no name of yours is known yet, keep NAME as yours,
    but only when you confirm it (a trainer may take the assessment for someone else)."""
    from coachcli.domain.names import name_problem

    found = env.identity()
    if found.known:
        return
    if not ask:
        unknown(env, found.name)
        return
    if name_problem(name) is None and env.confirm(env.messages("identity.is_it_you", name=name)):
        keep(env, name)


def keep(env: Env, name: str) -> None:
    """Keep `name` as `agent` in the home's config.toml, and use it for the rest of this run.

    A home that cannot be written (read-only, full, a broken file) costs only the keeping:
    the call goes on under the name given, and the next run asks again."""
    from dataclasses import replace

    from coachcli import config
    from coachcli.paths import home_config_file

    path = home_config_file(env.environ)
    try:
        config.remember(path, "agent", name)
    except OSError as error:
        env.warn("warning.name_not_kept", path=path, problem=error.strerror or error)
    except CoachError as error:
        env.warn("warning.name_not_kept", path=path, problem=env.messages.error(error))
    else:
        env.say("identity.kept", name=name, path=path)
    env.__dict__["config"] = replace(env.config, agent=name)  # the cached settings, updated


def unknown(env: Env, login: str) -> None:
    """Say, once a run, that advice goes by a login name, and how to give a real one."""
    from coachcli.paths import home_config_file

    path = home_config_file(env.environ)
    # $USER is only text from the environment: shown, never run as a control sequence.
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in login)
    env.warn_once("warning.name_unknown", login=shown, command=env.command("case new"), path=path)


def suggestion(env: Env, login: str) -> str:
    """The name of the one profile whose person `login` is a usual login for (see
    `domain.names.login_matches`), or "" when none or more than one match.

    A profile's file is named by the slug of its person's name, whose words are the name's
    words as `login_matches` compares them: only the files whose names match are read, so
    a team of 2,000 does not keep the question waiting."""
    from coachcli import profiles
    from coachcli.domain.names import login_matches

    folder = env.paths.location.profiles_dir
    if not login or not folder.is_dir():
        return ""
    names = set()
    for path in sorted(folder.glob("*.toml")):
        if login_matches(login, path.stem.replace("-", " ")):
            try:
                name = profiles.read_profile(path, summary=True).name
            except CoachError:
                continue
            if login_matches(login, name):
                names.add(name)
    return names.pop() if len(names) == 1 else ""


def _check(t: Messages) -> Callable[[str], bool | str]:
    from coachcli.domain.names import MAX_NAME, name_problem

    def check(text: str) -> bool | str:
        problem = name_problem(text)
        if problem is None:
            return True
        if problem == "required":
            return t("prompt.required")
        return t(f"identity.{problem}", limit=MAX_NAME)

    return check

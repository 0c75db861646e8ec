"""The `coach` command: the root Typer app, its global options, and the error boundary.

Each command group lives in its own module, named in COMMANDS and loaded only when it is
run: `coach case new` never imports or converts the profile or team commands. This module
is on every start-up path, so it imports only typer and coach's own light modules (§14).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from coachcli import __version__
from coachcli.cli.env import Env, get_env
from coachcli.errors import CoachError, ExitStatus, Terminated, UsageError

# name -> (module, attribute): a Typer sub-app or a command function. The order is the
# order of `coach --help`: the live call first.
COMMANDS = {
    "case": ("coachcli.cli.case", "app"),
    "profile": ("coachcli.cli.profile", "app"),
    "team": ("coachcli.cli.team", "app"),
    "train": ("coachcli.cli.train", "train"),
    "budget": ("coachcli.cli.budget", "budget"),
    "casebook": ("coachcli.cli.casebook", "app"),
    "doctor": ("coachcli.cli.doctor", "doctor"),
    "init": ("coachcli.cli.init", "init"),
}


class Lang(StrEnum):
    en = "en"
    nl = "nl"


class SuggestingGroup(TyperGroup):
    """A group that answers a mistyped command as git does: one line in the user's language
    naming the closest command (`coach caes` -> `coach case`), exit 2.

    Typer's own suggestion looks only at commands already loaded, and ours load lazily, so
    it never had any to offer. The check runs only on the error path: a known command costs
    one dictionary lookup more.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        # Anything not shaped like a command (an unknown option, say) stays click's to answer.
        if name[:1].isalnum() and not ctx.resilient_parsing and not self.get_command(ctx, name):
            _unknown_command(ctx, self.list_commands(ctx), name)
        return super().resolve_command(ctx, args)


class CoachGroup(SuggestingGroup):
    """The root group; its `invoke` is the one place where errors become exit codes (§13).

    A CoachError is one line on stderr. Ctrl-C and Ctrl-D exit 130. Anything else is a
    bug: one line, and a traceback only with COACH_DEBUG=1 — without local variables,
    because they may hold a customer's personal data.
    """

    # While `coach --help` lists the commands it needs only their names and help texts, so a
    # command that is one function is not converted (parameters, types) just to be listed:
    # that pays for the completion options the list now shows (§14).
    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Import one command group only when it is asked for."""
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            import importlib

            module, attribute = COMMANDS[cmd_name]
            target = getattr(importlib.import_module(module), attribute)
            if self.listing and not isinstance(target, typer.Typer):
                import inspect

                from typer.core import TyperCommand

                return TyperCommand(cmd_name, help=inspect.getdoc(target))
            if isinstance(target, typer.Typer):
                self.commands[cmd_name] = LazyGroup(cmd_name, target)
            else:
                self.commands[cmd_name] = _convert(cmd_name, target)
        return self.commands[cmd_name]

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # typer.Context is click's
        from typer._click.exceptions import UsageError as ClickUsageError

        try:
            return super().invoke(ctx)
        except ClickUsageError as error:
            # A wrong flag or value: one line in the reader's language (§12, §13), not
            # click's English box.
            _report(ctx, usage_error(error))
            raise typer.Exit(ExitStatus.USAGE) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # exits
        except CoachError as error:
            _report(ctx, error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            # The reader went away (`coach ... | head`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(ExitStatus.OK) from None
        except OSError as error:
            # A file coach could not read or write (permissions, a full disk, a missing
            # folder): the world's problem, not a bug, so one line that names the file.
            where = error.filename or ""
            _report(ctx, CoachError("error.os", path=where, problem=error.strerror or error))
            raise typer.Exit(ExitStatus.ERROR) from None
        except (KeyboardInterrupt, EOFError):
            env = get_env(ctx)
            env.stderr.write("\n")
            env.warn("error.interrupted")
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except Terminated as stop:
            # SIGTERM or SIGHUP while a file was written: its temporary file is gone.
            import signal

            get_env(ctx).warn("error.terminated", signal=signal.Signals(stop.signum).name)
            raise typer.Exit(128 + stop.signum) from None
        except Exception as error:
            if os.environ.get("COACH_DEBUG") == "1":
                import traceback

                traceback.print_exc()  # a plain traceback never shows frames' local variables
            _report(ctx, CoachError("error.unexpected", kind=_kind(error)))
            raise typer.Exit(ExitStatus.ERROR) from None


class LazyGroup(SuggestingGroup):
    """A command group whose commands are converted to click only when one is run:
    `coach case new` does not pay for building `case list`, `show`, `close` and the rest."""

    def __init__(self, name: str, app: typer.Typer) -> None:
        super().__init__(name=name, help=str(app.info.help or ""), no_args_is_help=True)
        self.infos = {
            info.name or info.callback.__name__.replace("_", "-"): info  # type: ignore[union-attr]
            for info in app.registered_commands
        }

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.infos)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.infos:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = _convert(cmd_name, self.infos[cmd_name])
        return self.commands[cmd_name]


def _convert(name: str, command: Any) -> Any:
    """One function or registered command as a click command, through a one-command Typer."""
    single = typer.Typer(add_completion=False)
    if isinstance(command, typer.models.CommandInfo):
        single.registered_commands.append(command)
    else:
        single.command(name=name)(command)
    converted = typer.main.get_command(single)
    converted.name = name
    return converted


def _unknown_command(ctx: typer.Context, commands: list[str], typed: str) -> NoReturn:
    """`coach: 'caes' is not a coach command. Did you mean `coach case`?` on stderr, exit 2."""
    import difflib

    from coachcli.i18n import clip
    from coachcli.render.typed import visible

    env = get_env(ctx)
    # The root's own options are parsed, but its callback has not run yet: take them here,
    # so that the line is in the language asked for and the command is as typed (§12).
    # (click's values, before Typer converts them: text, or an enum member).
    given = ctx.find_root().params
    if env.lang_flag is None and given.get("lang"):
        env.lang_flag = Lang(given["lang"]).value
    if env.casebook_flag is None and given.get("casebook"):
        env.casebook_flag = Path(given["casebook"])
    try:
        t = env.messages  # the config's `language` counts too
    except CoachError:  # a broken config or $COACH_LANG: its own error comes with a command
        t = env.fallback_messages()
    group: list[str] = []  # the group's words after `coach`: ["case"] in `coach case nwe`
    level: Any = ctx
    while level.parent is not None:
        group.insert(0, level.info_name or "")
        level = level.parent
    shown = visible(clip(typed), one_line=True)  # a name typed may hold control characters
    if group:
        line = t("error.unknown_subcommand", typed=shown, group=" ".join(["coach", *group]))
    else:
        line = t("error.unknown_command", typed=shown)
    close = difflib.get_close_matches(typed.lower(), commands, n=1)
    if close:
        line += " " + t("error.did_you_mean", command=env.command(" ".join([*group, close[0]])))
    else:
        line += " " + t("error.see_help", command=env.command(" ".join([*group, "--help"])))
    env.stderr.write(env.fitted(f"coach: {line}") + "\n")
    raise typer.Exit(ExitStatus.USAGE)


def _kind(error: Exception) -> str:
    """The error's class, and for SQLite its result code: `OperationalError, SQLITE_ERROR`."""
    code = getattr(error, "sqlite_errorname", None)
    return f"{type(error).__name__}, {code}" if code else type(error).__name__


def usage_error(error: Any) -> CoachError:
    """Click's usage error as coach's own, in words a user reads in either language: the
    command, the flag, and what it takes (the choices, the range), never click's English."""
    from typer._click.exceptions import (
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoSuchOption,
    )

    command = error.ctx.command_path if error.ctx is not None else "coach"
    shown: dict[str, Any] = {"command": command, "help": f"{command} --help"}
    if isinstance(error, NoSuchOption):
        return UsageError("error.usage_option", option=error.option_name, **shown)
    if isinstance(error, BadOptionUsage):  # `--retained` with no value after it
        return UsageError("error.usage_needs_value", option=error.option_name, **shown)
    param = getattr(error, "param", None)
    if isinstance(error, MissingParameter) and param is not None:
        return UsageError("error.usage_missing", flag=_flag(param), **shown)
    if isinstance(error, BadParameter) and param is not None:
        key, values = _takes(param.type)
        return UsageError(key, flag=_flag(param), **values, **shown)
    return UsageError("error.usage", **shown)


def _takes(kind: Any) -> tuple[str, dict[str, Any]]:
    """What a parameter of this type takes, as a message key and its values."""
    from enum import Enum

    from typer._click import types

    choices = getattr(kind, "choices", None)  # Typer's own choice type, for enums too
    if choices:
        typed = [str(c.value) if isinstance(c, Enum) else str(c) for c in choices]
        return "error.usage_choice", {"choices": ", ".join(typed)}
    if isinstance(kind, types.IntRange) and kind.min is not None and kind.max is None:
        return "error.usage_number_from", {"low": kind.min}
    if isinstance(kind, types.IntRange | types.IntParamType):
        return "error.usage_number", {}
    return "error.usage_value", {}


def _flag(param: Any) -> str:
    """A parameter as the user types it: its longest flag, or its name for an argument."""
    flags = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return max(flags, key=len) if flags else str(param.human_readable_name or param.name)


def _report(ctx: typer.Context, error: CoachError) -> None:
    env = get_env(ctx)
    messages = env.fallback_messages()
    lines = [f"coach: {messages.error(error)}", *(f"  {line}" for line in error.details)]
    # An ambiguous id lists agents' names as they were imported: shown as text (§13).
    from coachcli.render.typed import visible

    env.stderr.write("\n".join(visible(line) for line in lines) + "\n")


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"coach {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=CoachGroup,
    name="coach",
    help="Decide, during a live call, when to set a rule aside, and learn from every case.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    casebook: Annotated[
        Path | None,
        typer.Option(
            "--casebook",
            help="Casebook file to use (default: $COACH_CASEBOOK, the workspace's, or the home's).",
            dir_okay=False,
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Language for everything coach says: en or nl."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show coach's version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """coach: the four golden questions, a casebook, and your room to manoeuvre."""
    # A caller (a test, say) may pass an Env of its own as `obj`, with its own streams.
    env = ctx.obj if isinstance(ctx.obj, Env) else Env()
    env.casebook_flag = casebook
    env.lang_flag = lang.value if lang else None
    ctx.obj = env


def main() -> None:
    """The console entry point: `coach` and `python -m coachcli`."""
    import sys

    sys.argv[1:] = [typed(argument) for argument in sys.argv[1:]]
    app(prog_name="coach")


def typed(argument: str) -> str:
    """An argument as the person meant it. Bytes that are not UTF-8 reach Python as lone
    surrogates (a Latin-1 terminal's "één"), which no file or casebook can hold: each such
    byte is read as Windows-1252 instead, so the text is kept and nothing fails on the way."""
    if not any("\udc80" <= char <= "\udcff" for char in argument):
        return argument
    import codecs

    def as_latin(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeDecodeError)
        bad = error.object[error.start : error.end]
        return bytes(bad).decode("cp1252", errors="replace"), error.end

    codecs.register_error("coach-typed", as_latin)
    return argument.encode("utf-8", "surrogateescape").decode("utf-8", "coach-typed")

"""The Env: what one run of coach works with — streams, clock, paths, config, language.

Commands get it from the Typer context instead of reading globals. It owns the three
standard streams and knows whether each is a terminal, as httpie's `Environment` does:
tests pass an Env of their own (their own streams, a pipe for the prompts) instead of
patching globals. Everything else is looked up once, and only when needed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from rich.console import Console

    from coachcli.config import Config, Identity
    from coachcli.domain.advice import Room
    from coachcli.domain.case import Advice
    from coachcli.domain.verdict import Judgement
    from coachcli.i18n import Messages
    from coachcli.paths import Paths
    from coachcli.prompts import Prompter
    from coachcli.store import Casebook


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


@dataclass
class Env:
    """One run's world. The streams default to the process's own, read when the Env is made
    (the root command makes it as the command starts); `*_isatty` default to asking them."""

    casebook_flag: Path | None = None
    lang_flag: str | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    # The terminal the prompts read and draw on: by default stdin, and stderr to draw on,
    # so stdout carries only data (§7). Tests give a prompt_toolkit pipe and DummyOutput.
    prompt_input: Input | None = None
    prompt_output: Output | None = None
    # Warnings already given in this run, by key: each is said once (`warn_once`).
    warned: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)

    @cached_property
    def paths(self) -> Paths:
        from coachcli.paths import resolve

        return resolve(casebook_flag=self.casebook_flag, environ=self.environ)

    @cached_property
    def config(self) -> Config:
        """The settings of §2: the workspace's or the home's file; `agent` and `language`
        always the home's, since who you are is personal."""
        from coachcli.config import load_config
        from coachcli.paths import home_config_file

        location = self.paths.location
        home = home_config_file(self.environ) if location.kind == "workspace" else None
        loaded = load_config(location.config_file, home=home)
        if not loaded.unknown_keys and not loaded.ignored_keys:
            return loaded
        from coachcli.errors import CoachError
        from coachcli.i18n import Messages, choose_language

        # In the language this config chooses, which `messages` cannot give before it.
        try:
            t = Messages(choose_language(self.lang_flag, self.environ, loaded.language))
        except CoachError:  # a bad $COACH_LANG: said as an error later, when messages load
            t = self.fallback_messages()
        lines = [
            t("warning.unknown_key", key=key, file=location.config_file)
            for key in loaded.unknown_keys
        ]
        if loaded.ignored_keys:
            keys = ", ".join(f"`{key}`" for key in loaded.ignored_keys)
            lines.append(
                t("warning.personal_ignored", file=location.config_file, keys=keys, home=home)
            )
        self.stderr.write("".join(f"coach: {line}\n" for line in lines))
        return loaded

    @cached_property
    def messages(self) -> Messages:
        from coachcli.i18n import Messages, choose_language

        lang = choose_language(self.lang_flag, self.environ, self.config.language)
        coach = self.command("").rstrip()
        return Messages(lang, self.config.content, self.paths.location.root, coach)

    def content(self, name: str, *, localised: bool = True) -> dict[str, Any]:
        """A content file, in the user's language unless it has no text, or the config's own."""
        from coachcli import content

        lang = self.messages.lang if localised else None
        return content.load(name, lang, self.config.content, self.paths.location.root)

    @cached_property
    def golden(self) -> dict[str, Any]:
        """The four questions, answers, rungs and decisions in the user's language."""
        return self.content("golden")

    @cached_property
    def advice_texts(self) -> dict[str, str]:
        from coachcli.i18n import flatten

        return flatten(self.content("advice"))

    @cached_property
    def colours(self) -> dict[str, Any]:
        """Names, descriptions, tips and watch-outs of the four colours."""
        return self.content("colours")

    @cached_property
    def rungs(self) -> dict[str, tuple[int, int]]:
        """Comfort and stretch per colour, checked (SPEC §4)."""
        from coachcli.domain.profile import parse_rungs

        return parse_rungs(self.content("rungs", localised=False))

    def room(self, agent: str) -> Room:
        """The agent's room from their profile, found by the slug of their name or by the
        name inside the file (§5, §7)."""
        from coachcli.domain.advice import NO_PROFILE
        from coachcli.profiles import find_profile_file

        path = find_profile_file(self.paths.location.profiles_dir, agent)
        if path is None:
            return NO_PROFILE
        from coachcli.domain.profile import room_for
        from coachcli.errors import CoachError
        from coachcli.profiles import read_profile

        try:
            profile = read_profile(path, summary=True)
        except CoachError as error:
            self.warn("warning.profile_skipped", problem=error)
            return NO_PROFILE
        return room_for(profile.close, self.rungs)

    def advise(self, judgement: Judgement, rung: int, room: Room) -> Advice:
        """The advice of §6 in the user's language, with the colour's tip and watch-out."""
        from coachcli.domain.advice import advise

        golden = self.golden
        colour = self.colours.get(room.colour or "", {}) if room.colour else {}
        values = {
            "rung": str(rung),
            "rung_name": golden["rung_names"][str(rung)],
            "comfort": str(room.comfort),
            "stretch": str(room.stretch),
            "mandate": str(self.config.frame.max_rung_without_signoff),
            "questions": self.messages.listed(
                [golden["questions"][q]["short"] for q in judgement.questions("doubt", "fail")]
            ),
            "tip": colour.get("helps") or self.advice_texts["tips.none"],
        }
        mandate = self.config.frame.max_rung_without_signoff
        return advise(
            judgement.verdict,
            rung,
            room,
            mandate,
            self.advice_texts,
            values,
            self._watch_outs(room),
        )

    def _watch_outs(self, room: Room) -> str:
        """The colour's watch-out; a balanced profile's, of each close colour (§4)."""
        texts: list[str] = []
        for name in room.close or ((room.colour,) if room.colour else ()):
            text = self.colours.get(name, {}).get("watch_out", "")
            if text and text not in texts:
                texts.append(text)
        return " ".join(texts)

    def now(self) -> datetime:
        """The current moment, from the one clock (SPEC §2): `$COACH_NOW` when set."""
        from coachcli import clock

        return clock.now(self.environ)

    def identity(self, flag: str | None = None) -> Identity:
        """Who runs coach, and from where: `--agent`, `$COACH_AGENT`, the home config's
        `agent`, then `$USER` (SPEC §2)."""
        from coachcli.config import choose_agent

        return choose_agent(flag, self.environ, self.config.agent)

    def agent(self, flag: str | None) -> str:
        """The agent's name, never asked: see `identity`, and `who` for the commands that ask."""
        return self.identity(flag).name

    def who(self, flag: str | None = None, *, ask: bool, warn: bool = True) -> str:
        """The agent's name for `case new`, `profile assess` and `train`: when only `$USER`
        is known, asked once on the terminal (`ask`) and kept in the home's config, or
        else the login name, with a warning (unless not `warn`) that advice cannot be
        personal."""
        found = self.identity(flag)
        if found.known:  # the usual run: nothing more to load before the first prompt
            return found.name
        from coachcli.cli.identity import who

        return who(self, flag, ask=ask, warn=warn)

    def fallback_messages(self) -> Messages:
        """Messages that work even when the config or `$COACH_LANG` is what is broken."""
        from coachcli.i18n import Messages, choose_language

        if "messages" in self.__dict__:
            return self.messages
        try:
            return Messages(choose_language(self.lang_flag, self.environ), coach=self.command(""))
        except Exception:
            return Messages("en")

    @cached_property
    def out(self) -> Console:
        """Data: tables and reports go to stdout."""
        from rich.console import Console

        return Console(file=self.stdout, highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Console:
        """Everything else: messages, warnings and prompts go to stderr."""
        from rich.console import Console

        return Console(file=self.stderr, highlight=False)

    def say(self, key: str, /, **values: Any) -> None:
        """A message to the user, on stderr. Plain text: no need to load rich for a line."""
        self.stderr.write(self.fitted(self.messages(key, **values)) + "\n")

    def warn(self, key: str, /, **values: Any) -> None:
        # fallback_messages: a warning may come while the config itself is being read.
        self.stderr.write(self.fitted(f"coach: {self.fallback_messages()(key, **values)}") + "\n")

    def fitted(self, text: str) -> str:
        """A message wrapped between words to the terminal's width, so that no word (and no
        command in backquotes, which a user copies) is cut in two by the terminal's own
        wrapping. Only on a terminal: piped or captured, a message stays one line."""
        if not self.stderr_isatty:
            return text
        import shutil
        import textwrap

        width = shutil.get_terminal_size((80, 24)).columns
        if all(len(line) < width for line in text.splitlines()):
            return text
        # A command keeps its spaces as no-break ones while the lines are laid out.
        joined = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), text)
        lines = [
            textwrap.fill(line, width - 1, break_long_words=False, break_on_hyphens=False)
            for line in joined.splitlines()
        ]
        return "\n".join(lines).replace("\0", " ")

    def warn_once(self, key: str, /, **values: Any) -> None:
        """A warning said at most once in this run, however many steps meet its cause."""
        if key not in self.warned:
            self.warned.add(key)
            self.warn(key, **values)

    def interactive(self) -> bool:
        """Whether prompts can run: only with a terminal on stdin (SPEC §13)."""
        return bool(self.stdin_isatty)

    def confirm(self, question: str) -> bool:
        """Ask yes or no on a terminal; without one, it is an error that points to --yes."""
        if not self.interactive():
            from coachcli.errors import CoachError

            raise CoachError("error.confirm_needed")
        from coachcli.prompts import Option

        t = self.messages
        options = [
            Option(t("case.yes"), True, t("case.yes_key")),
            Option(t("case.no"), False, t("case.no_key")),
        ]
        return bool(self.prompter().choose(question, options, default=False))

    def prompter(self) -> Prompter:
        """Prompts on the terminal (through stderr), with hints in the user's language."""
        from coachcli.prompts import Prompter

        output = self.prompt_output
        if output is None:
            from prompt_toolkit.output import create_output

            output = create_output(stdout=self.stderr)
        return Prompter(self.prompt_input, output, hint=self.messages("prompt.keys"))

    def print_json(self, data: object) -> None:
        """JSON on stdout; amounts (Decimals) as numbers with at most two decimals."""
        import json

        from coachcli.domain.money import json_default

        text = json.dumps(data, ensure_ascii=False, indent=2, default=json_default)
        self.stdout.write(text + "\n")

    def command(self, rest: str) -> str:
        """A coach command as the user would type it now (§12): with the `--casebook` and
        `--lang` they gave, so that it reaches the same casebook in the same language."""
        import shlex

        words = ["coach"]
        if self.casebook_flag is not None:
            words += ["--casebook", shlex.quote(str(self.casebook_flag))]
        if self.lang_flag:
            words += ["--lang", self.lang_flag]
        return " ".join([*words, rest])

    def open_casebook(self, *, create: bool = True) -> Casebook | None:
        """The casebook of §2, migrated to the current schema; None if absent and not created."""
        from coachcli import store

        casebook = store.connect(self.paths.casebook, create=create)
        if casebook is not None and casebook.upgrade is not None:
            upgrade = casebook.upgrade
            self.say("casebook.upgraded", old=upgrade.from_version, new=upgrade.to_version)
        return casebook


def get_env(ctx: typer.Context) -> Env:
    """The Env the root callback stored; a fresh one when a command runs on its own."""
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = Env()
    return root.obj

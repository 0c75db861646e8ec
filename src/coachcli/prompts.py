"""Interactive prompts: the only module that imports questionary (SPEC §7, §14).

Prompts draw on the terminal through stderr, so stdout carries only the result. Every
prompt raises KeyboardInterrupt on Ctrl-C and EOFError on Ctrl-D (questionary's
`unsafe_ask`), so the caller can keep a draft. Tests pass a prompt_toolkit pipe input and
a DummyOutput to the Prompter instead of a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from questionary import Question


@dataclass(frozen=True)
class Option:
    """One answer to pick: what is shown, what it means, and the key that picks it."""

    label: str
    value: Any
    key: str


class Prompter:
    def __init__(
        self,
        input: Input | None = None,
        output: Output | None = None,
        hint: str = "",
    ) -> None:
        # A localised instruction for `choose`; questionary's own is English.
        self.hint = hint
        # Called before every question is put: `case new` keeps a copy of the answers so far.
        self.before_ask: Callable[[], None] | None = None
        if output is None:
            from prompt_toolkit.output import create_output

            output = create_output(stdout=sys.stderr)  # prompts draw on stderr (§7)
        self._io: dict[str, Any] = {"input": input, "output": output}

    def text(
        self,
        message: str,
        *,
        default: str = "",
        instruction: str | None = None,
        validate: Callable[[str], bool | str] | None = None,
    ) -> str:
        import questionary

        question = questionary.text(
            message, default=default, instruction=instruction, validate=validate, **self._io
        )
        return str(self._ask(question)).strip()

    def autocomplete(self, message: str, choices: Sequence[str], *, default: str = "") -> str:
        import questionary

        if not choices:
            return self.text(message, default=default)
        question = questionary.autocomplete(
            message, choices=list(choices), default=default, match_middle=True, **self._io
        )
        return str(self._ask(question)).strip()

    def choose(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: Any = None,
        instruction: str | None = None,
    ) -> Any:
        """Pick one option with a single keystroke (or the arrows and Enter)."""
        import questionary
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
        from questionary.prompts.common import InquirerControl

        width = self._io["output"].get_size().columns
        choices = [
            questionary.Choice(wrapped(o.label, width), o.value, shortcut_key=o.key)
            for o in options
        ]
        start = next((c for c in choices if c.value == default), None)
        question = questionary.select(
            message,
            choices=choices,
            default=start,
            use_shortcuts=True,
            use_jk_keys=False,
            instruction=instruction or self.hint or None,
            **self._io,
        )
        control = next(
            c
            for c in question.application.layout.find_all_controls()
            if isinstance(c, InquirerControl)
        )
        # questionary's shortcut only moves the pointer; here the key also answers. The
        # answer is shown after the question, so its text is wrapped again to fit there.
        keys = KeyBindings()

        def answer(event: Any, index: int) -> None:
            control.pointed_at = index
            # `? ` and a space around the question, which the terminal wraps by columns.
            control.choices[index].title = wrapped(
                options[index].label, width, first=(len(message) + 3) % max(width, 1)
            )
            control.is_answered = True
            event.app.exit(result=options[index].value)

        for index, option in enumerate(options):
            keys.add(option.key, eager=True)(lambda event, i=index: answer(event, i))
        keys.add("enter", eager=True)(lambda event: answer(event, control.pointed_at))
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
        return self._ask(question)

    def _ask(self, question: Question) -> Any:
        if self.before_ask is not None:
            self.before_ask()
        answer = question.unsafe_ask()
        if answer is None:  # some prompts answer None when cancelled: treat as Ctrl-C
            raise KeyboardInterrupt
        return answer


# Before a choice's text: the pointer ` » ` and its key `1) `.
CHOICE_INDENT = 6


def wrapped(label: str, width: int, *, first: int = CHOICE_INDENT) -> str:
    """A choice's text wrapped to the terminal, each further line under the first: the
    prompt cuts a long line off at the edge, and a statement of the questionnaire read
    halfway is answered wrongly. `first` is how far in the first line starts."""
    import textwrap

    if first + len(label) < width:
        return label
    first_word = label.split(maxsplit=1)[0] if label.split() else ""
    if width - first < len(first_word) + 2:
        # Too little room left after a long question: the answer starts on a line of its
        # own rather than cut in the middle of a word ("la" / "ger").
        return "\n" + " " * CHOICE_INDENT + wrapped(label, width)
    wrapper = textwrap.TextWrapper(
        width=max(width - 1, CHOICE_INDENT + 20),
        initial_indent=" " * first,
        subsequent_indent=" " * CHOICE_INDENT,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(wrapper.wrap(label))[first:]

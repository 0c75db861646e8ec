"""`coach case new`: the live-call flow of SPEC §7, steps 1 to 10.

Every step is skipped when its answer is already known, from a flag or from a resumed
draft, so the same code runs the fully interactive call, a scripted `--no-input` run and
`--resume`. Ctrl-C or Ctrl-D at any prompt keeps what was entered as a draft (exit 130).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

import typer

from coachcli.domain.intake import COSTS, Intake
from coachcli.errors import ExitStatus, NotFoundError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal

    from coachcli.cli.env import Env
    from coachcli.domain.advice import Room
    from coachcli.domain.case import Case
    from coachcli.domain.frame import Frame
    from coachcli.domain.intake import Evaluation
    from coachcli.i18n import Messages
    from coachcli.prompts import Option, Prompter
    from coachcli.store import Casebook

REQUIRED = {"situation": "--situation", "rule": "--rule", "alternative": "--alternative"}


def missing_flags(intake: Intake) -> list[str]:
    """The flags a run without prompts still needs (SPEC §7)."""
    from coachcli.domain.case import QUESTIONS

    missing = [flag for name, flag in REQUIRED.items() if not getattr(intake, name)]
    if intake.decision == "set-aside" and not intake.promise:
        missing.append("--promise")
    for question in QUESTIONS:
        costs_known = any(getattr(intake, c) is not None for c in COSTS)
        if question not in intake.answers and not (question == "cost" and costs_known):
            missing.append(f"--{question}")
    return missing


@dataclass
class Flow:
    """One run of `case new`: where it records, for whom, and how it asks.

    The casebook is opened when first needed, after the first prompt is on screen: the
    agent starts typing while SQLite and sqlite-utils load.
    """

    env: Env
    agent: str
    team: str | None
    prompter: Prompter | None  # None: no terminal, or --no-input

    @property
    def frame(self) -> Frame:
        return self.env.config.frame

    @cached_property
    def casebook(self) -> Casebook:
        casebook = self.env.open_casebook()
        assert casebook is not None
        return casebook

    def close(self) -> None:
        if "casebook" in self.__dict__:
            self.casebook.close()

    @cached_property
    def now(self) -> datetime:
        return self.env.now()

    @cached_property
    def remaining(self) -> Decimal:
        """What is left of the agent's goodwill budget this month (§3, §9)."""
        from coachcli import store
        from coachcli.domain.intake import month_bounds
        from coachcli.domain.ladder import Budget, goodwill_spent

        start, end = month_bounds(self.now)
        cases = store.goodwill_cases(self.casebook, self.agent, start, end)
        spent = goodwill_spent([extra for _, extra in cases])
        return Budget(self.frame.goodwill_budget, spent).remaining

    @cached_property
    def room(self) -> Room:
        return self.env.room(self.agent)

    def run(self, intake: Intake, draft_id: str) -> Case:
        # Imports stay below the prompts: the first one is on screen before the store loads.
        if self.prompter is None:
            missing = missing_flags(intake)
            if missing:
                raise UsageError("error.missing_flags", flags=", ".join(missing))
        else:
            try:
                self.ask(intake)
            except (KeyboardInterrupt, EOFError):
                from coachcli import store
                from coachcli.domain.case import iso

                store.save_draft(
                    self.casebook, draft_id, self.agent, intake.to_json(), iso(self.env.now())
                )
                self.env.stderr.write("\n")
                self.env.say("case.draft_saved")
                raise typer.Exit(ExitStatus.INTERRUPTED) from None
        from coachcli import store
        from coachcli.domain.intake import evaluate

        case = self.record(intake, evaluate(intake, self.frame, self.remaining))
        store.insert_case(self.casebook, case, draft_id=draft_id)
        return case

    def record(self, intake: Intake, evaluation: Evaluation) -> Case:
        from coachcli.domain.intake import record

        return record(
            intake,
            evaluation,
            case_id=str(uuid.uuid4()),
            agent=self.agent,
            team=self.team,
            colour=self.room.colour,
            frame=self.frame,
            now=self.env.now(),
            advice=self.env.advise(evaluation.judgement, evaluation.rung, self.room),
        )

    # The interactive steps, in the order of §7. Each returns at once when already done.

    def ask(self, intake: Intake) -> None:
        assert self.prompter is not None
        t, ask = self.env.messages, self.prompter
        if intake.situation is None:
            intake.situation = ask.text(t("prompt.situation"), validate=_required(t))
        from coachcli.domain.case import QUESTIONS
        from coachcli.domain.intake import evaluate

        if intake.rule is None:
            from coachcli import store

            rules = store.known_rules(self.casebook)
            intake.rule = ask.autocomplete(t("prompt.rule"), rules) or None
            while not intake.rule:
                intake.rule = ask.text(t("prompt.rule"), validate=_required(t))
        if intake.alternative is None:
            intake.alternative = ask.text(t("prompt.alternative"), validate=_required(t))
        self.ask_costs(intake)
        if "similar" not in intake.done:
            self.show_similar(intake)
            intake.mark("similar")
        for question in QUESTIONS:
            self.ask_question(intake, question)
        evaluation = evaluate(intake, self.frame, self.remaining)
        if intake.rung is None:
            intake.rung = self.ask_rung(evaluation.rung_inferred)
            evaluation = evaluate(intake, self.frame, self.remaining)
        from coachcli import render

        preview = self.record(intake, evaluation)
        self.env.err.print(
            render.verdict_panel(
                preview,
                evaluation.judgement.judged,
                self.env.messages,
                self.env.golden,
                self.room,
                self.frame.max_rung_without_signoff,
            )
        )
        self.ask_decision(intake)

    def ask_costs(self, intake: Intake) -> None:
        assert self.prompter is not None
        t, currency = self.env.messages, self.frame.currency
        for field in COSTS:
            if field not in intake.done and getattr(intake, field) is None:
                typed = self.prompter.text(
                    t(f"prompt.{field}", currency=currency),
                    instruction=t("prompt.optional"),
                    validate=_amount_check(t),
                )
                setattr(intake, field, _amount(typed))
            intake.mark(field)
        if "facts" not in intake.done and not (intake.other_department or intake.precedent):
            # One keystroke, like every other choice in the call (a checkbox needs two).
            department, precedent = t("prompt.other_department"), t("prompt.precedent")
            options = [
                _option(t("prompt.neither"), (False, False), "1"),
                _option(department, (True, False), "2"),
                _option(precedent, (False, True), "3"),
                _option(f"{department} + {precedent}", (True, True), "4"),
            ]
            intake.other_department, intake.precedent = self.prompter.choose(
                t("prompt.facts"), options
            )
        intake.mark("facts")

    def show_similar(self, intake: Intake) -> None:
        from coachcli import content, render, store
        from coachcli.domain.search import match_any

        stopwords = content.load("stopwords")["words"]
        query = match_any(f"{intake.situation} {intake.rule}", stopwords)
        similar = store.similar_cases(self.casebook, query)
        self.env.err.print(render.similar_cases(similar, self.env.messages, self.env.golden))

    def ask_question(self, intake: Intake, question: str) -> None:
        from coachcli.domain.verdict import ANSWERS

        assert self.prompter is not None
        if question == "cost" and intake.facts.extra is not None:
            return  # the costs answer it (§6)
        golden = self.env.golden
        if question not in intake.answers:
            spec = golden["questions"][question]
            labels = golden["answers"][question]
            options = [_option(labels[a]["label"], a, labels[a]["key"]) for a in ANSWERS[question]]
            intake.answers[question] = self.prompter.choose(
                f"{spec['short']}: {spec['text']}", options
            )
        step = f"note:{question}"
        if step not in intake.done and not intake.notes.get(question):
            t = self.env.messages
            note = self.prompter.text(t("prompt.note"), instruction=t("prompt.optional"))
            if note:
                intake.notes[question] = note
        intake.mark(step)

    def ask_rung(self, inferred: int) -> int:
        assert self.prompter is not None
        names = self.env.golden["rungs"]
        options = [_option(names[str(r)], r, str(r)) for r in (1, 2, 3, 4)]
        return int(
            self.prompter.choose(
                self.env.messages("prompt.rung", rung=inferred), options, default=inferred
            )
        )

    def ask_decision(self, intake: Intake) -> None:
        assert self.prompter is not None
        t, names = self.env.messages, self.env.golden["decisions"]
        if "decision" not in intake.done and intake.decision is None:
            choices = ["followed-rule", "set-aside", "escalated", "later"]
            options = [_option(names[c], c, str(i)) for i, c in enumerate(choices, 1)]
            picked = self.prompter.choose(t("prompt.decision"), options)
            intake.decision = None if picked == "later" else picked
        intake.mark("decision")
        if intake.decision == "set-aside" and not intake.promise:
            intake.promise = self.prompter.text(t("prompt.promise"), validate=_required(t))


def _option(label: str, value: Any, key: str) -> Option:
    from coachcli.prompts import Option

    return Option(label, value, key)


def _required(t: Messages) -> Callable[[str], bool | str]:
    message: str = t("prompt.required")
    return lambda text: bool(text.strip()) or message


def _amount(text: str) -> Decimal | None:
    """An amount as an agent types it, exactly (domain.money): `50`, `49,95`, `€ 1.250,50`;
    empty is no amount."""
    from coachcli.domain.money import from_text

    return from_text(text) if text.strip() else None


def _amount_check(t: Messages) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        from coachcli.domain.money import AmountError

        try:
            _amount(text)
        except AmountError as error:
            too_large = error.reason == "too_large"
            return str(t("prompt.amount_too_large" if too_large else "prompt.bad_amount"))
        return True

    return check


def start(
    env: Env,
    intake: Intake,
    *,
    agent: str,
    team: str | None,
    prompter: Prompter | None,
    resume: bool = False,
) -> Case:
    """Pick up a draft if asked, and run the flow."""
    flow = Flow(env, agent, team, prompter)
    try:
        draft_id = str(uuid.uuid4())
        if resume:
            from coachcli import store

            found = store.latest_draft(flow.casebook, agent)
            if found is None:
                raise NotFoundError("error.no_draft", agent=agent)
            draft_id, data = found
            intake = _merge(Intake.from_json(data), intake)
        return flow.run(intake, draft_id)
    finally:
        flow.close()


def _merge(draft: Intake, flags: Intake) -> Intake:
    """A resumed draft, with anything given as a flag this time taking precedence."""
    for name, value in vars(flags).items():
        if name in ("answers", "notes"):
            getattr(draft, name).update(value)
        elif name == "done":
            for step in value:
                draft.mark(step)
        elif value not in (None, [], False):
            setattr(draft, name, value)
    return draft

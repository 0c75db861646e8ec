"""`coach case new`: the live-call flow of SPEC §7, steps 1 to 10.

Every step is skipped when its answer is already known, from a flag or from a resumed
draft, so the same code runs the fully interactive call, a scripted `--no-input` run and
`--resume`. Ctrl-C or Ctrl-D at any prompt, a closed terminal (SIGHUP) and SIGTERM keep
what was entered as a draft (exit 130); a casebook that cannot be written keeps it in a
draft file in the home (exit 1 when it was the save that failed). Nothing typed, no draft.
"""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from coachcli.domain.intake import COSTS, Intake
from coachcli.domain.limits import MAX_NAME, MAX_TEXT
from coachcli.domain.vocab import AdviceCode
from coachcli.errors import CasebookError, ExitStatus, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal

    from coachcli.cli.drafting import Drafts, Kept
    from coachcli.cli.env import Env
    from coachcli.domain.advice import Room
    from coachcli.domain.case import Advice, Case
    from coachcli.domain.draft import Draft
    from coachcli.domain.frame import Frame
    from coachcli.domain.intake import Evaluation
    from coachcli.i18n import Messages
    from coachcli.prompts import Option, Prompter
    from coachcli.store import Casebook

LATER = "later"  # the decision menu's "decide later": no decision yet, the case stays open

# The flag that gives each value a case needs (domain.intake.missing names the values).
FLAGS = {
    "situation": "--situation",
    "rule": "--rule",
    "alternative": "--alternative",
    "loyalty": "--loyalty",
    "cost": "--cost",
    "human": "--human",
    "risk": "--risk",
    "promise": "--promise",
    "rung_reason": "--rung-reason",
}


def missing_flags(intake: Intake) -> list[str]:
    """The flags a run without prompts still needs (SPEC §7)."""
    from coachcli.domain.intake import missing

    return [FLAGS[name] for name in missing(intake)]


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
    resumed: Draft | None = None  # the draft continued with --resume
    followups_due: int = 0  # the agent's, counted once the case is saved
    # The answers as last written to the working copy, so an unchanged state is not rewritten.
    _copied: dict[str, Any] | None = dataclasses.field(default=None, init=False, repr=False)

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

    @cached_property
    def draft(self) -> Draft:
        """The draft this run keeps: a resumed one, or a new one made when first needed
        (not before the first prompt: the agent does not wait for it)."""
        if self.resumed is not None:
            return self.resumed
        from coachcli.domain.case import iso
        from coachcli.domain.draft import Draft

        now = iso(self.env.now())
        return Draft(str(uuid.uuid4()), self.agent, now, now)

    @cached_property
    def drafts(self) -> Drafts:
        from coachcli.cli.drafting import Drafts

        return Drafts(self.env)

    def run(self, intake: Intake) -> Case:
        """Ask what is still open, then save the case; keep a draft when stopped halfway.

        Imports stay below the prompts: the first one is on screen before the store loads.
        """
        if self.prompter is None:
            missing = missing_flags(intake)
            if missing:
                raise UsageError("error.missing_flags", flags=", ".join(missing))
            return self.save(intake)
        from coachcli.cli.stopping import stopping

        with stopping() as stop:
            self.prompter.before_ask = lambda: self.copy(intake)
            try:
                self.ask(intake)
            except (KeyboardInterrupt, EOFError):
                stop.hold()
                self.stopped(intake, urgent=stop.signal is not None)
            except CasebookError as error:  # the casebook could not even be read
                stop.hold()
                self.failed(intake, error)
            except OSError:
                # The terminal went away (EIO), before its SIGHUP or with it: the typed
                # answers are kept all the same, as urgently as for the signal.
                stop.hold()
                self.stopped(intake, urgent=True)
            finally:
                self.prompter.before_ask = None
            stop.hold()  # a signal from here on waits for the save
            self.copy(intake)  # the last answer too: the save may wait 30 s for a lock
            return self.save(intake)

    def save(self, intake: Intake) -> Case:
        """Record the case; when the casebook cannot take it, keep it as a draft (exit 1)."""
        from coachcli import store
        from coachcli.domain.intake import evaluate, needs_reason

        try:
            evaluation = evaluate(intake, self.frame, self.remaining)
            if needs_reason(intake, evaluation.rung_inferred):
                raise UsageError("error.missing_flags", flags=FLAGS["rung_reason"])
            case = self.record(intake, evaluation)
            if case.against_advice and not intake.against_advice:
                assert case.advice is not None
                raise UsageError("error.against_advice", code=AdviceCode(case.advice.code))
            store.insert_case(self.casebook, case, draft_id=self.draft.id)
        except CasebookError as error:
            self.failed(intake, error)
        self.drafts.saved(self.draft)
        self.followups_due = self.count_followups()
        return case

    def count_followups(self) -> int:
        """How many of the agent's follow-ups are due (§11), said after the save; a count
        that cannot be read is no reason to fail a call whose case is safe."""
        from coachcli.cli.following import count_due

        try:
            return count_due(self.env, self.casebook, self.agent)
        except CasebookError:
            return 0

    def copy(self, intake: Intake) -> None:
        """Before each prompt: a working copy of the answers so far, in the home."""
        if intake.is_empty():
            return
        data = intake.to_json()
        if data != self._copied:
            try:
                self.drafts.working_copy(self._touched(data))
            except OSError:
                return  # a home that cannot be written must not stop the call
            self._copied = json_copy(data)

    def _touched(self, data: dict[str, Any]) -> Draft:
        from dataclasses import replace

        from coachcli.domain.case import iso

        now = iso(self.env.now())
        return replace(self.draft, agent=self.agent, data=json_copy(data), updated_at=now)

    def keep(self, intake: Intake, *, urgent: bool) -> Kept:
        kept = self._touched(intake.to_json())
        return self.drafts.keep(lambda: self.casebook, kept, urgent=urgent)

    def stopped(self, intake: Intake, *, urgent: bool) -> NoReturn:
        """Ctrl-C, Ctrl-D, a closed terminal or SIGTERM: keep what was entered (exit 130).

        After a closed terminal nothing can be shown; the draft is kept all the same.
        """
        if intake.is_empty():
            _quietly(self.env.stderr.write, "\n")
            _quietly(self.env.say, "case.nothing_kept")
            raise typer.Exit(ExitStatus.INTERRUPTED)
        kept = self.keep(intake, urgent=urgent)
        _quietly(self.env.stderr.write, "\n")
        _quietly(self.tell, kept)
        raise typer.Exit(ExitStatus.INTERRUPTED)

    def failed(self, intake: Intake, error: CasebookError) -> NoReturn:
        """The casebook could not be written: what was entered goes to a draft file (exit 1)."""
        kept = self.drafts.keep(_raise(error), self._touched(intake.to_json()), urgent=False)
        self.tell(kept)
        raise typer.Exit(ExitStatus.ERROR)

    def tell(self, kept: Kept) -> None:
        """Where the draft is, and the command that continues it, as typed now (§12)."""
        command = self.env.command(f"case new --resume {kept.draft.short_id}")
        if kept.error is not None:
            self.env.stderr.write(f"coach: {self.env.messages.error(kept.error)}\n")
            self.env.say("case.draft_in_file", id=kept.draft.short_id, path=kept.file,
                         command=command)  # fmt: skip
        else:
            self.env.say("case.draft_saved", id=kept.draft.short_id, command=command)

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
            advice=self.env.advise(evaluation.judgement, evaluation.judged_rung, self.room),
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

            rules = offered(store.known_rules(self.casebook))
            intake.rule = ask.autocomplete(t("prompt.rule"), rules) or None
            while not intake.rule:
                intake.rule = ask.text(t("prompt.rule"), validate=_required(t))
        if intake.alternative is None:
            intake.alternative = ask.text(t("prompt.alternative"), validate=_required(t))
        self.ask_customer(intake)
        self.ask_costs(intake)
        self.settle_cost(intake)
        if "similar" not in intake.done:
            self.show_similar(intake)
            intake.mark("similar")
        for question in QUESTIONS:
            self.ask_question(intake, question)
        evaluation = evaluate(intake, self.frame, self.remaining)
        if intake.rung is None:
            intake.rung = self.ask_rung(evaluation.rung_inferred)
            evaluation = evaluate(intake, self.frame, self.remaining)
        self.ask_reason(intake, evaluation.rung_inferred)
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
                self.env.command("profile assess"),
            )
        )
        assert preview.advice is not None
        self.ask_decision(intake, preview.advice)

    def ask_customer(self, intake: Intake) -> None:
        """The customer reference and tags: one optional step (Enter skips), since a
        privacy request later finds the customer's cases by the reference (§7, §8)."""
        assert self.prompter is not None
        if "customer" in intake.done:
            return
        t = self.env.messages
        if intake.customer is None:
            typed = self.prompter.text(
                t("prompt.customer"), instruction=t("prompt.optional"), validate=_fits(t, MAX_NAME)
            )
            intake.customer = typed.strip() or None
        if not intake.tags:
            typed = self.prompter.text(
                t("prompt.tags"), instruction=t("prompt.tags_hint"), validate=_fits(t)
            )
            intake.tags = [tag.strip() for tag in typed.split(",") if tag.strip()]
        intake.mark("customer")

    def ask_costs(self, intake: Intake) -> None:
        assert self.prompter is not None
        t, currency = self.env.messages, self.frame.currency
        for field in COSTS:
            if field not in intake.done and getattr(intake, field) is None:
                typed = self.prompter.text(
                    t(f"prompt.{field}", currency=currency),
                    instruction=t("prompt.optional"),
                    validate=_amount_check(t, currency),
                )
                setattr(intake, field, self.read_amount(typed))
            intake.mark(field)
        if "facts" not in intake.done and not (intake.other_department or intake.precedent):
            # One keystroke, like every other choice in the call (a checkbox needs two).
            department, precedent = t("prompt.other_department"), t("prompt.precedent")
            options = [
                _option(t("prompt.neither"), (False, False), "1"),
                _option(department, (True, False), "2"),
                _option(precedent, (False, True), "3"),
                _option(t("prompt.both"), (True, True), "4"),
            ]
            intake.other_department, intake.precedent = self.prompter.choose(
                t("prompt.facts"), options
            )
        intake.mark("facts")

    def read_amount(self, typed: str) -> Decimal | None:
        """An amount as the agent typed it, in their language (SPEC §3); an ambiguous one
        (`1.450` in English) is asked at once, each reading written as money."""
        from coachcli.domain.money import Ambiguous

        assert self.prompter is not None
        t, currency = self.env.messages, self.frame.currency
        try:
            return _amount(typed, t.lang, currency)
        except Ambiguous as ambiguous:
            shown = [t.amount(reading, currency) for reading in ambiguous.readings]
            options = [_option(text, reading, str(n)) for n, (text, reading)
                       in enumerate(zip(shown, ambiguous.readings, strict=True), 1)]  # fmt: skip
            question = t("prompt.which_amount", first=shown[0], second=shown[1])
            reading: Decimal = self.prompter.choose(question, options)
            return reading

    def settle_cost(self, intake: Intake) -> None:
        """Costs typed at the prompt answer the cost question (§6): a `--cost` given before
        them that they contradict is dropped, and the agent is told, rather than the
        call failing at its end (and again on every resume)."""
        from coachcli.domain.verdict import infer_cost

        inferred = infer_cost(intake.facts)
        if inferred is not None and intake.answers.get("cost") not in (None, inferred):
            del intake.answers["cost"]
            answer = self.env.golden["answers"]["cost"][inferred]["label"]
            self.env.say("case.cost_follows", answer=answer)

    def show_similar(self, intake: Intake) -> None:
        from coachcli import content, render, store
        from coachcli.domain.search import match_any

        stopwords = content.load("stopwords")["words"]
        query = match_any(f"{intake.situation} {intake.rule}", stopwords)
        similar = store.similar_cases(self.casebook, query)
        if not similar and not store.has_cases(self.casebook):
            key, values = self.empty_casebook()
            self.env.say(key, **values)
            return
        self.env.err.print(render.similar_cases(similar, self.env.messages, self.env.golden))

    def empty_casebook(self) -> tuple[str, dict[str, str]]:
        """A first run: no precedents and no rules to offer. Where to find example cases:
        the demo workspace's own file, as typed from here, or a clone of coach."""
        import os

        demo = self.env.paths.location.root / "casebooks" / "demo.json"
        if self.env.paths.location.kind == "workspace" and demo.is_file():
            import shlex

            where = shlex.quote(os.path.relpath(demo))
            return "case.empty_demo", {"command": self.env.command(f"casebook import {where}")}
        return "case.empty_elsewhere", {
            "command": self.env.command("casebook import casebooks/demo.json")
        }

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
            question_name = self.env.golden["questions"][question]["short"]
            note = self.prompter.text(
                t("prompt.note", question=question_name),
                instruction=t("prompt.optional"),
                validate=_fits(t),
            )
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

    def ask_reason(self, intake: Intake, inferred: int) -> None:
        """A rung below the inference needs a one-line reason (§3), asked at once."""
        from coachcli.domain.intake import needs_reason

        assert self.prompter is not None
        if needs_reason(intake, inferred):
            t = self.env.messages
            intake.rung_reason = self.prompter.text(
                t("prompt.rung_reason", rung=intake.rung, inferred=inferred),
                instruction=t("prompt.rung_reason_hint"),
                validate=_required(t),
            )

    def ask_decision(self, intake: Intake, advice: Advice) -> None:
        """Step 9, preselecting what the advice says (§6); setting the rule aside against
        the advice is confirmed first, and a "no" asks for the decision again."""
        from coachcli.domain.advice import against_advice, suggested_decision
        from coachcli.domain.intake import needs_promise
        from coachcli.domain.vocab import Decision

        assert self.prompter is not None
        t, names = self.env.messages, self.env.golden["decisions"]
        while True:
            if "decision" not in intake.done and intake.decision is None:
                choices = [*Decision, LATER]
                options = [_option(names[c], c, str(i)) for i, c in enumerate(choices, 1)]
                suggested = suggested_decision(advice) or LATER
                picked = self.prompter.choose(t("prompt.decision"), options, default=suggested)
                intake.decision = None if picked == LATER else picked
            intake.mark("decision")
            if intake.against_advice or not against_advice(advice, intake.decision):
                break
            code = t(f"advice_code.{advice.code}")
            if self.confirm(t("prompt.against_advice", code=code)):
                intake.against_advice = True
                break
            intake.decision = None
            intake.done.remove("decision")
        if needs_promise(intake.decision, intake.promise):
            intake.promise = self.prompter.text(t("prompt.promise"), validate=_required(t))

    def confirm(self, question: str) -> bool:
        assert self.prompter is not None
        t = self.env.messages
        options = [
            _option(t("case.yes"), True, t("case.yes_key")),
            _option(t("case.no"), False, t("case.no_key")),
        ]
        return bool(self.prompter.choose(question, options, default=False))


def offered(rules: list[str]) -> list[str]:
    """The known rules as the autocomplete offers them: as text. questionary reads each
    choice as markup, and a control character that an import brought in made the prompt
    raise on every key the agent typed."""
    from coachcli.render.typed import visible

    return list(dict.fromkeys(visible(rule, one_line=True) for rule in rules))


def _option(label: str, value: Any, key: str) -> Option:
    from coachcli.prompts import Option

    return Option(label, value, key)


def _required(t: Messages, limit: int = MAX_TEXT) -> Callable[[str], bool | str]:
    """An answer that is there, and no longer than a colleague's import would take."""
    fits = _fits(t, limit)
    message: str = t("prompt.required")
    return lambda text: (bool(text.strip()) or message) if fits(text) is True else fits(text)


def _fits(t: Messages, limit: int = MAX_TEXT) -> Callable[[str], bool | str]:
    message: str = t("prompt.too_long", limit=limit)
    return lambda text: len(text) <= limit or message


def _amount(text: str, lang: str, currency: str) -> Decimal | None:
    """An amount as an agent types it, exactly (domain.money): `50`, `49,95`, `€ 1.250,50`;
    empty is no amount."""
    from coachcli.domain.money import read

    return read(text, lang, currency) if text.strip() else None


def _amount_check(t: Messages, currency: str) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        from coachcli.domain import money

        try:
            _amount(text, t.lang, currency)
        except money.Ambiguous:
            return True  # asked next, with both readings
        except money.WrongCurrency as wrong:
            return str(t("prompt.wrong_currency", found=wrong.currency, currency=currency))
        except money.AmountError as error:
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
    draft_id: str | None = None,
) -> tuple[Case, int]:
    """Pick up a draft if asked (the named one, or the agent's latest), and run the flow.
    Returns the saved case and how many of the agent's follow-ups are due."""
    flow = Flow(env, agent, team, prompter)
    try:
        if resume:
            draft = flow.resumed = flow.drafts.pick(_readable(flow), agent, draft_id)
            if prompter is not None:
                from coachcli import render

                currency = env.config.frame.currency
                recap = render.draft_recap(draft, env.messages, env.golden, env.now(), currency)
                env.err.print(recap)
            intake = _merge(Intake.from_json(draft.data), intake)
        return flow.run(intake), flow.followups_due
    finally:
        flow.close()


def _readable(flow: Flow) -> Casebook | None:
    """The casebook to look for drafts in; None when it cannot be opened, so that the
    drafts kept in files are still found."""
    try:
        return flow.casebook
    except CasebookError as error:
        flow.env.warn("warning.drafts_from_files", error=error)
        return None


def _raise(error: CasebookError) -> Callable[[], Casebook]:
    def fail() -> Casebook:
        raise error

    return fail


def _quietly(action: Callable[..., object], *args: Any) -> None:
    """Tell the agent, when there is still a terminal to tell: after SIGHUP there is none."""
    with contextlib.suppress(OSError):
        action(*args)


def json_copy(data: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(data)


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

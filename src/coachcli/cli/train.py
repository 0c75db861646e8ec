"""`coach train`: a short practice session built from real cases (SPEC §15)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.env import Env, get_env
from coachcli.domain.vocab import Decision
from coachcli.errors import CoachError, ExitStatus, UsageError

if TYPE_CHECKING:
    from coachcli.domain.advice import Room
    from coachcli.domain.case import Advice, Case
    from coachcli.domain.training import Attempt, Session
    from coachcli.prompts import Prompter
    from coachcli.store import Casebook


def train(
    ctx: typer.Context,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from", help="Practise on an exported casebook (json or jsonl).", dir_okay=False
        ),
    ] = None,
    count: Annotated[int, typer.Option(min=1, help="How many cases.")] = 5,
    tag: Annotated[str | None, typer.Option(help="Only cases with this tag.")] = None,
    rule: Annotated[str | None, typer.Option(help="Only cases whose rule contains this.")] = None,
    seed: Annotated[
        int | None, typer.Option(help="Repeat a session: same seed, same cases.")
    ] = None,
    trainee: Annotated[str | None, typer.Option(help="Who practises (default: you).")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show past sessions instead of practising.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --history: print JSON.")] = False,
) -> None:
    """Practise on real cases: answer the four questions, then see what the casebook did.

    Example: coach train --from casebooks/demo.json --count 3
    """
    env = get_env(ctx)
    if history:
        _history(env, trainee, as_json)
        return
    if not env.interactive():
        raise UsageError("error.train_needs_terminal")
    import random

    from coachcli.domain.case import iso
    from coachcli.domain.training import Session, select

    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    if from_ is not None:
        cases, source, digest = _from_file(from_)
        chosen = select(cases, count, seed, tag, rule)
    else:
        chosen, source, digest = _from_casebook(env, count, seed, tag, rule), "casebook", None
    if not chosen:
        raise CoachError("error.train_no_cases")
    who = trainee or env.who(None, ask=True)  # once there is something to practise on
    from coachcli.cli.exporting import review

    way_out = review(env, None)  # practice material is shown as an export would be: redacted
    chosen = [way_out.case(case) for case in chosen]
    casebook = env.open_casebook()
    assert casebook is not None
    session = Session(str(uuid.uuid4()), who, iso(env.now()), seed, source, digest)
    try:
        interrupted = _practise(env, env.prompter(), casebook, session, chosen, env.room(who))
    finally:
        casebook.close()
    from coachcli import render

    if session.attempts:
        env.err.print(render.training_summary(session, env.messages, env.golden))
    env.say("train.saved", seed=seed)
    if interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


def _from_file(from_: Path) -> tuple[list[Case], str, str | None]:
    """An export's cases, with the source as a session records it: name and SHA-256."""
    import hashlib

    from coachcli.exchange.reader import read_export

    exported = read_export(from_)
    digest = hashlib.sha256(from_.read_bytes()).hexdigest()
    return exported.cases, from_.name, digest


def _from_casebook(
    env: Env, count: int, seed: int, tag: str | None, rule: str | None
) -> list[Case]:
    """The casebook's cases to practise on, chosen in SQL: a million are never read."""
    from coachcli import store

    casebook = env.open_casebook(create=False)
    if casebook is None:
        return []
    try:
        return store.practice_cases(casebook, count, seed, tag, rule)
    finally:
        casebook.close()


def _practise(
    env: Env,
    prompter: Prompter,
    casebook: Casebook,
    session: Session,
    cases: list[Case],
    room: Room,
) -> bool:
    """Ask, compare and reveal case by case; True when Ctrl-C ended it early."""
    from coachcli import render, store

    for number, case in enumerate(cases, 1):
        env.err.print(render.training_case(case, number, len(cases), env.messages, env.golden))
        try:
            attempt, advice = _attempt(env, prompter, case, room)
        except (KeyboardInterrupt, EOFError):
            env.stderr.write("\n")
            return True
        if not session.attempts:  # a session is stored once it has something to keep
            store.start_session(casebook, session)
        store.add_attempt(casebook, session.id, attempt)  # kept at once
        session.attempts.append(attempt)
        env.err.print(render.training_reveal(case, attempt, advice, env.messages, env.golden))
        if number < len(cases):
            try:
                prompter.text(env.messages("train.next"))
            except (KeyboardInterrupt, EOFError):
                env.stderr.write("\n")
                return True
    return False


def _attempt(env: Env, prompter: Prompter, case: Case, room: Room) -> tuple[Attempt, Advice]:
    """The trainee's four answers and decision, and coach's advice for those answers."""
    from rich.text import Text

    from coachcli.domain.advice import judged_rung
    from coachcli.domain.ladder import Facts, infer_rung
    from coachcli.domain.training import compare, given_answers
    from coachcli.domain.verdict import ANSWERS, assess
    from coachcli.prompts import Option

    golden, t = env.golden, env.messages
    facts = Facts(case.rule_cost, case.alternative_cost, case.other_department, case.precedent)
    answers: dict[str, str] = {}
    given = given_answers(case)
    for question in ("loyalty", "cost", "human", "risk"):
        labels = golden["answers"][question]
        spec = golden["questions"][question]
        if question in given:  # the costs answer it (§6): shown, not asked, not counted
            answers[question] = given[question]
            label = labels[given[question]]["label"]
            env.err.print(Text(t("train.given", question=spec["short"], answer=label)))
            continue
        options = [Option(labels[a]["label"], a, labels[a]["key"]) for a in ANSWERS[question]]
        answers[question] = prompter.choose(f"{spec['short']}: {spec['text']}", options)
    names = golden["decisions"]
    options = [Option(names[c], c, str(n)) for n, c in enumerate(Decision, 1)]
    decision = prompter.choose(t("train.decide"), options)
    frame = env.config.frame
    judgement = assess(answers, facts, frame, frame.goodwill_budget)
    facts_rung = case.rung_inferred or infer_rung(facts, frame, frame.goodwill_budget)
    rung = judged_rung(case.rung or facts_rung, facts_rung)  # as `case new` judges it (§3)
    advice = env.advise(judgement, rung, room)
    return compare(case, answers, decision), advice


def _history(env: Env, trainee: str | None, as_json: bool) -> None:
    from coachcli import render, store

    casebook = env.open_casebook(create=False)
    found = []
    if casebook is not None:
        try:
            found = store.sessions(casebook, trainee)
        finally:
            casebook.close()
    if as_json:
        env.print_json([session.to_json() for session in found])
    elif not found:
        env.say("train.no_history")
    else:
        env.out.print(render.training_history(found, env.messages, env.now()))

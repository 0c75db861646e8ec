"""`coach case follow-up`: did the customer stay? (SPEC §11)

Without an id it goes through the due follow-ups of the agent (or `--agent NAME`, or
`--all`), longest waiting first, one keystroke each and an optional note, which is kept as
a comment. Each answer is saved at once, in one transaction with its note, so Ctrl-C (or a
closed terminal) keeps every answer given and writes nothing of the case on screen.
With an id and `--retained` it asks nothing.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime, time
from typing import TYPE_CHECKING

import typer

from coachcli.errors import ExitStatus, NotFoundError, UsageError

if TYPE_CHECKING:
    from coachcli.cli.env import Env
    from coachcli.domain.case import Case, Comment
    from coachcli.prompts import Prompter
    from coachcli.store import Casebook


def due_before(env: Env) -> str:
    """The stored time before which a decision's follow-up is due today: local midnight
    after the day `followup_weeks` weeks ago (domain.followup), as UTC."""
    from coachcli.domain.case import iso
    from coachcli.domain.followup import first_day_not_due

    today = env.now().astimezone().date()
    day = first_day_not_due(today, env.config.frame.followup_weeks)
    # A naive local time: `astimezone` gives it the offset of that day (summer or winter).
    return iso(datetime.combine(day, time()).astimezone())


def count_due(env: Env, casebook: Casebook, agent: str) -> int:
    from coachcli import store

    return store.count_due(casebook, agent, due_before(env))


def one(env: Env, casebook: Casebook, typed: str, retained: str | None, note: str | None) -> None:
    """`case follow-up ID`: with --retained, record it; else ask, on a terminal."""
    from coachcli import store

    case = store.find_case(casebook, typed)
    if retained is None:
        if not env.interactive():
            example = env.command(f"case follow-up {case.short_id} --retained yes")
            raise UsageError("error.follow_up_no_terminal", command=example)
        _check(case)
        mine = case.agent.casefold() == env.agent(None).casefold()
        _ask_and_save(env, casebook, env.prompter(), case, (1, 1, not mine), note)
        return
    _save(env, casebook, case, retained, note)


def walk(env: Env, casebook: Casebook, agent: str | None, command: str) -> None:
    """Go through the due follow-ups of `agent` (None: everyone's), one keystroke each."""
    from coachcli import store
    from coachcli.cli.stopping import stopping
    from coachcli.domain.followup import is_due

    before = due_before(env)
    ids = store.due_ids(casebook, agent, before)
    if not ids:
        if agent is None:
            env.say("followup.none_due_all")
        else:
            env.say("followup.none_due", agent=agent)
        return
    if not env.interactive():
        raise UsageError("error.follow_up_no_terminal", command=env.command(
            "case follow-up ID --retained yes"))  # fmt: skip
    prompter = env.prompter()
    done = 0
    with stopping():
        try:
            for n, case_id in enumerate(ids, 1):
                try:
                    case = store.find_case(casebook, case_id)
                except NotFoundError:
                    continue  # deleted meanwhile
                if not is_due(case, before):
                    continue  # a colleague answered it meanwhile
                whose = agent is None or agent.casefold() != env.agent(None).casefold()
                try:
                    _ask_and_save(env, casebook, prompter, case, (n, len(ids), whose), None)
                except store.FollowedUpMeanwhile as meanwhile:
                    env.warn(meanwhile.key, **meanwhile.values)  # theirs stands; go on
                    continue
                done += 1
        except (KeyboardInterrupt, EOFError):
            left = store.count_due(casebook, agent, before)
            # After a closed terminal (SIGHUP) there is nobody left to tell.
            with contextlib.suppress(OSError):
                env.stderr.write("\n")
                env.say("followup.stopped", n=done, count=left, command=env.command(command))
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
    env.say("followup.done", count=done)


def _check(case: Case) -> None:
    from coachcli.domain.followup import can_follow_up

    if not can_follow_up(case):
        raise UsageError("error.follow_up_undecided", id=case.short_id)


def _ask_and_save(
    env: Env,
    casebook: Casebook,
    prompter: Prompter,
    case: Case,
    place: tuple[int, int, bool],
    note: str | None,
) -> None:
    """Show the case (as number n of total, and whose when it is not yours), ask the one
    question and the note, then save both at once."""
    from coachcli import render
    from coachcli.cli.case_new import _fits
    from coachcli.domain.vocab import Retained
    from coachcli.prompts import Option

    t = env.messages
    n, total, whose = place
    env.err.print(render.followup_card(case, n, total, t, env.golden, env.now(), whose=whose))
    options = [Option(t(f"followup.{r}"), r.value, t(f"followup.{r}_key")) for r in Retained]
    retained = str(prompter.choose(t("followup.question"), options))
    if note is None:
        typed = prompter.text(t("followup.note"), instruction=t("prompt.optional"),
                              validate=_fits(t))  # fmt: skip
        note = typed or None
    _save(env, casebook, case, retained, note)


def _save(env: Env, casebook: Casebook, case: Case, retained: str, note: str | None) -> None:
    from coachcli import store
    from coachcli.domain.followup import follow_up

    now = env.now()
    followed = follow_up(case, retained, now)
    store.record_follow_up(casebook, followed, _comment(env, note, now), was=case.retained)
    if case.retained is not None and case.retained != retained:
        env.say(
            "followup.replaced", id=case.short_id, before=env.messages(f"followup.{case.retained}")
        )
    env.say(f"followup.saved_{retained}", id=case.short_id)


def _comment(env: Env, note: str | None, now: datetime) -> Comment | None:
    from coachcli.domain.case import Comment, iso

    if note is None or not note.strip():
        return None
    return Comment(str(uuid.uuid4()), env.agent(None), iso(now), note.strip())

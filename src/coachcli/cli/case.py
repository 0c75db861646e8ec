"""`coach case ...`: the cases in the casebook (SPEC §7)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.env import Env, get_env
from coachcli.cli.options import Agent, Json, Since, Team, Until, period
from coachcli.domain.limits import MAX_NAME, MAX_TEXT
from coachcli.domain.vocab import (
    Cost,
    Decision,
    Human,
    Loyalty,
    Outcome,
    Retained,
    Risk,
    Status,
    Verdict,
)
from coachcli.errors import CoachError, UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from coachcli.domain.case import Case
    from coachcli.store import Casebook

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="Record, find and follow up cases."
)


Id = Annotated[str, typer.Argument(help="The case id, or a unique prefix of 4+ characters.")]
AgainstAdvice = Annotated[
    bool,
    typer.Option(
        "--against-advice",
        help="Set the rule aside although the advice says otherwise (needed then).",
    ),
]


@app.command()
def new(
    ctx: typer.Context,
    draft: Annotated[
        str | None,
        typer.Argument(
            metavar="[DRAFT]",
            help="With --resume: the draft to continue (4+ characters of its id); "
            "default: your latest.",
            show_default=False,
        ),
    ] = None,
    situation: Annotated[str | None, typer.Option(help="The situation, in one line.")] = None,
    rule: Annotated[str | None, typer.Option(help="The rule in the way.")] = None,
    alternative: Annotated[str | None, typer.Option(help="The alternative to the rule.")] = None,
    customer: Annotated[
        str | None, typer.Option(help="A customer reference (dropped from exports).")
    ] = None,
    # Text, not float: an amount is read exactly (`49.95`, `49,95`), never as a binary float.
    rule_cost: Annotated[
        str | None,
        typer.Option(
            help="What following the rule costs: 50, 49.95 or 49,95.",
            metavar="AMOUNT",
            show_default=False,
        ),
    ] = None,
    alt_cost: Annotated[
        str | None,
        typer.Option(
            help="What the alternative costs: 50, 49.95 or 49,95.",
            metavar="AMOUNT",
            show_default=False,
        ),
    ] = None,
    other_department: Annotated[
        bool, typer.Option("--other-department", help="Another department must act.")
    ] = False,
    precedent: Annotated[
        bool, typer.Option("--precedent", help="The step sets a precedent.")
    ] = False,
    loyalty: Annotated[
        Loyalty | None, typer.Option(help="Does it lead to a loyal customer?")
    ] = None,
    cost: Annotated[Cost | None, typer.Option(help="Extra cost? (follows from the costs)")] = None,
    human: Annotated[Human | None, typer.Option(help="Is it human and personal?")] = None,
    risk: Annotated[Risk | None, typer.Option(help="Downside risk, and is it acceptable?")] = None,
    loyalty_note: Annotated[str | None, typer.Option(help="A note on loyalty.")] = None,
    cost_note: Annotated[str | None, typer.Option(help="A note on cost.")] = None,
    human_note: Annotated[str | None, typer.Option(help="A note on human.")] = None,
    risk_note: Annotated[str | None, typer.Option(help="A note on risk.")] = None,
    rung: Annotated[
        int | None, typer.Option(min=1, max=4, help="Override the inferred rung (1-4).")
    ] = None,
    rung_reason: Annotated[
        str | None, typer.Option(help="Why the step is lower than the inferred rung.")
    ] = None,
    decision: Annotated[Decision | None, typer.Option(help="What you decided.")] = None,
    promise: Annotated[
        str | None, typer.Option(help="What exactly you promised the customer.")
    ] = None,
    deadline: Annotated[
        str | None, typer.Option(help="Discussion deadline: ISO date-time, or 4h, 2d.")
    ] = None,
    against_advice: AgainstAdvice = False,
    tag: Annotated[list[str] | None, typer.Option(help="A tag; repeat for more.")] = None,
    agent: Annotated[str | None, typer.Option(help="The agent (default: you).")] = None,
    team: Annotated[str | None, typer.Option(help="The team (default: from the config).")] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; missing values are an error.")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an unfinished case: your latest, or DRAFT."),
    ] = False,
    as_json: Json = False,
) -> None:
    """Record a case during a live call: the four golden questions, a verdict and advice.

    Example: coach case new   (or, scripted: coach case new --no-input --situation ...)
    """
    from coachcli.cli import case_new
    from coachcli.domain.intake import Intake

    env = get_env(ctx)
    if draft is not None and not resume:
        raise UsageError(
            "error.draft_without_resume", command=env.command(f"case new --resume {draft}")
        )
    answers = {
        q: a.value
        for q, a in (("loyalty", loyalty), ("cost", cost), ("human", human), ("risk", risk))
        if a
    }
    notes = {
        q: n
        for q, n in (
            ("loyalty", loyalty_note),
            ("cost", cost_note),
            ("human", human_note),
            ("risk", risk_note),
        )
        if n
    }
    intake = Intake(
        situation=situation,
        rule=rule,
        alternative=alternative,
        customer=customer,
        rule_cost=_cost(env, rule_cost, "--rule-cost"),
        alt_cost=_cost(env, alt_cost, "--alt-cost"),
        other_department=other_department or None,
        precedent=precedent or None,
        answers=answers,
        notes=notes,
        rung=rung,
        rung_reason=rung_reason,
        decision=decision.value if decision else None,
        promise=promise,
        against_advice=against_advice,
        deadline=_deadline(env, deadline),
        tags=list(tag or []),
    )
    if decision:
        intake.mark("decision")
    _check_lengths(
        ("--situation", situation), ("--rule", rule), ("--alternative", alternative),
        ("--loyalty-note", loyalty_note), ("--cost-note", cost_note),
        ("--human-note", human_note), ("--risk-note", risk_note), ("--promise", promise),
        ("--rung-reason", rung_reason),
    )  # fmt: skip
    _check_lengths(("--customer", customer), ("--team", team), ("--agent", agent), limit=MAX_NAME)
    _check_lengths(*(("--tag", t) for t in intake.tags), limit=MAX_NAME)
    prompter = env.prompter() if not no_input and env.interactive() else None
    case, due = case_new.start(
        env,
        intake,
        # Asked before the call's first prompt; without prompts, the warning waits below.
        agent=env.who(agent, ask=prompter is not None, warn=False),
        team=team or env.config.team,
        prompter=prompter,
        resume=resume,
        draft_id=draft,
    )
    if prompter is None:
        env.who(agent, ask=False)  # a login name: said once the case is safe (§2)
    env.say("case.saved", id=case.short_id)
    if case.deadline and case.status == Status.OPEN:
        # The agent tells the customer when they will hear back: local time, and how long.
        from coachcli.i18n import countdown
        from coachcli.render.dates import local_time

        t, now = env.messages, env.now()
        when, left = local_time(case.deadline, now, t), countdown(case.deadline, now, t)
        env.say("case.discussion_until", when=when, countdown=left)
    if due:
        env.say("followup.due", count=due, command=env.command(_follow_up_command(env, agent)))
    if as_json:
        env.print_json(case.to_json())


@app.command(name="list")
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help="Only cases with this status.")] = None,
    agent: Agent = None,
    team: Team = None,
    rule: Annotated[
        str | None,
        typer.Option(
            help="Only cases about the same rule, in any letter case or spacing; "
            "end it with * for the rules that start so."
        ),
    ] = None,
    verdict: Annotated[Verdict | None, typer.Option(help="Only cases with this verdict.")] = None,
    since: Since = None,
    until: Until = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open cases past their deadline.")
    ] = False,
    follow_up: Annotated[
        bool,
        typer.Option(
            "--follow-up",
            help="Only decided cases due for a follow-up: did the customer stay?",
        ),
    ] = False,
    limit: Annotated[
        int, typer.Option(min=0, help="Show at most this many cases; 0 shows all.")
    ] = 20,
    as_json: Json = False,
) -> None:
    """List cases, newest first; overdue discussions are marked.

    Example: coach case list --status open --since 2026-11-01
    """
    from coachcli.domain.case import CaseFilter

    env = get_env(ctx)
    if rule is not None and not rule.strip():
        raise UsageError("error.empty_rule")
    first, last = period(since, until)
    wanted = CaseFilter(
        status=status.value if status else None,
        agent=agent,
        team=team,
        rule=rule,
        verdict=verdict.value if verdict else None,
        since=first,
        until=last,
        overdue=overdue,
        follow_up_before=_due_before(env) if follow_up else None,
        limit=limit or None,
    )
    now = env.now()
    casebook = env.open_casebook(create=False)
    if casebook is None:
        cases = []
    else:
        from coachcli import store

        try:
            cases = store.list_cases(casebook, wanted, now)
        finally:
            casebook.close()
    _print_cases(env, cases, as_json, filtered=bool(wanted.to_json()))


@app.command()
def show(ctx: typer.Context, case_id: Id, as_json: Json = False) -> None:
    """Show one case in full, with its discussion.

    Example: coach case show 3f9a
    """

    env = get_env(ctx)
    case = _find(env, case_id)
    if as_json:
        env.print_json(case.to_json())
        return
    from coachcli import render

    env.out.print(render.case_detail(case, env.messages, env.golden, env.now()))


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find; any text is safe.")],
    limit: Annotated[int, typer.Option(min=0, help="At most this many; 0 shows all.")] = 20,
    as_json: Json = False,
) -> None:
    """Find cases by the words in their situation, rule, alternative, promise, lessons or notes.

    Example: coach case search "wig chemotherapy"
    """
    from coachcli.domain.search import match_all

    env = get_env(ctx)
    match = match_all(query)
    casebook = env.open_casebook(create=False)
    cases: list[Case] = []
    if casebook is not None:
        from coachcli import store

        try:
            cases = store.search_cases(casebook, match, limit or None)
        finally:
            casebook.close()
    _print_cases(env, cases, as_json, filtered=True)


@app.command()
def comment(
    ctx: typer.Context,
    case_id: Id,
    text: Annotated[str, typer.Argument(help="The comment.")],
    author: Annotated[str | None, typer.Option(help="Who says it (default: you).")] = None,
) -> None:
    """Add to a case's discussion.

    Example: coach case comment 3f9a "Approved by the team lead; pay the wash."
    """
    import uuid

    from coachcli import store
    from coachcli.domain.case import Comment, iso

    env = get_env(ctx)
    _check_lengths(("TEXT", text))
    _check_lengths(("--author", author), limit=MAX_NAME)
    if not text.strip():
        raise CoachError("error.empty_comment")
    with _casebook(env) as casebook:
        case = store.find_case(casebook, case_id)
        note = Comment(str(uuid.uuid4()), env.agent(author), iso(env.now()), text.strip())
        store.add_comment(casebook, case, note)
    env.say("case.commented", id=case.short_id)


@app.command()
def decide(
    ctx: typer.Context,
    case_id: Id,
    decision: Annotated[Decision, typer.Option(help="What was decided.")],
    promise: Annotated[str | None, typer.Option(help="What exactly was promised.")] = None,
    deadline: Annotated[
        str | None, typer.Option(help="Discussion deadline when escalated: ISO, 4h or 2d.")
    ] = None,
    against_advice: AgainstAdvice = False,
) -> None:
    """Record the decision on an open case.

    Example: coach case decide 3f9a --decision set-aside --promise "We pay the wash."
    """
    from coachcli import store
    from coachcli.domain import intake

    _check_lengths(("--promise", promise))
    env = get_env(ctx)
    now = env.now()
    when = intake.parse_deadline(deadline, now) if deadline else None
    with _casebook(env) as casebook:
        case = store.find_case(casebook, case_id)
        decided = intake.decide(
            case, decision.value, promise, when, now, env.config.frame, confirmed=against_advice
        )
        store.save_case(casebook, decided)
    env.say("case.decided", id=case.short_id, decision=env.golden["decisions"][decision.value])


@app.command()
def close(
    ctx: typer.Context,
    case_id: Id,
    outcome: Annotated[Outcome, typer.Option(help="How it ended.")],
    lessons: Annotated[str | None, typer.Option(help="What the team can learn.")] = None,
    rule_changed: Annotated[
        bool, typer.Option("--rule-changed", help="The rule itself was changed.")
    ] = False,
) -> None:
    """Close a case with its outcome and lessons.

    Example: coach case close 3f9a --outcome resolved --lessons "Wig washing is now covered."
    """
    from coachcli import store
    from coachcli.domain import intake

    _check_lengths(("--lessons", lessons))
    env = get_env(ctx)
    with _casebook(env) as casebook:
        case = store.find_case(casebook, case_id)
        store.save_case(
            casebook, intake.close(case, outcome.value, lessons, rule_changed, env.now())
        )
    env.say("case.closed", id=case.short_id)


@app.command(name="follow-up")
def follow_up(
    ctx: typer.Context,
    case_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One case (4+ characters of its id); default: go through the due ones.",
            show_default=False,
        ),
    ] = None,
    retained: Annotated[
        Retained | None, typer.Option(help="Did the customer stay? (with ID: no question)")
    ] = None,
    note: Annotated[
        str | None, typer.Option(help="A note, kept as a comment on the case (with ID).")
    ] = None,
    agent: Annotated[
        str | None, typer.Option(help="Go through this agent's follow-ups (default: yours).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Go through everyone's follow-ups (a team lead).")
    ] = False,
) -> None:
    """Ask whether the customer stayed, some weeks after a decision: one key per case.

    Example: coach case follow-up   (or for one case: coach case follow-up 3f9a --retained yes)
    """
    from coachcli.cli import following

    env = get_env(ctx)
    _check_lengths(("--note", note))
    _check_lengths(("--agent", agent), limit=MAX_NAME)
    if agent is not None and all_:
        raise UsageError("error.follow_up_one_of")
    if case_id is None:
        for flag, given in (("--retained", retained), ("--note", note)):
            if given is not None:
                value = "yes" if flag == "--retained" else "TEXT"
                example = env.command(f"case follow-up ID {flag} {value}")
                raise UsageError("error.follow_up_needs_case", flag=flag, command=example)
    elif agent is not None or all_:
        raise UsageError("error.follow_up_case_and", flag="--all" if all_ else "--agent")
    with _casebook(env) as casebook:
        if case_id is not None:
            following.one(env, casebook, case_id, retained.value if retained else None, note)
            return
        whose = None if all_ else env.agent(agent)
        again = "case follow-up" + (" --all" if all_ else "")
        if agent is not None:
            import shlex

            again += f" --agent {shlex.quote(agent)}"
        following.walk(env, casebook, whose, again)


@app.command()
def drafts(ctx: typer.Context, as_json: Json = False) -> None:
    """List your unfinished cases, most recent first; continue one with `case new --resume`.

    Example: coach case drafts
    """
    from coachcli.cli import deleting

    deleting.list_drafts(get_env(ctx), as_json=as_json)


@app.command()
def delete(
    ctx: typer.Context,
    case_id: Annotated[
        str, typer.Argument(help="The case or draft id, or a unique prefix of 4+ characters.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a case or a draft for good, for a privacy request: no trace is left in the
    casebook, and a deleted case cannot come back through an import.

    Example: coach case delete 3f9a --yes
    """
    from coachcli.cli import deleting

    deleting.delete(get_env(ctx), case_id, yes=yes)


def _find(env: Env, case_id: str) -> Case:
    from coachcli import store

    with _casebook(env) as casebook:
        return store.find_case(casebook, case_id)


def _print_cases(env: Env, cases: list[Case], as_json: bool, *, filtered: bool) -> None:
    """The cases as a table or JSON; none found is said as what it is: an empty casebook,
    or filters (or words) that nothing matches."""
    if as_json:
        env.print_json([case.to_json() for case in cases])
    elif not cases:
        env.say("case.list_none_match" if filtered else "case.list_empty")
    else:
        from coachcli import render

        env.out.print(render.case_table(cases, env.messages, env.now()))


def _check_lengths(*given: tuple[str, str | None], limit: int = MAX_TEXT) -> None:
    """A text longer than an import would take is refused at once, naming its flag: what
    is recorded here must never be what stops a colleague's import (§10, §13)."""
    for flag, value in given:
        if value is not None and len(value) > limit:
            raise UsageError("error.too_long", flag=flag, limit=limit)


def _cost(env: Env, text: str | None, flag: str) -> Decimal | None:
    """`--rule-cost`/`--alt-cost`, read as the prompt reads them (SPEC §3), or a usage
    error naming the flag: an ambiguous amount names both readings, in the user's
    language; another currency names its code."""
    if text is None:
        return None
    from coachcli.domain import money
    from coachcli.i18n import clip, readings

    t, currency = env.messages, env.config.frame.currency
    try:
        return money.read(text, t.lang, currency)
    except money.Ambiguous as ambiguous:
        raise UsageError("error.cost_ambiguous", flag=flag, value=clip(text),
                         **readings(t, ambiguous, currency)) from None  # fmt: skip
    except money.WrongCurrency as wrong:
        raise UsageError("error.cost_currency", flag=flag, value=clip(text),
                         found=wrong.currency, currency=currency) from None  # fmt: skip
    except money.AmountError as error:
        key = "error.cost_too_large" if error.reason == "too_large" else "error.bad_cost"
        raise UsageError(key, flag=flag, value=clip(text)) from None


def _follow_up_command(env: Env, agent: str | None) -> str:
    """`case follow-up` for the agent a case was just saved for: with `--agent` when that
    is not who coach takes you to be."""
    if agent is None or agent.casefold() == env.agent(None).casefold():
        return "case follow-up"
    import shlex

    return f"case follow-up --agent {shlex.quote(agent)}"


def _due_before(env: Env) -> str:
    from coachcli.cli.following import due_before

    return due_before(env)


def _deadline(env: Env, text: str | None) -> str | None:
    """`--deadline` as a stored time; parsed only when given, off the first prompt's path."""
    if text is None:
        return None
    from coachcli.domain.intake import parse_deadline

    return parse_deadline(text, env.now())


@contextlib.contextmanager
def _casebook(env: Env) -> Iterator[Casebook]:
    """The casebook for a command that names a case, so it must exist already."""
    casebook = env.open_casebook(create=False)
    if casebook is None:
        raise CoachError("error.no_casebook", path=env.paths.casebook)
    try:
        yield casebook
    finally:
        casebook.close()

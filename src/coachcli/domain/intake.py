"""From what the agent entered to a case (SPEC §3, §6, §7): pure, with no prompts and no I/O.

The flow (flags, prompts or a resumed draft) gathers an `Intake`; `evaluate` turns it into
facts, a rung and a verdict; `record` makes the case. Dates and durations are parsed here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.domain.vocab import AdviceCode, Decision, Status
from coachcli.errors import UsageError

if TYPE_CHECKING:
    from decimal import Decimal

    from coachcli.domain.case import Advice, Case
    from coachcli.domain.frame import Frame
    from coachcli.domain.ladder import Facts
    from coachcli.domain.verdict import Judgement

# The rest of the domain is imported where it is used: `case new` builds an Intake before
# its first prompt, and the agent should not wait for the verdict rules to load.

COSTS = ("rule_cost", "alt_cost")
DURATION = re.compile(r"^\s*(\d+)\s*([hd])\s*$")
AGE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")


@dataclass
class Intake:
    """Everything the agent has entered so far; None means not answered yet."""

    situation: str | None = None
    rule: str | None = None
    alternative: str | None = None
    customer: str | None = None
    rule_cost: Decimal | None = None  # checked amounts (domain.money): flags, prompts, drafts
    alt_cost: Decimal | None = None
    other_department: bool | None = None
    precedent: bool | None = None
    answers: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    rung: int | None = None
    rung_reason: str | None = None  # why the agent put the step lower than inferred (§3)
    decision: str | None = None  # None: decide later
    promise: str | None = None
    against_advice: bool = False  # the agent confirmed setting the rule aside anyway (§6)
    deadline: str | None = None
    tags: list[str] = field(default_factory=list)
    # Steps already answered, so a resumed draft continues at the first open one; a step
    # may be answered with nothing (no costs, deciding later).
    done: list[str] = field(default_factory=list)

    def mark(self, step: str) -> None:
        if step not in self.done:
            self.done.append(step)

    @property
    def facts(self) -> Facts:
        from coachcli.domain.ladder import Facts

        return Facts(
            self.rule_cost, self.alt_cost, bool(self.other_department), bool(self.precedent)
        )

    def to_json(self) -> dict[str, Any]:
        """What a draft keeps, as JSON: the costs as numbers with at most two decimals."""
        from coachcli.domain.money import to_json

        data = dict(self.__dict__)
        for name in COSTS:
            if data[name] is not None:
                data[name] = to_json(data[name])
        return data

    def is_empty(self) -> bool:
        """Nothing entered yet, so stopping now keeps no draft (§7). A cost of 0 counts."""
        return all(
            value is None or value is False or value in ("", [], {})
            for name, value in self.__dict__.items()
            if name != "done"
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Intake:
        """A draft read back. A cost that is not an amount (a draft an older coach kept of
        `--rule-cost -5`, say) is dropped and asked again, rather than failing the resume."""
        from coachcli.domain.money import AmountError, amount

        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        intake = cls(**known)
        for name in COSTS:
            value = getattr(intake, name)
            if value is None:
                continue
            try:
                setattr(intake, name, amount(value))
            except AmountError:
                setattr(intake, name, None)
                intake.done = [step for step in intake.done if step != name]
        return intake


def missing(intake: Intake) -> list[str]:
    """What a case still needs before it can be saved (§7), by field name, in flow order:
    situation, rule and alternative; the four answers (cost unless a cost is given); the
    promise when the rule is set aside. The CLI names the flags."""
    from coachcli.domain.case import QUESTIONS

    needed = [name for name in ("situation", "rule", "alternative") if not getattr(intake, name)]
    costs_known = any(getattr(intake, name) is not None for name in COSTS)
    needed += [
        q for q in QUESTIONS if q not in intake.answers and not (q == "cost" and costs_known)
    ]
    if needs_promise(intake.decision, intake.promise):
        needed.append("promise")
    return needed


def needs_promise(decision: str | None, promise: str | None) -> bool:
    """Setting a rule aside without recording what the customer was promised loses what a
    dispute turns on (§7): in `case new` and `case decide` alike."""

    return decision == Decision.SET_ASIDE and not (promise and promise.strip())


def needs_reason(intake: Intake, inferred: int) -> bool:
    """Lowering the rung below the inference needs a one-line reason (§3)."""
    return intake.rung is not None and intake.rung < inferred and not intake.rung_reason


@dataclass(frozen=True)
class Evaluation:
    facts: Facts
    answers: Mapping[str, str]
    rung_inferred: int
    rung: int
    judgement: Judgement

    @property
    def judged_rung(self) -> int:
        """The rung advice is given on: never below the inference (§3)."""
        from coachcli.domain.advice import judged_rung

        return judged_rung(self.rung, self.rung_inferred)


def evaluate(intake: Intake, frame: Frame, remaining: Decimal) -> Evaluation:
    """Facts, the settled cost answer, the rung and the verdict of a complete intake (the
    caller has checked `missing` first: the flow asks, a run without prompts names flags)."""
    from coachcli.domain.ladder import infer_rung
    from coachcli.domain.verdict import assess, settle_cost

    facts = intake.facts
    cost = settle_cost(intake.answers.get("cost"), facts)
    answers = {**intake.answers, "cost": cost} if cost else dict(intake.answers)
    inferred = infer_rung(facts, frame, remaining)
    rung = intake.rung or inferred
    if rung not in (1, 2, 3, 4):
        raise UsageError("error.bad_rung", value=rung)
    return Evaluation(facts, answers, inferred, rung, assess(answers, facts, frame, remaining))


def clean_tags(tags: list[str]) -> tuple[str, ...]:
    """Tags as a list shows them: white space trimmed and collapsed, no empty ones, and one
    of each whatever its letter case (the first spelling wins), sorted."""
    kept: dict[str, str] = {}
    for tag in tags:
        tidy = " ".join(tag.split())
        if tidy:
            kept.setdefault(tidy.casefold(), tidy)
    return tuple(sorted(kept.values(), key=str.casefold))


def status_of(decision: str | None) -> str:
    """followed-rule and set-aside are decided; escalated and deciding later stay open."""

    decided = decision in (Decision.FOLLOWED_RULE, Decision.SET_ASIDE)
    return Status.DECIDED if decided else Status.OPEN


def record(
    intake: Intake,
    evaluation: Evaluation,
    *,
    case_id: str,
    agent: str,
    team: str | None,
    colour: str | None,
    frame: Frame,
    now: datetime,
    advice: Advice,
) -> Case:
    """The case as recorded at `now`, with the advice the agent was shown."""
    from coachcli.domain.advice import against_advice
    from coachcli.domain.case import QUESTIONS, Case, iso

    assert intake.situation and intake.rule and intake.alternative
    status = status_of(intake.decision)
    deadline = intake.deadline if intake.decision == Decision.ESCALATED else None
    if intake.decision == Decision.ESCALATED and deadline is None:
        deadline = iso(now + timedelta(hours=frame.discussion_hours))
    stamp = iso(now)
    return Case(
        id=case_id,
        created_at=stamp,
        updated_at=stamp,
        decided_at=stamp if status == Status.DECIDED else None,
        agent=agent,
        team=team,
        colour=colour,
        situation=intake.situation,
        rule=intake.rule,
        alternative=intake.alternative,
        customer=intake.customer or None,
        rule_cost=intake.rule_cost,
        alternative_cost=intake.alt_cost,
        currency=frame.currency,
        other_department=bool(intake.other_department),
        precedent=bool(intake.precedent),
        answers=dict(evaluation.answers),
        notes={q: intake.notes.get(q) or None for q in QUESTIONS},
        verdict=evaluation.judgement.verdict,
        rung=evaluation.rung,
        rung_inferred=evaluation.rung_inferred,
        rung_reason=intake.rung_reason if evaluation.rung < evaluation.rung_inferred else None,
        advice=advice,
        against_advice=against_advice(advice, intake.decision),
        status=status,
        decision=intake.decision,
        promise=intake.promise or None,
        deadline=deadline,
        tags=clean_tags(intake.tags),
    )


def decide(
    case: Case,
    decision: str,
    promise: str | None,
    deadline: str | None,
    now: datetime,
    frame: Frame,
    *,
    confirmed: bool = False,
) -> Case:
    """Record a decision taken later (`coach case decide`); `confirmed`: the agent knows
    it goes against the advice (§6)."""
    from coachcli.domain.advice import against_advice
    from coachcli.domain.case import iso

    if case.status == Status.CLOSED:
        raise UsageError("error.case_closed", id=case.short_id)
    if needs_promise(decision, promise or case.promise):
        raise UsageError("error.promise_needed")
    # After a discussion (the case was escalated), any decision is the discussion's, not a
    # step against the advice; a case left to "decide later" has had no such discussion.
    advice = case.advice
    against = (
        case.decision != Decision.ESCALATED
        and advice is not None
        and against_advice(advice, decision)
    )
    if against and not confirmed:
        assert advice is not None
        raise UsageError("error.against_advice", code=AdviceCode(advice.code))
    stamp = iso(now)
    status = status_of(decision)
    if decision == Decision.ESCALATED and deadline is None:
        deadline = case.deadline or iso(now + timedelta(hours=frame.discussion_hours))
    return replace(
        case,
        decision=decision,
        status=status,
        decided_at=stamp if status == Status.DECIDED else case.decided_at,
        promise=promise if promise is not None else case.promise,
        deadline=deadline if decision == Decision.ESCALATED else case.deadline,
        against_advice=case.against_advice or against,
        updated_at=stamp,
    )


def close(case: Case, outcome: str, lessons: str | None, rule_changed: bool, now: datetime) -> Case:
    """Close a case with its outcome (`coach case close`)."""
    from coachcli.domain.case import iso

    if case.status == Status.CLOSED:
        raise UsageError("error.case_closed", id=case.short_id)
    stamp = iso(now)
    return replace(
        case,
        status=Status.CLOSED,
        outcome=outcome,
        lessons=lessons if lessons is not None else case.lessons,
        rule_changed=rule_changed or case.rule_changed,
        closed_at=stamp,
        updated_at=stamp,
    )


def parse_deadline(text: str, now: datetime) -> str:
    """`--deadline`: an ISO date-time, or a duration such as `4h` or `2d`, from now."""
    from coachcli.domain.case import iso, parse_iso

    found = DURATION.match(text.lower())
    try:
        if found:
            amount, unit = int(found[1]), found[2]
            moment = now + timedelta(**{"hours" if unit == "h" else "days": amount})
        else:
            moment = parse_iso(text.strip())
    except (ValueError, OverflowError):
        raise UsageError("error.bad_deadline", value=text) from None
    if moment.tzinfo is None:  # a local time without zone: read it as UTC, as stored
        moment = moment.replace(tzinfo=UTC)
    # The agent tells the customer when they will hear back: a moment already gone, or
    # one further off than the longest discussion a frame allows, is a typing error.
    if moment <= now:
        raise UsageError("error.deadline_past", value=text)
    from coachcli.domain.frame import MAX_DISCUSSION_HOURS

    if moment - now > timedelta(hours=MAX_DISCUSSION_HOURS):
        raise UsageError("error.deadline_too_far", value=text)
    return iso(moment)


def parse_age(text: str, now: datetime) -> datetime:
    """`--older-than`: `Nd`, `Nw`, `Nm` (months) or `Ny`; returns the cut-off moment."""
    found = AGE.match(text.lower())
    if not found or int(found[1]) == 0:
        raise UsageError("error.bad_age", value=text)
    amount, unit = int(found[1]), found[2]
    if unit in ("d", "w"):
        return now - timedelta(days=amount * (7 if unit == "w" else 1))
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(now.month - 1 - months, 12)
    year, month = now.year + year, month + 1
    # The same day of that month, or its last day when it is shorter (31 March - 1m: 28 Feb).
    day = min(now.day, calendar.monthrange(year, month)[1])
    return now.replace(year=year, month=month, day=day)


def month_bounds(now: datetime) -> tuple[str, str]:
    """The current calendar month in UTC, as [start, end) timestamps: the budget period."""
    from coachcli.domain.case import iso

    start = datetime(now.year, now.month, 1, tzinfo=UTC)
    end = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)
    return iso(start), iso(end)

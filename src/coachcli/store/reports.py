"""The sums behind `casebook rules` and `casebook stats` (SPEC §11), added up in SQL.

A report over a million cases must take under a second (§14): reading every case into
Python takes half a minute, so SQLite counts, and Python gets one row per spelling of a
rule (a few hundred at most), which domain.report groups into rules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coachcli.domain.case import VERDICTS
from coachcli.domain.report import RETENTION_SIDES, RULE_COUNTS, RuleTally, StatsSums
from coachcli.store.casebook import Casebook, translate_errors

if TYPE_CHECKING:
    from datetime import datetime

    from coachcli.domain.case import CaseFilter

# One SQL expression per name in domain.report.RULE_COUNTS, in that order. `outcome` is
# set exactly when a case is closed (§7).
_COUNTS = {
    "cases": "count(*)",
    "set_aside": "sum(decision = 'set-aside')",
    "followed": "sum(decision = 'followed-rule')",
    "escalated": "sum(decision = 'escalated')",
    "resolved": "sum(outcome = 'resolved')",
    "set_aside_closed": "sum(decision = 'set-aside' AND outcome IS NOT NULL)",
    "set_aside_resolved": "sum(decision = 'set-aside' AND outcome = 'resolved')",
    "followed_closed": "sum(decision = 'followed-rule' AND outcome IS NOT NULL)",
    "followed_resolved": "sum(decision = 'followed-rule' AND outcome = 'resolved')",
}
_SIDES = {"set_aside": "set-aside", "followed_rule": "followed-rule"}


def retention_sql() -> str:
    """Followed up and stayed, per side of RETENTION_SIDES, as four SQL sums: a customer
    counts as followed up when the answer is known (`yes` or `no`), and as stayed on `yes`
    (`unknown` is asked but not answered, so it is neither)."""
    return ", ".join(
        f"sum(decision = '{_SIDES[side]}' AND retained IN ('yes', 'no')), "
        f"sum(decision = '{_SIDES[side]}' AND retained = 'yes')"
        for side in RETENTION_SIDES
    )


def rule_tallies(casebook: Casebook) -> list[RuleTally]:
    """Per spelling of a rule: the counts of RULE_COUNTS, the verdicts, and retention."""
    counts = ", ".join(_COUNTS[name] for name in RULE_COUNTS)
    verdicts = ", ".join(f"sum(verdict = '{v}')" for v in VERDICTS)
    sql = f"SELECT rule, {counts}, {verdicts}, {retention_sql()} FROM cases GROUP BY rule"
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql).fetchall()
    tallies = []
    for rule, *sums in rows:
        numbers = [int(n or 0) for n in sums]
        counted = len(RULE_COUNTS)
        retained = numbers[counted + len(VERDICTS) :]
        tallies.append(
            RuleTally(
                rule=rule,
                counts=dict(zip(RULE_COUNTS, numbers[:counted], strict=True)),
                verdicts=dict(
                    zip(VERDICTS, numbers[counted : counted + len(VERDICTS)], strict=True)
                ),
                retention={
                    side: (retained[2 * n], retained[2 * n + 1])
                    for n, side in enumerate(RETENTION_SIDES)
                },
            )
        )
    return tallies


# The money of §11 in whole cents, over set-aside cases: the extra is the alternative minus
# the rule's cost, a missing one counting 0 (domain.ladder.Facts.extra); the rung is the
# inferred one, as goodwill counts it (domain.ladder.goodwill_of).
_EXTRA = "(coalesce(alternative_cost_cents, 0) - coalesce(rule_cost_cents, 0))"
_RUNG = "coalesce(rung_inferred, rung)"
_ASIDE = "decision = 'set-aside'"
_MONEY = {
    "cost_avoided": f"sum(iif({_ASIDE} AND rule_cost_cents > alternative_cost_cents,"
    " rule_cost_cents - alternative_cost_cents, 0))",  # NULL > x is not true: both known
    "goodwill_spent": f"sum(iif({_ASIDE} AND {_RUNG} = 2 AND {_EXTRA} > 0, {_EXTRA}, 0))",
    # Every other extra: rungs 3 and 4, and the odd older case with no rung to speak of,
    # so that no euro spent falls out of the net.
    "other_extra_spent": f"sum(iif({_ASIDE} AND {_RUNG} IS NOT 2 AND {_EXTRA} > 0, {_EXTRA}, 0))",
}

_FIGURES = {
    "cases": "count(*)",
    "closed": "sum(status = 'closed')",
    "outcome_unknown": "sum(status = 'decided')",
    "resolved": "sum(outcome = 'resolved')",
    "open": "sum(status = 'open' AND decision = 'escalated')",
    "undecided": "sum(status = 'open' AND decision IS NULL)",
    "overdue": "sum(status = 'open' AND decision = 'escalated' AND deadline < ?)",
    "rules_changed": "sum(rule_changed)",
    "rungs_lowered": "sum(rung < rung_inferred)",
    "against_advice": "sum(against_advice)",
}


def stats_sums(casebook: Casebook, wanted: CaseFilter, now: datetime) -> StatsSums:
    """The sums behind `casebook stats` (§11): counts over the cases created in the
    period, money over the cases decided in it (§9). Without a period both are the same
    cases, and one pass of SQLite sums them all; the median time to a decision reads the
    one or two middle values of a second, sorted pass (SQLite has no median)."""
    from coachcli.domain.case import DECISIONS, OUTCOMES, iso
    from coachcli.store.cases import _where

    where, params = _where(wanted, now)
    breakdowns = [
        *(f"sum(verdict = '{v}')" for v in VERDICTS),
        "sum(verdict IS NULL)",
        *(f"sum(decision = '{d}')" for d in DECISIONS),
        "sum(decision IS NULL)",
        *(f"sum(outcome = '{o}')" for o in OUTCOMES),
    ]
    period = wanted.since is not None or wanted.until is not None
    money = [] if period else [_MONEY[key] for key in _MONEY]
    figures = ", ".join(
        [*_FIGURES.values(), "sum(decided_at IS NOT NULL)", *breakdowns, retention_sql(), *money]
    )
    hours = "(julianday(decided_at) - julianday(created_at)) * 24"
    with translate_errors(casebook.path):
        db = casebook.db.conn
        # The ? in _FIGURES ("now") comes before the WHERE clause's in the statement.
        row = db.execute(f"SELECT {figures} FROM cases {where}", [iso(now), *params]).fetchone()
        numbers = iter(int(n or 0) for n in row)
        counts = {name: next(numbers) for name in _FIGURES}
        decided = next(numbers)
        by_verdict = {v: next(numbers) for v in (*VERDICTS, "none")}
        by_decision = {d: next(numbers) for d in (*DECISIONS, "undecided")}
        by_outcome = {o: next(numbers) for o in OUTCOMES}
        retention = {side: (next(numbers), next(numbers)) for side in RETENTION_SIDES}
        cents = (
            {key: next(numbers) for key in _MONEY} if not period else _money(casebook, wanted, now)
        )
        middle = (
            db.execute(
                f"SELECT {hours} FROM cases {where or 'WHERE 1'} AND decided_at IS NOT NULL "
                "ORDER BY 1 LIMIT ? OFFSET ?",
                [*params, 2 - decided % 2, max(0, (decided - 1) // 2)],
            ).fetchall()
            if decided
            else []
        )
    return StatsSums(
        counts=counts,
        by_verdict=by_verdict,
        by_decision=by_decision,
        by_outcome=by_outcome,
        retention=retention,
        money_cents=cents,
        middle_hours=[float(h) for (h,) in middle],
    )


def _money(casebook: Casebook, wanted: CaseFilter, now: datetime) -> dict[str, int]:
    """The money of a period, in cents: the set-aside cases decided in it (§9)."""
    from coachcli.store.cases import _where

    where, params = _where(replace(wanted, since=None, until=None), now)
    clauses = [where or "WHERE 1", "decision = 'set-aside'"]
    for bound, op in ((wanted.created_from(), ">="), (wanted.created_before(), "<")):
        if bound is not None:
            clauses.append(f"decided_at {op} ?")
            params.append(bound)
    sql = f"SELECT {', '.join(_MONEY.values())} FROM cases {' AND '.join(clauses)}"
    row = casebook.db.conn.execute(sql, params).fetchone()
    return {key: int(value or 0) for key, value in zip(_MONEY, row, strict=True)}

"""The sums behind `casebook rules` and `casebook stats` (SPEC §11), added up in SQL.

A report over a million cases must take under a second (§14): reading every case into
Python takes half a minute, so SQLite counts, and Python gets one row per spelling of a
rule (a few hundred at most), which domain.report groups into rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from coachcli.domain.case import DECISIONS, OUTCOMES, VERDICTS
from coachcli.domain.report import RETENTION_SIDES, RULE_COUNTS, RuleTally, StatsSums
from coachcli.store.casebook import Casebook, translate_errors

if TYPE_CHECKING:
    from datetime import datetime

    from coachcli.domain.case import CaseFilter

# The decision each side of RETENTION_SIDES stands for.
_SIDES = {"set_aside": "set-aside", "followed_rule": "followed-rule"}


def rule_tallies(casebook: Casebook) -> list[RuleTally]:
    """Per spelling of a rule: the counts of RULE_COUNTS, the verdicts, and retention.

    SQLite counts the cases of each spelling and kind (decision, outcome, verdict,
    retained), streaming the `cases_rules` index (m010) in its order; Python adds the
    kinds up. Forty sums per row over the table took 1.4 s on 1,000,000 cases."""
    sql = (
        "SELECT rule, decision, outcome, verdict, retained, count(*) FROM cases "
        "GROUP BY rule, decision, outcome, verdict, retained"
    )
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql).fetchall()
    grouped: dict[Any, tuple[Counter[str], Counter[str], dict[str, list[int]]]] = {}
    for rule, decision, outcome, verdict, retained, n in rows:
        counts, verdicts, retention = grouped.setdefault(
            rule, (Counter(), Counter(), {side: [0, 0] for side in RETENTION_SIDES})
        )
        closed = outcome is not None
        kinds = {
            "cases": True,
            "set_aside": decision == "set-aside",
            "followed": decision == "followed-rule",
            "escalated": decision == "escalated",
            "resolved": outcome == "resolved",
            "set_aside_closed": decision == "set-aside" and closed,
            "set_aside_resolved": decision == "set-aside" and outcome == "resolved",
            "followed_closed": decision == "followed-rule" and closed,
            "followed_resolved": decision == "followed-rule" and outcome == "resolved",
        }
        for name in RULE_COUNTS:
            counts[name] += n if kinds[name] else 0
        if verdict in VERDICTS:
            verdicts[str(verdict)] += n
        for side in RETENTION_SIDES:
            if decision == _SIDES[side] and retained in ("yes", "no"):
                retention[side][0] += n
                retention[side][1] += n if retained == "yes" else 0
    return [
        RuleTally(
            rule=rule,
            counts={name: counts[name] for name in RULE_COUNTS},
            verdicts={v: verdicts[v] for v in VERDICTS},
            retention={side: (n, stayed) for side, (n, stayed) in retention.items()},
        )
        for rule, (counts, verdicts, retention) in grouped.items()
    ]


# The money of §11 in whole cents, over set-aside cases (the WHERE clause of _money): the
# extra is the alternative minus the rule's cost, a missing one counting 0
# (domain.ladder.Facts.extra); the rung is the inferred one, as goodwill counts it
# (domain.ladder.goodwill_of).
_EXTRA = "(coalesce(alternative_cost_cents, 0) - coalesce(rule_cost_cents, 0))"
_RUNG = "coalesce(rung_inferred, rung)"
_ASIDE = "decision = 'set-aside'"
_MONEY = {
    "cost_avoided": "sum(iif(rule_cost_cents > alternative_cost_cents,"
    " rule_cost_cents - alternative_cost_cents, 0))",  # NULL > x is not true: both known
    "goodwill_spent": f"sum(iif({_RUNG} = 2 AND {_EXTRA} > 0, {_EXTRA}, 0))",
    # Every other extra: rungs 3 and 4, and the odd older case with no rung to speak of,
    # so that no euro spent falls out of the net.
    "other_extra_spent": f"sum(iif({_RUNG} IS NOT 2 AND {_EXTRA} > 0, {_EXTRA}, 0))",
}

# The month a case was created or decided: its UTC timestamp's first seven characters, as
# `--since`/`--until` count days in UTC (domain.case.CaseFilter). The indexes of m010 are on
# these very expressions, so SQLite reads them instead of computing them.
CREATED_MONTH = "substr(created_at, 1, 7)"
DECIDED_MONTH = "substr(decided_at, 1, 7)"
HOURS = "(julianday(decided_at) - julianday(created_at)) * 24"

# One row per month and kind of case (status, decision, outcome, verdict, retained): the
# `cases_stats` index (m010) is in this order, so SQLite streams it without sorting, and a
# handful of sums per row replace the forty of one row over everything (1.3 s of CPU on
# 1,000,000 cases, measured). Python adds the kinds up into §11's figures.
_KINDS = ("status", "decision", "outcome", "verdict", "retained")
_PER_KIND = (
    "count(*)",
    "sum(decided_at IS NOT NULL)",
    "sum(rule_changed)",
    "sum(rung < rung_inferred)",
    "sum(against_advice)",
    "sum(deadline < ?)",  # overdue, counted for open discussions only
)


def stats_sums(casebook: Casebook, wanted: CaseFilter, now: datetime) -> StatsSums:
    """The sums behind `casebook stats` (§11) over the cases `wanted`."""
    return stats_by_month(casebook, wanted, now, months=False)[0]


def stats_by_month(
    casebook: Casebook, wanted: CaseFilter, now: datetime, *, months: bool = True
) -> tuple[StatsSums, dict[str, StatsSums]]:
    """The sums of `casebook stats` over the cases `wanted`, and per calendar month (UTC,
    as periods are): counts over the cases created in the period or month, money over
    the set-aside cases decided in it (§9). Every month from the first to the last is
    there, an empty one too, so that a chart over them has no gaps."""
    from coachcli.domain.case import iso
    from coachcli.store.cases import _where

    where, params = _where(wanted, now)
    kinds = ", ".join(_KINDS)
    sql = (
        f"SELECT {CREATED_MONTH}, {kinds}, {', '.join(_PER_KIND)} FROM cases {where} "
        f"GROUP BY {CREATED_MONTH}, {kinds}"
    )
    with translate_errors(casebook.path):
        rows = casebook.db.conn.execute(sql, [iso(now), *params]).fetchall()
        cents = _money(casebook, wanted, now)
        per_month: dict[str, _Tally] = {}
        total = _Tally()
        for month, *kind, n, decided, changed, lowered, against, overdue in rows:
            for tally in (total, per_month.setdefault(month, _Tally())) if months else (total,):
                tally.add(*kind, n, decided, changed, lowered, against, overdue)
        for month, money in cents.items():
            for key, value in money.items():
                total.money[key] += value
                if months and month is not None:
                    per_month.setdefault(month, _Tally()).money[key] += value
        middle = _middle_hours(casebook, where, params, total.decided, month=None)
        result = total.sums(middle)
        by_month = {}
        if months:
            for month in _every_month(sorted(per_month)):
                tally = per_month.get(month, _Tally())
                hours = _middle_hours(casebook, where, params, tally.decided, month=month)
                by_month[month] = tally.sums(hours)
    return result, by_month


class _Tally:
    """The figures of one month, or of the whole period, added up from kinds of cases."""

    def __init__(self) -> None:
        from collections import Counter

        self.counts: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()
        self.by_decision: Counter[str] = Counter()
        self.by_outcome: Counter[str] = Counter()
        self.retention = {side: [0, 0] for side in RETENTION_SIDES}
        self.money: Counter[str] = Counter(dict.fromkeys(_MONEY, 0))
        self.decided = 0

    def add(
        self,
        status: object,
        decision: object,
        outcome: object,
        verdict: object,
        retained: object,
        *sums: int | None,
    ) -> None:
        n, decided, changed, lowered, against, overdue = (int(x or 0) for x in sums)
        c = self.counts
        c["cases"] += n
        c["closed"] += n if status == "closed" else 0
        c["outcome_unknown"] += n if status == "decided" else 0
        c["resolved"] += n if outcome == "resolved" else 0
        discussion = status == "open" and decision == "escalated"
        c["open"] += n if discussion else 0
        c["overdue"] += overdue if discussion else 0
        c["undecided"] += n if status == "open" and decision is None else 0
        c["rules_changed"] += changed
        c["rungs_lowered"] += lowered
        c["against_advice"] += against
        self.decided += decided
        # As the sums of SQL counted them: a value outside the vocabulary (a hand-edited
        # file) is counted in no column rather than in a wrong one.
        if verdict is None or verdict in VERDICTS:
            self.by_verdict["none" if verdict is None else str(verdict)] += n
        if decision is None or decision in DECISIONS:
            self.by_decision["undecided" if decision is None else str(decision)] += n
        if outcome in OUTCOMES:
            self.by_outcome[str(outcome)] += n
        for side in RETENTION_SIDES:
            if decision == _SIDES[side] and retained in ("yes", "no"):
                self.retention[side][0] += n
                self.retention[side][1] += n if retained == "yes" else 0

    def sums(self, middle_hours: list[float]) -> StatsSums:
        return StatsSums(
            counts=self.counts,
            by_verdict={v: self.by_verdict[v] for v in (*VERDICTS, "none")},
            by_decision={d: self.by_decision[d] for d in (*DECISIONS, "undecided")},
            by_outcome={o: self.by_outcome[o] for o in OUTCOMES},
            retention={side: (n, stayed) for side, (n, stayed) in self.retention.items()},
            money_cents=dict(self.money),
            middle_hours=middle_hours,
        )


def _every_month(months: list[str]) -> list[str]:
    """From the first month to the last, `YYYY-MM`, none left out."""
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    last = tuple(map(int, months[-1].split("-")))
    every = []
    while (year, month) <= last:
        every.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return every


def _middle_hours(
    casebook: Casebook, where: str, params: list[Any], decided: int, month: str | None
) -> list[float]:
    """The one or two middle values of the hours to a decision (SQLite has no median).
    Over the whole casebook, or one month of it, the hours are read in order from an
    index of m010 (`cases_hours`, `cases_month_hours`), skipping to the middle; under
    other filters SQLite sorts what the filter leaves."""
    if not decided:
        return []
    clauses = [where or "WHERE 1", "decided_at IS NOT NULL"]
    args = list(params)
    if month is not None:
        clauses.append(f"{CREATED_MONTH} = ?")
        args.append(month)
    sql = f"SELECT {HOURS} FROM cases {' AND '.join(clauses)} ORDER BY {HOURS} LIMIT ? OFFSET ?"
    args += [2 - decided % 2, max(0, (decided - 1) // 2)]
    return [float(h) for (h,) in casebook.db.conn.execute(sql, args).fetchall()]


def _money(
    casebook: Casebook, wanted: CaseFilter, now: datetime
) -> dict[str | None, dict[str, int]]:
    """The money of §11 in cents per month a case was decided in: the set-aside cases
    decided in the period (§9), from the `cases_money` index (m010)."""
    from coachcli.store.cases import _where

    where, params = _where(replace(wanted, since=None, until=None), now)
    clauses = [where or "WHERE 1", _ASIDE]
    for bound, op in ((wanted.created_from(), ">="), (wanted.created_before(), "<")):
        if bound is not None:
            clauses.append(f"decided_at {op} ?")
            params.append(bound)
    sql = (
        f"SELECT {DECIDED_MONTH}, {', '.join(_MONEY.values())} FROM cases "
        f"{' AND '.join(clauses)} GROUP BY {DECIDED_MONTH}"
    )
    return {
        month: {key: int(value or 0) for key, value in zip(_MONEY, sums, strict=True)}
        for month, *sums in casebook.db.conn.execute(sql, params)
    }

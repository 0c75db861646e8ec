"""What a casebook teaches (SPEC §11): problems solved, not handling time.

Both reports take an iterable of cases, so they run over a stream of any length. Money
figures are exact Decimal sums (domain.money); JSON writes them as plain numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coachcli.domain.case import DECISIONS, OUTCOMES, VERDICTS, Case, parse_iso
from coachcli.domain.ladder import goodwill_of
from coachcli.domain.money import ZERO
from coachcli.domain.vocab import Decision, Outcome, Status

CANDIDATE_SET_ASIDE = 3
CANDIDATE_RESOLVED_SHARE = 0.7


def stats(cases: Iterable[Case], now: datetime) -> dict[str, Any]:
    """The figures of §11, with its JSON keys."""
    by_verdict: Counter[str] = Counter()
    by_decision: Counter[str] = Counter()
    by_outcome: Counter[str] = Counter()
    count = 0
    cost_avoided = goodwill = ZERO
    open_ = overdue = rules_changed = 0
    hours: list[float] = []
    for case in cases:
        count += 1
        by_verdict[case.verdict or "none"] += 1
        by_decision[case.decision or "undecided"] += 1
        if case.outcome:
            by_outcome[case.outcome] += 1
        if (
            case.decision == Decision.SET_ASIDE
            and case.rule_cost is not None
            and case.alternative_cost is not None
        ):
            cost_avoided += max(ZERO, case.rule_cost - case.alternative_cost)
        goodwill += goodwill_of(case)
        open_ += case.status == Status.OPEN
        overdue += case.is_overdue(now)
        rules_changed += case.rule_changed
        if case.decided_at:
            delta = parse_iso(case.decided_at) - parse_iso(case.created_at)
            hours.append(delta.total_seconds() / 3600)
    closed = sum(by_outcome.values())
    return {
        "cases": count,
        "by_verdict": {v: by_verdict[v] for v in VERDICTS} | _other(by_verdict, VERDICTS),
        "by_decision": {d: by_decision[d] for d in DECISIONS} | _other(by_decision, DECISIONS),
        "by_outcome": {o: by_outcome[o] for o in OUTCOMES},
        "resolution_rate": round(by_outcome["resolved"] / closed, 3) if closed else None,
        "cost_avoided": cost_avoided,
        "goodwill_spent": goodwill,
        "open": open_,
        "overdue": overdue,
        "median_hours_to_decision": round(statistics.median(hours), 1) if hours else None,
        "rules_changed": rules_changed,
    }


def _other(counts: Counter[str], known: tuple[str, ...]) -> dict[str, int]:
    return {key: n for key, n in counts.items() if key not in known}


@dataclass
class RuleReport:
    rule: str
    cases: int = 0
    set_aside: int = 0
    followed: int = 0
    escalated: int = 0
    resolved: int = 0
    closed: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)

    @property
    def candidate(self) -> bool:
        """Set aside often, and it worked: the rule itself may want rewriting (§11)."""
        return (
            self.set_aside >= CANDIDATE_SET_ASIDE
            and self.closed > 0
            and self.resolved / self.closed >= CANDIDATE_RESOLVED_SHARE
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "cases": self.cases,
            "set_aside": self.set_aside,
            "followed": self.followed,
            "escalated": self.escalated,
            "resolved": self.resolved,
            "verdicts": {v: self.verdicts[v] for v in VERDICTS},
            "candidate": self.candidate,
        }


def rules(cases: Iterable[Case]) -> list[RuleReport]:
    """Rules ranked by how often they were set aside; grouped after trimming and case-folding."""
    grouped: dict[str, RuleReport] = {}
    for case in cases:
        key = " ".join(case.rule.split()).casefold()
        report = grouped.setdefault(key, RuleReport(rule=case.rule.strip()))
        report.cases += 1
        report.spellings[case.rule.strip()] += 1
        report.set_aside += case.decision == Decision.SET_ASIDE
        report.followed += case.decision == Decision.FOLLOWED_RULE
        report.escalated += case.decision == Decision.ESCALATED
        if case.outcome:
            report.closed += 1
            report.resolved += case.outcome == Outcome.RESOLVED
        if case.verdict:
            report.verdicts[case.verdict] += 1
    for report in grouped.values():
        report.rule = report.spellings.most_common(1)[0][0]  # the way most people write it
    return sorted(grouped.values(), key=lambda r: (-r.set_aside, -r.cases, r.rule.casefold()))

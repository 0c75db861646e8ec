"""What a casebook teaches (SPEC §11): problems solved, not handling time.

`stats` takes an iterable of cases, so it runs over a stream of any length (an export's
summary); `rules` takes what the store summed per spelling of a rule in SQL, so that a
million cases are never read one by one. Money figures are exact Decimal sums
(domain.money); JSON writes them as plain numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coachcli.domain.case import DECISIONS, OUTCOMES, VERDICTS, Case, parse_iso
from coachcli.domain.ladder import goodwill_of
from coachcli.domain.money import ZERO
from coachcli.domain.rules import rule_key
from coachcli.domain.vocab import Decision, Status

CANDIDATE_SET_ASIDE = 3
# At least 70% of the closed set-aside cases resolved, as a fraction: 7 of 10 is exactly
# 70%, which a float division may put a hair below.
CANDIDATE_RESOLVED_SHARE = (7, 10)


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


# The counts a rule report keeps, as the store sums them per spelling (store.rule_tallies).
RULE_COUNTS = (
    "cases",
    "set_aside",
    "followed",
    "escalated",
    "resolved",
    "set_aside_closed",
    "set_aside_resolved",
    "followed_closed",
    "followed_resolved",
)
RETENTION_SIDES = ("set_aside", "followed_rule")


@dataclass
class Retention:
    """Of the customers followed up (§11), how many stayed."""

    followed_up: int = 0
    stayed: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.stayed / self.followed_up, 3) if self.followed_up else None

    @property
    def mostly_left(self) -> bool:
        return (self.followed_up - self.stayed) * 2 > self.followed_up

    def to_json(self) -> dict[str, Any]:
        return {"followed_up": self.followed_up, "stayed": self.stayed, "rate": self.rate}


@dataclass(frozen=True)
class RuleTally:
    """One spelling of a rule and its counts (RULE_COUNTS), verdicts and retention
    (followed up, stayed) per side: what the store sums in SQL."""

    rule: str
    counts: Mapping[str, int]
    verdicts: Mapping[str, int]
    retention: Mapping[str, tuple[int, int]]


@dataclass
class RuleReport:
    """One rule, every spelling of it together: what setting it aside and following it
    came to."""

    rule: str
    counts: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    retention: dict[str, Retention] = field(
        default_factory=lambda: {side: Retention() for side in RETENTION_SIDES}
    )
    spellings: Counter[str] = field(default_factory=Counter)

    @property
    def candidate(self) -> bool:
        """Set aside often, and setting it aside worked: the rule itself may want
        rewriting (§11). Only the set-aside cases count: how following the rule ended
        says nothing about whether setting it aside works."""
        closed, resolved = self.counts["set_aside_closed"], self.counts["set_aside_resolved"]
        return (
            self.counts["set_aside"] >= CANDIDATE_SET_ASIDE
            and closed > 0
            and resolved * CANDIDATE_RESOLVED_SHARE[1] >= closed * CANDIDATE_RESOLVED_SHARE[0]
        )

    @property
    def following_fails(self) -> bool:
        """Following the rule mostly ended unresolved: more than half of its closed
        followed-rule cases were not resolved (the strongest case for changing it)."""
        closed = self.counts["followed_closed"]
        return (closed - self.counts["followed_resolved"]) * 2 > closed

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            **{name: self.counts[name] for name in RULE_COUNTS},
            "retention": {side: self.retention[side].to_json() for side in RETENTION_SIDES},
            "verdicts": {v: self.verdicts[v] for v in VERDICTS},
            "candidate": self.candidate,
        }


def rules(tallies: Iterable[RuleTally]) -> list[RuleReport]:
    """Rules ranked by how often they were set aside, every spelling of a rule together
    (the same `rule_key`), shown as most people write it."""
    grouped: dict[str, RuleReport] = {}
    for tally in tallies:
        report = grouped.setdefault(rule_key(tally.rule), RuleReport(rule=tally.rule.strip()))
        report.counts.update(tally.counts)
        report.verdicts.update(tally.verdicts)
        report.spellings[tally.rule.strip()] += tally.counts["cases"]
        for side, (followed_up, stayed) in tally.retention.items():
            report.retention[side].followed_up += followed_up
            report.retention[side].stayed += stayed
    for report in grouped.values():
        report.rule = report.spellings.most_common(1)[0][0]  # the way most people write it
    return sorted(
        grouped.values(),
        key=lambda r: (-r.counts["set_aside"], -r.counts["cases"], r.rule.casefold()),
    )

"""What a casebook teaches (SPEC §11): problems solved, not handling time.

Both take what the store summed in SQL (store.reports), so that a million cases are never
read one by one: `stats` the period's counts and money, `rules` the counts per spelling
of a rule. Money figures are exact (whole cents, then Decimal); JSON writes them as plain
numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coachcli.domain.case import DECISIONS, OUTCOMES, VERDICTS, rule_key
from coachcli.domain.money import from_cents

CANDIDATE_SET_ASIDE = 3
# At least 70% of the closed set-aside cases resolved, as a fraction: 7 of 10 is exactly
# 70%, which a float division may put a hair below.
CANDIDATE_RESOLVED_SHARE = (7, 10)


@dataclass(frozen=True)
class StatsSums:
    """What the store sums for `casebook stats` (store.stats_sums): counts as §11 names
    them, the breakdowns, retention per side (followed up, stayed), money in whole cents
    and the one or two middle hours to a decision."""

    counts: Mapping[str, int]
    by_verdict: Mapping[str, int]
    by_decision: Mapping[str, int]
    by_outcome: Mapping[str, int]
    retention: Mapping[str, tuple[int, int]]
    money_cents: Mapping[str, int]
    middle_hours: list[float]

    @classmethod
    def empty(cls) -> StatsSums:
        """The sums of a casebook with no cases yet."""
        from coachcli.domain.case import DECISIONS

        return cls(
            counts=Counter(),
            by_verdict=Counter(),
            by_decision=dict.fromkeys((*DECISIONS, "undecided"), 0),
            by_outcome=Counter(),
            retention=dict.fromkeys(RETENTION_SIDES, (0, 0)),
            money_cents=dict.fromkeys(("cost_avoided", "goodwill_spent", "other_extra_spent"), 0),
            middle_hours=[],
        )


def stats(sums: StatsSums) -> dict[str, Any]:
    """The figures of §11, with its JSON keys. Every rate comes with what it is a rate of:
    resolved of `closed`, beside the decided cases whose outcome is not known yet."""
    n = sums.counts
    money = {key: from_cents(cents) for key, cents in sums.money_cents.items()}
    spent = money["goodwill_spent"] + money["other_extra_spent"]
    none = {"none": sums.by_verdict["none"]} if sums.by_verdict["none"] else {}
    undecided = {"undecided": sums.by_decision["undecided"]} if n["undecided"] else {}
    return {
        "cases": n["cases"],
        "by_verdict": {v: sums.by_verdict[v] for v in VERDICTS} | none,
        "by_decision": {d: sums.by_decision[d] for d in DECISIONS} | undecided,
        "by_outcome": {o: sums.by_outcome[o] for o in OUTCOMES},
        "closed": n["closed"],
        "outcome_unknown": n["outcome_unknown"],
        "resolution_rate": round(n["resolved"] / n["closed"], 3) if n["closed"] else None,
        "retention": {side: Retention(*sums.retention[side]).to_json() for side in RETENTION_SIDES},
        "cost_avoided": money["cost_avoided"],
        "goodwill_spent": money["goodwill_spent"],
        "other_extra_spent": money["other_extra_spent"],
        "net": money["cost_avoided"] - spent,
        "open": n["open"],
        "undecided": n["undecided"],
        "overdue": n["overdue"],
        "median_hours_to_decision": round(statistics.fmean(sums.middle_hours), 1)
        if sums.middle_hours
        else None,
        "rules_changed": n["rules_changed"],
        "rungs_lowered": n["rungs_lowered"],
        "against_advice": n["against_advice"],
    }


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

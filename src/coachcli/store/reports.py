"""The sums behind `casebook rules` and `casebook stats` (SPEC §11), added up in SQL.

A report over a million cases must take under a second (§14): reading every case into
Python takes half a minute, so SQLite counts, and Python gets one row per spelling of a
rule (a few hundred at most), which domain.report groups into rules.
"""

from __future__ import annotations

from coachcli.domain.case import VERDICTS
from coachcli.domain.report import RETENTION_SIDES, RULE_COUNTS, RuleTally
from coachcli.store.casebook import Casebook, translate_errors

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
    """HOOK(retained): followed up and stayed, per side of RETENTION_SIDES, as four SQL
    sums. Until the `retained` column lands (issue 16, follow-ups), nobody has been
    followed up; then this returns `_retention_sums()`."""
    return ", ".join("0" for _ in range(2 * len(RETENTION_SIDES)))


def _retention_sums() -> str:
    """What `retention_sql` returns once `cases.retained` exists: a customer counts as
    followed up when the answer is known (`yes` or `no`), and as stayed on `yes`."""
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

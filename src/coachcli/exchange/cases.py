"""Case JSON on its way out: redaction and pseudonyms, which make a case a review copy.

Checking case JSON on its way in is `checks`; the merge order is `domain.merge`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from coachcli.domain.case import PSEUDONYMS, QUESTIONS, REVIEW, Case
from coachcli.domain.redact import Redactor


def redact_case(case: Case, redact: Redactor) -> Case:
    """Every free-text field and comment redacted, and the customer reference dropped."""
    advice = case.advice
    if advice is not None:
        advice = replace(
            advice, text=redact(advice.text) or "", watch_out=redact(advice.watch_out) or ""
        )
    return _changed(
        case,
        customer=None,
        situation=redact(case.situation) or "",
        rule=redact(case.rule) or "",
        alternative=redact(case.alternative) or "",
        promise=redact(case.promise),
        rung_reason=redact(case.rung_reason),
        lessons=redact(case.lessons),
        notes={q: redact(case.notes.get(q)) for q in QUESTIONS},
        advice=advice,
        review_copy=max(case.review_copy, REVIEW),
        comments=tuple(
            replace(c, text=redact(c.text) or "", review_copy=max(c.review_copy, REVIEW))
            for c in case.comments
        ),
    )


def _changed(case: Case, **changes: Any) -> Case:
    """`dataclasses.replace` without re-running `__init__`: a third of its cost, which an
    export of 100,000 cases notices. Safe because every value here is already a Case's."""
    import copy

    new = copy.copy(case)
    for name, value in changes.items():
        object.__setattr__(new, name, value)
    return new


class Pseudonyms:
    """`Agent A`, `Agent B`, ... stable within one export, for agents and comment authors."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = name.casefold().strip()
        if key not in self.names:
            self.names[key] = f"Agent {_letters(len(self.names))}"
        return self.names[key]

    def case(self, case: Case) -> Case:
        """Names replaced; a review copy from now on (SPEC §10)."""
        return _changed(
            case,
            agent=self(case.agent),
            review_copy=PSEUDONYMS,
            comments=tuple(
                replace(c, author=self(c.author), review_copy=PSEUDONYMS) for c in case.comments
            ),
        )


def review_filters(
    filters: dict[str, Any], redact: Redactor | None, names: Pseudonyms | None
) -> dict[str, Any]:
    """The header's filters, redacted and anonymised like the cases: `--agent "Sanne"` or
    `--tag "06-12345678"` would otherwise name in the header what the cases no longer do."""
    shown = dict(filters)
    for key in ("team", "rule", "tag"):
        if redact is not None and isinstance(shown.get(key), str):
            shown[key] = redact(shown[key])
    if names is not None and isinstance(shown.get("agent"), str):
        shown["agent"] = names(shown["agent"])
    return shown


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheets count columns."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out

"""The merge laws of SPEC §10, as pure decisions: which version of a case or comment wins.

Importing the same file twice changes nothing, and A then B gives the same casebook as B
then A: a case's fields go to the newer `updated_at`, and on equal times to the larger
SHA-256 of its canonical JSON (comments left out); comments are a union by id, with the
same tie-break for one id with two texts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from coachcli.domain.case import Case, Comment
from coachcli.domain.money import to_cents


def canonical_hash(data: Mapping[str, Any]) -> str:
    import hashlib  # only imports need it; not worth loading on every start

    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def case_hash(case: Case) -> str:
    """SHA-256 of the canonical JSON (§10): no comments, amounts in cents as integers, so
    that `50`, `50.0` and `50.00` in different files are one amount."""
    data = case.to_json()
    del data["comments"]
    for name in ("rule_cost", "alternative_cost"):
        value = getattr(case, name)
        data[name] = None if value is None else to_cents(value)
    return canonical_hash(data)


def incoming_wins(existing: Case, incoming: Case) -> bool:
    """True when the incoming case's fields should replace the stored ones."""
    if incoming.updated_at != existing.updated_at:
        return incoming.updated_at > existing.updated_at
    return case_hash(incoming) > case_hash(existing)


def comment_wins(existing: Comment, incoming: Comment) -> bool:
    return canonical_hash(incoming.to_json()) > canonical_hash(existing.to_json())

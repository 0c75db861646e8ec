"""The merge order of SPEC §10, as pure decisions: which version of a case or comment wins.

Of two versions of one case, the greater wins, comparing in order:

1. a full copy over a review copy (one from a redacted or anonymised file), so that
   re-importing your own default export can never replace what you hold with `[PHONE]`;
2. the later `updated_at`, as a UTC instant (stored times are normalised UTC text of one
   width, so comparing the text compares the instants);
3. the larger SHA-256 of the canonical JSON: the case JSON without `comments`, with sorted
   keys, no white space, amounts in cents as integers, and absent fields as null.

This is a total order, so importing the same file twice changes nothing and A then B gives
what B then A gives. Comments are a union by id; two versions of one comment are settled
by the same order (their `created_at` standing in for `updated_at`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from coachcli.domain.case import Case, Comment
from coachcli.domain.money import amount, to_cents

AMOUNTS = ("rule_cost", "alternative_cost")


def cents(value: float | Decimal | None) -> int | None:
    """An amount of at most two decimals as integer cents, exactly (49.95 -> 4995), so that
    `50`, `50.0` and `50.00` in different files are one amount."""
    # money.amount reads a float from its shortest repr, the decimal text it was read from.
    return None if value is None else to_cents(amount(value))


def canonical_json(data: Mapping[str, Any]) -> str:
    """Sorted keys, no white space, amounts in cents: the text whose SHA-256 breaks ties."""
    flat = {key: value for key, value in data.items() if key != "comments"}
    for key in AMOUNTS:
        if key in flat:
            flat[key] = cents(flat[key])
    return json.dumps(flat, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    import hashlib  # only imports need it; not worth loading on every start

    return hashlib.sha256(text.encode()).hexdigest()


def case_hash(case: Case) -> str:
    return sha256(canonical_json(case.to_json()))


def comment_hash(comment: Comment) -> str:
    return sha256(canonical_json(comment.to_json()))


def case_rank(case: Case) -> tuple[bool, str, str]:
    """The key by which the greater version of a case wins."""
    return (not case.review_copy, case.updated_at, case_hash(case))


def comment_rank(comment: Comment) -> tuple[bool, str, str]:
    return (not comment.review_copy, comment.created_at, comment_hash(comment))


def incoming_wins(existing: Case, incoming: Case) -> bool:
    """True when the incoming case's fields should replace the stored ones."""
    return case_rank(incoming) > case_rank(existing)


def comment_wins(existing: Comment, incoming: Comment) -> bool:
    return comment_rank(incoming) > comment_rank(existing)

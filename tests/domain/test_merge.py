"""The merge rules of SPEC §10 as pure decisions: which of two versions of a case wins."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from coachcli.domain.case import Case
from coachcli.domain.merge import incoming_wins
from tests.helpers import ago, make_case

BASE = make_case(
    id="3e2c0000-0000-4000-8000-000000000001",
    created_at=ago(days=8),
    updated_at=ago(days=2),
    rule_cost=None,  # no amounts: cents against floats cannot change the canonical JSON
    alternative_cost=None,
)


def spec_sha256(case: Case) -> str:
    """SHA-256 of the canonical JSON as SPEC §10 defines it, written out here: the case
    without `comments`, sorted keys, no white space, absent fields as null."""
    data = case.to_json()
    del data["comments"]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_newer_version_wins_whichever_arrives() -> None:
    older = replace(BASE, lessons="first thoughts")
    newer = replace(BASE, updated_at=ago(days=1), lessons="after the discussion")
    assert incoming_wins(older, newer) is True
    assert incoming_wins(newer, older) is False


def test_at_the_same_moment_the_larger_sha256_wins_whichever_arrives() -> None:
    one = replace(BASE, lessons="Washing is cheaper than a new wig")
    other = replace(BASE, lessons="Pay the wash")
    larger, smaller = sorted((one, other), key=spec_sha256, reverse=True)
    assert spec_sha256(larger) > spec_sha256(smaller)
    assert incoming_wins(smaller, larger) is True
    assert incoming_wins(larger, smaller) is False

"""A draft: an unfinished case, as the agent left it (SPEC §7). Pure data.

Drafts live in the casebook, or, when the casebook could not be written, in a file in the
home; `file` says which. They are the agent's own: never listed with cases, exported or
merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coachcli.domain.case import SHORT_ID, parse_iso


@dataclass(frozen=True)
class Draft:
    id: str
    agent: str
    created_at: str
    updated_at: str
    data: dict[str, Any] = field(default_factory=dict)  # an Intake's JSON
    file: Path | None = None  # a draft file in the home; None: in the casebook

    @property
    def short_id(self) -> str:
        return self.id.replace("-", "")[:SHORT_ID]

    @property
    def situation(self) -> str:
        situation = self.data.get("situation")
        return situation if isinstance(situation, str) else ""

    def to_json(self) -> dict[str, Any]:
        """What `case drafts --json` shows: not the answers, only what finds the draft."""
        return {
            "id": self.id,
            "agent": self.agent,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "situation": self.situation or None,
            "file": str(self.file) if self.file else None,
        }


def newest(drafts: Iterable[Draft]) -> list[Draft]:
    """One draft per id, the most recently changed copy, most recent first.

    The same draft can be in the casebook and in a file: the flow writes the file first
    and removes it once the casebook has the draft, and a run killed in between leaves both.
    """
    kept: dict[str, Draft] = {}
    for draft in drafts:
        other = kept.get(draft.id)
        if other is None or parse_iso(draft.updated_at) > parse_iso(other.updated_at):
            kept[draft.id] = draft
    return sorted(kept.values(), key=lambda d: (parse_iso(d.updated_at), d.id), reverse=True)


def age(then: str, now: datetime) -> tuple[str, int]:
    """How long ago `then` was, as a message key and a count: ("age.minutes", 3)."""
    seconds = max(0.0, (now - parse_iso(then)).total_seconds())
    minutes = int(seconds // 60)
    if minutes < 1:
        return "age.now", 0
    if minutes < 60:
        return "age.minutes", minutes
    hours = minutes // 60
    if hours < 48:
        return "age.hours", hours
    return "age.days", hours // 24

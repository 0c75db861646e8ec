"""Drafts: what an agent entered before Ctrl-C, so that nothing is lost (SPEC §7).

A draft is a JSON object of the answers given so far. It is not a case: it is never
listed, exported or merged, and it becomes a case only when the flow saves it.
"""

from __future__ import annotations

import json
from typing import Any

from coachcli.store.casebook import Casebook, translate_errors


def save_draft(
    casebook: Casebook, draft_id: str, agent: str, data: dict[str, Any], when: str
) -> None:
    with casebook.write() as db:
        db.execute(
            "INSERT INTO drafts (id, agent, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            [draft_id, agent, when, when, json.dumps(data, ensure_ascii=False)],
        )


def latest_draft(casebook: Casebook, agent: str) -> tuple[str, dict[str, Any]] | None:
    """The agent's most recent draft, as (id, data)."""
    with translate_errors(casebook.path):
        row = casebook.db.execute(
            "SELECT id, data FROM drafts WHERE agent = ? COLLATE NOCASE "
            "ORDER BY updated_at DESC LIMIT 1",
            [agent],
        ).fetchone()
    return (row[0], json.loads(row[1])) if row else None

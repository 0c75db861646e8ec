"""Drafts in the casebook: what an agent entered before the flow stopped (SPEC §7).

A draft is a JSON object of the answers given so far. It is not a case: it is never
listed, exported or merged, and it becomes a case only when the flow saves it (the same
transaction removes the draft). When the casebook cannot be written, a draft goes to a
file in the home instead (`coachcli.draftfiles`).
"""

from __future__ import annotations

import json
from typing import Any

from coachcli.domain.draft import Draft
from coachcli.domain.search import id_prefix
from coachcli.store.casebook import Casebook, translate_errors
from coachcli.store.cases import MAX_MATCHES_SHOWN


def save_draft(
    casebook: Casebook,
    draft_id: str,
    agent: str,
    data: dict[str, Any],
    when: str,
    *,
    created: str | None = None,
    wait: float | None = None,
) -> None:
    """Add or replace a draft; it keeps the time it was first made (`created`, or now).

    `secure_delete` zeroes the text that a replaced draft held.
    """
    with casebook.write(wait=wait) as db:
        db.execute(
            "INSERT INTO drafts (id, agent, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            [draft_id, agent, created or when, when, json.dumps(data, ensure_ascii=False)],
        )


def list_drafts(casebook: Casebook, agent: str | None) -> list[Draft]:
    """The drafts of `agent` (any letter case), or everyone's, most recent first."""
    sql = "SELECT id, agent, created_at, updated_at, data FROM drafts"
    params: list[str] = []
    if agent is not None:
        sql += " WHERE agent = ? COLLATE NOCASE"
        params.append(agent)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql + " ORDER BY updated_at DESC, id", params).fetchall()
    return [_draft(row) for row in rows]


def find_drafts(casebook: Casebook, typed: str) -> list[Draft]:
    """Drafts whose id starts with `typed` (4+ hex characters), as cases are found."""
    prefix = id_prefix(typed)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            "SELECT id, agent, created_at, updated_at, data FROM drafts "
            "WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            [prefix, prefix + "~", MAX_MATCHES_SHOWN + 1],
        ).fetchall()
    return [_draft(row) for row in rows]


def latest_draft(casebook: Casebook, agent: str) -> tuple[str, dict[str, Any]] | None:
    """The agent's most recent draft, as (id, data)."""
    drafts = list_drafts(casebook, agent)
    return (drafts[0].id, drafts[0].data) if drafts else None


def delete_draft(casebook: Casebook, draft_id: str) -> bool:
    """Remove a draft for good (a privacy request covers drafts, §7): zeroed on disk, and
    the write-ahead log truncated. Returns whether the log was truncated too."""
    with casebook.write() as db:
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
        casebook.owe_scrub()
    return casebook.scrub()


def count_drafts(casebook: Casebook) -> int:
    with translate_errors(casebook.path):
        return int(casebook.db.execute("SELECT count(*) FROM drafts").fetchone()[0])


def _draft(row: Any) -> Draft:
    try:
        data = json.loads(row[4])
    except ValueError:
        data = {}
    return Draft(
        id=row[0],
        agent=row[1] or "",
        created_at=row[2],
        updated_at=row[3],
        data=data if isinstance(data, dict) else {},
    )

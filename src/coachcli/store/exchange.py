"""Merging imported cases into the casebook (SPEC §10), in one transaction per file.

The decisions (which version wins) are the pure rules of `domain.merge`; this module only
reads the stored versions and writes the winners. `updated_at` is kept as imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coachcli.domain.case import Case, Comment
from coachcli.domain.merge import case_hash, comment_wins, incoming_wins
from coachcli.store.casebook import Casebook
from coachcli.store.cases import case_from_row, insert_comment, insert_rows, update_rows

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class MergeCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)

    def add(self, other: MergeCounts) -> None:
        """Count another file's merge into these totals."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped


def merge_cases(casebook: Casebook, cases: Iterable[Case]) -> MergeCounts:
    """Merge `cases` all or nothing; a case deleted here stays deleted (skipped)."""
    counts = MergeCounts()
    with casebook.write() as db:
        deleted = {row[0] for row in db.execute("SELECT id FROM deleted")}
        for case in cases:
            if case.id in deleted:
                counts.skipped.append({"id": case.id, "reason": "deleted"})
                continue
            outcome = _merge_one(db, case)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts


def _merge_one(db: Database, incoming: Case) -> str:
    cursor = db.execute("SELECT * FROM cases WHERE id = ?", [incoming.id])
    row = cursor.fetchone()
    if row is None:
        insert_rows(db, [incoming])
        return "added"
    columns = [d[0] for d in cursor.description]
    tags = [
        r[0]
        for r in db.execute("SELECT tag FROM tags WHERE case_id = ? ORDER BY tag", [incoming.id])
    ]
    existing = case_from_row(dict(zip(columns, row, strict=True)), tags)
    changed = False
    if case_hash(existing) != case_hash(incoming) and incoming_wins(existing, incoming):
        update_rows(db, incoming)
        changed = True
    stored = {
        c[0]: Comment(c[0], c[1], c[2], c[3])
        for c in db.execute(
            "SELECT id, author, created_at, text FROM comments WHERE case_id = ?", [incoming.id]
        )
    }
    for comment in incoming.comments:
        mine = stored.get(comment.id)
        if mine is None:
            insert_comment(db, incoming.id, comment)
            changed = True
        elif mine != comment and comment_wins(mine, comment):
            db.execute(
                "UPDATE comments SET author = ?, created_at = ?, text = ? WHERE id = ?",
                [comment.author, comment.created_at, comment.text, comment.id],
            )
            changed = True
    return "updated" if changed else "unchanged"


def bulk_insert(casebook: Casebook, cases: Iterable[Case], batch: int = 5000) -> int:
    """Insert many new cases fast, in one transaction: for benchmarks and seeding."""
    count = 0
    with casebook.write() as db:
        rows: list[Case] = []
        for case in cases:
            rows.append(case)
            if len(rows) == batch:
                insert_rows(db, rows)
                count += len(rows)
                rows = []
        insert_rows(db, rows)
    return count + len(rows)

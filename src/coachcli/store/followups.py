"""Follow-ups in the casebook (SPEC §11): which are due, and recording an answer.

"Due" is `cases.DUE` (decided, not followed up) with a decision before a given time. Its
words are those of the `cases_followup_due` index (m009), which holds only the cases still
due, by agent and decision time: counting an agent's after every `case new` reads that
index alone, however large the casebook.
"""

from __future__ import annotations

from coachcli.domain.case import Case, Comment
from coachcli.errors import CoachError
from coachcli.store.casebook import Casebook, translate_errors
from coachcli.store.cases import DUE, insert_comment, update_rows


def _whose(agent: str | None) -> tuple[str, list[str]]:
    if agent is None:
        return "", []
    return " AND agent = ? COLLATE NOCASE", [agent]


def count_due(casebook: Casebook, agent: str | None, before: str) -> int:
    """How many follow-ups of `agent` (None: anyone's) are due."""
    whose, params = _whose(agent)
    with translate_errors(casebook.path):
        row = casebook.db.execute(
            f"SELECT count(*) FROM cases WHERE {DUE} AND decided_at < ?{whose}",
            [before, *params],
        ).fetchone()
    return int(row[0])


def due_ids(casebook: Casebook, agent: str | None, before: str) -> list[str]:
    """The ids of the due follow-ups of `agent` (None: anyone's), longest waiting first.

    Ids only: the walk reads each case when it comes to it, so a casebook that changes
    meanwhile (a colleague's follow-up, a delete) is read as it is then."""
    whose, params = _whose(agent)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            f"SELECT id FROM cases WHERE {DUE} AND decided_at < ?{whose} ORDER BY decided_at, id",
            [before, *params],
        ).fetchall()
    return [row[0] for row in rows]


class FollowedUpMeanwhile(CoachError):
    """Another answer landed between reading a case and saving this one."""


def record_follow_up(
    casebook: Casebook, case: Case, note: Comment | None = None, *, was: str | None = None
) -> None:
    """Store a followed-up case (domain.followup.follow_up) and its note as a comment, in
    one transaction: both or neither. `was` is the answer the case had when it was read
    (None: unanswered); if the casebook holds another one by now (a colleague answered it
    from another terminal meanwhile), nothing is written and FollowedUpMeanwhile says so,
    so that no answer is lost without a word."""
    with casebook.write() as db:
        row = db.execute("SELECT retained FROM cases WHERE id = ?", [case.id]).fetchone()
        if row is not None and row[0] != was:
            raise FollowedUpMeanwhile("error.followed_up_meanwhile", id=case.short_id)
        update_rows(db, case)
        if note is not None:
            insert_comment(db, case.id, note)

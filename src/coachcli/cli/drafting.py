"""Where an agent's drafts are kept and found: the casebook, or a file in the home (§7).

A draft goes to the casebook when it can be written, and to a draft file in the home when
it cannot (locked past the timeout, full, read-only). Listing, resuming and deleting read
both places; a draft in both (a run killed between writing one and removing the other)
counts once, as its most recent copy.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from coachcli import draftfiles
from coachcli.domain.draft import Draft, newest
from coachcli.errors import CasebookError, CoachError, NotFoundError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from coachcli.cli.env import Env
    from coachcli.store import Casebook


@dataclass
class Kept:
    """Where a draft ended up: the casebook (file None), or a file because of `error`."""

    draft: Draft
    file: Path | None = None
    error: CoachError | None = None


@dataclass
class Drafts:
    env: Env

    @cached_property
    def folder(self) -> Path:
        from coachcli.paths import drafts_dir

        return drafts_dir(self.env.environ)

    def files(self) -> list[Draft]:
        found, unreadable = draftfiles.read_drafts(self.folder)
        for path in unreadable:
            self.env.warn("warning.draft_unreadable", path=path)
        return found

    def mine(self, casebook: Casebook | None, agent: str) -> list[Draft]:
        """The agent's drafts, most recent first.

        Empty drafts, which Ctrl-C at the first prompt left before coach stopped keeping
        them, are passed over: `--resume` would open one instead of the real case.
        """
        from coachcli import store
        from coachcli.domain.intake import Intake

        stored = store.list_drafts(casebook, agent) if casebook is not None else []
        files = [d for d in self.files() if d.agent.casefold() == agent.casefold()]
        drafts = newest([*stored, *files])
        return [d for d in drafts if not Intake.from_json(d.data).is_empty()]

    def matching(self, casebook: Casebook | None, typed: str) -> list[Draft]:
        """Anyone's drafts whose id starts with `typed` (4+ hex characters)."""
        from coachcli import store
        from coachcli.domain.search import id_prefix

        prefix = id_prefix(typed)
        stored = store.find_drafts(casebook, typed) if casebook is not None else []
        files = [d for d in self.files() if d.id.startswith(prefix)]
        return newest([*stored, *files])

    def pick(self, casebook: Casebook | None, agent: str, typed: str | None) -> Draft:
        """The draft to resume: the named one, or the agent's latest."""
        if typed is None:
            mine = self.mine(casebook, agent)
            if not mine:
                raise NotFoundError("error.no_draft", agent=agent)
            return mine[0]
        found = self.matching(casebook, typed)
        if not found:
            raise NotFoundError("error.draft_not_found", id=typed)
        if len(found) > 1:
            raise CoachError(
                "error.draft_ambiguous", id=typed, count=len(found), details=listing(found)
            )
        return found[0]

    def keep(self, casebook: Callable[[], Casebook], draft: Draft, *, urgent: bool = False) -> Kept:
        """Keep `draft` in the casebook, or in a file when the casebook cannot take it.

        `urgent` (a closed terminal, SIGTERM): the file is written first, durably, so
        that a SIGKILL that may follow loses nothing, and the casebook waits only briefly.
        """
        from coachcli import store

        path = draftfiles.draft_path(self.folder, draft.id)
        if urgent:
            with contextlib.suppress(OSError):  # the casebook may still take it
                draftfiles.write_draft(self.folder, draft)
        try:
            store.save_draft(
                casebook(),
                draft.id,
                draft.agent,
                draft.data,
                draft.updated_at,
                created=draft.created_at,
                wait=URGENT_S if urgent else None,
            )
        except CasebookError as error:
            try:
                return Kept(draft, draftfiles.write_draft(self.folder, draft), error)
            except OSError as lost:
                raise CoachError(
                    "error.draft_lost", casebook=error, path=self.folder, problem=lost.strerror
                ) from None
        draftfiles.remove_draft(path)  # the casebook has it now
        return Kept(draft)

    def forget(self, casebook: Casebook | None, draft: Draft) -> bool:
        """Delete a draft for good, wherever it is; False when a reader kept the casebook's
        write-ahead log from being truncated."""
        from coachcli import store

        scrubbed = True
        if casebook is not None:
            scrubbed = store.delete_draft(casebook, draft.id)
        draftfiles.remove_draft(draftfiles.draft_path(self.folder, draft.id))
        return scrubbed

    def saved(self, draft: Draft) -> None:
        """The draft became a case (the casebook's copy went in the same transaction)."""
        draftfiles.remove_draft(draftfiles.draft_path(self.folder, draft.id))

    def working_copy(self, draft: Draft) -> None:
        """A copy of what was entered so far, rewritten before every prompt, so that even a
        SIGKILL or a crash mid-call loses at most the answer being typed. Not synced to
        disk: it guards against the process dying, and costs the agent no wait."""
        draftfiles.write_draft(self.folder, draft, durable=False)


# How long a draft waits for a locked casebook when the terminal was closed or coach was
# told to stop: the file is already written, and a SIGKILL may follow.
URGENT_S = 1.0


def listing(drafts: list[Draft]) -> list[str]:
    """An ambiguous id's matches: short id, date and agent, never the text (§13)."""
    return [f"{d.short_id}  {d.updated_at[:10]}  {d.agent}" for d in drafts]

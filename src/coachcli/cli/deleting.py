"""`coach case drafts` and `coach case delete`: the agent's drafts, and deleting a case or a
draft for good (SPEC §7, §8).

A privacy request covers drafts, so `case delete` takes a draft's id as well as a case's;
an id that matches both is ambiguous and lists them by short id, date and agent.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from coachcli.cli.drafting import Drafts, listing
from coachcli.errors import CasebookError, CoachError, NotFoundError

if TYPE_CHECKING:
    from coachcli.cli.env import Env
    from coachcli.domain.case import Case
    from coachcli.domain.draft import Draft
    from coachcli.store import Casebook


def list_drafts(env: Env, *, as_json: bool) -> None:
    agent = env.agent(None)
    keeper = Drafts(env)
    try:
        casebook = env.open_casebook(create=False)
    except CasebookError as error:  # the draft files in the home are still listed
        env.warn("warning.drafts_from_files", error=error)
        casebook = None
    try:
        found = keeper.mine(casebook, agent)
    finally:
        if casebook is not None:
            casebook.close()
    if as_json:
        env.print_json([d.to_json() for d in found])
    elif not found:
        env.say("case.no_drafts", agent=agent)
    else:
        from coachcli import render

        env.out.print(render.draft_table(found, env.messages, env.now(), keeper.folder))
        env.say("case.drafts_resume", command=env.command("case new --resume ID"))


def delete(env: Env, typed: str, *, yes: bool) -> None:
    """Delete the case or draft whose id starts with `typed`, after asking (unless `yes`)."""
    keeper = Drafts(env)
    unopened: CoachError | None = None
    try:
        casebook = env.open_casebook(create=False)
    except CasebookError as error:  # a draft kept in a file can still be deleted
        casebook, unopened = None, error
    try:
        target = _target(env, keeper, casebook, typed, unopened)
        scrubbed = _delete(env, keeper, casebook, target, yes=yes)
    finally:
        if casebook is not None:
            casebook.close()
    if not scrubbed:
        env.warn("warning.scrub_owed", path=env.paths.casebook)


def _target(
    env: Env, keeper: Drafts, casebook: Casebook | None, typed: str, unopened: CoachError | None
) -> Case | Draft:
    from coachcli import store

    case = None
    if casebook is not None:
        with contextlib.suppress(NotFoundError):  # a draft may have that id
            case = store.find_case(casebook, typed)
    found = keeper.matching(casebook, typed)
    if case is not None and found:
        details = [f"{case.short_id}  {case.created_at[:10]}  {case.agent}", *listing(found)]
        raise CoachError("error.id_ambiguous", id=typed, count=len(details), details=details)
    if case is not None:
        return case
    if not found:
        raise unopened or NotFoundError("error.nothing_to_delete", id=typed)
    if len(found) > 1:
        details = listing(found)
        raise CoachError("error.draft_ambiguous", id=typed, count=len(found), details=details)
    if unopened is not None:
        env.warn("warning.casebook_not_searched", error=unopened)
    return found[0]


def _delete(
    env: Env, keeper: Drafts, casebook: Casebook | None, target: Case | Draft, *, yes: bool
) -> bool:
    """Ask, then delete; whether the write-ahead log was truncated as well."""
    from coachcli import store
    from coachcli.domain.case import Case, iso

    kind = "" if isinstance(target, Case) else "_draft"
    question = env.messages(
        f"case.confirm_delete{kind}", id=target.short_id, situation=target.situation
    )
    if not yes and not env.confirm(question):
        env.say("case.not_deleted")
        return True
    if isinstance(target, Case):
        assert casebook is not None
        scrubbed = store.delete_case(casebook, target.id, iso(env.now()))
        env.say("case.deleted", id=target.short_id)
    else:
        scrubbed = keeper.forget(casebook, target)
        env.say("case.draft_deleted", id=target.short_id)
    return scrubbed

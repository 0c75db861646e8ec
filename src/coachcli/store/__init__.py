"""The casebook: one SQLite file per team or agent (SPEC §8).

This package is the only place that talks SQL or imports sqlite_utils; the CLI asks it for
cases and gets domain objects back. `casebook` opens and migrates the file, `migrations`
holds the schema's history, `cases` maps cases to rows, `drafts` keeps unfinished ones,
`exchange` merges imports, `followups` finds and records follow-ups (§11) and `training`
keeps practice sessions.
"""

from typing import TYPE_CHECKING, Any

from coachcli.store.casebook import (
    CURRENT_VERSION,
    Casebook,
    Upgrade,
    connect,
    fts_check,
    leftover_backups,
    open_readonly,
    rebuild_indexes,
    tally,
)
from coachcli.store.cases import (
    add_comment,
    agent_signals,
    count_cases,
    count_matching,
    delete_case,
    find_case,
    goodwill_cases,
    has_cases,
    insert_case,
    iter_cases,
    known_rules,
    list_cases,
    purge,
    quarantined,
    save_case,
    search_cases,
    similar_cases,
)

# Drafts, merging and practice load when first used, not with every case command: an agent
# recording a case waits for none of them.
_LATER = {
    "count_drafts": "drafts",
    "delete_draft": "drafts",
    "find_drafts": "drafts",
    "latest_draft": "drafts",
    "list_drafts": "drafts",
    "save_draft": "drafts",
    "count_due": "followups",
    "FollowedUpMeanwhile": "followups",
    "due_ids": "followups",
    "record_follow_up": "followups",
    "case_json_batches": "exports",
    "cases_by_id": "exports",
    "writes_json": "exports",
    "MergeCounts": "exchange",
    "bulk_insert": "exchange",
    "merge_staged": "exchange",
    "people": "exchange",
    "privacy_tombstones": "exchange",
    "rule_tallies": "reports",
    "stats_by_month": "reports",
    "stats_sums": "reports",
    "add_attempt": "training",
    "practice_cases": "training",
    "sessions": "training",
    "start_session": "training",
}

if TYPE_CHECKING:
    from coachcli.store.drafts import (
        count_drafts,
        delete_draft,
        find_drafts,
        latest_draft,
        list_drafts,
        save_draft,
    )
    from coachcli.store.exchange import (
        MergeCounts,
        bulk_insert,
        merge_staged,
        people,
        privacy_tombstones,
    )
    from coachcli.store.exports import case_json_batches, cases_by_id, writes_json
    from coachcli.store.followups import (
        FollowedUpMeanwhile,
        count_due,
        due_ids,
        record_follow_up,
    )
    from coachcli.store.reports import rule_tallies, stats_by_month, stats_sums
    from coachcli.store.training import add_attempt, practice_cases, sessions, start_session


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)


__all__ = [
    "CURRENT_VERSION",
    "Casebook",
    "FollowedUpMeanwhile",
    "MergeCounts",
    "Upgrade",
    "add_attempt",
    "add_comment",
    "agent_signals",
    "bulk_insert",
    "case_json_batches",
    "cases_by_id",
    "connect",
    "count_cases",
    "count_drafts",
    "count_due",
    "count_matching",
    "delete_case",
    "delete_draft",
    "due_ids",
    "find_case",
    "find_drafts",
    "fts_check",
    "goodwill_cases",
    "has_cases",
    "insert_case",
    "iter_cases",
    "known_rules",
    "latest_draft",
    "leftover_backups",
    "list_cases",
    "list_drafts",
    "merge_staged",
    "open_readonly",
    "people",
    "practice_cases",
    "privacy_tombstones",
    "purge",
    "quarantined",
    "rebuild_indexes",
    "record_follow_up",
    "rule_tallies",
    "save_case",
    "save_draft",
    "search_cases",
    "sessions",
    "similar_cases",
    "start_session",
    "stats_by_month",
    "stats_sums",
    "tally",
    "writes_json",
]

"""The casebook: one SQLite file per team or agent (SPEC §8).

This package is the only place that talks SQL or imports sqlite_utils; the CLI asks it for
cases and gets domain objects back. `casebook` opens and migrates the file, `migrations`
holds the schema's history, and `cases` maps cases to rows.
"""

from coachcli.store.casebook import (
    CURRENT_VERSION,
    Casebook,
    Upgrade,
    connect,
    leftover_backups,
)
from coachcli.store.cases import count_cases, insert_case, list_cases

__all__ = [
    "CURRENT_VERSION",
    "Casebook",
    "Upgrade",
    "connect",
    "count_cases",
    "insert_case",
    "leftover_backups",
    "list_cases",
]

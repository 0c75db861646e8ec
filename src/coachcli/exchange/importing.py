"""The first half of `coach casebook import` (SPEC §10): read, check and stage every file.

Nothing here takes the casebook's write lock. Each record is checked and normalised
(`checks`) and written to the staging file;
the first problem stops the import before anything reaches the casebook, with one line
that names the file and the line (and the case id, when the id itself is sound).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.exchange.checks import Invalid, canonical_id, case_from_json, tombstone_from_json
from coachcli.exchange.reader import ExportReader, FileError, Header

if TYPE_CHECKING:
    from coachcli.store.staging import Staging


def stage_files(staging: Staging, paths: Iterable[Path]) -> list[tuple[Path, Header]]:
    """Stage every file, all checked before the caller merges any of them."""
    headers = []
    for path in paths:
        with ExportReader(path) as reader:
            file = staging.add_file(path)
            review_copy = reader.header.review_copy
            for record in reader.records():
                try:
                    if record.kind == "case":
                        case = case_from_json(record.data, review_copy=review_copy)
                        staging.add_case(file, record.line, case)
                    else:
                        staging.add_tombstone(file, record.line, tombstone_from_json(record.data))
                except Invalid as error:
                    raise located(path, record.line, record.data, error) from None
            staging.finish_file(file, path)
            headers.append((path, reader.header))
    return headers


def located(path: Path, line: int, data: Any, problem: Invalid) -> FileError:
    """The error for a bad record: its file and line, and its id when that id is sound (an
    id that is not a UUID may be anything, a customer's name included, so it is not shown)."""
    try:
        case_id = canonical_id(data.get("id")) if isinstance(data, dict) else None
    except Invalid:
        case_id = None
    if case_id is None:
        return FileError("error.import_line", path=path, line=line, problem=problem)
    return FileError("error.import_case", path=path, line=line, id=case_id, problem=problem)

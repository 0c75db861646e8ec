"""Reading an export file for import (SPEC §10): json or jsonl, checked before any write.

Every problem is a CoachError that names the file and the line (jsonl) or the case (json),
so a trainer knows where to look; nothing reaches the casebook until the whole file is good.
Numbers with a fraction are read as Decimals, straight from their text: an amount such as
0.1 never passes through a binary float (SPEC §3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from coachcli.domain.case import Case
from coachcli.errors import CoachError
from coachcli.exchange import FORMAT, VERSION
from coachcli.exchange.cases import Invalid, case_from_json


@dataclass(frozen=True)
class ExportFile:
    path: Path
    header: dict[str, Any]
    cases: list[Case]


def read_export(path: Path) -> ExportFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoachError("error.file_missing", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CoachError("error.import_unreadable", path=path, problem=str(error)) from None
    try:
        document = json.loads(text, parse_float=Decimal, parse_int=_int)
    except json.JSONDecodeError:
        return _jsonl(path, text)
    if not isinstance(document, dict):
        raise CoachError("error.import_format", path=path)
    _check_header(path, document)
    raw = document.pop("cases", None)  # the header keeps no copy of the parsed cases
    if not isinstance(raw, list):
        raise CoachError("error.import_format", path=path)
    cases = []
    for n, data in enumerate(raw):
        raw[n] = None  # let each parsed object go once it is a Case: a lower peak
        cases.append(_case(path, data, f"#{n + 1}", _id(data)))
    return ExportFile(path, document, _no_duplicates(path, cases))


def _jsonl(path: Path, text: str) -> ExportFile:
    lines = text.splitlines()
    try:
        header = json.loads(lines[0], parse_float=Decimal, parse_int=_int) if lines else None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict):
        raise CoachError("error.import_format", path=path)
    _check_header(path, header)
    cases = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_float=Decimal, parse_int=_int)
        except json.JSONDecodeError as error:
            raise CoachError(
                "error.import_case", path=path, where=f"line {number}", problem=error.msg
            ) from None
        cases.append(_case(path, data, f"line {number}", _id(data)))
    return ExportFile(path, header, _no_duplicates(path, cases))


def _int(text: str) -> int | Decimal:
    """A JSON integer. Python refuses to make an int of more than 4,300 digits (a plain
    ValueError, not a decoding error); no field of an export is a number that long, so it
    is read as a Decimal and refused by its field's own check, which names the case."""
    return int(text) if len(text) <= 100 else Decimal(text)


def _check_header(path: Path, header: dict[str, Any]) -> None:
    if header.get("format") != FORMAT:
        raise CoachError("error.import_format", path=path)
    if header.get("version") != VERSION:
        raise CoachError("error.import_version", path=path, version=header.get("version"))


def _id(data: Any) -> str:
    return str(data.get("id", "?")) if isinstance(data, dict) else "?"


def _case(path: Path, data: Any, where: str, case_id: str) -> Case:
    try:
        return case_from_json(data)
    except Invalid as error:
        raise CoachError(
            "error.import_case", path=path, where=f"{where} (id {case_id})", problem=str(error)
        ) from None


def _no_duplicates(path: Path, cases: list[Case]) -> list[Case]:
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CoachError("error.import_duplicate", path=path, id=case.id)
        seen.add(case.id)
    return cases

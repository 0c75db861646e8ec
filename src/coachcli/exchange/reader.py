"""Reading an export file for import (SPEC §10): json or jsonl, record by record.

The header comes first (its format and version are checked before any case is read), then
the cases and privacy tombstones one at a time, each with the line it starts on, so a
problem can be named by file and line, and memory stays flat however large the file is.
A json document is read with `jsonstream`; a jsonl file is split on `\\n` only (never on
U+2028, U+0085, form feeds or the other breaks of `str.splitlines`), every line bounded.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from coachcli.domain.case import FULL, PSEUDONYMS, REVIEW, Case
from coachcli.errors import CoachError
from coachcli.exchange import FORMAT, READABLE_VERSIONS
from coachcli.exchange.jsonstream import JsonStream, Malformed, Readable, decoder

# One case, with its comments, as JSON text: far above any real case (a text field is at
# most 100,000 characters), and what bounds the memory of reading a hostile file.
MAX_RECORD = 16 * 2**20
MAX_HEADER_LINE = 1 << 16
HEADER_KEYS = frozenset({"format", "version", "redacted", "anonymised_agents"})
STREAMED = ("cases", "tombstones")


@dataclass(frozen=True)
class Header:
    version: int
    redacted: bool
    anonymised: bool
    data: dict[str, Any]

    @property
    def review_copy(self) -> int:
        """A redacted or anonymised file holds review copies only (SPEC §10)."""
        return PSEUDONYMS if self.anonymised else REVIEW if self.redacted else FULL


class Record(NamedTuple):
    kind: str  # "case" or "tombstone"
    data: Any
    line: int


class FileError(CoachError):
    """A problem with one import file as a whole: it names the file."""


def check_header(path: Path, data: object) -> Header:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileError("error.import_format", path=path)
    version = data.get("version")
    if type(version) is int and version > max(READABLE_VERSIONS):
        raise FileError("error.import_newer", path=path, version=version)
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise FileError("error.import_version", path=path)
    flags = {}
    for key in ("redacted", "anonymised_agents"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise FileError("error.import_header", path=path, field=key)
        flags[key] = value
    return Header(version, flags["redacted"], flags["anonymised_agents"], data)


class ExportReader:
    """One export file, open for reading: its checked `header`, then its `records()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: Header
        self._stack = contextlib.ExitStack()
        self._records: Iterator[Record]

    def __enter__(self) -> ExportReader:
        try:
            raw: BinaryIO = self._stack.enter_context(self.path.open("rb"))
            first = raw.readline(MAX_HEADER_LINE + 1)
            header = _jsonl_header(first)
            if header is not None:
                self.header = check_header(self.path, header)
                self._records = self._jsonl(raw)
            else:
                self._records = self._json(_Prefixed(first, raw))
        except FileNotFoundError:
            self._stack.close()
            raise FileError("error.file_missing", path=self.path) from None
        except IsADirectoryError:
            self._stack.close()
            raise FileError("error.import_format", path=self.path) from None
        except OSError as error:
            self._stack.close()
            problem = error.strerror or type(error).__name__
            raise FileError("error.import_unreadable", path=self.path, problem=problem) from None
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def records(self) -> Iterator[Record]:
        try:
            yield from self._records
        except Malformed as error:
            raise FileError("error.import_json", path=self.path, problem=error) from None
        except OSError as error:
            problem = error.strerror or type(error).__name__
            raise FileError("error.import_unreadable", path=self.path, problem=problem) from None

    # jsonl: a header line, then one case or {"tombstone": ...} per line.

    def _jsonl(self, raw: BinaryIO) -> Iterator[Record]:
        parse = decoder().decode
        number = 1
        while True:
            line = raw.readline(MAX_RECORD + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_RECORD and not line.endswith(b"\n"):
                raise Malformed("too_large", line=number, limit=MAX_RECORD // 2**20)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                raise Malformed("not_utf8", line=number) from None
            if not text.strip(" \t\r\n"):
                continue
            try:
                data = parse(text)
            except json.JSONDecodeError as error:
                raise Malformed("invalid", line=number, column=error.colno) from None
            except RecursionError:
                raise Malformed("too_deep", line=number) from None
            except ValueError:
                raise Malformed("invalid", line=number) from None
            yield _record(data, number)

    # json: one document; the header's keys may come before or after the arrays.

    def _json(self, raw: Readable) -> Iterator[Record]:
        items = JsonStream(raw, limit=MAX_RECORD, streamed=STREAMED).items()
        head: dict[str, Any] = {}
        first: Record | None = None
        try:
            for array, key, value, line in items:
                if array is None:
                    head[key] = value
                    continue
                first = Record("case" if array == "cases" else "tombstone", value, line)
                break
            if first is not None and not head.keys() >= HEADER_KEYS:
                head = self._whole_header()
        except Malformed as error:
            if not head and error.line == 1:
                raise FileError("error.import_format", path=self.path) from None
            raise FileError("error.import_json", path=self.path, problem=error) from None
        self.header = check_header(self.path, head)
        return self._json_rest(first, items)

    def _json_rest(
        self, first: Record | None, items: Iterator[tuple[str | None, str, Any, int]]
    ) -> Iterator[Record]:
        if first is None:
            return
        yield first
        for array, _key, value, line in items:
            if array is not None:
                yield Record("case" if array == "cases" else "tombstone", value, line)

    def _whole_header(self) -> dict[str, Any]:
        """The header of a document whose cases come before some of its header keys (as
        `jq -S` sorts them): read once more for the header alone. A pipe cannot be read
        twice, so there the header must come first."""
        if not self.path.is_file():
            raise FileError("error.import_header_late", path=self.path)
        head: dict[str, Any] = {}
        with self.path.open("rb") as again:
            stream = JsonStream(again, limit=MAX_RECORD, streamed=STREAMED)
            for array, key, value, _line in stream.items():
                if array is None:
                    head[key] = value
        return head


def _record(data: Any, line: int) -> Record:
    if isinstance(data, dict) and data.keys() == {"tombstone"}:
        return Record("tombstone", data["tombstone"], line)
    return Record("case", data, line)


def _jsonl_header(first: bytes) -> dict[str, Any] | None:
    """The first line's object when it is a jsonl header: complete, and no whole document."""
    if len(first) > MAX_HEADER_LINE:
        return None
    try:
        data = decoder().decode(first.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or any(key in data for key in STREAMED):
        return None
    return data


class _Prefixed:
    """A stream that first gives back the bytes already read to tell json from jsonl."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self.prefix = prefix
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            head, self.prefix = self.prefix, b""
            return head
        return self.rest.read(size)


@dataclass(frozen=True)
class ExportFile:
    path: Path
    header: Header
    cases: list[Case]


def read_export(path: Path) -> ExportFile:
    """A whole export file in memory, every case checked: for practice (`coach train
    --from`), whose files are small. Import streams instead."""
    from coachcli.exchange.checks import Invalid, case_from_json
    from coachcli.exchange.importing import located

    cases = []
    with ExportReader(path) as reader:
        for record in reader.records():
            if record.kind != "case":
                continue
            try:
                cases.append(case_from_json(record.data, review_copy=reader.header.review_copy))
            except Invalid as error:
                raise located(path, record.line, record.data, error) from None
    return ExportFile(path, reader.header, cases)

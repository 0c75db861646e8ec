"""Reading one large JSON document piece by piece, with bounded memory (SPEC §10, §13).

An export in json is one object whose `cases` and `tombstones` arrays may hold a million
elements. This reads the top-level object key by key and those arrays element by element,
each element decoded by the standard library's C decoder (`raw_decode`) from a window of
the file: memory is bounded by the largest element, never by the file. Each element is
limited in size (`limit` characters) and in nesting (the decoder's recursion limit), so a
hostile file is a clear error, not a full memory.

Numbers with a fraction or exponent are read as `Decimal`, so `0.1` and `49.95` stay exact;
`NaN` and `Infinity` are refused. Errors carry the line and column where they were found.

Why not ijson (measured on a 100,000-case export of 94 MB, this machine): `ijson.items`
reads the cases in 1.7 s, but it yields one prefix per pass, so the header and the
tombstones need a second and third pass (1.1 s each) or its event interface (4.3 s), and a
second pass cannot read a pipe. This reader takes 1.4 s in one pass, reads pipes, and knows
the line of every element. Importing ijson also costs 15-40 ms.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NoReturn, Protocol

from coachcli.errors import CoachError

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
# A decode error this close to the end of the window may just be an element cut in two
# by the window's edge (`tru`, `1e`, `\u00`): read more and try again.
_EDGE = 8


class Malformed(CoachError):
    """The bytes are not the JSON expected; names the line (and column) where it broke."""

    def __init__(self, key: str, /, *, line: int, column: int | None = None, **values: Any):
        super().__init__(f"json.{key}", line=line, column=column or 1, **values)
        self.line = line


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def decoder() -> json.JSONDecoder:
    """The decoder for every import: exact decimals, no NaN or Infinity."""
    return json.JSONDecoder(parse_float=Decimal, parse_constant=_refuse_constant)


class JsonStream:
    """The top-level object of one JSON document, read from a binary stream in windows."""

    def __init__(
        self, raw: Readable, *, limit: int, streamed: tuple[str, ...], chunk: int = CHUNK
    ) -> None:
        self.raw = raw
        self.chunk = chunk
        self.limit = limit
        self.streamed = streamed
        self.text = codecs.getincrementaldecoder("utf-8")("strict")
        self.json = decoder()
        self.buf = ""
        self.pos = 0
        self.line = 1  # the line of `pos`
        self.eof = False
        self.started = False

    # The window.

    def _read(self) -> bool:
        """Append the next chunk to the window; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.raw.read(self.chunk)
        try:
            more = self.text.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise Malformed("not_utf8", line=self.line + self.buf.count("\n", self.pos)) from None
        if not self.started:
            self.started = True
            more = more.removeprefix("\ufeff")  # a byte-order mark, as editors on Windows write
        if self.pos > self.chunk:  # drop what was read, so the window stays small
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += more
        if not chunk:
            self.eof = True
        return True

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def _ws(self) -> str:
        """Skip white space; the next character, or "" at the end of the file."""
        if self.pos < len(self.buf) and self.buf[self.pos] not in " \t\n\r":
            return self.buf[self.pos]  # the usual case: no white space to skip
        while True:
            match = _WS.match(self.buf, self.pos)
            assert match is not None  # `*` always matches
            self._advance(match.end())
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._read():
                return ""

    def _take(self, expected: str) -> str:
        found = self._ws()
        if found not in expected or not found:
            self._fail()
        self._advance(self.pos + 1)
        return found

    def _fail(self, at: int | None = None) -> NoReturn:
        at = self.pos if at is None else at
        line = self.line + self.buf.count("\n", self.pos, at)
        column = at - self.buf.rfind("\n", 0, at)
        raise Malformed("invalid", line=line, column=column)

    def _value(self) -> Any:
        """One JSON value at the current position, reading more of the file as needed."""
        self._ws()
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                cut = error.msg.startswith("Unterminated") or error.pos >= len(self.buf) - _EDGE
                if cut and not self.eof and len(self.buf) - self.pos <= self.limit:
                    self._grow()
                    continue
                if len(self.buf) - self.pos > self.limit:
                    raise Malformed(
                        "too_large", line=self.line, limit=self.limit // 2**20
                    ) from None
                self._fail(error.pos)
            except RecursionError:
                raise Malformed("too_deep", line=self.line) from None
            except ValueError:  # NaN, Infinity, or an integer of thousands of digits
                self._fail()
            if len(self.buf) - end < _EDGE and not self.eof:
                # A number at the window's edge may go on: `12` of `125`, `0` of `0.5`.
                self._grow()
                continue
            if end - self.pos > self.limit:
                raise Malformed("too_large", line=self.line, limit=self.limit // 2**20)
            self._advance(end)
            return value

    def _grow(self) -> None:
        """Double the unread part of the window, so that a large element costs a few
        attempts to decode, not one per chunk."""
        start = len(self.buf) - self.pos
        # Never far past the limit: one more chunk is enough to know it was passed.
        target = min(start + max(self.chunk, start), self.limit + 1)
        while self._read() and len(self.buf) - self.pos < target:
            pass

    # The document.

    def items(self) -> Iterator[tuple[str | None, str, Any, int]]:
        """(array, key, value, line) for the top-level object: `array` is the streamed key
        an element belongs to, or None for any other key and its whole value."""
        self._take("{")
        if self._ws() == "}":
            self._advance(self.pos + 1)
        else:
            while True:
                line = self.line
                key = self._value()
                if not isinstance(key, str):
                    self._fail()
                self._take(":")
                if key in self.streamed and self._ws() == "[":
                    self._advance(self.pos + 1)
                    yield from self._elements(key)
                else:
                    yield None, key, self._value(), line
                if self._take(",}") == "}":
                    break
        if self._ws():
            self._fail()  # anything after the document

    def _elements(self, key: str) -> Iterator[tuple[str | None, str, Any, int]]:
        if self._ws() == "]":
            self._advance(self.pos + 1)
            return
        while True:
            self._ws()
            line = self.line
            yield key, key, self._value(), line
            if self._take(",]") == "]":
                return

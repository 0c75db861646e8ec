"""What a reader sees (SPEC §10): a text folded to its visible form before redaction.

A number or an address can be hidden from a pattern and still be read by a person: a
zero-width space or a soft hyphen inside it, a thin space or a full-width digit, a NUL, a
combining accent, a line break where a pasted number wrapped (`06-1234` / `5678`, which a
handout joins again), a right-to-left override that shows `87654321-60` as `06-12345678`,
or a context word typed against its number (`BSN725763863`, `geb.12-03-1980`,
`tel020-7654321`). `fold` undoes all of that and remembers where each character of the
folded text came from; the redactor reads the folded text, and `Folded.back` puts each
replacement over the characters it came from in the text as typed. Everything else (line
breaks, an emoji's joiners, a customer's right-to-left name) stays as it was.

Only texts that hold such a character or such a glued word are folded (one scan each): the
rest, by far most texts, cost nothing more.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

# Format characters (zero-width, joiners, direction marks and overrides, soft hyphen, word
# joiner, byte-order mark), C0 controls but tab and line breaks, combining marks, odd
# spaces, digits of other scripts, full-width and small forms, and line separators: one
# character class, which a scan checks at C speed (an alternation costs five times as much).
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u0300-\u036f\u061c\u0660-\u0669"
    r"\u06f0-\u06f9\u0966-\u096f\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufe50-\ufe6b\ufeff\uff00-\uffef"
    r"\U0001d7ce-\U0001d7ff]"
).search
_LINE_THEN_DIGIT = re.compile(r"\n[ \t]*[0-9]")  # starts with a literal: a fast scan
_SPACES = frozenset("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a")
_SPACES |= frozenset("\u202f\u205f\u3000")
_BREAKS = frozenset("\u2028\u2029")


def needs_fold(text: str) -> bool:
    """Whether `text` holds a character `fold` would change for a reader."""
    if _INVISIBLE(text) is not None:
        return True
    for line in _LINE_THEN_DIGIT.finditer(text):
        before = text[max(0, line.start() - 8) : line.start()]  # bounded: stays linear
        last = before.rstrip(" \t\r")[-1:]
        if last.isdigit() or last.isupper():  # "06-1234" or an IBAN's "ABNA", then digits
            return True
    return False


@dataclass(frozen=True)
class Folded:
    """A folded text, and for each of its characters the index it came from."""

    text: str
    origin: tuple[int, ...]

    def back(self, redacted: str, typed: str, clean: Callable[[str], bool]) -> str:
        """`typed` with each replacement that turned `text` into `redacted` put over the
        characters it came from. `clean` checks the result (nothing left to redact); if
        the two could not be lined up, the redacted folded text goes out instead."""
        changes = []
        matcher = SequenceMatcher(None, self.text, redacted, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if i1 == i2:  # an insertion: before the character at i1
                start = end = self.origin[i1] if i1 < len(self.origin) else len(typed)
            else:
                came = self.origin[i1:i2]
                start, end = min(came), max(came) + 1
            changes.append((start, end, redacted[j1:j2]))
        out, last = [], 0
        for start, end, replacement in sorted(changes):
            if start < last:
                return redacted  # overlapping pieces: not a clean line-up
            out += [typed[last:start], replacement]
            last = end
        result = "".join(out) + typed[last:]
        return result if clean(result) else redacted


def fold(text: str, glued: re.Pattern[str] | None = None) -> Folded:
    """`text` as a reader sees it: overridden runs in the order shown, invisible and
    control characters dropped, odd spaces as spaces, digits and full-width forms as
    ASCII, a number that wrapped joined with a space, and a space between a context word
    and the number typed against it (`glued` finds those)."""
    chars: list[str] = []
    origin: list[int] = []
    for index in _reading_order(text):
        char = text[index]
        if char in _SPACES:
            char = " "
        elif char in _BREAKS:
            char = "\n"
        elif char.isdecimal() and not "0" <= char <= "9":
            char = str(unicodedata.decimal(char))
        elif not char.isascii():
            category = unicodedata.category(char)
            if category == "Cf" or (category == "Mn" and chars and chars[-1].isdigit()):
                continue
            char = unicodedata.normalize("NFKC", char)
        elif (char < " " and char not in "\t\n\r") or char == "\x7f":
            continue
        for piece in char:
            chars.append(piece)
            origin.append(index)
    folded = "".join(chars)
    folded, positions = _join_wrapped(folded, origin)
    if glued is not None:
        folded, positions = _unglue(folded, positions, glued)
    return Folded(folded, tuple(positions))


def _reading_order(text: str) -> list[int]:
    """The indices of `text` in the order a reader sees them: a right-to-left override
    (U+202E) shows what follows it, up to U+202C or the line's end, backwards."""
    order: list[int] = []
    index = 0
    while index < len(text):
        if text[index] != "\u202e":
            order.append(index)
            index += 1
            continue
        end = index + 1
        while end < len(text) and text[end] not in "\u202c\n":
            end += 1
        order += range(end - 1, index, -1)
        index = end + (end < len(text) and text[end] == "\u202c")
    return order


_WRAPPED = re.compile(r"(?<=[0-9A-Z])[ \t]*\r?\n[ \t]*(?=[0-9])")


def _join_wrapped(text: str, origin: list[int]) -> tuple[str, list[int]]:
    return _substitute(text, origin, _WRAPPED, lambda _: " ")


def _unglue(text: str, origin: list[int], glued: re.Pattern[str]) -> tuple[str, list[int]]:
    return _substitute(text, origin, glued, lambda match: match[0] + " ")


def _substitute(
    text: str, origin: list[int], pattern: re.Pattern[str], by: Callable[[re.Match[str]], str]
) -> tuple[str, list[int]]:
    """`pattern.sub(by, text)`, with the origins kept: a replacement's characters come
    from where its match started (an added space, from the character after it)."""
    out: list[str] = []
    positions: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(text[last : match.start()])
        positions += origin[last : match.start()]
        replacement = by(match)
        keep = match[0] if replacement.startswith(match[0]) else ""
        out.append(replacement)
        positions += origin[match.start() : match.end()] if keep else []
        after = origin[match.end()] if match.end() < len(origin) else origin[-1] + 1
        start = origin[match.start()] if match.start() < len(origin) else after
        positions += [after if keep else start] * (len(replacement) - len(keep))
        last = match.end()
    out.append(text[last:])
    positions += origin[last:]
    return "".join(out), positions

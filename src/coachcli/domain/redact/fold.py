"""What a reader sees (SPEC §10): a text folded to its visible form before redaction.

A number or an address can be hidden from a pattern and still be read by a person: a
zero-width space or a soft hyphen inside it, a thin space or a full-width digit, a NUL, a
combining accent, a line break where a pasted number wrapped (`06-1234` / `5678`, which a
handout joins again), or a right-to-left override that shows `87654321-60` as
`06-12345678`. `fold` undoes all of that; the redactor then reads the folded text. When the
folded text holds personal data, the redacted folded text goes out (its invisible
characters are gone, which no reader misses); when it holds none, the text goes out as it
came in, so that nothing benign is changed.

Only texts that hold such a character are folded (`needs_fold`, one scan): the rest, by far
most texts, cost nothing more.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters (zero-width, joiners, direction marks and overrides, soft hyphen, word
# joiner, byte-order mark), C0 controls but tab and line breaks, combining marks, odd
# spaces, digits of other scripts, full-width forms and line separators: one character
# class, which a scan checks at C speed (an alternation would cost five times as much).
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u0300-\u036f\u034f\u061c\u0660-\u0669"
    r"\u06f0-\u06f9\u0966-\u096f\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uff00-\uffef]"
).search
_WRAPPED = re.compile(r"(?<=[0-9])[ \t]*\r?\n[ \t]*(?=[0-9])")  # a number that wrapped


_LINE_THEN_DIGIT = re.compile(r"\n[ \t]*[0-9]")  # starts with a literal: a fast scan


def needs_fold(text: str) -> bool:
    """Whether `text` holds anything `fold` would change for a reader."""
    if _INVISIBLE(text) is not None:
        return True
    for line in _LINE_THEN_DIGIT.finditer(text):
        before = text[max(0, line.start() - 8) : line.start()]  # bounded: stays linear
        if before.rstrip(" \t\r")[-1:].isdigit():
            return True
    return False


_OVERRIDE = re.compile(r"\u202e([^\u202c\n]*)\u202c?")  # right-to-left override ... pop
_SPACES = re.compile(r"[\u2000-\u200a\u202f\u205f\u3000]")


def fold(text: str) -> str:
    """`text` as a reader sees it: overridden runs in the order shown, invisible and
    control characters dropped, odd spaces as spaces, digits and full-width forms as
    ASCII, a number that wrapped joined with a space."""
    text = _OVERRIDE.sub(lambda m: m[1][::-1], text)
    text = unicodedata.normalize("NFKC", text)  # full-width forms, odd digits' compatibility
    text = _SPACES.sub(" ", text)
    kept = []
    for char in text:
        if char.isdecimal() and not "0" <= char <= "9":
            kept.append(str(unicodedata.decimal(char)))
            continue
        category = unicodedata.category(char)
        if category == "Cf" or (category == "Cc" and char not in "\t\n\r"):
            continue
        if category == "Mn" and kept and kept[-1].isdigit():
            continue  # an accent on a digit: "0̲6"
        kept.append(char)
    text = "".join(kept).replace("\u2028", "\n").replace("\u2029", "\n")
    return _WRAPPED.sub(" ", text)

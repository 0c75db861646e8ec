"""People's names: the slug of SPEC §5, by which profiles and cases meet, and the rules for
the name an agent gives as their own (SPEC §2 "Who you are is personal")."""

from __future__ import annotations

import re
import unicodedata

# Long enough for any real name with its particles; short enough for a table column.
MAX_NAME = 100
# Embeddings, overrides and isolates: they make a name read back to front.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def slug(name: str) -> str:
    """The name in ASCII (text-unidecode: `Yılmaz` -> `yilmaz`, `李伟` -> `li-wei`), lower
    case, with runs of other characters turned into `-` (SPEC §5).

    A name with nothing left (only emoji, say) gets `profile-` and the first 8 hex digits
    of its SHA-256, so that two such names do not share one file."""
    from text_unidecode import unidecode

    made = _dashed(unidecode(name))
    if made:
        return made
    import hashlib

    return "profile-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def old_slug(name: str) -> str:
    """The slug of the earlier rule (NFKD, then ASCII): `Yılmaz` gave `ylmaz`, and a name in
    another script gave nothing. Profiles written then are still found by it (SPEC §5)."""
    return _dashed(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())


def _dashed(ascii_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def name_problem(name: str) -> str | None:
    """Why `name` cannot be someone's name (`required`, `control`, `too_long`), or None.

    Control characters (a newline, an escape sequence) would break the one-line lists
    and the terminal a name is shown on; bidirectional overrides would show it reversed.
    Other format characters stay: a zero-width non-joiner belongs in some Persian names."""
    if not name.strip():
        return "required"
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in BIDI for char in name):
        return "control"
    if len(name.strip()) > MAX_NAME:
        return "too_long"
    return None


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name the same person: case and spacing aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def login_matches(login: str, name: str) -> bool:
    """Whether `login` (a `$USER`) is a usual login for `name`.

    Both are compared as ASCII letters and digits only, in lower case. For a name of the
    words w1 … wn (`Jan de Vries`) the logins taken to be theirs are: the whole name
    (`jandevries`, `jan.devries`, `jan_de_vries`), the first name (`jan`), the initial with
    the surname (`jdevries`) or with the last word (`jvries`), and the surname alone
    (`devries`). The caller offers a match only when exactly one person matches.
    """
    key = _letters(login, old=False)
    if not key:
        return False
    candidates: set[str] = set()
    for old in (False, True):  # fylmaz as well as fyilmaz: logins were made either way
        words = [w for w in (_letters(word, old=old) for word in name.split()) if w]
        if not words:
            continue
        first, rest = words[0], words[1:]
        candidates |= {"".join(words), first}
        if rest:
            surname = "".join(rest)
            candidates |= {first[0] + surname, first[0] + rest[-1], surname}
    return key in candidates


def _letters(text: str, *, old: bool) -> str:
    """ASCII letters and digits only, transliterated as `slug` does (or as `old_slug` did),
    so that a login is compared as the profile's file name is made; without the hash of a
    name that has no letters, which no login is."""
    if old:
        return old_slug(text).replace("-", "")
    from text_unidecode import unidecode

    return _dashed(unidecode(text)).replace("-", "")

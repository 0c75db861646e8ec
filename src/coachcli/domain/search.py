"""Turning what a person types into a safe FTS5 query (SPEC §7).

Every token is quoted, so `"`, `*`, `AND`, `NEAR(` or SQL are just words to look for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coachcli.errors import UsageError

TOKEN = re.compile(r"\w+", re.UNICODE)
HEX = re.compile(r"[0-9a-f]+")
MIN_PREFIX = 4


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_all(text: str) -> str:
    """`case search`: cases holding every word typed."""
    words = tokens(text)
    if not words:
        raise UsageError("error.empty_search")
    return " ".join(quoted(word) for word in words)


def match_any(text: str, stopwords: Iterable[str]) -> str | None:
    """Similar cases: an OR of the meaningful words, for bm25 to rank; None if there are none."""
    skip = set(stopwords)
    words = list(dict.fromkeys(w for w in tokens(text) if w not in skip and len(w) > 1))
    return " OR ".join(quoted(word) for word in words) or None


def id_prefix(text: str) -> str:
    """A case id prefix as typed (hyphens optional) in the stored UUID form, lower case."""
    bare = text.strip().lower().replace("-", "")
    if len(bare) < MIN_PREFIX or not HEX.fullmatch(bare) or len(bare) > 32:
        raise UsageError("error.bad_id", value=text)
    # Put the hyphens back where a UUID has them, so the prefix can use the id index.
    cuts = [8, 12, 16, 20]
    parts, start = [], 0
    for cut in cuts:
        if len(bare) > cut:
            parts.append(bare[start:cut])
            start = cut
    parts.append(bare[start:])
    return "-".join(parts)

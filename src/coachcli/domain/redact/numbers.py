"""IBANs, BSNs and postcodes (SPEC §10): loose candidates, strictly validated.

Candidates tolerate what agents type (any letter case, spaces, dots and hyphens between
groups, a word right after the number); python-stdnum's checksums then decide, so amounts,
policy and claim numbers, AGB codes and case ids survive: a digit run that fails the IBAN
check or the 11-check is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache

# Two letters, two check digits, then up to 30 letters and digits in groups. The tail may
# run into the next word ("BE32 7347 1723 6702 voor"): the country's own IBAN length,
# from python-stdnum's registry, says where the IBAN ends.
IBAN = re.compile(r"(?<![^\W_])([A-Za-z]{2})[ \u00a0]?(\d{2})((?:[ \u00a0.\-]?[A-Za-z0-9]){8,30})")
ALNUM = re.compile(r"[A-Za-z0-9]")
# Nine digits, alone or grouped 3.3.3, 4.2.3 or with spaces or hyphens, one separator kind.
BSN = re.compile(r"(?<![\w.,/\-])(\d{3,4})([ \u00a0.\-]?)(\d{2,3})\2(\d{3})(?!\w|[.,/\-]\d)")
# Four digits (no leading zero) and two letters, in any letter case, with or without a space.
POSTCODE = re.compile(r"(?<![\w.,/\-€$£])([1-9]\d{3})[ \u00a0]?([A-Za-z]{2})(?!\w)")
NOT_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})  # never handed out by PostNL
CURRENCY_BEFORE = re.compile(r"(?:€|eur|euro|\$|£|usd|gbp)\s*$", re.IGNORECASE)


def ibans(text: str) -> list[tuple[int, int]]:
    found = []
    position = 0
    while match := IBAN.search(text, position):
        position = match.start() + 1
        country = match[1].upper()
        length = _iban_length(country)
        if length is None:
            continue
        tail = list(ALNUM.finditer(text, match.start(3), match.end(3)))
        if len(tail) < length - 4:
            continue
        if _valid_iban(country + match[2] + "".join(m[0] for m in tail[: length - 4])):
            found.append((match.start(), tail[length - 5].end()))
            position = found[-1][1]  # the next IBAN may start right after this one
    return found


@cache
def _iban_length(country: str) -> int | None:
    """The IBAN length of a country, from python-stdnum's registry (None: no IBANs)."""
    from stdnum import numdb

    info = numdb.get("iban").info(country)
    structure = info[0][1].get("bban") if info and info[0][1] else None
    if not structure:
        return None
    return 4 + sum(int(n) for n in re.findall(r"(\d+)!", structure))


def _valid_iban(compact: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(compact))


def bsns(
    text: str, near_bsn_word: Callable[[int, int], bool], vetoed: Callable[[int], bool]
) -> list[tuple[int, int]]:
    from stdnum.nl import bsn

    found = []
    for match in BSN.finditer(text):
        digits = match[1] + match[3] + match[4]
        if len(digits) != 9 or not bsn.is_valid(digits):
            continue
        if near_bsn_word(*match.span()) and not vetoed(match.start()):
            found.append(match.span())
    return found


def postcodes(
    text: str, words: Collection[str], abbreviations: Collection[str]
) -> list[tuple[int, int]]:
    """Postcodes, but not a year or an amount followed by a word: `in 2024 is`, `1500 ml`,
    `Sinds 2024 IT-problemen`."""
    found = []
    for match in POSTCODE.finditer(text):
        number, letters = match[1], match[2]
        if letters.upper() in NOT_POSTCODE_LETTERS:
            continue
        if text.startswith("-", match.end()) or text.startswith("'", match.end()):
            continue  # the start of a longer word: "2024 IT-problemen"
        if letters.isupper():
            if letters in abbreviations and 1900 <= int(number) <= 2099:
                continue  # "Sinds 2024 IT problemen"
        elif letters.casefold() in words:
            continue  # written as a word: "in 2024 is", "1500 ml"
        if CURRENCY_BEFORE.search(text, max(0, match.start() - 6), match.start()):
            continue
        found.append(match.span())
    return found

"""E-mail addresses (SPEC §10), also written with spaces around `@` or spelled out to fool
a spam filter: `j.jansen @ gmail.com`, `jan[at]example[dot]nl`, `jan at example dot nl`,
`jan(a)example.nl`, `e.dekker @ ziggo . nl`.

The scan starts at each `@` or spelled-out "at" and reads the name before it and the
domain after it, each bounded in length, so a text of 10,000 `@` signs stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# The name before the @, read backwards from it (at most 64 characters, as RFC 5321 says).
NAME_BACKWARDS = re.compile(r"[\w.+%'\-]{1,64}")
# Providers whose domain after a plain "at" makes it an address: "jansen at gmail.com".
PROVIDERS = frozenset(
    {
        *("gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "icloud"),
        *("me", "mac", "aol", "gmx", "proton", "protonmail", "ziggo", "kpnmail", "kpnplanet"),
        *("planet", "home", "xs4all", "hetnet", "casema", "chello", "upcmail", "telfort"),
        *("tele2", "online", "quicknet", "zeelandnet", "solcon", "caiway", "kabelfoon"),
        *("skynet", "telenet"),
    }
)


class Mail:
    """Finds e-mail addresses with the spelled-out words of every language."""

    def __init__(self, at_words: Iterable[str], dot_words: Iterable[str]) -> None:
        ats = _alternatives(at_words) or "at"
        dots = _alternatives(dot_words) or "dot"
        # The @ itself, or spelled out in brackets; or a plain word between spaces ("jan at
        # example dot nl", group 1), which needs more proof. No pattern here starts with
        # optional white space: a text of spaces would make each position a start.
        self.at = re.compile(
            rf"[@\uff20]|[\[({{<]\s{{0,3}}(?:{ats}|@|a)\s{{0,3}}[\])}}>]|(?<=\s)({ats})(?=\s)",
            re.IGNORECASE,
        )
        label = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
        # "gmail.com", "gmail .com", and "ziggo . nl" (a dot spaced on both sides only
        # before a top-level domain: "@ kantoor. Morgen" is a sentence, not a domain).
        real_dot = r"(?: ?\.(?=[^\W_])| \. (?=[a-z]{2,6}(?![\w.])))"
        spelled_dot = (
            rf" {{0,3}}[\[({{<] {{0,3}}(?:{dots}|\.) {{0,3}}[\])}}>] {{0,3}}"
            rf"|\s{{1,3}}(?:{dots})\s{{1,3}}"
        )
        # A part of the name and a spelled-out dot, just before where the name starts.
        self.dot_before = re.compile(
            rf"[\w+%'\-]{{1,64}}(?: {{0,3}}[\[({{<] {{0,3}}(?:{dots}) {{0,3}}[\])}}>] {{0,3}}"
            rf"|\s{{1,3}}(?:{dots})\s{{1,3}})$",
            re.IGNORECASE,
        )
        self.domain = re.compile(
            rf"{label}(?:(?:{real_dot}|(?P<spelled>{spelled_dot})){label}){{1,6}}(?!\w)",
            re.IGNORECASE,
        )

    def _spelled_name_start(self, text: str, start: int) -> int:
        """A name with its dots spelled out too: "jan dot jansen at ..." (at most four)."""
        for _ in range(4):
            before = self.dot_before.search(text, max(0, start - 80), start)
            if before is None:
                break
            start = before.start()
        return start

    def find(self, text: str, mail_word_before: Callable[[int], bool]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for at in self.at.finditer(text):
            if found and at.start() < found[-1][1]:
                continue
            name_end = _skip_back(text, at.start())
            name_start = _name_start(text, name_end)
            if name_start is None:
                continue
            name_start = self._spelled_name_start(text, name_start)
            after = _skip_ahead(text, at.end())
            domain = self.domain.match(text, after)
            if domain is None or not _top_level(domain[0]):
                # An @ glued to a name before and a word after is an address, typo and all
                # ("j.jansen@gmail,com", "jansen@hotmail"); "volg ons @coachcli" is not.
                glued = at[0] in "@\uff20" and name_end == at.start() and after == at.end()
                typo = PROVIDER_TYPO.match(text, after) if glued else None
                if typo is not None and name_end - name_start >= 2:
                    found.append((name_start, typo.end()))
                continue
            if at[1] is not None and not _plain_at_is_mail(
                text, name_start, name_end, domain, mail_word_before
            ):
                continue
            found.append((name_start, domain.end()))
        return found


LAST_LABEL = re.compile(r"\w+$")
LABELS = re.compile(r"[^\W_][\w\-]*")


def _top_level(domain: str) -> bool:
    """A domain ends in a top-level domain of letters, two or more, and each of its labels
    holds a letter ("9 dot o" and "10 dot five" are times, not domains)."""
    last = LAST_LABEL.search(domain)
    if last is None or not last[0].isalpha() or len(last[0]) < 2:
        return False
    return all(any(c.isalpha() for c in label) for label in LABELS.findall(domain))


# A domain's first label, letters first: what follows an @ in a mistyped address.
PROVIDER_TYPO = re.compile(r"[^\W\d_][\w\-]{1,62}(?:[,.] ?[a-z]{2,6}(?![\w]))?")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(
        re.escape(w) for w in sorted({w.strip() for w in words if w.strip()}, key=len)[::-1]
    )


def _skip_back(text: str, position: int) -> int:
    """Before a spaced @ ("jansen @ gmail.com"): up to three spaces back."""
    for _ in range(3):
        if position and text[position - 1] in " \t\u00a0":
            position -= 1
    return position


def _skip_ahead(text: str, position: int) -> int:
    for _ in range(3):
        if position < len(text) and text[position] in " \t\u00a0":
            position += 1
    return position


def _name_start(text: str, at: int) -> int | None:
    """Where the name before the @ starts (it never starts with a dot or a hyphen)."""
    backwards = text[max(0, at - 64) : at][::-1]
    name = NAME_BACKWARDS.match(backwards)
    if name is None:
        return None
    start = at - len(name[0].rstrip(".-'"))
    return start if start < at else None


def _plain_at_is_mail(
    text: str, start: int, end: int, domain: re.Match[str], mail_word_before: Callable[[int], bool]
) -> bool:
    """ "look at coach.nl" is not an address; "j.jansen at gmail.com", "jan at example dot
    nl", "jansen at hotmail.com" and "mail: jansen at bedrijf.nl" are."""
    if domain["spelled"] is not None:
        return True
    name = text[start:end]
    if any(char in ".+_-" or char.isdigit() for char in name):
        return True
    if re.split(r"\W+", domain[0], maxsplit=1)[0].casefold() in PROVIDERS:
        return True
    return mail_word_before(start)

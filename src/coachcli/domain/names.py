"""People's names as file names: the slug of SPEC §5, by which profiles and cases meet."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """NFKD, then ASCII, lower case, with runs of other characters turned into `-`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")

"""How indicator names are compared (SPEC §2.5, §3.3): NFKC, no whitespace, case-folded.

Its own module because both the checker (names shared by two indicators) and the
export reader (the platform's names) use it, and `check` must not import the records.
"""

from __future__ import annotations

import unicodedata


def normalised_name(name: str) -> str:
    """How the platform's indicator names are compared: NFKC, no whitespace, case-folded."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(folded.split()).casefold()


__all__ = ["normalised_name"]

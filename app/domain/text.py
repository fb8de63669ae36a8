"""Text helpers for search: one key that compares alike on SQLite and PostgreSQL.

SQLite's ``LIKE`` folds ASCII only and PostgreSQL's depends on the collation, so neither can be trusted
with "Ærø" and "aeroe". Instead a search key is computed in Python, stored beside the text (a
``*_key`` column) and the query is turned into a key the same way; the database then compares plain
ASCII-ish text with ``LIKE`` and behaves the same on both back-ends.
"""

from __future__ import annotations

import re
import unicodedata

# After casefold(), so only lower case is needed; Æ/Ø/Å are covered because casefold lowers them.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
_WHITESPACE = re.compile(r"\s+")
LIKE_ESCAPE = "\\"


def search_key(text: str) -> str:
    """The form a text is searched in: case-insensitive, æ/ø/å spelled out, other accents dropped.

    NFKC, casefold, æ→ae, ø→oe, å→aa (and ä→ae, ö→oe, the common Swedish/German variants), every
    other diacritic removed (é→e, ü→u), white space collapsed to one space and trimmed. So "Ærø"
    and "aeroe", "ÅRHUS" and "aarhus", "Mølholm" and "MOELHOLM" give the same key.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Compose first so "a" + combining ring becomes "å" before it is spelled out.
    folded = unicodedata.normalize("NFC", folded).translate(_SPELLED_OUT)
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch)
    )
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def like_escape(value: str) -> str:
    """``value`` with the LIKE wildcards ``%`` and ``_`` (and the escape itself) escaped.

    Use with ``column.like(pattern, escape=LIKE_ESCAPE)``.
    """
    return (
        value.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def contains_pattern(query: str) -> str:
    """A LIKE pattern that finds the search key of ``query`` anywhere in a ``*_key`` column."""
    return f"%{like_escape(search_key(query))}%"

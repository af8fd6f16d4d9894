"""Text helpers shared by every app: the folded form used for diacritic-free search."""

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, without diacritics, whitespace collapsed: "Tiếng Anh" -> "tieng anh".

    The same function fills every `search_text` column and folds every query, so SQLite
    and PostgreSQL give the same answers; PostgreSQL only adds an index on the column.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch)
        and unicodedata.category(ch) not in ("Cc", "Cf")
        or ch in "\t\n\r"
    )
    return " ".join(stripped.lower().split())


_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> str:
    """fold(text) reduced to its words (letters and digits), each after one space:
    "Thư viện (số)!" -> " thu vien so".

    A search column filled with it answers `LIKE '% thu vien%'` for a phrase that starts at
    the start of a word, whatever punctuation stood between the words. Idempotent.
    """
    return folded_words(fold(text))


def folded_words(folded: str) -> str:
    """words() of text that is already folded (fold() is idempotent; this skips it)."""
    return "".join(" " + word for word in _WORD.findall(folded))

"""Text helpers shared by every app: the folded form used for diacritic-free search."""

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

"""Money is integer đồng everywhere; this is the one place that formats it."""


def format_vnd(amount: int | None) -> str:
    """46200 -> "46.200 ₫" (Vietnamese grouping whatever the interface language)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + "\u00a0₫"

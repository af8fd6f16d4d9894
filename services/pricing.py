"""The one place that turns a price before VAT into a price with VAT."""


def with_vat(amount: int | None, vat_rate: int) -> int | None:
    """46 200 from 42 000 at 10 %: integer đồng, rounded half up to the đồng."""
    if amount is None:
        return None
    return (int(amount) * (100 + int(vat_rate)) + 50) // 100

"""The one place that prices a plan: VAT, the term, the second subscription, a request's total.

Every amount shown, stored or exported (form, request page, thread, queue, exports) comes from
here. Money is integer đồng; VAT is added to the total before VAT, rounded half up.
"""

from dataclasses import dataclass
from typing import Protocol


def with_vat(amount: int | None, vat_rate: int) -> int | None:
    """46 200 from 42 000 at 10 %: integer đồng, rounded half up to the đồng."""
    if amount is None:
        return None
    return (int(amount) * (100 + int(vat_rate)) + 50) // 100


class Priced(Protocol):
    monthly_price: int
    second_monthly_price: int | None
    months_paid: int
    vat_rate: int


@dataclass(frozen=True)
class Quote:
    """What `quantity` subscriptions of a plan cost for the whole term."""

    quantity: int
    first_unit: int  # the first subscription for the term, before VAT
    other_unit: int  # each further subscription for the term, before VAT
    vat_rate: int
    before_vat: int
    vat: int
    total: int

    @property
    def others(self) -> int:
        return max(self.quantity - 1, 0)

    @property
    def has_second_price(self) -> bool:
        return self.others > 0 and self.other_unit != self.first_unit


def quote(plan: Priced, quantity: int) -> Quote:
    """`quantity` × the plan's term price, the second-subscription price from the second unit.

    2 × App MyTV Chuẩn 7 tháng (42 000 ₫, then 29 000 ₫ a month before VAT, 7 months paid as
    6): 252 000 + 174 000 = 426 000 ₫ before VAT, 42 600 ₫ VAT, 468 600 ₫ in all.
    """
    quantity = max(int(quantity), 0)
    months = int(plan.months_paid)
    first = int(plan.monthly_price) * months
    second_monthly = plan.second_monthly_price
    other = int(second_monthly if second_monthly is not None else plan.monthly_price) * months
    before = 0 if quantity == 0 else first + other * (quantity - 1)
    total = with_vat(before, plan.vat_rate) or 0
    return Quote(
        quantity=quantity,
        first_unit=first,
        other_unit=other,
        vat_rate=int(plan.vat_rate),
        before_vat=before,
        vat=total - before,
        total=total,
    )

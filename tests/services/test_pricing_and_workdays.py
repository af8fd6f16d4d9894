import datetime

import pytest

from partnership.money import format_vnd
from services.models import Plan
from services.pricing import with_vat
from services.workdays import add_working_days, is_working_day


def test_vat_is_added_in_one_place_and_rounded_to_the_dong():
    assert with_vat(42_000, 10) == 46_200
    assert with_vat(0, 10) == 0
    assert with_vat(99_999, 10) == 109_999  # 109 998.9 rounds half up
    assert with_vat(None, 10) is None
    assert format_vnd(with_vat(42_000, 10)) == "46.200\u00a0₫"


def test_plan_prices_for_the_term_and_the_saving():
    plan = Plan(
        monthly_price=42_000,
        vat_rate=10,
        term_months=7,
        months_paid=6,
        public_monthly_price=50_000,
        second_monthly_price=29_000,
    )
    assert plan.monthly_price_with_vat == 46_200
    assert plan.term_total_with_vat == 277_200  # 6 paid months
    assert plan.public_term_total_with_vat == 385_000  # 7 months at the public price
    assert plan.term_saving_with_vat == 107_800
    assert plan.second_monthly_price_with_vat == 31_900


def test_no_public_price_means_no_saving_shown():
    plan = Plan(monthly_price=42_000, vat_rate=10, term_months=1, months_paid=1)
    assert plan.term_saving_with_vat is None


@pytest.mark.django_db
def test_months_paid_cannot_exceed_the_term(catalogue):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            service=catalogue["mytv"], code="bad", name="x", term_months=7, months_paid=8,
            monthly_price=1,
        )  # fmt: skip


@pytest.mark.django_db
def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 11, 28))  # Saturday
    assert not is_working_day(datetime.date(2026, 9, 2))  # National Day
    assert not is_working_day(datetime.date(2026, 2, 17))  # Tết
    assert is_working_day(datetime.date(2026, 11, 26))


@pytest.mark.django_db
def test_two_working_days_skip_the_weekend_and_holidays():
    # Thursday -> Monday
    assert add_working_days(datetime.date(2026, 11, 26), 2) == datetime.date(2026, 11, 30)
    # Friday 28/8/2026 -> 31/8 (swapped with Saturday 22/8), 1/9 and 2/9 are days off: the
    # `holidays` package's calendar (the hand-kept table had 1/9 as a working day).
    assert add_working_days(datetime.date(2026, 8, 28), 2) == datetime.date(2026, 9, 4)

"""Working days in Việt Nam: the service-level clock.

Public holidays come from the `holidays` package (Tết by the lunar calendar, Hùng Kings,
30/4, 1/5, 2/9, the days the law adds to them and the swaps it already knows), so every
year is covered without a hand-kept list. What the government announces on top each year (a Saturday worked to
bridge a holiday, an extra day off) is kept by administrators in `WorkdayChange`, read
once and cached until the table changes.
"""

import datetime
from functools import lru_cache

import holidays
from django.core.cache import cache

CACHE_KEY = "services:workday-changes"


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    """The year's public holidays, with the weekend days the law makes working days."""
    return holidays.country_holidays("VN", years=year)


def changes() -> dict[datetime.date, bool]:
    """The announced changes: day -> True when it is made a working day, False a day off."""
    found = cache.get(CACHE_KEY)
    if found is None:
        from .models import WorkdayChange

        found = {
            day: kind == WorkdayChange.Kind.WORKING_DAY
            for day, kind in WorkdayChange.objects.values_list("day", "kind")
        }
        cache.set(CACHE_KEY, found, 24 * 3600)
    return found


def forget_changes(**_kwargs: object) -> None:
    """After an administrator edits the table (wired to its save and delete signals)."""
    cache.delete(CACHE_KEY)


def is_working_day(
    day: datetime.date, *, announced: dict[datetime.date, bool] | None = None
) -> bool:
    announced = changes() if announced is None else announced
    if day in announced:
        return announced[day]
    return _calendar(day.year).is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    announced = changes()
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, announced=announced):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    announced = changes()
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, announced=announced)
    return count

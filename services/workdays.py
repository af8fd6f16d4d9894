"""Working days in Việt Nam: no weekends, no public holidays (the service-level clock)."""

import datetime

# Public holidays as the government announced them (Tết and 2/9 bridges included).
# Extend this list each year; the fixed-date holidays below also apply to any year.
FIXED = {(1, 1), (4, 30), (5, 1), (9, 2)}
HOLIDAYS = {
    datetime.date(*d)
    for d in [
        # 2024
        (2024, 2, 8), (2024, 2, 9), (2024, 2, 12), (2024, 2, 13), (2024, 2, 14),
        (2024, 4, 18), (2024, 4, 29), (2024, 9, 3),
        # 2025
        (2025, 1, 27), (2025, 1, 28), (2025, 1, 29), (2025, 1, 30), (2025, 1, 31),
        (2025, 4, 7), (2025, 9, 1),
        # 2026
        (2026, 2, 16), (2026, 2, 17), (2026, 2, 18), (2026, 2, 19), (2026, 2, 20),
        (2026, 4, 27), (2026, 8, 31),
        # 2027
        (2027, 2, 5), (2027, 2, 8), (2027, 2, 9), (2027, 2, 10), (2027, 2, 11),
        (2027, 4, 16), (2027, 9, 3),
    ]
}  # fmt: skip


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED and day not in HOLIDAYS


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day

"""iCalendar (.ics) feeds, built with the `icalendar` package.

Days (an activity from 12/03 to 14/03) are all-day events, which have no time zone by
definition; deadlines are timed events at DEADLINE_TIME on their day, in Asia/Ho_Chi_Minh
(the calendar carries that VTIMEZONE). Apps add deadlines to a person's private feed by
registering a source in their AppConfig.ready() (`register_deadlines`): the core knows none.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event, Timezone

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE_TIME = datetime.time(17, 0)  # the end of the working day
PRODID = "-//Doan-VNPT partnership portal//API v1//VI"


@dataclass
class Entry:
    uid: str
    title: str
    start: datetime.date  # all-day from start to end inclusive, or a deadline on start
    end: datetime.date | None = None
    url: str = ""
    description: str = ""
    location: str = ""
    deadline: bool = False


_SOURCES: list[Callable[..., Iterable[Entry]]] = []


def register_deadlines(source: Callable[..., Iterable[Entry]]) -> None:
    """`source(user)` gives the deadlines a person's private feed shows."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def deadlines_of(user: object) -> list[Entry]:
    out: list[Entry] = []
    for source in _SOURCES:
        out.extend(source(user))
    return sorted(out, key=lambda e: (e.start, e.uid))


def build(name: str, entries: Iterable[Entry]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add_component(Timezone.from_tzinfo(TZ))
    stamp = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    host = settings.SITE_URL.split("//", 1)[-1]
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        if entry.deadline:
            start = datetime.datetime.combine(entry.start, DEADLINE_TIME, tzinfo=TZ)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=30))
        else:
            event.add("dtstart", entry.start)
            event.add("dtend", (entry.end or entry.start) + datetime.timedelta(days=1))
        if entry.url:
            event.add("url", entry.url)
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        cal.add_component(event)
    return cal.to_ical()


def ics_response(name: str, entries: Iterable[Entry], filename: str) -> HttpResponse:
    response = HttpResponse(build(name, entries), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response

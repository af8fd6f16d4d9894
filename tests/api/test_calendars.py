"""The iCal feeds, read by the icalendar parser as a calendar application would."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from icalendar import Calendar

from partnership.api.models import CalendarToken

pytestmark = pytest.mark.django_db
HCM = "Asia/Ho_Chi_Minh"


def parse(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_activities_feed_national_and_per_province(client, public):
    national = parse(client.get("/api/v1/calendars/activities.ics"))
    events = {str(e["summary"]): e for e in national.walk("VEVENT")}
    assert set(events) == {"Ngày hội chuyển đổi số", "Hội thảo toàn quốc"}
    fair = events["Ngày hội chuyển đổi số"]
    assert fair.decoded("dtstart") == datetime.date(2026, 3, 26)
    assert fair.decoded("dtend") == datetime.date(2026, 3, 28)  # all day, end exclusive
    assert str(fair["location"]) == "Vinh"
    assert national["x-wr-timezone"] == HCM
    assert [tz["tzid"] for tz in national.walk("VTIMEZONE")] == [HCM]
    nghe_an = parse(client.get("/api/v1/calendars/activities/Nghệ An.ics"))
    assert [str(e["summary"]) for e in nghe_an.walk("VEVENT")] == ["Ngày hội chuyển đổi số"]
    assert client.get("/api/v1/calendars/activities/Atlantis.ics").status_code == 404


def test_private_deadlines_feed_in_ho_chi_minh_time(branch, public):
    liaison = branch["liaison"]
    browser = Client()
    browser.force_login(liaison)
    browser.post("/me/calendar/", {"action": "new"})
    token = CalendarToken.objects.get(user=liaison).token
    profile = browser.get("/me/").content.decode()
    assert f"/api/v1/calendars/deadlines/{token}.ics" in profile

    feed = parse(Client().get(f"/api/v1/calendars/deadlines/{token}.ics"))
    [event] = [e for e in feed.walk("VEVENT") if branch["request"].reference in e["summary"]]
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == HCM
    assert start.time() == datetime.time(17, 0)
    assert start.date() == branch["request"].first_response_due
    assert start.astimezone(zoneinfo.ZoneInfo("UTC")).hour == 10

    # A new address kills the old one; stopping it kills the new one too.
    browser.post("/me/calendar/", {"action": "new"})
    assert Client().get(f"/api/v1/calendars/deadlines/{token}.ics").status_code == 404
    renewed = CalendarToken.objects.get(user=liaison).token
    assert Client().get(f"/api/v1/calendars/deadlines/{renewed}.ics").status_code == 200
    browser.post("/me/calendar/", {"action": "revoke"})
    assert Client().get(f"/api/v1/calendars/deadlines/{renewed}.ics").status_code == 404


def test_officer_feed_has_report_due_dates(make_user, agreement, settings):
    from agreements.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2030, 12, 31)
    )
    officer = make_user("union_officer", unit="trung-uong-doan")
    token = CalendarToken.objects.create(user=officer).token
    feed = parse(Client().get(f"/api/v1/calendars/deadlines/{token}.ics"))
    dues = [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("reports-")]
    assert dues
    for event in dues:
        assert event["dtstart"].params["TZID"] == HCM
        assert event.decoded("dtstart").time() == datetime.time(17, 0)

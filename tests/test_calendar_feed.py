"""The Atom feed and the iCalendar file, from fixture data."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import icalendar
from sistercity import load_dataset
from sistercity.outputs.calendar_feed import anniversaries_calendar, atom_feed
from sistercity.render.renderer import Renderer
from sitebuild import ROOT

DATA = load_dataset(ROOT / "tests" / "fixtures" / "data")
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(lang: str) -> ET.Element:
    env = Renderer(DATA, lang, lambda t, s: t, dt.date(2026, 1, 1)).env
    hrefs = {event_id: f"events/{event_id}/" for event_id in DATA.events}
    return ET.fromstring(atom_feed(DATA, lang, env, hrefs, dt.date(2026, 1, 1)))


def test_feed_lists_newest_events_first_in_the_readers_language() -> None:
    root = feed("de")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles[0] == "Studienreise" and len(titles) == 3
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    assert links == ["events/2022-trip/", "events/2012-evening/", "events/1988-founding/"]


def test_feed_keeps_html_from_data_as_text() -> None:
    root = feed("id")
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert "Malam <script>alert(1)</script> informasi" in titles  # parsed back as text, so it was escaped


def test_calendar_has_the_anniversary_and_only_day_dated_events() -> None:
    cal = icalendar.Calendar.from_ical(anniversaries_calendar(DATA, "en", dt.date(2026, 1, 1)))
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert summaries == [
        "Anniversary of the Padang–Hildesheim partnership",
        "Founding of the cooperation",
        "Study trip",
    ]
    assert events[0]["rrule"]["FREQ"] == ["YEARLY"]
    assert events[0].decoded("dtstart") == dt.date(1988, 6, 20)
    trip = events[2]
    assert (trip.decoded("dtstart"), trip.decoded("dtend")) == (dt.date(2022, 11, 21), dt.date(2022, 12, 3))

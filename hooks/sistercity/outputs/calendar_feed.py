"""Two subscriptions for readers: an Atom feed of the newest events per language, and an
iCalendar file of the partnership's anniversaries and its events dated to the day."""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar
import jinja2

from ..record.dataset import Dataset
from ..record.models import Event
from ..render import i18n

# Stable identifiers without inventing a domain: UUIDs derived from the record ids.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "padang-hildesheim-sister-city-record")


def record_uuid(kind: str, record_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{record_id}')}"


def newest_events(dataset: Dataset, count: int = 20) -> list[Event]:
    """The latest events by date, newest first."""
    return list(reversed(list(dataset.events.values())))[:count]


def atom_feed(
    dataset: Dataset,
    lang: str,
    env: jinja2.Environment,
    event_href: dict[str, str],
    updated: dt.date,
    base: str | None = None,
) -> str:
    """An Atom feed (RFC 4287) of the newest events. Links are relative to the feed's address, or
    to `base` (the published address of the feed's folder) when it is known: feed readers that
    keep an entry without its feed still find the page."""
    events = newest_events(dataset)
    entries = [
        {
            "id": record_uuid("event", e.id),
            "title": i18n.localize(e.title, lang).text,
            "summary": i18n.localize(e.summary, lang).text if e.summary else "",
            "href": event_href[e.id],
            "date": e.date.first_day().isoformat(),
            "shown_date": i18n.format_date_range(e.date, e.end_date, lang),
        }
        for e in events
    ]
    return env.get_template("feed.atom.j2").render(
        feed_id=record_uuid("feed", lang),
        lang=lang,
        title=i18n.translate("feed.title", lang),
        updated=updated.isoformat(),
        entries=entries,
        base=base,
    )


def anniversaries_calendar(dataset: Dataset, lang: str, stamp: dt.date) -> bytes:
    """iCalendar: a yearly anniversary of the first agreement, and every event dated to the day."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Padang-Hildesheim record//sister-city calendar//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", i18n.translate("calendar.name", lang))
    stamp_time = dt.datetime.combine(stamp, dt.time(), tzinfo=dt.UTC)
    agreements = dataset.agreements
    if agreements and agreements[0].date.precision == "day":
        first = agreements[0]
        anniversary = icalendar.Event()
        anniversary.add("uid", record_uuid("anniversary", first.id).removeprefix("urn:uuid:"))
        anniversary.add("dtstamp", stamp_time)
        anniversary.add("dtstart", first.date.first_day())
        anniversary.add("rrule", {"freq": "yearly"})
        anniversary.add("summary", i18n.translate("calendar.anniversary", lang))
        anniversary.add("description", i18n.localize(first.title, lang).text)
        cal.add_component(anniversary)
    for event in dataset.events.values():
        if event.date.precision != "day":
            continue  # a month or a year cannot be put on a calendar day without inventing one
        entry = icalendar.Event()
        entry.add("uid", record_uuid("event", event.id).removeprefix("urn:uuid:"))
        entry.add("dtstamp", stamp_time)
        entry.add("dtstart", event.date.first_day())
        end = event.end_date if event.end_date and event.end_date.precision == "day" else event.date
        entry.add("dtend", end.first_day() + dt.timedelta(days=1))  # DTEND of a whole-day event is exclusive
        entry.add("summary", i18n.localize(event.title, lang).text)
        if event.summary:
            entry.add("description", i18n.localize(event.summary, lang).text)
        cal.add_component(entry)
    return cal.to_ical()

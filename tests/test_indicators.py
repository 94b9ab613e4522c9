"""Indicators on small, known data (no YAML, no MkDocs)."""

from __future__ import annotations

from sistercity.analysis.indicators import (
    Gap,
    active_years_per_decade,
    activity_per_term,
    count_by,
    count_by_host,
    count_by_side,
    events_per_year,
    gaps,
    sector_continuity,
)
from sistercity.record.dataset import Dataset
from sistercity.record.models import Actor, Event, Sector, Source


def event(event_id: str, date: str, sectors: list[str], sources: list[str], type_: str = "visit") -> Event:
    return Event.model_validate(
        {
            "id": event_id,
            "date": date,
            "type": type_,
            "title": {"en": event_id},
            "sectors": sectors,
            "actors": ["city"],
            "sources": sources,
            "certainty": "confirmed",
        }
    )


def mayor(actor_id: str, start: str, end: str | None) -> Actor:
    term = {"from": start, **({"to": end} if end else {})}
    return Actor.model_validate(
        {
            "id": actor_id,
            "name": actor_id,
            "kind": "official",
            "country": "ID",
            "office": {"en": "Mayor"},
            "term": term,
            "sources": ["p"],
        }
    )


def dataset() -> Dataset:
    sources = {
        "p": Source.model_validate({"id": "p", "title": "P", "kind": "news", "side": "padang"}),
        "h": Source.model_validate({"id": "h", "title": "H", "kind": "news", "side": "hildesheim"}),
    }
    sectors = {
        s: Sector.model_validate({"id": s, "name": {"en": s}, "description": {"en": s}})
        for s in ("culture", "waste", "health")
    }
    events = [
        event("a", "1988-06-20", ["culture"], ["p", "h"], "visit"),
        event("b", "1990", ["culture"], ["h"]),
        event("c", "1991-03", ["culture", "waste"], ["h"]),
        event("d", "1995", ["waste"], ["p"]),
        event("e", "1995-10", ["culture"], ["p"]),
    ]
    actors = {
        "city": Actor.model_validate(
            {"id": "city", "name": "City", "kind": "city-government", "country": "ID", "sources": ["p"]}
        ),
        "m1": mayor("m1", "1983", "1990-05"),
        "m2": mayor("m2", "1990-05", None),
    }
    return Dataset(sources, actors, sectors, {e.id: e for e in events}, documents={})


def test_events_per_year_fills_empty_years() -> None:
    assert events_per_year(dataset().events.values()) == {
        1988: 1,
        1989: 0,
        1990: 1,
        1991: 1,
        1992: 0,
        1993: 0,
        1994: 0,
        1995: 2,
    }


def test_counts_by_sector_type_and_side() -> None:
    data = dataset()
    assert count_by(data.events.values(), "sectors") == {"culture": 4, "waste": 2}
    assert count_by(data.events.values(), "type") == {"visit": 5}
    assert count_by_side(data) == {"padang": 3, "hildesheim": 3, "third-party": 0}


def test_gaps_longest_first() -> None:
    per_year = events_per_year(dataset().events.values())
    assert gaps(per_year) == [Gap(1992, 1994), Gap(1989, 1989)]
    assert gaps(per_year)[0].length == 3
    assert gaps({2000: 1, 2001: 2}) == []


def test_active_years_per_decade() -> None:
    per_year = events_per_year(dataset().events.values())
    assert active_years_per_decade(per_year) == {1980: (1, 2), 1990: (3, 6)}


def test_sector_continuity() -> None:
    by_sector = {c.sector: c for c in sector_continuity(dataset())}
    assert by_sector["culture"].active_years == (1988, 1990, 1991, 1995)
    assert by_sector["culture"].sustained_years == 2 and by_sector["culture"].pattern == "sustained"
    assert by_sector["waste"].pattern == "one-off"
    assert by_sector["health"].pattern == "none"


def test_activity_per_term_counts_calendar_years_and_open_terms() -> None:
    data = dataset()
    terms = activity_per_term(data, [data.actors["m2"], data.actors["m1"]], until_year=1995)
    assert [(t.actor, t.first_year, t.last_year, t.events) for t in terms] == [
        ("m1", 1983, 1990, 2),
        ("m2", 1990, 1995, 4),
    ]
    assert terms[1].years == 6 and round(terms[1].per_year, 2) == 0.67


def test_count_by_host_keeps_unknown_places_apart() -> None:
    events = list(dataset().events.values())
    events[0] = events[0].model_copy(update={"host": "padang"})
    assert count_by_host(events) == {"padang": 1, "hildesheim": 0, "online": 0, "elsewhere": 0, "unknown": 4}

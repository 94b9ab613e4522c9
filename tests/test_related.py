"""An event's neighbours in time and its related events (Dataset.neighbours, Dataset.related), on
small known data without MkDocs, and on the built event pages in every language."""

from __future__ import annotations

from sistercity.record.dataset import Dataset
from sitebuild import LANGUAGES, Build, prefix
from test_indicators import dataset, event


def test_neighbours_follow_the_date_order() -> None:
    data = dataset()
    ids = list(data.events)
    assert ids == ["a", "b", "c", "d", "e"]
    assert data.neighbours(data.events["a"]) == (None, data.events["b"])
    assert data.neighbours(data.events["c"]) == (data.events["b"], data.events["d"])
    assert data.neighbours(data.events["e"]) == (data.events["d"], None)


def test_related_events_share_what_is_not_shared_by_most() -> None:
    data = dataset()
    # Every event has the city, and four of five are cultural: neither makes two events related.
    assert data.related(data.events["a"]) == []
    assert data.related(data.events["c"]) == [data.events["d"]]
    assert data.related(data.events["d"]) == [data.events["c"]]


def test_a_rarer_shared_sector_counts_for_more_than_nearness_in_time() -> None:
    base = dataset()
    events = [
        event("p1", "2000", ["health", "waste"], ["p"]),
        event("p2", "2001", ["waste"], ["p"]),
        event("p3", "2010", ["health"], ["p"]),
        event("p4", "2002", ["waste"], ["p"]),
        event("p5", "2003", ["culture"], ["p"]),
        event("p6", "2004", ["culture"], ["p"]),
    ]
    data = Dataset(base.sources, base.actors, base.sectors, {e.id: e for e in events}, documents={})
    related = [e.id for e in data.related(data.events["p1"])]
    # health: 2 of 6 events (weight 1/2); waste: 3 of 6 (1/3 each): nearer in time first among equals.
    assert related == ["p3", "p2", "p4"]
    assert [e.id for e in data.related(data.events["p1"], limit=1)] == ["p3"]


def test_event_pages_link_their_neighbours_and_related_events(site: Build) -> None:
    for lang in LANGUAGES:
        page = site.html(f"{prefix(lang)}events/2009-earthquake-aid/")
        nav = page.select_one("nav.ph-prevnext")
        assert nav is not None
        assert nav.select_one("a[rel=prev]")["href"] == "../2006-fauzi-bahar-visit/"
        assert nav.select_one("a[rel=next]")["href"] == "../2011-benefit-event-cancelled/"
        related = [a["href"] for a in page.select("ul.ph-related a")]
        assert 1 <= len(related) <= 5
        assert "../2009-earthquake-aid/" not in related
        assert related[0] == "../2011-benefit-event-cancelled/"
    first = site.html("en/events/1988-founding/")
    assert first.select_one("nav.ph-prevnext a[rel=prev]") is None
    assert first.select_one("nav.ph-prevnext a[rel=next]")["href"] == "../1990-hawk-bung-hatta-agreement/"
    assert "Previous" not in first.select_one("nav.ph-prevnext").get_text()
    de = site.html("de/events/2009-earthquake-aid/")
    assert "Verwandte Ereignisse" in de.get_text() and "Davor" in de.select_one("nav.ph-prevnext").get_text()

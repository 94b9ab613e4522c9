"""Which pages the data makes, at which paths: the same set in every language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..analysis.evidence import events_without_quote
from ..analysis.translations import missing_translations
from ..record.dataset import Dataset


@dataclass(frozen=True)
class PageSpec:
    """One generated page: its source path, its template, and the record it shows."""

    src_uri: str  # e.g. "events/1988-founding.md"
    template: str  # a file in templates/
    data_file: str | None  # the data file that feeds it, e.g. "events" (for "edit this page"); None for several
    in_nav: bool = False  # per-record pages stay out of the navigation (see README)
    record_id: str | None = None
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


INDEX_PAGES: dict[str, tuple[str, str]] = {
    # src_uri -> (template, data file)
    "timeline.md": ("timeline.md.j2", "events"),  # TIMELINE, below; it pages by year beyond a budget
    "agreements.md": ("agreements.md.j2", "events"),
    "actors/index.md": ("actors.md.j2", "actors"),
    "sectors/index.md": ("sectors.md.j2", "sectors"),
    "sources.md": ("sources.md.j2", "sources"),
}


TIMELINE = "timeline.md"

TIMELINE_BUDGET = 100
"""Events the timeline's main page shows before it pages by year (README, "What a reader sees"):
about 200 KB of HTML, which a mid-range phone lays out without a long wait."""


def timeline_year_uri(year: int) -> str:
    return f"timeline/{year}.md"


@dataclass(frozen=True)
class TimelinePlan:
    """How the timeline is laid out. While the record has at most `budget` events, one page
    (timeline.md) shows them all. Beyond it, every year with events has a page of its own
    (timeline/<year>.md, an address that never changes as the record grows), and the main page
    shows the year index and the most recent years that fit the budget (at least the latest)."""

    years: tuple[int, ...]  # every year with events, oldest first
    paged: bool
    on_main: frozenset[int]  # the years the main page shows
    budget: int = TIMELINE_BUDGET  # also the longest list of full cards on a sector or actor page

    def page_of(self, year: int) -> str:
        """The page that shows `year`'s events: its year page on a paged timeline."""
        return timeline_year_uri(year) if self.paged and year in self.years else TIMELINE

    def main_years(self) -> list[int]:
        return [year for year in self.years if year in self.on_main]


def timeline_plan(dataset: Dataset, budget: int = TIMELINE_BUDGET) -> TimelinePlan:
    counts: dict[int, int] = {}
    for event in dataset.events.values():
        counts[event.date.year] = counts.get(event.date.year, 0) + 1
    years = tuple(sorted(counts))
    if len(dataset.events) <= budget:
        return TimelinePlan(years, False, frozenset(years), budget)
    shown: list[int] = []
    total = 0
    for year in reversed(years):
        if shown and total + counts[year] > budget:
            break
        shown.append(year)
        total += counts[year]
    return TimelinePlan(years, True, frozenset(shown), budget)


TRANSLATION_STATUS = "translation-status.md"
"""The maintainers' list of texts that lack a translation (linked from the contributor guide)."""


def event_uri(event_id: str) -> str:
    return f"events/{event_id}.md"


def actor_uri(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def sector_uri(sector_id: str) -> str:
    return f"sectors/{sector_id}.md"


def record_uri(kind: str, record_id: str) -> str:
    """The page that shows a record of data/<kind>.yml (sources share one page)."""
    pages = {"events": event_uri, "actors": actor_uri, "sectors": sector_uri}
    return pages[kind](record_id) if kind in pages else "sources.md"


def page_specs(dataset: Dataset, timeline_budget: int = TIMELINE_BUDGET) -> list[PageSpec]:
    """Every page the data makes: the index pages, the timeline's year pages (once it pages), one
    page per event, actor and sector, and the translation status."""
    specs = [PageSpec(uri, template, data_file, in_nav=True) for uri, (template, data_file) in INDEX_PAGES.items()]
    plan = timeline_plan(dataset, timeline_budget)
    if plan.paged:
        by_year: dict[int, list[Any]] = {}
        for event in dataset.events.values():
            by_year.setdefault(event.date.year, []).append(event)
        specs += [
            PageSpec(timeline_year_uri(y), "timeline-year.md.j2", "events", context={"year": y, "events": by_year[y]})
            for y in plan.years
        ]
    specs += [
        PageSpec(event_uri(e.id), "event.md.j2", "events", record_id=e.id, context={"event": e})
        for e in dataset.events.values()
    ]
    specs += [
        PageSpec(actor_uri(a.id), "actor.md.j2", "actors", record_id=a.id, context={"actor": a})
        for a in dataset.actors.values()
    ]
    specs += [
        PageSpec(sector_uri(s.id), "sector.md.j2", "sectors", record_id=s.id, context={"sector": s})
        for s in dataset.sectors.values()
    ]
    specs.append(
        PageSpec(
            TRANSLATION_STATUS,
            "translation-status.md.j2",
            None,
            context={"missing": missing_translations(dataset), "unquoted": events_without_quote(dataset)},
        )
    )
    return specs

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
    "timeline.md": ("timeline.md.j2", "events"),
    "agreements.md": ("agreements.md.j2", "events"),
    "actors/index.md": ("actors.md.j2", "actors"),
    "sectors/index.md": ("sectors.md.j2", "sectors"),
    "sources.md": ("sources.md.j2", "sources"),
}


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


def page_specs(dataset: Dataset) -> list[PageSpec]:
    """Every page the data makes: the index pages, one page per event, actor and sector, and the
    translation status."""
    specs = [PageSpec(uri, template, data_file, in_nav=True) for uri, (template, data_file) in INDEX_PAGES.items()]
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

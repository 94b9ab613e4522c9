"""Indicators computed from the record, to test the thesis' claim of an "incidental" cooperation.

All counts are of recorded events: a record compiled from public sources undercounts quiet years,
so a gap here means "nothing documented", not "nothing happened".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..record.dataset import Dataset
from ..record.models import Actor, Event


def year_span(events: Iterable[Event]) -> range:
    """Every year from the first to the last recorded event (empty when there are none)."""
    years = [e.date.year for e in events]
    return range(min(years), max(years) + 1) if years else range(0)


def events_per_year(events: Iterable[Event], until_year: int | None = None) -> dict[int, int]:
    """Year -> number of events, with zeros for the years between that have none; with
    `until_year`, every year up to that one (the quiet years up to today count too)."""
    events = list(events)
    counts = Counter(e.date.year for e in events)
    span = year_span(events)
    if until_year is not None and span:
        span = range(span.start, max(span.stop, until_year + 1))
    return {year: counts.get(year, 0) for year in span}


def count_by(events: Iterable[Event], key: str) -> dict[str, int]:
    """Events per sector, actor, type or certainty (an event counts once for each value it has)."""
    counts: Counter[str] = Counter()
    for event in events:
        value = getattr(event, key)
        counts.update(value if isinstance(value, list) else [value])
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def count_by_side(dataset: Dataset) -> dict[str, int]:
    """Events documented by each side's sources (an event counts for every side that documents it)."""
    counts: Counter[str] = Counter()
    for event in dataset.events.values():
        counts.update(dataset.sides_of(event))
    return {side: counts.get(side, 0) for side in ("padang", "hildesheim", "third-party")}


def count_by_host(events: Iterable[Event]) -> dict[str, int]:
    """Events by where they took place, where the record says so ('unknown' otherwise)."""
    counts = Counter(e.host or "unknown" for e in events)
    return {host: counts.get(host, 0) for host in ("padang", "hildesheim", "online", "elsewhere", "unknown")}


@dataclass(frozen=True)
class Gap:
    """A run of consecutive years without any recorded event."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def gaps(per_year: dict[int, int]) -> list[Gap]:
    """Runs of empty years, longest first (then earliest first)."""
    runs: list[Gap] = []
    start: int | None = None
    for year, count in per_year.items():
        if count == 0 and start is None:
            start = year
        elif count and start is not None:
            runs.append(Gap(start, year - 1))
            start = None
    if start is not None:
        runs.append(Gap(start, max(per_year)))
    return sorted(runs, key=lambda g: (-g.length, g.first))


def active_years_per_decade(per_year: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Decade (e.g. 1980) -> (years with an event, years of that decade within the record's span)."""
    result: dict[int, tuple[int, int]] = {}
    for year, count in per_year.items():
        decade = year - year % 10
        active, total = result.get(decade, (0, 0))
        result[decade] = (active + (count > 0), total + 1)
    return result


@dataclass(frozen=True)
class SectorContinuity:
    """How a sector's activity is spread over the years."""

    sector: str
    active_years: tuple[int, ...]
    sustained_years: int  # active years that have an active neighbouring year

    @property
    def pattern(self) -> str:
        """'none', 'one-off' (no two active years in a row) or 'sustained'."""
        if not self.active_years:
            return "none"
        return "sustained" if self.sustained_years else "one-off"


def sector_continuity(dataset: Dataset) -> list[SectorContinuity]:
    """Per sector: its active years and how many of them touch another active year."""
    result = []
    for sector_id in dataset.sectors:
        years = sorted({e.date.year for e in dataset.events_by_sector.get(sector_id, [])})
        active = set(years)
        sustained = sum(1 for y in years if y - 1 in active or y + 1 in active)
        result.append(SectorContinuity(sector_id, tuple(years), sustained))
    return result


@dataclass(frozen=True)
class TermActivity:
    """Recorded events during one office holder's term."""

    actor: str
    first_year: int
    last_year: int
    events: int

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def per_year(self) -> float:
        return self.events / self.years


def activity_per_term(dataset: Dataset, office_holders: Iterable[Actor], until_year: int) -> list[TermActivity]:
    """Events per year of each holder's term, counting by calendar year (terms rarely start on
    1 January, so a change-over year counts for both holders). An open term ends at `until_year`."""
    result = []
    for actor in office_holders:
        if actor.term is None:
            continue
        first = actor.term.from_.year
        last = actor.term.to.year if actor.term.to else until_year
        count = sum(1 for e in dataset.events.values() if first <= e.date.year <= last)
        result.append(TermActivity(actor.id, first, last, count))
    return sorted(result, key=lambda t: t.first_year)


@dataclass(frozen=True)
class Indicators:
    """Everything the analysis page reports, computed once per build."""

    per_year: dict[int, int]
    gaps: list[Gap]
    decades: dict[int, tuple[int, int]]
    continuity: list[SectorContinuity]
    by_type: dict[str, int]
    by_side: dict[str, int]
    by_host: dict[str, int]


def compute_indicators(dataset: Dataset) -> Indicators:
    events = list(dataset.events.values())
    per_year = events_per_year(events)
    return Indicators(
        per_year=per_year,
        gaps=gaps(per_year),
        decades=active_years_per_decade(per_year),
        continuity=sector_continuity(dataset),
        by_type=count_by(events, "type"),
        by_side=count_by_side(dataset),
        by_host=count_by_host(events),
    )


@dataclass(frozen=True)
class PartnershipYears:
    """The home page's two sentences: how many years have a documented event, and the longest
    silences, from the first recorded year up to `until_year` (normally the build's year)."""

    first: int
    last: int
    active: int
    gaps: list[Gap]

    @property
    def years(self) -> int:
        return self.last - self.first + 1


def partnership_years(dataset: Dataset, until_year: int) -> PartnershipYears | None:
    per_year = events_per_year(dataset.events.values(), until_year)
    if not per_year:
        return None
    return PartnershipYears(min(per_year), max(per_year), sum(1 for n in per_year.values() if n), gaps(per_year))

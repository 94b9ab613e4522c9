"""Figures drawn from the record as small SVG, at build time: no JavaScript, no charting service.

Geometry is computed here; the SVG markup lives in templates/figures/. Colours come from CSS
classes (site.css), so figures follow the light and dark schemes and print in black and white.
Every figure carries a title, a text description for screen readers and its data as a table.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..analysis.indicators import TermActivity, activity_per_term, events_per_year, year_span
from ..record.dataset import Dataset
from ..record.models import Actor
from . import i18n

WIDTH = 720
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 8, 28, 32
# Text sizes in the figures' own units. On a 390 px phone a 720-unit figure is drawn about half
# size, so figures.css sets 25 units there (about 12 px, the smallest legible label); geometry
# leaves room for that size, and a label that would not fit at it is marked to be left out there.
_PHONE_TEXT = 25
_TEXT = 12
_CHAR = 0.56  # average width of a character, in ems


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Figure:
    """One figure: what it shows in words, as a picture and as a table."""

    id: str
    title: str
    description: str
    svg: Markup
    table: Table
    extra: dict[str, Any] = field(default_factory=dict)
    counts_events: bool = True  # its caption then states the limits of a count of documented events


def _year_ticks(years: list[int]) -> list[int]:
    if len(years) <= 12:
        return years
    return [y for y in years if y % 5 == 0]


def _count_ticks(maximum: int) -> list[int]:
    step = max(1, -(-maximum // 4))
    return list(range(0, maximum + 1, step))


class FigureMaker:
    """Draws the record's figures in one language."""

    def __init__(self, dataset: Dataset, lang: str, env: jinja2.Environment) -> None:
        self.dataset = dataset
        self.lang = lang
        self.env = env

    def t(self, key: str, **values: object) -> str:
        return i18n.translate(key, self.lang).format(**values)

    def _svg(self, template: str, **context: object) -> Markup:
        svg = Markup(self.env.get_template(f"figures/{template}").render(**context).strip())
        # The box has the drawing's proportions, so the page can be laid out without the drawing
        # (figures.css skips drawing it until it nears the screen) and every anchor below it lands
        # where it will be: a phone's first paint no longer styles hundreds of SVG elements.
        return Markup('<div class="ph-chart-box" style="aspect-ratio: {} / {}">{}</div>').format(
            context["width"], context["height"], svg
        )

    def _bars(self, per_year: dict[int, int], height: int, top_margin: int = _TOP) -> dict[str, Any]:
        years = list(per_year)
        top = max([1, *per_year.values()])
        plot_w, plot_h = WIDTH - _LEFT - _RIGHT, height - top_margin - _BOTTOM
        step = plot_w / max(1, len(years))

        def x(year: int) -> float:
            return _LEFT + (year - years[0]) * step

        def y(count: float) -> float:
            return top_margin + plot_h - plot_h * count / top

        bars = [
            {"year": year, "count": n, "x": x(year) + step * 0.15, "y": y(n), "w": step * 0.7, "h": y(0) - y(n)}
            for year, n in per_year.items()
        ]
        return {
            "width": WIDTH,
            "height": height,
            "bars": bars,
            "x_ticks": [{"label": yr, "x": x(yr) + step / 2} for yr in _year_ticks(years)],
            "y_ticks": [{"label": n, "y": y(n)} for n in _count_ticks(top)],
            "baseline": y(0),
            "left": _LEFT,
            "right": WIDTH - _RIGHT,
            "height_below": _BOTTOM,
            "x": x,
            "step": step,
            "links": {},
            "bands": [],
        }

    def per_year(self) -> Figure:
        """Events per year, with the years of signed agreements marked."""
        events = list(self.dataset.events.values())
        per_year = events_per_year(events)
        agreement_years = {e.date.year for e in self.dataset.agreements}
        geometry = self._bars(per_year, 240)
        title = self.t("figure.per_year.title")
        desc = self.t(
            "figure.per_year.desc",
            first=min(per_year, default=""),
            last=max(per_year, default=""),
            total=len(events),
            active=sum(1 for n in per_year.values() if n),
            empty=sum(1 for n in per_year.values() if not n),
        )
        svg = self._svg("bars.svg.j2", fig_id="per-year", title=title, desc=desc, marks=agreement_years, **geometry)
        # Years run across (one column each) so the table stays short beside a wide chart.
        yes = self.t("figure.yes")
        headers = [self.t("figure.year"), *map(str, per_year)]
        rows = [
            [self.t("figure.events"), *map(str, per_year.values())],
            [self.t("figure.agreement_year"), *(yes if y in agreement_years else "" for y in per_year)],
        ]
        return Figure("per-year", title, desc, svg, Table(headers, rows))

    def heatmap(self) -> Figure:
        """Events per sector and year: sustained rows versus scattered cells."""
        years = list(year_span(self.dataset.events.values()))
        sectors = list(self.dataset.sectors.values())
        counts = {
            (s.id, year): sum(1 for e in self.dataset.events_by_sector.get(s.id, []) if e.date.year == year)
            for s in sectors
            for year in years
        }
        # Each sector's name on its own line above its row of cells: a column of names beside the
        # cells would leave the cells no room on a phone, where the names are drawn twice as large.
        edge, top, label_h, cell_h, gap = 8, _PHONE_TEXT + 9, _PHONE_TEXT + 3, 16, 6
        row_h = label_h + cell_h + gap
        cell_w = (WIDTH - 2 * edge) / max(1, len(years))
        names = {s.id: i18n.localize(s.name, self.lang).text for s in sectors}
        cells = [
            {
                "x": edge + i * cell_w,
                "y": top + r * row_h + label_h,
                "w": cell_w - 1,
                "h": cell_h,
                "level": min(counts[(s.id, year)], 3),
                "label": f"{names[s.id]}, {year}: {counts[(s.id, year)]}",
            }
            for r, s in enumerate(sectors)
            for i, year in enumerate(years)
        ]
        rows_y = [{"label": names[s.id], "y": top + r * row_h + 2} for r, s in enumerate(sectors)]
        ticks = [{"label": y, "x": edge + (y - years[0]) * cell_w + cell_w / 2} for y in _year_ticks(years)]
        height = top + len(sectors) * row_h
        title = self.t("figure.heatmap.title")
        desc = self.t("figure.heatmap.desc", first=years[0] if years else "", last=years[-1] if years else "")
        svg = self._svg(
            "heatmap.svg.j2",
            fig_id="heatmap",
            title=title,
            desc=desc,
            width=WIDTH,
            height=height,
            cells=cells,
            rows=rows_y,
            x_ticks=ticks,
            label_x=edge,
        )
        active = [y for y in years if any(counts[(s.id, y)] for s in sectors)]
        headers = [self.t("figure.sector"), *map(str, active)]
        table = [[names[s.id], *(str(counts[(s.id, y)] or "") for y in active)] for s in sectors]
        return Figure("heatmap", title, desc, svg, Table(headers, table))

    def _term_bands(
        self, mayors: list[Actor], until_year: int, years: list[int], x: Callable[[int], float], step: float
    ) -> tuple[list[dict[str, Any]], list[TermActivity], dict[str, str]]:
        """Each mayor's term as a band behind the bars, with its activity and the mayors' names."""
        terms = activity_per_term(self.dataset, mayors, until_year)
        names = {a.id: i18n.localize(a.name, self.lang).text for a in mayors}
        bands = []
        for index, term in enumerate(terms):
            first, last = max(term.first_year, years[0]), min(term.last_year, years[-1])
            if first > last:
                continue
            bands.append(
                {"x": x(first), "w": (last - first + 1) * step, "label": names[term.actor], "shade": index % 2}
            )
        # Names take two rows in turn, so a name may run on over the next band, up to the band after
        # it. On a phone, where text is twice as large, only names that fit their own band stay.
        end = WIDTH - _RIGHT
        for i, band in enumerate(bands):
            room = (bands[i + 2]["x"] if i + 2 < len(bands) else end) - band["x"] - 6
            band["row"] = i % 2
            band["show_label"] = room > _TEXT * _CHAR * len(band["label"])
            band["phone_label"] = i % 2 == 0 and band["w"] - 6 > _PHONE_TEXT * _CHAR * len(band["label"])
        return bands, terms, names

    def mayoral_terms(self, mayors: list[Actor], until_year: int) -> Figure:
        """Events per year with each Padang mayor's term shaded behind the bars."""
        per_year = events_per_year(self.dataset.events.values())
        geometry = self._bars(per_year, 270, top_margin=_TOP + 16)
        x, step = geometry.pop("x"), geometry.pop("step")
        bands, terms, names = self._term_bands(mayors, until_year, list(per_year), x, step)
        summary = "; ".join(f"{names[t.actor]} {t.first_year}–{t.last_year}" for t in terms)
        title = self.t("figure.terms.title")
        desc = self.t("figure.terms.desc", terms=summary)
        svg = self._svg(
            "bars.svg.j2", fig_id="terms", title=title, desc=desc, marks=set(), **{**geometry, "bands": bands}
        )
        headers = [
            self.t("figure.mayor"),
            self.t("figure.term"),
            self.t("figure.events"),
            self.t("figure.per_year_rate"),
        ]
        rows = [
            [names[t.actor], f"{t.first_year}–{t.last_year}", str(t.events), i18n.format_number(t.per_year, self.lang)]
            for t in terms
        ]
        return Figure("terms", title, desc, svg, Table(headers, rows), {"terms": terms})

    def overview(self, mayors: list[Actor], until_year: int, year_href: Callable[[int], str]) -> Figure:
        """The whole partnership in one picture, for the home page: events in every year from the
        first recorded one to `until_year`, agreements marked, mayors' terms as bands, and each
        year a link (`year_href`) to that year on the timeline."""
        events = list(self.dataset.events.values())
        per_year = events_per_year(events, until_year)
        geometry = self._bars(per_year, 270, top_margin=_TOP + 16)
        x, step = geometry.pop("x"), geometry.pop("step")
        bands, terms, names = self._term_bands(mayors, until_year, list(per_year), x, step)
        agreement_years = {e.date.year for e in self.dataset.agreements}
        title = self.t("figure.overview.title")
        desc = self.t(
            "figure.overview.desc",
            first=min(per_year, default=""),
            last=max(per_year, default=""),
            total=len(events),
            active=sum(1 for n in per_year.values() if n),
            terms="; ".join(f"{names[t.actor]} {t.first_year}–{t.last_year}" for t in terms),
        )
        links = {
            year: {"href": year_href(year), "label": self.t("figure.overview.link", year=year, count=n)}
            for year, n in per_year.items()
        }
        svg = self._svg(
            "bars.svg.j2",
            fig_id="overview",
            title=title,
            desc=desc,
            marks=agreement_years,
            **{**geometry, "bands": bands, "links": links},
        )
        yes = self.t("figure.yes")
        headers = [self.t("figure.year"), *map(str, per_year)]
        rows = [
            [self.t("figure.events"), *map(str, per_year.values())],
            [self.t("figure.agreement_year"), *(yes if y in agreement_years else "" for y in per_year)],
        ]
        # The caption is a legend: the full text alternative is in the SVG (desc) and the table.
        return Figure("overview", title, self.t("figure.overview.caption"), svg, Table(headers, rows))

    def city_map(self, small: bool = False) -> Figure:
        """The partner cities on a plain latitude/longitude grid, joined by the shortest route;
        `small` draws the coastlines with fewer points, for a map shown small (the home page)."""
        cities = [a for a in self.dataset.actors.values() if a.kind == "city-government" and a.coordinates]
        # One point per place: two records of one city (say, its government in two periods) are one
        # city on the map, so the map does not grow with the record.
        places = list(
            dict.fromkeys(
                Place(i18n.localize(a.city or a.name, self.lang).text, a.coordinates.lat, a.coordinates.lon)
                for a in cities
                if a.coordinates
            )
        )
        title = self.t("figure.map.title")
        if len(places) < 2:
            desc = self.t("figure.map.missing")
            return Figure("map", title, desc, Markup(""), Table([], []), counts_events=False)
        km = round(distance_km(places[0], places[1]), -2)
        shown_km = f"{km:,.0f}".replace(",", "." if self.lang in ("id", "de") else ",")
        desc = self.t(
            "figure.map.desc",
            first=places[0].label,
            second=places[1].label,
            km=shown_km,
        )
        geometry = map_geometry(places, height=300, step=4 if small else 0.0)
        svg = self._svg("map.svg.j2", fig_id="map", title=title, desc=desc, **geometry)
        headers = [self.t("figure.city"), self.t("figure.lat"), self.t("figure.lon")]
        rows = [[p.label, f"{p.lat:.2f}", f"{p.lon:.2f}"] for p in places]
        return Figure("map", title, desc, svg, Table(headers, rows), counts_events=False)


def mayors_of_indonesian_city(dataset: Dataset) -> list[Actor]:
    """The mayors (position: mayor) of the Indonesian city government in the record: the thesis'
    claim of a revival is about Padang's mayors."""
    cities = {a.id for a in dataset.actors.values() if a.kind == "city-government" and a.country == "ID"}
    return [a for a in dataset.actors.values() if a.position == "mayor" and a.part_of in cities and a.term]


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float


def great_circle(a: Place, b: Place, steps: int = 48) -> list[tuple[float, float]]:
    """Points (lat, lon) along the shortest path on the sphere from `a` to `b`."""

    def vec(p: Place) -> tuple[float, float, float]:
        la, lo = math.radians(p.lat), math.radians(p.lon)
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    u, v = vec(a), vec(b)
    angle = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(u, v, strict=True)))))
    points = []
    for i in range(steps + 1):
        t = i / steps
        if angle == 0:
            w = u
        else:
            s1, s2 = math.sin((1 - t) * angle) / math.sin(angle), math.sin(t * angle) / math.sin(angle)
            w = tuple(s1 * x + s2 * y for x, y in zip(u, v, strict=True))
        points.append((math.degrees(math.asin(w[2])), math.degrees(math.atan2(w[1], w[0]))))
    return points


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance on a sphere of mean Earth radius."""
    la1, la2 = math.radians(a.lat), math.radians(b.lat)
    d = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(d))


def _degrees(value: int, positive: str, negative: str) -> str:
    return f"{abs(value)}°{positive if value > 0 else negative if value < 0 else ''}"


Projection = Callable[[float, float], tuple[float, float]]
"""(lat, lon) -> (x, y) in the figure's units."""

_LABEL_ROOM = 48.0  # width of a label such as "105°E" in the map's units
_LAND = Path(__file__).with_name("land-110m.json")  # made by scripts/land_outline.py


@functools.cache
def land_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The coastlines: Natural Earth's 1:110m land as rings of (lon, lat)."""
    data = json.loads(_LAND.read_text(encoding="utf-8"))
    return tuple(tuple((lon, lat) for lon, lat in ring) for ring in data["rings"])


def land_path(
    lon_min: float,
    lon_max: float,
    lat_min: float,
    lat_max: float,
    xy: Projection,
    margin: float = 2.0,
    step: float = 0.0,
) -> str:
    """SVG path data of the land inside the frame. Points beyond the frame (plus `margin` degrees)
    are moved onto that wider border: outside the picture, where the SVG cuts them off, so what
    shows is exact while the rest of a continent costs a few points instead of hundreds. With
    `step`, points are whole units and a point closer than `step` units to the last one kept is
    left out (a small map needs far fewer points: the home page's is a third of the bytes)."""
    west, east, south, north = lon_min - margin, lon_max + margin, lat_min - margin, lat_max + margin
    paths = []
    for ring in land_rings():
        if min(p[0] for p in ring) > east or max(p[0] for p in ring) < west:
            continue
        if min(p[1] for p in ring) > north or max(p[1] for p in ring) < south:
            continue
        points: list[str] = []
        last = (math.inf, math.inf)
        for lon, lat in ring:
            x, y = xy(min(max(lat, south), north), min(max(lon, west), east))
            if step:
                if abs(x - last[0]) < step and abs(y - last[1]) < step:
                    continue
                last, point = (x, y), f"{x:.0f},{y:.0f}"
            else:
                point = f"{x:.1f},{y:.1f}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 2:
            paths.append("M" + "L".join(points) + "Z")
    return "".join(paths)


def map_geometry(places: list[Place], width: int = WIDTH, height: int = 360, step: float = 0.0) -> dict[str, Any]:
    """An equirectangular frame around the places, with a graticule and the route between them."""
    pad = 12.0
    lat_min = max(-90.0, min(p.lat for p in places) - pad)
    lat_max = min(90.0, max(p.lat for p in places) + pad)
    lon_min = max(-180.0, min(p.lon for p in places) - pad)
    lon_max = min(180.0, max(p.lon for p in places) + pad)
    scale = min(width / (lon_max - lon_min), height / (lat_max - lat_min))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - lon_min) * scale, (lat_max - lat) * scale)

    w, h = (lon_max - lon_min) * scale, (lat_max - lat_min) * scale
    meridians = [m for m in range(-180, 181, 15) if lon_min <= m <= lon_max]
    parallels = [p for p in range(-90, 91, 15) if lat_min <= p <= lat_max]
    route = []
    for a, b in itertools.pairwise(places):
        route.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(la, lo) for la, lo in great_circle(a, b))))
    return {
        "width": round(w),
        "height": round(h),
        # A meridian's label is written to the right of its line: none where it would be cut off.
        "meridians": [
            {
                "x": xy(0, m)[0],
                "label": f"{abs(m)}°{'E' if m > 0 else 'W' if m < 0 else ''}" if xy(0, m)[0] <= w - _LABEL_ROOM else "",
            }
            for m in meridians
        ],
        "parallels": [
            {"y": xy(p, 0)[1], "label": f"{abs(p)}°{'N' if p > 0 else 'S' if p < 0 else ''}"} for p in parallels
        ],
        # A city in the right half has its name on its left, so that the name stays inside the frame.
        "points": [
            {"label": p.label, "x": xy(p.lat, p.lon)[0], "y": xy(p.lat, p.lon)[1], "left": xy(p.lat, p.lon)[0] > w / 2}
            for p in places
        ],
        "routes": route,
        "land": _land(lon_min, lon_max, lat_min, lat_max, scale, step),
    }


@functools.lru_cache(maxsize=16)
def _land(lon_min: float, lon_max: float, lat_min: float, lat_max: float, scale: float, step: float) -> str:
    """map_geometry's coastlines, drawn once per frame for all languages (the labels differ, the
    land does not)."""

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - lon_min) * scale, (lat_max - lat) * scale)

    return land_path(lon_min, lon_max, lat_min, lat_max, xy, step=step)

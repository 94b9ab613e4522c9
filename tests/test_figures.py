"""Figures drawn by the core: what they show stays inside the picture and their captions fit them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sistercity.render.figures import Place, land_rings, map_geometry
from sistercity.render.renderer import Renderer
from sitebuild import LANGUAGES, ROOT

PLACES = [Place("Padang", -0.95, 100.35), Place("Hildesheim", 52.15, 9.95)]


def test_map_names_and_axis_labels_stay_inside_the_frame() -> None:
    geometry = map_geometry(PLACES, height=300)
    width = geometry["width"]
    for point in geometry["points"]:
        # Names are about 100 units wide: written away from the nearer side edge.
        room = point["x"] if point["left"] else width - point["x"]
        assert room >= 100, point
    labelled = [m for m in geometry["meridians"] if m["label"]]
    assert labelled and all(m["x"] + 48 <= width for m in labelled)
    assert len(labelled) < len(geometry["meridians"])  # the one at the right edge keeps its line only


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_figures_that_count_events_carry_the_counting_caveat(lang: str) -> None:
    from sistercity import load_dataset
    from sistercity.render.i18n import translate

    renderer = Renderer(load_dataset(ROOT / "data"), lang, lambda target, source: target, dt.date(2026, 11, 28))
    caveat = translate("figure.limits", lang)
    for name, counts in [("per-year", True), ("heatmap", True), ("terms", True), ("map", False)]:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", renderer.render_fragment(f"figure-{name}", "x.md"), re.S)
        assert caption is not None, name
        assert (caveat in html.unescape(caption.group(1))) is counts, name


def _inside(lon: float, lat: float, ring: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_coastlines_put_both_cities_on_land_and_the_sea_between() -> None:
    rings = land_rings()
    on_land = {p.label: sum(_inside(p.lon, p.lat, ring) for ring in rings) % 2 == 1 for p in PLACES}
    assert on_land == {"Padang": True, "Hildesheim": True}
    indian_ocean = (75.0, -5.0)
    assert not any(_inside(*indian_ocean, ring) for ring in rings)


def test_map_draws_only_the_land_near_its_frame() -> None:
    geometry = map_geometry(PLACES, height=300)
    shapes = geometry["land"].split("M")[1:]
    assert 5 <= len(shapes) < len(land_rings())  # Europe, Asia, Africa, Sumatra, ...; not the Americas
    xs = [float(x) for x in re.findall(r"(-?\d+\.\d),-?\d+\.\d", geometry["land"])]
    scale = geometry["width"] / 114  # degrees of longitude in the frame: 12° around the two cities
    assert -2.5 * scale <= min(xs) and max(xs) <= geometry["width"] + 2.5 * scale


def test_the_map_draws_one_point_per_place_however_many_records_name_it() -> None:
    """Two records of one city government (say, the benchmark's copies of the record) are one place
    on the map: the home page's map does not grow with the record."""
    from sistercity import load_dataset
    from sistercity.render.figures import FigureMaker

    dataset = load_dataset(ROOT / "data")
    cities = [a for a in dataset.actors.values() if a.kind == "city-government" and a.coordinates]
    for city in cities:
        copy = city.model_copy(update={"id": city.id + "-copy"})
        dataset.actors[copy.id] = copy
    renderer = Renderer(dataset, "en", lambda target, source: target, dt.date(2026, 11, 28))
    figure = FigureMaker(dataset, "en", renderer.env).city_map(small=True)
    assert len(figure.table.rows) == len(cities) == 2
    assert str(figure.svg).count("<circle") == len(cities)

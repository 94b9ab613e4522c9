"""The core's rendering, without MkDocs: fixture data in, Markdown out."""

from __future__ import annotations

import datetime as dt
import shutil
import typing
from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.record.dates import PartialDate
from sistercity.render.data_markers import MarkerError, fill_markers
from sistercity.render.i18n import check_strings, format_date_range, format_partial_date, localize
from sistercity.render.pages import page_specs
from sistercity.render.renderer import Renderer, md_escape
from sitebuild import ROOT

DATA = load_dataset(ROOT / "tests" / "fixtures" / "data")


def renderer(lang: str) -> Renderer:
    return Renderer(DATA, lang, lambda target, source: f"/{target}", dt.date(2026, 11, 28))


def test_every_interface_word_exists_in_every_language() -> None:
    assert check_strings() == []


@pytest.mark.parametrize(
    ("date", "lang", "shown"),
    [
        (PartialDate(1988), "de", "1988"),
        (PartialDate(1988, 6), "id", "Juni 1988"),
        (PartialDate(1988, 6, 20), "en", "20 June 1988"),
        (PartialDate(1988, 6, 20), "de", "20. Juni 1988"),
    ],
)
def test_dates_are_shown_with_their_precision(date: PartialDate, lang: str, shown: str) -> None:
    assert format_partial_date(date, lang) == shown


def test_date_ranges() -> None:
    assert format_date_range(PartialDate(2013, 6, 22), PartialDate(2013, 6, 23), "de") == "22.–23. Juni 2013"
    assert format_date_range(PartialDate(2023), PartialDate(2024), "en") == "2023–2024"
    assert (
        format_date_range(PartialDate(2022, 11, 21), PartialDate(2022, 12, 2), "en") == "21 November – 2 December 2022"
    )


def test_localize_falls_back_and_says_so() -> None:
    assert localize({"id": "Budaya", "en": "Culture"}, "en").fallback is False
    chosen = localize({"id": "Budaya", "en": "Culture"}, "de")
    assert (chosen.text, chosen.lang, chosen.fallback) == ("Culture", "en", True)


def test_md_escape_neutralises_markdown() -> None:
    assert md_escape("a *b* [c](d) {: #x}") == r"a \*b\* \[c\]\(d\) \{\: \#x\}"


def test_pages_are_the_same_for_every_language() -> None:
    uris = [spec.src_uri for spec in page_specs(DATA)]
    assert "timeline.md" in uris and "events/1988-founding.md" in uris and "actors/city-a.md" in uris
    assert len(uris) == len(set(uris))
    assert {s.src_uri for s in page_specs(DATA) if s.in_nav} == {
        "timeline.md",
        "agreements.md",
        "actors/index.md",
        "sectors/index.md",
        "sources.md",
    }


def test_event_page_escapes_html_from_data() -> None:
    spec = next(s for s in page_specs(DATA) if s.record_id == "2012-evening")
    text = renderer("id").render_page(spec)
    assert "<script>" not in text
    assert text.startswith('---\ntitle: "Malam &lt;script&gt;alert(1)&lt;/script&gt; informasi"\n---\n')
    assert '<a href="/actors/mayor-a.md">Nama Walikota</a>' in text


def test_timeline_groups_by_year_oldest_first() -> None:
    text = renderer("en").render_page(page_specs(DATA)[0])
    years = [line for line in text.splitlines() if line.startswith("## ")]
    assert years == ["## 1988 {: #y1988 }", "## 2012 {: #y2012 }", "## 2022 {: #y2022 }"]


def test_key_figures_count_the_data() -> None:
    text = renderer("en").render_fragment("key-figures", "index.md")
    assert (
        '<span class="ph-figure__value">38</span> <span class="ph-figure__label">years since the first agreement'
        in text
    )
    assert (
        '<span class="ph-figure__value">3</span> <span class="ph-figure__label"><a href="/timeline.md">recorded events'
        in text
    )


def test_unknown_fragment_is_an_error() -> None:
    with pytest.raises(KeyError):
        renderer("en").render_fragment("nope", "index.md")


def test_actor_page_lists_the_actors_that_are_part_of_it() -> None:
    assert [a.id for a in DATA.parts_of["city-a"]] == ["mayor-a"]
    spec = next(s for s in page_specs(DATA) if s.src_uri == "actors/city-a.md")
    page = renderer("en").render_page(spec)
    assert '<a href="/actors/mayor-a.md">Nama Walikota</a>' in page
    mayor = next(s for s in page_specs(DATA) if s.src_uri == "actors/mayor-a.md")
    assert '<a href="/actors/city-a.md">City of A</a>' in renderer("en").render_page(mayor)


# --- markers in hand-written pages (markers.py), without MkDocs ---------------------------------


def test_markers_are_filled_in_one_pass() -> None:
    page = "# Title\n\n<!-- data:key-figures -->\n\nSee [[event:2012-evening]].\n"
    filled = fill_markers(page, renderer("de"), "analysis.md")
    assert "<!-- data:" not in filled and "[[event:" not in filled
    assert 'class="ph-figure__value"' in filled
    # The German title is missing: the link text is the English stand-in and says so (WCAG 3.1.2).
    assert filled.endswith('{: .ph-cite .ph-cite--event lang="en" }.\n')
    assert "Information \\*evening\\*" in filled  # data text is escaped, never read as Markdown or a marker


def test_an_unknown_data_marker_names_its_line_and_the_known_ones() -> None:
    with pytest.raises(MarkerError) as error:
        fill_markers("# Title\n\nText.\n<!-- data:key-figurs -->\n", renderer("en"), "index.md")
    assert error.value.line == 4
    assert str(error.value).startswith("unknown data marker 'key-figurs'; expected one of: key-figures, latest-events")


def test_the_language_list_is_the_one_every_part_reads() -> None:
    from sistercity.record.languages import LANGUAGES, SITE_LANGUAGES, prefix
    from sistercity.record.models import Language

    assert typing.get_args(Language) == LANGUAGES == tuple(language.code for language in SITE_LANGUAGES)
    assert [prefix(code) for code in LANGUAGES] == ["", "en/", "de/"]
    for language in SITE_LANGUAGES:
        assert set(language.fallback) == set(LANGUAGES) - {language.code}
        assert localize({code: code for code in language.fallback}, language.code).lang == language.fallback[0]


def test_count_markers_follow_the_data(tmp_path: Path) -> None:
    counts = {name: renderer("en").render_fragment(name, "analysis.md") for name in Renderer.COUNTS}
    assert counts == {
        "count-events": "3",
        "count-events-from-2018": "1",
        "count-hildesheim-events-only-padang-sources": "0",
    }
    # The 2022 trip has only a Padang source; once the record places it in Hildesheim, it counts.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", data)
    with (data / "events.yml").open("a", encoding="utf-8") as events:
        events.write("  host: hildesheim\n")
    moved = Renderer(load_dataset(data), "en", lambda target, src: target, dt.date(2026, 12, 1))
    assert moved.render_fragment("count-hildesheim-events-only-padang-sources", "analysis.md") == "1"

"""A real `mkdocs build --strict` of the real site, checked page by page in all three languages."""

from __future__ import annotations

import posixpath

import pytest
import sistercity
import sistercity.analysis.indicators
import sistercity.render.i18n
from sistercity.render.pages import page_specs
from sitebuild import LANGUAGES, ROOT, Build, prefix

DATASET = sistercity.load_dataset(ROOT / "data")
INDEX_PAGES = ["", "timeline/", "agreements/", "actors/", "sectors/", "sources/", "analysis/", "conclusions/"]


def record_pages() -> list[str]:
    return (
        [f"events/{i}/" for i in DATASET.events]
        + [f"actors/{i}/" for i in DATASET.actors]
        + [f"sectors/{i}/" for i in DATASET.sectors]
    )


def test_build_is_clean(site: Build) -> None:
    assert "WARNING" not in site.log
    assert "Traceback" not in site.log


def test_every_language_has_the_same_pages(site: Build) -> None:
    pages = {lang: site.pages(lang) for lang in LANGUAGES}
    assert pages["id"] == pages["en"] == pages["de"]
    assert set(INDEX_PAGES + record_pages()) <= pages["id"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_lang_matches_url(site: Build, lang: str) -> None:
    for page in site.pages(lang):
        html = site.html(prefix(lang) + page).html
        assert html is not None and html["lang"] == lang, f"{prefix(lang)}{page}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_leads_to_the_same_page_in_each_language(site: Build, lang: str) -> None:
    for page in [*INDEX_PAGES, *record_pages()[:5]]:
        here = prefix(lang) + page
        links = site.html(here).select("a.md-select__link")
        assert [a["hreflang"] for a in links] == list(LANGUAGES), here
        for link in links:
            target = posixpath.normpath(posixpath.join(here, link["href"]))
            expected = posixpath.normpath(prefix(link["hreflang"]) + page or ".")
            assert target == expected, f"{here}: switcher to {link['hreflang']} goes to {target}"
            assert (site.site / target / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_per_language(site: Build, lang: str) -> None:
    import json

    index = json.loads((site.site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "timeline/" in locations
    # Each language's index holds only its own pages (they are relative to the language root).
    assert not any(loc.split("/")[0] in LANGUAGES for loc in locations)
    first_event = next(iter(DATASET.events.values()))
    title = sistercity.render.i18n.localize(first_event.title, lang).text
    assert any(doc["title"] == title or title in doc["text"] for doc in index["docs"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_event_appears_on_timeline_sector_and_actor_pages(site: Build, lang: str) -> None:
    timeline = site.html(prefix(lang) + "timeline/")
    for event in DATASET.events.values():
        card = timeline.find("article", id=event.id)
        assert card is not None, event.id
        assert card.find("time", class_="date") is not None
        assert card.find("a", href=f"../events/{event.id}/") is not None
        for sector in event.sectors:
            page = site.html(f"{prefix(lang)}sectors/{sector}/")
            assert page.find("article", id=event.id) is not None, (event.id, sector)
        for actor in event.actors:
            page = site.html(f"{prefix(lang)}actors/{actor}/")
            assert page.find("article", id=event.id) is not None, (event.id, actor)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_event_page_lists_its_sources(site: Build, lang: str) -> None:
    for event in DATASET.events.values():
        page = site.html(f"{prefix(lang)}events/{event.id}/")
        refs = page.select("ol.ph-references > li")
        assert [li["id"] for li in refs] == [f"ref-{s}" for s in event.source_ids]
        assert page.h1 is not None and sistercity.render.i18n.localize(event.title, lang).text in page.h1.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreements_are_milestones(site: Build, lang: str) -> None:
    timeline = site.html(prefix(lang) + "timeline/")
    agreements = site.html(prefix(lang) + "agreements/")
    assert DATASET.agreements, "the starter data needs at least one agreement"
    for event in DATASET.agreements:
        assert "ph-event--milestone" in timeline.find("article", id=event.id)["class"]
        assert agreements.find("tr", id=event.id) is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_shows_the_partnership_at_a_glance(site: Build, lang: str) -> None:
    home = site.html(prefix(lang))
    # SOURCE_DATE_EPOCH pins the build date to 2026-01-01 (see sitebuild.py): every year up to 2026.
    per_year = sistercity.analysis.indicators.events_per_year(DATASET.events.values(), 2026)
    longest = sistercity.analysis.indicators.gaps(per_year)[:2]
    facts = " ".join(home.select_one(".ph-glance__facts").get_text().split())
    assert f"{len(per_year)} " in facts and f" {sum(1 for n in per_year.values() if n)} " in facts
    for gap in longest:
        assert f"{gap.first}–{gap.last} ({gap.length} " in facts
    figure = home.select_one(".ph-glance #figure-overview svg")
    assert [a["href"] for a in figure.select("a.ph-year-link")] == [f"timeline/#y{year}" for year in per_year]
    assert len(figure.select("path.ph-mark")) == len({e.date.year for e in DATASET.agreements})
    assert len(figure.select("rect.ph-band")) >= 2
    verdict = home.select_one(".ph-glance__text").get_text()
    assert "masih dinilai kurang efektif" in verdict and "masih bersifat insidentil" in verdict
    assert home.select_one(".ph-glance__text a[href^='analysis/#kurang-efektif-']") is not None
    latest = [a["id"] for a in home.select("article.ph-event")]
    assert latest == list(reversed(list(DATASET.events)))[:3]
    assert home.select_one("#figure-map svg.ph-map") is not None
    assert "<!-- data:" not in str(home)


def test_sources_page_lists_citing_records(site: Build) -> None:
    page = site.html("sources/")
    for source_id, citing in DATASET.citations.items():
        entry = page.find("li", id=source_id)
        assert entry is not None
        assert len(entry.select(".ph-cited-by a")) == len(citing)


def test_nothing_is_loaded_from_other_hosts(site: Build) -> None:
    for file in site.site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, file
        soup = site.html(str(file.relative_to(site.site)))
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr) or ""
                if (
                    tag == "link"
                    and "stylesheet" not in (element.get("rel") or [])
                    and "icon" not in (element.get("rel") or [])
                ):
                    continue
                assert not value.startswith(("http:", "https:", "//")), f"{file}: {value}"


def test_generated_pages_are_not_written_to_docs(site: Build) -> None:
    # After a build (the fixture), every page made from data is in the site and none is in docs/.
    generated = [spec.src_uri for spec in page_specs(DATASET)]
    assert "timeline.md" in generated and "events/1988-founding.md" in generated
    for lang in LANGUAGES:
        for src_uri in generated:
            stem = src_uri.removesuffix(".md")
            page = stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
            assert (site.site / prefix(lang) / page / "index.html").is_file(), (lang, page)
            assert not (ROOT / "docs" / lang / src_uri).exists(), (lang, src_uri)
        assert not (ROOT / "docs" / lang / "events").exists()


def test_per_record_pages_stay_out_of_the_navigation(site: Build) -> None:
    nav = site.html("timeline/").select("nav.md-nav--primary a.md-nav__link")
    hrefs = {a.get("href") for a in nav}
    assert not any("events/" in (h or "") for h in hrefs)


# --- figures, open data, feeds and metadata (built from the real data) ---------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_downloads_have_one_row_per_record(site: Build, lang: str) -> None:
    import csv
    import json

    for kind in ("events", "actors", "sectors", "sources"):
        text = (site.site / prefix(lang) / "data" / f"{kind}.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(text.splitlines()))
        assert [row["id"] for row in rows] == list(getattr(DATASET, kind)), kind
    document = json.loads((site.site / prefix(lang) / "data" / "dataset.json").read_text(encoding="utf-8"))
    assert len(document["events"]) == len(DATASET.events)
    assert set(document["schemas"]) == {"sources", "actors", "sectors", "events"}
    links = [a["href"] for a in site.html(prefix(lang) + "data/").select(".ph-downloads a")]
    assert links == [
        "events.csv",
        "actors.csv",
        "sectors.csv",
        "sources.csv",
        "datapackage.json",
        "dataset.json",
        "sources.bib",
        "sources.ris",
        "sources.csl.json",
        "../feed.xml",
        "../calendar.ics",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_and_calendar_per_language(site: Build, lang: str) -> None:
    import xml.etree.ElementTree as ET

    import icalendar

    feed = ET.parse(site.site / prefix(lang) / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    newest = list(DATASET.events.values())[-1]
    assert len(entries) == min(20, len(DATASET.events))
    title = entries[0].findtext("{http://www.w3.org/2005/Atom}title")
    assert title == sistercity.render.i18n.localize(newest.title, lang).text
    href = entries[0].find("{http://www.w3.org/2005/Atom}link").get("href")
    assert (site.site / prefix(lang) / href / "index.html").is_file()
    calendar = icalendar.Calendar.from_ical((site.site / prefix(lang) / "calendar.ics").read_bytes())
    day_dated = [e for e in DATASET.events.values() if e.date.precision == "day"]
    assert len(list(calendar.walk("VEVENT"))) == len(day_dated) + 1  # and the yearly anniversary


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_have_a_text_alternative_and_a_table(site: Build, lang: str) -> None:
    pages = {"analysis/": ["per-year", "heatmap", "terms"], "background/": ["map"]}
    for page, figures in pages.items():
        html = site.html(prefix(lang) + page)
        for name in figures:
            figure = html.find("figure", id=f"figure-{name}")
            assert figure is not None, (page, name)
            svg = figure.find("svg")
            assert svg["role"] == "img"
            labelled = svg["aria-labelledby"].split()
            assert [svg.find(id=i).name for i in labelled] == ["title", "desc"]
            assert svg.find("title").get_text() and len(svg.find("desc").get_text()) > 40
            assert figure.find("figcaption") is not None
            data = figure.find_next_sibling("details")
            assert data is not None and not data.has_attr("open"), (page, name)
            assert data.select_one("div.ph-scroll[role=region][tabindex='0'][aria-label] > table"), (page, name)
    per_year = site.html(prefix(lang) + "analysis/").find("figure", id="figure-per-year")
    assert len(per_year.select("rect.ph-bar")) == len({e.date.year for e in DATASET.events.values()})


def test_figure_labels_follow_the_page_language(site: Build) -> None:
    titles = [
        site.html(p + "analysis/").select_one("#figure-per-year svg title").get_text() for p in ("", "en/", "de/")
    ]
    assert titles == ["Peristiwa per tahun", "Events per year", "Ereignisse pro Jahr"]


def test_event_pages_describe_themselves_for_search_engines_and_sharing(site: Build) -> None:
    import json

    event = next(iter(DATASET.events.values()))
    page = site.html(f"en/events/{event.id}/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert (data["@type"], data["name"], data["startDate"]) == (
        "Event",
        sistercity.render.i18n.localize(event.title, "en").text,
        str(event.date),
    )
    assert page.find("meta", property="og:title")["content"] == sistercity.render.i18n.localize(event.title, "en").text
    assert page.find("meta", property="og:locale")["content"] == "en_GB"
    home = json.loads(site.html("de/").find("script", type="application/ld+json").string)
    assert home["@type"] == "WebSite" and home["inLanguage"] == "de"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_offers_filters_that_work_without_javascript_too(site: Build, lang: str) -> None:
    page = site.html(prefix(lang) + "timeline/")
    form = page.find("form", id="timeline-filter")
    assert form is not None and form.has_attr("hidden")  # shown by the script; without it, the full list
    assert [o["value"] for o in form.find("select", attrs={"name": "sector"}).find_all("option")][1:] == list(
        DATASET.sectors
    )
    for label in form.find_all("label"):
        assert form.find(id=label["for"]) is not None if label.has_attr("for") else label.find("input")
    cards = page.select("article.ph-event[data-year]")
    assert len(cards) == len(DATASET.events)
    assert all(card["data-sectors"] and card["data-actors"] and card["data-type"] for card in cards)

"""The partnership at a glance, in headless Chromium: the home page's figure leads to each year of
the timeline, the timeline's compact view (with and without JavaScript), the figures' closed data
tables, and search in each language finding an event by a word of its text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sistercity
import sitecheck
from sitebuild import ROOT, prefix

DATASET = sistercity.load_dataset(ROOT / "data")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# How tall the timeline was at 390 px before the compact view (full cards), in CSS pixels.
TIMELINE_HEIGHT_BEFORE = 18075


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, str]]:
    with sitecheck.browser_on_real_site() as (browser, base):
        yield browser, base


def open_page(served: tuple[Any, str], path: str, javascript: bool = True, **options: Any) -> Any:
    browser, base = served
    context = browser.new_context(java_script_enabled=javascript, **(options or DESKTOP))
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + path, wait_until="load")
    page.errors = errors
    return page


@pytest.mark.parametrize("lang", ["id", "en", "de"])
def test_each_year_of_the_home_figure_leads_to_that_year_on_the_timeline(served: tuple[Any, str], lang: str) -> None:
    page = open_page(served, prefix(lang))
    try:
        links = page.eval_on_selector_all(
            "#figure-overview a.ph-year-link",
            "links => links.map(a => [a.getAttribute('href'), a.getAttribute('aria-label')])",
        )
        years = [int(href.rsplit("#y", 1)[1]) for href, _ in links]
        first = min(e.date.year for e in DATASET.events.values())
        assert years == list(range(first, years[-1] + 1)) and years[-1] >= 2026
        assert all(href == f"timeline/#y{year}" for (href, _), year in zip(links, years, strict=True))
        assert all(label.startswith(str(year)) for (_, label), year in zip(links, years, strict=True))
        # The figure is in the first screen of a desktop.
        box = page.locator("#figure-overview svg").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800
        page.click("#figure-overview a.ph-year-link[href$='#y2009']")
        page.wait_for_url("**/timeline/#y2009")
        assert page.evaluate("document.getElementById('y2009').tagName") == "H2"
        # An empty year leads to its entry in the year index, shown empty.
        page.go_back()
        page.click("#figure-overview a.ph-year-link[href$='#y1995']")
        page.wait_for_url("**/timeline/#y1995")
        assert page.evaluate("document.getElementById('y1995').className") == "ph-years__empty"
        assert page.errors == []
    finally:
        page.context.close()


def test_the_home_figure_and_verdict_fit_in_two_phone_screens(served: tuple[Any, str]) -> None:
    page = open_page(served, "en/", **PHONE)
    try:
        for selector in ("#figure-overview svg", ".ph-glance__facts", ".ph-glance__text a[href*='analysis/']"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["y"] + box["height"] <= 2 * 844, selector
        # No text in the figure is drawn smaller than 12 px on the phone.
        sizes = page.eval_on_selector_all(
            "svg.ph-chart text",
            """texts => texts.filter(t => t.getBBox().width > 0 && getComputedStyle(t).display !== 'none')
              .map(t => t.getBoundingClientRect().height)""",
        )
        assert sizes and min(sizes) >= 12, sorted(sizes)[:3]
    finally:
        page.context.close()


def test_timeline_year_index_shows_every_year(served: tuple[Any, str]) -> None:
    page = open_page(served, "de/timeline/")
    try:
        entries = page.eval_on_selector_all(
            ".ph-years li", "items => items.map(li => [li.textContent, !!li.querySelector('a')])"
        )
        active = {e.date.year for e in DATASET.events.values()}
        years = [int(text[:4]) for text, _ in entries]
        assert years == list(range(min(active), years[-1] + 1))
        assert [year for (_, link), year in zip(entries, years, strict=True) if link] == sorted(active)
        page.select_option("#filter-sector", "health-labour")
        filtered = page.eval_on_selector_all(".ph-years li.ph-years__filtered a", "as => as.map(a => a.textContent)")
        wanted = {e.date.year for e in DATASET.events.values() if "health-labour" in e.sectors}
        assert sorted(int(y) for y in filtered) == sorted(active - wanted)
    finally:
        page.context.close()


def test_compact_view_on_a_phone(served: tuple[Any, str]) -> None:
    page = open_page(served, "en/timeline/", **PHONE)
    try:
        assert page.eval_on_selector_all(".ph-events[data-view]", "gs => gs.map(g => g.dataset.view)") == [
            "compact"
        ] * len({e.date.year for e in DATASET.events.values()})
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= TIMELINE_HEIGHT_BEFORE / 2, height
        event = "2009-earthquake-aid"
        summary = f"[id='{event}'] .ph-event__summary"
        assert page.is_hidden(summary)
        # One line per event: date, title, type and certainty are shown; the details are one tap away.
        for part in ("time", ".ph-event__title a", ".ph-type", ".ph-certainty", "summary"):
            assert page.is_visible(f"[id='{event}'] {part}"), part
        page.tap(f"[id='{event}'] summary")
        assert page.is_visible(summary)
        assert page.is_visible(f"[id='{event}'] .ph-event__facts")
        # Filters keep working in the compact view, and the URL keeps the filter.
        page.select_option("#filter-type", "aid")
        assert page.eval_on_selector_all("article.ph-event:not([hidden])", "as => as.map(a => a.id)") == [
            e.id for e in DATASET.events.values() if e.type == "aid"
        ]
        assert "type=aid" in page.url and "view=" not in page.url
        # The full cards are one choice away, and the choice is kept in the URL.
        page.check("input[name=view][value=cards]")
        assert "view=cards" in page.url and "type=aid" in page.url
        assert page.is_visible(summary)
        assert page.is_hidden(f"[id='{event}'] summary")
        assert page.errors == []
    finally:
        page.context.close()


def test_a_shared_link_opens_the_full_cards(served: tuple[Any, str]) -> None:
    page = open_page(served, "timeline/?view=cards&sector=culture")
    try:
        assert page.eval_on_selector("input[name=view]:checked", "i => i.value") == "cards"
        visible = page.eval_on_selector_all("article.ph-event:not([hidden])", "as => as.map(a => a.id)")
        assert visible == [e.id for e in DATASET.events.values() if "culture" in e.sectors]
        assert all(page.is_visible(f"[id='{eid}'] .ph-event__facts") for eid in visible)
    finally:
        page.context.close()


def test_without_javascript_every_card_is_complete(served: tuple[Any, str]) -> None:
    page = open_page(served, "en/timeline/", javascript=False, **PHONE)
    try:
        assert page.is_hidden("#timeline-filter")
        cards = page.eval_on_selector_all("article.ph-event", "as => as.length")
        assert cards == len(DATASET.events)
        shown = page.eval_on_selector_all(
            "article.ph-event .ph-event__facts", "fs => fs.filter(f => f.getClientRects().length > 0).length"
        )
        assert shown == cards
        assert page.is_hidden("article.ph-event summary")  # no "details" toggle in the full cards
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("lang", "name"), [("id", "Data sebagai tabel"), ("en", "The data as a table"), ("de", "Die Daten als Tabelle")]
)
def test_figure_data_tables_are_closed_and_scroll_in_their_own_region(
    served: tuple[Any, str], lang: str, name: str
) -> None:
    page = open_page(served, prefix(lang) + "analysis/", **PHONE)
    try:
        disclosures = page.locator("details.ph-figure-data")
        assert disclosures.count() == 3
        for i in range(disclosures.count()):
            details = disclosures.nth(i)
            assert details.get_attribute("open") is None
            assert details.locator("summary").inner_text().strip() == name
            assert details.locator("table").is_hidden()
            details.locator("summary").click()
            region = details.locator(".ph-scroll")
            assert region.is_visible()
            assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
            assert region.get_attribute("aria-label")
            box = region.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


# "earthquake" in each language, and a word the text has only in parentheses: "(magnitudo 7,9)".
@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("id", "gempa"),
        ("en", "earthquake"),
        ("de", "Erdbeben"),
        ("id", "magnitudo"),
        ("en", "magnitude"),
        ("de", "Stärke"),
    ],
)
def test_search_finds_an_event_by_a_word_of_its_text(served: tuple[Any, str], lang: str, word: str) -> None:
    page = open_page(served, prefix(lang) + "timeline/")
    try:
        page.click(".md-search__input")
        page.keyboard.type(word)  # as a reader types (Material listens to key presses)
        page.wait_for_selector(".md-search-result__item a", timeout=15000)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a", "links => links.map(a => new URL(a.href).pathname)"
        )
        assert f"/{prefix(lang)}events/2009-earthquake-aid/" in hrefs, hrefs
    finally:
        page.context.close()

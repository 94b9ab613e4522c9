"""The timeline filters in headless Chromium: they narrow the list in place, keep the choice in
the URL (so a filtered view can be shared), and show everything again on reset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sistercity
import sitecheck
from sitebuild import ROOT

DATASET = sistercity.load_dataset(ROOT / "data")
VISIBLE = "() => [...document.querySelectorAll('article.ph-event[data-year]')].filter(a => !a.hidden).map(a => a.id)"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    with sitecheck.browser_on_real_site() as (browser, base):
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        yield tab, base
        assert errors == []


def expected(sector: str | None = None, first: int | None = None) -> list[str]:
    return [
        e.id
        for e in DATASET.events.values()
        if (sector is None or sector in e.sectors) and (first is None or e.date.year >= first)
    ]


def test_a_shared_link_opens_the_filtered_view(page: tuple[Any, str]) -> None:
    tab, base = page
    # The period filter offers only years with events; 2021 has some (2020 no longer does).
    tab.goto(base + "en/timeline/?sector=health-labour&from=2021")
    assert tab.is_visible("#timeline-filter")
    assert tab.evaluate(VISIBLE) == expected("health-labour", 2021)
    shown = len(expected("health-labour", 2021))
    assert tab.inner_text(".ph-filter__status") == f"{shown} of {len(DATASET.events)} events shown"
    # Year headings without a shown event are hidden with their list.
    assert tab.is_hidden("#y1988")


def test_choosing_filters_narrows_the_list_and_updates_the_url(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.goto(base + "de/timeline/")
    assert tab.evaluate(VISIBLE) == list(DATASET.events)
    tab.select_option("#filter-sector", "culture")
    assert tab.evaluate(VISIBLE) == expected("culture")
    assert parse_qs(urlsplit(tab.url).query) == {"sector": ["culture"]}
    tab.click("#timeline-filter button[type=reset]")
    tab.wait_for_function("() => !location.search")
    assert tab.evaluate(VISIBLE) == list(DATASET.events)


def test_an_unknown_value_in_a_link_shows_everything(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.goto(base + "timeline/?sector=no-such-sector")
    assert tab.evaluate(VISIBLE) == list(DATASET.events)
    assert tab.eval_on_selector("#filter-sector", "el => el.value") == ""


def test_the_filters_are_reached_by_keyboard(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.goto(base + "en/timeline/")
    tab.focus("#filter-sector")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "filter-actor"
    assert tab.get_attribute(".ph-filter__status", "role") == "status"

"""Search on demand, in headless Chromium (overrides/partials/lazy-search.html): no page asks for
the search index or starts the search worker while it loads; both start when the reader starts to
search (clicks or taps the search field or button, presses one of Material's search keys, or opens
a page with ?q= or ?h=); "Initializing search" shows until the index has arrived, and search then
works as before: the first query finds its pages, and a search's highlights are marked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sitecheck
from sitebuild import LANGUAGES, prefix

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PAGE_TYPES = ["", "timeline/", "events/2009-earthquake-aid/", "actors/pemko-padang/", "analysis/"]
INDEX = re.compile(r"/search/search_index\.json$")
WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]*\.js$")
EVENT = "events/2009-earthquake-aid/"  # found by the word for "earthquake"
WORD = {"id": "gempa", "en": "earthquake", "de": "Erdbeben"}
RESULT_LINKS = ".md-search-result__item a"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, str]]:
    with sitecheck.browser_on_real_site() as (browser, base):
        yield browser, base


class Watched:
    """A page in a fresh browser context and the addresses it has asked for."""

    def __init__(self, served: tuple[Any, str], path: str, **options: Any) -> None:
        browser, self.base = served
        self.context = browser.new_context(**(options or DESKTOP))
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.path = path

    def open(self) -> Watched:
        # "networkidle": nothing asked for during half a second after the load (Material's script
        # used to ask for the index while it started, before the load event).
        self.page.goto(self.base + self.path, wait_until="networkidle")
        return self

    def asked(self, pattern: re.Pattern[str]) -> int:
        return sum(1 for url in self.requests if pattern.search(url))

    def results(self) -> list[str]:
        self.page.wait_for_selector(RESULT_LINKS, timeout=15000)
        return self.page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => new URL(a.href).pathname)")

    def close(self) -> None:
        self.context.close()
        assert self.errors == []


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_loads_the_search_index_before_a_search(served: tuple[Any, str], lang: str, path: str) -> None:
    watched = Watched(served, prefix(lang) + path).open()
    try:
        assert watched.asked(INDEX) == 0, watched.requests
        assert watched.asked(WORKER) == 0, watched.requests
        assert watched.page.is_visible(".md-search__input")  # search is still there, waiting
    finally:
        watched.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typing_a_query_loads_the_index_and_finds_the_event(served: tuple[Any, str], lang: str) -> None:
    watched = Watched(served, prefix(lang)).open()
    try:
        watched.page.click(".md-search__input")
        watched.page.keyboard.type(WORD[lang])  # as a reader types, before the index has arrived
        assert f"/{prefix(lang)}{EVENT}" in watched.results()
        assert watched.asked(INDEX) == 1
        assert watched.asked(WORKER) == 1
    finally:
        watched.close()


def test_initializing_search_shows_until_the_index_arrives(served: tuple[Any, str]) -> None:
    watched = Watched(served, "en/timeline/")
    held: list[Any] = []
    watched.page.route(INDEX, lambda route: held.append(route))
    watched.open()
    try:
        meta = ".md-search-result__meta"
        assert watched.page.text_content(meta).strip() == "Initializing search"
        watched.page.click(".md-search__input")
        watched.page.keyboard.type("earthquake")
        watched.page.wait_for_timeout(300)
        assert len(held) == 1, watched.requests
        assert watched.page.text_content(meta).strip() == "Initializing search"
        assert watched.page.query_selector(RESULT_LINKS) is None
        held[0].continue_()
        assert f"/en/{EVENT}" in watched.results()
    finally:
        watched.close()


def test_material_search_key_loads_the_index(served: tuple[Any, str]) -> None:
    watched = Watched(served, "en/" + EVENT).open()
    try:
        watched.page.keyboard.press("/")  # Material: f, s and / open the search
        watched.page.keyboard.type("earthquake")
        assert f"/en/{EVENT}" in watched.results()
        assert watched.asked(INDEX) == 1
    finally:
        watched.close()


def test_tapping_the_search_button_on_a_phone_loads_the_index(served: tuple[Any, str]) -> None:
    watched = Watched(served, "en/", **PHONE).open()
    try:
        assert watched.asked(INDEX) == 0
        watched.page.tap(".md-header label.md-header__button[for=__search]")
        watched.page.wait_for_function("() => document.getElementById('__search').checked")
        watched.page.keyboard.type("earthquake")
        assert f"/en/{EVENT}" in watched.results()
        assert watched.asked(INDEX) == 1
    finally:
        watched.close()


def test_a_search_link_opens_the_search_with_results(served: tuple[Any, str]) -> None:
    watched = Watched(served, "en/?q=earthquake").open()
    try:
        assert f"/en/{EVENT}" in watched.results()
        assert watched.asked(INDEX) == 1
    finally:
        watched.close()


def test_a_result_link_highlights_the_searched_word(served: tuple[Any, str]) -> None:
    # Material's search.highlight: a result's link carries ?h=<query>; the page marks the words.
    watched = Watched(served, f"en/{EVENT}?h=earthquake").open()
    try:
        watched.page.wait_for_selector("mark[data-md-highlight]", timeout=15000)
        marked = watched.page.eval_on_selector_all("mark[data-md-highlight]", "m => m.map(e => e.textContent)")
        assert marked and all(word.lower() == "earthquake" for word in marked), marked
        assert watched.asked(INDEX) == 1
    finally:
        watched.close()

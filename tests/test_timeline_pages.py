"""A timeline too long for one page: a page per year, the main page with the year index and the most
recent years (hooks/sistercity/render/pages.py, TimelinePlan). The real record, built with a budget
lowered to 10 events (extra.timeline_budget), pages as a large record would, in one fast build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import sistercity
import sitecheck
from bs4 import BeautifulSoup
from sistercity.render.pages import timeline_plan
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build

BUDGET = 10
DATASET = sistercity.load_dataset(ROOT / "data")
PLAN = timeline_plan(DATASET, BUDGET)
YEAR_PAGE = re.compile(r"timeline/(\d{4})/$")


def paged_project(dest: Path, budget: object = BUDGET) -> Path:
    project = copy_project(dest)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(text.replace("\nextra:\n", f"\nextra:\n  timeline_budget: {budget}\n", 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("paged")
    build = run_build(paged_project(work / "project"), work / "site")
    assert build.returncode == 0, build.log
    return build


def soup(build: Build, url_path: str) -> BeautifulSoup:
    return build.html(url_path.split("#")[0])


def resolve(base: str, href: str) -> tuple[str, str]:
    """A link's target as (site path of the folder, fragment)."""
    target = urljoin("/" + base, href)
    parts = urlsplit(target)
    return parts.path.lstrip("/"), parts.fragment


def test_the_plan_pages_only_beyond_the_budget() -> None:
    assert not timeline_plan(DATASET, len(DATASET.events)).paged
    assert PLAN.paged
    counts = {y: sum(e.date.year == y for e in DATASET.events.values()) for y in PLAN.years}
    shown = PLAN.main_years()
    # The most recent years, as many as fit the budget, and at least the latest one.
    assert shown == list(PLAN.years[-len(shown) :]) and shown
    assert sum(counts[y] for y in shown) <= BUDGET or len(shown) == 1
    assert sum(counts[y] for y in PLAN.years[-len(shown) - 1 :]) > BUDGET
    assert timeline_plan(DATASET, 1).main_years() == [PLAN.years[-1]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_is_reachable_from_the_timeline_without_javascript(site: Build, lang: str) -> None:
    """From the main timeline, following plain links between timeline pages reaches every event's
    card; each year page shows exactly its year's events; the main page the latest years."""
    root = prefix(lang)
    start = f"{root}timeline/"
    seen, queue, cards = {start}, [start], {}
    while queue:
        page = queue.pop()
        html = soup(site, page)
        cards[page] = [a["id"] for a in html.select("article.ph-event")]
        for link in html.select("article a[href]"):
            path, _ = resolve(page, link["href"])
            if (path == start or YEAR_PAGE.search(path)) and path.startswith(root + "timeline/") and path not in seen:
                seen.add(path)
                queue.append(path)
    years = {f"{root}timeline/{y}/" for y in PLAN.years}
    assert seen == years | {start}
    for path in years:
        year = int(YEAR_PAGE.search(path).group(1))
        assert cards[path] == [e.id for e in DATASET.events.values() if e.date.year == year]
    assert cards[start] == [e.id for e in DATASET.events.values() if e.date.year in PLAN.on_main]
    assert {card for found in cards.values() for card in found} == set(DATASET.events)


def test_no_link_is_broken_and_every_year_has_its_anchor(site: Build) -> None:
    report = sitecheck.check_links(site.site)
    assert report.broken == []
    # A link made while the timeline was one page (/timeline/#y1988) still lands on its year: the
    # main page keeps an element with that id for every year, in the index or as a heading.
    for lang in LANGUAGES:
        main = soup(site, f"{prefix(lang)}timeline/")
        years = range(PLAN.years[0], sitecheck_build_year() + 1)
        assert all(main.find(id=f"y{year}") is not None for year in years)
        for year in PLAN.years:
            entry = main.find(id=f"y{year}")
            if year in PLAN.on_main:
                assert entry.name == "h2"
            else:
                assert entry.name == "li" and entry.a["href"] == f"{year}/#y{year}"


def sitecheck_build_year() -> int:
    return 2026  # SOURCE_DATE_EPOCH of the test builds: 2026-01-01


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_year_of_the_home_figure_lands_on_that_year(site: Build, lang: str) -> None:
    home = prefix(lang)
    links = [a["href"] for a in soup(site, home).select("#figure-overview a.ph-year-link")]
    assert len(links) == sitecheck_build_year() - PLAN.years[0] + 1
    for href in links:
        path, fragment = resolve(home, href)
        year = int(fragment.removeprefix("y"))
        target = soup(site, path).find(id=fragment)
        if year in PLAN.years:  # its heading, on its own page
            assert path == f"{home}timeline/{year}/" and target.name == "h2"
        else:  # an empty year: its entry in the main page's index
            assert path == f"{home}timeline/" and "ph-years__empty" in target["class"]


def test_prev_and_next_walk_the_year_pages_in_order(site: Build) -> None:
    start = "en/timeline/"
    earlier = [y for y in PLAN.years if y not in PLAN.on_main]
    main_nav = soup(site, start).select_one("nav.ph-prevnext")
    assert [a["rel"] for a in main_nav.select("a")] == [["prev"]]
    assert resolve(start, main_nav.a["href"])[0] == f"en/timeline/{earlier[-1]}/"
    visited, page = [], f"en/timeline/{PLAN.years[0]}/"
    while page:
        visited.append(int(YEAR_PAGE.search(page).group(1)))
        html = soup(site, page)
        assert html.select_one('.ph-years a[aria-current="page"]').text == str(visited[-1])
        after = html.select_one("nav.ph-prevnext a[rel~=next]")
        before = html.select_one("nav.ph-prevnext a[rel~=prev]")
        if len(visited) > 1:
            assert resolve(page, before["href"])[0] == f"en/timeline/{visited[-2]}/"
        else:
            assert before is None
        page = resolve(page, after["href"])[0] if after else ""
    assert visited == list(PLAN.years)


def test_an_event_page_leads_to_its_card_on_the_timeline(site: Build) -> None:
    for event in DATASET.events.values():
        page = f"de/events/{event.id}/"
        path, fragment = resolve(page, soup(site, page).select_one(".ph-back a")["href"])
        assert path == f"de/timeline/{event.date.year}/" and fragment == event.id
        assert soup(site, path).find("article", id=event.id) is not None


def test_the_filters_say_what_they_filter_on_a_paged_timeline(site: Build) -> None:
    for path, events in [
        ("id/timeline/", [e for e in DATASET.events.values() if e.date.year in PLAN.on_main]),
        (f"id/timeline/{PLAN.years[0]}/", [e for e in DATASET.events.values() if e.date.year == PLAN.years[0]]),
    ]:
        form = soup(site, path.removeprefix("id/")).select_one("form#timeline-filter")
        assert form.select_one(".ph-filter__scope").text.startswith("Saringan ini hanya berlaku")
        actors = [o["value"] for o in form.select("#filter-actor option") if o["value"]]
        assert set(actors) == {a for e in events for a in e.actors}
        years = [o["value"] for o in form.select("#filter-from option") if o["value"]]
        assert years == sorted({str(e.date.year) for e in events} if len({e.date.year for e in events}) > 1 else [])


def test_year_pages_stay_out_of_the_navigation_and_the_search(site: Build) -> None:
    for lang in LANGUAGES:
        nav = soup(site, f"{prefix(lang)}timeline/{PLAN.years[0]}/").select("nav.md-nav--primary a[href]")
        assert not any(YEAR_PAGE.search(a["href"].split("#")[0]) for a in nav)
        index = json.loads((site.site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert [d["location"] for d in index["docs"] if YEAR_PAGE.search(d["location"].split("#")[0])] == []


def test_a_bad_budget_stops_the_build_with_one_line(tmp_path: Path) -> None:
    build = run_build(paged_project(tmp_path / "project", budget="many"), tmp_path / "site")
    assert build.returncode != 0
    assert "extra.timeline_budget: 'many'; expected a whole number of events, at least 1" in build.log
    assert "Traceback" not in build.log


def test_a_sector_or_actor_page_beyond_the_budget_lists_one_line_per_event(site: Build) -> None:
    long = {f"sectors/{k}/": v for k, v in DATASET.events_by_sector.items()}
    long |= {f"actors/{k}/": v for k, v in DATASET.events_by_actor.items()}
    assert any(len(v) > BUDGET for v in long.values()) and any(0 < len(v) <= BUDGET for v in long.values())
    for path, events in long.items():
        html = soup(site, "en/" + path)
        if len(events) > BUDGET:
            assert html.select("article.ph-event") == []
            links = [resolve("en/" + path, a["href"])[0] for a in html.select(".ph-event-index li a")]
            assert links == [f"en/events/{e.id}/" for e in events]
            assert [h["id"] for h in html.select("h3[id]")] == [f"y{y}" for y in sorted({e.date.year for e in events})]
        else:
            assert [a["id"] for a in html.select("article.ph-event")] == [e.id for e in events]


def test_the_paged_pages_are_valid_html(site: Build) -> None:
    from test_html_valid import validate

    files = [site.site / "timeline" / "index.html", site.site / "de" / "timeline" / str(PLAN.years[0]) / "index.html"]
    files += [site.site / "en" / "actors" / "pemko-padang" / "index.html"]
    assert validate(files) == {}


@pytest.fixture(scope="module")
def browser(site: Build) -> Iterator[tuple[Any, str]]:
    if not sitecheck.CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed at {sitecheck.CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sitecheck.serve(site.site) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
        yield chromium, base
        chromium.close()


@pytest.mark.parametrize("path", ["timeline/", f"en/timeline/{PLAN.years[0]}/", "de/actors/pemko-padang/"])
def test_axe_finds_no_violations_on_the_paged_pages(browser: tuple[Any, str], path: str) -> None:
    from test_browser import AXE_RUN, AXE_TAGS

    if not sitecheck.AXE_JS.is_file():
        pytest.skip(f"axe-core is not installed at {sitecheck.AXE_JS}")
    chromium, base = browser
    for scheme in ("light", "dark"):
        page = chromium.new_page(color_scheme=scheme)
        try:
            page.goto(base + path, wait_until="load")
            page.add_script_tag(path=str(sitecheck.AXE_JS))
            assert page.evaluate(AXE_RUN, AXE_TAGS) == []
        finally:
            page.close()


def test_an_old_year_link_goes_on_to_the_year_page_and_its_filters_work(browser: tuple[Any, str]) -> None:
    chromium, base = browser
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        first = PLAN.years[0]
        page.goto(f"{base}en/timeline/#y{first}", wait_until="load")
        page.wait_for_url(f"**/en/timeline/{first}/#y{first}")
        # The year page's filter, without period fields, narrows its cards.
        events = [e for e in DATASET.events.values() if e.date.year == first]
        assert page.is_visible("form#timeline-filter") and page.locator("#filter-from").count() == 0
        assert page.locator("article.ph-event:visible").count() == len(events)
        page.select_option("#filter-type", "agreement")
        shown = sum(e.type == "agreement" for e in events)
        assert page.locator("article.ph-event:visible").count() == shown
        status = page.text_content(".ph-filter__status") or ""
        assert status.startswith(f"{shown} of {len(events)}")
        assert errors == []
    finally:
        page.close()

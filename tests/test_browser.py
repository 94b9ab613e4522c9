"""The built site in headless Chromium (Debian's package), served from 127.0.0.1 like a static host.

One page of every type, in every language: it loads with no console error, no failed request and
no request to another host; axe-core finds no violation of WCAG 2.1 A/AA or its best practices
(light and dark scheme, desktop and a 390 px phone); the phone layout does not scroll sideways.
The language switcher leads to the same page (keeping the reader's filters and anchor), search
finds the reader's language, the timeline filter works, and all of it also with Material's instant
navigation turned on. Every check is also run on a deliberately broken copy of the project
(`sitecheck.broken_site`) and must report its faults.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sistercity
import sitecheck
from sistercity.render.i18n import localize
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build, skip_or_fail

DATASET = sistercity.load_dataset(ROOT / "data")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(r => r.violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(" ")}: ${v.help}`)))"""
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MISSING_PAGE = "no-such-page/"


def require_browser() -> None:
    missing = []
    if not sitecheck.CHROMIUM.is_file():
        missing.append(f"Chromium is not installed at {sitecheck.CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Python playwright is not installed (pip install -e '.[test]')")
    if not sitecheck.AXE_JS.is_file():
        missing.append(f"axe-core is not installed at {sitecheck.AXE_JS} (run `npm ci`)")
    if not missing:
        return
    skip_or_fail("browser tests cannot run: " + "; ".join(missing))


# --- one visit of one page ---------------------------------------------------------------------


@dataclass
class Visit:
    url: str
    status: int = 0
    console: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # local requests that failed or got an error status
    outside: list[str] = field(default_factory=list)  # requests to any other host (blocked)
    violations: list[str] = field(default_factory=list)  # axe-core
    overflow: int = 0  # how far the page scrolls sideways, in CSS pixels
    search_ready: bool = False  # Material's search loaded this language's index


# Material shows this placeholder once its search worker has loaded the page's search index.
SEARCH_READY = """() => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const meta = document.querySelector(".md-search-result__meta");
  return meta !== null && meta.textContent.trim() === config.translations["search.result.placeholder"];
}"""


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
NEXT_FRAME = "() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))"


class Tab:
    """One browser tab that visits pages one after another and records what goes wrong."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.result = Visit("")
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.result.console.append(f"uncaught: {error}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)

    def _local(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.result.url).netloc

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and not self._local(url):
            self.result.outside.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if where == self.result.url and self.result.status == 404 and "404" in message.text:
            return  # the error page itself, asked for on purpose
        if "ERR_BLOCKED_BY_CLIENT" in message.text:
            return  # a request to another host, blocked by _route and reported in `outside`
        self.result.console.append(f"{message.text} ({where})")

    def _response(self, response: Any) -> None:
        if response.url == self.result.url:
            self.result.status = response.status
        elif response.status >= 400:
            self.result.failed.append(f"{response.status} {response.url}")

    def _failed(self, request: Any) -> None:
        if self._local(request.url) and request.url != self.result.url:
            self.result.failed.append(f"{request.failure} {request.url}")

    def visit(self, url: str, axe: bool = True, narrow: bool = False, search: bool = True) -> Visit:
        """Load `url`; run axe-core; with `narrow`, measure the sideways scroll at 390 px wide too
        (then back to the tab's size); with `search`, then start a search (a click in the search
        field: the index is loaded on demand) and wait until Material's search has loaded the index."""
        self.result = result = Visit(url)
        self.page.goto(url, wait_until="load")
        result.overflow = self.page.evaluate(OVERFLOW)
        if axe:
            self.page.add_script_tag(path=str(sitecheck.AXE_JS))
            result.violations = self.page.evaluate(AXE_RUN, AXE_TAGS)
        if narrow:
            size = self.page.viewport_size
            self.page.set_viewport_size(PHONE["viewport"])
            self.page.evaluate(NEXT_FRAME)
            result.overflow = max(result.overflow, self.page.evaluate(OVERFLOW))
            self.page.set_viewport_size(size)
        if search:
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            try:
                self.page.click(".md-search__input", timeout=5000)
                self.page.wait_for_function(SEARCH_READY, timeout=15000)
                result.search_ready = True
            except PlaywrightTimeout:  # reported by test_search_index_loads_on_every_page; other errors fail here
                result.search_ready = False
        self.result = Visit("")
        return result


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base(site: Build) -> Iterator[str]:
    with sitecheck.serve(site.site) as url:
        yield url


def page_types(build: Build) -> dict[str, str]:
    """One page of each type: every top-level page, the largest page of each record type
    (events/<id>/, actors/<id>/, ...: the most varied content), and a page that does not exist."""
    types: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for page in sorted(build.pages(LANGUAGES[0])):
        parts = page.rstrip("/").split("/")
        kind = "home" if page == "" else page if len(parts) == 1 else f"{parts[0]}/*"
        size = (build.site / page / "index.html").stat().st_size
        if kind not in types or size > sizes[kind]:
            types[kind], sizes[kind] = page, size
    types["404"] = MISSING_PAGE
    return types


Job = tuple[str, str, str, str]  # (mode, language, page type, url)
MODES = {
    "light": {**DESKTOP, "color_scheme": "light"},
    "dark": {**DESKTOP, "color_scheme": "dark"},
    "phone": {**PHONE, "color_scheme": "light"},
}


def run_visits(jobs: list[tuple[Job, bool]], threads: int = 2) -> dict[tuple[str, str, str], Visit]:
    """Visit pages in `threads` browsers at once (one Playwright per thread, as it asks)."""
    import threading

    from playwright.sync_api import sync_playwright

    found: dict[tuple[str, str, str], Visit] = {}
    errors: list[BaseException] = []

    def work(share: list[tuple[Job, bool]]) -> None:
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS
                )
                tabs = {mode: Tab(chromium.new_context(**options)) for mode, options in MODES.items()}
                for (mode, lang, kind, url), axe in share:
                    light = mode == "light"
                    found[(mode, lang, kind)] = tabs[mode].visit(url, axe=axe, narrow=light, search=light)
                chromium.close()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(jobs[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return found


@pytest.fixture(scope="module")
def visits(site: Build, base: str) -> dict[tuple[str, str, str], Visit]:
    """Every page type in every language on a desktop in the light scheme, then narrowed to 390 px;
    in English also in the dark scheme (colours do not depend on the language); the home, timeline
    and an event page on an emulated phone. axe-core runs on every visit."""
    require_browser()
    types = page_types(site)
    jobs: list[tuple[Job, bool]] = []
    for kind, page in types.items():
        for lang in LANGUAGES:
            jobs.append((("light", lang, kind, base + prefix(lang) + page), True))
        jobs.append((("dark", "en", kind, base + "en/" + page), True))
        if kind in ("home", "timeline/", "events/*"):
            jobs.append((("phone", "en", kind, base + "en/" + page), True))
    return run_visits(jobs, threads=max(1, min(2, os.cpu_count() or 1)))


def failures(visits: dict[tuple[str, str, str], Visit], attribute: str) -> list[str]:
    return [f"{mode} {v.url}: {item}" for (mode, _, _), v in visits.items() for item in getattr(v, attribute)]


# --- the real site -----------------------------------------------------------------------------


def test_every_page_type_is_visited(site: Build, visits: dict[tuple[str, str, str], Visit]) -> None:
    kinds = set(page_types(site))
    assert {"home", "timeline/", "events/*", "actors/*", "sectors/*", "404"} <= kinds
    for lang in LANGUAGES:
        for kind in kinds:
            expected = 404 if kind == "404" else 200
            assert visits[("light", lang, kind)].status == expected, (lang, kind)


def test_pages_load_without_console_errors(visits: dict[tuple[str, str, str], Visit]) -> None:
    assert failures(visits, "console") == []


def test_every_local_request_succeeds(visits: dict[tuple[str, str, str], Visit]) -> None:
    assert failures(visits, "failed") == []


def test_no_request_leaves_the_local_host(visits: dict[tuple[str, str, str], Visit]) -> None:
    assert failures(visits, "outside") == []


def test_axe_finds_no_violations(visits: dict[tuple[str, str, str], Visit]) -> None:
    assert failures(visits, "violations") == []


def test_search_index_loads_on_every_page(visits: dict[tuple[str, str, str], Visit]) -> None:
    waited = [v for (mode, _, _), v in visits.items() if mode == "light"]
    assert len(waited) > 20
    assert [v.url for v in waited if not v.search_ready] == []


def test_phone_layout_does_not_scroll_sideways(visits: dict[tuple[str, str, str], Visit]) -> None:
    # Every page at 390 px wide ("light" visits are narrowed after axe), and on an emulated phone.
    wide = [f"{mode} {v.url}: {v.overflow}px" for (mode, _, _), v in visits.items() if v.overflow > 0]
    assert wide == []
    assert any(mode == "phone" for mode, _, _ in visits)


def switch_language(page: Any, to: str) -> str:
    """Open the language menu like a reader (hover, then click) and pick `to`; return the new URL."""
    page.hover(".md-header .md-select")
    with page.expect_navigation():
        page.click(f".md-header a.md-select__link[hreflang={to}]")
    page.wait_for_load_state()
    return page.url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_leads_to_the_same_page(browser: Any, site: Build, base: str, lang: str) -> None:
    event = next(iter(DATASET.events))
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        for here in (f"events/{event}/", page_types(site)["actors/*"]):
            for to in LANGUAGES:
                if to == lang:
                    continue
                page.goto(base + prefix(lang) + here)
                assert switch_language(page, to) == base + prefix(to) + here
                assert page.get_attribute("html", "lang") == to
    finally:
        context.close()


def test_language_switcher_keeps_the_readers_place(browser: Any, base: str) -> None:
    # The query (the timeline's filters) and the #anchor carry over to the other language.
    sector, events = next(iter(DATASET.events_by_sector.items()))
    place = f"timeline/?sector={sector}#{events[-1].id}"
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + place)
        assert switch_language(page, "de") == base + "de/" + place
        assert switch_language(page, "en") == base + "en/" + place
    finally:
        context.close()


def check_timeline_filter(page: Any, lang: str) -> None:
    """Pick a sector in the timeline's filter: only that sector's events stay, and the URL says so."""
    total = len(DATASET.events)
    sector = next((s for s, events in DATASET.events_by_sector.items() if 0 < len(events) < total), None)
    assert sector is not None, "the data should have a sector with some but not all events"
    page.wait_for_selector("#timeline-filter:not([hidden])")
    page.select_option("#timeline-filter select[name=sector]", sector)
    page.wait_for_function("s => location.search.includes('sector=' + s)", arg=sector)
    shown = page.eval_on_selector_all("article.ph-event[data-year]:not([hidden])", "cards => cards.map(c => c.id)")
    assert shown == [e.id for e in DATASET.events.values() if sector in e.sectors], lang
    page.click("#timeline-filter [type=reset]")
    page.wait_for_function("() => !location.search.includes('sector=')")
    assert page.eval_on_selector_all("article.ph-event[data-year]:not([hidden])", "c => c.length") == total


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_filter(browser: Any, site: Build, base: str, lang: str) -> None:
    assert site.html(prefix(lang) + "timeline/").find(id="timeline-filter") is not None, "the timeline has no filter"
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + prefix(lang) + "timeline/")
        check_timeline_filter(page, lang)
    finally:
        context.close()


def test_language_switcher_after_navigating_within_the_site(browser: Any, base: str) -> None:
    # With Material's instant navigation (navigation.instant) the second page is swapped in by script;
    # test_instant_navigation_keeps_the_switcher_working turns it on.
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + "en/")
        page.click(".md-tabs a[href$='timeline/']")
        page.wait_for_url(base + "en/timeline/")
        assert switch_language(page, "de") == base + "de/timeline/"
        page.click(".md-tabs a[href$='agreements/']")
        page.wait_for_url(base + "de/agreements/")
        assert switch_language(page, "id") == base + "agreements/"
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "scheme"), [*((lang, "light") for lang in LANGUAGES), ("en", "dark")])
def test_search_finds_pages_in_the_readers_language(browser: Any, base: str, lang: str, scheme: str) -> None:
    event = next(e for e in DATASET.events.values() if e.type == "agreement")
    title = localize(event.title, lang).text
    context = browser.new_context(**DESKTOP, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base + prefix(lang) + "timeline/")
        page.click(".md-search__input")
        page.keyboard.type(title)  # as a reader types (Material listens to key presses)
        page.wait_for_selector(".md-search-result__item a", timeout=15000)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a", "links => links.map(a => new URL(a.href).pathname)"
        )
        assert f"/{prefix(lang)}events/{event.id}/" in hrefs, hrefs
        assert all(href.startswith(f"/{prefix(lang)}") for href in hrefs)
        assert lang == LANGUAGES[0] or all(href.startswith(f"/{lang}/") for href in hrefs)
        # The open search dialog, with results, passes axe too.
        page.add_script_tag(path=str(sitecheck.AXE_JS))
        assert page.evaluate(AXE_RUN, AXE_TAGS) == []
    finally:
        context.close()


# --- a variant: Material's instant navigation turned on ----------------------------------------


def test_instant_navigation_keeps_the_switcher_working(browser: Any, tmp_path: Path) -> None:
    # A variant of the site with Material's instant navigation, which needs site_url (it follows
    # only links listed in sitemap.xml): built for the port it is then served on. It also has a
    # copyright line, to check the footer's contrast (the real site has none).
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  features:\n" in text
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(f"site_url: http://127.0.0.1:{port}/\ncopyright: © Padang – Hildesheim\n" + text, "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    with sitecheck.serve(build.site, port=port) as url:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        try:
            page.goto(url)
            page.evaluate("window.notReloaded = true")
            for tab in ("timeline/", "agreements/"):
                page.click(f".md-tabs a[href$='{tab}']")
                page.wait_for_url(url + tab)
                assert page.evaluate("window.notReloaded === true"), "instant navigation did not take over"
                if tab == "timeline/":
                    assert build.html("timeline/").find(id="timeline-filter") is not None
                    check_timeline_filter(page, "id")  # the filter is set up after instant navigation too
            assert switch_language(page, "en") == url + "en/agreements/"
            assert page.get_attribute("html", "lang") == "en"
            assert page.evaluate("window.notReloaded === undefined"), "switching language must load the page"
            page.add_script_tag(path=str(sitecheck.AXE_JS))
            assert page.evaluate(AXE_RUN, AXE_TAGS) == []
        finally:
            context.close()


# --- the checks fail on a broken build ---------------------------------------------------------


@pytest.fixture(scope="module")
def broken_visits(browser: Any) -> Iterator[dict[str, Visit]]:
    build = sitecheck.broken_site()
    assert build.returncode == 0, build.log
    with sitecheck.serve(build.site) as url:
        page_url = url + sitecheck.BROKEN_PAGE
        jobs = [(("light", "en", "broken", page_url), True), (("phone", "en", "broken", page_url), True)]
        found = {mode: v for (mode, _, _), v in run_visits(jobs, threads=1).items()}
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        page.goto(url + "en/timeline/")
        found["switched"] = Visit(switch_language(page, "de"))
        context.close()
        found["base"] = Visit(url)
        yield found


def test_console_check_reports_errors(broken_visits: dict[str, Visit]) -> None:
    console = "\n".join(broken_visits["light"].console)
    assert sitecheck.CONSOLE_ERROR in console
    assert f"uncaught: {sitecheck.PAGE_ERROR}" in console


def test_request_check_reports_every_other_host(broken_visits: dict[str, Visit]) -> None:
    outside = broken_visits["light"].outside + broken_visits["phone"].outside  # srcset 2x: the phone
    third = sitecheck.THIRD_PARTY
    for kind in ("img", "srcset", "style", "stylesheet", "script", "inline-fetch", "js-beacon"):
        assert any(url.startswith(third[kind].split("?")[0]) for url in outside), (kind, outside)


def test_axe_reports_the_fixed_material_faults(broken_visits: dict[str, Visit]) -> None:
    # The broken copy has stock Material's search dialog, grey text, a link marked by colour only
    # and an image without alt text: the faults our overrides fix, and one more.
    rules = {v.split(":")[0] for v in broken_visits["light"].violations}
    assert {"aria-dialog-name", "color-contrast", "link-in-text-block", "image-alt"} <= rules


def test_overflow_check_reports_a_wide_page(broken_visits: dict[str, Visit]) -> None:
    assert broken_visits["phone"].overflow > 1000


def test_switcher_check_reports_a_switch_to_the_wrong_page(broken_visits: dict[str, Visit]) -> None:
    # The broken switcher leads to each language's home.
    assert broken_visits["switched"].url == broken_visits["base"].url + "de/"

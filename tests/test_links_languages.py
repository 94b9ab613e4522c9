"""Each language's pages stay in that language: links, error pages and search (beyond the checks of
every page's lang, switcher and search index in test_site_build.py)."""

from __future__ import annotations

import json

import pytest
import sitecheck
from sitebuild import LANGUAGES, Build, prefix


def test_links_stay_in_the_readers_language(site: Build) -> None:
    # Only the language switcher (links with hreflang) leads to another language; this covers the
    # navigation, templates, generated pages and the 404 pages.
    assert sitecheck.links_leaving_their_language(site.site) == []


def test_every_page_in_every_language_with_its_lang_switcher_and_search(site: Build) -> None:
    assert sitecheck.language_problems(site.site) == []


def test_language_checks_report_a_build_whose_languages_disagree() -> None:
    broken = sitecheck.broken_languages_site()
    assert broken.returncode == 0, broken.log
    found = sitecheck.language_problems(broken.site)
    only = sitecheck.ONLY_IN_ONE_LANGUAGE
    wrong = sitecheck.WRONG_LANGUAGE
    assert f"{only}: missing in en, de" in found
    assert f"{wrong}/timeline/: <html lang> is en, expected {wrong}" in found
    assert f"{wrong}/search/search_index.json: language ['en'], expected ['{wrong}']" in found
    assert "en/timeline/: the switcher to de leads to /de/" in found


def test_language_check_reports_a_link_into_another_language() -> None:
    broken = sitecheck.broken_site()
    assert broken.returncode == 0, broken.log
    found = sitecheck.links_leaving_their_language(broken.site)
    link = sitecheck.OTHER_LANGUAGE_LINK
    assert found == [f"{sitecheck.BROKEN_PAGE}index.html: {link} leads to the 'id' site"]


@pytest.mark.parametrize(
    ("lang", "text"), [("id", "Halaman tidak ditemukan"), ("en", "Page not found"), ("de", "Seite nicht gefunden")]
)
def test_error_page_is_in_its_language(site: Build, lang: str, text: str) -> None:
    page = site.html(prefix(lang) + "404.html")
    assert page.html is not None and page.html["lang"] == lang
    assert page.h1 is not None and text in page.h1.get_text()
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith(f"/{prefix(lang)}assets/") for href in stylesheets)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_holds_the_pages_of_its_language(site: Build, lang: str) -> None:
    # Every record page and the main pages; a page may opt out (front matter `search: exclude`),
    # as the maintainers' translation status does.
    index = json.loads((site.site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    pages = site.pages(lang)
    assert locations <= pages
    records = {page for page in pages if page.split("/")[0] in ("events", "actors", "sectors")}
    assert len(records) > 10
    assert records | {"", "timeline/", "agreements/", "actors/", "sectors/", "sources/"} <= locations

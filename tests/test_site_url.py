"""A wrapper config, as the README's "Build for publishing" and the Pages workflow make one: its
settings reach every language, and with a published address (`site_url`) every language states its
own addresses: the English pages live below <site_url>/en/, so their canonical links, sitemap and
feed say so."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin

import pytest
import sitecheck
from sitebuild import LANGUAGES, Build, copy_project, prefix, run_build

ADDRESS = "https://example.org/partnership/"
COPYRIGHT = "Wrapper-config notice 4711"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("site-url")
    project = copy_project(base / "project")
    # As the README's "Build for publishing" and the Pages workflow do it.
    published = f'INHERIT: mkdocs.yml\nsite_url: "{ADDRESS}"\ncopyright: "{COPYRIGHT}"\n'
    (project / "mkdocs.published.yml").write_text(published, encoding="utf-8")
    build = run_build(project, base / "site", config="mkdocs.published.yml")
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_wrapper_configs_settings_reach_every_page_of_every_language(site: Build, lang: str) -> None:
    pages = site.pages(lang)
    assert len(pages) > 50
    for page in pages:
        html = (site.site / prefix(lang) / page / "index.html").read_text(encoding="utf-8")
        assert COPYRIGHT in html, f"{prefix(lang)}{page}"


def test_every_switcher_of_the_wrapper_build_leads_to_the_same_page_in_each_language(site: Build) -> None:
    assert sitecheck.language_problems(site.site) == []


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_canonical_and_open_graph_addresses_are_the_pages_own(site: Build, prefix: str) -> None:
    page = site.html(f"{prefix}timeline/")
    expected = f"{ADDRESS}{prefix}timeline/"
    assert page.find("link", rel="canonical")["href"] == expected
    assert page.find("meta", property="og:url")["content"] == expected


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_each_sitemap_lists_its_own_languages_pages(site: Build, prefix: str) -> None:
    sitemap = (site.site / prefix / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{ADDRESS}{prefix}timeline/" in locs
    own = [loc for loc in locs if loc.startswith(ADDRESS + prefix)]
    assert len(own) == len(locs) > 50
    if not prefix:  # the root's sitemap holds no page of another language
        assert not [loc for loc in locs if loc.startswith((ADDRESS + "en/", ADDRESS + "de/"))]
    packed = gzip.decompress((site.site / prefix / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert packed == sitemap


def test_english_feed_links_to_english_pages(site: Build) -> None:
    feed = (site.site / "en" / "feed.xml").read_text(encoding="utf-8")
    assert f'xml:base="{ADDRESS}en/"' in feed
    links = [urljoin(f"{ADDRESS}en/", href) for href in re.findall(r'<link[^>]*href="([^"]+)"', feed)]
    events = [link for link in links if "/events/" in link]
    assert events and all(link.startswith(f"{ADDRESS}en/events/") for link in events), links[:5]


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_record_citations_give_the_records_stable_address(site: Build, prefix: str) -> None:
    page = site.html(f"{prefix}events/1988-founding/")
    apa, bibtex = (code.get_text() for code in page.select(".ph-cite-record pre code"))
    address = f"{ADDRESS}{prefix}events/1988-founding/"
    assert apa.endswith(address) and f"  url = {{{address}}}," in bibtex
    assert page.find("link", rel="canonical")["href"] == address  # the same address the page declares

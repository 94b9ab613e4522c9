"""Links, anchors and third-party loads in the built site, checked independently of MkDocs.

Two checkers read the output, not the Markdown, so raw HTML and template links count:
`sitecheck.check_links` (every address and every #anchor in every HTML and CSS file) and
linkinator (npm), which crawls the site over HTTP like a visitor. Each check is also run on a
deliberately broken copy of the project (`sitecheck.broken_site`) and must report its faults.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sistercity
import sitecheck
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build, skip_or_fail

DATASET = sistercity.load_dataset(ROOT / "data")
PREFIXES = {lang: prefix(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def broken() -> Build:
    build = sitecheck.broken_site()
    assert build.returncode == 0, "the broken copy must still pass `mkdocs build --strict`:\n" + build.log
    return build


def require_linkinator() -> None:
    if sitecheck.linkinator_available():
        return
    skip_or_fail("linkinator is not installed: run `npm ci` in the repository (see .ci/run)")


# --- MkDocs' own validation --------------------------------------------------------------------


def test_strict_build_fails_on_a_broken_markdown_link_and_anchor(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "id" / "analysis.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\n[gone](no-such-page.md) and [nowhere](timeline.md#no-such-anchor)\n",
        encoding="utf-8",
    )
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "no-such-page.md" in build.log
    assert "no-such-anchor" in build.log


# --- every internal address and anchor ---------------------------------------------------------


def test_no_broken_internal_links_or_anchors(site: Build) -> None:
    report = sitecheck.check_links(site.site)
    assert report.checked > 1000
    assert report.broken == []


def test_link_check_reports_broken_raw_html_links_and_anchors(broken: Build) -> None:
    report = sitecheck.check_links(broken.site)
    page = sitecheck.BROKEN_PAGE + "index.html"
    assert f"{page}: a[href] {sitecheck.BROKEN_LINK}: no such file" in report.broken
    anchor = sitecheck.BROKEN_ANCHOR
    assert f"{page}: a[href] {anchor}: no element with id 'no-such-event' in en/timeline/index.html" in report.broken
    same = sitecheck.BROKEN_SAME_PAGE_ANCHOR
    assert f"{page}: a[href] {same}: no element with id 'no-such-heading' in {page}" in report.broken
    assert len(report.broken) == 3, report.broken


def test_external_links_are_listed_not_fetched(site: Build) -> None:
    report = sitecheck.check_links(site.site)
    cited = {source.url for source in DATASET.sources.values() if source.url}
    assert cited, "the data should cite at least one source with an address"
    assert cited <= set(report.external)
    assert all(url.startswith(("http://", "https://")) for url in report.external)


# --- linkinator: an independent crawl over HTTP ------------------------------------------------


def test_linkinator_finds_no_broken_links(site: Build) -> None:
    require_linkinator()
    with sitecheck.serve(site.site) as base:
        report = sitecheck.run_linkinator(base)
    assert sitecheck.linkinator_broken(report) == []
    checked = {link["url"] for link in report["links"] if link["state"] == "OK"}
    # The crawl reached every page of every language (no page is an orphan) and the 404 pages.
    every_page = {base + prefix + page for lang, prefix in PREFIXES.items() for page in site.pages(lang)}
    assert every_page - checked == set()
    assert {base + page + "404.html" for page in PREFIXES.values()} <= checked
    skipped = {link["url"] for link in report["links"] if link["state"] == "SKIPPED"}
    assert skipped and not any(url.startswith(base) for url in skipped)


def test_linkinator_reports_broken_raw_html_links_and_anchors(broken: Build) -> None:
    require_linkinator()
    with sitecheck.serve(broken.site) as base:
        report = sitecheck.run_linkinator(base)
    broken_urls = {link["url"] for link in report["links"] if link["state"] == "BROKEN"}
    assert base + "en/no-such-page/" in broken_urls
    assert base + sitecheck.BROKEN_PAGE + sitecheck.BROKEN_SAME_PAGE_ANCHOR in broken_urls


# --- privacy: nothing is loaded from other hosts -----------------------------------------------


def test_nothing_is_loaded_from_other_hosts(site: Build) -> None:
    assert sitecheck.third_party_loads(site.site) == []


def test_privacy_scan_reports_every_kind_of_third_party_load(broken: Build) -> None:
    found = "\n".join(sitecheck.third_party_loads(broken.site))
    page = sitecheck.BROKEN_PAGE + "index.html"
    third = sitecheck.THIRD_PARTY
    for line in (
        f"{page}: img[src] {third['img']}",
        f"{page}: img[srcset] {third['srcset']}",
        f"{page}: style url() {third['style']}",
        f"{page}: link[href] {third['preconnect']}",
        f"{page}: link[href] {third['stylesheet']}",
        f"{page}: script[src] {third['script']}",
        f"{page}: inline <script> {third['inline-fetch']}",
        f"en/assets/stylesheets/site.css: css {third['css-font']}",
        f"en/assets/javascripts/tracker.js: script {third['js-beacon']}",
    ):
        assert line in found.splitlines(), f"{line}\nnot in:\n{found}"

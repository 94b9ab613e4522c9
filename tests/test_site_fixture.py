"""Builds of small fixture data sets: escaping, translation markers, new records, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.analysis.translations import stand_ins
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("project"), data=FIXTURE_DATA)
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return build


def test_html_in_data_is_shown_as_text(fixture_site: Build) -> None:
    for path in ("events/2012-evening/", "timeline/", "sources/", "en/events/2012-evening/"):
        raw = (fixture_site.site / path / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in raw
        assert "<b>kota</b>" not in raw
    page = fixture_site.html("events/2012-evening/")
    assert page.h1 is not None and "Malam <script>alert(1)</script> informasi" in page.h1.get_text()
    assert page.title is not None and page.title.get_text().startswith("Malam <script>alert(1)</script> informasi")


def test_markdown_in_data_is_shown_as_text(fixture_site: Build) -> None:
    page = fixture_site.html("en/events/2012-evening/")
    assert page.h1 is not None and "Information *evening* [x](javascript:alert(1))" in page.h1.get_text()
    assert page.find("a", href="javascript:alert(1)") is None
    assert page.find("em") is None or "evening" not in page.find("em").get_text()


def test_missing_translation_is_marked_in_the_readers_language(fixture_site: Build) -> None:
    page = fixture_site.html("de/events/2012-evening/")
    marker = page.select_one(".ph-untranslated")
    assert marker is not None and marker.get_text() == "noch nicht übersetzt"
    complete = fixture_site.html("de/events/2022-trip/")
    for elsewhere in complete.select(".ph-related, .ph-prevnext"):  # other events, with their own markers
        elsewhere.decompose()
    assert complete.select(".ph-untranslated") == []


def stand_ins_without_their_lang(build: Build) -> list[str]:
    """Text shown in another language as a stand-in for a missing translation, on any page, that
    does not sit in an element declaring that language (WCAG 3.1.2, language of parts)."""
    dataset = load_dataset(build.site.parent / "data")
    problems = []
    for lang in LANGUAGES:
        # Texts of a few characters ("2020") cannot be told apart from the page's own words.
        shown = {" ".join(t.split()): other for t, other in stand_ins(dataset, lang).items() if len(t) >= 8}
        for page in sorted(build.pages(lang)):
            for node in build.html(prefix(lang) + page).find_all(string=True):
                words = " ".join(node.split())
                if len(words) < 8 or node.parent.name in ("title", "script", "style"):
                    continue
                for text, other in shown.items():
                    declared = next((p["lang"] for p in node.parents if p.has_attr("lang")), None)
                    if (words in text or text in words) and declared != other:
                        problems.append(f"{prefix(lang)}{page}: '{words[:30]}' is in {other}, declared {declared}")
    return problems


def test_text_shown_in_another_language_declares_that_language(fixture_site: Build) -> None:
    assert stand_ins(load_dataset(FIXTURE_DATA), "de"), "the fixture needs untranslated texts"
    assert stand_ins_without_their_lang(fixture_site) == []


def test_the_language_check_sees_a_stand_in_without_its_lang(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    macros = project / "hooks" / "sistercity" / "render" / "templates" / "_macros.j2"
    text = macros.read_text(encoding="utf-8")
    assert '<span lang="{{ l.lang }}">' in text
    macros.write_text(text.replace('<span lang="{{ l.lang }}">', "<span>"), encoding="utf-8")
    broken = run_build(project, project / "site")
    assert broken.returncode == 0, broken.log
    found = stand_ins_without_their_lang(broken)
    assert "de/timeline/: 'Information *evening* [x](java' is in en, declared de" in found


def test_dates_keep_their_precision(fixture_site: Build) -> None:
    def date_text(path: str, event_id: str) -> str:
        return fixture_site.html(path).find("article", id=event_id).find("time").get_text()

    assert date_text("timeline/", "1988-founding") == "20 Juni 1988"
    assert date_text("en/timeline/", "1988-founding") == "20 June 1988"
    assert date_text("de/timeline/", "1988-founding") == "20. Juni 1988"
    assert date_text("en/timeline/", "2012-evening") == "February 2012"
    assert date_text("timeline/", "2022-trip") == "21 November – 2 Desember 2022"


def test_agreement_without_named_signatories_says_so(fixture_site: Build) -> None:
    page = fixture_site.html("en/events/1988-founding/")
    assert page.select_one("dd.signatories").get_text() == "Not named in the sources"


def _project_with(tmp_path: Path, file: str, text: str) -> Path:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    (project / "data" / file).write_text(text, encoding="utf-8")
    return project


def test_a_new_event_appears_everywhere(tmp_path: Path) -> None:
    events = (FIXTURE_DATA / "events.yml").read_text(encoding="utf-8")
    events += """
- id: 2030-new-visit
  date: "2030-05"
  type: visit
  title: {id: Kunjungan baru, en: A new visit, de: Ein neuer Besuch}
  sectors: [culture]
  actors: [city-a]
  sources: [city-page]
  certainty: single-source
"""
    build = run_build(_project_with(tmp_path, "events.yml", events), tmp_path / "site")
    assert build.returncode == 0, build.log
    for lang, title in zip(LANGUAGES, ("Kunjungan baru", "A new visit", "Ein neuer Besuch"), strict=True):
        assert build.html(f"{prefix(lang)}events/2030-new-visit/").h1.get_text().startswith(title)
        for page in ("timeline/", "sectors/culture/", "actors/city-a/"):
            assert build.html(prefix(lang) + page).find("article", id="2030-new-visit") is not None, prefix(lang) + page
        index = build.site / prefix(lang) / "search" / "search_index.json"
        assert "2030-new-visit" in index.read_text(encoding="utf-8")


def test_bad_data_stops_the_build_with_one_clear_line(tmp_path: Path) -> None:
    events = (
        (FIXTURE_DATA / "events.yml").read_text(encoding="utf-8").replace("sectors: [culture]", "sectors: [budaya]", 1)
    )
    build = run_build(_project_with(tmp_path, "events.yml", events), tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert (
        "data/events.yml:7: events[0].sectors[0]: unknown sector 'budaya'; "
        "expected an id from data/sectors.yml: culture, education"
    ) in build.log


def test_unknown_marker_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    page = project / "docs" / "en" / "analysis.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- data:key-figure -->\n", encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert "unknown data marker 'key-figure'; expected one of: key-figures, latest-events" in build.log


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("cited"), data=FIXTURE_DATA)
    for lang in LANGUAGES:
        page = project / "docs" / lang / "analysis.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nClaim [[event:1988-founding]], source [[source:news-2012]].\n",
            encoding="utf-8",
        )
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize(("prefix", "title"), [("", "Pendirian kerja sama"), ("de/", "Gründung der Zusammenarbeit")])
def test_citation_markers_link_in_the_readers_language(cited_site: Build, prefix: str, title: str) -> None:
    page = cited_site.html(prefix + "analysis/")
    event_link = page.select_one("a.ph-cite--event")
    assert event_link is not None and event_link.get_text() == title
    assert event_link["href"] == "../events/1988-founding/"
    source_link = page.select_one("a.ph-cite--source")
    assert source_link["href"] == "../sources/#news-2012" and source_link.get_text() == "A. Penulis 2012"


def test_records_list_the_pages_that_cite_them(cited_site: Build) -> None:
    event = cited_site.html("en/events/1988-founding/")
    assert [a["href"] for a in event.select(".ph-cited-in a")] == ["../../analysis/"]
    sources = cited_site.html("en/sources/")
    assert [a["href"] for a in sources.find("li", id="news-2012").select(".ph-cited-in a")] == ["../analysis/"]


def test_unknown_citation_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    page = project / "docs" / "de" / "analysis.md"
    page.write_text("# Analyse\n\nSee [[event:1989-founding]].\n", encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert (
        "docs/de/analysis.md:3: unknown event '1989-founding' in [[event:1989-founding]]; "
        "expected an id from data/events.yml"
    ) in build.log


def test_one_sided_events_are_flagged(fixture_site: Build) -> None:
    one_sided = fixture_site.html("en/events/2022-trip/")  # cites only a Padang source
    assert one_sided.select_one("dd.sides").get_text(" ", strip=True).startswith("Padang/Indonesian sources")
    assert one_sided.select_one(".ph-one-sided") is not None
    both = fixture_site.html("en/events/2012-evening/")
    assert both.select_one(".ph-one-sided") is None


def test_disagreeing_sources_are_all_shown(fixture_site: Build) -> None:
    box = fixture_site.html("en/actors/mayor-a/").select_one(".ph-disagreement")
    assert box is not None and "The sources disagree: End of the term" in box.get_text(" ", strip=True)
    claims = [li.get_text(" ", strip=True) for li in box.select("li")]
    assert claims == ["Stadt Beispiel : 2021", "A. Penulis 2012 : 2020"]
    assert [a["href"] for a in box.select("a")] == ["../../sources/#city-page", "../../sources/#news-2012"]


# --- evidence: quotes under their sources, titles described by the editors ---------------------


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_quotes_stand_under_their_source_in_its_language(fixture_site: Build, prefix: str) -> None:
    page = fixture_site.html(f"{prefix}events/2012-evening/")
    plain, quoted = page.select(".ph-references > li")
    assert plain["id"] == "ref-news-2012" and plain.select("blockquote") == []
    assert quoted["id"] == "ref-city-page"
    block = quoted.select_one("blockquote.ph-quote")
    assert block is not None and block["cite"] == "https://example.org/partner"
    assert block.p is not None and block.p["lang"] == "de"  # the source's language, not the page's
    assert block.p.get_text() == "Am Abend <b>lädt</b> die Stadt … ins Rathaus ein"  # escaped, verbatim
    assert block.select_one(".ph-quote__locator").get_text() == "Absatz 2"
    link = block.select_one("a.ph-quote__source")
    assert link is not None and link["href"] == "https://example.org/partner"


def test_a_title_by_the_editors_never_looks_like_a_published_title(fixture_site: Build) -> None:
    for page in ("en/sources/", "en/events/2022-trip/"):
        html = fixture_site.html(page)
        entry = html.find(id="city-minutes") or html.find(id="ref-city-minutes")
        assert entry is not None, page
        described = entry.select_one(".ph-ref__described")
        assert described is not None and described.get_text() == "[Notulen rapat koordinasi kerja sama kota kembar]"
        note = entry.select_one(".ph-ref__described-note").get_text()
        assert note == "(a description by the editors, as no published title could be read)"
        assert "Notulen rapat" not in " ".join(c.get_text() for c in entry.select("cite"))
    published = fixture_site.html("en/sources/").find(id="city-page").select_one("cite")
    assert published is not None and published.get_text() == "Partnerstadt Beispiel"


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_translation_status_lists_events_without_a_quote(fixture_site: Build, prefix: str) -> None:
    from sistercity import load_dataset
    from sistercity.analysis.evidence import events_without_quote

    page = fixture_site.html(f"{prefix}translation-status/")
    heading = page.find("h2", id="quotes")
    assert heading is not None
    unquoted = events_without_quote(load_dataset(FIXTURE_DATA))
    assert [u.event_id for u in unquoted] == ["1988-founding"]
    table = page.select_one(".ph-quotes-missing")
    rows = table.select("tbody tr")
    assert [r.select_one(".location").get_text() for r in rows] == [f"{u.file}:{u.line}" for u in unquoted]
    assert rows[0].find("a")["href"] == "../events/1988-founding/"
    assert [a["href"] for a in rows[0].select("td")[2].select("a")] == ["../sources/#city-page"]
    assert page.select_one(".ph-quotes-count .count").get_text() == "1"


# --- citing records and taking the sources into a reference manager -----------------------------


@pytest.mark.parametrize("prefix", ["", "en/", "de/"])
def test_data_page_offers_the_bibliography_in_every_language(fixture_site: Build, prefix: str) -> None:
    import bibtexparser
    import rispy
    from sistercity import load_dataset

    sources = list(load_dataset(FIXTURE_DATA).sources)
    page = fixture_site.html(f"{prefix}data/")
    for name in ("sources.bib", "sources.ris", "sources.csl.json"):
        link = page.select_one(f".ph-downloads a[href='{name}']")
        assert link is not None and link.has_attr("download"), name
        assert f"{len(sources)}" in link.find_parent("li").get_text()
    folder = fixture_site.site / prefix / "data"
    bib = bibtexparser.parse_string((folder / "sources.bib").read_text(encoding="utf-8"))
    assert [e.key for e in bib.entries] == sources
    assert [r["id"] for r in rispy.loads((folder / "sources.ris").read_text(encoding="utf-8"))] == sources
    assert [i["id"] for i in json.loads((folder / "sources.csl.json").read_text(encoding="utf-8"))] == sources


@pytest.mark.parametrize(("prefix", "page", "kind"), [("en/", "events/1988-founding/", "Agreement record"),
                                                       ("de/", "events/2022-trip/", "Ereigniseintrag"),
                                                       ("", "actors/city-a/", "Catatan aktor")])  # fmt: skip
def test_every_record_page_offers_its_citation(fixture_site: Build, prefix: str, page: str, kind: str) -> None:
    html = fixture_site.html(prefix + page)
    block = html.select_one(".ph-cite-record")
    assert block is not None
    apa, bibtex = (code.get_text() for code in block.select("pre code"))
    title = html.h1.get_text().rstrip("¶").strip()  # the heading ends with its permalink
    assert f"{title} [{kind}]" in apa and "Padang – Hildesheim: a public record" in apa
    assert bibtex.startswith("@misc{padang_hildesheim_") and f"note = {{{kind}}}" in bibtex
    # Copies without the repository's history build without a date, and say so.
    assert "(n.d.)" in apa or "(o. J.)" in apa or "(t.t.)" in apa
    coins = html.select("span.Z3988")
    assert coins and "rft.type=webpage" in coins[0]["title"]
    # Kept out of search: every citation names the site, which would rank all record pages alike.
    index = (fixture_site.site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    key = bibtex.split("{", 1)[1].split(",", 1)[0]
    assert key.startswith("padang_hildesheim_") and key not in index and f"[{kind}]" not in index


def test_sources_page_carries_coins_for_each_source(fixture_site: Build) -> None:
    from urllib.parse import parse_qs

    page = fixture_site.html("en/sources/")
    spans = page.select("li > span.Z3988")
    assert len(spans) == len(page.select(".ph-bibliography > li"))
    read = {parse_qs(span["title"])["rft.title"][0]: parse_qs(span["title"]) for span in spans}
    assert read["[Notulen rapat koordinasi kerja sama kota kembar]"]["rft.type"] == ["document"]
    assert read["Berita kerja sama <b>kota</b>"]["rft.type"] == ["newspaperArticle"]


def test_a_stand_in_title_in_a_citation_declares_its_language(fixture_site: Build) -> None:
    page = fixture_site.html("de/events/2012-evening/")  # no German title: the English one stands in
    apa, bibtex = page.select(".ph-cite-record pre code")
    assert apa.select_one("span[lang=en]").get_text() == "Information *evening* [x](javascript:alert(1))"
    assert bibtex.select_one("span[lang=en]") is not None
    assert fixture_site.html("en/events/2012-evening/").select(".ph-cite-record span[lang]") == []

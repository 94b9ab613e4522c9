"""Builds of small fixture data sets: escaping, translation markers, new records, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.translations import stand_ins
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
    macros = project / "hooks" / "sistercity" / "templates" / "_macros.j2"
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

"""What maintainers get: the contributor guide, the translation status, and "edit this page" links
that open the file a page is made from."""

from __future__ import annotations

import os
import re
import subprocess
import types
import typing
from pathlib import Path

import pytest
import sitecheck
import yaml
from pydantic import BaseModel
from sistercity import load_dataset
from sistercity.analysis.translations import MissingTranslation, missing_translations
from sistercity.record.models import RECORD_MODELS, VOCABULARIES
from sistercity.render.citation_markers import MARKER as CITATION
from sistercity.render.i18n import language_name, translate
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def guide(lang: str) -> str:
    return (ROOT / "docs" / lang / "contributing.md").read_text(encoding="utf-8")


# --- the translation status, in the core -------------------------------------------------------


def test_missing_translations_are_listed_with_file_line_and_field() -> None:
    missing = missing_translations(load_dataset(FIXTURE_DATA))
    assert [(m.file, m.line, m.path, m.lang) for m in missing] == [
        ("data/actors.yml", 24, "actors[2].disagreements[0].claims[1].says", "id"),
        ("data/actors.yml", 24, "actors[2].disagreements[0].claims[1].says", "de"),
        ("data/events.yml", 5, "events[0].summary", "de"),
        ("data/events.yml", 15, "events[1].title", "de"),
    ]
    assert missing[2] == MissingTranslation(
        "data/events.yml", 5, "events[0].summary", "de", "events", "1988-founding", ("id", "en")
    )


def test_names_written_once_and_source_titles_are_not_missing_translations(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in FIXTURE_DATA.iterdir():
        (data / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    events = (data / "events.yml").read_text(encoding="utf-8")
    # place written once (the same in every language) is complete; a sector name in one language is not.
    assert "place: Kota B" in events
    sectors = (data / "sectors.yml").read_text(encoding="utf-8")
    one_language = sectors.replace("name: {id: Pendidikan, en: Education, de: Bildung}", "name: {en: Education}")
    (data / "sectors.yml").write_text(one_language, encoding="utf-8")
    paths = {(m.path, m.lang) for m in missing_translations(load_dataset(data))}
    assert ("sectors[1].name", "id") in paths and ("sectors[1].name", "de") in paths
    assert not any(path.startswith(("sources", "events[0].place", "actors[0].city")) for path, _ in paths)


# --- a build with "edit this page" links, configured as the Pages workflow does it ----------------

REPO = "https://github.com/example-owner/padang-hildesheim"
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
# What GitHub puts into the workflow's ${{ ... }} expressions for a push to main of REPO.
GITHUB = {"github.server_url": "https://github.com", "github.repository": "example-owner/padang-hildesheim"}
GITHUB |= {"github.ref_name": "main"}


def published_config(project: Path) -> str:
    """Write mkdocs.published.yml into `project` with the Pages workflow's own command and
    environment (the site's address aside); return its name."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "mkdocs.published.yml" in s.get("run", ""))
    command = re.search(r"printf .*?> mkdocs\.published\.yml", step["run"], re.S)
    assert command is not None, step["run"]
    env = {
        name: re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: GITHUB[m.group(1)], value)
        for name, value in step["env"].items()
        if name != "SITE_URL"  # an expression of repository variables; any address does here
    }
    env["SITE_URL"] = "https://example.org/padang-hildesheim/"
    subprocess.run(["bash", "-c", command.group(0)], cwd=project, env={**os.environ, **env}, check=True)
    return "mkdocs.published.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("maintainers")
    project = copy_project(base / "project", data=FIXTURE_DATA)
    build = run_build(project, base / "site", config=published_config(project))
    assert build.returncode == 0, build.log
    return build


def edit_link(build: Build, page: str) -> str | None:
    link = build.html(page).select_one("a[rel=edit]")
    return None if link is None else str(link["href"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_pages_made_from_data_open_their_data_file(site: Build, lang: str) -> None:
    pages = {"timeline/": "events", "agreements/": "events", "actors/": "actors", "sectors/": "sectors"}
    for page, data_file in {**pages, "sources/": "sources"}.items():
        assert edit_link(site, prefix(lang) + page) == f"{REPO}/edit/main/data/{data_file}.yml", page
    assert edit_link(site, prefix(lang) + "translation-status/") is None  # made from every data file


@pytest.mark.parametrize("lang", LANGUAGES)
def test_record_pages_open_their_record_at_its_line(site: Build, lang: str) -> None:
    dataset = load_dataset(FIXTURE_DATA)
    for kind in ("events", "actors", "sectors"):
        for record_id in getattr(dataset, kind):
            line = dataset.line_of(kind, record_id)
            expected = f"{REPO}/blob/main/data/{kind}.yml#L{line}"
            assert edit_link(site, f"{prefix(lang)}{kind}/{record_id}/") == expected
    sources = site.html(prefix(lang) + "sources/")
    for source_id in dataset.sources:
        link = sources.find("li", id=source_id).select_one("a.ph-edit-record")
        assert link["href"] == f"{REPO}/blob/main/data/sources.yml#L{dataset.line_of('sources', source_id)}"
    # The line is the record's own: the second event of the file starts after the first.
    events = (FIXTURE_DATA / "events.yml").read_text(encoding="utf-8").splitlines()
    assert events[dataset.line_of("events", "2012-evening") - 1] == "- id: 2012-evening"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hand_written_pages_open_their_own_language_file(site: Build, lang: str) -> None:
    for page in ("contributing", "analysis"):
        assert edit_link(site, f"{prefix(lang)}{page}/") == f"{REPO}/edit/main/docs/{lang}/{page}.md"
    assert edit_link(site, prefix(lang)) == f"{REPO}/edit/main/docs/{lang}/index.md"


def test_the_repository_link_loads_nothing_from_the_repositorys_host(site: Build) -> None:
    # Material's own header would fetch the star and fork counts from api.github.com on every page.
    for lang in LANGUAGES:
        page = site.html(prefix(lang) + "timeline/")
        assert [a["href"] for a in page.select("a.md-source")] == [REPO, REPO]  # header and drawer
        assert page.select("[data-md-component=source]") == []
    assert sitecheck.third_party_loads(site.site) == []


def test_no_edit_links_without_a_repository_address() -> None:
    assert not re.search(r"^(repo_url|edit_uri):", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    real = sitecheck.real_site()
    assert real.returncode == 0, real.log
    for lang in LANGUAGES:
        for page in ("", "timeline/", "contributing/"):
            assert real.html(prefix(lang) + page).select("a[rel=edit], a.md-source") == []


def test_an_edit_uri_into_a_docs_folder_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    config = f"INHERIT: mkdocs.yml\nrepo_url: {REPO}\nedit_uri: edit/main/docs/id/\n"
    (project / "mkdocs.repo.yml").write_text(config, encoding="utf-8")
    build = run_build(project, tmp_path / "site", config="mkdocs.repo.yml")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert (
        "mkdocs.repo.yml: edit_uri 'edit/main/docs/id/' leads to a docs folder; expected the edit view of the "
        "repository's root, e.g. edit/main/ (each language's pages are found in docs/<language>/ from there)"
    ) in build.log


# --- the translation status page ---------------------------------------------------------------


def test_build_reports_the_count_at_info_level(site: Build) -> None:
    line = (
        "INFO    -  Translation status: 4 texts lack a translation (id: 1, en: 0, de: 3); "
        "the list is on the page translation-status/"
    )
    assert site.log.splitlines().count(line) == 1
    assert "WARNING" not in site.log


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translation_status_page_lists_each_missing_text(site: Build, lang: str) -> None:
    page = site.html(f"{prefix(lang)}translation-status/")
    assert page.h1 is not None and page.h1.get_text().startswith(translate("translation_status.title", lang))
    missing = missing_translations(load_dataset(FIXTURE_DATA))
    counts = [td.get_text() for td in page.select(".ph-translation-counts td.count")]
    assert counts == [str(sum(m.lang == code for m in missing)) for code in LANGUAGES]
    for code in LANGUAGES:
        heading = page.find("h2", id=code)
        assert heading is not None and heading.get_text().startswith(language_name(code, lang))
        table = heading.find_next_sibling()
        expected = [(f"{m.file}:{m.line}", m.path) for m in missing if m.lang == code]
        if not expected:
            assert "ph-empty" in table["class"]
            continue
        rows = [(r.select_one(".location").get_text(), r.select_one(".field").get_text()) for r in table("tr")[1:]]
        assert rows == expected
    # Every language's page lists every language's gaps; the fixture's 2012-evening lacks a German
    # title (data/events.yml:15), and its row links to the event's page.
    row = page.find("h2", id="de").find_next_sibling().find("td", string="data/events.yml:15")
    assert row is not None
    assert row.find_parent("tr").find("a")["href"] == "../events/2012-evening/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translation_status_is_linked_from_the_guide_but_not_in_the_navigation(site: Build, lang: str) -> None:
    assert site.html(f"{prefix(lang)}contributing/").select_one("article a[href='../translation-status/']")
    timeline = site.html(f"{prefix(lang)}timeline/")
    for nav in ("nav.md-tabs", "nav.md-nav--primary"):
        hrefs = [a.get("href") for a in timeline.select(f"{nav} a")]
        assert "../contributing/" in hrefs and "../translation-status/" not in hrefs, nav


# --- the contributor guide ---------------------------------------------------------------------


def _fields(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        for arg in [info.annotation, *_args(info.annotation)]:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _fields(arg)
    return names


def _args(annotation: object) -> list[object]:
    found = []
    for arg in typing.get_args(annotation):
        found += [arg, *_args(arg)]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_explains_every_field(lang: str) -> None:
    text = guide(lang)
    for kind, model in RECORD_MODELS.items():
        assert f"`data/{kind}.yml`" in text
        for name in _fields(model):
            assert f"`{name}`" in text, (lang, kind, name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_shows_the_readme_example_and_how_to_work(lang: str) -> None:
    from test_readme import readme_example_event

    text = guide(lang)
    assert f"```yaml\n{readme_example_event()}```" in text
    needed = [
        ".venv/bin/mkdocs serve",
        ".venv/bin/mkdocs build --strict",
        "(translation-status.md)",
        "data/events.yml:42: events[7].sectors[1]: unknown sector 'budaya'",
        "`data/sources.yml`",
    ]
    for part in needed:
        assert part in text, part
    # Only the markers meant to be filled in; no marker is written out as an example.
    assert re.findall(r"<!--\s*data:[^>]*-->", text) == [
        "<!-- data:vocabularies -->",
        "<!-- data:terminology -->",
        "<!-- data:proposal-links -->",
    ]
    assert CITATION.findall(text) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_is_in_the_navigation_and_lists_every_vocabulary(site: Build, lang: str) -> None:
    page = site.html(f"{prefix(lang)}contributing/")
    assert page.h1 is not None and page.html["lang"] == lang
    for key, (kind, field, values) in VOCABULARIES.items():
        heading = page.find("h3", id=f"vocabulary-{key}")
        assert heading is not None and heading.get_text().startswith(translate(f"vocabulary.{key}", lang))
        assert heading.find_next_sibling("p").get_text() == f"data/{kind}.yml: {field}"
        rows = [[td.get_text() for td in tr.find_all("td")] for tr in heading.find_next("table").select("tbody tr")]
        assert [row[0] for row in rows] == list(values)
        assert [row[1].split(":")[0] for row in rows] == [translate(f"{key}.{value}", lang) for value in values]
    sectors = page.find("h3", id="vocabulary-sectors").find_next("table")
    assert [code.get_text() for code in sectors.select("tbody code")] == ["culture", "education"]


def _choices(annotation: object) -> list[object]:
    """The annotation, or the alternatives of an optional one; not what is inside a list or mapping."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [choice for arg in typing.get_args(annotation) for choice in _choices(arg)]
    return [annotation]


def test_every_fixed_list_in_the_models_is_a_vocabulary() -> None:
    def literals(model: type[BaseModel], kind: str, path: str) -> set[tuple[str, str]]:
        found = set()
        for name, info in model.model_fields.items():
            field = f"{path}{info.alias or name}"
            if any(typing.get_origin(choice) is typing.Literal for choice in _choices(info.annotation)):
                found.add((kind, field))
            for arg in [info.annotation, *_args(info.annotation)]:
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    found |= literals(arg, kind, f"{field}.")
        return found

    in_models = set().union(*(literals(model, kind, "") for kind, model in RECORD_MODELS.items()))
    assert in_models == {(kind, field) for kind, field, _ in VOCABULARIES.values()}

"""Every language is built from the config that was run: its command-line options reach every
language, and a config that sets what differs between the languages stops with a clear error.
(A wrapper config's settings: tests/test_site_url.py; `mkdocs serve`: tests/test_serve.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import sitecheck
from sistercity import load_dataset
from sistercity.render.i18n import localize
from sitebuild import LANGUAGES, ROOT, copy_project, prefix, run_build

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def titles_in_search(site: Path, lang: str, location: str) -> set[str]:
    """The titles the language's search index gives the page at `location`."""
    index = json.loads((site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["title"] for doc in index["docs"] if doc["location"] == location}


def test_a_dirty_build_is_dirty_in_every_language_and_keeps_each_search_index_its_own(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    # MkDocs warns that a dirty build may be inaccurate: not strict, then.
    (project / "mkdocs.dirty.yml").write_text("INHERIT: mkdocs.yml\nstrict: false\n", encoding="utf-8")
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    strays = [site / prefix(lang) / "stray.txt" for lang in LANGUAGES]
    for stray in strays:
        stray.write_text("left by an earlier build", encoding="utf-8")

    for _ in range(2):  # the second dirty build reads the indexes the first one kept
        dirty = run_build(project, site, config="mkdocs.dirty.yml", options=("--dirty",))
        assert dirty.returncode == 0, dirty.log
        assert [stray.is_file() for stray in strays] == [True] * len(LANGUAGES)  # no language's folder cleaned
        assert sitecheck.language_problems(site) == []
        for lang in LANGUAGES:  # Material's search plugin would merge another language's index into this one
            title = localize(load_dataset(FIXTURE_DATA).events["2022-trip"].title, lang).text
            assert titles_in_search(site, lang, "events/2022-trip/") == {title}, lang

    clean = run_build(project, site)
    assert clean.returncode == 0, clean.log
    assert [stray.is_file() for stray in strays] == [False] * len(LANGUAGES)  # a clean build removes them


def test_a_config_that_sets_a_languages_settings_stops_with_a_clear_error(tmp_path: Path) -> None:
    # As one would write a config to build the English site alone.
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    config = "INHERIT: mkdocs.yml\ndocs_dir: docs/en\ntheme:\n  language: en\n"
    (project / "mkdocs.en.yml").write_text(config, encoding="utf-8")
    build = run_build(project, tmp_path / "site", config="mkdocs.en.yml")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert (
        "mkdocs.en.yml: docs_dir, theme.language set; expected none of them, the hook sets them for each "
        "language (hooks/sistercity/record/languages.py). Every build makes the whole site in every language: "
        "mkdocs build -f mkdocs.yml"
    ) in build.log
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_navigation_entry_without_a_title_in_every_language_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    (project / "docs" / "id" / "extra.md").write_text("# Tambahan\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - extra.md\n", encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert "nav: extra.md has no title; expected site.nav.extra in hooks/sistercity/render/ui_strings.yml" in build.log

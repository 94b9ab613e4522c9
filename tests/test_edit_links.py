"""Where "edit this page" leads (sistercity/render/edit_links.py), without MkDocs."""

from __future__ import annotations

import pytest
from sistercity import load_dataset
from sistercity.render.edit_links import Repository, edit_uri_problem, edit_url
from sistercity.render.pages import page_specs
from sitebuild import ROOT

DATA = load_dataset(ROOT / "tests" / "fixtures" / "data")
GITHUB = Repository("https://github.com/owner/name", "edit/main/")
SPECS = {spec.src_uri: spec for spec in page_specs(DATA)}


def test_addresses_in_the_repository() -> None:
    assert GITHUB.edit("docs/en/index.md") == "https://github.com/owner/name/edit/main/docs/en/index.md"
    assert GITHUB.view("data/events.yml", 12) == "https://github.com/owner/name/blob/main/data/events.yml#L12"
    gitlab = Repository("https://gitlab.com/owner/name/", "-/edit/main/")
    assert gitlab.view("data/events.yml", 3) == "https://gitlab.com/owner/name/-/blob/main/data/events.yml#L3"


@pytest.mark.parametrize(
    ("src_uri", "lang", "expected"),
    [
        ("analysis.md", "de", "https://github.com/owner/name/edit/main/docs/de/analysis.md"),
        ("events/2012-evening.md", "en", "https://github.com/owner/name/blob/main/data/events.yml#L{events}"),
        ("actors/mayor-a.md", "id", "https://github.com/owner/name/blob/main/data/actors.yml#L{actors}"),
        ("timeline.md", "en", "https://github.com/owner/name/edit/main/data/events.yml"),
        ("translation-status.md", "en", None),
    ],
)
def test_each_page_opens_what_it_is_made_from(src_uri: str, lang: str, expected: str | None) -> None:
    lines = {"events": DATA.line_of("events", "2012-evening"), "actors": DATA.line_of("actors", "mayor-a")}
    assert lines["events"] > 1 and lines["actors"] > 1  # not the first record: the line is the record's own
    assert edit_url(GITHUB, DATA, lang, src_uri, SPECS.get(src_uri)) == (expected and expected.format(**lines))


@pytest.mark.parametrize(
    ("edit_uri", "problem"),
    [
        ("edit/main/", None),
        ("-/edit/main/", None),
        ("edit/main", "does not end with '/'"),
        ("edit/master/docs/", "leads to a docs folder"),  # MkDocs' own guess for github.com
        ("edit/main/docs/en/", "leads to a docs folder"),
    ],
)
def test_an_edit_uri_must_name_the_repositorys_root(edit_uri: str, problem: str | None) -> None:
    found = edit_uri_problem(edit_uri)
    assert (found is None) if problem is None else (found is not None and problem in found)

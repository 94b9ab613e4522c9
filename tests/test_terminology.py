"""One voice per language: the terms retired in hooks/sistercity/render/terminology.yml appear nowhere in
the site's own words (docs/, ui_strings.yml, the texts in data/*.yml), and the contributor guide
shows the same list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sistercity.record.languages import LANGUAGES
from sistercity.render.i18n import ui_strings
from sistercity.render.terminology import prose, quoted_removed, retired_in, terms
from sitebuild import ROOT, Build, prefix

# Fields that hold verbatim material: a source's words as published.
VERBATIM_FIELDS = {"quote", "locator"}
VERBATIM_IN_SOURCES = {"title", "publisher", "authors"}


def page_problems(path: Path, lang: str) -> list[str]:
    text = prose(path.read_text(encoding="utf-8"))
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        problems += [
            f"{path.relative_to(path.parents[2])}:{number}: '{h.variant}' (use: {h.use}): …{h.context}…"
            for h in retired_in(line, lang)
        ]
    return problems


def _texts(value: object, where: str, in_sources: bool) -> Iterator[tuple[str, str, str]]:
    """(where, lang, text) for every text per language in a data value, outside verbatim fields."""
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES) and all(isinstance(v, str) for v in value.values()):
            for lang, text in value.items():
                yield where, lang, text
            return
        for key, child in value.items():
            if key in VERBATIM_FIELDS or (in_sources and key in VERBATIM_IN_SOURCES):
                continue
            yield from _texts(child, f"{where}.{key}", in_sources)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, f"{where}[{index}]", in_sources)


def data_problems(path: Path) -> list[str]:
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    problems = []
    for where, lang, text in _texts(records, path.stem, path.stem == "sources"):
        problems += [
            f"data/{path.name}: {where} ({lang}): '{h.variant}' (use: {h.use}): …{h.context}…"
            for h in retired_in(quoted_removed(text), lang)
        ]
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_use_the_agreed_terms(lang: str) -> None:
    problems = [p for page in sorted((ROOT / "docs" / lang).glob("*.md")) for p in page_problems(page, lang)]
    assert not problems, "Retired terms in the pages:\n" + "\n".join(problems)


def test_interface_strings_use_the_agreed_terms() -> None:
    problems = [
        f"ui_strings.yml: {key} ({lang}): '{h.variant}' (use: {h.use})"
        for key, texts in ui_strings().items()
        for lang, text in texts.items()
        for h in retired_in(quoted_removed(text), lang)
    ]
    assert not problems, "Retired terms in the interface:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", ["events", "actors", "sectors", "sources"])
def test_data_texts_use_the_agreed_terms(name: str) -> None:
    problems = data_problems(ROOT / "data" / f"{name}.yml")
    assert not problems, "Retired terms in the data:\n" + "\n".join(problems)


# --- the check fails when it should ------------------------------------------------------------


def test_a_retired_variant_in_a_page_is_found_but_not_in_a_quotation(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "de" / "analysis.md"
    page.parent.mkdir(parents=True)
    original = (ROOT / "docs" / "de" / "analysis.md").read_text(encoding="utf-8")
    page.write_text(original + "\nDie Partnerschaft erhielt neuen Schwung.\n", encoding="utf-8")
    problems = page_problems(page, "de")
    assert len(problems) == 1 and "'neuen Schwung' (use: frischer Wind)" in problems[0], problems
    # The same words are allowed where they are quoted, and in the thesis' block quotation.
    page.write_text(original + "\nSie spricht von „neuen Schwung“.\n\n> neuen Schwung\n", encoding="utf-8")
    assert page_problems(page, "de") == []


def test_every_kind_of_retired_variant_is_found() -> None:
    for term in terms():
        for lang in LANGUAGES:
            for variant in term.retired[lang]:
                text = f"Lorem {variant} ipsum."
                assert [h.variant for h in retired_in(prose(text), lang)] == [variant], (lang, variant)


def test_a_retired_variant_in_the_data_is_found_but_not_in_a_quote(tmp_path: Path) -> None:
    data = tmp_path / "events.yml"
    data.write_text(
        "- id: x\n"
        "  title: {id: Notulen, en: Minutes, de: Treffen mit dem Minister für Arbeitskräfte}\n"
        "  summary: {en: 'The “Mayor of Hildesheim” said so.'}\n"
        "  sources: [{source: s, quote: 'Wali Kota Hildesheim berkumpul'}]\n",
        encoding="utf-8",
    )
    problems = data_problems(data)
    assert len(problems) == 1
    assert problems[0].startswith(
        "data/events.yml: events[0].title (de): 'Minister für Arbeitskräfte' (use: Arbeitsminister)"
    )


def test_allowed_phrases_are_not_reported() -> None:
    assert retired_in("UU tentang perjanjian internasional", "id") == []
    assert [h.variant for h in retired_in("perjanjian tahun 1988", "id")] == ["perjanjian"]


# --- the guide shows the list ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_shows_every_term_and_retired_variant(site: Build, lang: str) -> None:
    page = site.html(f"{prefix(lang)}contributing/")
    table = page.select_one("#terminology-table table")
    assert table is not None
    rows = table.select("tbody tr")
    assert len(rows) == len(terms())
    for row, term in zip(rows, terms(), strict=True):
        text = row.get_text(" ")
        assert term.concept[lang] in text
        for other in LANGUAGES:
            for variant in (*term.retired[other], *term.allowed[other]):
                assert variant in text, (lang, variant)

"""The bibliography downloads and per-record citations, read back by independent readers of each
format: bibtexparser (BibTeX), rispy (RIS), citeproc-py (CSL-JSON, checked against the CSL schema's
own lists of item types and variables, which citeproc-py ships), and Zotero's COinS rules."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import bibtexparser
import citeproc
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from sistercity import load_dataset
from sistercity.outputs.bibliography import (
    ENTRY_TYPES,
    bibtex_escape,
    display_title,
    source_coins,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from sistercity.outputs.record_citation import HistoryError, RecordCitation, record_dates, record_page_url
from sistercity.outputs.site_citation import Citation
from sistercity.record.models import Source
from sistercity.record.yamlfile import read_yaml
from sitebuild import ROOT

DATA = load_dataset(ROOT / "data")
SOURCES = list(DATA.sources.values())
FIXTURE = load_dataset(ROOT / "tests" / "fixtures" / "data")
CSL_SCHEMA = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"

PAYLOADS = [
    "Judul}, author = {Evil",  # closing the BibTeX field early
    "@misc{evil, title={x}} % comment",
    "Ende\\} \\textbf{x} $x$ & # _ ~ ^",
    "<script>alert(1)</script> \"quoted\" 'single'",
    "ER  - TY  - JOUR",  # an RIS end tag inside a value
    "Straße – Kota Padang: “Wali Kota” ñ é 漢字",
]


def payload_sources() -> list[Source]:
    return [
        Source.model_validate(
            {
                "id": f"payload-{i}",
                "title": title,
                "kind": kind,
                "side": "padang",
                "authors": [title, "Budi Santoso and Partner"],
                "publisher": title,
                "date": "2012-02-10",
                "url": "https://example.org/a?b=1&c={x}%20y",
                "language": "id",
                "title_by_editors": "true" if i % 2 else "false",
            }
        )
        for i, (title, kind) in enumerate(zip(PAYLOADS, ENTRY_TYPES, strict=False))
    ]


# --- BibTeX ------------------------------------------------------------------------------------


def _parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    return library


def test_bibtex_holds_every_source_once() -> None:
    library = _parse_bibtex(to_bibtex(SOURCES))
    raw = bibtexparser.parse_string(to_bibtex(SOURCES))  # url fields are verbatim, not LaTeX
    assert [e.key for e in library.entries] == [s.id for s in SOURCES] and len(SOURCES) >= 100
    for entry, verbatim, source in zip(library.entries, raw.entries, SOURCES, strict=True):
        assert entry.entry_type == ENTRY_TYPES[source.kind].bibtex
        assert entry.fields_dict["title"].value == display_title(source)
        if source.url:
            assert verbatim.fields_dict["url"].value == source.url
        if source.date:
            assert entry.fields_dict["year"].value == str(source.date.year)


def test_bibtex_escapes_what_latex_needs_and_keeps_non_ascii() -> None:
    assert bibtex_escape("50% & more_{x}#1 $ ~ ^ \\") == (
        r"50\% \& more\_\{x\}\#1 \$ \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert bibtex_escape("Straße, Kota Padang – “Wali Kota”") == "Straße, Kota Padang – “Wali Kota”"
    assert bibtex_escape("1988--2024 `x`") == r"1988-{}-2024 \textasciigrave{}x\textasciigrave{}"  # no ligatures


def test_bibtex_payloads_stay_inside_their_fields() -> None:
    sources = payload_sources()
    text = to_bibtex(sources)
    library = _parse_bibtex(text)
    assert [e.key for e in library.entries] == [s.id for s in sources]  # no entry injected
    for entry, source in zip(library.entries, sources, strict=True):
        # pylatexenc reads \textasciicircum{} (LaTeX's ^) as U+02C6, the modifier letter.
        assert entry.fields_dict["title"].value.replace("\u02c6", "^") == display_title(source)
        assert "evil" not in {name.lower() for name in entry.fields_dict if name != "title"}
    # Every brace of every entry is balanced, so BibTeX itself reads the same entries.
    for block in text.split("\n@"):
        unescaped = re.sub(r"\\[{}]", "", block)
        assert unescaped.count("{") == unescaped.count("}"), block


# --- RIS ---------------------------------------------------------------------------------------


def test_ris_holds_every_source_once() -> None:
    records = rispy.loads(to_ris(SOURCES))
    assert [r["id"] for r in records] == [s.id for s in SOURCES]
    for record, source in zip(records, SOURCES, strict=True):
        assert record["type_of_reference"] == ENTRY_TYPES[source.kind].ris
        assert record["title"] == display_title(source)
        assert record.get("urls", [None])[0] == source.url
        assert record.get("authors", []) == (source.authors or [])


def test_ris_payloads_stay_inside_their_fields() -> None:
    sources = payload_sources()
    records = rispy.loads(to_ris(sources))
    assert [r["id"] for r in records] == [s.id for s in sources]
    assert [r["title"] for r in records] == [display_title(s) for s in sources]


# --- CSL-JSON ----------------------------------------------------------------------------------


def _csl_vocabulary(name: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, (CSL_SCHEMA / name).read_text(encoding="utf-8")))


CSL_TYPES = _csl_vocabulary("csl-types.rnc", r'"([a-z_-]+)"')
CSL_VARIABLES = _csl_vocabulary("csl-variables.rnc", r'"([A-Za-z_-]+)"')


def test_csl_schema_lists_are_read() -> None:
    assert {"article-newspaper", "webpage", "legislation", "thesis"} <= CSL_TYPES
    assert {"title", "author", "issued", "URL", "accessed", "container-title", "publisher"} <= CSL_VARIABLES


def _render_csl(items: list[dict]) -> list[str]:
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize("sources", [SOURCES, payload_sources()], ids=["data", "payloads"])
def test_csl_json_is_valid_and_a_citation_processor_renders_it(sources: list[Source]) -> None:
    items = json.loads(to_csl_json(sources))
    assert [item["id"] for item in items] == [s.id for s in sources]
    for item in items:
        assert item["type"] in CSL_TYPES
        assert set(item) - {"id", "type"} <= CSL_VARIABLES, item
        for name in ("issued", "accessed"):
            if name in item:
                assert all(isinstance(p, int) for p in item[name]["date-parts"][0])
        assert all(set(person) == {"literal"} for person in item.get("author", []))
    rendered = _render_csl(items)
    assert len(rendered) == len(sources)
    for source in sources:
        assert any(display_title(source) in entry for entry in rendered), source.id


# --- COinS, as Zotero's COinS translator reads it ----------------------------------------------

# Zotero's item types (the subset the record uses), from its schema.
ZOTERO_TYPES = {t.zotero for t in ENTRY_TYPES.values()} | {"webpage"}


def _zotero_read(title_attribute: str) -> dict[str, list[str]]:
    # parseContextObject splits on & and =, and decodes each value (openurl.js in zotero/utilities).
    pairs: dict[str, list[str]] = {}
    for part in title_attribute.split("&"):
        key, _, value = part.partition("=")
        assert "=" not in value and "&" not in value
        pairs.setdefault(key, []).append(value)
    return {key: [v for _, v in parse_qsl(f"x={'&x='.join(vs)}")] for key, vs in pairs.items()}


@pytest.mark.parametrize("source", [*SOURCES[:20], *payload_sources()], ids=lambda s: s.id)
def test_coins_name_the_item_as_zotero_reads_it(source: Source) -> None:
    read = _zotero_read(source_coins(source))
    assert read["ctx_ver"] == ["Z39.88-2004"] and read["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]
    assert read["rft.type"] == [ENTRY_TYPES[source.kind].zotero]
    assert read["rft.title"] == [display_title(source)]
    assert read.get("rft.au", []) == (source.authors or [])
    if source.url:
        assert read["rft.identifier"] == [source.url]


# --- a record's citation -----------------------------------------------------------------------

SITE = Citation.from_cff(ROOT / "CITATION.cff", url="https://example.org/ph/")


def _record(
    lang: str, changed: dt.date | None, url: str | None = "https://example.org/ph/en/events/x/"
) -> RecordCitation:
    return RecordCitation(SITE, "agreements", "1988-founding", "Founding {50%}", lang, url, changed)


def test_record_citation_in_the_readers_language() -> None:
    day, retrieved = dt.date(2026, 3, 4), dt.date(2026, 11, 28)
    who = "Padang–Hildesheim record contributors"
    assert _record("en", day).apa(retrieved) == (
        f"{who}. (2026, March 4). Founding {{50%}} [Agreement record]. In {SITE.title} (Version {SITE.version}). "
        "Retrieved November 28, 2026, from https://example.org/ph/en/events/x/"
    )
    assert _record("de", day).apa(retrieved).startswith(f"{who}. (2026, 4. März). Founding {{50%}} [Eintrag zu")
    assert "Abgerufen am 28. November 2026, von https://" in _record("de", day).apa(retrieved)
    assert (
        _record("id", None).apa(retrieved).startswith(f"{who}. (t.t.). Founding {{50%}} [Catatan kesepakatan]. Dalam")
    )
    assert "(o. J.)" in _record("de", None).apa(retrieved) and "(n.d.)" in _record("en", None).apa(retrieved)
    assert "Retrieved" not in _record("en", day, url=None).apa(retrieved)


def test_record_bibtex_parses_and_keeps_the_title() -> None:
    text = _record("en", dt.date(2026, 3, 4)).bibtex(dt.date(2026, 11, 28))
    (entry,) = _parse_bibtex(text).entries
    assert entry.key == "padang_hildesheim_1988_founding" and entry.entry_type == "misc"
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert fields["title"] == "Founding {50%}" and fields["date"] == "2026-03-04"
    assert fields["url"] == "https://example.org/ph/en/events/x/" and fields["urldate"] == "2026-11-28"
    assert fields["version"] == SITE.version


def test_record_coins_is_a_web_page_of_the_data_set() -> None:
    read = _zotero_read(_record("en", dt.date(2026, 3, 4)).coins())
    assert read["rft.type"] == ["webpage"] and read["rft.title"] == ["Founding {50%}"]
    assert read["rft.aucorp"] == ["Padang–Hildesheim record contributors"] and read["rft.date"] == ["2026-03-04"]
    assert read["rft.source"] == [SITE.title] and read["rft.identifier"] == ["https://example.org/ph/en/events/x/"]


def test_record_page_url() -> None:
    assert record_page_url("https://example.org/ph/en/", "events/1988-founding.md") == (
        "https://example.org/ph/en/events/1988-founding/"
    )
    assert record_page_url(None, "events/1988-founding.md") is None


# --- the date a record last changed, from the repository's history ------------------------------


def _git(repo: Path, *args: str, when: str = "2020-01-01T12:00:00Z") -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_record_dates_follow_the_last_commit_of_each_records_lines(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    events = (ROOT / "tests" / "fixtures" / "data" / "events.yml").read_text(encoding="utf-8")
    (repo / "data" / "events.yml").write_text(events, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "data/events.yml")
    _git(repo, "commit", "-q", "-m", "first", when="2020-01-01T12:00:00Z")
    changed = events.replace("title: {id: Kunjungan studi,", "title: {id: Kunjungan studi ke Padang,")
    assert changed != events
    (repo / "data" / "events.yml").write_text(changed, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second", when="2024-05-06T23:30:00Z")

    def dates() -> dict[str, dt.date]:
        doc = read_yaml(repo / "data" / "events.yml", "data/events.yml", "events")
        return record_dates(repo, doc, "data/events.yml")

    assert dates() == {
        "1988-founding": dt.date(2020, 1, 1),
        "2012-evening": dt.date(2020, 1, 1),
        "2022-trip": dt.date(2024, 5, 6),
    }
    # An edit not yet committed does not move the date: builds stay reproducible.
    (repo / "data" / "events.yml").write_text(changed.replace("Pendirian kerja sama", "Pendirian"), encoding="utf-8")
    assert dates()["1988-founding"] == dt.date(2020, 1, 1)


def test_record_dates_refuse_a_copy_without_history(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "events.yml"
    path.write_text((ROOT / "tests" / "fixtures" / "data" / "events.yml").read_text(encoding="utf-8"))
    with pytest.raises(HistoryError):
        record_dates(tmp_path, read_yaml(path, "data/events.yml", "events"), "data/events.yml")

"""Evidence in the record: the list of events still without a quote, and canonical web addresses."""

from __future__ import annotations

from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.analysis.evidence import address_problem, address_problems, events_without_quote
from sistercity.record.yamlfile import read_yaml
from sitebuild import ROOT

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


# --- events without a quote --------------------------------------------------------------------


def test_events_with_an_online_source_and_no_quote_are_listed() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    listed = {item.event_id: item for item in events_without_quote(dataset)}
    online = {e.id for e in dataset.events.values() if any(dataset.sources[s].url for s in e.source_ids)}
    quoted = {e.id for e in dataset.events.values() if any(c.quote for c in e.sources)}
    assert listed and quoted and set(listed) == online - quoted
    lines = (FIXTURE_DATA / "events.yml").read_text(encoding="utf-8").splitlines()
    for item in listed.values():
        index = [raw["id"] for raw in dataset.documents["events"].data].index(item.event_id)
        assert item.path == f"events[{index}].sources" and item.file == "data/events.yml"
        assert lines[item.line - 1].lstrip().startswith("sources:")
        assert set(item.online_sources) <= set(dataset.events[item.event_id].source_ids)


def test_a_quote_takes_an_event_off_the_list(tmp_path: Path) -> None:
    dataset = load_dataset(FIXTURE_DATA)
    listed = events_without_quote(dataset)
    assert listed
    target = listed[0]
    data = tmp_path / "data"
    data.mkdir()
    for kind in ("sources", "actors", "sectors", "events"):
        (data / f"{kind}.yml").write_text((FIXTURE_DATA / f"{kind}.yml").read_text(encoding="utf-8"))
    lines = (data / "events.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    indent = lines[target.line - 1][: len(lines[target.line - 1]) - len(lines[target.line - 1].lstrip())]
    source = target.online_sources[0]
    lines[target.line - 1] = f'{indent}sources:\n{indent}  - source: {source}\n{indent}    quote: "Sie kamen ..."\n'
    (data / "events.yml").write_text("".join(lines), encoding="utf-8")
    # Only that event leaves the list (its other sources are dropped with the line; none is needed here).
    after = {item.event_id for item in events_without_quote(load_dataset(data))}
    assert after == {item.event_id for item in listed} - {target.event_id}


# --- canonical addresses -----------------------------------------------------------------------

NOT_CANONICAL = {
    "https://sumbar.inews.id/amp/berita/padang-dan-hildesheim/all": "AMP",
    "https://m.antaranews.com/amp/berita/2079062/pelantikan": "AMP",
    "https://amp.kompas.com/regional/read/2024/02/06/tenaga-kesehatan": "AMP",
    "https://example.co.id/berita/123/judul-berita?amp": "AMP",
    "https://example.co.id/berita/123/judul-berita?amp=1": "AMP",
    "https://example.co.id/read/123/judul?outputType=amp": "AMP",
    "https://example.de/artikel.html?tmpl=component&print=1&layout=default": "print view",
    "https://example.de/artikel.html?print=1": "print view",
    "https://sistercities.org/about-us/what-is-a-sister-city-3/embed/": "embedded view",
    "https://wiki-indonesia.club/w/index.php?diff=cur&oldid=19802511&title=Hendri_Septa": "revisions",
    "https://example.org/w/index.php?title=Padang&diff=prev": "revisions",
    "https://sumbar.inews.id/berita/padang-dan-hildesheim/all": "all-pages view",
    "https://m.antaranews.com/berita/2079062/pelantikan": "mobile copy",
    "https://regional.kompas.com/read/2024/02/06/075350678/twitter.com": "share button",
    "https://example.de/artikel.html?layout=default": "print view",
    "https://www.kompasiana.com/a/62956f69bb/tata-cara-kerja-sama-daerah?page=2&page_images=1": "later page",
    "https://example.org/artikel/judul-berita/3/": "later page",
    "https://kabaterkini.com/baca/19219/awal-mula-persahabatan-kota-padang/2": "later page",
    "https://bali.wahananews.co/utama/presiden-jokowi-belum-terima-laporan-K69FJtAg4j/2": "later page",
    "https://example.org/news/page/3": "later page",
    "https://tonkuhle.de/nachrichten/25518-buergermeister-von-padang.html?rCH=2": "tracking parameter 'rCH'",
    "https://example.org/news/a?utm_source=twitter&utm_medium=social": "tracking parameter 'utm_source'",
    "https://example.org/news/a?fbclid=IwAR0abc": "tracking parameter 'fbclid'",
    "https://id.m.wikipedia.org./wiki/Daftar_wali_kota_Padang": "host ends in a dot",
}

CANONICAL = [
    "https://stadt-hildesheim.de/rathaus-verwaltung/partnerstaedte/padang-indonesien",
    "https://nurulhaniza47.wordpress.com/2013/12/16/",
    "https://peraturan.info/pp/2018/28",
    "https://peraturan.info/uu/2000/24/pasal-5",
    "https://doi.org/10.25077/palito.2.2.105-120.2023",
    "http://e-journal.president.ac.id/presunivojs/index.php/AEGIS/article/view/1247",
    "https://sumbar.antaranews.com/berita/8643/padang-kerja-sama-dengan-kota-vung-tau",
    "https://www.example.org/campus/ample-news",
    "https://www.example.org/printing-press/history",
    "https://www.kulturium.de/index.php?object=tx%7c2364.19&ModID=9&max=100&k_sub=1&NavID=2364.8",
    "https://example.org/embedded-systems/2021",
    "https://en.wikipedia.org/wiki/Paradiplomacy?oldid=1163044638",  # a revision permalink: what was read
    "https://www.padangtime.com/wali-kota-padang-apresiasi-progres/17/",
    "https://regional.kompas.com/read/2024/02/06/075350678",
    "https://example.org/news?id=5&utmost=1",
]


@pytest.mark.parametrize(("url", "reason"), NOT_CANONICAL.items())
def test_non_canonical_addresses_are_named(url: str, reason: str) -> None:
    problem = address_problem(url)
    assert problem is not None and reason in problem and "; expected " in problem


@pytest.mark.parametrize("url", CANONICAL)
def test_canonical_addresses_pass(url: str) -> None:
    assert address_problem(url) is None


def test_address_problems_point_at_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(
        "- id: a\n  title: A\n  kind: news\n  side: padang\n  url: https://example.org/a\n"
        "- id: b\n  title: B\n  kind: news\n  side: padang\n  url: https://example.org/b/amp/\n",
        encoding="utf-8",
    )
    problems = address_problems(read_yaml(path, "data/sources.yml", "sources"))
    assert [str(p) for p in problems] == [
        "data/sources.yml:10: sources[1].url: 'https://example.org/b/amp/': it is the AMP copy of a page; "
        "expected the address of the page itself, without the AMP part"
    ]


@pytest.mark.parametrize("data", ["data", "tests/fixtures/data"])
def test_the_record_cites_canonical_addresses_only(data: str) -> None:
    doc = read_yaml(ROOT / data / "sources.yml", f"{data}/sources.yml", "sources")
    assert [str(p) for p in address_problems(doc)] == []

"""Text from the data is shown as text everywhere: HTML, script and Markdown in any text field of any
record are never interpreted, on any page, in page titles and meta tags, in the search index (and
so in Material's search results, which insert its entries as HTML) and in the sitemap.

Data text is plain text by design (README, "No Markdown in data"): nothing is sanitised to an
allow-list because no markup is allowed at all.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from sistercity.record.schema import data_file_schema
from sitebuild import LANGUAGES, ROOT, Build, copy_project, prefix, run_build

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKDOWN = (
    "*mdem* **mdstrong** `mdcode` [mdlink](javascript:alert(1)) {: .mdattr } "
    "<!-- data:key-figures --> [[event:nope]] {{ 7*7 }} &amp; </title></textarea>"
)
# Only multi-paragraph texts may hold line breaks: Markdown blocks and a raw HTML block.
BLOCKS = "\n\n# mdheading\n\n- mdlist\n\n    mdindented\n\n<div>mdblock</div>"
URL_ATTRIBUTE = 'https://example.org/a"onmouseover="alert(1)'
URL_SCRIPT = "https://example.org/<script>alert(1)</script>"

# Where text for readers lives in each kind of record; checked against the schemas below.
TEXT_FIELDS = {
    "sources": ["title", "publisher", "authors[]"],
    "actors": ["name", "city", "description", "office", "disagreements[].about", "disagreements[].claims[].says"],
    "sectors": ["name", "description"],
    "events": [
        "title",
        "summary",
        "place",
        "sources[].quote",
        "sources[].locator",
        "disagreements[].about",
        "disagreements[].claims[].says",
    ],
}
PLAIN = {"quote", "locator"}  # plain text in every record kind: quotes stay in the source's language
NAMES = {"actors": ("name", "city"), "events": ("place",)}  # plain text or text per language
_LINE = r"^\s*\S([^\n]*\S)?\s*$"

# The link tables of the Data Package (sistercity.outputs.datapackage): pairs of ids.
LINK_TABLES = ("events-sectors", "events-actors", "events-sources", "events-agreement-signatories")
LINK_TABLES += ("events-disagreements-claims", "actors-sources", "actors-disagreements-claims")


def payload(tag: str, paragraphs: bool = False) -> str:
    return f"{tag} {SCRIPT} {ATTRIBUTE} {MARKDOWN}" + (BLOCKS if paragraphs else "")


def _free_text_fields(schema: dict[str, Any], node: Any, path: str) -> set[tuple[str, bool]]:
    """(field path, may hold paragraphs) for every free-text string the schema allows."""
    if "$ref" in node:
        return _free_text_fields(schema, schema["definitions"][node["$ref"].split("/")[-1]], path)
    found: set[tuple[str, bool]] = set()
    if node.get("type") == "string" and node.get("pattern") in (r"\S", _LINE):
        found.add((path, node["pattern"] == r"\S"))
    for option in node.get("anyOf", []):
        found |= _free_text_fields(schema, option, path)
    if "items" in node:
        found |= _free_text_fields(schema, node["items"], f"{path}[]")
    for name, sub in node.get("properties", {}).items():
        # A language key is part of a text, not a field of its own.
        found |= _free_text_fields(schema, sub, path if name in LANGUAGES and path else f"{path}.{name}".lstrip("."))
    return found


def _set_text(record: dict[str, Any], field: str, make: Any) -> None:
    """Fill every text at `field` (e.g. 'disagreements[].claims[].says') of `record`."""
    head, _, rest = field.partition(".")
    key = head.removesuffix("[]")
    if head.endswith("[]") and rest:
        for item in record.get(key, []):
            _set_text(item, rest, make)
    elif head.endswith("[]"):
        record[key] = [make(f"{key}-1"), make(f"{key}-2")]
    elif rest:
        _set_text(record[key], rest, make)
    else:
        record[key] = make(key)


def _texts_at(value: Any, field: str) -> list[str]:
    """Every string at `field` of a record, in every language."""
    if not field:
        if isinstance(value, dict):
            return [text for text in value.values() if isinstance(text, str)]
        return [value] if isinstance(value, str) else []
    head, _, rest = field.partition(".")
    child = value.get(head.removesuffix("[]")) if isinstance(value, dict) else None
    if head.endswith("[]"):
        return [text for item in child or [] for text in _texts_at(item, rest)]
    return _texts_at(child, rest)


def injected_data(dest: Path) -> Path:
    """The fixture data with a payload in every text field of every record, in every language."""
    data = dest / "data"
    data.mkdir(parents=True)
    records = {kind: yaml.safe_load((FIXTURE_DATA / f"{kind}.yml").read_text(encoding="utf-8")) for kind in TEXT_FIELDS}
    # Fields the fixture leaves out, so that every text field is present somewhere.
    claims = [{"source": "city-page", "says": {}}, {"source": "news-2012", "says": {}}]
    records["events"][0]["disagreements"] = [{"about": {}, "claims": claims}]
    for event in records["events"]:  # the long form of a citation, which holds quote and locator
        event["sources"] = [{"source": s} if isinstance(s, str) else s for s in event["sources"]]
    records["sources"][0]["url"] = URL_ATTRIBUTE
    records["actors"][0]["url"] = URL_SCRIPT
    paragraph_fields = {"summary", "description"}
    for kind, fields in TEXT_FIELDS.items():
        for index, record in enumerate(records[kind]):
            for field in fields:
                name = field.rsplit(".", 1)[-1].removesuffix("[]")

                def make(key: str, kind: str = kind, index: int = index, field: str = field, name: str = name) -> Any:
                    tag = f"{kind}[{index}].{field}"
                    text = {lang: payload(f"{tag}.{lang}", name in paragraph_fields) for lang in LANGUAGES}
                    # Source texts are plain text; names alternate between plain text and one per language.
                    if kind == "sources" or name in PLAIN or (name in NAMES.get(kind, ()) and index % 2):
                        return payload(tag)
                    return text

                if field == "office" and record["kind"] != "official":
                    continue  # only officials hold an office
                _set_text(record, field, make)
    for kind, items in records.items():
        (data / f"{kind}.yml").write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def test_every_text_field_of_the_schemas_gets_a_payload(tmp_path: Path) -> None:
    data = injected_data(tmp_path)
    for kind, fields in TEXT_FIELDS.items():
        schema = data_file_schema(kind)
        assert {path for path, _ in _free_text_fields(schema, schema["items"], "")} == set(fields), kind
        records = yaml.safe_load((data / f"{kind}.yml").read_text(encoding="utf-8"))
        for field in fields:
            texts = [text for record in records for text in _texts_at(record, field)]
            assert any(SCRIPT in text and ATTRIBUTE in text and MARKDOWN in text for text in texts), (kind, field)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("injection")
    project = copy_project(base / "project", data=injected_data(base / "payload"))
    config = project / "mkdocs.yml"  # with an address, the sitemaps list every page
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    build = run_build(project, base / "site")
    assert build.returncode == 0, build.log
    return build


def html_files(build: Build) -> list[Path]:
    return sorted(build.site.rglob("*.html"))


def test_no_payload_becomes_markup_on_any_page(site: Build) -> None:
    pages = html_files(site)
    assert len(pages) > 40
    for file in pages:
        raw = file.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw.lower() and "<img src=x" not in raw.lower(), file
        soup = BeautifulSoup(raw, "html.parser")
        where = str(file.relative_to(site.site))
        for tag in soup.find_all(True):
            assert not [name for name in tag.attrs if name.lower().startswith("on")], (where, str(tag)[:200])
            href = str(tag.get("href", "")).strip().lower()
            assert not href.startswith("javascript:"), (where, str(tag)[:200])
            assert "mdattr" not in (tag.get("class") or []), where
        scripts = soup.find_all("script")
        assert not [s for s in scripts if s.get("type") != "application/ld+json" and "alert(1)" in s.get_text()], where
        for data in (s for s in scripts if s.get("type") == "application/ld+json"):
            # schema.org data holds the text, with < and > escaped so it cannot close its element.
            assert "<" not in data.string and ">" not in data.string, where
            json.loads(data.string)
        assert not soup.find_all("img", src="x"), where
        for name, word in (("em", "mdem"), ("strong", "mdstrong"), ("code", "mdcode"), ("li", "mdlist")):
            # A citation block (<pre class=ph-citation><code>) quotes the title as typed (or as BibTeX).
            found = [e for e in soup.find_all(name) if word in e.get_text() and not e.find_parent(class_="ph-citation")]
            assert not found, (where, name)
        assert not [h for h in soup.find_all(re.compile(r"^h[1-6]$")) if "mdheading" in h.get_text()], where
        assert not [d for d in soup.find_all("div") if d.get_text() == "mdblock"], where
        assert not [p for p in soup.find_all("pre") if "mdindented" in p.get_text()], where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_payloads_are_shown_as_the_text_typed(site: Build, lang: str) -> None:
    event = site.html(f"{prefix(lang)}events/1988-founding/")
    text = event.get_text()
    for part in (SCRIPT, ATTRIBUTE, "*mdem* **mdstrong** `mdcode` [mdlink](javascript:alert(1))", "{{ 7*7 }}"):
        assert part in text
    assert event.h1 is not None and event.h1.get_text().startswith(f"events[0].title.{lang} {SCRIPT} {ATTRIBUTE}")
    assert "# mdheading" in event.select_one(".ph-summary").get_text()
    quote = event.select_one("blockquote.ph-quote")
    assert quote is not None and quote.p is not None
    assert quote.p.get_text().startswith(f"events[0].sources[].quote {SCRIPT} {ATTRIBUTE}")
    assert event.select_one(".ph-quote__locator").get_text().startswith(f"events[0].sources[].locator {SCRIPT}")
    # A marker-like text from the data on a hand-written page (latest events) stays text.
    home = site.html(prefix(lang))
    assert "[[event:nope]]" in home.get_text() and "<!-- data:key-figures -->" in home.get_text()
    assert len(home.select(".ph-figures")) <= 1
    source_link = site.html(f"{prefix(lang)}sources/").find("a", class_="ph-ref__url")
    assert source_link is not None and source_link["href"] == URL_ATTRIBUTE


@pytest.mark.parametrize("lang", LANGUAGES)
def test_titles_and_meta_tags_hold_the_text_safely(site: Build, lang: str) -> None:
    for page in ("events/1988-founding/", "actors/city-a/", "sectors/culture/"):
        raw = (site.site / prefix(lang) / page / "index.html").read_text(encoding="utf-8")
        title_html = re.search(r"<title>(.*?)</title>", raw, re.S)
        assert title_html is not None and "<" not in title_html.group(1) and ">" not in title_html.group(1)
        soup = BeautifulSoup(raw, "html.parser")
        assert soup.title is not None and SCRIPT in soup.title.get_text() and ATTRIBUTE in soup.title.get_text()
        topic = soup.select(".md-header__topic .md-ellipsis")
        assert any(SCRIPT in t.get_text() for t in topic), page
        for meta in soup.find_all("meta"):
            content = str(meta.get("content", ""))
            # A description or sharing title may quote the data: then as the whole text, never as markup.
            assert "<" not in content or (SCRIPT in content and ATTRIBUTE in content), (page, meta)
        for tag in re.findall(r"<meta [^>]*>", raw):
            assert "<script" not in tag and "<img" not in tag, (page, tag)


def _as_html(fragment: str) -> BeautifulSoup:
    # Material's search shows an entry's title and text by inserting them as HTML.
    return BeautifulSoup(fragment, "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_and_its_results_show_text(site: Build, lang: str) -> None:
    index = json.loads((site.site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    shown = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            fragment = _as_html(doc[field])
            for tag in fragment.find_all(True):
                # The only markup Material keeps in the index (its search plugin's allow-list).
                assert tag.name in {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}, (doc["location"], str(tag))
                assert not [a for a in tag.attrs if a.lower().startswith("on")]
            shown.append(fragment.get_text())
    everything = "\n".join(shown)
    assert f"events[0].title.{lang} {SCRIPT} {ATTRIBUTE}" in everything
    assert "*mdem* **mdstrong** `mdcode`" in everything
    assert not any(doc["location"].startswith("translation-status/") for doc in index["docs"])


def test_sitemaps_hold_addresses_only(site: Build) -> None:
    sitemaps = sorted(site.site.rglob("sitemap.xml*"))
    assert len(sitemaps) == 2 * len(LANGUAGES)
    for sitemap in sitemaps:
        data = sitemap.read_bytes()
        raw = (gzip.decompress(data) if sitemap.suffix == ".gz" else data).decode("utf-8")
        assert "<loc>" in raw and "alert" not in raw and "mdem" not in raw, sitemap


def test_every_kind_of_output_is_checked_here(site: Build) -> None:
    # A new export (a CSV, a feed, ...) must be added to these tests before it can ship.
    checked = {
        ".html",
        "search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "events.csv",
        "actors.csv",
        "sectors.csv",
        "sources.csv",
        "dataset.json",
        "datapackage.json",
        *(f"{resource}.csv" for resource in LINK_TABLES),
        "sources.bib",
        "sources.ris",
        "sources.csl.json",
        "feed.xml",
        "calendar.ics",
    }
    outputs = {
        file.suffix if file.suffix == ".html" else file.name
        for file in site.site.rglob("*")
        if file.is_file() and "assets" not in file.relative_to(site.site).parts
    }
    assert outputs <= checked, f"unchecked outputs: {sorted(outputs - checked)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_downloads_feed_and_calendar_hold_the_text_as_typed(site: Build, lang: str) -> None:
    import csv
    import xml.etree.ElementTree as ET

    import icalendar

    base = site.site / prefix(lang)
    for kind in ("events", "actors", "sectors", "sources"):
        rows = list(csv.DictReader((base / "data" / f"{kind}.csv").read_text(encoding="utf-8").splitlines()))
        cells = [cell for row in rows for cell in row.values()]
        assert any(SCRIPT in cell and ATTRIBUTE in cell for cell in cells), kind
        formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-[0-9]+(\.[0-9]+)?", c)]
        assert not formulas, kind  # formulas stay text; a negative number is none
    package = json.loads((base / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {resource["name"] for resource in package["resources"]} >= set(LINK_TABLES)
    for resource in LINK_TABLES:  # ids only, which the loader allows in no other form
        text = (base / "data" / f"{resource}.csv").read_bytes().decode("utf-8")
        assert re.fullmatch(r"[a-z_]+,[a-z_]+\r\n([a-z0-9-]+,[a-z0-9-]+\r\n)*", text), resource
    # The bibliography: every title read back whole by a reader of each format, no entry injected.
    import bibtexparser
    import rispy
    from bibtexparser.middlewares import LatexDecodingMiddleware

    records = json.loads((base / "data" / "dataset.json").read_text(encoding="utf-8"))["sources"]
    titles = [f"[{r['title']}]" if r.get("title_by_editors") else r["title"] for r in records]
    assert all(SCRIPT in t and ATTRIBUTE in t and MARKDOWN in t for t in titles)
    bib_text = (base / "data" / "sources.bib").read_text(encoding="utf-8")
    bib = bibtexparser.parse_string(bib_text, append_middleware=[LatexDecodingMiddleware()])
    assert bib.failed_blocks == [] and [e.fields_dict["title"].value for e in bib.entries] == titles
    ris = rispy.loads((base / "data" / "sources.ris").read_text(encoding="utf-8"))
    assert [r["title"] for r in ris] == titles
    csl = json.loads((base / "data" / "sources.csl.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in csl] == titles
    document = json.loads((base / "data" / "dataset.json").read_text(encoding="utf-8"))
    assert document["events"][0]["title"][lang].startswith(f"events[0].title.{lang} {SCRIPT} {ATTRIBUTE}")
    feed = ET.parse(base / "feed.xml").getroot()  # parses: nothing from the data broke the XML
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert any(t.startswith(f"events[0].title.{lang} {SCRIPT} {ATTRIBUTE}") for t in titles)
    calendar = icalendar.Calendar.from_ical((base / "calendar.ics").read_bytes())
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith(f"events[0].title.{lang} {SCRIPT} {ATTRIBUTE}") for s in summaries)

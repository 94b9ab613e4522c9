"""The data loader, tested on real YAML text: every problem must come out as one exact
`file:line: path: message` line a maintainer can act on, never as a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sistercity import DataError, Dataset, load_dataset
from sistercity.record.yamlfile import MAX_BYTES

# A minimal valid record. Line numbers in the expected problems below refer to these texts.
SOURCES = """\
- id: hildesheim-press-1988
  title: Partnerschaft mit Padang besiegelt
  kind: news
  publisher: Hildesheimer Allgemeine Zeitung
  date: 1988-06
  url: https://example.org/news/1988
  language: de
  side: hildesheim
- id: padang-report-2010
  title: Laporan Kerja Sama Kota Padang
  kind: report
  date: "2010"
  side: padang
"""

ACTORS = """\
- id: padang-city
  name: {id: Pemerintah Kota Padang, en: City of Padang, de: Stadt Padang}
  kind: city-government
  country: ID
  sources: [hildesheim-press-1988]
- id: hildesheim-city
  name: Stadt Hildesheim
  kind: city-government
  country: DE
  sources: [hildesheim-press-1988, padang-report-2010]
- id: mayor-padang
  name: Example Mayor
  kind: official
  country: ID
  office: {id: Wali Kota Padang, en: Mayor of Padang}
  term: {from: 1983, to: 1993}
  part_of: padang-city
  sources: [padang-report-2010]
"""

SECTORS = """\
- id: culture
  name: {id: Budaya, en: Culture, de: Kultur}
  description: {en: "Art, music and festivals."}
- id: education
  name: {en: Education}
  description: {en: Schools and universities.}
"""

# Listed out of date order on purpose: the Dataset sorts them.
EVENTS = """\
- id: 2010-school-exchange
  date: 2010-09-12
  type: exchange
  title: {en: School exchange}
  sectors: [education]
  actors: [hildesheim-city]
  sources: [padang-report-2010]
  certainty: single-source
- id: 1988-founding
  date: 1988-06
  end_date: 1988-07
  type: agreement
  title:
    id: Penandatanganan kemitraan
    en: Partnership signed
  place: Hildesheim
  sectors: [culture, education]
  actors: [padang-city, hildesheim-city]
  sources: [hildesheim-press-1988]
  certainty: confirmed
  agreement:
    kind: partnership-agreement
    signatories: [mayor-padang]
- id: 1995-festival
  date: "1995"
  type: cultural-event
  title: {en: Festival}
  sectors:
    - culture
  actors: [padang-city]
  sources: [hildesheim-press-1988]
  certainty: uncertain
"""

# An event's citation in the long form: line 7 of EVENTS holds `sources:`, 8 the id, 9 the quote.
CITED = """sources:
    - source: padang-report-2010
      quote: 'Sekolah ... Hildesheim'
      locator: p. 3"""

VALID: dict[str, str] = {"sources": SOURCES, "actors": ACTORS, "sectors": SECTORS, "events": EVENTS}

FileText = str | bytes | None
"""What to write to one data file: text, raw bytes, or None to leave the file out."""

# Wording that means internals leaked into a message meant for maintainers.
JARGON = (
    "Traceback",
    "Input should be",
    "Value should",
    "Field required",
    "Extra inputs",
    "validation error",
    "pydantic",
    "<scalar>",
    "<block",
    "<unicode string>",
    "tag:yaml.org",
)


def edit(kind: str, old: str, new: str) -> dict[str, FileText]:
    """The valid text of data/<kind>.yml with `old` (which must occur exactly once) replaced."""
    text = VALID[kind]
    assert text.count(old) == 1, f"{old!r} must occur once in {kind}.yml"
    return {kind: text.replace(old, new)}


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[..., Path]:
    """Write the four valid files into a fresh directory, replacing the ones passed by name."""

    def write(**replaced: FileText) -> Path:
        assert set(replaced) <= set(VALID), replaced
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        for kind, valid in VALID.items():
            content = replaced.get(kind, valid)
            if content is None:
                continue
            raw = content.encode("utf-8") if isinstance(content, str) else content
            (data_dir / f"{kind}.yml").write_bytes(raw)
        return data_dir

    return write


def problem_lines(data_dir: Path) -> list[str]:
    """Load `data_dir`, which must fail with a DataError; return its problems as printed."""
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    lines = [str(problem) for problem in caught.value.problems]
    assert str(caught.value) == "\n".join(lines)
    for line in lines:
        assert "\n" not in line, line
        for word in JARGON:
            assert word not in line, f"internal wording {word!r} in: {line}"
    return lines


# --- a valid record ----------------------------------------------------------------------------


def test_valid_minimal_dataset_loads(write_data: Callable[..., Path]) -> None:
    data = load_dataset(write_data())

    assert isinstance(data, Dataset)
    assert (len(data.sources), len(data.actors), len(data.sectors), len(data.events)) == (2, 3, 2, 3)
    assert list(data.events) == ["1988-founding", "1995-festival", "2010-school-exchange"]
    assert [e.id for e in data.agreements] == ["1988-founding"]

    def ids(index: dict) -> dict[str, list[str]]:
        return {key: [record.id for record in records] for key, records in index.items()}

    assert ids(data.events_by_sector) == {
        "culture": ["1988-founding", "1995-festival"],
        "education": ["1988-founding", "2010-school-exchange"],
    }
    # A signatory takes part in the event even when not listed under `actors`.
    assert ids(data.events_by_actor) == {
        "padang-city": ["1988-founding", "1995-festival"],
        "hildesheim-city": ["1988-founding", "2010-school-exchange"],
        "mayor-padang": ["1988-founding"],
    }
    assert ids(data.citations) == {
        "hildesheim-press-1988": ["1988-founding", "1995-festival", "padang-city", "hildesheim-city"],
        "padang-report-2010": ["2010-school-exchange", "hildesheim-city", "mayor-padang"],
    }
    assert data.line_of("events", "1995-festival") == 24


def test_citations_carry_quote_and_locator(write_data: Callable[..., Path]) -> None:
    quote = "Am Freitag, 10. Februar, lädt die Stadt ... ins Rathaus ein"
    events = EVENTS.replace(
        "sources: [padang-report-2010]",
        f'sources:\n    - hildesheim-press-1988\n    - source: padang-report-2010\n      quote: "{quote}"\n'
        "      locator: paragraph 2",
    )
    sources = SOURCES.replace("  side: padang\n", "  side: padang\n  title_by_editors: true\n")
    data = load_dataset(write_data(events=events, sources=sources))
    exchange = data.events["2010-school-exchange"]
    plain, quoted = exchange.sources
    assert (plain.source, plain.quote, plain.locator) == ("hildesheim-press-1988", None, None)
    assert (quoted.source, quoted.quote, quoted.locator) == ("padang-report-2010", quote, "paragraph 2")
    assert exchange.source_ids == ["hildesheim-press-1988", "padang-report-2010"]
    assert data.sides_of(exchange) == ["padang", "hildesheim"]
    assert data.citations["padang-report-2010"][0].id == "2010-school-exchange"
    assert data.sources["padang-report-2010"].title_by_editors is True
    assert data.sources["hildesheim-press-1988"].title_by_editors is False


def test_dates_keep_the_precision_written(write_data: Callable[..., Path]) -> None:
    data = load_dataset(write_data())
    founding, festival, exchange = data.events.values()

    assert (founding.date.precision, str(founding.date)) == ("month", "1988-06")
    assert (founding.date.year, founding.date.month, founding.date.day) == (1988, 6, None)
    assert founding.end_date is not None and str(founding.end_date) == "1988-07"
    assert (festival.date.precision, str(festival.date)) == ("year", "1995")
    assert (exchange.date.precision, str(exchange.date)) == ("day", "2010-09-12")
    assert str(founding.date.first_day()) == "1988-06-01"
    assert str(founding.date.last_day()) == "1988-06-30"
    assert str(festival.date.last_day()) == "1995-12-31"

    term = data.actors["mayor-padang"].term
    assert term is not None and term.to is not None
    assert (term.from_.precision, str(term.from_), str(term.to)) == ("year", "1983", "1993")
    assert str(data.sources["hildesheim-press-1988"].date) == "1988-06"


def test_texts_and_names(write_data: Callable[..., Path]) -> None:
    data = load_dataset(write_data())
    founding = data.events["1988-founding"]

    assert founding.title == {"id": "Penandatanganan kemitraan", "en": "Partnership signed"}
    # A name written as plain text is the same in every language.
    assert founding.place == {"id": "Hildesheim", "en": "Hildesheim", "de": "Hildesheim"}
    assert data.actors["hildesheim-city"].name == dict.fromkeys(("id", "en", "de"), "Stadt Hildesheim")
    assert data.sectors["culture"].description == {"en": "Art, music and festivals."}
    assert founding.agreement is not None and founding.agreement.signatories == ["mayor-padang"]


def test_yaml_1_1_surprises_stay_text(write_data: Callable[..., Path]) -> None:
    """PyYAML would read `no` as False, `NO` as False and `0123` as the number 83."""
    events = EVENTS.replace("title: {en: Festival}", "title: {en: no}")
    events = events.replace("[culture, education]", "[0123, education]").replace("- culture", "- 0123")
    data_dir = write_data(
        events=events,
        sectors=SECTORS.replace("id: culture", "id: 0123"),
        **edit("actors", "country: DE", "country: NO"),
    )
    data = load_dataset(data_dir)

    assert data.events["1995-festival"].title == {"en": "no"}
    assert data.actors["hildesheim-city"].country == "NO"
    assert "0123" in data.sectors
    assert [e.id for e in data.events_by_sector["0123"]] == ["1988-founding", "1995-festival"]
    assert str(data.events["2010-school-exchange"].date) == "2010-09-12"  # not a datetime.date


def test_file_of_exactly_the_size_limit_is_accepted(write_data: Callable[..., Path]) -> None:
    padding = "#" * (MAX_BYTES - len(EVENTS.encode("utf-8")) - 1) + "\n"
    data_dir = write_data(events=EVENTS + padding)
    assert (data_dir / "events.yml").stat().st_size == MAX_BYTES
    assert len(load_dataset(data_dir).events) == 3


# --- one problem each --------------------------------------------------------------------------

FORMAT = "expected a date written as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1988-06-20"
EVENT_FIELDS = (
    "id, date, end_date, type, title, summary, place, host, sectors, actors, sources, "
    "certainty, agreement, disagreements"
)
ID_RULE = "expected lowercase letters a-z, digits and single hyphens, e.g. 1988-founding"
LIST_OF_RECORDS = "expected a list of records, each starting with '- id: ...'"
MISALIGNED = "the indentation does not line up; indent items of one list or mapping equally"
PER_LANGUAGE = "expected text per language, e.g. {id: ..., en: ..., de: ...}"
SITE_LANGUAGES = "expected one of the site's languages: id, en, de"

CASES = [
    # YAML syntax
    pytest.param(
        edit("events", "  type: exchange\n", "\ttype: exchange\n"),
        "data/events.yml:3: a tab character is used for indentation; indent with spaces only",
        id="tab-indentation",
    ),
    pytest.param(
        edit("events", "    en: Partnership signed", "\ten: Partnership signed"),
        "data/events.yml:15: a tab character is used for indentation; indent with spaces only",
        id="tab-indentation-nested",
    ),
    pytest.param(
        edit("events", 'date: "1995"', 'date: "1995'),
        "data/events.yml:25: invalid YAML: the quote opened on this line is never closed; close it where the text ends",
        id="unclosed-quote-at-end",
    ),
    pytest.param(
        # The open quote runs on to the next quote mark, 21 lines further down; point at where it opened.
        edit("events", "title: {en: School exchange}", 'title: {en: "School exchange}'),
        "data/events.yml:4: invalid YAML: the quote opened on this line is only closed on line 25; "
        "close it where the text ends",
        id="unclosed-quote-in-flow-mapping",
    ),
    pytest.param(
        edit("events", "    en: Partnership signed", '    en: "Partnership signed'),
        "data/events.yml:15: invalid YAML: the quote opened on this line is only closed on line 25; "
        "close it where the text ends",
        id="unclosed-quote-in-block",
    ),
    pytest.param(
        edit("events", "  type: exchange\n", " type: exchange\n"),
        f"data/events.yml:3: invalid YAML: {MISALIGNED}",
        id="bad-indentation-less",
    ),
    pytest.param(
        edit("events", "  type: exchange\n", "   type: exchange\n"),
        "data/events.yml:3: invalid YAML: a ':' appears where YAML does not expect one; check the indentation, "
        "or put text that contains ': ' in quotes",
        id="bad-indentation-more",
    ),
    pytest.param(
        edit("events", "    - culture\n", "    - culture\n   - education\n"),
        f"data/events.yml:30: invalid YAML: {MISALIGNED}",
        id="bad-indentation-list-item",
    ),
    pytest.param(
        edit("events", "sectors: [education]", "sectors: [education"),
        "data/events.yml:5: invalid YAML: the '[' on this line is not closed properly; expected ']' after the last "
        "value, commas between values, and quotes around text that contains ',' or ':'",
        id="unclosed-bracket",
    ),
    pytest.param(
        edit("events", "type: exchange", "type:exchange"),
        "data/events.yml:3: invalid YAML: this line has no ': ' after its key; "
        "write 'key: value' with a space after ':'",
        id="no-space-after-colon",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", "title:\n    en: @festival"),
        "data/events.yml:28: invalid YAML: a value cannot start with '@'; put the text in quotes",
        id="value-starting-with-at",
    ),
    pytest.param(
        {"events": EVENTS + "---\n" + EVENTS},
        "data/events.yml:33: invalid YAML: a second document starts here; "
        "expected one list of records, so remove this '---'",
        id="second-document",
    ),
    pytest.param(
        {"events": EVENTS + "# a bell \x07 slipped in\n"},
        "data/events.yml:33: the file contains an invisible control character (U+0007); delete it",
        id="control-character",
    ),
    # shapes
    pytest.param(
        edit("events", "sectors:\n    - culture", "sectors: culture"),
        "data/events.yml:28: events[2].sectors: found 'culture'; "
        "expected a list, written [a, b] or one '- item' per line",
        id="scalar-where-list-belongs",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", "title: {en: [Festival, Fest]}"),
        "data/events.yml:27: events[2].title.en: found a list; expected a single text value",
        id="list-where-text-belongs",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", "title: [Festival]"),
        f"data/events.yml:27: events[2].title: found a list; {PER_LANGUAGE}",
        id="list-where-text-per-language-belongs",
    ),
    pytest.param(
        edit("events", "  certainty: uncertain\n", "  certainty: uncertain\n- just a line of text\n"),
        "data/events.yml:33: events[3]: found 'just a line of text'; expected a record: a mapping of fields starting "
        "with 'id:'",
        id="record-that-is-text",
    ),
    # fields
    pytest.param(
        edit("events", "title: {en: Festival}", "titel: {en: Festival}"),
        f"data/events.yml:27: events[2].titel: unknown field 'titel' (did you mean 'title'?); expected one of: "
        f"{EVENT_FIELDS}",
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        edit("events", "    kind: partnership-agreement", "    knd: partnership-agreement"),
        "data/events.yml:22: events[1].agreement.knd: unknown field 'knd' (did you mean 'kind'?); "
        "expected one of: kind, signatories, term_years",
        id="unknown-nested-key-did-you-mean",
    ),
    pytest.param(
        edit("events", "  certainty: uncertain\n", ""),
        "data/events.yml:24: events[2].certainty: required field 'certainty' is missing; "
        "expected it in every record of data/events.yml",
        id="missing-required-field",
    ),
    pytest.param(
        edit("actors", "term: {from: 1983, to: 1993}", "term: {to: 1993}"),
        "data/actors.yml:16: actors[2].term.from: required field 'from' is missing; expected it in 'term'",
        id="missing-nested-field",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", 'title: {en: ""}'),
        "data/events.yml:27: events[2].title.en: the text is empty; expected some text, or leave the field out",
        id="empty-string",
    ),
    pytest.param(
        edit("events", "place: Hildesheim", 'place: "  "'),
        "data/events.yml:16: events[1].place: the text is empty; expected some text, or leave the field out",
        id="empty-name",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", "title:"),
        f"data/events.yml:27: events[2].title: found nothing; {PER_LANGUAGE}",
        id="empty-value",
    ),
    pytest.param(
        edit("events", "title: {en: Festival}", "title: {}"),
        "data/events.yml:27: events[2].title: no text given; expected text in at least one language, "
        "e.g. {id: ..., en: ...}",
        id="no-language",
    ),
    pytest.param(
        edit("events", "type: exchange", "type: exchang"),
        "data/events.yml:3: events[0].type: 'exchang' is not allowed here; expected one of: agreement, visit, "
        "meeting, conference, ceremony, cultural-event, exchange, programme, aid or announcement",
        id="unknown-event-type",
    ),
    pytest.param(
        edit("events", "type: exchange", "type:"),
        "data/events.yml:3: events[0].type: found nothing; expected one of: agreement, visit, "
        "meeting, conference, ceremony, cultural-event, exchange, programme, aid or announcement",
        id="empty-event-type",
    ),
    pytest.param(
        edit("events", "sectors: [education]", "sectors: []"),
        "data/events.yml:5: events[0].sectors: the list is empty; expected at least one id",
        id="empty-list",
    ),
    # ids
    pytest.param(
        edit("events", "id: 1995-festival", "id: 1995 festival"),
        f"data/events.yml:24: events[2].id: '1995 festival' is not a valid id; {ID_RULE}",
        id="id-with-space",
    ),
    pytest.param(
        edit("events", "id: 1995-festival", "id: 1995-Festival"),
        f"data/events.yml:24: events[2].id: '1995-Festival' is not a valid id; {ID_RULE}",
        id="id-with-capitals",
    ),
    pytest.param(
        edit("events", "id: 1995-festival", "id: 1995-fäst"),
        f"data/events.yml:24: events[2].id: '1995-fäst' is not a valid id; {ID_RULE}",
        id="id-non-ascii",
    ),
    pytest.param(
        edit("events", "id: 1995-festival", "id: " + "a" * 81),
        "data/events.yml:24: events[2].id: the text is too long; expected at most 80 characters",
        id="id-too-long",
    ),
    pytest.param(
        edit("events", "id: 1995-festival", "id: 1988-founding"),
        "data/events.yml:24: events[2].id: duplicate id '1988-founding' (first used on line 9); "
        "expected every id once per file",
        id="duplicate-id",
    ),
    pytest.param(
        edit("events", "  certainty: uncertain\n", "  certainty: uncertain\n  certainty: confirmed\n"),
        "data/events.yml:33: events[2].certainty: duplicate key 'certainty' (first given on line 32); "
        "expected each key once per record",
        id="duplicate-key",
    ),
    # dates
    pytest.param(
        edit("events", 'date: "1995"', "date: 1988-13-01"),
        f"data/events.yml:25: events[2].date: '1988-13-01' has no month 13; {FORMAT}",
        id="date-month-13",
    ),
    pytest.param(
        edit("events", 'date: "1995"', "date: 20-06-1988"),
        f"data/events.yml:25: events[2].date: '20-06-1988' is not a date; {FORMAT}",
        id="date-day-first",
    ),
    pytest.param(
        edit("events", 'date: "1995"', "date: June 1988"),
        f"data/events.yml:25: events[2].date: 'June 1988' is not a date; {FORMAT}",
        id="date-in-words",
    ),
    pytest.param(
        edit("events", 'date: "1995"', 'date: "June 1988"'),
        f"data/events.yml:25: events[2].date: 'June 1988' is not a date; {FORMAT}",
        id="date-in-words-quoted",
    ),
    pytest.param(
        edit("events", 'date: "1995"', "date: 1988-02-30"),
        f"data/events.yml:25: events[2].date: '1988-02-30' has no day 30 (that month has 29 days); {FORMAT}",
        id="date-february-30",
    ),
    pytest.param(
        edit("events", 'date: "1995"', "date:"),
        f"data/events.yml:25: events[2].date: no date given; {FORMAT}",
        id="date-empty",
    ),
    pytest.param(
        edit("events", "end_date: 1988-07", "end_date: 1988-05"),
        "data/events.yml:11: events[1].end_date: end_date 1988-05 is before date 1988-06; "
        "expected end_date on or after date",
        id="end-date-before-date",
    ),
    pytest.param(
        edit("actors", "to: 1993", "to: 1980"),
        "data/actors.yml:16: actors[2].term.to: the term ends (1980) before it starts (1983); "
        "expected 'to' on or after 'from'",
        id="term-ends-before-it-starts",
    ),
    # references between files
    pytest.param(
        edit("events", "sectors: [education]", "sectors: [educaton]"),
        "data/events.yml:5: events[0].sectors[0]: unknown sector 'educaton' (did you mean 'education'?); "
        "expected an id from data/sectors.yml: culture, education",
        id="unknown-sector",
    ),
    pytest.param(
        edit("events", "actors: [padang-city, hildesheim-city]", "actors: [padang-city, hildesheim-cty]"),
        "data/events.yml:18: events[1].actors[1]: unknown actor 'hildesheim-cty' (did you mean 'hildesheim-city'?); "
        "expected an id from data/actors.yml: hildesheim-city, mayor-padang, padang-city",
        id="unknown-actor",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", "sources: [padang-report-2011]"),
        "data/events.yml:7: events[0].sources[0]: unknown source 'padang-report-2011' "
        "(did you mean 'padang-report-2010'?); expected an id from data/sources.yml: "
        "hildesheim-press-1988, padang-report-2010",
        id="unknown-source",
    ),
    pytest.param(
        edit("events", "signatories: [mayor-padang]", "signatories: [mayor-padng]"),
        "data/events.yml:23: events[1].agreement.signatories[0]: unknown actor 'mayor-padng' "
        "(did you mean 'mayor-padang'?); expected an id from data/actors.yml: hildesheim-city, mayor-padang, "
        "padang-city",
        id="unknown-signatory",
    ),
    pytest.param(
        edit("actors", "part_of: padang-city", "part_of: padang-cty"),
        "data/actors.yml:17: actors[2].part_of: unknown actor 'padang-cty' (did you mean 'padang-city'?); "
        "expected an id from data/actors.yml: hildesheim-city, mayor-padang, padang-city",
        id="unknown-part-of",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", "sources: [city-archive]"),
        "data/events.yml:7: events[0].sources[0]: unknown source 'city-archive'; "
        "expected an id from data/sources.yml: hildesheim-press-1988, padang-report-2010",
        id="unknown-source-nothing-close",
    ),
    # citations with a quote and locator
    pytest.param(
        edit("events", "sources: [padang-report-2010]", CITED.replace("padang-report-2010", "padang-report-2011")),
        "data/events.yml:8: events[0].sources[0].source: unknown source 'padang-report-2011' "
        "(did you mean 'padang-report-2010'?); expected an id from data/sources.yml: "
        "hildesheim-press-1988, padang-report-2010",
        id="citation-unknown-source",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", CITED.replace("'Sekolah ... Hildesheim'", '""')),
        "data/events.yml:9: events[0].sources[0].quote: the text is empty; expected some text, or leave the field out",
        id="citation-empty-quote",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", CITED.replace("locator:", "locater:")),
        "data/events.yml:10: events[0].sources[0].locater: unknown field 'locater' (did you mean 'locator'?); "
        "expected one of: source, quote, locator",
        id="citation-extra-key",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", CITED.replace("'Sekolah ... Hildesheim'", "x" * 601)),
        "data/events.yml:9: events[0].sources[0].quote: the quote has 601 characters; expected at most 600 "
        "(about 300 is enough: cite the passage that supports the event, shorten it with ... where needed)",
        id="citation-quote-too-long",
    ),
    pytest.param(
        edit(
            "events",
            "sources: [padang-report-2010]",
            CITED.replace("'Sekolah ... Hildesheim'", "|\n        two\n        lines"),
        ),
        "data/events.yml:9: events[0].sources[0].quote: the text has a line break; expected a single line",
        id="citation-quote-two-lines",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", "sources:\n    - quote: Sekolah"),
        "data/events.yml:8: events[0].sources[0].source: required field 'source' is missing; expected it in 'sources'",
        id="citation-without-source",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", "sources:\n    - [padang-report-2010]"),
        "data/events.yml:8: events[0].sources[0]: found a list; expected a source id or a mapping with the fields "
        "source, quote, locator",
        id="citation-list",
    ),
    pytest.param(
        edit("events", "sources: [padang-report-2010]", CITED + "\n    - padang-report-2010"),
        "data/events.yml:11: events[0].sources[1]: source 'padang-report-2010' is cited twice for this event "
        "(first as sources[0]); expected each source once, with one quote",
        id="citation-source-twice",
    ),
    pytest.param(
        edit(
            "events",
            "sources: [hildesheim-press-1988]\n  certainty: uncertain",
            "sources: [hildesheim-press-1988, hildesheim-press-1988]\n  certainty: uncertain",
        ),
        "data/events.yml:31: events[2].sources[1]: source 'hildesheim-press-1988' is cited twice for this event "
        "(first as sources[0]); expected each source once, with one quote",
        id="plain-source-twice",
    ),
    pytest.param(
        edit("sources", "  side: padang\n", "  side: padang\n  title_by_editors: yes\n"),
        "data/sources.yml:14: sources[1].title_by_editors: 'yes' is not a yes/no value; expected true or false",
        id="title-by-editors-not-a-flag",
    ),
    # languages
    pytest.param(
        edit("events", "title: {en: Festival}", "title: {en: Festival, fr: Fête}"),
        f"data/events.yml:27: events[2].title.fr: unknown language 'fr'; {SITE_LANGUAGES}",
        id="unknown-language",
    ),
    pytest.param(
        edit("events", "    en: Partnership signed", "    en: Partnership signed\n    fr: Partenariat signé"),
        f"data/events.yml:16: events[1].title.fr: unknown language 'fr'; {SITE_LANGUAGES}",
        id="unknown-language-block",
    ),
    pytest.param(
        edit("sectors", '{en: "Art, music and festivals."}', "{en: Art, music and festivals.}"),
        "data/sectors.yml:3: sectors[0].description.music and festivals.: unknown language 'music and festivals.'; "
        f"{SITE_LANGUAGES} (inside {{ }} put text that contains a comma in quotes)",
        id="unquoted-comma-in-braces",
    ),
    # YAML features the record does not use
    pytest.param(
        edit("events", "sectors: [education]", "sectors: &usual [education]"),
        "data/events.yml:5: anchor '&usual' is not allowed; write each value out in full",
        id="anchor",
    ),
    pytest.param(
        edit("events", "sectors:\n    - culture", "sectors: *usual"),
        "data/events.yml:28: alias '*usual' is not allowed; write the value out in full",
        id="alias",
    ),
    pytest.param(
        edit("events", 'date: "1995"', "date: !!str 1995"),
        "data/events.yml:25: tag '!!str' is not allowed; write plain values without '!' tags",
        id="tag",
    ),
    # whole files
    pytest.param(
        {"events": EVENTS + "#" * (MAX_BYTES - len(EVENTS)) + "\n"},
        f"data/events.yml:1: the file is too large ({MAX_BYTES + 1:,} bytes); expected at most {MAX_BYTES:,} bytes",
        id="file-too-large",
    ),
    pytest.param(
        {"events": EVENTS.replace("title: {en: Festival}", "title: {en: Fête}").encode("latin-1")},
        "data/events.yml:27: the file is not UTF-8 text; save it with UTF-8 encoding",
        id="not-utf-8",
    ),
    pytest.param(
        {"events": EVENTS + "\x00"},
        "data/events.yml:33: the file contains a NUL byte; expected plain text",
        id="nul-byte",
    ),
    pytest.param({"events": ""}, f"data/events.yml:1: the file is empty; {LIST_OF_RECORDS}", id="empty-file"),
    pytest.param(
        {"events": "# nothing here yet\n"},
        f"data/events.yml:1: the file is empty; {LIST_OF_RECORDS}",
        id="only-comments",
    ),
    pytest.param(
        {"events": "events:\n" + "".join("  " + line + "\n" for line in EVENTS.splitlines())},
        f"data/events.yml:1: the file holds a mapping; {LIST_OF_RECORDS}",
        id="top-level-mapping",
    ),
    pytest.param(
        {"events": "\n# events follow\nnone yet\n"},
        f"data/events.yml:3: the file holds a single value; {LIST_OF_RECORDS}",
        id="top-level-text",
    ),
    pytest.param(
        {"events": None},
        "data/events.yml:1: the file does not exist; expected it next to the other data files",
        id="missing-file",
    ),
    # values
    pytest.param(
        edit("sources", "url: https://example.org/news/1988", "url: javascript:alert(1)"),
        "data/sources.yml:6: sources[0].url: 'javascript:alert(1)' is not a web address; "
        "expected one starting with https:// or http://",
        id="javascript-url",
    ),
    pytest.param(
        edit("actors", "country: DE", "country: Germany"),
        "data/actors.yml:9: actors[1].country: 'Germany' is not a country code; "
        "expected an ISO 3166 alpha-2 code in capitals, e.g. ID or DE",
        id="country-name",
    ),
    pytest.param(
        edit("sources", "language: de", "language: german"),
        "data/sources.yml:7: sources[0].language: 'german' is not a language code; "
        "expected an ISO 639-1 code such as id, en or de",
        id="language-name",
    ),
    pytest.param(
        edit("events", "    signatories: [mayor-padang]\n", "    signatories: [mayor-padang]\n    term_years: five\n"),
        "data/events.yml:24: events[1].agreement.term_years: found 'five'; expected a whole number",
        id="term-years-in-words",
    ),
    # rules between fields
    pytest.param(
        edit("events", "  agreement:\n    kind: partnership-agreement\n    signatories: [mayor-padang]\n", ""),
        "data/events.yml:12: events[1].type: an event of type agreement needs 'agreement'; "
        "expected kind and signatories",
        id="agreement-event-without-agreement",
    ),
    pytest.param(
        edit("events", "type: agreement", "type: ceremony"),
        "data/events.yml:21: events[1].agreement: 'agreement' belongs to events of type agreement; "
        "expected type: agreement",
        id="agreement-on-other-event",
    ),
    pytest.param(
        edit("actors", "  office: {id: Wali Kota Padang, en: Mayor of Padang}\n  term: {from: 1983, to: 1993}\n", ""),
        "data/actors.yml:13: actors[2].kind: an official needs 'office'; expected the public office held",
        id="official-without-office",
    ),
    pytest.param(
        edit("actors", "  country: DE\n", "  country: DE\n  office: {en: Mayor}\n"),
        "data/actors.yml:10: actors[1].office: 'office', 'term' and 'position' belong to officials; "
        "expected kind: official or none of them",
        id="office-on-non-official",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_one_problem(write_data: Callable[..., Path], files: dict[str, FileText], expected: str) -> None:
    assert problem_lines(write_data(**files)) == [expected]


def test_problems_in_several_files_are_all_reported_in_order(write_data: Callable[..., Path]) -> None:
    data_dir = write_data(
        **edit("events", "title: {en: Festival}", "titel: {en: Festival}"),
        **edit("actors", "country: DE", "country: de"),
        **edit("sources", "kind: report", "kind: reprot"),
        sectors="",
    )
    assert problem_lines(data_dir) == [
        "data/actors.yml:9: actors[1].country: 'de' is not a country code; "
        "expected an ISO 3166 alpha-2 code in capitals, e.g. ID or DE",
        f"data/events.yml:27: events[2].titel: unknown field 'titel' (did you mean 'title'?); expected one of: "
        f"{EVENT_FIELDS}",
        f"data/sectors.yml:1: the file is empty; {LIST_OF_RECORDS}",
        "data/sources.yml:11: sources[1].kind: 'reprot' is not allowed here; expected one of: web, news, "
        "press-release, journal, thesis, book, law, document, report, blog or reference",
    ]


def test_display_prefix_names_the_files(write_data: Callable[..., Path]) -> None:
    data_dir = write_data(**edit("events", "type: exchange", "type: exchang"))
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir, display_prefix="records")
    assert [p.file for p in caught.value.problems] == ["records/events.yml"]
    problem = caught.value.problems[0]
    assert (problem.line, problem.path) == (3, "events[0].type")


def test_a_disagreement_names_known_sources(write_data: Callable[..., Path]) -> None:
    text = ACTORS.rstrip("\n") + (
        "\n  disagreements:\n    - about: {en: End of the term}\n      claims:\n"
        "        - {source: padang-report-2010, says: {en: '2004'}}\n"
        "        - {source: padang-report-201, says: {en: '2003'}}\n"
    )
    problems = problem_lines(write_data(actors=text))
    assert len(problems) == 1
    assert problems[0].endswith(
        ".disagreements[0].claims[1].source: unknown source 'padang-report-201' (did you mean 'padang-report-2010'?); "
        "expected an id from data/sources.yml: hildesheim-press-1988, padang-report-2010"
    )


def test_a_disagreement_needs_two_claims(write_data: Callable[..., Path]) -> None:
    text = ACTORS.rstrip("\n") + (
        "\n  disagreements:\n    - about: {en: End of the term}\n      claims:\n"
        "        - {source: padang-report-2010, says: {en: '2004'}}\n"
    )
    problems = problem_lines(write_data(actors=text))
    assert len(problems) == 1 and problems[0].endswith(
        ".disagreements[0].claims: only 1 claim given; expected at least 2, one per disagreeing source"
    )


# libyaml reads well-formed files; PyYAML's pure-Python loader reads the rest and words the errors.
# Both must give the same values and lines wherever libyaml is used.
_AGREEMENT_FILES = sorted(
    [*(Path(__file__).parents[1] / "data").glob("*.yml"), *(Path(__file__).parent / "corpus").glob("*/*.yml")]
)


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def _takes_fast_path(path: Path) -> bool:
    from sistercity.record import yamlfile

    return yamlfile._fast_compose(_text(path)) is not yamlfile._SLOW


_FAST_FILES = [path for path in _AGREEMENT_FILES if _takes_fast_path(path)]


def test_the_comparison_covers_the_real_data_and_most_of_the_corpus() -> None:
    import yaml

    assert yaml.__with_libyaml__, "PyYAML without libyaml: the fast path is never taken"
    data = {path for path in _AGREEMENT_FILES if path.parent.name == "data"}
    assert len(data) == 4 and data <= set(_FAST_FILES)
    assert len(_FAST_FILES) >= len(_AGREEMENT_FILES) // 2  # well-formed files with a mistake in their content


@pytest.mark.parametrize("path", _AGREEMENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_libyaml_never_accepts_what_the_strict_loader_refuses(path: Path) -> None:
    from sistercity.record import yamlfile

    def fail(line: int, message: str) -> DataError:
        return DataError([])

    try:
        yamlfile._strict_compose(_text(path), fail)
    except DataError:
        assert not _takes_fast_path(path), "libyaml accepted a file the strict loader refuses"


@pytest.mark.parametrize("path", _FAST_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_libyaml_and_pure_python_loaders_agree(path: Path) -> None:
    from sistercity.record import yamlfile

    text = _text(path)
    fast = yamlfile._fast_compose(text)
    slow = yamlfile._strict_compose(text, lambda line, message: DataError([]))
    if fast is None or slow is None:  # a file without any content
        assert fast is slow is None
        return
    fast_doc = yamlfile.YamlDocument("f", "r", None)
    slow_doc = yamlfile.YamlDocument("f", "r", None)
    fast_problems: list = []
    slow_problems: list = []
    fast_doc.data = yamlfile._to_python(fast, (), fast_doc, fast_problems, text)
    slow_doc.data = yamlfile._to_python(slow, (), slow_doc, slow_problems, text)
    assert (fast_doc.data, fast_doc.lines, fast_problems) == (slow_doc.data, slow_doc.lines, slow_problems)


def test_real_data_takes_the_fast_path() -> None:
    from sistercity.record import yamlfile

    for path in (Path(__file__).parents[1] / "data").glob("*.yml"):
        assert yamlfile._fast_compose(path.read_text(encoding="utf-8")) is not yamlfile._SLOW, path.name


def test_cached_load_is_reused_only_while_the_bytes_are_the_same(write_data: Callable[..., Path]) -> None:
    from sistercity import load_dataset_cached

    data_dir = write_data()
    first = load_dataset_cached(data_dir)
    assert load_dataset_cached(data_dir) is first
    sources = data_dir / "sources.yml"
    stat = sources.stat()
    # Same size and modification time, one letter changed: the content decides, not the clock.
    sources.write_text(sources.read_text(encoding="utf-8").replace("Partnerschaft", "Partnerschaff", 1), "utf-8")
    os.utime(sources, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = load_dataset_cached(data_dir)
    assert second is not first
    assert second.sources["hildesheim-press-1988"].title == "Partnerschaff mit Padang besiegelt"
    sources.write_text("- id: [\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_dataset_cached(data_dir)  # an error is never hidden by the earlier good load


def test_an_unknown_icon_comes_in_the_same_list_as_every_other_problem(write_data: Callable[..., Path]) -> None:
    # Material's icon set is the vocabulary; it is checked with the other fields, so an editor
    # sees every problem in one round.
    description = '  description: {en: "Art, music and festivals."}\n'
    sectors = edit("sectors", description, description + "  icon: material/no-such-icon\n")
    actors = edit("actors", "  country: DE\n", "  country: XX\n")
    lines = problem_lines(write_data(**sectors, **actors))
    assert len(lines) == 2, lines
    assert lines[0].startswith("data/actors.yml:9: actors[1].country: 'XX' is not a country code")
    assert lines[1] == (
        "data/sectors.yml:4: sectors[0].icon: unknown icon 'material/no-such-icon'; "
        "expected a Material icon name such as material/school"
    )


# --- invisible characters in text (issue 13, "Bad input") -----------------------------------------


def _with_summary(summary: str) -> str:
    return EVENTS.replace("  title: {en: Festival}\n", f"  title: {{en: Festival}}\n  summary:\n{summary}", 1)


def test_an_invisible_character_typed_in_a_block_text_is_found_on_its_own_line(
    write_data: Callable[..., Path],
) -> None:
    events = _with_summary("    en: >-\n      First line\n      second\u200b line\n")
    line = events[: events.index("\u200b")].count("\n") + 1
    assert problem_lines(write_data(events=events)) == [
        f"data/events.yml:{line}: events[2].summary.en: the text contains an invisible formatting character (U+200B); "
        "expected visible characters only, so delete it (or the escape such as \\a that writes it)"
    ]


@pytest.mark.parametrize(
    "text",
    ['"tab\\there"', "Forscherin 👩\u200d🔬 ZWJ", "ZWNJ in \u200cword", "non-breaking\u00a0space", '"two\\nlines"'],
)
def test_tabs_joiners_and_other_spaces_stay_text(write_data: Callable[..., Path], text: str) -> None:
    dataset = load_dataset(write_data(events=_with_summary(f"    en: {text}\n")))
    assert dataset.events["1995-festival"].summary["en"]

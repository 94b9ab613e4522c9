"""Open-data exports: one CSV row per record, text per language, no spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sistercity import load_dataset
from sistercity.outputs.exports import safe_cell, to_csv, to_json
from sitebuild import ROOT

DATA = load_dataset(ROOT / "tests" / "fixtures" / "data")


@pytest.mark.parametrize("kind", ["sources", "actors", "sectors", "events"])
def test_one_row_per_record(kind: str) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(DATA, kind))))
    assert [row["id"] for row in rows] == list(getattr(DATA, kind))


def test_text_has_one_column_per_language() -> None:
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(DATA, "events")))}
    founding = rows["1988-founding"]
    assert (founding["title_id"], founding["title_en"], founding["title_de"]) == (
        "Pendirian kerja sama",
        "Founding of the cooperation",
        "Gründung der Zusammenarbeit",
    )
    assert founding["summary_de"] == ""  # missing translations stay empty, never filled in
    assert founding["sectors"] == "culture" and rows["2012-evening"]["sources"] == "news-2012;city-page"
    assert founding["date"] == "1988-06-20" and rows["2012-evening"]["date"] == "2012-02"


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_neutralised(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload
    assert safe_cell("Padang") == "Padang"


def test_formula_in_data_never_reaches_a_cell_unguarded() -> None:
    event = DATA.events["2022-trip"].model_copy(update={"title": {"en": "=cmd|' /C calc'!A0"}})
    data = type(DATA)(DATA.sources, DATA.actors, DATA.sectors, {**DATA.events, "2022-trip": event}, DATA.documents)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(data, "events")))}
    assert rows["2022-trip"]["title_en"] == "'=cmd|' /C calc'!A0"


def test_json_holds_every_record() -> None:
    document = json.loads(to_json(DATA, schemas={"events": {"type": "array"}}, version="1"))
    assert document["version"] == "1"
    for kind in ("sources", "actors", "sectors", "events"):
        assert [r["id"] for r in document[kind]] == list(getattr(DATA, kind))
    assert document["actors"][2]["term"] == {"from": "2014-05-13", "to": "2021-02-25"}
    assert document["schemas"] == {"events": {"type": "array"}}


def test_quotes_and_locators_are_in_the_downloads() -> None:
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(DATA, "events")))}
    evening = rows["2012-evening"]
    assert evening["sources"] == "news-2012;city-page"
    assert json.loads(evening["sources.quotes"]) == [
        {"source": "city-page", "quote": "Am Abend <b>lädt</b> die Stadt … ins Rathaus ein", "locator": "Absatz 2"}
    ]
    assert rows["2022-trip"]["sources.quotes"] == ""  # no quote, no locator: nothing to show
    header = next(csv.reader(io.StringIO(to_csv(DATA, "events"))))
    assert header.index("sources.quotes") == header.index("sources") + 1
    document = json.loads(to_json(DATA))
    evening_json = next(e for e in document["events"] if e["id"] == "2012-evening")
    assert evening_json["sources"] == [
        {"source": "news-2012"},
        {"source": "city-page", "quote": "Am Abend <b>lädt</b> die Stadt … ins Rathaus ein", "locator": "Absatz 2"},
    ]
    sources = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(DATA, "sources")))}
    assert sources["city-minutes"]["title_by_editors"] == "true" and sources["city-page"]["title_by_editors"] == "false"

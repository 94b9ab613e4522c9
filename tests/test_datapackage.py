"""The open data as a Frictionless Data Package: `frictionless validate` passes on the package in
each language folder of the built site and fails on broken tables; the schemas follow the CSV
columns; the link tables hold every id of every list."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.outputs.datapackage import PACKAGE_FILE, open_data_files
from sitebuild import LANGUAGES, ROOT, Build, prefix

FRICTIONLESS = Path(sys.executable).parent / "frictionless"
FIXTURE = load_dataset(ROOT / "tests" / "fixtures" / "data")
REAL = load_dataset(ROOT / "data")


def validate(package: Path) -> dict:
    """`frictionless validate` of a datapackage.json, as its JSON report."""
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", package.name], cwd=package.parent, capture_output=True, text=True
    )
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"], result.stderr
    return report


def errors(report: dict) -> list[tuple[str, str]]:
    return sorted((task["name"], error["type"]) for task in report["tasks"] for error in task["errors"])


def rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name])))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_frictionless_validates_the_built_package(site: Build, lang: str) -> None:
    package = site.site / prefix(lang) / "data" / PACKAGE_FILE
    report = validate(package)
    assert errors(report) == []
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    assert len(report["tasks"]) == len(resources) >= 9  # four record tables and their link tables
    for resource in resources:
        assert (package.parent / resource["path"]).is_file()


def test_frictionless_finds_broken_keys_and_values(site: Build, tmp_path: Path) -> None:
    data = shutil.copytree(site.site / "en" / "data", tmp_path / "data")
    with (data / "events-sectors.csv").open("a", encoding="utf-8", newline="") as links:
        links.write("1988-founding,no-such-sector\r\n")
    events = list(csv.reader((data / "events.csv").open(encoding="utf-8", newline="")))
    header = events[0]
    events[2][header.index("id")] = events[1][header.index("id")]  # the same id twice
    events[3][header.index("date")] = "1988/06"
    events[4][header.index("certainty")] = "probably"
    with (data / "events.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(events)
    report = validate(data / PACKAGE_FILE)
    assert not report["valid"]
    found = errors(report)
    assert ("events-sectors", "foreign-key") in found
    assert ("events", "primary-key") in found
    assert found.count(("events", "constraint-error")) == 2  # the date's pattern, the certainty's values


def test_each_table_schema_names_the_csv_columns_in_order() -> None:
    for dataset in (FIXTURE, REAL):
        files = open_data_files(dataset, "1")
        package = json.loads(files[PACKAGE_FILE])
        assert package["version"] == "1"
        for resource in package["resources"]:
            header = files[resource["path"]].split("\r\n", 1)[0].split(",")
            assert [field["name"] for field in resource["schema"]["fields"]] == header, resource["name"]


def test_fields_carry_types_keys_and_meaning() -> None:
    package = json.loads(open_data_files(REAL)[PACKAGE_FILE])
    schemas = {resource["name"]: resource["schema"] for resource in package["resources"]}
    events = {field["name"]: field for field in schemas["events"]["fields"]}
    assert schemas["events"]["primaryKey"] == ["id"]
    assert events["id"]["constraints"]["unique"] is True
    assert events["sectors"]["type"] == "list" and events["sectors"]["delimiter"] == ";"
    assert events["type"]["constraints"]["enum"][0] == "agreement" and events["type"]["constraints"]["required"]
    assert "pattern" in events["date"]["constraints"] and events["date"]["type"] == "string"
    assert events["title_de"]["description"].endswith("(German)") and "required" not in events["title_de"]
    actors = {field["name"]: field for field in schemas["actors"]["fields"]}
    assert actors["coordinates.lat"]["type"] == "number"
    assert schemas["actors"]["foreignKeys"] == [
        {"fields": ["part_of"], "reference": {"resource": "", "fields": ["id"]}}
    ]
    assert {"fields": ["sector_id"], "reference": {"resource": "sectors", "fields": ["id"]}} in schemas[
        "events-sectors"
    ]["foreignKeys"]


def test_link_tables_hold_every_id_of_every_list() -> None:
    files = open_data_files(REAL)
    pairs = [(row["event_id"], row["sector_id"]) for row in rows(files, "events-sectors.csv")]
    assert pairs == [(event.id, sector) for event in REAL.events.values() for sector in event.sectors]
    signed = [(row["event_id"], row["actor_id"]) for row in rows(files, "events-agreement-signatories.csv")]
    expected = [(e.id, a) for e in REAL.events.values() if e.agreement for a in e.agreement.signatories]
    assert signed == expected
    assert rows(files, "actors-sources.csv")[0] == {
        "actor_id": next(iter(REAL.actors)),
        "source_id": next(iter(REAL.actors.values())).sources[0],
    }


def test_negative_coordinates_stay_numbers() -> None:
    # Formula-like cells get an apostrophe, but a number such as -0.95 is no formula.
    actors = {row["id"]: row for row in rows(open_data_files(REAL), "actors.csv")}
    assert actors["pemko-padang"]["coordinates.lat"] == "-0.95"


def test_a_flag_is_a_boolean_column() -> None:
    # title_by_editors (added to the model by another branch) came into the CSV and the schema by itself.
    package = json.loads(open_data_files(REAL)[PACKAGE_FILE])
    sources = next(resource for resource in package["resources"] if resource["name"] == "sources")
    field = next(field for field in sources["schema"]["fields"] if field["name"] == "title_by_editors")
    assert field["type"] == "boolean"

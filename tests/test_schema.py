"""The JSON Schemas in schemas/: generated from the models, current, and in agreement with the loader."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from editorcheck import load_as_editor, schema_errors, validate
from pydantic import BaseModel
from sistercity.record.languages import LANGUAGES
from sistercity.record.models import RECORD_MODELS
from sistercity.record.schema import REGENERATE, data_file_schema, outdated, render_schema, schema_file, schema_header
from sitebuild import ROOT

SCHEMAS = ROOT / "schemas"
KINDS = list(RECORD_MODELS)


def test_committed_schemas_are_the_generated_ones() -> None:
    stale = [path.name for path in outdated(SCHEMAS)]
    assert stale == [], f"regenerate the schemas with: {REGENERATE}"
    assert sorted(path.name for path in SCHEMAS.glob("*.json")) == sorted(schema_file(kind) for kind in KINDS)


def test_the_documented_command_regenerates_and_checks(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "sistercity.record.schema", *args]
        env = {"PYTHONPATH": str(ROOT / "hooks"), "PATH": ""}
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    assert REGENERATE == "PYTHONPATH=hooks .venv/bin/python -m sistercity.record.schema"
    assert REGENERATE in (ROOT / "README.md").read_text(encoding="utf-8")
    target = tmp_path / "schemas"
    assert run(str(target)).returncode == 0
    assert run("--check", str(target)).returncode == 0
    assert (target / "events.schema.json").read_text(encoding="utf-8") == render_schema("events")
    (target / "events.schema.json").write_text("{}\n", encoding="utf-8")
    check = run("--check", str(target))
    assert check.returncode == 1
    assert check.stderr == f"events.schema.json is missing or out of date; regenerate it with: {REGENERATE}\n"


def _models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The model and every model nested in it, by name."""
    found = {model.__name__: model}
    for info in model.model_fields.values():
        for arg in _type_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found |= _models(arg)
    return found


def _type_args(annotation: object) -> list[object]:
    args = [annotation]
    for arg in typing.get_args(annotation):
        args += _type_args(arg)
    return args


@pytest.mark.parametrize("kind", KINDS)
def test_schema_has_every_field_with_its_description(kind: str) -> None:
    schema = data_file_schema(kind)
    assert schema["type"] == "array" and schema["items"] == {"$ref": f"#/definitions/{RECORD_MODELS[kind].__name__}"}
    for name, model in _models(RECORD_MODELS[kind]).items():
        definition = schema["definitions"][name]
        fields = {info.alias or field: info for field, info in model.model_fields.items()}
        assert list(definition["properties"]) == list(fields)
        assert definition["required"] == [key for key, info in fields.items() if info.is_required()]
        assert definition["additionalProperties"] is False
        for key, info in fields.items():
            assert definition["properties"][key]["description"] == info.description, (name, key)


def test_text_per_language_offers_the_sites_languages() -> None:
    for kind in KINDS:  # one property per language, which editors complete, instead of a key pattern
        assert "propertyNames" not in json.dumps(data_file_schema(kind))
    title = data_file_schema("events")["definitions"]["Event"]["properties"]["title"]
    assert list(title["properties"]) == list(LANGUAGES) and title["additionalProperties"] is False
    assert title["minProperties"] == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("data", ["data", "tests/fixtures/data"])
def test_schema_accepts_the_data_as_an_editor_reads_it(kind: str, data: str) -> None:
    schema = data_file_schema(kind)
    assert validate(load_as_editor(ROOT / data / f"{kind}.yml"), schema, schema) == []


# Corpus files whose one problem is within one file's structure, which JSON Schema can express.
SCHEMA_CATCHES = [
    "events/scalar-for-list",
    "events/list-for-scalar",
    "events/mapping-for-list",
    "events/text-for-mapping",
    "events/record-is-text",
    "events/unknown-key",
    "events/missing-required",
    "events/empty-string",
    "events/empty-value",
    "events/agreement-missing",
    "events/id-with-space",
    "events/id-with-capitals",
    "events/id-non-ascii",
    "events/date-month-13",
    "events/date-day-first",
    "events/date-in-words",
    "events/date-year-zero",
    "events/date-arabic-digits",
    "events/duplicate-sector",
    "events/duplicate-actor",
    "events/duplicate-signatory",
    "events/unknown-language",
    "events/top-level-mapping",
    "events/yaml11-no",
    "sources/javascript-url",
    "sources/missing-side",
    "actors/unknown-key",
    "actors/country-name",
    "actors/official-without-office",
    "actors/duplicate-source",
    "sectors/bad-icon",
    "sectors/list-for-text",
]


def loader_place(case: str) -> list[str | int]:
    """The place the loader names in the corpus case's expected line, as a JSON path: `events[2].date`
    -> [2, 'date']; [] when the line names the file as a whole."""
    line = (ROOT / "tests" / "corpus" / f"{case}.expected").read_text(encoding="utf-8")
    match = re.match(r"^data/\w+\.yml:\d+: \w+((?:\[\d+\]|\.[\w-]+)*): ", line)
    if match is None:
        return []
    return [int(part[1:-1]) if part[0] == "[" else part[1:] for part in re.findall(r"\[\d+\]|\.[\w-]+", match[1])]


@pytest.mark.parametrize("case", SCHEMA_CATCHES)
def test_schema_underlines_what_the_loader_rejects_where_it_does(case: str) -> None:
    kind = case.split("/")[0]
    schema = data_file_schema(kind)
    errors = schema_errors(load_as_editor(ROOT / "tests" / "corpus" / f"{case}.yml"), schema)
    place = loader_place(case)
    # The editor underlines the field the loader names, or the record (a missing or unknown field
    # is the record's error in JSON Schema), or the list an item of which is named twice.
    near = [place, place[:-1]] if place else [place]
    assert any(list(error.absolute_path) in near for error in errors), (place, [e.message for e in errors])


def test_the_schema_finds_nothing_in_the_good_fixture_of_each_case() -> None:
    # The corpus files differ from the fixture by their one mistake: the fixture itself is valid,
    # so what the test above finds is that mistake.
    for kind in KINDS:
        schema = data_file_schema(kind)
        assert schema_errors(load_as_editor(ROOT / "tests" / "fixtures" / "data" / f"{kind}.yml"), schema) == []


@pytest.mark.parametrize(
    ("kind", "path", "samples"),
    [
        ("events", ("Event", "id"), {"1988-founding": True, "a": True, "1988 founding": False, "1988-Founding": False,
                                     "1988-fäst": False, "a--b": False, "-a": False}),
        ("events", ("Event", "date"), {"1988": True, "1988-06": True, "1988-06-20": True, "1988-13-01": False,
                                       "20-06-1988": False, "June 1988": False, "1988-6": False, "88": False,
                                       "0000": False, "0000-01-01": False, "0001": True, "١٩٨٨": False}),
        ("sources", ("Source", "url"), {"https://example.org/x": True, "http://example.org": True,
                                        "javascript:alert(1)": False, "ftp://example.org": False,
                                        "https://exa mple.org": False}),
        ("actors", ("Actor", "country"), {"ID": True, "DE": True, "de": False, "Germany": False, "XX": False}),
    ],
)  # fmt: skip
def test_patterns_agree_with_the_loader(kind: str, path: tuple[str, str], samples: dict[str, bool]) -> None:
    schema = data_file_schema(kind)
    field = schema["definitions"][path[0]]["properties"][path[1]]
    for value, valid in samples.items():
        assert (validate(value, field, schema) == []) is valid, value
        model = RECORD_MODELS[kind]
        assert (_field_errors(model, path[1], value) == []) is valid, value


def _field_errors(model: type[BaseModel], field: str, value: str) -> list[str]:
    from pydantic import ValidationError

    try:
        model.model_validate({field: value})
    except ValidationError as exc:
        return [e["msg"] for e in exc.errors() if e["loc"] == (field,)]
    return []


def test_data_files_point_to_their_schema() -> None:
    for kind in KINDS:
        first_line = (ROOT / "data" / f"{kind}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first_line == schema_header(kind)
        assert first_line == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
        target = first_line.split("$schema=", 1)[1]
        assert ((ROOT / "data" / target).resolve()).is_file()


def test_schema_header_of_a_copy_resolves(tmp_path: Path) -> None:
    # The header is a path relative to the data file, so it works in any checkout of the repository.
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    (tmp_path / "data").mkdir()
    for kind in KINDS:
        target = schema_header(kind).split("$schema=", 1)[1]
        assert (tmp_path / "data" / target).resolve() == (tmp_path / "schemas" / schema_file(kind)).resolve()
        assert (tmp_path / "data" / target).is_file()

"""JSON Schemas of the data files, generated from the models, for editors.

With the schema named in a data file's first line, editors (VS Code's YAML extension, JetBrains
IDEs) complete field names and vocabulary values, show each field's description and underline
mistakes while typing. The loader remains the judge: the schemas describe what it accepts, as far
as JSON Schema can (not references between files, duplicate ids or the order of dates).

Regenerate the files in schemas/ after changing the models:

    PYTHONPATH=hooks .venv/bin/python -m sistercity.record.schema

and check that they are current (CI does this through the tests) with `--check`.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .languages import LANGUAGES, site_language
from .models import RECORD_MODELS

# Draft 7: the newest draft the YAML language server (VS Code's YAML extension) supports.
DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"
REGENERATE = "PYTHONPATH=hooks .venv/bin/python -m sistercity.record.schema"


def _language_name(code: str) -> str:
    """Shown when hovering over a language key of a text mapping: 'Deutsch (German)'."""
    language = site_language(code)
    return language.name if language.name == language.english_name else f"{language.name} ({language.english_name})"


def schema_file(kind: str) -> str:
    """The schema's file name for data/<kind>.yml, e.g. events.schema.json."""
    return f"{kind}.schema.json"


def schema_header(kind: str) -> str:
    """The first line of data/<kind>.yml, which points editors at its schema (a path relative to the file)."""
    return f"# yaml-language-server: $schema=../schemas/{schema_file(kind)}"


class _EditorSchema(GenerateJsonSchema):
    """Pydantic's schema, adjusted to what helps a maintainer typing YAML."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # titles like "End Date" repeat the key; the description says what it means

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", ...) is None:
            del result["default"]  # an editor would offer to write `summary: null`
        return result

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        result = super().dict_schema(schema)
        # A text per language: list the languages as properties so editors offer id, en and de.
        if result.get("propertyNames", {}).get("enum") == list(LANGUAGES):
            text = result.pop("additionalProperties")
            del result["propertyNames"]
            result["properties"] = {lang: {**text, "description": _language_name(lang)} for lang in LANGUAGES}
            result["additionalProperties"] = False
        return result


def data_file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of data/<kind>.yml: a list of records of that kind's model."""
    return json.loads(_schema_json(kind))  # a fresh copy: callers may change it


@functools.cache  # the models do not change while the program runs; every language's build asks
def _schema_json(kind: str) -> str:
    model = RECORD_MODELS[kind]
    generated = TypeAdapter(list[model]).json_schema(  # type: ignore[valid-type]
        ref_template="#/definitions/{model}", schema_generator=_EditorSchema, mode="validation"
    )
    schema = {
        "$schema": DIALECT,
        "title": f"data/{kind}.yml",
        "description": f"A list of records, one per item starting with '- id:'. {model.__doc__}",
        "type": "array",
        "items": generated["items"],
        "definitions": generated["$defs"],
    }
    return json.dumps(schema, ensure_ascii=False)


def render_schema(kind: str) -> str:
    """The text of schemas/<kind>.schema.json."""
    return json.dumps(data_file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def outdated(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    """Schema files that are missing or differ from what the models generate."""
    paths = {kind: schema_dir / schema_file(kind) for kind in RECORD_MODELS}
    return [
        path
        for kind, path in paths.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(kind)
    ]


def write_schemas(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    """Write every data file's schema into `schema_dir`; return the files written."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORD_MODELS:
        path = schema_dir / schema_file(kind)
        path.write_text(render_schema(kind), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse  # the command line only: builds import this module for the downloads

    parser = argparse.ArgumentParser(prog="python -m sistercity.record.schema", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the files are current")
    parser.add_argument("directory", nargs="?", type=Path, default=SCHEMA_DIR, help="where the schemas live")
    args = parser.parse_args(argv)
    if args.check:
        stale = outdated(args.directory)
        for path in stale:
            print(f"{path.name} is missing or out of date; regenerate it with: {REGENERATE}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.directory):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

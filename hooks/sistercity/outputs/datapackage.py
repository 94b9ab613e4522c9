"""Open data as the open-data world expects it: a Frictionless Data Package (datapackage.json) that
describes the CSV downloads with a Table Schema each, generated from the models and the tables.

A record's lists of ids (an event's sectors, actors and sources, an agreement's signatories, an
actor's sources) are many-to-many links. Table Schema's foreign keys relate single cells, so the
package carries them twice: as a `list` column in the record's own CSV (`culture;education`, for
readers and spreadsheets), and as a link table of id pairs (`events-sectors.csv`: event_id,
sector_id) whose foreign keys tools can check and join on. A single id (an actor's `part_of`) is
a foreign key on its own column. Columns come from the tables themselves, so a field added to a
model appears in the CSV and in its schema without further work.

https://datapackage.org/standard/data-package/ and /standard/table-schema/
"""

from __future__ import annotations

import json
import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..record.dataset import Dataset, _ids_at
from ..record.dates import PartialDate
from ..record.models import ID_PATTERN, LANGUAGES, RECORD_MODELS, REFERENCE_FIELDS
from .exports import LIST_SEPARATOR, Table, table, write_csv

PACKAGE_FILE = "datapackage.json"
_LANGUAGE_NAMES = {"id": "Indonesian", "en": "English", "de": "German"}
# Table Schema patterns are XML Schema regular expressions: implicitly anchored, no ^ or $.
_ID = ID_PATTERN.removeprefix("^").removesuffix("$")
_DATE = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
_SINGULAR = {"sources": "source", "actors": "actor", "sectors": "sector", "events": "event"}


def _models_in(annotation: object) -> list[object]:
    """`annotation` and every type inside it (Optional, Annotated, list, Literal arguments)."""
    found = [annotation]
    origin = typing.get_origin(annotation)
    if origin is not Literal:
        for arg in typing.get_args(annotation):
            found += _models_in(arg)
    return found


def _field_info(model: type[BaseModel], dotted: str) -> FieldInfo | None:
    """The model field a column comes from: `term.from` is Actor.term, then Term.from."""
    head, _, rest = dotted.partition(".")
    info = next((i for name, i in model.model_fields.items() if (i.alias or name) == head), None)
    if info is None or not rest:
        return info
    nested = [t for t in _models_in(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return _field_info(nested[0], rest) if nested else None


def _field(model: type[BaseModel], column: str, kind: str) -> dict[str, Any]:
    """The Table Schema field for one column of the table of `model`."""
    name, lang = column, None
    if kind == "text" and column[-3:-2] == "_" and column[-2:] in LANGUAGES and _field_info(model, column[:-3]):
        name, lang = column[:-3], column[-2:]
    info = _field_info(model, name)
    field: dict[str, Any] = {"name": column}
    if info is not None and info.description:
        field["description"] = info.description + (f" ({_LANGUAGE_NAMES[lang]})" if lang else "")
    constraints: dict[str, Any] = {}
    if kind == "ids":
        field |= {"type": "list", "delimiter": LIST_SEPARATOR, "itemType": "string"}
    elif kind == "json":
        field["type"] = "array"  # a JSON array in the cell (e.g. disagreements with their claims)
    else:
        field["type"] = {"boolean": "boolean", "integer": "integer", "number": "number"}.get(kind, "string")
    types_inside = _models_in(info.annotation) if info is not None else []
    literals = [t for t in types_inside if typing.get_origin(t) is Literal]
    if literals and lang is None:
        constraints["enum"] = [value for literal in literals for value in typing.get_args(literal)]
    if PartialDate in types_inside:
        constraints["pattern"] = _DATE  # a year, a month or a day: no Table Schema date type holds all three
    if column == "id":
        constraints |= {"required": True, "unique": True, "pattern": _ID}
    elif lang is None and "." not in column and info is not None and info.is_required():
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _links(dataset: Dataset) -> list[tuple[str, str, str, str, Table]]:
    """(resource name, kind, field path, target kind, table of id pairs) for each list of ids."""
    links = []
    for kind, fields in REFERENCE_FIELDS.items():
        for dotted, target in fields.items():
            if "." not in dotted and "[]" not in dotted and _is_single(dataset, kind, dotted):
                continue  # one id per record: a foreign key on the record's own column
            left, right = f"{_SINGULAR[kind]}_id", f"{_SINGULAR[target]}_id"
            if left == right:
                right = f"{dotted.replace('[]', '').replace('.', '_')}_id"
            rows = {}
            for record in getattr(dataset, kind).values():
                for _, ref in _ids_at(record.model_dump(mode="json", by_alias=True), dotted.split("."), ()):
                    rows[(record.id, ref)] = {left: record.id, right: ref}
            parts = dotted.split(".")
            if len(parts) > 1 and parts[-2].endswith("[]"):
                parts = parts[:-1]  # sources[].source: the table of an event's sources
            name = "-".join([kind, *(part.removesuffix("[]") for part in parts)])
            links.append((name, kind, dotted, target, Table([left, right], list(rows.values()))))
    return links


def _is_single(dataset: Dataset, kind: str, dotted: str) -> bool:
    info = _field_info(RECORD_MODELS[kind], dotted)
    return info is not None and not any(typing.get_origin(t) is list for t in _models_in(info.annotation))


def _resource(name: str, description: str, data: Table, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def open_data_files(dataset: Dataset, version: str = "") -> dict[str, str]:
    """The CSV files and the datapackage.json that describes them, by file name."""
    files: dict[str, str] = {}
    resources = []
    for kind, model in RECORD_MODELS.items():
        data = table(dataset, kind)
        files[f"{kind}.csv"] = write_csv(data.columns, data.rows)
        schema: dict[str, Any] = {
            "fields": [_field(model, column, data.kinds.get(column, "text")) for column in data.columns],
            "primaryKey": ["id"],
        }
        keys = [
            {"fields": [dotted], "reference": {"resource": "" if target == kind else target, "fields": ["id"]}}
            for dotted, target in REFERENCE_FIELDS.get(kind, {}).items()
            if dotted in data.columns and _is_single(dataset, kind, dotted)
        ]
        if keys:
            schema["foreignKeys"] = keys
        description = (model.__doc__ or kind).strip().splitlines()[0] + f" One row per record of data/{kind}.yml."
        resources.append(_resource(kind, description, data, schema))
    for name, kind, dotted, target, data in _links(dataset):
        files[f"{name}.csv"] = write_csv(data.columns, data.rows)
        left, right = data.columns
        schema = {
            "fields": [
                {"name": left, "type": "string", "constraints": {"required": True, "pattern": _ID}},
                {"name": right, "type": "string", "constraints": {"required": True, "pattern": _ID}},
            ],
            "primaryKey": [left, right],
            "foreignKeys": [
                {"fields": [left], "reference": {"resource": kind, "fields": ["id"]}},
                {"fields": [right], "reference": {"resource": target, "fields": ["id"]}},
            ],
        }
        description = f"Links from data/{kind}.yml to data/{target}.yml: one row per id in the field {dotted}."
        resources.append(_resource(name, description, data, schema))
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "padang-hildesheim",
        "title": "Padang – Hildesheim: the public record of a sister-city partnership",
        "description": "Events, actors, sectors and sources of the partnership between Kota Padang and "
        "Hildesheim, each fact with its sources. Text for readers has one column per language "
        f"({', '.join(f'_{lang}' for lang in LANGUAGES)}).",
        **({"version": version} if version else {}),
        "resources": resources,
    }
    files[PACKAGE_FILE] = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    return files

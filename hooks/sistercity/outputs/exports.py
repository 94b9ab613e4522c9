"""Open data: the record as CSV (one file per data file) and as one JSON document.

CSV cells that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return at the
start) get a leading apostrophe, so opening a download never runs anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..record.dataset import Dataset
from ..record.languages import LANGUAGES
from ..record.models import RECORD_MODELS, Citation, Record

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_CITATION_KEYS = set(Citation.model_fields)


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: formula-like values are prefixed with an apostrophe.
    A plain number such as -0.95 is no formula, and stays a number for every reader."""
    return "'" + value if value.startswith(_FORMULA_START) and not _NUMBER.match(value) else value


_CELL_KINDS = (("boolean", bool), ("integer", int), ("number", float))  # bool first: True is an int too

LIST_SEPARATOR = ";"
"""Between the ids of a list in one cell: `culture;education`."""


@dataclass
class Table:
    """One data file as rows of text cells, with what each column holds."""

    columns: list[str]
    rows: list[dict[str, str]]
    kinds: dict[str, str] = field(default_factory=dict)  # column -> text, boolean, integer, number, ids, json


def _flatten(prefix: str, value: Any, row: dict[str, str], kinds: dict[str, str]) -> None:
    if value is None:
        return
    if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        for lang in LANGUAGES:  # text per language: one column each
            row[f"{prefix}_{lang}"] = value.get(lang, "")
            kinds[f"{prefix}_{lang}"] = "text"
    elif isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, inner, row, kinds)
    elif isinstance(value, list) and value and all(isinstance(v, dict) and set(v) == _CITATION_KEYS for v in value):
        # An event's citations: the ids in one column like other id lists, and the quotes and
        # locators (where given) in the next, as JSON, so the column stays readable.
        row[prefix] = LIST_SEPARATOR.join(v["source"] for v in value)
        kinds.setdefault(prefix, "ids")
        evidence = [{k: v for k, v in c.items() if v is not None} for c in value if c["quote"] or c["locator"]]
        if evidence:
            row[f"{prefix}.quotes"] = json.dumps(evidence, ensure_ascii=False, sort_keys=True)
            kinds[f"{prefix}.quotes"] = "json"
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        row[prefix] = LIST_SEPARATOR.join(value)
        kinds.setdefault(prefix, "ids")
    elif isinstance(value, list):
        row[prefix] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        kinds[prefix] = "json"
    elif isinstance(value, bool):
        row[prefix] = "true" if value else "false"  # as written in the data files
        kinds[prefix] = "boolean"
    else:
        row[prefix] = str(value)
        kinds[prefix] = next((name for name, type_ in _CELL_KINDS if isinstance(value, type_)), "text")


def _columns(model: type[Record]) -> list[str]:
    """Column order follows the model's fields, with a column per language for text."""
    columns = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        columns.append(key)
        columns.extend(f"{key}_{lang}" for lang in LANGUAGES)
    return columns


def table(dataset: Dataset, kind: str) -> Table:
    """data/<kind>.yml as a table: one row per record, text in one column per language, a column
    for each field that any record fills."""
    records: dict[str, Record] = getattr(dataset, kind)
    rows = []
    kinds: dict[str, str] = {}
    for record in records.values():
        row: dict[str, str] = {}
        for key, value in record.model_dump(mode="json", by_alias=True).items():
            _flatten(key, value, row, kinds)
        rows.append(row)
    order = {c: i for i, c in enumerate(_columns(RECORD_MODELS[kind]))}
    present = sorted({c for row in rows for c in row}, key=lambda c: (order.get(c.split(".")[0], len(order)), c))
    return Table(present, rows, kinds)


def write_csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    """RFC 4180 CSV (CRLF line ends), with formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(column, "")) for column in columns])
    return out.getvalue()


def to_csv(dataset: Dataset, kind: str) -> str:
    """data/<kind>.yml as CSV: one row per record, text in one column per language."""
    data = table(dataset, kind)
    return write_csv(data.columns, data.rows)


def to_json(dataset: Dataset, schemas: dict[str, Any] | None = None, version: str = "") -> str:
    """The whole record (and the schemas that describe it) as one JSON document."""
    document: dict[str, Any] = {"version": version} if version else {}
    for kind in RECORD_MODELS:
        records: dict[str, Record] = getattr(dataset, kind)
        document[kind] = [r.model_dump(mode="json", by_alias=True, exclude_none=True) for r in records.values()]
    if schemas is not None:
        document["schemas"] = schemas
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

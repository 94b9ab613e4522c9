"""What an editor makes of a data file and its schema, for the schema tests.

Editors read YAML 1.2 (the YAML language server's default), where `1988` is a number and `no`
stays text, and check it against the JSON Schema (draft 7, as the schemas declare). This module
reads YAML that way and validates with the `jsonschema` library.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, ValidationError

_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


def load_as_editor(path: Path) -> Any:
    """The file's content with YAML 1.2 core-schema types, as the YAML language server sees it."""
    return _value(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


def _value(node: yaml.Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {_value(key): _value(value) for key, value in node.value}
    text = node.value
    if node.style:  # quoted or block text is always a string
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text):
        return float(text.replace("inf", "Infinity").replace("Inf", "Infinity").replace("INF", "Infinity"))
    return text


def schema_errors(instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[ValidationError]:
    """Every way `instance` breaks `schema` (whose `$ref`s point into `root`, by default the schema
    itself), including the errors inside anyOf and if/then, each with its place in the instance."""
    if root is not None:
        schema = {**schema, "definitions": root["definitions"]}
    Draft7Validator.check_schema(schema)
    found = []
    pending = list(Draft7Validator(schema).iter_errors(instance))
    while pending:
        error = pending.pop()
        found.append(error)
        pending.extend(error.context or [])
    return found


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[str]:
    """The errors of `schema_errors` as 'path: message' lines; [] when `instance` is valid."""
    return sorted(f"{list(error.absolute_path)}: {error.message}" for error in schema_errors(instance, schema, root))

"""What an editor makes of a data file and its schema, for the schema tests.

Editors read YAML 1.2 (the YAML language server's default), where `1988` is a number and `no`
stays text, and check it against the JSON Schema. This module does both for the keywords our
schemas use; any other keyword is an error, so a schema can never pass by being misunderstood.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

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


_ANNOTATIONS = {"$schema", "title", "description", "examples", "default"}
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def validate(instance: Any, schema: dict[str, Any] | bool, root: dict[str, Any], where: str = "") -> list[str]:
    """Every way `instance` breaks `schema` (whose `$ref`s point into `root`), as 'path: problem'."""
    if isinstance(schema, bool):
        return [] if schema else [f"{where}: not allowed"]
    problems: list[str] = []

    def fail(message: str) -> None:
        problems.append(f"{where}: {message}")

    for key, rule in schema.items():
        if key in _ANNOTATIONS or key == "definitions":
            continue
        if key == "$ref":
            assert rule.startswith("#/definitions/"), rule
            problems += validate(instance, root["definitions"][rule.removeprefix("#/definitions/")], root, where)
        elif key == "type":
            if not _TYPES[rule](instance):
                fail(f"expected {rule}")
        elif key == "enum":
            if instance not in rule:
                fail(f"{instance!r} not one of the values")
        elif key == "const":
            if instance != rule:
                fail(f"expected {rule!r}")
        elif key == "pattern":
            if isinstance(instance, str) and not re.search(rule, instance):
                fail(f"{instance!r} does not match {rule}")
        elif key in ("minLength", "maxLength"):
            if isinstance(instance, str) and not _within(len(instance), key, rule):
                fail(f"{key} {rule}")
        elif key in ("minimum", "maximum"):
            if _TYPES["number"](instance) and not _within(instance, key, rule):
                fail(f"{key} {rule}")
        elif key in ("minItems", "minProperties"):
            if isinstance(instance, list | dict) and len(instance) < rule:
                fail(f"{key} {rule}")
        elif key == "items":
            for index, item in enumerate(instance if isinstance(instance, list) else []):
                problems += validate(item, rule, root, f"{where}[{index}]")
        elif key == "properties":
            for name, sub in rule.items():
                if isinstance(instance, dict) and name in instance:
                    problems += validate(instance[name], sub, root, f"{where}.{name}")
        elif key == "additionalProperties":
            known = schema.get("properties", {})
            for name in instance if isinstance(instance, dict) else {}:
                if name not in known:
                    problems += validate(instance[name], rule, root, f"{where}.{name}")
        elif key == "required":
            for name in rule:
                if isinstance(instance, dict) and name not in instance:
                    fail(f"missing {name}")
        elif key == "anyOf":
            if all(validate(instance, option, root, where) for option in rule):
                fail("matches none of the alternatives")
        elif key == "not":
            if not validate(instance, rule, root, where):
                fail("matches a forbidden schema")
        elif key in ("if", "then", "else"):
            if key == "if":
                branch = "else" if validate(instance, rule, root, where) else "then"
                if branch in schema:
                    problems += validate(instance, schema[branch], root, where)
        else:
            raise ValueError(f"editorcheck does not know the keyword {key!r}")
    return problems


def _within(value: float, key: str, limit: float) -> bool:
    return value >= limit if key.startswith("min") else value <= limit

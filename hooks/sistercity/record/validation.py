"""Turn pydantic's validation errors into maintainers' one-line problems."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .models import Agreement, Citation, Claim, Coordinates, Disagreement, Term
from .yamlfile import Loc, YamlDocument, format_loc

# Errors raised by a model-level check concern one field; point at it.
_FIELD_OF_CHECK = {
    "date_order": "end_date",
    "agreement_missing": "type",
    "agreement_type": "agreement",
    "term_order": "to",
    "official_office": "kind",
    "office_for_officials": "office",
}
# The bounds of numeric fields, for the out-of-range message.
_RANGES = {"term_years": (1, 100), "lat": (-90, 90), "lon": (-180, 180)}

_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "agreement": Agreement,
    "term": Term,
    "disagreements": Disagreement,
    "claims": Claim,
    "coordinates": Coordinates,
    "sources": Citation,  # an event's citations; an actor's sources are plain ids, never mappings
}


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"'{value}'"


def field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib  # only for a wrong value: not imported on every build

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _suggest(word: str, choices: list[str]) -> str:
    close = _closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _model_at(loc: Loc, model: type[BaseModel]) -> type[BaseModel]:
    """The model whose field is named at the end of `loc`."""
    names = [part for part in loc[:-1] if isinstance(part, str)]
    return _NESTED_MODELS.get(names[-1], model) if names else model


def _follow_ups(errors: list[Any], model: type[BaseModel]) -> set[tuple[Loc, str]]:
    """Errors that only repeat another one: 'title' missing next to unknown 'titel' (did you mean
    'title'?), or the value of an unknown language key. Reporting them would double the work."""
    unknown_keys = {tuple(e["loc"][:-1]) for e in errors if e["loc"] and e["loc"][-1] == "[key]"}
    suggested = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            close = _closest(str(loc[-1]), field_names(_model_at(loc, model)))
            if close:
                suggested.add((*loc[:-1], close))
    follow_ups = set()
    for error in errors:
        loc = tuple(error["loc"])
        if (error["type"] == "missing" and loc in suggested) or loc in unknown_keys:
            follow_ups.add((loc, error["type"]))
    return follow_ups


def _message(error: dict[str, Any], model: type[BaseModel], record_kind: str) -> tuple[Loc, str]:
    """Return the location to report and the message for one pydantic error."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in _FIELD_OF_CHECK:
        return (*loc, _FIELD_OF_CHECK[kind]), error["msg"]
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        # `{en: Art, music}` makes ' music' a key: a comma ends the text inside { }.
        hint = " (inside { } put text that contains a comma in quotes)" if " " in str(loc[-1]) else ""
        return loc, f"unknown language '{loc[-1]}'; expected one of the site's languages: id, en, de{hint}"
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        parents = [part for part in loc[:-1] if isinstance(part, str)]
        where = f"'{parents[-1]}'" if parents else f"every record of data/{record_kind}.yml"
        return loc, f"required field '{name}' is missing; expected it in {where}"
    if kind == "extra_forbidden":
        allowed = field_names(_model_at(loc, model))
        return loc, f"unknown field '{name}'{_suggest(name, allowed)}; expected one of: {', '.join(allowed)}"
    if kind == "string_type":
        return loc, f"found {_kind_of(value)}; expected a single text value"
    if kind == "list_type":
        return loc, f"found {_kind_of(value)}; expected a list, written [a, b] or one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if not loc:
            return loc, f"found {_kind_of(value)}; expected a record: a mapping of fields starting with 'id:'"
        # An item of a list of mappings (loc ends in its index) is named by the list.
        names = [part for part in loc if isinstance(part, str)]
        container = names[-1] if isinstance(loc[-1], int) and names else name
        if container in _NESTED_MODELS:
            fields = ", ".join(field_names(_NESTED_MODELS[container]))
            short = "a source id or " if container == "sources" else ""
            return loc, f"found {_kind_of(value)}; expected {short}a mapping with the fields {fields}"
        return loc, f"found {_kind_of(value)}; expected text per language, e.g. {{id: ..., en: ..., de: ...}}"
    if kind == "literal_error":
        found = f"'{value}' is not allowed here" if isinstance(value, str) else f"found {_kind_of(value)}"
        return loc, f"{found}; expected one of: {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "too_short":
        if isinstance(value, dict):
            return loc, "no text given; expected text in at least one language, e.g. {id: ..., en: ...}"
        minimum = ctx.get("min_length", 1)
        if name == "claims":
            return loc, f"only {len(value)} claim given; expected at least {minimum}, one per disagreeing source"
        return loc, "the list is empty; expected at least one id"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return loc, f"the text is too long; expected at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return loc, f"the list is too long; expected at most {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch":
        return loc, f"'{value}' is not an icon name; expected a Material icon such as material/school"
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"found {_kind_of(value)}; expected true or false"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, f"found {_kind_of(value)}; expected a whole number"
    if kind in ("float_parsing", "float_type"):
        return loc, f"found {_kind_of(value)}; expected a number such as -0.95 (a dot before the decimals)"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _RANGES.get(name, ("", ""))
        return loc, f"{value} is out of range; expected a number from {low} to {high}"
    return loc, error["msg"]


def validate_record(
    model: type[BaseModel], raw: Any, index: int, doc: YamlDocument
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one raw record; return the model (or None) and its problems."""
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        follow_ups = _follow_ups(errors, model)
        for error in errors:
            if (tuple(error["loc"]), error["type"]) in follow_ups:
                continue
            loc, message = _message(error, model, doc.root)
            full: Loc = (index, *loc)
            problems.append(Problem(doc.display_path, doc.line_of(full), format_loc(doc.root, full), message))
        return None, problems

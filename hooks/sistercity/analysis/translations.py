"""Which texts in the data lack a translation, and where they stand, for the maintainers' list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from ..record.dataset import Dataset
from ..record.languages import LANGUAGES
from ..record.models import RECORD_MODELS, Record
from ..record.yamlfile import Loc, format_loc
from ..render.i18n import localize


@dataclass(frozen=True)
class MissingTranslation:
    """One text of one record that has no version in one language."""

    file: str  # e.g. "data/events.yml"
    line: int  # the line of the field's key
    path: str  # e.g. "events[3].summary"
    lang: str  # the language it lacks
    kind: str  # the record's file stem, e.g. "events"
    record_id: str
    available: tuple[str, ...]  # the languages it is written in


def missing_translations(dataset: Dataset) -> list[MissingTranslation]:
    """Every text for readers that lacks one of the site's languages, by file, line and language.

    Names written as plain text are the same in every language and source titles are never
    translated, so neither counts as missing."""
    missing = []
    for kind in RECORD_MODELS:
        doc = dataset.documents[kind]
        records: dict[str, Record] = getattr(dataset, kind)
        for index, raw in enumerate(doc.data or []):
            record = records[raw["id"]]  # the data loaded, so every record has its unique id
            for loc, text in _texts(record, (index,)):
                available = tuple(lang for lang in LANGUAGES if lang in text)
                missing += [
                    MissingTranslation(
                        doc.display_path, doc.line_of(loc), format_loc(kind, loc), lang, kind, record.id, available
                    )
                    for lang in LANGUAGES
                    if lang not in text
                ]
    return sorted(missing, key=lambda m: (m.file, m.line, m.path, LANGUAGES.index(m.lang)))


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, dict[str, str]]]:
    """The text mappings ({id: ..., en: ...}) inside a record, with their places."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        yield loc, value


def stand_ins(dataset: Dataset, lang: str) -> dict[str, str]:
    """The texts that readers of `lang` see in another language, because they lack `lang`:
    text -> the language it is shown in (which the page must declare, WCAG 3.1.2)."""
    found = {}
    for kind in RECORD_MODELS:
        for record in getattr(dataset, kind).values():
            for _loc, text in _texts(record, ()):
                shown = localize(text, lang)
                if shown.fallback:
                    found[shown.text] = shown.lang
    return found

"""Interface words and date formatting for each language of the site."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from ..record.dates import PartialDate
from ..record.languages import LANGUAGES, site_language

_STRINGS_FILE = Path(__file__).with_name("ui_strings.yml")
_SKELETON = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}


def _locale(lang: str) -> str:
    return site_language(lang).locale


def ui_strings() -> dict[str, dict[str, str]]:
    """All interface words, key -> language -> text, read again only when the file changed (so
    `mkdocs serve` shows an edited word without a restart)."""
    return _read_strings(_STRINGS_FILE.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _read_strings(_version: int) -> dict[str, dict[str, str]]:
    with _STRINGS_FILE.open(encoding="utf-8") as handle:
        # libyaml when PyYAML has it: the same safe rules, several times faster on this large file.
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def translate(key: str, lang: str) -> str:
    """The interface word `key` in `lang`; a missing key is a programming error."""
    return ui_strings()[key][lang]


@dataclass(frozen=True)
class Localized:
    """A text chosen for a reader: what to show, its language, and whether it is a stand-in."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def localize(text: dict[str, str], lang: str) -> Localized:
    """Pick `text` in `lang`, or in the nearest available language marked as a fallback."""
    if lang in text:
        return Localized(text[lang], lang, False)
    for other in (*site_language(lang).fallback, *text):
        if other in text:
            return Localized(text[other], other, True)
    raise ValueError("a text mapping without any language")  # the models forbid this


@functools.lru_cache(maxsize=4096)  # Babel is slow, and pages show the same dates many times
def format_partial_date(date: PartialDate, lang: str) -> str:
    """`1988`, `Juni 1988` or `20 Juni 1988`: never more precise than the data."""
    if date.precision == "year":
        return str(date.year)
    return format_skeleton(_SKELETON[date.precision], date.first_day(), locale=_locale(lang))


@functools.lru_cache(maxsize=4096)
def format_date_range(start: PartialDate, end: PartialDate | None, lang: str) -> str:
    """A date or a range such as `21 November – 2 Desember 2022`, at the data's precision."""
    if end is None or end == start:
        return format_partial_date(start, lang)
    locale = _locale(lang)
    if start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            dot = "." if lang == "de" else ""
            month_year = format_skeleton("yMMMM", end.first_day(), locale=locale)
            return f"{start.day}{dot}–{end.day}{dot} {month_year}"
        return f"{format_skeleton('MMMMd', start.first_day(), locale=locale)} – {format_partial_date(end, lang)}"
    if start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{format_partial_date(start, lang)} – {format_partial_date(end, lang)}"


def format_long_date(day: PartialDate, lang: str) -> str:
    return format_date(day.first_day(), "long", locale=_locale(lang))


def format_number(value: float, lang: str) -> str:
    """A number with one decimal, written the way the language writes it (0,5 or 0.5)."""
    return format_decimal(value, format="0.0", locale=_locale(lang))


def country_name(code: str, lang: str) -> str:
    return Locale.parse(_locale(lang)).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return Locale.parse(_locale(lang)).languages.get(code, code)


def check_strings() -> list[str]:
    """Keys that lack a language: empty when the strings file is complete."""
    # safe_load turns an unquoted yes/no into a boolean: only strings count.
    return [
        f"{key}: {lang}"
        for key, texts in ui_strings().items()
        for lang in LANGUAGES
        if not isinstance(texts.get(lang), str) or not texts[lang]
    ]

"""The site's languages: the one list that the models, schemas, locales, the MkDocs adapter and
the tests read.

Adding a language means a row here, its words in ui_strings.yml (`check_strings` lists what is
missing) and its pages in docs/<code>/; every build then makes it at /<code>/.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteLanguage:
    code: str  # ISO 639-1: the key in text mappings, the folder docs/<code>/, the address /<code>/
    name: str  # its own name, as the language switcher shows it
    english_name: str  # for editors' tooltips in the JSON Schemas
    locale: str  # Babel's locale for dates and numbers (British English writes "20 June 1988")
    og_locale: str  # Open Graph's locale for sharing previews
    fallback: tuple[str, ...]  # languages to show, in this order, when a text lacks this one


SITE_LANGUAGES: tuple[SiteLanguage, ...] = (
    SiteLanguage("id", "Bahasa Indonesia", "Indonesian", "id", "id_ID", ("en", "de")),
    SiteLanguage("en", "English", "English", "en_GB", "en_GB", ("id", "de")),
    SiteLanguage("de", "Deutsch", "German", "de", "de_DE", ("en", "id")),
)
"""The first is the default language, built at the site root; the others at /<code>/."""

LANGUAGES: tuple[str, ...] = tuple(language.code for language in SITE_LANGUAGES)
DEFAULT_LANGUAGE = LANGUAGES[0]
_BY_CODE = {language.code: language for language in SITE_LANGUAGES}


def site_language(code: str) -> SiteLanguage:
    """The row of `code`; KeyError for a language the site does not have."""
    return _BY_CODE[code]


def prefix(code: str) -> str:
    """A language's folder inside the site: '' for the default language, 'en/' for the others."""
    return "" if code == DEFAULT_LANGUAGE else f"{code}/"


def docs_folder(code: str) -> str:
    """The folder of a language's hand-written pages, relative to the project root."""
    return f"docs/{code}"

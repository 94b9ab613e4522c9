"""The site's terminology: one term per concept and language, and the variants it retired.

`terminology.yml` is the one list. The contributor guide shows it (`<!-- data:terminology -->`)
and `tests/test_terminology.py` rejects the retired variants in the site's own prose; verbatim
material (quotations, titles, code) may keep them, so `prose()` removes it before the search.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..record.languages import LANGUAGES

TERMINOLOGY_FILE = Path(__file__).with_name("terminology.yml")


@dataclass(frozen=True)
class Term:
    """One concept: how it is named in each language, and the names no longer used."""

    concept: dict[str, str]
    use: dict[str, str]
    retired: dict[str, tuple[str, ...]]
    allowed: dict[str, tuple[str, ...]]  # phrases that contain a retired word but are right

    def pattern(self, lang: str) -> re.Pattern[str] | None:
        """Matches any retired variant as a whole word (case-sensitive: capitals carry meaning)."""
        variants = self.retired.get(lang, ())
        if not variants:
            return None
        parts = []
        for variant in sorted(variants, key=len, reverse=True):
            start = r"(?<!\w)" if variant[0].isalnum() else ""
            end = r"(?!\w)" if variant[-1].isalnum() else ""
            parts.append(f"{start}{re.escape(variant)}{end}")
        return re.compile("|".join(parts))


@dataclass(frozen=True)
class Hit:
    """A retired variant found in a text."""

    variant: str
    use: str
    context: str


@functools.cache
def terms() -> tuple[Term, ...]:
    """The terminology list, read once (the file ships with the code)."""
    with TERMINOLOGY_FILE.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: a tenth of the time
    result = []
    for entry in raw:
        result.append(
            Term(
                concept=entry["concept"],
                use=entry["use"],
                retired={lang: tuple(entry.get("retired", {}).get(lang) or ()) for lang in LANGUAGES},
                allowed={lang: tuple(entry.get("allowed", {}).get(lang) or ()) for lang in LANGUAGES},
            )
        )
    return tuple(result)


def retired_in(text: str, lang: str) -> list[Hit]:
    """Every retired variant of `lang` in `text` (which should already be prose only)."""
    hits = []
    for term in terms():
        pattern = term.pattern(lang)
        if pattern is None:
            continue
        checked = text
        for phrase in term.allowed[lang]:
            checked = checked.replace(phrase, " " * len(phrase))
        for match in pattern.finditer(checked):
            start, end = max(0, match.start() - 40), match.end() + 40
            context = " ".join(text[start:end].split())
            hits.append(Hit(match.group(0), term.use[lang], context))
    return hits


# Quotations, with the translation in brackets that may follow them (a gloss renders the
# quotation word for word, so it may keep the quoted wording).
_QUOTATIONS = [
    re.compile(r"“[^”\n]*”(\s*\([^)\n]*\))?"),  # English and Indonesian quotation marks
    re.compile(r"„[^“\n]*“(\s*\([^)\n]*\))?"),  # German quotation marks
]
# Verbatim material in a Markdown page, removed before the search.
_VERBATIM = [
    re.compile(r"^```.*?^```", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # code spans
    re.compile(r"^>.*$", re.M),  # block quotations (the thesis)
    re.compile(r"<!--.*?-->", re.S),  # data markers and comments
    re.compile(r"\[\[[a-z]+:[^\]]*\]\]"),  # citation markers
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>\n]+>"),  # HTML tags
    *_QUOTATIONS,
    re.compile(r"\*\*[^*\n]+\*\*"),  # bold: titles of laws
    re.compile(r"(?<![\w*])\*[^*\n]+\*(?![\w*])"),  # italics: titles and terms cited as terms
    re.compile(r"\{:[^}\n]*\}"),  # attribute lists
]


_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?) \w+ "(.*)"$', re.M)


def prose(markdown: str) -> str:
    """The site's own words in a Markdown page: the page without its verbatim material."""
    # An admonition's title stands in Markdown's straight quotes, which are syntax, not typography.
    markdown = _ADMONITION.sub(r"\1 \2 ", markdown)
    for pattern in _VERBATIM:
        markdown = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    return markdown


def quoted_removed(text: str) -> str:
    """A data text without its quotations (titles and quotes of sources stay as published)."""
    for pattern in _QUOTATIONS:
        text = pattern.sub(" ", text)
    return text

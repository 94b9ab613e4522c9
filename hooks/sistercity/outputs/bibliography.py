"""The sources as a bibliography for reference managers: BibTeX, RIS and CSL-JSON, and COinS.

All four are written here from data/sources.yml, each a few lines per field: the formats are
simple, and what matters is what no writer library does for us here, i.e. choosing each format's
entry type from `kind`, escaping what BibTeX needs while keeping non-ASCII names as they are, and
never letting text from the data break out of its field. The tests read every file back with an
independent reader of its format (bibtexparser, rispy, citeproc-py).

A title that the editors wrote because no published title could be read (`title_by_editors`) is
given in square brackets in every format, as APA and the other styles do for untitled works.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..record.dates import PartialDate
from ..record.models import Source, SourceKind


@dataclass(frozen=True)
class EntryTypes:
    bibtex: str
    ris: str
    csl: str
    zotero: str  # Zotero's item type, for COinS (rft.type)


ENTRY_TYPES: dict[SourceKind, EntryTypes] = {
    "web": EntryTypes("misc", "ELEC", "webpage", "webpage"),
    "news": EntryTypes("article", "NEWS", "article-newspaper", "newspaperArticle"),
    "press-release": EntryTypes("misc", "PRESS", "report", "report"),
    "journal": EntryTypes("article", "JOUR", "article-journal", "journalArticle"),
    "thesis": EntryTypes("misc", "THES", "thesis", "thesis"),
    "book": EntryTypes("book", "BOOK", "book", "book"),
    "law": EntryTypes("misc", "STAT", "legislation", "statute"),
    "document": EntryTypes("misc", "GEN", "document", "document"),
    "report": EntryTypes("techreport", "RPRT", "report", "report"),
    "blog": EntryTypes("misc", "BLOG", "post-weblog", "blogPost"),
    "reference": EntryTypes("misc", "ENCYC", "entry-encyclopedia", "encyclopediaArticle"),
}
"""Entry types per kind of source, in each format (CSL 1.0.2 types, RIS types, Zotero item types)."""

# What a BibTeX `@misc` cannot say by its type, said in its `type` field instead.
_MISC_TYPE = {"press-release": "Press release", "thesis": "Thesis", "law": "Statute", "blog": "Blog post"}


def display_title(source: Source) -> str:
    """The title as published, or the editors' description in square brackets."""
    return f"[{source.title}]" if source.title_by_editors else source.title


_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    # Data text is one line already (models.Line); this keeps any format's line structure safe anyway.
    return _LINE_BREAKS.sub(" ", text)


# --- BibTeX ------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


# TeX's ligatures would turn "--" into a dash and "`" into a quote mark; break them up.
_LIGATURES = re.compile(r"-(?=-)|`")


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX's special characters escaped, every brace balanced,
    non-ASCII letters kept as they are (biber and BibTeX with UTF-8 input read them)."""
    escaped = _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], _one_line(text))
    return _LIGATURES.sub(lambda m: "-{}" if m.group(0) == "-" else r"\textasciigrave{}", escaped)


def _bibtex_url(url: str) -> str:
    # A URL field is read verbatim; only characters that would unbalance the field are encoded.
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")


def _bibtex_names(names: list[str]) -> str:
    # "A and B" separates names; a name that itself holds " and " is braced to stay one name.
    return " and ".join(f"{{{bibtex_escape(n)}}}" if " and " in f" {n.lower()} " else bibtex_escape(n) for n in names)


def _bibtex_entry(source: Source) -> str:
    types = ENTRY_TYPES[source.kind]
    fields: list[tuple[str, str]] = []
    if source.authors:
        fields.append(("author", _bibtex_names(source.authors)))
    # Double braces keep the title's capitals: most titles here are not English.
    fields.append(("title", "{" + bibtex_escape(display_title(source)) + "}"))
    if source.publisher:
        container = {"article": "journal", "techreport": "institution"}.get(types.bibtex, "publisher")
        fields.append((container, bibtex_escape(source.publisher)))
    if types.bibtex == "misc" and source.kind in _MISC_TYPE:
        fields.append(("type", _MISC_TYPE[source.kind]))
    if source.date:
        fields.append(("year", str(source.date.year)))
        if source.date.month:
            fields.append(("month", str(source.date.month)))
        fields.append(("date", str(source.date)))  # biblatex: the date with the precision given
    if source.url:
        fields.append(("url", _bibtex_url(source.url)))
    if source.accessed:
        fields.append(("urldate", str(source.accessed)))
    if source.language:
        fields.append(("language", source.language))
    if source.title_by_editors:
        fields.append(("note", "Title supplied by the editors: no published title could be read"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{types.bibtex}{{{source.id},\n{body}\n}}\n"


def to_bibtex(sources: list[Source]) -> str:
    """Every source as a BibTeX entry keyed by its id, in UTF-8."""
    return "\n".join(_bibtex_entry(source) for source in sources)


# --- RIS ---------------------------------------------------------------------------------------


def _ris_date(date: PartialDate) -> str:
    # RIS DA: YYYY/MM/DD/other, with empty parts left empty.
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year}/{month}/{day}/"


def _ris_entry(source: Source) -> str:
    types = ENTRY_TYPES[source.kind]
    lines = [("TY", types.ris), ("ID", source.id)]
    lines += [("AU", author) for author in source.authors or []]
    lines.append(("TI", display_title(source)))
    if source.publisher:
        lines.append(("T2" if source.kind in ("news", "journal") else "PB", source.publisher))
    if source.date:
        lines += [("PY", str(source.date.year)), ("DA", _ris_date(source.date))]
    if source.url:
        lines.append(("UR", source.url))
    if source.accessed:
        lines.append(("Y2", str(source.accessed)))
    if source.language:
        lines.append(("LA", source.language))
    if source.title_by_editors:
        lines.append(("N1", "Title supplied by the editors: no published title could be read"))
    lines.append(("ER", ""))
    # "TAG  - value": two spaces, a hyphen and a space; every value on one line.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def to_ris(sources: list[Source]) -> str:
    """Every source as an RIS record (CRLF line ends, as the format's readers expect)."""
    return "\r\n".join(_ris_entry(source) for source in sources)


# --- CSL-JSON ----------------------------------------------------------------------------------


def _csl_date(date: PartialDate) -> dict[str, Any]:
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.day else [])
    return {"date-parts": [parts]}


def _csl_item(source: Source) -> dict[str, Any]:
    types = ENTRY_TYPES[source.kind]
    item: dict[str, Any] = {"id": source.id, "type": types.csl, "title": display_title(source)}
    if source.authors:
        # Names as credited, not split: a wrong split of "Given Family" is worse than none.
        item["author"] = [{"literal": author} for author in source.authors]
    if source.publisher:
        item["container-title" if source.kind in ("news", "journal") else "publisher"] = source.publisher
    if source.kind == "press-release":
        item["genre"] = "Press release"
    if source.date:
        item["issued"] = _csl_date(source.date)
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = _csl_date(source.accessed)
    if source.language:
        item["language"] = source.language
    if source.title_by_editors:
        item["note"] = "Title supplied by the editors: no published title could be read"
    return item


def to_csl_json(sources: list[Source]) -> str:
    """Every source as a CSL-JSON item (the input format of Zotero, citeproc and pandoc)."""
    return json.dumps([_csl_item(s) for s in sources], ensure_ascii=False, indent=1) + "\n"


# --- COinS -------------------------------------------------------------------------------------


def coins(
    title: str,
    item_type: str,
    authors: list[str] | None = None,
    corporate_author: str | None = None,
    publisher: str | None = None,
    container: str | None = None,
    date: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> str:
    """An OpenURL ContextObject (Z39.88-2004) for a COinS `<span class="Z3988" title="...">`.

    Dublin Core format with `rft.type` naming the Zotero item type: Zotero's COinS translator
    (parseContextObject in zotero/utilities, openurl.js) reads `info:ofi/fmt:kev:mtx:dc` as a web
    page unless `rft.type` is one of its item types, and then takes rft.title, rft.au, rft.aucorp,
    rft.publisher, rft.source, rft.date, rft.identifier (an http address) and rft.language."""
    pairs: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rft.type", item_type),
        ("rft.title", _one_line(title)),
    ]
    if corporate_author:
        pairs.append(("rft.aucorp", corporate_author))
    pairs += [("rft.au", _one_line(a)) for a in authors or []]
    for key, value in (
        ("rft.publisher", publisher),
        ("rft.source", container),
        ("rft.date", date),
        ("rft.identifier", url),
        ("rft.language", language),
    ):
        if value:
            pairs.append((key, _one_line(value)))
    return urlencode(pairs, quote_via=quote)


def source_coins(source: Source) -> str:
    container = source.publisher if source.kind in ("news", "journal") else None
    return coins(
        display_title(source),
        ENTRY_TYPES[source.kind].zotero,
        authors=source.authors,
        publisher=None if container else source.publisher,
        container=container,
        date=str(source.date) if source.date else None,
        url=source.url,
        language=source.language,
    )


BIBLIOGRAPHY_FILES: dict[str, Callable[[list[Source]], str]] = {
    "sources.bib": to_bibtex,
    "sources.ris": to_ris,
    "sources.csl.json": to_csl_json,
}
"""The bibliography downloads, written next to the other data files in every language folder."""

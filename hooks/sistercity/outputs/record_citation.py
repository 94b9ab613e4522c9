"""How to cite one record (an event, agreement or actor): APA 7 and BibTeX, plus COinS for Zotero.

A record is cited as a part of the site's data set (CITATION.cff): its own title, the date it last
changed, its stable address, the site's version, and, because a record may change after it is
read, the day it was retrieved (APA 7 for works that change over time).

The date a record last changed comes from the repository's history (`git blame` of its lines in
the data file), and only when the build asks for it (`SISTERCITY_RECORD_DATES=git`, as the
publishing workflow does with the full history): a build from a copy without the repository, or
with local edits, must give the same bytes every time, so without the history no date is shown
("n.d.") rather than a guessed one. Only committed lines count: an edit not yet committed does not
move the date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

from ..record.yamlfile import YamlDocument
from ..render import i18n
from .bibliography import bibtex_escape, coins
from .site_citation import Citation

_APA_DATE = {"en": "y, MMMM d", "de": "y, d. MMMM", "id": "y, d MMMM"}
_LONG_DATE = {"en": "MMMM d, y", "de": "d. MMMM y", "id": "d MMMM y"}
_KIND_KEY = {"events": "cite_record.event", "agreements": "cite_record.agreement", "actors": "cite_record.actor"}


@dataclass(frozen=True)
class RecordCitation:
    site: Citation
    kind: str  # "events", "agreements" (an event of type agreement) or "actors"
    record_id: str
    title: str  # in the reader's language, or in another one while a translation is missing
    lang: str
    url: str | None  # the record page's stable address, when the site's address is known
    changed: dt.date | None  # when the record last changed, if known
    title_lang: str = ""  # the language the title is in, when not the reader's

    @property
    def bibtex_title(self) -> str:
        """The title as it stands in the BibTeX entry."""
        return bibtex_escape(self.title)

    def apa(self, retrieved: dt.date) -> str:
        """APA 7: Author. (Date). Title [Description]. In Site (Version x). Retrieved date, from URL"""
        lang = self.lang
        when = (
            format_date(self.changed, _APA_DATE[lang], locale=lang)
            if self.changed
            else i18n.translate("cite_record.no_date", lang)
        )
        who = " & ".join(self.site.authors)
        kind = i18n.translate(_KIND_KEY[self.kind], lang)
        text = (
            f"{who}. ({when}). {self.title} [{kind}]. {i18n.translate('cite_record.in', lang)} {self.site.title} "
            f"({i18n.translate('cite_record.version', lang)} {self.site.version})."
        )
        if self.url:
            day = format_date(retrieved, _LONG_DATE[lang], locale=lang)
            text += " " + i18n.translate("cite_record.retrieved", lang).format(date=day, url=self.url)
        return text

    def bibtex(self, retrieved: dt.date) -> str:
        fields = [
            ("author", " and ".join(f"{{{bibtex_escape(a)}}}" for a in self.site.authors)),
            ("title", "{" + self.bibtex_title + "}"),
            ("howpublished", bibtex_escape(f"{self.site.title}, {i18n.translate('cite_record.version', self.lang)} "
                                           f"{self.site.version}")),
            ("version", bibtex_escape(self.site.version)),
            ("note", bibtex_escape(i18n.translate(_KIND_KEY[self.kind], self.lang))),
        ]  # fmt: skip
        if self.changed:
            fields += [("year", str(self.changed.year)), ("date", self.changed.isoformat())]
        if self.url:
            fields += [("url", self.url), ("urldate", retrieved.isoformat())]
        fields.append(("language", self.lang))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        key = f"padang_hildesheim_{self.record_id.replace('-', '_')}"
        return f"@misc{{{key},\n{body}\n}}"

    def coins(self) -> str:
        """COinS for Zotero: the record as a web page of the data set (see bibliography.coins)."""
        return coins(
            self.title,
            "webpage",
            corporate_author=" & ".join(self.site.authors),
            container=self.site.title,
            date=self.changed.isoformat() if self.changed else None,
            url=self.url,
            language=self.lang,
        )


def record_page_url(site_url: str | None, src_uri: str) -> str | None:
    """The published address of a generated page (`events/x.md` -> <site_url>events/x/)."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + src_uri.removesuffix(".md") + "/"


class HistoryError(Exception):
    """The repository's history cannot give record dates (no git, or a shallow clone)."""


def record_dates(root: Path, doc: YamlDocument, relative_path: str) -> dict[str, dt.date]:
    """Record id -> the day (UTC) of the newest commit that changed one of its lines.

    A record spans from its `- id:` line to the line before the next record. Raises HistoryError
    when the history is missing or shallow (a shallow clone would date every line to its one
    commit, which is wrong rather than unknown)."""

    def git(*args: str) -> str:
        try:
            result = subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=120
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HistoryError(f"cannot run git ({exc})") from None
        if result.returncode != 0:
            raise HistoryError(result.stderr.strip() or f"git {args[0]} failed")
        return result.stdout

    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        raise HistoryError("the clone is shallow; fetch the full history (actions/checkout: fetch-depth: 0)")
    line_times: dict[int, int] = {}  # line number -> committer time of the commit that last changed it
    line: int | None = None  # the line whose headers are being read; None for an uncommitted line
    for row in git("blame", "--line-porcelain", "--", relative_path).splitlines():
        parts = row.split(" ")
        if row.startswith("\t"):
            line = None
        elif len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit() and parts[2].isdigit():
            line = int(parts[2]) if parts[0].strip("0") else None  # all zeros: "Not Committed Yet"
        elif parts[0] == "committer-time" and line is not None:
            line_times[line] = int(parts[1])
    starts = sorted((doc.line_of((index,)), raw["id"]) for index, raw in enumerate(doc.data or []))
    dates: dict[str, dt.date] = {}
    for position, (start, record_id) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else max(line_times, default=start) + 1
        newest = max((line_times[line] for line in range(start, end) if line in line_times), default=None)
        if newest:
            dates[record_id] = dt.datetime.fromtimestamp(newest, dt.UTC).date()
    return dates

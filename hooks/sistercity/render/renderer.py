"""Render generated pages and page fragments as Markdown, from Jinja templates.

Data is untrusted: templates autoescape every value as HTML, and text placed in Markdown
syntax (headings) goes through `md_escape`, so neither HTML nor Markdown in a data file is
ever interpreted. Unknown template names or variables raise instead of rendering blanks.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from ..analysis.indicators import Gap, compute_indicators, events_per_year, partnership_years
from ..outputs.bibliography import source_coins
from ..outputs.record_citation import RecordCitation, record_page_url
from ..outputs.site_citation import Citation
from ..record.dataset import Dataset
from ..record.dates import PartialDate
from ..record.languages import LANGUAGES
from ..record.models import VOCABULARIES, Event, Source
from . import i18n
from .citation_markers import CitingPage
from .figures import Figure, FigureMaker, mayors_of_indonesian_city
from .issue_forms import issue_form_urls
from .pages import TIMELINE_BUDGET, PageSpec, actor_uri, event_uri, record_uri, sector_uri, timeline_plan
from .terminology import terms

TEMPLATES = Path(__file__).with_name("templates")

Linker = Callable[[str, str], str]
"""(target src_uri, src_uri of the page being rendered) -> href; a fragment `#x` may follow."""

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Templates write a link as a placeholder that names its target, replaced by the href relative to
# the page once the page is rendered: a fragment rendered once (an event card, a reference) then
# serves every page that shows it. Data cannot contain these control characters (yamlfile.py).
_LINK_START, _LINK_END = "\x02", "\x03"
_LINK = re.compile("\x02([^\x02\x03]*)\x03")


def md_escape(text: str) -> Markup:
    """Backslash-escape every ASCII punctuation mark (with pymdownx.escapeall, all are escapable)."""
    return Markup(_PUNCTUATION.sub(r"\\\1", " ".join(str(text).split())))


def yaml_string(text: str) -> Markup:
    """A front-matter value that MkDocs' templates may print unescaped: HTML-escaped, then quoted."""
    return Markup(json.dumps(html.escape(str(text), quote=True)))


def excerpt(text: str, limit: int = 200) -> str:
    """The text's first sentences up to about `limit` characters, for a page description."""
    words = " ".join(str(text).split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> Markup:
    """Escaped text with blank-line-separated paragraphs as <p> elements."""
    parts = [p.strip() for p in _BLANK_LINE.split(str(text)) if p.strip()]
    return Markup("".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in parts))


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole process: for every Renderer, and for
    Material's theme (the hook gives MkDocs' Environment one too). Each language's build makes its
    own Environment (its globals speak that language); compiling the same templates for each was a
    large part of the build. Jinja checks each entry against the template's current source, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = SharedBytecode()


class Renderer:
    """Renders pages for one language of the site."""

    FRAGMENTS = (
        "key-figures",
        "latest-events",
        "one-sided-events",
        "vocabularies",
        "figure-per-year",
        "figure-heatmap",
        "figure-terms",
        "figure-map",
        "figure-map-small",
        "figure-overview",
        "glance",
        "indicators",
        "downloads",
        "how-to-cite",
        "proposal-links",
        "terminology",
    )
    # Counts that prose states, placed inline (`<!-- data:count-events -->`), so a sentence stays
    # true as the record grows.
    COUNTS: ClassVar[dict[str, Callable[[Dataset], int]]] = {
        "count-events": lambda d: len(d.events),
        "count-events-from-2018": lambda d: sum(e.date.year >= 2018 for e in d.events.values()),
        "count-hildesheim-events-only-padang-sources": lambda d: sum(
            e.host == "hildesheim" for e in d.documented_only_by("padang")
        ),
    }

    def __init__(
        self,
        dataset: Dataset,
        lang: str,
        link: Linker,
        today: dt.date,
        cited_in: dict[tuple[str, str], list[CitingPage]] | None = None,
        citation: Citation | None = None,
        record_url: Callable[[str, str], str | None] | None = None,
        repo_url: str | None = None,
        site_url: str | None = None,
        record_dates: dict[str, dict[str, dt.date]] | None = None,
        timeline_budget: int = TIMELINE_BUDGET,
    ) -> None:
        self.dataset = dataset
        self.timeline = timeline_plan(dataset, timeline_budget)
        self.site_url = site_url
        self.record_dates = record_dates or {}
        self.cited_in = cited_in or {}
        self.citation = citation
        self.lang = lang
        self.link = link
        self.today = today
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_BYTECODE,
            auto_reload=False,  # an Environment lives for one build; the bytecode cache sees edits
        )
        strings = i18n.ui_strings()  # as the file is when this build starts (translate would check it each time)
        self.env.filters.update(
            md=md_escape, yaml_string=yaml_string, paragraphs=paragraphs, excerpt=excerpt, gap_text=self._gap_text
        )
        self.env.globals.update(
            data=dataset,
            lang=lang,
            t=lambda key: strings[key][lang],
            tf=lambda key, **values: strings[key][lang].format(**values),
            loc=lambda text: i18n.localize(text, lang),
            lang_of=lambda text: _lang_attribute(i18n.localize(text, lang)),
            date_range=lambda start, end=None: i18n.format_date_range(start, end, lang),
            partial_date=lambda d: i18n.format_partial_date(d, lang),
            country=lambda code: i18n.country_name(code, lang),
            language_name=lambda code: i18n.language_name(code, lang),
            event_uri=event_uri,
            actor_uri=actor_uri,
            sector_uri=sector_uri,
            record_uri=record_uri,
            languages=LANGUAGES,
            vocabularies=VOCABULARIES,
            by_year=_by_year,
            figures=self._key_figures,
            cited_in=lambda kind, record_id: self.cited_in.get((kind, record_id), []),
            source_label=source_label,
            indicators=lambda: compute_indicators(self.dataset),
            partnership_years=lambda: partnership_years(self.dataset, self.today.year),
            year_counts=lambda: events_per_year(self.dataset.events.values(), self.today.year),
            citation=lambda: self.citation,
            record_citation=self._record_citation,
            mark_language=mark_language,
            source_coins=lambda source: dataset.derived(("coins", source.id), lambda: source_coins(source)),
            long_date=lambda day: i18n.format_long_date(PartialDate.parse(day.isoformat()), lang),
            build_date=today,
            # (data file, id) -> the record in the repository, when the site has its address.
            record_url=record_url or (lambda kind, record_id: None),
            # "Propose an event" / "Report a mistake": only with the repository's address.
            issue_urls=lambda record=None: dataset.derived(
                ("issue-urls", repo_url, record), lambda: issue_form_urls(repo_url, record)
            ),
            terminology=terms,
            once=self._once,
            timeline=self.timeline,  # which page of the timeline shows which year
        )
        self._fragments: dict[tuple[str, str], Markup] = {}

    def _gap_text(self, gap: Gap) -> str:
        """A run of years without a documented event: '1991–2005 (15 years)' or '2010 (1 year)'."""
        years = str(gap.first) if gap.first == gap.last else f"{gap.first}–{gap.last}"
        unit = i18n.translate("label.years_unit" if gap.length > 1 else "label.year_unit", self.lang)
        return f"{years} ({gap.length} {unit})"

    def render_page(self, spec: PageSpec) -> str:
        """The Markdown source of a generated page."""
        return self._render(spec.template, spec.src_uri, spec.context)

    def render_fragment(self, name: str, src_uri: str) -> str:
        """Markdown for a `<!-- data:NAME -->` marker in a hand-written page."""
        if name in self.COUNTS:
            return str(self.COUNTS[name](self.dataset))
        if name not in self.FRAGMENTS:
            raise KeyError(name)
        if name.startswith("figure-"):
            figure = self._figure(name.removeprefix("figure-"), src_uri)
            return self._render("fragment-figure.md.j2", src_uri, {"figure": figure})
        return self._render(f"fragment-{name}.md.j2", src_uri, {})

    def _figure(self, name: str, src_uri: str) -> Figure:
        maker = FigureMaker(self.dataset, self.lang, self.env)
        if name == "map-small":
            return maker.city_map(small=True)
        if name == "overview":
            mayors = mayors_of_indonesian_city(self.dataset)
            return maker.overview(mayors, self.today.year, lambda year: self._year_href(year, src_uri))
        if name == "per-year":
            return maker.per_year()
        if name == "heatmap":
            return maker.heatmap()
        if name == "terms":
            return maker.mayoral_terms(mayors_of_indonesian_city(self.dataset), self.today.year)
        return maker.city_map()

    def _year_href(self, year: int, src_uri: str) -> str:
        """Where a year lives on the timeline: its heading, or an empty year's entry in the index."""
        return f"{self.link(self.timeline.page_of(year), src_uri)}#y{year}"

    def render_citation(self, kind: str, record_id: str, src_uri: str) -> str:
        """A Markdown link for the marker `[[kind:record_id]]` on the page `src_uri`."""
        shown: i18n.Localized | None = None
        if kind == "event":
            target, shown = event_uri(record_id), i18n.localize(self.dataset.events[record_id].title, self.lang)
        elif kind == "actor":
            target, shown = actor_uri(record_id), i18n.localize(self.dataset.actors[record_id].name, self.lang)
        elif kind == "sector":
            target, shown = sector_uri(record_id), i18n.localize(self.dataset.sectors[record_id].name, self.lang)
        else:
            target = f"sources.md#{record_id}"
        text = shown.text if shown else source_label(self.dataset.sources[record_id])
        # A stand-in for a missing translation says which language it is in (WCAG 3.1.2).
        lang = f' lang="{shown.lang}"' if shown and shown.fallback else ""
        path = posixpath.relpath(target, posixpath.dirname(src_uri) or ".")
        return f"[{md_escape(text)}]({path}){{: .ph-cite .ph-cite--{kind}{lang} }}"

    def _render(self, template: str, src_uri: str, context: dict[str, Any]) -> str:
        page = self.env.get_template(template).render(href=_href, **context)
        hrefs: dict[str, str] = {}  # a page links to the same records many times over

        def link(match: re.Match[str]) -> str:
            placeholder = match.group(1)
            href = hrefs.get(placeholder)
            if href is None:
                target, _, fragment = placeholder.partition("#")
                href = self.link(target, src_uri) + (f"#{fragment}" if fragment else "")
                href = hrefs[placeholder] = Markup.escape(href)
            return href

        return _LINK.sub(link, page)

    def _once(self, kind: str, key: str, macro: Callable[..., Markup], *args: Any) -> Markup:
        """`macro(*args)`, rendered once for this language: a fragment that many pages show (its
        links are placeholders, see _href), named by `kind` and `key`, which must say everything
        the fragment depends on."""
        fragment = self._fragments.get((kind, key))
        if fragment is None:
            fragment = self._fragments[kind, key] = macro(*args)
        return fragment

    def _record_citation(self, kind: str, record: Any) -> RecordCitation | None:
        """How to cite the event or actor `record` (None without CITATION.cff)."""
        if self.citation is None:
            return None
        if kind == "events":
            uri, title = event_uri(record.id), record.title
            kind = "agreements" if record.type == "agreement" else "events"
        else:
            uri, title = actor_uri(record.id), record.name
        shown = i18n.localize(title, self.lang)
        return RecordCitation(
            site=self.citation,
            kind=kind,
            record_id=record.id,
            title=shown.text,
            lang=self.lang,
            url=record_page_url(self.site_url, uri),
            changed=self.record_dates.get("events" if kind == "agreements" else kind, {}).get(record.id),
            title_lang=shown.lang if shown.fallback else "",
        )

    def _key_figures(self) -> dict[str, Any]:
        agreements = self.dataset.agreements
        first = agreements[0] if agreements else None
        years = None
        if first is not None:
            start = first.date.last_day()  # never claim a year the data cannot vouch for
            years = self.today.year - start.year - ((self.today.month, self.today.day) < (start.month, start.day))
        return {
            "years": years,
            "first_agreement": first,
            "events": len(self.dataset.events),
            "sectors": len(self.dataset.sectors),
            "actors": len(self.dataset.actors),
            "latest_agreement": agreements[-1] if agreements else None,
        }


def _href(target: str, fragment: str = "") -> str:
    """A link to the page `target` (a src_uri) and its `fragment`, as a placeholder (see _LINK)."""
    return f"{_LINK_START}{target}#{fragment}{_LINK_END}"


def _lang_attribute(shown: i18n.Localized) -> Markup:
    """` lang="en"` for a stand-in shown in another language than the page's, else nothing."""
    return Markup(' lang="{}"').format(shown.lang) if shown.fallback else Markup("")


def mark_language(text: str, part: str, lang: str) -> Markup:
    """Escaped `text` with the first `part` in it marked as written in `lang` (a title shown in
    another language while its translation is missing, inside a citation); unmarked without `lang`."""
    if not lang or not part or part not in text:
        return Markup.escape(text)
    before, _, after = text.partition(part)
    return Markup.escape(before) + Markup('<span lang="{}">{}</span>').format(lang, part) + Markup.escape(after)


def source_label(source: Source) -> str:
    """A short label for citing a source in text: 'ANTARA 2012', or its title."""
    who = source.authors[0] if source.authors else source.publisher or source.title
    return f"{who} {source.date.year}" if source.date else who


def _by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    groups: dict[int, list[Event]] = {}
    for event in events:
        groups.setdefault(event.date.year, []).append(event)
    return list(groups.items())

"""MkDocs hooks: a thin adapter between MkDocs and the `sistercity` core.

One MkDocs build makes one language. The default language's config (mkdocs.yml) builds the
site root and, when it is done, builds every other language from its own config
(mkdocs.<lang>.yml) into <site>/<lang>/, so `mkdocs build` and `mkdocs serve` always make the
whole three-language site. Data is read in every build, never at import time, so `mkdocs serve`
(which watches data/, see mkdocs.yml) shows an edit to the data without a restart; files whose
bytes are unchanged since the last build are not parsed again (`load_dataset_cached`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import sistercity
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from sistercity.calendar_feed import anniversaries_calendar, atom_feed
from sistercity.citations import MARKER as CITATION
from sistercity.citations import check_markers, index_citations
from sistercity.cite import Citation
from sistercity.exports import to_csv, to_json
from sistercity.linked_data import actor_ld, event_ld, script_json, website_ld
from sistercity.models import RECORD_MODELS
from sistercity.pages import TRANSLATION_STATUS, event_uri, page_specs
from sistercity.render import Renderer
from sistercity.schema import data_file_schema
from sistercity.translations import missing_translations
from sistercity.valid_html import valid_html

log = logging.getLogger("mkdocs.hooks.sistercity")

_MARKER = re.compile(r"<!--\s*data:([^\s>]*)\s*-->")
# Data markers and citation markers are replaced in one pass, so text from the data that a
# replacement brings into the page is never read as a marker itself.
_ANY_MARKER = re.compile(f"{_MARKER.pattern}|{CITATION.pattern}")
_DATA_DIR = "data"


@dataclass
class _State:
    """What the current build knows: its data and its renderer (replaced in every build)."""

    dataset: sistercity.Dataset | None = None
    renderer: Renderer | None = None


_state = _State()


def _languages(config: MkDocsConfig) -> list[dict[str, str]]:
    return config.extra["languages"]


def _lang(config: MkDocsConfig) -> str:
    return config.theme["language"]


def _prefix(config: MkDocsConfig, lang: str) -> str:
    """URL prefix of a language inside the whole site: '' for the default, 'en/' for others."""
    return "" if lang == _languages(config)[0]["code"] else f"{lang}/"


def _build_date() -> dt.date:
    # Reproducible builds pin the date with SOURCE_DATE_EPOCH; otherwise it is today.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    codes = [lang["code"] for lang in _languages(config)]
    if _lang(config) not in codes:
        raise PluginError(f"theme.language '{_lang(config)}' is not one of extra.languages: {', '.join(codes)}")
    # Material includes partials/alternate.html (our override) when extra.alternate is truthy, and
    # writes root-only <link rel=alternate> tags when it is a list: True gets the first, not the second.
    config.extra["alternate"] = True
    _check_edit_uri(config)
    return config


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _check_edit_uri(config: MkDocsConfig) -> None:
    """Each language has its own docs_dir, so each config needs its own edit_uri: one inherited
    from mkdocs.yml (or MkDocs' default for GitHub) would open the wrong language's files."""
    if not config.repo_url or not config.edit_uri or config.edit_uri_template:
        return
    docs = Path(config.docs_dir).resolve().relative_to(_root(config)).as_posix() + "/"
    if not config.edit_uri.endswith(docs):
        name = Path(config.config_file_path).name
        raise PluginError(
            f"{name}: edit_uri '{config.edit_uri}' does not lead to this language's pages; "
            f"expected the path of {docs} in the repository, e.g. edit_uri: edit/main/{docs}"
        )


def _data_edit_uris(config: MkDocsConfig) -> dict[str | None, str | None]:
    """Each data file that feeds generated pages, relative to docs_dir as edit_uri expects."""
    docs = Path(config.docs_dir).resolve()
    uris: dict[str | None, str | None] = {None: None}  # a page fed by several files: no single file to open
    for kind in RECORD_MODELS:
        uris[kind] = Path(os.path.relpath(_root(config) / _DATA_DIR / f"{kind}.yml", docs)).as_posix()
    return uris


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    try:
        dataset = sistercity.load_dataset_cached(_root(config) / _DATA_DIR, display_prefix=_DATA_DIR)
    except sistercity.DataError as exc:
        count = len(exc.problems)
        raise PluginError(f"The data files need fixing ({count} problem{'s' * (count != 1)}):\n{exc}") from None
    _check_icons(dataset)
    handwritten = {f.src_uri: f.content_string for f in files.documentation_pages() if f.generated_by is None}
    problems = [
        f"docs/{_lang(config)}/{src_uri}:{bad.line}: {bad.message}"
        for src_uri, markdown in handwritten.items()
        for bad in check_markers(markdown, dataset)
    ]
    if problems:
        raise PluginError("Citation markers need fixing:\n" + "\n".join(problems))
    specs = page_specs(dataset)
    edit_uris = _data_edit_uris(config)
    for spec in specs:
        if files.get_file_from_path(spec.src_uri) is not None:
            raise PluginError(f"docs/{_lang(config)}/{spec.src_uri} clashes with a page generated from data; remove it")
        file = File.generated(config, spec.src_uri, content="")
        if not spec.in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        # "Edit this page" opens the data file that feeds the page.
        file.edit_uri = edit_uris[spec.data_file]
        files.append(file)

    @functools.cache  # pages link to the same records many times over
    def link(target: str, source: str) -> str:
        target_file = files.get_file_from_path(target)
        source_file = files.get_file_from_path(source)
        if target_file is None or source_file is None:
            raise PluginError(f"internal link to a page that does not exist: {target} (from {source})")
        return get_relative_url(target_file.url, source_file.url)

    cff = _root(config) / "CITATION.cff"
    citation = Citation.from_cff(cff, url=config.site_url or None) if cff.is_file() else None
    _add_downloads(files, config, dataset, citation.version if citation else "")
    renderer = Renderer(dataset, _lang(config), link, _build_date(), index_citations(handwritten), citation)
    for spec in specs:
        file = files.get_file_from_path(spec.src_uri)
        assert file is not None
        file.content_string = renderer.render_page(spec)
    _state.dataset, _state.renderer = dataset, renderer
    _add_subscriptions(files, config, dataset, renderer)
    if not _prefix(config, _lang(config)):
        _log_translation_status(dataset, config)
    return files


def _add_downloads(files: Files, config: MkDocsConfig, dataset: sistercity.Dataset, version: str) -> None:
    """The record as open data, at stable addresses in every language: data/<kind>.csv and
    data/dataset.json (all records with the JSON Schemas that describe them)."""
    for kind in RECORD_MODELS:
        files.append(File.generated(config, f"data/{kind}.csv", content=to_csv(dataset, kind)))
    schemas = {kind: data_file_schema(kind) for kind in RECORD_MODELS}
    files.append(File.generated(config, "data/dataset.json", content=to_json(dataset, schemas, version)))


def _add_subscriptions(files: Files, config: MkDocsConfig, dataset: sistercity.Dataset, renderer: Renderer) -> None:
    """An Atom feed of the newest events and an iCalendar file, in this build's language."""
    event_href = {}
    for event_id in dataset.events:
        file = files.get_file_from_path(event_uri(event_id))
        assert file is not None
        event_href[event_id] = file.url
    feed = atom_feed(dataset, _lang(config), renderer.env, event_href, _build_date(), base=config.site_url or None)
    files.append(File.generated(config, "feed.xml", content=feed))
    ical = anniversaries_calendar(dataset, _lang(config), _build_date())
    files.append(File.generated(config, "calendar.ics", content=ical))


def _log_translation_status(dataset: sistercity.Dataset, config: MkDocsConfig) -> None:
    # INFO, not WARNING: a missing translation is normal work in progress and must not fail --strict.
    missing = missing_translations(dataset)
    counts = ", ".join(f"{lang['code']}: {sum(m.lang == lang['code'] for m in missing)}" for lang in _languages(config))
    page = TRANSLATION_STATUS.removesuffix(".md") + "/"
    noun = "text lacks" if len(missing) == 1 else "texts lack"
    log.info(f"Translation status: {len(missing)} {noun} a translation ({counts}); the list is on the page {page}")


def _check_icons(dataset: sistercity.Dataset) -> None:
    import material  # the theme's own icon set is the vocabulary for sector icons

    icons = Path(material.__file__).parent / "templates" / ".icons"
    problems = [
        sistercity.Problem(
            "data/sectors.yml",
            dataset.line_of("sectors", sector.id),
            f"sectors[{index}].icon",
            f"unknown icon '{sector.icon}'; expected a Material icon name such as material/school",
        )
        for index, sector in enumerate(dataset.sectors.values())
        if sector.icon and not (icons / f"{sector.icon}.svg").is_file()
    ]
    if problems:
        raise PluginError("The data files need fixing:\n" + str(sistercity.DataError(problems)))


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state.renderer is not None
    if page.file.generated_by is not None:
        return markdown  # generated pages hold data text, which is never read as a marker

    renderer = _state.renderer

    def replace(match: re.Match[str]) -> str:
        name, kind, record_id = match.groups()
        if name is None:  # a citation; check_markers has vouched for it in on_files
            return renderer.render_citation(kind, record_id, page.file.src_uri)
        try:
            return renderer.render_fragment(name, page.file.src_uri)
        except KeyError:
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(Renderer.FRAGMENTS)
            where = f"docs/{_lang(config)}/{page.file.src_uri}:{line}"
            raise PluginError(f"{where}: unknown data marker '{name}'; expected one of: {known}") from None

    return _ANY_MARKER.sub(replace, markdown)


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    context["language_links"] = language_links(config, page.url)
    context["page_meta"] = _page_meta(page, config)
    return context


def _page_meta(page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """Open Graph, Twitter and schema.org data for a page, made without any outside service."""
    assert _state.dataset is not None
    dataset, lang = _state.dataset, _lang(config)
    # Front-matter values of generated pages are HTML-escaped for Material's templates; the
    # meta tags escape on output (main.html), so they get the plain text here.
    meta: dict[str, Any] = {
        "title": html.unescape(page.meta.get("title") or page.title or config.site_name),
        "description": html.unescape(page.meta.get("description") or config.site_description or ""),
        "type": "website" if page.is_homepage else "article",
        "locale": _OG_LOCALES.get(lang, lang),
        "url": page.canonical_url,
        "jsonld": None,
    }
    src = page.file.src_uri
    if src.startswith("events/") and src.removeprefix("events/").removesuffix(".md") in dataset.events:
        meta["jsonld"] = script_json(event_ld(dataset.events[src[7:-3]], dataset, lang))
    elif src.startswith("actors/") and src.removeprefix("actors/").removesuffix(".md") in dataset.actors:
        meta["jsonld"] = script_json(actor_ld(dataset.actors[src[7:-3]], lang))
    elif page.is_homepage:
        meta["jsonld"] = script_json(website_ld(config.site_name, config.site_description or "", lang))
    return meta


_OG_LOCALES = {"id": "id_ID", "en": "en_GB", "de": "de_DE"}


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return valid_html(output)  # Material's markup, mended where the validator objects


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return valid_html(output_content)  # 404.html, which is no page


def language_links(config: MkDocsConfig, page_url: str) -> list[dict[str, Any]]:
    """The same page in every language, as hrefs relative to the page (used by the switcher)."""
    current = _prefix(config, _lang(config)) + page_url
    links = []
    for lang in _languages(config):
        target = _prefix(config, lang["code"]) + page_url
        root = _prefix(config, lang["code"])
        links.append(
            {
                **lang,
                "href": _dir_href(target, current),
                "root": _dir_href(root, current),
                "current": lang["code"] == _lang(config),
            }
        )
    return links


def _dir_href(target: str, current: str) -> str:
    href = get_relative_url(target, current)
    return href if href.endswith("/") or not (target == "" or target.endswith("/")) else href + "/"


def on_post_build(*, config: MkDocsConfig) -> None:
    if _prefix(config, _lang(config)):
        return  # only the default language's build builds the others
    root = _root(config)
    for lang in _languages(config)[1:]:
        code = lang["code"]
        log.info(f"Building the '{code}' version of the site")
        sub = load_config(
            str(root / f"mkdocs.{code}.yml"),
            site_dir=posixpath.join(config.site_dir, code),
            strict=config.strict,
        )
        if config.site_url:
            # The language lives in <site_url>/<code>/ (the switcher's relative links assume one
            # site), so its canonical links, sitemap and feed take that address, not the inherited root.
            sub.site_url = urljoin(config.site_url, f"{code}/")
        build(sub)

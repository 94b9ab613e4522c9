"""MkDocs hooks: a thin adapter between MkDocs and the `sistercity` core.

One MkDocs build makes one language. The build MkDocs starts, from mkdocs.yml or a wrapper config
that inherits it, makes the default language at the site root; when it is done, it builds every
other language (sistercity/record/languages.py) from the same config file and command-line options into
<site>/<code>/, so every setting reaches every language and `mkdocs build` and `mkdocs serve`
always make the whole site. What differs between the languages is set here, in on_config, for
the language being built (`_localize`). Data is read in every build, never at import time, so
`mkdocs serve` shows an edit to the data without a restart; files whose bytes are unchanged
since the last build are not parsed again (`load_dataset_cached`). In `mkdocs serve`, the other
languages are built at the same time as the default one, in child processes (`_fork_build`).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import posixpath
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin

import jinja2
import sistercity
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.yaml import get_yaml_loader, yaml_load
from sistercity.analysis.translations import missing_translations
from sistercity.maintenance.check import marker_problems_in
from sistercity.outputs.calendar_feed import anniversaries_calendar, atom_feed
from sistercity.outputs.downloads import download_files
from sistercity.outputs.linked_data import page_meta
from sistercity.outputs.record_citation import HistoryError, record_dates
from sistercity.outputs.site_citation import Citation
from sistercity.record.errors import github_annotation, in_github_actions
from sistercity.record.languages import DEFAULT_LANGUAGE, LANGUAGES, SITE_LANGUAGES, docs_folder, prefix
from sistercity.render.citation_markers import index_citations
from sistercity.render.data_markers import MarkerError, fill_markers
from sistercity.render.edit_links import Repository, edit_uri_problem, edit_url, record_url
from sistercity.render.i18n import translate
from sistercity.render.pages import TIMELINE_BUDGET, TRANSLATION_STATUS, PageSpec, event_uri, page_specs
from sistercity.render.renderer import Renderer, SharedBytecode
from sistercity.render.valid_html import valid_html

if TYPE_CHECKING:  # mkdocs serve imports it; a build would import the server and its file watcher for nothing
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.sistercity")

ROOT = Path(__file__).resolve().parent.parent  # the project: data/, docs/, CITATION.cff
_LANGUAGE_KEY = "sistercity_language"  # extra.<this>: the language of a build this hook started
# Settings that MkDocs' command line can change (mkdocs build/serve --help); the other languages'
# builds take them from the running build. --dirty is not a setting: on_startup receives it.
_COMMAND_LINE_SETTINGS = ("strict", "use_directory_urls")
# Set for each language by _localize; a config that sets them would be overridden silently.
_PER_LANGUAGE_SETTINGS = ("docs_dir", "site_description", "theme.language")


@dataclass
class _State:
    """What the current build knows (replaced in every build) and how MkDocs was started."""

    dataset: sistercity.Dataset | None = None
    renderer: Renderer | None = None
    specs: dict[str, PageSpec] = field(default_factory=dict)  # generated pages by src_uri
    repository: Repository | None = None
    command: str | None = None  # from on_startup; None when a program calls build() itself
    dirty: bool = False
    search_indexes: dict[str, Any] = field(default_factory=dict)  # see _keep_search_index
    children: dict[str, int] = field(default_factory=dict)  # language -> process building it (serve)


_state = _State()


def _lang(config: MkDocsConfig) -> str:
    """The language this build makes: the default, unless this hook started the build."""
    return config.extra.get(_LANGUAGE_KEY, DEFAULT_LANGUAGE)


def _build_date() -> dt.date:
    # Reproducible builds pin the date with SOURCE_DATE_EPOCH; otherwise it is today.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state.command, _state.dirty = command, dirty


@event_priority(100)  # before Material's search plugin reads theme.language in its own on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang = _lang(config)
    if lang == DEFAULT_LANGUAGE:
        _check_no_per_language_settings(config)
    _localize(config, lang)
    # Material includes partials/alternate.html (our override) when extra.alternate is truthy, and
    # writes root-only <link rel=alternate> tags when it is a list: True gets the first, not the second.
    config.extra["alternate"] = True
    _state.repository = _repository(config)
    _keep_search_index(config, lang, restore=True)
    return config


def _localize(config: MkDocsConfig, lang: str) -> None:
    """Everything that differs between the languages' builds, from the core's language list and
    the words in ui_strings.yml (site.*)."""
    config.docs_dir = str(ROOT / docs_folder(lang))
    config.theme["language"] = lang
    config.site_description = translate("site.description", lang)
    palettes = config.theme["palette"]
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        palette["toggle"]["name"] = translate(f"site.palette.{palette['scheme']}", lang)
    config.nav = [_nav_entry(entry, lang) for entry in config.nav or []]


def _nav_entry(entry: object, lang: str) -> dict[str, str]:
    if not isinstance(entry, str):
        raise PluginError(f"nav: {entry!r} has a title; expected a page path such as background.md (see mkdocs.yml)")
    key = "site.nav." + entry.removesuffix(".md").removesuffix("/index")
    try:
        return {translate(key, lang): entry}
    except KeyError:
        raise PluginError(
            f"nav: {entry} has no title; expected {key} in hooks/sistercity/render/ui_strings.yml"
        ) from None


def _check_no_per_language_settings(config: MkDocsConfig) -> None:
    """A config that sets what _localize sets (say, an old mkdocs.en.yml) would build something else
    than it says: stop and say why."""
    if not config.config_file_path:
        return
    with open(config.config_file_path, "rb") as handle:
        raw = yaml_load(handle)  # with the configs it inherits from
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    found = [key for key in _PER_LANGUAGE_SETTINGS if key in raw or key.removeprefix("theme.") in theme]
    if found:
        name = Path(config.config_file_path).name
        raise PluginError(
            f"{name}: {', '.join(found)} set; expected none of them, the hook sets them for each language "
            "(hooks/sistercity/record/languages.py). Every build makes the whole site in every language: "
            "mkdocs build -f mkdocs.yml"
        )


def _repository(config: MkDocsConfig) -> Repository | None:
    """Edit links, once repo_url and edit_uri are set (MkDocs guesses an edit_uri for some hosts)."""
    if not config.repo_url or not config.edit_uri:
        return None
    problem = edit_uri_problem(config.edit_uri)
    if problem:
        raise PluginError(f"{Path(config.config_file_path).name}: {problem}")
    return Repository(config.repo_url, config.edit_uri)


def _keep_search_index(config: MkDocsConfig, lang: str, *, restore: bool) -> None:
    # Material keeps one search plugin for the whole process and, in a --dirty build, merges the
    # previous build's index into the next one; the previous build is another language's. Give
    # it this language's own previous index, and keep the new one for the next build of it.
    search = config.plugins.get("material/search")
    if not _state.dirty or search is None:
        return
    if restore:
        search.search_index_prev = _state.search_indexes.get(lang)
    else:
        _state.search_indexes[lang] = search.search_index_prev


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    # MkDocs watches the config file it was given; a change to one it inherits from shapes the site too.
    for path in _inherited_configs(config.config_file_path):
        server.watch(path)
    return server


def _inherited_configs(path: str) -> list[str]:
    found = []
    while path:
        with open(path, "rb") as handle:
            parent = (get_yaml_loader()(handle).get_single_data() or {}).get("INHERIT")
        path = os.path.normpath(os.path.join(os.path.dirname(path), parent)) if parent else ""
        if path:
            found.append(path)
    return found


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    lang = _lang(config)
    dataset = _load_dataset()
    handwritten = {f.src_uri: f.content_string for f in files.documentation_pages() if f.generated_by is None}
    _check_citations(handwritten, dataset, lang)
    budget = _timeline_budget(config)
    if lang == DEFAULT_LANGUAGE and _builds_in_parallel():
        # The data is valid: build the other languages now, next to this one (2 cores and more).
        _state.children = {code: _fork_build(config, code) for code in LANGUAGES[1:]}
    # The same pages in every language (a served config's budget may change: it is in the key).
    specs = dataset.derived(("page_specs", budget), lambda: page_specs(dataset, budget))
    _add_generated_pages(files, config, specs, lang)
    citation = _citation(config)
    _add_downloads(files, config, dataset, citation.version if citation else "")
    renderer = _renderer(files, config, dataset, handwritten, citation, budget)
    for spec in specs:
        file = files.get_file_from_path(spec.src_uri)
        assert file is not None
        file.content_string = renderer.render_page(spec)
    _state.dataset, _state.renderer, _state.specs = dataset, renderer, {spec.src_uri: spec for spec in specs}
    _add_subscriptions(files, config, dataset, renderer)
    if lang == DEFAULT_LANGUAGE:
        _log_translation_status(dataset)
    return files


def _add_generated_pages(files: Files, config: MkDocsConfig, specs: list[PageSpec], lang: str) -> None:
    """The pages the data makes, as virtual files (filled in once the renderer can link to them)."""
    for spec in specs:
        if files.get_file_from_path(spec.src_uri) is not None:
            raise PluginError(f"docs/{lang}/{spec.src_uri} clashes with a page generated from data; remove it")
        file = File.generated(config, spec.src_uri, content="")
        if not spec.in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)


def _timeline_budget(config: MkDocsConfig) -> int:
    """Events the timeline's main page shows before it pages by year: extra.timeline_budget, for
    tests that page a small record; the core's default otherwise."""
    budget = config.extra.get("timeline_budget", TIMELINE_BUDGET)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise PluginError(f"extra.timeline_budget: {budget!r}; expected a whole number of events, at least 1")
    return budget


def _citation(config: MkDocsConfig) -> Citation | None:
    cff = ROOT / "CITATION.cff"
    return Citation.from_cff(cff, url=config.site_url or None) if cff.is_file() else None


def _renderer(
    files: Files,
    config: MkDocsConfig,
    dataset: sistercity.Dataset,
    handwritten: dict[str, str],
    citation: Citation | None,
    timeline_budget: int,
) -> Renderer:
    by_uri = files.src_uris

    @functools.cache  # pages link to the same records many times over
    def link(target: str, source: str) -> str:
        target_file, source_file = by_uri.get(target), by_uri.get(source)
        if target_file is None or source_file is None:
            raise PluginError(f"internal link to a page that does not exist: {target} (from {source})")
        return get_relative_url(target_file.url, source_file.url)

    repository = _state.repository
    records = functools.partial(record_url, repository, dataset) if repository else None
    cited_in = index_citations(handwritten)
    # The proposal forms need only the repository's address (no edit_uri).
    repo_url = config.repo_url or None
    return Renderer(
        dataset,
        _lang(config),
        link,
        _build_date(),
        cited_in,
        citation,
        records,
        repo_url=repo_url,
        site_url=config.site_url or None,
        record_dates=_record_dates(dataset),
        timeline_budget=timeline_budget,
    )


def _record_dates(dataset: sistercity.Dataset) -> dict[str, dict[str, dt.date]]:
    """When each event and actor last changed, from the repository's history, if the build asks
    for it with SISTERCITY_RECORD_DATES=git (see record_citation.py)."""
    if os.environ.get("SISTERCITY_RECORD_DATES") != "git":
        return {}
    try:
        return {kind: record_dates(ROOT, dataset.documents[kind], f"data/{kind}.yml") for kind in ("events", "actors")}
    except HistoryError as exc:
        raise PluginError(
            f"SISTERCITY_RECORD_DATES=git: the record dates need the repository's history: {exc}"
        ) from None


def _load_dataset() -> sistercity.Dataset:
    try:
        return sistercity.load_dataset_cached(ROOT / "data", display_prefix="data")
    except sistercity.DataError as exc:
        raise _stopping(exc.problems) from None


def _stopping(problems: list[sistercity.Problem]) -> PluginError:
    """The error that stops the build with the problems' lines, as the data check prints them; in
    GitHub Actions, the problems go out as annotations on their lines first."""
    problems = sorted(set(problems))
    if in_github_actions():
        print("\n".join(github_annotation(problem) for problem in problems), flush=True)
    count = len(problems)
    lines = "\n".join(str(problem) for problem in problems)
    return PluginError(f"The data files need fixing ({count} problem{'s' * (count != 1)}):\n{lines}")


def _check_citations(handwritten: dict[str, str], dataset: sistercity.Dataset, lang: str) -> None:
    problems = marker_problems_in({f"{docs_folder(lang)}/{uri}": md for uri, md in handwritten.items()}, dataset)
    if problems:
        raise _stopping(problems)


def _add_downloads(files: Files, config: MkDocsConfig, dataset: sistercity.Dataset, version: str) -> None:
    """The record as open data, at stable addresses in every language (outputs/downloads.py)."""
    for name, content in download_files(dataset, version).items():
        files.append(File.generated(config, f"data/{name}", content=content))


def _add_subscriptions(files: Files, config: MkDocsConfig, dataset: sistercity.Dataset, renderer: Renderer) -> None:
    """An Atom feed of the newest events and an iCalendar file, in this build's language."""
    lang = _lang(config)
    event_href = {}
    for event_id in dataset.events:
        file = files.get_file_from_path(event_uri(event_id))
        assert file is not None
        event_href[event_id] = file.url
    feed = atom_feed(dataset, lang, renderer.env, event_href, _build_date(), base=config.site_url or None)
    files.append(File.generated(config, "feed.xml", content=feed))
    ical = anniversaries_calendar(dataset, lang, _build_date())
    files.append(File.generated(config, "calendar.ics", content=ical))


def _log_translation_status(dataset: sistercity.Dataset) -> None:
    # INFO, not WARNING: a missing translation is normal work in progress and must not fail --strict.
    missing = missing_translations(dataset)
    counts = ", ".join(f"{code}: {sum(m.lang == code for m in missing)}" for code in LANGUAGES)
    page = TRANSLATION_STATUS.removesuffix(".md") + "/"
    noun = "text lacks" if len(missing) == 1 else "texts lack"
    log.info(f"Translation status: {len(missing)} {noun} a translation ({counts}); the list is on the page {page}")


# Material's templates, compiled once per process: every language's build (and every rebuild of
# `mkdocs serve`) makes a new Environment, and compiling them again was a tenth of each build.
_THEME_BYTECODE = SharedBytecode()


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = _THEME_BYTECODE
    # For the error page (404.html), which MkDocs renders without a page of ours.
    env.globals["language_prefix"] = prefix(_lang(config))
    env.globals["not_found"] = translate("site.not_found", _lang(config))
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state.renderer is not None
    if page.file.generated_by is not None:
        return markdown  # generated pages hold data text, which is never read as a marker
    try:
        return fill_markers(markdown, _state.renderer, page.file.src_uri)
    except MarkerError as exc:
        raise PluginError(f"{docs_folder(_lang(config))}/{page.file.src_uri}:{exc.line}: {exc}") from None


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    assert _state.dataset is not None
    lang, spec = _lang(config), _state.specs.get(page.file.src_uri)
    context["language_links"] = language_links(lang, page.url)
    context["page_meta"] = page_meta(
        _state.dataset,
        lang,
        title=page.meta.get("title") or page.title or config.site_name,
        description=page.meta.get("description") or config.site_description or "",
        url=page.canonical_url,
        is_home=page.is_homepage,
        record=(spec.data_file, spec.record_id) if spec else (None, None),
        site_name=config.site_name,
        site_description=config.site_description or "",
    )
    repository = _state.repository
    page.edit_url = edit_url(repository, _state.dataset, lang, page.file.src_uri, spec) if repository else None
    _declare_stand_ins_in_toc(page, lang)
    return context


# A heading whose text is a stand-in for a missing translation: the heading itself declares the
# language (an h1 made by the heading macro), or its first child does (an event card's title).
_HEADING = re.compile(r'<h[1-6]([^>]*)>(?:<a [^>]*>)?(?:<span lang="([a-z]{2})">)?')
_ID, _LANG = re.compile(r'\sid="([^"]+)"'), re.compile(r'\slang="([a-z]{2})"')


def _declare_stand_ins_in_toc(page: Page, lang: str) -> None:
    """Material's table of contents repeats a heading's text without the heading's element, so a
    stand-in loses its lang attribute there (WCAG 3.1.2): give the entry the heading's."""
    declared = {}
    for attributes, child in _HEADING.findall(page.content or ""):
        anchor, own = _ID.search(attributes), _LANG.search(attributes)
        if anchor and (own or child):
            declared[anchor.group(1)] = own.group(1) if own else child
    items = list(page.toc)
    while items:
        item = items.pop()
        items.extend(item.children)
        if item.id in declared:  # the title is escaped text; Material prints it as it is
            # The "not yet translated" marker after the stand-in is in the page's language.
            text = item.title.removesuffix(" " + translate("label.untranslated", lang))
            item.title = f'<span lang="{declared[item.id]}">{text}</span>{item.title[len(text) :]}'


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return valid_html(output)  # Material's markup, mended where the validator objects


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return valid_html(output_content)  # 404.html, which is no page


def language_links(lang: str, page_url: str) -> list[dict[str, Any]]:
    """The same page in every language, as hrefs relative to the page (used by the switcher)."""
    current = prefix(lang) + page_url
    return [
        {
            "code": language.code,
            "name": language.name,
            "href": _dir_href(prefix(language.code) + page_url, current),
            "root": _dir_href(prefix(language.code), current),
            "current": language.code == lang,
        }
        for language in SITE_LANGUAGES
    ]


def _dir_href(target: str, current: str) -> str:
    href = get_relative_url(target, current)
    return href if href.endswith("/") or not (target == "" or target.endswith("/")) else href + "/"


@event_priority(-100)  # after Material's search plugin has written this language's index
def on_post_build(*, config: MkDocsConfig) -> None:
    _keep_search_index(config, _lang(config), restore=False)
    if _lang(config) != DEFAULT_LANGUAGE:
        return  # only the build MkDocs started builds the others
    if _state.children:
        failed = [code for code, status in _wait_for_children().items() if status != 0]
        if failed:
            names = " and ".join(repr(code) for code in failed)
            raise PluginError(f"the {names} version of the site failed; see above")
        return
    for code in LANGUAGES[1:]:
        log.info(f"Building the '{code}' version of the site")
        build(_language_config(config, code), serve_url=_serve_url(config, code), dirty=_state.dirty)


def on_build_error(*, error: Exception) -> None:
    for pid in _state.children.values():  # the default language failed: the others are of no use
        os.kill(pid, signal.SIGKILL)
    _wait_for_children()


def _serve_url(config: MkDocsConfig, code: str) -> str | None:
    return urljoin(config.site_url, f"{code}/") if _state.command == "serve" and config.site_url else None


def _builds_in_parallel() -> bool:
    """In `mkdocs serve`, the languages' builds run side by side, each in a process of its own, so
    the preview is back sooner; `mkdocs build` builds them one after the other (one process, whose
    time the benchmark can attribute). A --dirty build merges each language's previous search index,
    which a child process would not keep for the next build."""
    return _state.command == "serve" and not _state.dirty and hasattr(os, "fork")


def _fork_build(config: MkDocsConfig, code: str) -> int:
    """Build the language `code` in a child process, a copy of this one (modules imported, data
    loaded); its errors go to the terminal as the build's own would."""
    log.info(f"Building the '{code}' version of the site")
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        build(_language_config(config, code), serve_url=_serve_url(config, code), dirty=False)
        status = 0
    except KeyboardInterrupt:  # Ctrl+C reaches every process of the terminal: the server says it
        pass
    except SystemExit as exc:  # mkdocs' Abort: the error is logged, as `mkdocs serve` prints it
        print(exc, file=sys.stderr)
    except BaseException:  # as `mkdocs serve` shows an error no one expected
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never back into the server's code: it would remove the served folder


def _wait_for_children() -> dict[str, int]:
    """The children's exit statuses, once they have all finished."""
    statuses = {code: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for code, pid in _state.children.items()}
    _state.children = {}
    return statuses


def _language_config(config: MkDocsConfig, code: str) -> MkDocsConfig:
    """The running build's config file with its command-line settings, for the language `code`."""
    if not config.config_file_path:
        raise PluginError("the other languages are built from the config file; expected mkdocs build -f <file>")
    settings = {key: config[key] for key in _COMMAND_LINE_SETTINGS}
    language = load_config(config.config_file_path, site_dir=posixpath.join(config.site_dir, code), **settings)
    language.extra[_LANGUAGE_KEY] = code
    if config.site_url:
        # The language lives in <site_url>/<code>/ (the switcher's relative links assume one site),
        # so its canonical links, sitemap and feed take that address, not the root's.
        language.site_url = urljoin(config.site_url, f"{code}/")
    return language

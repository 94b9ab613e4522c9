"""Quality checks of a built site: links and anchors, third-party loads, a local server, linkinator.

Used by tests/test_links.py, tests/test_browser.py, tests/test_reproducible.py and benchmarks/.
It is also a command (needs no MkDocs, only a built site):

    .venv/bin/python tests/sitecheck.py links site/            # internal links + external link report
    .venv/bin/python tests/sitecheck.py privacy site/          # resources loaded from other hosts
    .venv/bin/python tests/sitecheck.py external site/         # check external links (needs a network)
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from sitebuild import LANGUAGES, ROOT, Build, copy_project, pages_of, prefix, run_build, skip_or_fail

NODE_BIN = ROOT / "node_modules" / ".bin"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

# --------------------------------------------------------------------------------------------
# Builds shared by the test modules of one pytest run (each is made at most once per process)
# --------------------------------------------------------------------------------------------

_builds: dict[str, Build] = {}
_build_lock = threading.Lock()


def _scratch(name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=name))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def real_site() -> Build:
    """`mkdocs build --strict` of the real project (SOURCE_DATE_EPOCH pinned, see sitebuild.py)."""
    with _build_lock:
        if "real" not in _builds:
            _builds["real"] = run_build(ROOT, _scratch("ph-site-") / "site")
        return _builds["real"]


# What broken_site() breaks, so tests can name what each check must find.
BROKEN_PAGE = "en/analysis/"
BROKEN_LINK = "../no-such-page/"
BROKEN_ANCHOR = "../timeline/#no-such-event"
BROKEN_SAME_PAGE_ANCHOR = "#no-such-heading"
OTHER_LANGUAGE_LINK = "../../timeline/"  # from the English page into the Indonesian site
THIRD_PARTY = {
    "img": "https://images.example.org/tracker.png",
    "srcset": "https://cdn.example.org/photo-2x.jpg",
    "style": "https://img.example.net/background.png",
    "preconnect": "https://fonts.gstatic.com",
    "stylesheet": "https://fonts.googleapis.com/css2?family=Roboto",
    "script": "https://www.googletagmanager.com/gtag/js?id=G-TEST",
    "inline-fetch": "https://analytics.example.com/collect",
    "css-font": "https://fonts.gstatic.com/s/roboto/v30/roboto.woff2",
    "js-beacon": "https://stats.example.com/beacon",
}
CONSOLE_ERROR = "deliberate console error"
PAGE_ERROR = "deliberate uncaught error"

_BROKEN_HTML = f"""

<div markdown="0" class="ph-broken">
<p>A paragraph with an <a href="../timeline/" style="text-decoration: none">inline link</a> that is
told apart from its text by colour only, <span style="color: #c9c9c9">grey text that is too
light</span> and <a href="{BROKEN_LINK}">a link to nowhere</a>, <a href="{BROKEN_ANCHOR}">an anchor
that does not exist</a>, <a href="{BROKEN_SAME_PAGE_ANCHOR}">one on this page</a> and <a
href="{OTHER_LANGUAGE_LINK}">a link into another language</a>.</p>
<img src="{THIRD_PARTY["img"]}" width="1" height="1">
<img src="../assets/logo.svg" srcset="{THIRD_PARTY["srcset"]} 2x" alt="">
<div style="background-image: url('{THIRD_PARTY["style"]}'); width: 2000px; height: 10px"></div>
<link rel="preconnect" href="{THIRD_PARTY["preconnect"]}">
<link rel="stylesheet" href="{THIRD_PARTY["stylesheet"]}">
<script src="{THIRD_PARTY["script"]}"></script>
<script>fetch("{THIRD_PARTY["inline-fetch"]}").catch(() => {{}}); console.error("{CONSOLE_ERROR}");</script>
<script src="../assets/javascripts/tracker.js"></script>
</div>
"""
_BROKEN_JS = f"""
navigator.sendBeacon("{THIRD_PARTY["js-beacon"]}", "visit");
throw new Error("{PAGE_ERROR}");
"""
_BROKEN_CSS = f"""
@font-face {{ font-family: "Roboto"; src: url({THIRD_PARTY["css-font"]}) format("woff2"); }}
"""


def broken_site() -> Build:
    """A copy of the project with deliberate faults that the quality checks must each report.

    In docs/en/analysis.md (raw HTML, which MkDocs' own validation does not see): a broken link, a
    broken anchor on another page and on the same page, a link into another language, resources
    and scripts from other hosts, a console error, an uncaught exception, text that fails colour
    contrast, a link told apart by colour only, an image without alt text, and an element 2,000 px
    wide. In overrides/: the stock
    search dialog (no accessible name), a language switcher that leads to each language's home
    instead of the same page, and a font from Google in the stylesheet.
    """
    with _build_lock:
        if "broken" not in _builds:
            project = copy_project(_scratch("ph-broken-") / "project")
            page = project / "docs" / "en" / "analysis.md"
            page.write_text(page.read_text(encoding="utf-8") + _BROKEN_HTML, encoding="utf-8")
            (project / "overrides" / "partials" / "search.html").unlink()
            switcher = project / "overrides" / "partials" / "alternate.html"
            text = switcher.read_text(encoding="utf-8")
            assert 'href="{{ alt.href }}"' in text
            switcher.write_text(text.replace('href="{{ alt.href }}"', 'href="{{ alt.root }}"'), encoding="utf-8")
            scripts = project / "overrides" / "assets" / "javascripts"
            scripts.mkdir(parents=True, exist_ok=True)
            (scripts / "tracker.js").write_text(_BROKEN_JS, encoding="utf-8")
            css = project / "overrides" / "assets" / "stylesheets" / "site.css"
            css.write_text(css.read_text(encoding="utf-8") + _BROKEN_CSS, encoding="utf-8")
            _builds["broken"] = run_build(project, project / "site")
        return _builds["broken"]


ONLY_IN_ONE_LANGUAGE = "only-in-indonesian/"  # what broken_languages_site() breaks
WRONG_LANGUAGE = "de"  # this language's build is told it is English


def broken_languages_site() -> Build:
    """A copy of the project whose languages disagree: a page only in Indonesian, a German build
    that calls itself English (html lang and search language), and a language switcher that
    leads to each language's home instead of the same page."""
    with _build_lock:
        if "languages" not in _builds:
            project = copy_project(_scratch("ph-languages-") / "project")
            page = project / "docs" / "id" / f"{ONLY_IN_ONE_LANGUAGE.rstrip('/')}.md"
            page.write_text("# Hanya dalam bahasa Indonesia\n", encoding="utf-8")
            config = project / "mkdocs.yml"  # out of the navigation, so --strict lets it pass
            config.write_text(config.read_text(encoding="utf-8") + f"not_in_nav: /{page.name}\n", encoding="utf-8")
            hook = project / "hooks" / "sistercity_mkdocs.py"
            text = hook.read_text(encoding="utf-8")
            setting = 'config.theme["language"] = lang\n'
            assert setting in text
            wrong = f'config.theme["language"] = "en" if lang == "{WRONG_LANGUAGE}" else lang\n'
            hook.write_text(text.replace(setting, wrong), encoding="utf-8")
            switcher = project / "overrides" / "partials" / "alternate.html"
            text = switcher.read_text(encoding="utf-8")
            switcher.write_text(text.replace('href="{{ alt.href }}"', 'href="{{ alt.root }}"'), encoding="utf-8")
            _builds["languages"] = run_build(project, project / "site")
        return _builds["languages"]


# --------------------------------------------------------------------------------------------
# A local web server, like a static host: index.html for folders, each language's 404.html
# --------------------------------------------------------------------------------------------

_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class _Handler(SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> io.BufferedIOBase | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.is_dir():
            return super().send_head()  # redirects to the folder with a slash
        if not path.is_file():
            return self._not_found()
        if self.compress and path.suffix in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send(200, path, gzip.compress(path.read_bytes(), mtime=0), encoding="gzip")
        return super().send_head()

    def _not_found(self) -> io.BytesIO:
        # The 404 page of the language whose folder was asked for, as hosts like Netlify serve it.
        parts = urlsplit(self.path).path.strip("/").split("/")
        lang = parts[0] if parts[0] in LANGUAGES[1:] else ""
        page = Path(self.directory) / lang / "404.html"
        if not page.is_file():
            page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        return self._send(404, page, body)

    def _send(self, status: int, path: Path, body: bytes, encoding: str | None = None) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops connections when a crawler opens many at once


@contextmanager
def browser_on_real_site() -> Iterator[tuple[Any, str]]:
    """Headless Chromium and the base URL of the real site, built once and served locally."""
    if not CHROMIUM.is_file():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    site = real_site()
    assert site.returncode == 0, site.log
    with serve(site.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser, base
        browser.close()


@contextmanager
def serve(site: Path, compress: bool = False, port: int = 0) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 from a thread; yield its base URL ('http://127.0.0.1:<port>/')."""

    def handler(*args: object, **kwargs: object) -> _Handler:
        return _Handler(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    _Handler.compress = compress
    server = _Server(("127.0.0.1", port), handler)  # type: ignore[arg-type]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------
# Reading the built site
# --------------------------------------------------------------------------------------------

# Attributes that hold an address, by element. Every one of them is a link or a resource.
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
# <link rel> values that name a document without loading it.
_LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "next", "prev", "me", "help"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_NOT_AN_ADDRESS = re.compile(r"^(?:javascript|mailto|tel|data|about|blob):", re.I)


def is_external(url: str) -> bool:
    return bool(_ABSOLUTE.match(url.strip()))


@dataclass
class Ref:
    """One address in the built site: where it is, what kind of reference, the address."""

    file: str  # path of the file inside the site, e.g. 'en/timeline/index.html'
    kind: str  # 'a[href]', 'img[srcset]', 'css url()', ...
    url: str
    loads: bool  # True when a browser fetches it to show the page (not a link to follow)


def site_url_of(file: str) -> str:
    """The URL path a file is served at: 'en/timeline/index.html' -> '/en/timeline/index.html'."""
    return "/" + file


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_urls(text: str) -> list[str]:
    return [(m.group(2) or m.group(4) or "").strip() for m in _CSS_URL.finditer(text)]


class _Page(HTMLParser):
    """One pass over an HTML file: its addresses and its element ids (no tree is built)."""

    def __init__(self, rel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.refs: list[Ref] = []
        self.ids: set[str] = set()
        self.classes: set[str] = set()
        self.components: set[str] = set()  # Material's data-md-component values
        self.links: list[tuple[str, str, bool]] = []  # (tag, href, has hreflang) of <a> and <link>
        self.lang: str | None = None  # <html lang>
        self.switcher: list[tuple[str, str]] = []  # (hreflang, href) of <a hreflang>: the language switcher
        self._text_of: str | None = None  # 'style', 'script' or None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        rel = self.rel
        if values.get("id"):
            self.ids.add(values["id"])
        self.classes.update(values.get("class", "").split())
        if values.get("data-md-component"):
            self.components.add(values["data-md-component"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attr in _URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attr, "").strip()
            if not value:
                continue
            urls = _srcset_urls(value) if attr == "srcset" else [value]
            loads = tag not in ("a", "area", "form")
            if tag == "link":
                rels = set(values.get("rel", "").lower().split())
                loads = not rels or not rels <= _LINK_RELS_NOT_LOADED
            self.refs += [Ref(rel, f"{tag}[{attr}]", url, loads) for url in urls]
        if tag in ("a", "link") and values.get("href"):
            self.links.append((tag, values["href"].strip(), "hreflang" in values))
        if tag == "a" and values.get("hreflang"):
            self.switcher.append((values["hreflang"], values.get("href", "").strip()))
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("style"):
            self.refs += [Ref(rel, "style url()", url, True) for url in css_urls(values["style"])]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.I)
            if target:
                self.refs.append(Ref(rel, "meta refresh", target.group(1).strip(), True))
        if tag == "style" or (tag == "script" and not values.get("src") and "json" not in values.get("type", "")):
            # JSON scripts (Material's config, linked data) are data, not code that fetches.
            self._text_of, self._text = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._text_of = None

    def handle_data(self, data: str) -> None:
        if self._text_of:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != self._text_of:
            return
        text = "".join(self._text)
        if tag == "style":
            self.refs += [Ref(self.rel, "<style> url()", url, True) for url in css_urls(text)]
        else:
            self.refs += [Ref(self.rel, "inline <script>", url, True) for url in js_urls(text)]
        self._text_of = None


_parsed: dict[tuple[Path, int, int], _Page] = {}


def parse_page(site: Path, file: Path) -> _Page:
    """The parsed page, cached by file and modification (tests read each build several times)."""
    stat = file.stat()
    key = (file, stat.st_mtime_ns, stat.st_size)
    if key not in _parsed:
        page = _Page(file.relative_to(site).as_posix())
        page.feed(file.read_text(encoding="utf-8"))
        page.close()
        _parsed[key] = page
    return _parsed[key]


def refs_in_html(site: Path, file: Path) -> list[Ref]:
    return parse_page(site, file).refs


# Addresses in scripts: absolute ones only (relative ones resolve to the site itself).
_JS_URL = re.compile(r"""(?:https?://|(?<=["'`])//)(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\$\{)[^\s"'`)<>\\]*""", re.I)


def js_urls(text: str) -> list[str]:
    return [m.group(0) for m in _JS_URL.finditer(text) if not text[max(0, m.start() - 1) : m.start()].isalnum()]


# --------------------------------------------------------------------------------------------
# Internal links and anchors
# --------------------------------------------------------------------------------------------


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    checked: int = 0


def _target_file(site: Path, path: str) -> Path | None:
    """The file a URL path is served from (index.html for folders), or None."""
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_links(site: Path) -> LinkReport:
    """Every internal address in every HTML and CSS file must exist, and every #anchor on its page.

    Covers raw HTML and template links (it reads the built files, not the Markdown), every language
    and the 404 pages. Addresses on other hosts are collected in `external` (links to follow) and
    left to `third_party_loads` (resources).
    """
    report = LinkReport()
    refs: list[Ref] = []
    for file in html_files(site):
        refs.extend(refs_in_html(site, file))
    for file in sorted(site.rglob("*.css")):
        rel = file.relative_to(site).as_posix()
        refs.extend(Ref(rel, "css url()", url, True) for url in css_urls(file.read_text(encoding="utf-8")))
    for ref in refs:
        url = ref.url
        if not url or _NOT_AN_ADDRESS.match(url):
            continue
        if is_external(url):
            if not ref.loads:
                report.external[url].add(ref.file)
            continue
        report.checked += 1
        absolute = urljoin(site_url_of(ref.file), url)
        path, fragment = urldefrag(absolute)
        path = urlsplit(path).path
        target = _target_file(site, path)
        if target is None:
            report.broken.append(f"{ref.file}: {ref.kind} {url}: no such file")
            continue
        if fragment and target.suffix == ".html" and unquote(fragment) not in parse_page(site, target).ids:
            where = target.relative_to(site).as_posix()
            report.broken.append(f"{ref.file}: {ref.kind} {url}: no element with id '{fragment}' in {where}")
    return report


def language_of(file: str) -> str:
    first = file.split("/")[0]
    return first if first in LANGUAGES[1:] else LANGUAGES[0]


def links_leaving_their_language(site: Path) -> list[str]:
    """Links on a page of one language that lead to another language, other than the switcher."""
    problems = []
    for file in html_files(site):
        page = parse_page(site, file)
        for _tag, href, has_hreflang in page.links:
            if is_external(href) or _NOT_AN_ADDRESS.match(href) or has_hreflang:
                continue
            target = urlsplit(urljoin(site_url_of(page.rel), href)).path.lstrip("/")
            if language_of(target) != language_of(page.rel):
                problems.append(f"{page.rel}: {href} leads to the '{language_of(target)}' site")
    return problems


# The language of each search index: lunr, behind Material's search, has no Indonesian stemmer, so
# Material indexes the Indonesian pages with the English one (the words themselves are kept).
SEARCH_LANGUAGES = {"id": ["en"], "en": ["en"], "de": ["de"]}


def language_problems(site: Path) -> list[str]:
    """Every page in every language, with its own `<html lang>`, a switcher that leads to the
    same page in each language, and a search index in the language of its folder."""
    problems = []
    pages = {lang: pages_of(site, lang) for lang in LANGUAGES}
    for page in sorted(set().union(*pages.values())):
        missing = [lang for lang in LANGUAGES if page not in pages[lang]]
        if missing:
            problems.append(f"{page or '/'}: missing in {', '.join(missing)}")
    for lang in LANGUAGES:
        for page in sorted(pages[lang]):
            here = prefix(lang) + page
            parsed = parse_page(site, site / here / "index.html")
            if parsed.lang != lang:
                problems.append(f"{here or '/'}: <html lang> is {parsed.lang or 'missing'}, expected {lang}")
            for other, href in parsed.switcher:
                target = urlsplit(urljoin(site_url_of(here + "index.html"), href)).path.lstrip("/")
                if target != prefix(other) + page:
                    problems.append(f"{here or '/'}: the switcher to {other} leads to /{target}")
        index = json.loads((site / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
        if index["config"]["lang"] != SEARCH_LANGUAGES[lang]:
            where = f"{prefix(lang)}search/search_index.json"
            problems.append(f"{where}: language {index['config']['lang']}, expected {SEARCH_LANGUAGES[lang]}")
        outside = {doc["location"].split("#")[0] for doc in index["docs"]} - pages[lang]
        if outside:
            problems.append(f"{prefix(lang)}search/search_index.json: pages not in this language: {sorted(outside)}")
    return problems


# --------------------------------------------------------------------------------------------
# Privacy: nothing loaded from other hosts
# --------------------------------------------------------------------------------------------

# Absolute addresses that Material for MkDocs 9.8's scripts contain but do not load on this site,
# each with the reason and, where the reason depends on the site, the condition checked below.
MATERIAL_JS_ALLOWED = {
    "http://www.w3.org/": "XML namespace names, never fetched",
    "https://unpkg.com/mermaid@": "loaded only on pages with a Mermaid diagram: condition 'mermaid'",
    "https://unpkg.com/resize-observer-polyfill": "loaded only by browsers without ResizeObserver (none current)",
    "https://api.github.com/": "repository facts, fetched only with repo_url set: condition 'repo'",
    "https://${": "GitLab repository facts, fetched only with repo_url set: condition 'repo'",
    "https://bit.ly/2s3ChXG": "text of a console warning about an invalid search query",
    "https://github.com/isaacs/node-glob/issues/": "text of error messages in lunr/wordcut.js (Thai search only)",
}
# Licence and source comments in bundled libraries: text, never fetched.
_LINE_COMMENT = re.compile(r"^\s*\*|(?:^|\s)//\s")


def _in_comment(text: str, pos: int) -> bool:
    if text.rfind("/*", 0, pos) > text.rfind("*/", 0, pos):
        return True
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return bool(_LINE_COMMENT.search(line))


def third_party_loads(site: Path) -> list[str]:
    """Everything in the built site that makes a browser contact another host. Should be empty.

    HTML: src, srcset, poster, data, <link> of any loading rel (stylesheet, icon, preload,
    preconnect, dns-prefetch, modulepreload, manifest, ...), style attributes and <style> (url(),
    @import), meta refresh, inline scripts. CSS files: url() and @import. SVG files: href and
    xlink:href. Scripts: every absolute address, unless it is a comment or listed in
    MATERIAL_JS_ALLOWED and its condition holds.
    """
    found: list[str] = []
    conditions = {"mermaid": True, "repo": True}
    for file in html_files(site):
        page = parse_page(site, file)
        if "mermaid" in page.classes:
            conditions["mermaid"] = False
        if "source" in page.components:
            conditions["repo"] = False
        found += [f"{r.file}: {r.kind} {r.url}" for r in page.refs if r.loads and is_external(r.url)]
    for file in sorted(site.rglob("*.css")):
        rel = file.relative_to(site).as_posix()
        found += [f"{rel}: css {u}" for u in css_urls(file.read_text(encoding="utf-8")) if is_external(u)]
    for file in sorted(site.rglob("*.svg")):
        rel = file.relative_to(site).as_posix()
        text = re.sub(r"""\bxmlns(?::\w+)?\s*=\s*(['"]).*?\1""", "", file.read_text(encoding="utf-8"))
        for m in re.finditer(r"""(?:href|src)\s*=\s*(['"])(.*?)\1""", text):
            if is_external(m.group(2)):
                found.append(f"{rel}: svg {m.group(2)}")
        found += [f"{rel}: svg css {u}" for u in css_urls(text) if is_external(u)]
    for file in sorted(site.rglob("*.js")):
        rel = file.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8")
        for m in _JS_URL.finditer(text):
            url = m.group(0)
            if text[max(0, m.start() - 1) : m.start()].isalnum():
                continue
            if _in_comment(text, m.start()):
                continue
            allowed = next((why for start, why in MATERIAL_JS_ALLOWED.items() if url.startswith(start)), None)
            if allowed is None:
                found.append(f"{rel}: script {url}")
            elif "condition '" in allowed:
                condition = allowed.split("condition '")[1].rstrip("'")
                if not conditions[condition]:
                    found.append(f"{rel}: script {url} ({allowed}; and the condition does not hold)")
    return found


# --------------------------------------------------------------------------------------------
# linkinator (npm), the independent crawler
# --------------------------------------------------------------------------------------------


def linkinator_available() -> bool:
    return (NODE_BIN / "linkinator").is_file() and shutil.which("node") is not None


def error_pages(base: str) -> list[str]:
    return [base + prefix(lang) + "404.html" for lang in LANGUAGES]


def run_linkinator(base: str, external: bool = False) -> dict:
    """Crawl the site served at `base` with linkinator; return its JSON report (both runs' links).

    One crawl from the home page, which reaches every language through the switcher, then the
    three 404 pages, which nothing links to, without recursion. (Each start address limits the
    crawl to addresses below it, and linkinator checks every address once: a second start address
    such as /en/404.html would claim pages it may not crawl, so it gets its own run.)
    Without `external`, every address not on the local server is skipped (and listed as SKIPPED).
    Note: linkinator checks an #anchor on another page only when it meets the link before it
    fetches that page (linkinator 7.6, src/index.ts, fragmentsToCheck); `check_links` checks every
    anchor.
    """
    options = ["--check-fragments", "--check-css", "--format", "json", "--verbosity", "info"]
    options += ["--concurrency", "10", "--timeout", "30000", "--retry-errors", "--retry-errors-count", "3"]
    if not external:
        options += ["--skip", "^(?!" + re.escape(base) + ")"]
    links = []
    for starts, recurse in (([base], True), (error_pages(base), False)):
        command = [str(NODE_BIN / "linkinator"), *starts, *options, *(["--recurse"] if recurse else [])]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
        try:
            links += json.loads(result.stdout)["links"]
        except (json.JSONDecodeError, KeyError):
            raise RuntimeError(f"linkinator failed ({result.returncode}):\n{result.stdout}\n{result.stderr}") from None
    return {"links": links, "passed": not any(link["state"] == "BROKEN" for link in links)}


def linkinator_broken(report: dict) -> list[str]:
    return sorted(
        f"{link.get('parent', '?')}: {link['url']} ({link.get('status')})"
        for link in report["links"]
        if link["state"] == "BROKEN"
    )


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["links", "privacy", "external"])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    args = parser.parse_args()
    site: Path = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site} holds no built site; run: .venv/bin/mkdocs build", file=sys.stderr)
        return 2
    if args.command == "privacy":
        found = third_party_loads(site)
        print("\n".join(found) or "Nothing is loaded from other hosts.")
        return 1 if found else 0
    if args.command == "links":
        report = check_links(site)
        print(f"# Internal addresses checked: {report.checked}; broken: {len(report.broken)}")
        print("\n".join(report.broken))
        print(f"\n# External links ({len(report.external)}), not checked offline; pages that link to them:\n")
        for url in sorted(report.external):
            pages = sorted(report.external[url])
            print(f"- {url}\n    {', '.join(pages[:5])}{' ...' if len(pages) > 5 else ''}")
        return 1 if report.broken else 0
    if not linkinator_available():
        print("linkinator is not installed: run `npm ci` first", file=sys.stderr)
        return 2
    with serve(site) as base:
        report = run_linkinator(base, external=True)
    broken = linkinator_broken(report)
    checked = {link["url"] for link in report["links"] if not link["url"].startswith(base)}
    print(f"# External addresses checked: {len(checked)}; broken: {len(broken)}")
    print("\n".join(broken))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(_main())

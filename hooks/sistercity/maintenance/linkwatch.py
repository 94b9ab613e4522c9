"""The link-rot watch: check every source address and every external link of the built site.

Run weekly by .github/workflows/link-watch.yml:

    PYTHONPATH=hooks python -m sistercity.maintenance.linkwatch --site site --report link-report.md

Each address ends in one of four states:

- ok: answered 2xx, directly;
- redirected: answered 2xx after one or more redirects (the chain is reported: update the address);
- dead: 404 or 410 (after any redirects), a host name that does not exist, or a redirect loop;
- unreachable: timeouts, refused connections, 429 and 5xx that persist after the retries, and
  other refusals (401, 403, ...) that a person should look at in a browser.

Why a small httpx script and not linkinator (pinned for the site's internal links) or lychee:
the report must tell a moved page from a dead one with the whole redirect chain, retry only the
transient failures with growing waits (honouring Retry-After), keep to a few requests a second
per host, and group the result by source record. linkinator 7 reports a redirect's final target
but not its chain, retries 429 only with a Retry-After header and 5xx with fixed jittered waits,
and limits concurrency overall rather than per host; lychee is a binary outside both package
managers the project uses. Here each rule is a few lines, tested against a local server
(tests/test_linkwatch.py).
"""

from __future__ import annotations

import argparse
import asyncio
import html.parser
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from ..record.dataset import Dataset, load_dataset
from ..record.errors import DataError
from ..record.models import Actor, Event, Record, Source

Status = Literal["ok", "redirected", "dead", "unreachable"]

DEAD_CODES = frozenset({404, 410})
RETRY_CODES = frozenset({408, 425, 429})  # and every 5xx
USER_AGENT = "padang-hildesheim-linkwatch/1.0 (weekly check of the cited sources; {contact})"
ISSUE_BODY_LIMIT = 60_000  # GitHub refuses issue bodies over 65,536 characters


class _DnsFailure(Exception):
    """The host name does not exist."""


Resolver = Callable[[str, int], Awaitable[None]]


async def system_resolver(host: str, port: int) -> None:
    """Look the host up; raise _DnsFailure when the name does not exist (temporary failures pass
    through as OSError, which is retried)."""
    try:
        await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        gone = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        if exc.errno in gone:
            raise _DnsFailure(f"the host name {host} does not exist (DNS)") from exc
        raise


@dataclass
class Settings:
    """How politely and how patiently to check. The defaults are for the weekly run."""

    timeout: float = 20.0  # seconds for connecting and for each read
    retries: int = 3  # further tries after the first, for transient failures only
    backoff: float = 5.0  # seconds before the first retry, doubled for each further one
    max_wait: float = 120.0  # cap on one wait, also on a server's Retry-After
    per_host_interval: float = 0.5  # at most two requests a second to one host
    concurrency: int = 8  # hosts checked at the same time
    max_redirects: int = 10
    contact: str = "no contact given"
    resolver: Resolver = system_resolver

    @property
    def user_agent(self) -> str:
        return USER_AGENT.format(contact=self.contact)


@dataclass(frozen=True)
class Hop:
    """One redirect: the address that answered and its status."""

    url: str
    code: int


@dataclass
class Result:
    url: str
    status: Status
    detail: str  # for people: "404 Not Found", "timed out", ...
    code: int | None = None  # the last HTTP status, if any
    final_url: str | None = None  # where the redirects ended
    hops: list[Hop] = field(default_factory=list)
    tries: int = 1  # tries of the last address in the chain

    @property
    def permanent_move(self) -> bool:
        return any(h.code in (301, 308) for h in self.hops)


class _Transient(Exception):
    """A failure worth another try: timeout, refused connection, 429, 5xx."""

    def __init__(self, detail: str, code: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail, self.code, self.retry_after = detail, code, retry_after


def _reason(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else None


class Checker:
    """Checks addresses concurrently, one host at a time per gate, with retries and backoff."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._next_start: dict[str, float] = defaultdict(float)
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def _polite_start(self, host: str) -> None:
        # Requests to one host start at least per_host_interval apart, whatever the concurrency.
        async with self._host_locks[host]:
            wait = self._next_start[host] - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next_start[host] = time.monotonic() + self.settings.per_host_interval

    async def _request(self, client: httpx.AsyncClient, url: str) -> httpx.Response:
        """HEAD, or GET where the server refuses HEAD. Raises _Transient or _DnsFailure."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            await self.settings.resolver(host, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError as exc:
            raise _Transient(f"DNS lookup failed for {host} ({exc})") from exc
        response = None
        for method in ("HEAD", "GET"):
            await self._polite_start(host)
            try:
                # Streamed, and closed unread: a GET does not download the page.
                async with client.stream(method, url) as response:
                    pass
            except httpx.TimeoutException as exc:
                raise _Transient(f"no answer within {self.settings.timeout:g} s") from exc
            except httpx.ConnectError as exc:
                if isinstance(exc.__context__, _DnsFailure):  # pragma: no cover - resolver ran first
                    raise exc.__context__ from exc
                raise _Transient(f"connection failed ({exc or 'refused'})") from exc
            except httpx.HTTPError as exc:
                if method == "HEAD":
                    continue  # some servers drop the connection on HEAD
                raise _Transient(f"{type(exc).__name__}: {exc}") from exc
            code = response.status_code
            # Servers that refuse HEAD answer 403, 404, 405, 501 and others: ask again with GET.
            # Other 5xx are the server's trouble, retried later rather than doubled now.
            if method == "HEAD" and (400 <= code < 500 or code == 501) and code not in RETRY_CODES:
                continue
            break
        assert response is not None
        code = response.status_code
        if code in RETRY_CODES or code >= 500:
            raise _Transient(_reason(code), code, _retry_after(response))
        return response

    async def _with_retries(self, client: httpx.AsyncClient, url: str) -> tuple[httpx.Response | _Transient, int]:
        wait = self.settings.backoff
        for attempt in range(1, self.settings.retries + 2):
            try:
                return await self._request(client, url), attempt
            except _Transient as exc:
                if attempt > self.settings.retries:
                    return exc, attempt
                pause = exc.retry_after if exc.retry_after is not None else wait
                await asyncio.sleep(min(pause, self.settings.max_wait))
                wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    async def check(self, client: httpx.AsyncClient, url: str) -> Result:
        hops: list[Hop] = []
        current = url
        seen = {url}
        while True:
            try:
                outcome, tries = await self._with_retries(client, current)
            except _DnsFailure as exc:
                return Result(url, "dead", str(exc), None, current, hops)
            if isinstance(outcome, _Transient):
                detail = f"{outcome.detail}, after {tries} tries"
                return Result(url, "unreachable", detail, outcome.code, current, hops, tries)
            code = outcome.status_code
            location = outcome.headers.get("location")
            if outcome.is_redirect and location:
                hops.append(Hop(current, code))
                current = urljoin(current, location)
                if current in seen or len(hops) > self.settings.max_redirects:
                    return Result(url, "dead", "redirect loop or too many redirects", code, current, hops, tries)
                seen.add(current)
                continue
            if code in DEAD_CODES:
                return Result(url, "dead", _reason(code), code, current, hops, tries)
            if code >= 400:
                detail = f"{_reason(code)} (the server refuses the check; open it in a browser)"
                return Result(url, "unreachable", detail, code, current, hops, tries)
            status: Status = "redirected" if hops else "ok"
            return Result(url, status, _reason(code), code, current, hops, tries)

    async def check_all(self, urls: Iterable[str]) -> dict[str, Result]:
        gate = asyncio.Semaphore(self.settings.concurrency)
        timeout = httpx.Timeout(self.settings.timeout)
        headers = {"User-Agent": self.settings.user_agent}
        async with httpx.AsyncClient(timeout=timeout, headers=headers, follow_redirects=False) as client:

            async def one(url: str) -> Result:
                async with gate:
                    return await self.check(client, url)

            ordered = sorted(set(urls))
            results = await asyncio.gather(*(one(u) for u in ordered))
        return dict(zip(ordered, results, strict=True))


def check_urls(urls: Iterable[str], settings: Settings | None = None) -> dict[str, Result]:
    """Check every address; the result maps each to its Result."""
    return asyncio.run(Checker(settings or Settings()).check_all(urls))


class _Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith(("http://", "https://")):
            self.hrefs.append(href.split("#", 1)[0])


def site_links(site: Path, own: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """External links (<a href="http...">) in the built site, each with the pages that use it.
    Links starting with one of `own` (the site's and the repository's addresses) are left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        parser = _Anchors()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for href in parser.hrefs:
            if own and href.startswith(own):
                continue
            found[href].add(page.relative_to(site).as_posix())
    return dict(found)


def source_urls(dataset: Dataset) -> dict[str, list[tuple[Source, str]]]:
    """Each address in data/sources.yml (url and archived) with the sources and fields that hold it."""
    found: dict[str, list[tuple[Source, str]]] = defaultdict(list)
    for source in dataset.sources.values():
        if source.url:
            found[source.url].append((source, "url"))
        if source.archived:
            found[source.archived].append((source, "archived"))
    return dict(found)


# --- the report ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text from data or from a server, shown as typed in Markdown (and in GitHub's renderer)."""
    out = "".join("\\" + c if c in "\\`*_[]<>|~#" else c for c in text)
    return " ".join(out.split())


def _link(url: str) -> str:
    return f"<{url}>" if " " not in url and ">" not in url else _md(url)


def _title_of(record: Record) -> str:
    text = record.title if isinstance(record, Event) else record.name  # type: ignore[attr-defined]
    return next((text[lang] for lang in ("en", "id", "de") if lang in text), record.id)


def _citing(dataset: Dataset, source_id: str) -> list[str]:
    lines = []
    for record in dataset.citations.get(source_id, []):
        if isinstance(record, Event):
            lines.append(f"event `{record.id}` ({record.date}): {_md(_title_of(record))}")
        elif isinstance(record, Actor):
            lines.append(f"actor `{record.id}`: {_md(_title_of(record))}")
    return lines


def _outcome(result: Result) -> str:
    chain = "".join(f"{_link(h.url)} → {h.code} → " for h in result.hops)
    end = _link(result.final_url or result.url) if result.hops else ""
    return f"{chain}{end}{': ' if end else ''}**{_md(result.detail)}**"


@dataclass
class Report:
    markdown: str
    issue_body: str
    dead: int
    unreachable: int
    redirected: int


_HEADINGS: dict[str, str] = {
    "dead-unarchived": "Dead sources without an archived copy",
    "dead-archived": "Dead sources with an archived copy",
    "unreachable": "Unreachable sources, after retries",
    "redirected": "Moved sources: update the address",
    "archived-broken": "Archived copies that do not answer",
}

_ADVICE: dict[str, str] = {
    "dead-unarchived": "Most urgent: the evidence is gone and no copy is recorded. Look for the page in a public "
    "web archive (the search link below) and add its address as `archived` in data/sources.yml; "
    "if there is none, look for the same text at another address.",
    "dead-archived": "Readers still reach the archived copy, which the site shows next to the original.",
    "unreachable": "Timeouts, refused connections, 429 or 5xx after every retry, or a refusal such as 403. "
    "Often temporary: look again next week or open the address in a browser.",
    "redirected": "The address answers from somewhere else. A permanent move (301, 308) means: "
    "check the new page still holds the cited text, then update `url` and `accessed`.",
    "archived-broken": "The source's `archived` address fails; replace it with a working copy.",
}


def build_report(
    results: dict[str, Result],
    dataset: Dataset,
    links: dict[str, set[str]],
    settings: Settings,
    when: datetime | None = None,
) -> Report:
    """The Markdown report: sources grouped by id with the records that cite them (dead ones
    without an archived copy first), then the site's other external links."""
    when = when or datetime.now(UTC)
    by_url = source_urls(dataset)
    groups: dict[str, list[str]] = {key: [] for key in _HEADINGS}
    for source in sorted(dataset.sources.values(), key=lambda s: s.id):
        if not source.url:
            continue
        result = results[source.url]
        archived = results.get(source.archived) if source.archived else None
        if result.status == "dead":
            key = "dead-archived" if archived is not None and archived.status != "dead" else "dead-unarchived"
        elif result.status in ("unreachable", "redirected"):
            key = result.status
        elif archived is not None and archived.status in ("dead", "unreachable"):
            key = "archived-broken"
        else:
            continue
        entry = [f"### `{source.id}`: {_md(source.title)}", ""]
        entry.append(f"- address: {_link(source.url)}")
        entry.append(f"- result: {_outcome(result)}")
        if source.archived:
            entry.append(f"- archived copy: {_link(source.archived)}: {_outcome(results[source.archived])}")
        elif result.status == "dead":
            entry.append(f"- archived copy: none; search <https://web.archive.org/web/*/{source.url}>")
        citing = _citing(dataset, source.id)
        entry.append(f"- cited by {len(citing)} record{'s' if len(citing) != 1 else ''}:")
        entry.extend(f"  - {line}" for line in citing)
        groups[key].append("\n".join(entry))

    others: dict[str, list[str]] = {"dead": [], "unreachable": [], "redirected": []}
    for url in sorted(links):
        if url in by_url or url not in results or results[url].status == "ok":
            continue
        pages = sorted(links[url])
        shown = ", ".join(f"`{p}`" for p in pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
        others[results[url].status].append(f"- {_link(url)}: {_outcome(results[url])}; on {shown}")

    counts = defaultdict(int)
    for result in results.values():
        counts[result.status] += 1
    n_sources = sum(1 for s in dataset.sources.values() if s.url)
    n_site = sum(1 for u in links if u not in by_url)
    dead_sources = len(groups["dead-unarchived"]) + len(groups["dead-archived"])
    head = [
        f"# Link check of {when:%Y-%m-%d}",
        "",
        f"{len(results)} addresses checked: {n_sources} source addresses from data/sources.yml "
        f"(and their archived copies), {n_site} further external links in the built site.",
        "",
        "| result | addresses |",
        "|---|---|",
        *(f"| {status} | {counts[status]} |" for status in ("dead", "unreachable", "redirected", "ok")),
        "",
        f"Dead sources: {dead_sources}, of which {len(groups['dead-unarchived'])} without an archived copy. "
        f"Each address was tried up to {settings.retries + 1} times on timeouts, refused connections, 429 and 5xx, "
        f"with waits from {settings.backoff:g} s doubling; HEAD first, GET where a server refuses HEAD.",
    ]
    body: list[str] = []
    for key, heading in _HEADINGS.items():
        if groups[key]:
            body += ["", f"## {heading} ({len(groups[key])})", "", _ADVICE[key], "", "\n\n".join(groups[key])]
    other_headings = {
        "dead": "Other dead links in the site",
        "unreachable": "Other unreachable links in the site",
        "redirected": "Other redirected links in the site",
    }
    for status, heading in other_headings.items():
        if others[status]:
            body += ["", f"## {heading} ({len(others[status])})", "", "\n".join(others[status])]
    if not body:
        body = ["", "Every address answered."]
    markdown = "\n".join(head + body) + "\n"
    issue = markdown
    if len(issue) > ISSUE_BODY_LIMIT:
        cut = issue.rfind("\n", 0, ISSUE_BODY_LIMIT - 200)
        issue = issue[:cut] + "\n\n… (cut here: the full report is the run's job summary and artifact)\n"
    dead_total = counts["dead"]
    return Report(markdown, issue, dead_total, counts["unreachable"], counts["redirected"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sistercity.maintenance.linkwatch", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder of the data files")
    parser.add_argument("--site", type=Path, help="built site whose external links to check as well")
    parser.add_argument(
        "--own-address",
        action="append",
        default=[],
        help="the site's or the repository's address: links starting with it are not checked (repeatable)",
    )
    parser.add_argument("--report", type=Path, required=True, help="where to write the Markdown report")
    parser.add_argument("--issue-body", type=Path, help="where to write the report cut to an issue's size")
    parser.add_argument("--contact", default="no contact given", help="address for the User-Agent")
    parser.add_argument("--timeout", type=float, default=Settings.timeout)
    parser.add_argument("--retries", type=int, default=Settings.retries)
    parser.add_argument("--backoff", type=float, default=Settings.backoff)
    parser.add_argument("--per-host-interval", type=float, default=Settings.per_host_interval)
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.data, args.data.as_posix())
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 2
    settings = Settings(
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        per_host_interval=args.per_host_interval,
        contact=args.contact,
    )
    links = site_links(args.site, tuple(args.own_address)) if args.site else {}
    results = check_urls([*source_urls(dataset), *links], settings)
    report = build_report(results, dataset, links, settings)
    args.report.write_text(report.markdown, encoding="utf-8")
    if args.issue_body:
        args.issue_body.write_text(report.issue_body, encoding="utf-8")
    print(
        f"{len(results)} checked: {report.dead} dead, {report.unreachable} unreachable, {report.redirected} redirected"
    )
    return 1 if report.dead else 0


if __name__ == "__main__":
    sys.exit(main())

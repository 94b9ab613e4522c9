"""The link-rot watch (hooks/sistercity/maintenance/linkwatch.py), checked against a local server only.

A server on 127.0.0.1 (an ephemeral port) plays every case the weekly run meets: 200, 301 to 200,
a chain of 302s, 404, 410, 429 then 200, a server that refuses HEAD, persistent 503, a slow answer,
and a closed port. A host name that does not exist comes from a stand-in resolver, so no test
sends a DNS query or touches the network.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sistercity.maintenance import linkwatch
from sistercity.record.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "data"

# Small waits: the whole module runs in a few seconds.
FAST = {"timeout": 0.4, "retries": 2, "backoff": 0.05, "max_wait": 0.2, "per_host_interval": 0.05}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: dict[str, int] = defaultdict(int)
        self.log: list[tuple[float, str, str, str]] = []  # (time, method, path, user agent)
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, code: int, location: str | None = None, body: bytes = b"ok", **headers: str) -> None:
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def _route(self) -> None:
        with self.server.lock:
            self.server.hits[self.path] += 1
            hits = self.server.hits[self.path]
            self.server.log.append((time.monotonic(), self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self._answer(200)
        elif path == "/moved":
            self._answer(301, "/ok")
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            self._answer(302, f"/chain/{step + 1}" if step < 3 else "/ok")
        elif path == "/moved-to-gone":
            self._answer(301, "/gone")
        elif path == "/gone":
            self._answer(404)
        elif path == "/removed":
            self._answer(410)
        elif path == "/busy":
            self._answer(429, Retry_After="0") if hits == 1 else self._answer(200)
        elif path == "/always-busy":
            self._answer(503)
        elif path == "/no-head":
            self._answer(405 if self.command == "HEAD" else 200)
        elif path == "/forbidden":
            self._answer(403)
        elif path == "/loop":
            self._answer(302, "/loop")
        elif path == "/slow":
            time.sleep(1.0)
            self._answer(200)
        else:
            self._answer(404)

    do_HEAD = do_GET = _route


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[_Server, str]]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _resolver(host: str, port: int) -> None:
    # Stands in for DNS: only the local address exists.
    if host != "127.0.0.1":
        raise linkwatch._DnsFailure(f"the host name {host} does not exist (DNS)")


def _settings(**overrides: object) -> linkwatch.Settings:
    values = {**FAST, "resolver": _resolver, "contact": "https://example.org/repo", **overrides}
    return linkwatch.Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def results(server) -> dict[str, linkwatch.Result]:
    _, base = server
    paths = ["/ok", "/moved", "/chain/1", "/moved-to-gone", "/gone", "/removed", "/busy", "/always-busy"]
    paths += ["/no-head", "/forbidden", "/loop", "/slow"]
    urls = [base + p for p in paths]
    urls += [f"http://127.0.0.1:{_closed_port()}/closed", "http://no-such-host.invalid/page"]
    return linkwatch.check_urls(urls, _settings())


def _result(results, server, path):
    return results[server[1] + path]


def test_200_is_ok(results, server):
    r = _result(results, server, "/ok")
    assert (r.status, r.code, r.hops, r.tries) == ("ok", 200, [], 1)


def test_301_is_reported_as_a_permanent_move_with_its_target(results, server):
    r = _result(results, server, "/moved")
    assert r.status == "redirected" and r.permanent_move
    assert r.final_url == server[1] + "/ok" and [h.code for h in r.hops] == [301]


def test_302_chain_is_followed_and_reported_hop_by_hop(results, server):
    r = _result(results, server, "/chain/1")
    assert r.status == "redirected" and not r.permanent_move
    assert [h.url.removeprefix(server[1]) for h in r.hops] == ["/chain/1", "/chain/2", "/chain/3"]
    assert r.final_url == server[1] + "/ok"


def test_404_and_410_are_dead_also_after_a_redirect(results, server):
    assert _result(results, server, "/gone").status == "dead"
    assert _result(results, server, "/removed").detail == "410 Gone"
    moved = _result(results, server, "/moved-to-gone")
    assert moved.status == "dead" and moved.code == 404 and [h.code for h in moved.hops] == [301]


def test_429_is_retried_and_then_ok(results, server):
    r = _result(results, server, "/busy")
    assert (r.status, r.code, r.tries) == ("ok", 200, 2)


def test_persistent_503_is_unreachable_only_after_every_retry(results, server):
    r = _result(results, server, "/always-busy")
    assert r.status == "unreachable" and r.tries == FAST["retries"] + 1
    assert "503 Service Unavailable, after 3 tries" in r.detail
    assert server[0].hits["/always-busy"] == 3


def test_head_refused_falls_back_to_get(results, server):
    r = _result(results, server, "/no-head")
    assert r.status == "ok"
    methods = [m for _, m, p, _ in server[0].log if p == "/no-head"]
    assert methods == ["HEAD", "GET"]


def test_403_is_unreachable_not_dead_and_not_retried(results, server):
    r = _result(results, server, "/forbidden")
    assert r.status == "unreachable" and r.tries == 1 and "browser" in r.detail


def test_redirect_loop_is_dead(results, server):
    assert _result(results, server, "/loop").status == "dead"


def test_slow_answer_times_out_and_is_unreachable_after_retries(results, server):
    r = _result(results, server, "/slow")
    assert r.status == "unreachable" and "no answer within 0.4 s, after 3 tries" in r.detail


def test_closed_port_is_unreachable_and_unknown_host_is_dead(results):
    closed = next(r for url, r in results.items() if url.endswith("/closed"))
    assert closed.status == "unreachable" and "connection failed" in closed.detail and closed.tries == 3
    dns = results["http://no-such-host.invalid/page"]
    assert dns.status == "dead" and "does not exist (DNS)" in dns.detail


def test_requests_carry_an_honest_user_agent_and_keep_to_the_host_rate(server):
    httpd, base = server
    start = len(httpd.log)
    linkwatch.check_urls([f"{base}/ok?{i}" for i in range(6)], _settings(per_host_interval=0.2, concurrency=6))
    batch = httpd.log[start:]
    assert {ua for *_, ua in batch} == {linkwatch.USER_AGENT.format(contact="https://example.org/repo")}
    times = sorted(t for t, *_ in batch)
    # Six requests allowed at once, yet they start 0.2 s apart: about 1 s from first to last. (The
    # server's clock sees single gaps jitter on a busy machine, so the span is what is asserted.)
    assert len(times) == 6 and times[-1] - times[0] >= 0.8, times


# --- the report, on a data set whose sources point at the local server -----------------------------


def _project(tmp: Path, base: str) -> Path:
    data = tmp / "data"
    shutil.copytree(FIXTURES, data)
    (data / "sources.yml").write_text(
        f"""- id: city-page
  title: "Partnerstadt Beispiel"
  kind: web
  side: hildesheim
  url: {base}/ok
- id: news-2012
  title: "Berita kerja sama <b>kota</b>"
  kind: news
  side: padang
  url: {base}/gone
  archived: {base}/ok?archived
- id: vanished
  title: Vanished page
  kind: news
  side: padang
  url: {base}/removed
- id: relocated
  title: Relocated page
  kind: web
  side: third-party
  url: {base}/moved
- id: flaky
  title: Flaky server
  kind: web
  side: third-party
  url: {base}/always-busy
- id: city-minutes
  title: Minutes without an address
  title_by_editors: true
  kind: document
  side: padang
""",
        encoding="utf-8",
    )
    events = (data / "events.yml").read_text(encoding="utf-8")
    events = events.replace(
        "sources: [news-2012, city-minutes]\n  certainty: uncertain",
        "sources: [vanished, relocated, flaky, city-minutes]\n  certainty: uncertain",
    )
    assert "sources: [vanished, relocated, flaky, city-minutes]" in events  # the fixture changed: update this
    (data / "events.yml").write_text(events, encoding="utf-8")
    site = tmp / "site" / "en"
    site.mkdir(parents=True)
    (site / "index.html").write_text(
        f'<a href="{base}/ok">source</a> <a href="{base}/chain/1#x">chain</a> <a href="{base}/gone?other">x</a>'
        '<a href="/timeline/">inside</a>',
        encoding="utf-8",
    )
    return tmp


@pytest.fixture(scope="module")
def report(server, tmp_path_factory) -> tuple[str, linkwatch.Report]:
    base = server[1]
    tmp = _project(tmp_path_factory.mktemp("linkwatch"), base)
    dataset = load_dataset(tmp / "data")
    links = linkwatch.site_links(tmp / "site")
    results = linkwatch.check_urls([*linkwatch.source_urls(dataset), *links], _settings())
    return base, linkwatch.build_report(results, dataset, links, _settings())


def test_site_links_are_the_external_anchors_with_their_pages(server, tmp_path):
    base = server[1]
    links = linkwatch.site_links(_project(tmp_path, base) / "site")
    assert links == {
        f"{base}/ok": {"en/index.html"},
        f"{base}/chain/1": {"en/index.html"},
        f"{base}/gone?other": {"en/index.html"},
    }
    own = linkwatch.site_links(tmp_path / "site", (f"{base}/chain/", f"{base}/gone"))
    assert set(own) == {f"{base}/ok"}  # the site's and the repository's own addresses are left out


def test_report_lists_dead_sources_without_archive_first_grouped_with_their_records(report):
    base, rep = report
    md = rep.markdown
    order = [
        md.index(h)
        for h in (
            "## Dead sources without an archived copy (1)",
            "## Dead sources with an archived copy (1)",
            "## Unreachable sources",
            "## Moved sources: update",
        )
    ]
    assert order == sorted(order), md
    unarchived = md.split("## Dead sources without an archived copy")[1].split("\n## ")[0]
    assert "### `vanished`: Vanished page" in unarchived and "**410 Gone**" in unarchived
    assert "event `2022-trip` (2022-11-21): Study trip" in unarchived
    assert f"search <https://web.archive.org/web/*/{base}/removed>" in unarchived
    archived = md.split("## Dead sources with an archived copy")[1].split("\n## ")[0]
    assert "### `news-2012`: Berita kerja sama \\<b\\>kota\\</b\\>" in archived  # data shown as text
    assert f"archived copy: <{base}/ok?archived>: **200 OK**" in archived
    assert "actor `mayor-a`" in archived and "event `2012-evening`" in archived
    moved = md.split("## Moved sources: update")[1].split("\n## ")[0]
    assert f"<{base}/moved> → 301 → <{base}/ok>: **200 OK**" in moved
    assert "503 Service Unavailable, after 3 tries" in md.split("## Unreachable sources")[1]
    assert "city-page" not in md  # fine sources are only counted
    assert (rep.dead, rep.redirected) == (3, 2)  # two sources and one other link; two redirects


def test_report_lists_the_sites_other_links_with_their_pages(report):
    base, rep = report
    other_dead = rep.markdown.split("## Other dead links in the site (1)")[1]
    assert f"<{base}/gone?other>" in other_dead and "`en/index.html`" in other_dead
    assert f"<{base}/chain/1> → 302 →" in rep.markdown.split("## Other redirected links in the site (1)")[1]


def test_command_writes_the_report_and_fails_on_dead_links(server, tmp_path):
    base = server[1]
    project = _project(tmp_path, base)
    out = project / "report.md"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [
        sys.executable,
        "-m",
        "sistercity.maintenance.linkwatch",
        "--data",
        str(project / "data"),
        "--site",
        str(project / "site"),
    ]
    command += ["--report", str(out), "--issue-body", str(project / "issue.md"), "--timeout", "0.4", "--retries", "1"]
    command += ["--backoff", "0.05", "--per-host-interval", "0.02"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "3 dead" in done.stdout
    assert out.read_text(encoding="utf-8").startswith("# Link check of ")
    assert (project / "issue.md").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_command_passes_when_nothing_is_dead(server, tmp_path):
    project = _project(tmp_path, server[1])
    sources = project / "data" / "sources.yml"
    fine = sources.read_text(encoding="utf-8").replace("/gone", "/ok").replace("/removed", "/ok")
    sources.write_text(fine, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [sys.executable, "-m", "sistercity.maintenance.linkwatch", "--data", str(project / "data")]
    command += ["--report", str(project / "r.md"), "--timeout", "0.4", "--retries", "0", "--per-host-interval", "0.02"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## Dead" not in (project / "r.md").read_text(encoding="utf-8")

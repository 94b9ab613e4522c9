"""How long an editor waits with `mkdocs serve`: from saving data/events.yml to the page in the
browser showing the change.

    .venv/bin/python benchmarks/serve_reload.py --rounds 5

Starts `mkdocs serve` (the README's command) on a free port for a temporary copy of the project
(the real data/ is never touched), opens an event page in Indonesian (the site root) and the same
event in English (/en/) in headless Chromium (Debian's, with the test suite's settings), waits until
both pages hold their livereload connection, then saves data/events.yml with the event's
Indonesian and English titles changed to new words and measures, for each page, the time until
the page shown in the browser contains its word. Several rounds; each starts once the server is
idle again.

`measure_serve_reload` is what benchmarks/run.py calls.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVENT = "1988-founding"  # the first event of the real record; its page exists in every language
PAGES = {"id": f"events/{EVENT}/", "en": f"en/events/{EVENT}/"}  # page language -> address
TIMEOUT = 120.0  # seconds to wait for any one step before giving up


def measure_serve_reload(root: Path = ROOT, *, rounds: int = 3) -> dict[str, list[float]]:
    """Seconds from saving data/events.yml to the reloaded page showing the change, per round.

    `root` is the project to copy (mkdocs.yml, hooks/, docs/, data/, ...). Returns one list of
    `rounds` figures under each key: "id", the Indonesian event page (site root), and "en", the
    English one (/en/), both changed by the same save; "cpu", the processor seconds the server
    and its child processes spent on that rebuild (all languages), which other load on the
    machine barely changes: on 2 idle cores the rebuild takes at least half of it. Raises
    RuntimeError, with the server's output, if the server stops or a page never shows its change.
    """
    _import_test_helpers()
    import sitecheck
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {lang: [] for lang in [*PAGES, "cpu"]}
    with tempfile.TemporaryDirectory(prefix="serve-reload-") as scratch:
        project = _copy(root, Path(scratch) / "project")
        events = project / "data" / "events.yml"
        original = events.read_text(encoding="utf-8")
        with _serving(project, Path(scratch) / "serve.log") as (base, log, cpu), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
            pages = {lang: browser.new_page() for lang in PAGES}
            for _ in range(rounds):
                for lang, page in pages.items():  # a fresh load, so the page's livereload poll is running
                    with page.expect_request(lambda request: "/livereload/" in request.url, timeout=TIMEOUT * 1000):
                        page.goto(base + PAGES[lang], wait_until="load", timeout=TIMEOUT * 1000)
                tokens = {lang: f"Reload{uuid.uuid4().hex[:12]}" for lang in PAGES}
                edited = _retitle(original, tokens)
                reloads_before, cpu_before = log().count("Reloading browsers"), cpu()
                start = time.perf_counter()
                events.write_text(edited, encoding="utf-8")
                waiting = dict(pages)
                while waiting:
                    if time.perf_counter() - start > TIMEOUT:
                        raise RuntimeError(f"no page showed the change after {TIMEOUT:.0f} s:\n{log()}")
                    for lang, page in list(waiting.items()):
                        try:
                            shown = page.evaluate("t => document.body.innerText.includes(t)", tokens[lang])
                        except PlaywrightError:  # the page is being replaced by the reloaded one
                            continue
                        if shown:
                            times[lang].append(time.perf_counter() - start)
                            del waiting[lang]
                    time.sleep(0.01)
                _wait_until_idle(log, reloads_before)
                times["cpu"].append(cpu() - cpu_before)
                original = edited
            browser.close()
    return times


def _import_test_helpers() -> None:
    # The suite's helpers (tests/sitecheck.py: Chromium and its flags) import the core (hooks/).
    for folder in (ROOT / "hooks", ROOT / "tests"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def _copy(root: Path, dest: Path) -> Path:
    from sitebuild import PROJECT_PARTS

    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def _retitle(events_yml: str, tokens: dict[str, str]) -> str:
    """The file with EVENT's title in each language of `tokens` replaced by its token, edited as
    text, so that everything else stays as it was."""
    start = events_yml.index(f"- id: {EVENT}\n")
    block_end = events_yml.find("\n- id: ", start + 1)
    block = events_yml[start : block_end if block_end != -1 else len(events_yml)]
    title = re.search(r"\n  title:\n((?:    \w\w: .*\n)+)", block)
    if title is None:
        raise RuntimeError(f"data/events.yml: no title block in the record {EVENT}")
    lines = title.group(1)
    for lang, token in tokens.items():
        lines, count = re.subn(rf"(?m)^    {lang}: .*$", f"    {lang}: {token}", lines)
        if count != 1:
            raise RuntimeError(f"data/events.yml: {EVENT} has no title in '{lang}'")
    edited = block[: title.start(1)] + lines + block[title.end(1) :]
    return events_yml[:start] + edited + events_yml[start + len(block) :]


@contextmanager
def _serving(project: Path, log_file: Path) -> Iterator[tuple[str, Any, Any]]:
    """`mkdocs serve` of `project` as the tests start it (tests/test_serve.py), once it serves:
    its base URL, a function returning its output so far and one returning the processor
    seconds it and its finished child processes have used."""
    from test_serve import serving

    with serving(project, log_file) as server:

        def log() -> str:
            if server.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve stopped:\n{server.log()}")
            return server.log()

        deadline = time.monotonic() + TIMEOUT
        while "Serving on" not in log():
            if time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve did not start in {TIMEOUT:.0f} s:\n{log()}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{server.port}/", log, lambda: _cpu_seconds(server.process.pid)


def _cpu_seconds(pid: int) -> float:
    # /proc/<pid>/stat: utime, stime, cutime, cstime (fields 14-17, in clock ticks); cutime and
    # cstime count the child processes the server has waited for.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _wait_until_idle(log: Any, reloads_before: int) -> None:
    """Until the rebuild has finished (every language) and the server has said nothing for a second."""
    deadline = time.monotonic() + TIMEOUT
    last, quiet_since = log(), time.monotonic()
    while log().count("Reloading browsers") <= reloads_before or time.monotonic() - quiet_since < 1.0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the rebuild did not finish in {TIMEOUT:.0f} s:\n{log()}")
        time.sleep(0.1)
        now = log()
        if now != last:
            last, quiet_since = now, time.monotonic()


def summary(times: dict[str, list[float]]) -> str:
    """A Markdown table: one row per page, median and range."""
    rows = ["| measure | rounds | median | range |", "|---|---:|---:|---:|"]
    for key, values in times.items():
        what = f"reload of {PAGES[key]} ({key})" if key in PAGES else "processor time of the rebuild"
        rows.append(
            f"| {what} | {len(values)} | {statistics.median(values):.2f} s | {min(values):.2f}–{max(values):.2f} s |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project to copy (default: this repository)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    times = measure_serve_reload(args.root, rounds=args.rounds)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(summary(times))
    print(f"\nload average before: {' '.join(load_before)}; after: {' '.join(load_after)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

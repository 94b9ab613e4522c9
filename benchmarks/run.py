"""The benchmark of issue 12: this site against a stock Material for MkDocs page, the build, the
growth with the record and the editors' tools, in one run.

    .venv/bin/pip install -e '.[test,bench]' && npm ci      # once (and Debian's /usr/bin/chromium)
    .venv/bin/python benchmarks/run.py                       # everything (15–20 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick               # a development run (about 5 minutes)

Prints Markdown, one section per part (benchmarks/README.md explains them and keeps the last results):

1. The machine: CPUs, load average, Python, MkDocs, Material, Lighthouse, Chromium, the commit.
2. Builds: the real site and synthetic data with 250 and 1,000 events (made by this script from the
   real records, all three languages), each a `mkdocs build --strict` in a child process under
   py-spy: build time, pages, time per page against the real site's, peak memory, output, the
   share of time spent in the project's own code (hooks/), per-record pages in the navigation;
   the own code's CPU time by benchmarks/own_cpu.py, when present.
3. First visits: bytes (headers and compressed bodies) a fresh browser loads until the network is
   idle, on the home page, an event page and the timeline, for each size, with the growth against
   the real record; every request, and every request to another host; the stock page's.
4. Lighthouse 12.2.3 (default mobile settings) on five page types, each run next to a run of the
   stock page (`mkdocs new` + `theme: material`, the same MkDocs and Material), both served with
   gzip from 127.0.0.1; medians and the ratios site/stock. The same for the timeline at the
   largest synthetic size.
5. The data check (`python -m sistercity.maintenance.check`): wall and CPU time.
6. `mkdocs serve`: seconds from saving data/events.yml to the page showing the change
   (benchmarks/serve_reload.py, when present).
7. Goals: each goal of issue 12, its figure, met or not.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
# The test helpers (tests/sitecheck.py, tests/sitebuild.py) and the data core (hooks/) are imported
# by main() only: a child build must load the hooks of the copy it builds, not the repository's.
sitecheck: Any = None

EPOCH = "1767225600"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PY_SPY = Path(sys.executable).parent / "py-spy"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The stock page asks fonts.googleapis.com for Roboto (this site loads nothing from another host).
# Lighthouse blocks these hosts for both sides alike, so that neither waits for a network the
# machine may not have; the first-visit measurement blocks every other host and lists it.
BLOCKED_URL_PATTERNS = ("*fonts.googleapis.com*", "*fonts.gstatic.com*")
PHONE = {"width": 412, "height": 823}  # Lighthouse's emulated Moto G Power

# The goals of issue 12.
OWN_SHARE_MAX = 0.05  # of a full three-language build of the real site
PER_PAGE_MAX = 1.2  # time per page at N events against the real site's
PEAK_MB_MAX = 1024
GROWTH_MAX = 0.10  # first-visit bytes of the home and an event page, from the real record to N events
CHECK_MAX_S = 1.0
RELOAD_MAX_S = 3.0

PAGE_TYPES = ("home", "timeline", "event", "actor", "analysis")
VISITED = ("home", "event", "timeline")  # first-visit bytes at every size


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]  # synthetic event counts
    rounds: int  # Lighthouse rounds (each page type of this site and the stock page once a round)
    check_runs: int  # runs of the data check
    serve_rounds: int  # edits measured in mkdocs serve
    pages: tuple[str, ...]  # page types for Lighthouse
    builds: bool = True
    lighthouse: bool = True
    serve: bool = True
    json_out: Path | None = None


FULL = {"sizes": (250, 1000), "rounds": 3, "check_runs": 7, "serve_rounds": 3}
QUICK = {"sizes": (250,), "rounds": 1, "check_runs": 3, "serve_rounds": 1}


def parse_sizes(text: str) -> tuple[int, ...]:
    """'250,1000' -> (250, 1000); '' -> () (no synthetic data)."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected event counts separated by commas, got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"event counts must be at least 1, got {text!r}")
    return sizes


def parse_pages(text: str) -> tuple[str, ...]:
    pages = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [page for page in pages if page not in PAGE_TYPES]
    if unknown or not pages:
        raise argparse.ArgumentTypeError(f"unknown page types {unknown}; expected some of: {', '.join(PAGE_TYPES)}")
    return pages


def settings(argv: Sequence[str] | None = None) -> Settings:
    """The run's settings from the command line: --quick's values, or the full run's, unless given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, help="synthetic event counts (default 250,1000; '' for none)")
    parser.add_argument("--rounds", type=int, help="interleaved Lighthouse rounds (default 3)")
    parser.add_argument("--check-runs", type=int, help="runs of the data check (default 7)")
    parser.add_argument("--serve-rounds", type=int, help="edits measured in mkdocs serve (default 3)")
    parser.add_argument("--pages", type=parse_pages, default=PAGE_TYPES, help="Lighthouse page types (default all)")
    parser.add_argument("--skip-builds", action="store_true", help="no measured builds (the sites are still built)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1 round, 250 events only, 3 checks, 1 edit")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    rounds = args.rounds if args.rounds is not None else base["rounds"]
    if rounds < 1 or (args.check_runs is not None and args.check_runs < 1):
        parser.error("--rounds and --check-runs must be at least 1")
    return Settings(
        sizes=args.sizes if args.sizes is not None else base["sizes"],
        rounds=rounds,
        check_runs=args.check_runs if args.check_runs is not None else base["check_runs"],
        serve_rounds=args.serve_rounds if args.serve_rounds is not None else base["serve_rounds"],
        pages=args.pages,
        builds=not args.skip_builds,
        lighthouse=not args.skip_lighthouse,
        serve=not args.skip_serve,
        json_out=args.json,
    )


# --------------------------------------------------------------------------------------------
# Figures and their formatting (pure functions)
# --------------------------------------------------------------------------------------------


def ratio(value: float, base: float) -> float | None:
    """value / base, or None when the base is 0 (a CLS of 0, say)."""
    return value / base if base else None


def growth(value: float, base: float) -> float | None:
    """The change from base to value as a fraction: 110 against 100 is 0.10."""
    return value / base - 1 if base else None


def fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def fmt_growth(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f} %"


def fmt_kib(size: float) -> str:
    return f"{size / 1024:.0f} KiB" if size >= 10 * 1024 else f"{size / 1024:.1f} KiB"


def fmt_ms(ms: float) -> str:
    """Milliseconds as Lighthouse shows them: seconds from one second on."""
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def fmt_seconds(values: Sequence[float]) -> str:
    """'0.41 s (0.39–0.52 s)': the median and the range."""
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f} s)"


def fmt_pct(fraction: float) -> str:
    return f"{fraction * 100:.0f} %"


def fmt_met(met: bool | None) -> str:
    return "not measured" if met is None else "yes" if met else "**no**"


def interleaved_order(pages: Sequence[str], rounds: int) -> list[tuple[int, str, str]]:
    """(round, page, side) in the order Lighthouse runs them. Every run of a page of this site
    ('site') has a run of the stock page ('stock') right next to it; the stock page goes first in
    even rounds and second in odd ones, so that neither side is always the one after the other."""
    order = []
    for n in range(rounds):
        for page in pages:
            pair = [(n, page, "stock"), (n, page, "site")]
            order += pair if n % 2 == 0 else pair[::-1]
    return order


def page_paths(actors_by_event: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A page of each type, by its address below the site root: the first event (by date) and the
    actor with the most events (the heaviest actor page; the first id on a tie)."""
    event = next(iter(actors_by_event))
    counts = Counter(actor for actors in actors_by_event.values() for actor in actors)
    actor = min(counts, key=lambda a: (-counts[a], a))
    return {
        "home": "",
        "timeline": "timeline/",
        "event": f"events/{event}/",
        "actor": f"actors/{actor}/",
        "analysis": "analysis/",
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


@dataclass
class Goal:
    goal: str
    figure: str
    met: bool | None  # None: not measured in this run
    threshold: bool = True  # False: a figure to read, with no threshold to meet

    def verdict(self) -> str:
        return fmt_met(self.met) if self.threshold else "– (no threshold)"


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}, load {load_average().split()[0]}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Synthetic data: the real records, copied in groups with new ids, until there are N events
# --------------------------------------------------------------------------------------------


def _remap(value: Any, parts: list[str], mapping: dict[str, str]) -> Any:
    """Replace the ids found along a path like ['disagreements[]', 'claims[]', 'source']."""
    if not parts:
        if isinstance(value, str):
            return mapping.get(value, value)
        if isinstance(value, list):
            return [mapping.get(v, v) if isinstance(v, str) else v for v in value]
        return value
    if isinstance(value, str) and parts == ["source"]:
        return mapping.get(value, value)  # a citation's short form: the id alone
    if not isinstance(value, dict):
        return value
    part, rest = parts[0], parts[1:]
    key = part.removesuffix("[]")
    if key not in value:
        return value
    if part.endswith("[]") and isinstance(value[key], list):
        value[key] = [_remap(item, rest, mapping) for item in value[key]]
    else:
        value[key] = _remap(value[key], rest, mapping)
    return value


def _suffix_text(value: Any, suffix: str) -> Any:
    if isinstance(value, str):
        return value + suffix
    if isinstance(value, dict):
        return {lang: f"{text}{suffix}" for lang, text in value.items()}
    return value


ACTOR_EVERY = 4  # a new copy of the actors for every fourth copy of the events
COPIES_DROP = {"actors": ("position", "coordinates")}  # fields left out of copied records


def synthetic_data(source: Path, dest: Path, events: int) -> dict[str, int]:
    """Write data files with `events` events to `dest`, copying the real records of `source` in
    groups: group g > 0 gets ids ending in -g<g> (references follow) and titles and names ending in
    ' (g)'. Every group has new sources (news articles), every fourth group new actors (offices and
    officials recur) without the fields no second record may share (COPIES_DROP), and sectors stay
    as they are (a fixed vocabulary)."""
    import copy

    import yaml
    from sistercity.record.models import REFERENCE_FIELDS
    from sistercity.record.yamlfile import read_yaml

    raw = {
        kind: read_yaml(source / f"{kind}.yml", kind, kind).data for kind in ("sources", "actors", "sectors", "events")
    }
    groups = math.ceil(events / len(raw["events"]))
    out: dict[str, list[Any]] = {"sources": [], "actors": [], "sectors": list(raw["sectors"]), "events": []}
    for g in range(groups):
        tag = "" if g == 0 else f"-g{g}"
        actor_group = g - g % ACTOR_EVERY
        actor_tag = "" if actor_group == 0 else f"-g{actor_group}"
        mapping = {r["id"]: r["id"] + tag for kind in ("sources", "events") for r in raw[kind]}
        mapping |= {r["id"]: r["id"] + actor_tag for r in raw["actors"]}
        for kind in ("sources", "actors", "events"):
            if kind == "actors" and g % ACTOR_EVERY:
                continue  # this copy of the events reuses the last copy of the actors
            for record in raw[kind]:
                record = copy.deepcopy(record)
                record["id"] = mapping[record["id"]]
                if g:
                    for name in ("title", "name"):
                        if name in record:
                            record[name] = _suffix_text(record[name], f" ({g})")
                    if isinstance(record.get("url"), str):
                        record["url"] += ("&" if "?" in record["url"] else "?") + f"copy={g}"
                    # A copied office is not Padang's mayor again, and a copied city is not a
                    # second place on the map: the real record cannot repeat either.
                    for unique in COPIES_DROP.get(kind, ()):
                        record.pop(unique, None)
                for dotted in REFERENCE_FIELDS.get(kind, {}):
                    record = _remap(record, dotted.split("."), mapping)
                out[kind].append(record)
    out["events"] = out["events"][:events]
    dest.mkdir(parents=True, exist_ok=True)

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # the loader forbids anchors and aliases

    for kind, records in out.items():
        # Flow style for short lists and texts ({id: ..., en: ...}), as the real files are written.
        text = yaml.dump(
            records, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
        )
        (dest / f"{kind}.yml").write_text(text, encoding="utf-8")
    return {kind: len(records) for kind, records in out.items()}


# --------------------------------------------------------------------------------------------
# One build in a child process (time, memory), under py-spy (own-code share)
# --------------------------------------------------------------------------------------------


def own_share(collapsed: str, hooks: tuple[str, ...]) -> float:
    """Share of py-spy's samples (collapsed stacks, outermost frame first) in the project's own
    code: a sample counts from the first frame in `hooks` down, except inside the builds of the
    other languages that the default language's hook starts (their own hook frames count again)."""
    own = total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        inside = False
        for frame in stack.split(";"):
            name, _, where = frame.rpartition(" (")
            file = where.rsplit(":", 1)[0]
            if not inside and file.startswith(hooks):
                inside = True
            elif inside and name == "build" and file.endswith(os.path.join("mkdocs", "commands", "build.py")):
                inside = False
        total += int(count)
        own += int(count) if inside else 0
    return own / total if total else 0.0


def child_build(project: Path, site: Path) -> dict[str, Any]:
    logging_setup()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def logging_setup() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")


SAMPLE_RATE = 50  # py-spy samples per second; it pauses the build for each sample


def build_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}


def run_child(project: Path, site: Path, profile: bool = False) -> dict[str, Any]:
    """Build `project` into `site` in a child process; with `profile`, under py-spy, which samples
    the child's stack from outside, and the share of samples in the project's code."""
    command = [sys.executable, __file__, "child", str(project), str(site)]
    samples = site.parent / f"{site.name}.pyspy"
    if profile:
        spy = ["record", "--rate", str(SAMPLE_RATE), "--format", "raw", "--full-filenames", "--output", str(samples)]
        command = [str(PY_SPY), *spy, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, env=build_env(), cwd=project, timeout=1800)
    reported = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not reported:  # py-spy may exit with 0 when the build did not
        raise SystemExit(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")
    measured = json.loads(reported[-1])
    if profile:
        hooks = (str((project / "hooks").resolve()) + os.sep, str(ROOT / "hooks") + os.sep)
        measured["own_share"] = own_share(samples.read_text(encoding="utf-8"), hooks)
    return measured


@dataclass
class Build:
    name: str
    records: dict[str, int]  # events, actors, sectors, sources
    seconds: float
    pages: int
    peak_mb: float
    site_mb: float
    own_share: float
    record_links_in_nav: int

    @property
    def ms_per_page(self) -> float:
        return self.seconds / self.pages * 1000


def measure_build(name: str, project: Path, site: Path, records: dict[str, int]) -> Build:
    """One build under py-spy into `site` (kept): time, memory, output, own-code share, records
    in the navigation."""
    progress(f"building under py-spy: {name}")
    run = run_child(project, site, profile=True)
    return Build(
        name=name,
        records=records,
        seconds=run["seconds"],
        pages=sum(1 for _ in site.rglob("index.html")),
        peak_mb=run["peak_mb"],
        site_mb=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1e6,
        own_share=run["own_share"],
        record_links_in_nav=_record_links_in_nav(site),
    )


def _record_links_in_nav(site: Path) -> int:
    """Links to per-record pages in the main navigation of each language's timeline page."""
    count = 0
    for lang in ("", "en/", "de/"):
        html = (site / lang / "timeline" / "index.html").read_text(encoding="utf-8")
        nav = html[html.find("md-nav--primary") :]
        nav = nav[: nav.find("</nav>")]
        count += len(re.findall(r'href="[^"]*(?:events|actors|sectors)/[^"/]+/"', nav))
    return count


OWN_CPU = re.compile(r"build: ([\d.]+) s CPU; own code: ([\d.]+) s = ([\d.]+)%")


def parse_own_cpu(output: str) -> tuple[float, float] | None:
    """(own code's CPU seconds, the build's) from benchmarks/own_cpu.py's summary line."""
    match = OWN_CPU.search(output)
    return (float(match[2]), float(match[1])) if match else None


def own_cpu() -> str:
    """benchmarks/own_cpu.py's report (the build thread's CPU time in the hooks, by hook and
    step: steadier than py-spy's wall-clock share on a busy machine), or why it is missing."""
    script = BENCHMARKS / "own_cpu.py"
    if not script.is_file():
        return "benchmarks/own_cpu.py is not there"
    progress("own code's CPU time (benchmarks/own_cpu.py)")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=build_env(), timeout=900)
    if result.returncode != 0 or parse_own_cpu(result.stdout) is None:
        return f"benchmarks/own_cpu.py failed:\n{result.stdout}\n{result.stderr[-2000:]}"
    return result.stdout.strip()


def build_goals(builds: Sequence[Build], cpu_report: str = "") -> list[Goal]:
    real, larger = builds[0], builds[1:]
    per_page = [(b.name, b.ms_per_page / real.ms_per_page) for b in larger]
    peak = max(builds, key=lambda b: b.peak_mb)
    shares = [real.own_share]
    figure = f"{real.own_share * 100:.1f} % (py-spy)"
    cpu = parse_own_cpu(cpu_report)
    if cpu:
        shares.append(cpu[0] / cpu[1])
        figure += f", {cpu[0] / cpu[1] * 100:.1f} % of the CPU time (own_cpu.py)"
    return [
        Goal(
            f"own code ≤ {fmt_pct(OWN_SHARE_MAX)} of the real site's build",
            figure,
            all(share <= OWN_SHARE_MAX for share in shares),
        ),
        Goal(
            f"time per page ≤ {PER_PAGE_MAX}× the real site's",
            ", ".join(f"{r:.2f}× at {name}" for name, r in per_page) or "no synthetic data",
            all(r <= PER_PAGE_MAX for _, r in per_page) if per_page else None,
        ),
        Goal(
            f"peak memory ≤ {PEAK_MB_MAX / 1024:.0f} GB",
            f"{peak.peak_mb:.0f} MB ({peak.name})",
            peak.peak_mb <= PEAK_MB_MAX,
        ),
        Goal(
            "no per-record page in the navigation",
            str(sum(b.record_links_in_nav for b in builds)),
            all(b.record_links_in_nav == 0 for b in builds),
        ),
    ]


def print_builds(builds: Sequence[Build], plain_seconds: float | None, cpu_report: str, load: tuple[str, str]) -> None:
    real_ms = builds[0].ms_per_page
    print("\n## Builds (`mkdocs build --strict`, all three languages)\n")
    print(
        "| data | events / actors / sectors | pages | build | per page | vs real | peak memory | output "
        "| own code (hooks/) | records in nav |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in builds:
        r = b.records
        print(
            f"| {b.name} | {r['events']} / {r['actors']} / {r['sectors']} | {b.pages} | {b.seconds:.1f} s "
            f"| {b.ms_per_page:.1f} ms | {b.ms_per_page / real_ms:.2f}× | {b.peak_mb:.0f} MB "
            f"| {b.site_mb:.0f} MB | {b.own_share * 100:.1f} % | {b.record_links_in_nav} |"
        )
    plain = f" The real site without the profiler: {plain_seconds:.1f} s." if plain_seconds else ""
    print(
        f"\nEach build ran under py-spy ({SAMPLE_RATE} samples a second, from outside the build); own code is "
        "the share of samples in hooks/ (the other languages' builds, which the default language's hook starts, "
        f"count as MkDocs except for their own hook calls).{plain} Load average before: {load[0]}; after: {load[1]}."
    )
    if parse_own_cpu(cpu_report) is None:
        print(f"\nThe own code's CPU time: not measured ({cpu_report}).")
        return
    print("\nThe own code's CPU time in one build of the real site (benchmarks/own_cpu.py):\n")
    print(f"```text\n{cpu_report}\n```")


# --------------------------------------------------------------------------------------------
# First visits: bytes a fresh browser loads
# --------------------------------------------------------------------------------------------


@dataclass
class Visit:
    requests: dict[str, int]  # address (below the site's root) -> bytes: headers and compressed body
    other_hosts: list[str] = field(default_factory=list)  # addresses on another host (blocked)

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def first_visits(site: Path, pages: Mapping[str, str]) -> dict[str, Visit]:
    """Serve `site` with gzip and visit each page ({name: address below the root}) in a fresh
    browser context (empty cache) until the network is idle."""
    from playwright.sync_api import sync_playwright

    with sitecheck.serve(site, compress=True) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
        try:
            return {name: _visit(browser, base, path) for name, path in pages.items()}
        finally:
            browser.close()


def _visit(browser: Any, base: str, path: str) -> Visit:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    finished: list[Any] = []
    other: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("http:", "https:")) and not r.request.url.startswith(base):
            other.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    started: list[Any] = []
    failed: list[Any] = []
    page.on("request", lambda request: started.append(request))
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    page.goto(base + path, wait_until="networkidle")
    _wait_until_quiet(page, started, lambda: len(finished) + len(failed))
    requests: dict[str, int] = {}
    for request in finished:
        sizes = request.sizes()
        address = request.url.removeprefix(base) or "/"
        requests[address] = requests.get(address, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return Visit(requests, sorted(set(other)))


QUIET_MS = 3000  # no new request for this long ends a first visit
VISIT_MAX_MS = 60_000


def _wait_until_quiet(page: Any, started: list[Any], ended: Callable[[], int]) -> None:
    """Wait past Playwright's "network idle" (500 ms without a request) until no request has
    started for QUIET_MS and every started one has ended: a busy main thread (a long page on a
    loaded machine) can start Material's search worker, and its index request, seconds later."""
    waited = 0
    while waited < VISIT_MAX_MS:
        before = len(started)
        page.wait_for_timeout(QUIET_MS)
        waited += QUIET_MS
        if len(started) == before and ended() >= before:
            return


def visit_goals(visits: Mapping[str, Mapping[str, Visit]]) -> list[Goal]:
    """Growth of the home and event pages' first visits against the real record ('real'), and
    requests to other hosts on any visit of this site."""
    real = visits["real"]
    goals = []
    for page in ("home", "event"):
        grown = [(name, growth(v[page].total, real[page].total)) for name, v in visits.items() if name != "real"]
        figure = ", ".join(f"{fmt_growth(g)} at {name}" for name, g in grown)
        goals.append(
            Goal(
                f"first visit to the {page} page within {fmt_pct(GROWTH_MAX)} of the real record's",
                f"{figure} ({fmt_kib(real[page].total)} with the real record)" if grown else "no synthetic data",
                all(g is not None and g <= GROWTH_MAX for _, g in grown) if grown else None,
            )
        )
    largest = list(visits)[-1]
    at_largest = f"{fmt_kib(visits[largest]['timeline'].total)} at {largest}, " if largest != "real" else ""
    goals.append(
        Goal(
            "the timeline usable on a phone (first visit, no threshold set)",
            f"{at_largest}{fmt_kib(real['timeline'].total)} with the real record",
            None,
            threshold=False,
        )
    )
    others = sorted({url for v in visits.values() for visit in v.values() for url in visit.other_hosts})
    goals.append(Goal("no request to another host", str(len(others)) + (f": {others}" if others else ""), not others))
    return goals


def print_visits(visits: Mapping[str, Mapping[str, Visit]], stock: Visit, labels: Mapping[str, str]) -> None:
    """Totals per page and size with the growth, then every request by size, then the stock page."""
    sizes = list(visits)
    print("\n## First visit (fresh browser until the network is idle; headers and gzipped bodies)\n")
    print(
        "| page | "
        + " | ".join(labels[s] for s in sizes)
        + " | "
        + " | ".join(f"growth at {s}" for s in sizes[1:])
        + " |"
    )
    print("|---|" + "---:|" * (2 * len(sizes) - 1))
    for page in VISITED:
        totals = [visits[s][page].total for s in sizes]
        grown = [fmt_growth(growth(t, totals[0])) for t in totals[1:]]
        print(f"| {page} | " + " | ".join(fmt_kib(t) for t in totals) + " | " + " | ".join(grown) + " |")
    hosts = sorted({url.split("/")[2] for url in stock.other_hosts})
    print(
        f"\nThe stock Material page (`mkdocs new` + `theme: material`): {fmt_kib(stock.total)} in "
        f"{len(stock.requests)} requests; other hosts (blocked): {', '.join(hosts) or 'none'}."
    )
    print(f"\nGoal: the home and event pages within {fmt_pct(GROWTH_MAX)} of the real record's at every size.")
    for page in VISITED:
        print(f"\n### Requests: {page}\n")
        print("| request | " + " | ".join(labels[s] for s in sizes) + " |")
        print("|---|" + "---:|" * len(sizes))
        addresses = sorted({a for s in sizes for a in visits[s][page].requests})
        for address in addresses:
            cells = [visits[s][page].requests.get(address) for s in sizes]
            print(f"| `{address}` | " + " | ".join("–" if c is None else fmt_kib(c) for c in cells) + " |")
        others = sorted({u for s in sizes for u in visits[s][page].other_hosts})
        print(f"\nOther hosts: {', '.join(others) or 'none'}.")
    print("\n### Requests: stock Material page\n")
    print("| request | bytes |\n|---|---:|")
    for address, size in sorted(stock.requests.items()):
        print(f"| `{address}` | {fmt_kib(size)} |")
    print(f"\nOther hosts (blocked): {', '.join(stock.other_hosts) or 'none'}.")


# --------------------------------------------------------------------------------------------
# Lighthouse: this site against the stock page, interleaved
# --------------------------------------------------------------------------------------------

# The figures compared, in the order printed, with how each is shown.
METRICS: dict[str, Callable[[float], str]] = {
    "performance": lambda v: f"{v:.0f}",
    "lcp_ms": fmt_ms,
    "tbt_ms": fmt_ms,
    "fcp_ms": fmt_ms,
    "cls": lambda v: f"{v:.3f}",
    "bytes": fmt_kib,
}
HEADINGS = {"performance": "performance", "lcp_ms": "LCP", "tbt_ms": "TBT", "fcp_ms": "FCP", "cls": "CLS"}


def stock_material_site(work: Path) -> Path:
    """A stock Material for MkDocs site: `mkdocs new`'s page with `theme: material`, nothing else,
    built by the same MkDocs and Material as this site."""
    project = work / "stock"
    subprocess.run([sys.executable, "-m", "mkdocs", "new", str(project)], check=True, capture_output=True, timeout=60)
    (project / "mkdocs.yml").write_text("site_name: Stock Material\ntheme:\n  name: material\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        check=True,
        env=build_env(),
        capture_output=True,
        timeout=120,
    )
    return project / "site"


def read_report(report: Mapping[str, Any]) -> dict[str, float]:
    """The figures of one Lighthouse report (times in ms, bytes transferred, scores 0–100)."""
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not measure {report['requestedUrl']}: {report['runtimeError']}")
    audits = report["audits"]
    return {
        **{c: report["categories"][c]["score"] * 100 for c in CATEGORIES},
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        # Where a difference comes from: the DOM, the main thread's work, its long tasks.
        "dom": audits["dom-size"].get("numericValue", 0),
        "main_thread_ms": audits["mainthread-work-breakdown"].get("numericValue", 0),
        "long_tasks": len((audits.get("long-tasks", {}).get("details") or {}).get("items") or []),
        "benchmark_index": report["environment"]["benchmarkIndex"],
    }


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run with its default (mobile) settings and the font hosts blocked."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(sitecheck.CHROMIUM_ARGS),
        *(f"--blocked-url-patterns={pattern}" for pattern in BLOCKED_URL_PATTERNS),
    ]
    env = {**os.environ, "CHROME_PATH": str(sitecheck.CHROMIUM)}
    result = subprocess.run(command, env=env, timeout=300, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return read_report(json.loads(out.read_text(encoding="utf-8")))


Runs = dict[str, dict[str, list[dict[str, float]]]]  # page type -> 'site' / 'stock' -> runs in order


def lighthouse_pairs(site: Path, stock: Path, pages: Mapping[str, str], rounds: int, reports: Path) -> Runs:
    """Serve both sites with gzip from 127.0.0.1 and run Lighthouse in `interleaved_order`: the
    n-th run of a page of this site and the n-th stock run in its list were taken one after the other."""
    reports.mkdir(parents=True, exist_ok=True)
    runs: Runs = {page: {"site": [], "stock": []} for page in pages}
    order = interleaved_order(list(pages), rounds)
    with sitecheck.serve(site, compress=True) as site_base, sitecheck.serve(stock, compress=True) as stock_base:
        for n, (round_, page, side) in enumerate(order):
            progress(f"lighthouse {n + 1}/{len(order)}: round {round_ + 1}, {page}, {side}")
            url = site_base + pages[page] if side == "site" else stock_base
            runs[page][side].append(lighthouse(url, reports / f"{n:03}-{page}-{side}.json"))
    return runs


def medians(runs: Sequence[Mapping[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def page_goals(site: Mapping[str, float], stock: Mapping[str, float]) -> dict[str, bool]:
    """The readers' goals on one page type, on the medians: performance (as Lighthouse rounds it)
    at least the stock page's, LCP and TBT no worse."""
    return {
        "performance": round(site["performance"]) >= round(stock["performance"]),
        "LCP": site["lcp_ms"] <= stock["lcp_ms"],
        "TBT": site["tbt_ms"] <= stock["tbt_ms"],
    }


def compare_cell(metric: str, site: Mapping[str, float], stock: Mapping[str, float]) -> str:
    """'89 / 96 (0.93×)': this site, the stock page, the ratio site/stock."""
    show = METRICS[metric]
    return f"{show(site[metric])} / {show(stock[metric])} ({fmt_ratio(ratio(site[metric], stock[metric]))})"


def lighthouse_goals(runs: Runs) -> list[Goal]:
    """One goal per figure, over every page type measured (medians, site / stock)."""
    goals = []
    for label, metric, word in (
        ("performance", "performance", "at least"),
        ("LCP", "lcp_ms", "no worse than"),
        ("TBT", "tbt_ms", "no worse than"),
    ):
        figures, met = [], True
        for page, sides in runs.items():
            site, stock = medians(sides["site"]), medians(sides["stock"])
            figures.append(f"{page} {METRICS[metric](site[metric])} / {METRICS[metric](stock[metric])}")
            met = met and page_goals(site, stock)[label]
        goals.append(Goal(f"{label} {word} the stock page's, every page type (site / stock)", ", ".join(figures), met))
    return goals


def print_lighthouse(runs: Runs, pages: Mapping[str, str], rounds: int, load: tuple[str, str]) -> None:
    every = [run for sides in runs.values() for side in sides.values() for run in side]
    version = lighthouse_version()
    print(
        f"\n## Lighthouse {version}: this site against the stock Material page "
        f"(mobile preset, medians of {rounds} interleaved round{'s' if rounds > 1 else ''})\n"
    )
    print("| page | " + " | ".join(HEADINGS.values()) + " | bytes | goals: performance, LCP, TBT |")
    print("|---|" + "---:|" * (len(HEADINGS) + 1) + "---|")
    for page, sides in runs.items():
        site, stock = medians(sides["site"]), medians(sides["stock"])
        goals = ", ".join(f"{name} {fmt_met(ok)}" for name, ok in page_goals(site, stock).items())
        cells = " | ".join(compare_cell(metric, site, stock) for metric in METRICS)
        print(f"| {page} (`/{pages[page]}`) | {cells} | {goals} |")
    print(
        "\nEach cell: this site / the stock page (`mkdocs new` + `theme: material`) measured next to it "
        "(ratio site/stock). Both served with gzip from 127.0.0.1; requests to "
        f"{' and '.join(p.strip('*') for p in BLOCKED_URL_PATTERNS)} blocked for both (the stock page asks "
        "for its font there; this site asks no other host).\n"
    )
    print(
        "| page | performance per round, site / stock | DOM elements | main thread | long tasks "
        "| accessibility | best practices | SEO |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for page, sides in runs.items():
        pairs = ", ".join(
            f"{s['performance']:.0f} / {t['performance']:.0f}"
            for s, t in zip(sides["site"], sides["stock"], strict=True)
        )
        worst = " | ".join(
            f"{min(r[c] for r in sides['site']):.0f} ({min(r[c] for r in sides['stock']):.0f})" for c in CATEGORIES[1:]
        )
        site, stock = medians(sides["site"]), medians(sides["stock"])
        why = " | ".join(
            f"{show(site[key])} ({show(stock[key])})"
            for key, show in (("dom", "{:.0f}".format), ("main_thread_ms", fmt_ms), ("long_tasks", "{:.0f}".format))
        )
        print(f"| {page} | {pairs} | {why} | {worst} |")
    index = statistics.median(r["benchmark_index"] for r in every)
    print(
        "\nDOM elements, main-thread work and long tasks (Lighthouse's diagnostics, at its 4× CPU slowdown): "
        "medians, this site (stock page). Accessibility, best practices, SEO: the lowest of the runs. "
        f"Lighthouse's CPU benchmark index (median of {len(every)} runs): {index:.0f}. "
        f"Load average before: {load[0]}; after: {load[1]}."
    )


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "not installed"


# --------------------------------------------------------------------------------------------
# The editors' tools: the data check and mkdocs serve's reload
# --------------------------------------------------------------------------------------------


@dataclass
class CheckTimes:
    wall: list[float]
    cpu: list[float]  # user and system time of the check's process
    problems: str  # what the check printed when it failed


def time_data_check(root: Path, runs: int) -> CheckTimes:
    """Run `python -m sistercity.maintenance.check` on `root` `runs` times, as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(root / "hooks")}
    command = [sys.executable, "-m", "sistercity.maintenance.check", str(root)]
    times = CheckTimes([], [], "")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=120)
        times.wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode != 0:
            times.problems = (result.stdout + result.stderr).strip()
    return times


def check_goal(times: CheckTimes) -> Goal:
    wall = statistics.median(times.wall)
    figure = f"{wall:.2f} s (CPU {statistics.median(times.cpu):.2f} s)"
    return Goal(f"data check < {CHECK_MAX_S:.0f} s on the real record", figure, wall < CHECK_MAX_S)


def print_check(times: CheckTimes, load: tuple[str, str]) -> None:
    print("\n## Data check (`python -m sistercity.maintenance.check`, the real record)\n")
    print("| runs | wall: median (range) | CPU: median (range) | goal |")
    print("|---:|---:|---:|---|")
    met = fmt_met(check_goal(times).met)
    print(
        f"| {len(times.wall)} | {fmt_seconds(times.wall)} | {fmt_seconds(times.cpu)} | < {CHECK_MAX_S:.0f} s: {met} |"
    )
    print(f"\nLoad average before: {load[0]}; after: {load[1]}.")
    if times.problems:
        print(f"\nThe check reported problems (it should not on the real record):\n\n```text\n{times.problems}\n```")


ServeReload = Callable[..., Any]
Reloads = dict[str, list[float]]  # page -> seconds, one per edit


def load_serve_reload() -> ServeReload | str:
    """`measure_serve_reload(root, *, rounds)` from benchmarks/serve_reload.py, or why not."""
    if not (BENCHMARKS / "serve_reload.py").is_file():
        return "benchmarks/serve_reload.py is not there"
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    import serve_reload  # type: ignore[import-not-found]

    measure = getattr(serve_reload, "measure_serve_reload", None)
    return measure if callable(measure) else "benchmarks/serve_reload.py has no measure_serve_reload()"


def as_reloads(result: Any) -> Reloads:
    """What measure_serve_reload returned, as seconds per page: a list is one page's; a mapping
    gives each page's (the Indonesian and the English page of the same event, say)."""
    if isinstance(result, Mapping):
        return {str(page): [float(s) for s in seconds] for page, seconds in result.items()}
    return {"page": [float(s) for s in result]}


def time_serve_reload(work: Path, rounds: int) -> Reloads | str:
    """Seconds from saving data/events.yml to each page showing the change, measured on a copy
    of the project (the measurement edits its data), or why it was not measured."""
    measure = load_serve_reload()
    if isinstance(measure, str):
        return measure
    try:
        return as_reloads(measure(copy_project(work / "serve"), rounds=rounds))
    except Exception as exc:  # a failed measurement must not cost the rest of the report
        return f"the measurement failed: {type(exc).__name__}: {exc}"


REBUILD_CPU = "cpu"  # serve_reload.py's key for the rebuild's processor seconds: a figure, not a page


def reload_goal(reloads: Reloads | str) -> Goal:
    """Met when every page's median is within the goal (an editor may be looking at any of them);
    the rebuild's CPU time is shown, not judged."""
    goal = f"mkdocs serve: saving events.yml to the page showing it ≤ {RELOAD_MAX_S:.0f} s"
    pages = {} if isinstance(reloads, str) else {k: v for k, v in reloads.items() if k != REBUILD_CPU and v}
    if isinstance(reloads, str) or not pages:
        return Goal(goal, f"not measured: {reloads or 'no rounds'}", None)
    figure = ", ".join(f"{page} {fmt_seconds(seconds)}" for page, seconds in reloads.items())
    return Goal(goal, figure, all(statistics.median(s) <= RELOAD_MAX_S for s in pages.values()))


def print_reload(reloads: Reloads | str, load: tuple[str, str]) -> None:
    print("\n## mkdocs serve: from saving data/events.yml to the page showing the change\n")
    if isinstance(reloads, str):
        print(f"Not measured: {reloads}.")
        return
    print("| page | edits | median (range) | goal |")
    print("|---|---:|---:|---|")
    for page, seconds in reloads.items():
        if page == REBUILD_CPU:
            print(f"| the rebuild's CPU time (server and its children) | {len(seconds)} | {fmt_seconds(seconds)} | – |")
            continue
        met = fmt_met(statistics.median(seconds) <= RELOAD_MAX_S) if seconds else "not measured"
        print(f"| {page} | {len(seconds)} | {fmt_seconds(seconds)} | ≤ {RELOAD_MAX_S:.0f} s: {met} |")
    print(f"\nMeasured by benchmarks/serve_reload.py. Load average before: {load[0]}; after: {load[1]}.")


# --------------------------------------------------------------------------------------------
# The machine, the goals
# --------------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    chromium = "not installed"
    if sitecheck.CHROMIUM.exists():
        result = subprocess.run([str(sitecheck.CHROMIUM), "--version"], capture_output=True, text=True, timeout=60)
        chromium = result.stdout.strip().removeprefix("Chromium ") or "unknown"
    return {
        "Python": platform.python_version(),
        "MkDocs": metadata.version("mkdocs"),
        "Material for MkDocs": metadata.version("mkdocs-material"),
        "Lighthouse": lighthouse_version(),
        "Chromium": chromium,
    }


def commit() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"{head} ({git('rev-parse', '--abbrev-ref', 'HEAD')})" + (" with uncommitted changes" if changed else "")


def print_machine(records: Mapping[str, int]) -> None:
    print("## Machine\n")
    print(f"- {os.cpu_count()} CPUs, load average (1, 5, 15 min) at the start: {load_average()}")
    print("- " + ", ".join(f"{name} {version}" for name, version in versions().items()))
    print(f"- commit {commit()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("- the real record: " + ", ".join(f"{n} {kind}" for kind, n in records.items()))


def print_goals(goals: Iterable[Goal]) -> None:
    print("\n## Goals\n")
    print("| goal | figure | met |")
    print("|---|---|---|")
    for goal in goals:
        print(f"| {goal.goal} | {goal.figure} | {goal.verdict()} |")


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    from sitebuild import copy_project as copy

    return copy(dest)


def missing_tools(config: Settings) -> list[str]:
    needed = [sitecheck.CHROMIUM]  # the first visits
    needed += [LIGHTHOUSE] if config.lighthouse else []
    needed += [PY_SPY] if config.builds else []
    return [str(path) for path in needed if not path.exists()]


class LoadAverages:
    """Load averages around one part of the run."""

    def __enter__(self) -> LoadAverages:
        self.load = (load_average(), "")
        return self

    def __exit__(self, *exc: object) -> None:
        self.load = (self.load[0], load_average())


def lighthouse_part(config: Settings, sites: Sites, pages: Mapping[str, str], work: Path) -> Runs:
    """Lighthouse on the chosen page types of the real site and on the timeline of the largest
    synthetic size, each run next to a run of the stock page; printed in one table."""
    paths = {page: pages[page] for page in config.pages}
    with LoadAverages() as part:
        runs = lighthouse_pairs(sites.real, sites.stock, paths, config.rounds, work / "lh")
        if sites.large:
            name, site = sites.large
            large = {f"timeline, {name}": "timeline/"}
            runs |= lighthouse_pairs(site, sites.stock, large, config.rounds, work / "lh-large")
            paths |= large
    print_lighthouse(runs, paths, config.rounds, part.load)
    return runs


def large_timeline_goal(runs: Runs, name: str) -> Goal:
    """The timeline at the largest size against the stock page: figures to read, no threshold."""
    site, stock = medians(runs[f"timeline, {name}"]["site"]), medians(runs[f"timeline, {name}"]["stock"])
    figure = ", ".join(f"{HEADINGS[m]} {compare_cell(m, site, stock)}" for m in ("performance", "lcp_ms", "tbt_ms"))
    return Goal(
        f"the timeline at {name} on a phone (Lighthouse, site / stock; no threshold)", figure, None, threshold=False
    )


def main(argv: Sequence[str] | None = None) -> int:
    global sitecheck
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
    import sitecheck

    config = settings(argv)
    missing = missing_tools(config)
    if missing:
        print(f"missing: {', '.join(missing)} (pip install -e '.[test,bench]'; npm ci; apt-get install -y chromium)")
        return 2
    from sistercity import load_dataset

    started = time.perf_counter()
    real = load_dataset(ROOT / "data")
    records = {"events": len(real.events), "actors": len(real.actors), "sectors": len(real.sectors)}
    pages = page_paths({event_id: event.actors for event_id, event in real.events.items()})
    print_machine({**records, "sources": len(real.sources)})
    goals: list[Goal] = []
    figures: dict[str, Any] = {"settings": asdict(config) | {"json_out": str(config.json_out)}}
    work = Path(tempfile.mkdtemp(prefix="ph-bench-"))
    try:
        sites = sites_and_visits(config, work, records, pages, goals, figures)
        if config.lighthouse:
            runs = lighthouse_part(config, sites, pages, work)
            goals += lighthouse_goals({page: runs[page] for page in config.pages})
            if sites.large:
                goals.append(large_timeline_goal(runs, sites.large[0]))
            figures["lighthouse"] = runs
        progress("data check")
        with LoadAverages() as part:
            check = time_data_check(ROOT, config.check_runs)
        print_check(check, part.load)
        goals.append(check_goal(check))
        figures["check"] = asdict(check)
        reload: Reloads | str = "left out (--skip-serve)"
        if config.serve:
            progress("mkdocs serve")
            with LoadAverages() as part:
                reload = time_serve_reload(work, config.serve_rounds)
            print_reload(reload, part.load)
        goals.append(reload_goal(reload))
        figures["serve_reload"] = reload
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_goals(goals)
    figures["goals"] = [asdict(goal) for goal in goals]
    print(f"\nBenchmark time: {time.perf_counter() - started:.0f} s; load average at the end: {load_average()}.")
    if config.json_out:
        config.json_out.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    return 0


def sites_and_visits(
    config: Settings,
    work: Path,
    records: dict[str, int],
    pages: Mapping[str, str],
    goals: list[Goal],
    figures: dict[str, Any],
) -> Sites:
    """Build the real site and each synthetic size (measured unless --skip-builds), visit each
    one's home, event and timeline pages, build and visit the stock page; print both parts and add
    their goals and figures. Returns the sites kept for Lighthouse: the real one, the stock page
    and the largest synthetic one."""
    visited = {page: pages[page] for page in VISITED}
    builds: list[Build] = []
    visits: dict[str, dict[str, Visit]] = {}
    labels = {"real": f"real ({records['events']} events)"}
    largest = f"{max(config.sizes)} events" if config.sizes else None
    with LoadAverages() as part:
        for key, project, counts in projects(config, work, records):
            site = work / f"site-{key}"
            if config.builds:
                builds.append(measure_build(labels.get(key, key), project, site, counts))
            else:
                progress(f"building: {key}")
                run_child(project, site)
            progress(f"first visits: {key}")
            visits[key] = first_visits(site, visited)
            labels.setdefault(key, key)
            shutil.rmtree(project)
            if key not in ("real", largest):
                shutil.rmtree(site)
        plain = run_child(copy_project(work / "plain"), work / "site-plain")["seconds"] if config.builds else None
        cpu_report = own_cpu() if config.builds else ""
    if builds:
        print_builds(builds, plain, cpu_report, part.load)
        goals += build_goals(builds, cpu_report)
        figures["own_cpu"] = cpu_report
        figures["builds"] = [asdict(b) | {"ms_per_page": b.ms_per_page} for b in builds]
    stock = stock_material_site(work)
    stock_visit = first_visits(stock, {"home": ""})["home"]
    print_visits(visits, stock_visit, labels)
    goals += visit_goals(visits)
    figures["visits"] = {k: {p: asdict(v) for p, v in pv.items()} for k, pv in visits.items()} | {
        "stock": asdict(stock_visit)
    }
    return Sites(work / "site-real", stock, (largest, work / f"site-{largest}") if largest else None)


@dataclass
class Sites:
    real: Path
    stock: Path
    large: tuple[str, Path] | None  # the largest synthetic size: its name and its site


def projects(config: Settings, work: Path, records: dict[str, int]) -> Iterable[tuple[str, Path, dict[str, int]]]:
    """(key, project folder, record counts): the real record, then each synthetic size."""
    yield "real", copy_project(work / "real"), records
    for size in config.sizes:
        project = copy_project(work / f"synthetic-{size}")
        shutil.rmtree(project / "data")
        counts = synthetic_data(ROOT / "data", project / "data", size)
        yield f"{size} events", project, counts


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child = argparse.ArgumentParser()
        child.add_argument("mode")
        child.add_argument("project", type=Path)
        child.add_argument("site", type=Path)
        a = child.parse_args()
        print(json.dumps(child_build(a.project, a.site)))
        sys.exit(0)
    sys.exit(main())

"""Performance benchmark of the site: build time, own-code share, scale, Lighthouse, page weight.

    .venv/bin/pip install -e '.[test,bench]' && npm ci      # once
    .venv/bin/python benchmarks/run.py                       # about 5 minutes on 2 cores

Prints one Markdown table per part (see benchmarks/README.md for the goals and the last results):

1. Builds: the real site and synthetic data with 250 and 1,000 events (made by this script from the
   real records, all three languages): build time, pages, time per page against the real site's,
   peak memory, the share of time spent in the project's own code (hooks/) sampled by py-spy in
   the same build, and whether per-record pages stay out of the navigation.
2. Lighthouse 12.2.3 (local npm install, its default mobile settings, Debian's Chromium) on the home
   page, the timeline and an event page, served with gzip like GitHub Pages.
3. Bytes loaded on a first visit to the home page, against a stock Material for MkDocs page.

Every build is a separate `mkdocs build --strict` in a child process (so its peak memory is its
own), with SOURCE_DATE_EPOCH pinned.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The test helpers (tests/sitecheck.py, tests/sitebuild.py) and the data core (hooks/) are imported
# by main() only: a child build must load the hooks of the copy it builds, not the repository's.
sitecheck: Any = None

EPOCH = "1767225600"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PY_SPY = Path(sys.executable).parent / "py-spy"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


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


def synthetic_data(source: Path, dest: Path, events: int) -> dict[str, int]:
    """Write data files with `events` events to `dest`, copying the real records of `source` in
    groups: group g > 0 gets ids ending in -g<g> (references follow) and titles and names ending in
    ' (g)'. Every group has new sources (news articles), every fourth group new actors (offices and
    officials recur), and sectors stay as they are (a fixed vocabulary)."""
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
# One build in a child process (time, memory) and one profiled build (own-code share)
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


def run_child(project: Path, site: Path, profile: bool = False) -> dict[str, Any]:
    """Build `project` into `site` in a child process; with `profile`, under py-spy, which samples
    the child's stack from outside, and the share of samples in the project's code."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, __file__, "child", str(project), str(site)]
    samples = site.parent / f"{site.name}.pyspy"
    if profile:
        spy = ["record", "--rate", str(SAMPLE_RATE), "--format", "raw", "--full-filenames", "--output", str(samples)]
        command = [str(PY_SPY), *spy, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project, timeout=900)
    reported = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not reported:  # py-spy may exit with 0 when the build did not
        raise SystemExit(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")
    measured = json.loads(reported[-1])
    if profile:
        hooks = (str((project / "hooks").resolve()) + os.sep, str(ROOT / "hooks") + os.sep)
        measured["own_share"] = own_share(samples.read_text(encoding="utf-8"), hooks)
    return measured


def measure_build(name: str, project: Path, work: Path) -> dict[str, Any]:
    """One build under py-spy: time, memory, output, own-code share, records in the navigation."""
    print(f"building: {name} ...", file=sys.stderr, flush=True)
    site = work / f"site-{name}"
    run = run_child(project, site, profile=True)
    pages = sum(1 for _ in site.rglob("index.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    nav_links = _record_links_in_nav(site)
    shutil.rmtree(site)
    return {
        "name": name,
        "seconds": run["seconds"],
        "pages": pages,
        "ms_per_page": run["seconds"] / pages * 1000,
        "peak_mb": run["peak_mb"],
        "site_mb": size / 1e6,
        "own_share": run["own_share"],
        "record_links_in_nav": nav_links,
    }


def _record_links_in_nav(site: Path) -> int:
    """Links to per-record pages in the main navigation of each language's timeline page."""
    count = 0
    for lang in ("", "en/", "de/"):
        html = (site / lang / "timeline" / "index.html").read_text(encoding="utf-8")
        nav = html[html.find("md-nav--primary") :]
        nav = nav[: nav.find("</nav>")]
        count += len(re.findall(r'href="[^"]*(?:events|actors|sectors)/[^"/]+/"', nav))
    return count


# --------------------------------------------------------------------------------------------
# Lighthouse and page weight
# --------------------------------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": str(sitecheck.CHROMIUM)}
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(sitecheck.CHROMIUM_ARGS),
    ]
    subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = sorted(
        f"{audit['id']} ({audit.get('displayValue') or audit['score']})"
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        for audit in [report["audits"][ref["id"]]]
        if audit["score"] is not None and audit["score"] < 0.9
    )
    audits = report["audits"]
    return {
        **scores,
        "fcp": audits["first-contentful-paint"]["displayValue"],
        "lcp": audits["largest-contentful-paint"]["displayValue"],
        "tbt": audits["total-blocking-time"]["displayValue"],
        "cls": audits["cumulative-layout-shift"]["displayValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "below_90": failing,
        "version": report["lighthouseVersion"],
        "form_factor": report["configSettings"]["formFactor"],
    }


RUNS = 3  # Lighthouse runs per page; the table shows the run with the median performance score


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(runs, key=lambda r: r["performance"])
    return {**ordered[len(ordered) // 2], "performance_range": (ordered[0]["performance"], ordered[-1]["performance"])}


def first_visit_bytes(url: str) -> dict[str, Any]:
    """Bytes transferred (headers and compressed bodies) until the network is idle, in a fresh
    browser; requests to other hosts are blocked and counted."""
    from playwright.sync_api import sync_playwright

    local = url.split("/")[2]
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 412, "height": 823})
        requests: list[Any] = []

        def route(r: Any) -> None:
            if r.request.url.startswith("http") and r.request.url.split("/")[2] != local:
                blocked.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        page.route("**/*", route)
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(url, wait_until="networkidle")
        total = 0
        for request in requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        browser.close()
    return {"bytes": total, "requests": len(requests), "blocked": sorted(set(blocked))}


def stock_material_site(work: Path) -> Path:
    """A stock Material for MkDocs site: `mkdocs new`'s page with `theme: material`, nothing else."""
    project = work / "stock"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Stock Material\ntheme:\n  name: material\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "new", str(work / "mkdocs-new")], check=True, capture_output=True, timeout=60
    )
    shutil.copy(work / "mkdocs-new" / "docs" / "index.md", project / "docs" / "index.md")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    return project / "site"


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    from sitebuild import copy_project as copy

    return copy(dest)


def main() -> int:
    global sitecheck
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
    import sitecheck

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,1000", help="synthetic event counts (default 250,1000)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    missing = [str(p) for p in (LIGHTHOUSE, sitecheck.CHROMIUM) if not p.exists()]
    if missing and not args.skip_lighthouse:
        print(f"missing: {', '.join(missing)} (run `npm ci`; apt-get install -y chromium)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ph-bench-"))
    try:
        builds = [measure_build("real site", copy_project(work / "real"), work)]
        from sistercity import load_dataset

        real = load_dataset(ROOT / "data")
        counts = {"events": len(real.events), "actors": len(real.actors), "sectors": len(real.sectors)}
        builds[0]["records"] = counts
        for size in [int(s) for s in args.sizes.split(",") if s]:
            project = copy_project(work / f"synthetic-{size}")
            shutil.rmtree(project / "data")
            records = synthetic_data(ROOT / "data", project / "data", size)
            builds.append({**measure_build(f"{size} events", project, work), "records": records})
        plain = run_child(copy_project(work / "plain"), work / "site-plain")
        print_builds(builds, plain["seconds"])

        if not args.skip_lighthouse:
            site = work / "site-plain"  # the real site, built above without the profiler
            event = next(iter(real.events))
            pages = {"home": "", "timeline": "timeline/", f"event ({event})": f"events/{event}/"}
            with sitecheck.serve(site, compress=True) as base:
                scores = {}
                for name, path in pages.items():
                    print(f"lighthouse: {name} ...", file=sys.stderr, flush=True)
                    runs = [lighthouse(base + path, work / f"lh-{len(scores)}-{n}.json") for n in range(RUNS)]
                    scores[name] = median_run(runs)
                ours = first_visit_bytes(base)
            with sitecheck.serve(stock_material_site(work), compress=True) as base:
                stock = first_visit_bytes(base)
            print_lighthouse(scores)
            print_bytes(ours, stock, scores["home"]["bytes"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nBenchmark time: {time.perf_counter() - started:.0f} s")
    return 0


def print_builds(builds: list[dict[str, Any]], plain_seconds: float) -> None:
    real_ms = builds[0]["ms_per_page"]
    print("\n## Builds (`mkdocs build --strict`, all three languages)\n")
    print(
        "| data | events / actors / sectors | pages | build | per page | vs real | peak memory | output "
        "| own code (hooks/) | records in nav |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in builds:
        r = b["records"]
        print(
            f"| {b['name']} | {r['events']} / {r['actors']} / {r['sectors']} | {b['pages']} | {b['seconds']:.1f} s "
            f"| {b['ms_per_page']:.1f} ms | {b['ms_per_page'] / real_ms:.2f}× | {b['peak_mb']:.0f} MB "
            f"| {b['site_mb']:.0f} MB | {b['own_share'] * 100:.1f} % | {b['record_links_in_nav']} |"
        )
    print(
        "\nGoals: own code ≤ 5 % of the build; per page ≤ 1.2× the real site's; peak memory ≤ 1 GB; no per-record "
        f"page in the navigation. Each build ran under py-spy ({SAMPLE_RATE} samples a second, from outside the "
        "build); own code is the share of samples in hooks/ (the other languages' builds, which the default "
        f"language's hook starts, count as MkDocs). The real site without the profiler: {plain_seconds:.1f} s."
    )


def print_lighthouse(scores: dict[str, dict[str, Any]]) -> None:
    first = next(iter(scores.values()))
    print(
        f"\n## Lighthouse {first['version']} ({first['form_factor']}, default throttling; served with gzip; "
        f"median of {RUNS} runs by performance, its range in brackets)\n"
    )
    print("| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | below 90 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, s in scores.items():
        low, high = s["performance_range"]
        print(
            f"| {name} | {s['performance']} ({low}–{high}) | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {s['fcp']} | {s['lcp']} | {s['tbt']} | {s['cls']} | {', '.join(s['below_90']) or '–'} |"
        )


def print_bytes(ours: dict[str, Any], stock: dict[str, Any], lighthouse_bytes: float) -> None:
    print("\n## First visit to the home page (fresh browser, gzip)\n")
    print("| page | bytes transferred | requests | requests to other hosts |")
    print("|---|---:|---:|---|")
    print(f"| this site | {ours['bytes'] / 1024:.0f} KiB | {ours['requests']} | {len(ours['blocked'])} |")
    hosts = sorted({url.split("/")[2] for url in stock["blocked"]})
    print(
        f"| stock Material (`mkdocs new` + `theme: material`) | {stock['bytes'] / 1024:.0f} KiB + fonts | "
        f"{stock['requests']} | {len(stock['blocked'])} (blocked here: {', '.join(hosts) or '–'}) |"
    )
    print(f"\nLighthouse's total byte weight for the home page: {lighthouse_bytes / 1024:.0f} KiB.")


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

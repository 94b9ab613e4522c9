"""Lighthouse on this site's page types against a stock Material page, side by side in one run.

    .venv/bin/pip install -e '.[test,bench]' && npm ci      # once
    .venv/bin/python benchmarks/lighthouse_pair.py           # build both, 3 rounds, all page types
    .venv/bin/python benchmarks/lighthouse_pair.py --site /tmp/site --pages home,timeline --rounds 5

The stock page is `mkdocs new`'s page with `theme: material` and nothing else, built with the same
MkDocs and Material as this site. Both are served gzipped from 127.0.0.1 (as GitHub Pages serves
them) and measured by Lighthouse 12.2.3 from node_modules with its default settings (mobile:
emulated Moto G Power, simulated slow 4G, 4x CPU slowdown) in Debian's Chromium, the font hosts
blocked for both: the stock page, the Lighthouse run and its figures are benchmarks/run.py's, so
the two tools measure alike. This one adds variants and diagnostics, for finding causes.

On a shared machine the absolute figures move with the load; the runs are therefore interleaved
(in every round the stock page, then the same page type on each site given; `--site NAME=DIR` can
be repeated to compare variants) and the table gives, per page type, the medians of both and their
ratio. `--diagnostics` adds, for the median run of each page, what Lighthouse saw: the unthrottled
paint times, long tasks, main-thread time by kind, requests and render-blocking resources.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # benchmarks/run.py: the stock page, one Lighthouse run and its figures

ROOT, CATEGORIES = run.ROOT, run.CATEGORIES

# Figures compared, with the direction that is better.
METRICS = {
    "performance": "higher",
    "fcp_ms": "lower",
    "lcp_ms": "lower",
    "tbt_ms": "lower",
    "cls": "lower",
    "bytes": "lower",
    "requests": "lower",
    "dom": "lower",
    "long_tasks": "lower",
    "main_thread_ms": "lower",
}


def _tools() -> Any:
    """The test suite's helpers (Chromium, the gzip server), also for run.py's functions."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
    import sitecheck

    run.sitecheck = sitecheck
    return sitecheck


def this_site(dest: Path) -> Path:
    """Build this repository's site (all languages) into `dest`."""
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)],
        check=True,
        env=run.build_env(),
        cwd=ROOT,
        capture_output=True,
        timeout=900,
    )
    return dest


# --------------------------------------------------------------------------------------------
# One Lighthouse run
# --------------------------------------------------------------------------------------------


def _items(audits: dict[str, Any], audit: str) -> list[dict[str, Any]]:
    return list((audits.get(audit, {}).get("details") or {}).get("items") or [])


def read_report(report: dict[str, Any], base: str) -> dict[str, Any]:
    """run.py's figures of one Lighthouse report, with the diagnostics; addresses relative to `base`."""
    audits = report["audits"]

    def short(url: str) -> str:
        return url.removeprefix(base) or "/"

    requests = _items(audits, "network-requests")
    long_tasks = _items(audits, "long-tasks")
    breakdown = _items(audits, "mainthread-work-breakdown")
    observed = (_items(audits, "metrics") or [{}])[0]
    return {
        **run.read_report(report),
        "requests": len(requests),
        "diagnostics": {
            # What the unthrottled page did, which Lighthouse's simulation starts from: an LCP
            # painted later than the first paint takes every request and script before it along.
            "observed_ms": {
                k: observed.get(f"observed{k}")
                for k in ("FirstContentfulPaint", "LargestContentfulPaint", "DomContentLoaded", "Load")
            },
            "long_tasks": [(short(t.get("url", "")), round(t["startTime"]), round(t["duration"])) for t in long_tasks],
            "main_thread": {b["groupLabel"]: round(b["duration"]) for b in breakdown},
            "requests": [
                (short(r["url"]), r.get("resourceType", ""), r.get("transferSize", 0), r.get("statusCode", 0))
                for r in requests
            ],
            "render_blocking": [
                (short(r["url"]), round(r.get("wastedMs", 0))) for r in _items(audits, "render-blocking-resources")
            ],
            "bootup": [(short(r["url"]), round(r.get("scripting", 0))) for r in _items(audits, "bootup-time")],
            "below_90": sorted(
                f"{audit['id']} ({audit.get('displayValue') or audit['score']})"
                for category in report["categories"].values()
                for ref in category["auditRefs"]
                if ref["weight"] > 0
                for audit in [audits[ref["id"]]]
                if audit["score"] is not None and audit["score"] < 0.9
            ),
        },
    }


def lighthouse(url: str, out: Path, base: str) -> dict[str, Any]:
    """One Lighthouse run as run.py makes it; the report is kept at `out`."""
    run.lighthouse(url, out)
    return read_report(json.loads(out.read_text(encoding="utf-8")), base)


# --------------------------------------------------------------------------------------------
# Interleaved pairs
# --------------------------------------------------------------------------------------------


def measure_pairs(
    sites: dict[str, Path], stock: Path, pages: dict[str, str], rounds: int, reports: Path, log: Any = sys.stderr
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Serve the stock site and each of `sites` (a name for each: "site", or variants of it)
    gzipped, and run Lighthouse `rounds` times on each page type: in every round the stock page,
    then that page of each site. Returns {page: {"stock": [...], name: [...], ...}}, the runs in
    order (the n-th runs of the lists were taken one after the other)."""
    sitecheck = _tools()
    reports.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        page: {name: [] for name in ("stock", *sites)} for page in pages
    }
    with ExitStack() as stack:
        bases = {"stock": stack.enter_context(sitecheck.serve(stock, compress=True))}
        bases |= {name: stack.enter_context(sitecheck.serve(site, compress=True)) for name, site in sites.items()}
        for n in range(rounds):
            for page, path in pages.items():
                print(f"round {n + 1}/{rounds}: {page} (load {run.load_average()})", file=log, flush=True)
                for name, base in bases.items():
                    url = base if name == "stock" else base + path
                    runs[page][name].append(lighthouse(url, reports / f"{page}-{name}-{n}.json", base))
    return runs


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score (its diagnostics belong to one real run)."""
    return sorted(runs, key=lambda r: (r["performance"], -r["tbt_ms"]))[len(runs) // 2]


def summarise(runs: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per page type and site: the medians of every figure for the site and the stock page, the
    ratio site/stock, and whether the page meets the goal (performance at least the stock page's,
    LCP and TBT no worse), on the medians."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for page, sides in runs.items():
        med = {side: {m: statistics.median(r[m] for r in sides[side]) for m in METRICS} for side in sides}
        for side in sides:
            for c in CATEGORIES[1:]:
                med[side][c] = min(r.get(c, 0) for r in sides[side])  # the worst run: these must stay 100
        stock = med["stock"]
        summary[page] = {}
        for name in sides:
            if name == "stock":
                continue
            site = med[name]
            summary[page][name] = {
                "stock": stock,
                "site": site,
                "ratio": {m: (site[m] / stock[m] if stock[m] else float("nan")) for m in METRICS},
                "goal": {
                    "performance": site["performance"] >= stock["performance"],
                    "lcp": site["lcp_ms"] <= stock["lcp_ms"],
                    "tbt": site["tbt_ms"] <= stock["tbt_ms"],
                },
                "pairs": [
                    (a["performance"], b["performance"]) for a, b in zip(sides["stock"], sides[name], strict=True)
                ],
            }
    return summary


def _cell(s: dict[str, Any], m: str, scale: float = 1.0) -> str:
    """This site's median (the stock page's, the ratio)."""
    return f"{s['site'][m] / scale:.0f} ({s['stock'][m] / scale:.0f}, {s['ratio'][m]:.2f}×)"


def print_pairs(summary: dict[str, dict[str, dict[str, Any]]], rounds: int, out: Any = sys.stdout) -> None:
    print(
        f"\n## Lighthouse 12.2.3 (mobile), this site against stock Material, {rounds} interleaved rounds, medians\n",
        file=out,
    )
    print(
        "| page | site | performance (stock) | pairs stock→site | LCP ms | TBT ms | FCP ms | CLS | KiB | requests "
        "| DOM | long tasks | main thread ms | a11y / BP / SEO | goal |",
        file=out,
    )
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|", file=out)
    for page, sites in summary.items():
        for name, s in sites.items():
            a, b = s["stock"], s["site"]
            met = "yes" if all(s["goal"].values()) else "no: " + ", ".join(k for k, v in s["goal"].items() if not v)
            cells = [_cell(s, m) for m in ("lcp_ms", "tbt_ms", "fcp_ms")]
            cells += [f"{b['cls']:.3f} ({a['cls']:.3f})", _cell(s, "bytes", 1024)]
            cells += [_cell(s, m) for m in ("requests", "dom", "long_tasks", "main_thread_ms")]
            print(
                f"| {page} | {name} | {b['performance']:.0f} ({a['performance']:.0f}) "
                f"| {' '.join(f'{x}→{y}' for x, y in s['pairs'])} | {' | '.join(cells)} "
                f"| {b['accessibility']:.0f} / {b['best-practices']:.0f} / {b['seo']:.0f} "
                f"({a['accessibility']:.0f} / {a['best-practices']:.0f} / {a['seo']:.0f}) | {met} |",
                file=out,
            )
    print(
        "\nEach cell: the site's median (the stock page's median, ratio site/stock). Goal: performance at least "
        "the stock page's, LCP and TBT no worse (medians). Accessibility / best practices / SEO: the lowest run.",
        file=out,
    )


def print_diagnostics(runs: dict[str, dict[str, list[dict[str, Any]]]], out: Any = sys.stdout) -> None:
    for page, sides in runs.items():
        for name, side in sides.items():
            d = median_run(side)["diagnostics"]
            print(f"\n### {page}: {name} (median run)\n", file=out)
            print(f"- observed (unthrottled, ms): {d['observed_ms']}", file=out)
            print(f"- long tasks (url, start ms, ms): {d['long_tasks']}", file=out)
            print(f"- main thread (ms): {d['main_thread']}", file=out)
            print(f"- script bootup (ms): {d['bootup']}", file=out)
            print(f"- render-blocking (url, ms): {d['render_blocking']}", file=out)
            print(f"- requests (url, type, bytes, status): {d['requests']}", file=out)
            print(f"- audits below 0.9: {d['below_90']}", file=out)


def _named(spec: str) -> tuple[str, Path]:
    name, _, path = spec.rpartition("=")
    return name or "site", Path(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="[NAME=]DIR",
        help="a built site to measure; repeat for variants, measured in the same rounds (default: build this one)",
    )
    parser.add_argument("--stock", type=Path, help="a built stock Material site (default: build one)")
    parser.add_argument("--pages", default=",".join(run.PAGE_TYPES), help="page types: " + ", ".join(run.PAGE_TYPES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--diagnostics", action="store_true", help="what Lighthouse saw in each median run")
    parser.add_argument("--json", type=Path, help="write every run's figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse reports in this folder")
    args = parser.parse_args()
    sitecheck = _tools()
    missing = [str(p) for p in (run.LIGHTHOUSE, sitecheck.CHROMIUM) if not p.exists()]
    if missing:
        print(f"missing: {', '.join(missing)} (run `npm ci`; apt-get install -y chromium)", file=sys.stderr)
        return 2
    unknown = [p for p in args.pages.split(",") if p not in run.PAGE_TYPES]
    if unknown:
        print(f"unknown page types: {', '.join(unknown)}; expected: {', '.join(run.PAGE_TYPES)}", file=sys.stderr)
        return 2
    from sistercity import load_dataset

    events = load_dataset(ROOT / "data").events
    paths = run.page_paths({event_id: event.actors for event_id, event in events.items()})
    pages = {p: paths[p] for p in args.pages.split(",")}
    work = Path(tempfile.mkdtemp(prefix="ph-lhpair-"))
    try:
        print(f"load average before: {run.load_average()}", file=sys.stderr)
        stock = args.stock or run.stock_material_site(work)
        sites = dict(_named(spec) for spec in args.site) or {"site": this_site(work / "site")}
        runs = measure_pairs(sites, stock, pages, args.rounds, args.keep or work / "reports")
        print_pairs(summarise(runs), args.rounds)
        if args.diagnostics:
            print_diagnostics(runs)
        if args.json:
            args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
        print(f"\nload average after: {run.load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

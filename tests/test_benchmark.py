"""The benchmark's own logic (benchmarks/run.py): settings, figures and their formatting, the
interleaving of Lighthouse runs, the goals, the own-code share and the synthetic data. Nothing
here is timed: performance is measured by the benchmark, never asserted in a test."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from sistercity import load_dataset
from sitebuild import ROOT

_spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
assert _spec and _spec.loader
run = importlib.util.module_from_spec(_spec)
sys.modules["benchmark_run"] = run
_spec.loader.exec_module(run)


# --- settings ---------------------------------------------------------------------------------


def test_sizes_are_read_from_a_comma_separated_list() -> None:
    assert run.parse_sizes("250,1000") == (250, 1000)
    assert run.parse_sizes(" 250 , ") == (250,)
    assert run.parse_sizes("") == ()
    for bad in ("250,x", "0", "-5"):
        with pytest.raises(argparse.ArgumentTypeError):
            run.parse_sizes(bad)


def test_unknown_page_types_are_refused() -> None:
    assert run.parse_pages("home,event") == ("home", "event")
    with pytest.raises(argparse.ArgumentTypeError, match="blog"):
        run.parse_pages("home,blog")


def test_full_run_by_default_quick_run_on_request_explicit_values_win() -> None:
    full = run.settings([])
    assert (full.sizes, full.rounds, full.pages) == ((250, 1000), 3, run.PAGE_TYPES)
    assert full.builds and full.lighthouse and full.serve
    quick = run.settings(["--quick"])
    assert (quick.sizes, quick.rounds, quick.check_runs, quick.serve_rounds) == ((250,), 1, 3, 1)
    mixed = run.settings(["--quick", "--rounds", "5", "--sizes", "", "--skip-serve", "--skip-builds"])
    assert (mixed.rounds, mixed.sizes, mixed.serve, mixed.builds, mixed.lighthouse) == (5, (), False, False, True)
    with pytest.raises(SystemExit):
        run.settings(["--rounds", "0"])


# --- figures and formatting -----------------------------------------------------------------


def test_ratio_and_growth_against_a_base() -> None:
    assert run.ratio(89, 96) == pytest.approx(0.927, abs=1e-3)
    assert run.ratio(0.1, 0) is None  # a CLS of 0 on the stock page
    assert run.growth(110, 100) == pytest.approx(0.10)
    assert run.growth(95, 100) == pytest.approx(-0.05)
    assert run.growth(1, 0) is None


def test_formatting() -> None:
    assert run.fmt_ratio(1.3456) == "1.35×"
    assert run.fmt_ratio(None) == "–"
    assert run.fmt_growth(0.098) == "+9.8 %"
    assert run.fmt_growth(-0.05) == "-5.0 %"
    assert run.fmt_growth(None) == "–"
    assert run.fmt_kib(63 * 1024) == "63 KiB"
    assert run.fmt_kib(2048) == "2.0 KiB"
    assert run.fmt_ms(2570) == "2.57 s"
    assert run.fmt_ms(289.4) == "289 ms"
    assert run.fmt_seconds([0.5, 0.4, 0.9]) == "0.50 s (0.40–0.90 s)"
    assert run.fmt_seconds([]) == "–"
    assert run.fmt_pct(0.05) == "5 %"
    assert [run.fmt_met(m) for m in (True, False, None)] == ["yes", "**no**", "not measured"]


def test_every_site_run_has_a_stock_run_of_its_round_right_next_to_it() -> None:
    order = run.interleaved_order(["home", "event"], 2)
    assert order == [
        (0, "home", "stock"),
        (0, "home", "site"),
        (0, "event", "stock"),
        (0, "event", "site"),
        (1, "home", "site"),
        (1, "home", "stock"),
        (1, "event", "site"),
        (1, "event", "stock"),
    ]
    order = run.interleaved_order(list(run.PAGE_TYPES), 3)
    assert len(order) == 2 * len(run.PAGE_TYPES) * 3
    for i in range(0, len(order), 2):  # consecutive pairs: one page of one round, both sides
        (r1, p1, s1), (r2, p2, s2) = order[i], order[i + 1]
        assert (r1, p1) == (r2, p2) and {s1, s2} == {"site", "stock"}


def test_page_paths_take_the_first_event_and_the_actor_with_most_events() -> None:
    paths = run.page_paths({"1988-a": ["x", "y"], "1990-b": ["y", "z"], "1991-c": ["z"]})
    assert paths == {
        "home": "",
        "timeline": "timeline/",
        "event": "events/1988-a/",
        "actor": "actors/y/",  # y and z have two events each: the first id wins
        "analysis": "analysis/",
    }


# --- goals ------------------------------------------------------------------------------------


def _lh(performance: float, lcp: float, tbt: float) -> dict[str, float]:
    return {"performance": performance, "lcp_ms": lcp, "tbt_ms": tbt}


def test_page_goals_on_medians_with_scores_rounded_as_lighthouse_shows_them() -> None:
    assert run.page_goals(_lh(95.6, 1500, 100), _lh(96.4, 1500, 100)) == {"performance": True, "LCP": True, "TBT": True}
    assert run.page_goals(_lh(89, 2300, 330), _lh(96, 1700, 208)) == {"performance": False, "LCP": False, "TBT": False}


def test_lighthouse_goals_fail_when_one_page_type_is_slower() -> None:
    runs = {
        "home": {"site": [_lh(97, 1000, 50)] * 3, "stock": [_lh(96, 1700, 200)] * 3},
        "event": {"site": [_lh(90, 1000, 50), _lh(99, 1000, 50), _lh(91, 1000, 50)], "stock": [_lh(96, 1700, 200)] * 3},
    }
    goals = {g.goal.split()[0]: g for g in run.lighthouse_goals(runs)}
    assert goals["performance"].met is False  # the event page's median is 91
    assert "event 91 / 96" in goals["performance"].figure
    assert goals["LCP"].met is True and goals["TBT"].met is True


def _visit(*sizes: int) -> object:
    return run.Visit({f"file-{i}": size for i, size in enumerate(sizes)})


def test_visit_goals_measure_growth_against_the_real_record() -> None:
    visits = {
        "real": {"home": _visit(100_000, 50_000), "event": _visit(140_000), "timeline": _visit(150_000)},
        "250 events": {"home": _visit(100_000, 60_000), "event": _visit(150_000), "timeline": _visit(400_000)},
    }
    goals = run.visit_goals(visits)
    home, event, timeline, hosts = goals
    assert home.met is True and home.figure.startswith("+6.7 % at 250 events")
    assert event.met is True
    assert timeline.threshold is False and timeline.verdict() == "– (no threshold)"
    assert hosts.met is True
    visits["250 events"]["home"] = _visit(100_000, 70_000)  # +13.3 %
    visits["250 events"]["event"].other_hosts.append("https://fonts.googleapis.com/css")
    home, event, timeline, hosts = run.visit_goals(visits)
    assert home.met is False and hosts.met is False and "fonts.googleapis.com" in hosts.figure


def _build(name: str, seconds: float, pages: int, own: float = 0.04, nav: int = 0) -> object:
    counts = {"events": 1, "actors": 1, "sectors": 1}
    return run.Build(name, counts, seconds, pages, peak_mb=500, site_mb=10, own_share=own, record_links_in_nav=nav)


def test_build_goals() -> None:
    builds = [_build("real", 10, 1000), _build("250 events", 11, 1000), _build("1000 events", 13, 1000)]
    own, per_page, memory, nav = run.build_goals(builds)
    assert own.met is True and per_page.met is False and "1.30× at 1000 events" in per_page.figure
    assert memory.met is True and nav.met is True
    own, *_ = run.build_goals([_build("real", 10, 1000, own=0.19)])
    assert own.met is False and own.figure == "19.0 % (py-spy)"


def test_check_and_reload_goals() -> None:
    times = run.CheckTimes(wall=[0.5, 1.4, 0.6], cpu=[0.3, 0.3, 0.3], problems="")
    assert run.check_goal(times).met is True
    times.wall = [1.2, 1.4, 0.6]
    assert run.check_goal(times).met is False
    assert run.reload_goal({"id": [2.0, 2.5, 9.0], "en": [2.9, 3.0, 2.0]}).met is True
    assert run.reload_goal({"id": [2.0, 2.5, 9.0], "en": [3.5, 3.1, 2.0]}).met is False  # the English page
    assert run.reload_goal({"id": [2.0], "en": [2.5], "cpu": [6.0]}).met is True  # CPU time: shown, not judged
    assert run.reload_goal({"cpu": [6.0]}).met is None
    absent = run.reload_goal("benchmarks/serve_reload.py is not there")
    assert absent.met is None and "not there" in absent.figure


def test_read_report_takes_the_figures_and_refuses_a_failed_run() -> None:
    audits = {
        "first-contentful-paint": {"numericValue": 1100.0},
        "largest-contentful-paint": {"numericValue": 2300.0},
        "total-blocking-time": {"numericValue": 330.0},
        "cumulative-layout-shift": {"numericValue": 0.0},
        "total-byte-weight": {"numericValue": 150_000},
        "dom-size": {"numericValue": 603},
        "mainthread-work-breakdown": {"numericValue": 1400.0},
        "long-tasks": {"details": {"items": [{}, {}, {}]}},
    }
    report = {
        "requestedUrl": "http://127.0.0.1:1/",
        "categories": {c: {"score": 0.89 if c == "performance" else 1} for c in run.CATEGORIES},
        "audits": audits,
        "environment": {"benchmarkIndex": 2000},
    }
    figures = run.read_report(report)
    assert figures["performance"] == pytest.approx(89) and figures["lcp_ms"] == 2300 and figures["bytes"] == 150_000
    assert (figures["dom"], figures["main_thread_ms"], figures["long_tasks"]) == (603, 1400.0, 3)
    with pytest.raises(SystemExit, match="NO_FCP"):
        run.read_report({**report, "runtimeError": {"code": "NO_FCP"}})


# --- the own-code share and the synthetic data -------------------------------------------------


def test_own_share_counts_hook_frames_but_not_the_other_languages_builds_they_start() -> None:
    hooks = ("/p/hooks/",)
    build = "build (/v/lib/mkdocs/commands/build.py:300)"
    collapsed = "\n".join(
        [
            f"main (/v/bin/mkdocs:1);{build};render (/v/lib/jinja2/env.py:1) 6",  # MkDocs alone
            f"main (/v/bin/mkdocs:1);{build};on_files (/p/hooks/x.py:10) 3",  # own code
            f"main (/v/bin/mkdocs:1);{build};on_post_build (/p/hooks/x.py:20);{build};render (/v/j.py:1) 8",
            f"main (/v/bin/mkdocs:1);{build};on_post_build (/p/hooks/x.py:20);{build};on_files (/p/hooks/x.py:10) 3",
        ]
    )
    assert run.own_share(collapsed, hooks) == pytest.approx(6 / 20)
    assert run.own_share("", hooks) == 0.0


def test_synthetic_data_is_valid_and_has_the_asked_number_of_events(tmp_path: Path) -> None:
    real = load_dataset(ROOT / "data")
    size = 2 * len(real.events) + 5  # three groups: the real ids, then -g1 and -g2 copies
    counts = run.synthetic_data(ROOT / "data", tmp_path, size)
    data = load_dataset(tmp_path)  # valid: every reference resolves, every id is unique
    assert counts["events"] == len(data.events) == size
    assert len(data.sectors) == len(real.sectors)
    assert len(data.sources) == 3 * len(real.sources)
    assert len(data.actors) == len(real.actors)  # new actors every fourth copy only
    first = next(iter(real.events))
    assert first in data.events and f"{first}-g1" in data.events
    copy = data.events[f"{first}-g1"]
    assert copy.source_ids == [f"{s}-g1" for s in real.events[first].source_ids]  # references follow
    assert copy.actors == real.events[first].actors  # the first copy of the actors is the real one


def test_synthetic_copies_add_no_mayor_and_no_place(tmp_path: Path) -> None:
    # The home page's figure draws a band per mayor and the map a point per place: copies that
    # repeated them would make the home page grow with the synthetic record, not the real one.
    real = load_dataset(ROOT / "data")
    size = run.ACTOR_EVERY * len(real.events) + 1  # the first new copy of the actors
    run.synthetic_data(ROOT / "data", tmp_path, size)
    data = load_dataset(tmp_path)
    assert len(data.actors) == 2 * len(real.actors)

    def unique(dataset: Any) -> tuple[int, int]:
        mayors = sum(a.position == "mayor" for a in dataset.actors.values())
        return mayors, sum(a.coordinates is not None for a in dataset.actors.values())

    assert unique(data) == unique(real) and unique(real)[0] > 0 and unique(real)[1] > 0


def test_serve_reload_results_as_seconds_per_page() -> None:
    assert run.as_reloads([2, 3.5]) == {"page": [2.0, 3.5]}
    assert run.as_reloads({"id": [1.5], "en": [2]}) == {"id": [1.5], "en": [2.0]}


def _full_run(performance: float, tbt: float) -> dict[str, float]:
    return {
        **{c: 100.0 for c in run.CATEGORIES},
        "performance": performance,
        "fcp_ms": 1200.0,
        "lcp_ms": 2300.0,
        "tbt_ms": tbt,
        "cls": 0.0,
        "bytes": 150_000.0,
        "dom": 600.0,
        "main_thread_ms": 1400.0,
        "long_tasks": 3.0,
        "benchmark_index": 2000.0,
    }


def test_lighthouse_table_shows_both_sides_the_ratio_and_the_goals(capsys: pytest.CaptureFixture[str]) -> None:
    runs = {"home": {"site": [_full_run(89, 330), _full_run(91, 300)], "stock": [_full_run(96, 200)] * 2}}
    run.print_lighthouse(runs, {"home": ""}, 2, ("1.00", "2.00"))
    out = capsys.readouterr().out
    assert "| home (`/`) | 90 / 96 (0.94×) | 2.30 s / 2.30 s (1.00×) | 315 ms / 200 ms (1.57×) |" in out
    assert "performance **no**, LCP yes, TBT **no**" in out
    assert "| home | 89 / 96, 91 / 96 | 600 (600) | 1.40 s (1.40 s) | 3 (3) |" in out


def test_the_large_timeline_is_reported_against_the_stock_page_without_a_threshold() -> None:
    runs = {"timeline, 1000 events": {"site": [_full_run(60, 900)], "stock": [_full_run(99, 60)]}}
    goal = run.large_timeline_goal(runs, "1000 events")
    assert goal.threshold is False and goal.verdict() == "– (no threshold)"
    assert goal.figure.startswith("performance 60 / 99 (0.61×), LCP 2.30 s / 2.30 s (1.00×), TBT 900 ms / 60 ms")


def test_own_cpu_report_adds_a_second_share_and_both_must_meet_the_goal() -> None:
    report = "build: 5.00 s CPU; own code: 0.95 s = 19.0% (load 9.8)\n   0.400 s   8.0%  hook: on_files"
    assert run.parse_own_cpu(report) == (0.95, 5.0)
    assert run.parse_own_cpu("benchmarks/own_cpu.py is not there") is None
    builds = [_build("real", 10, 1000, own=0.04)]
    own = run.build_goals(builds, report)[0]
    assert own.met is False and own.figure == "4.0 % (py-spy), 19.0 % of the CPU time (own_cpu.py)"
    assert run.build_goals(builds, "build: 5.00 s CPU; own code: 0.20 s = 4.0%")[0].met is True

"""CPU time of one full build spent in the project's own code, by hook and by step.

    .venv/bin/python benchmarks/own_cpu.py            # builds the site in this folder into a temp folder

py-spy's share (run.py) counts samples of wall-clock time, which on a busy machine swings by
several points from run to run. This counts the build thread's CPU time (time.thread_time)
inside the hook module's import and its event functions, without the builds of the other
languages that the default language's hook starts (those count as MkDocs, as in run.py). The
steps below the hooks (render_page, fill_markers, ...) are part of their hook's time. The build
runs in this process, with SOURCE_DATE_EPOCH pinned like the tests'.
"""

from __future__ import annotations

import collections
import importlib.machinery
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOOK = "sistercity_mkdocs"
STEPS = (
    "_load_dataset",
    "_add_downloads",
    "_add_subscriptions",
    "_language_config",
    "fill_markers",
    "page_meta",
    "language_links",
    "valid_html",
)

spent: collections.Counter[str] = collections.Counter()
_stack: list[list[Any]] = []  # [label, start, time spent in nested measured calls]


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        _stack.append([label, time.thread_time(), 0.0])
        try:
            return function(*args, **kwargs)
        finally:
            name, start, nested = _stack.pop()
            elapsed = time.thread_time() - start
            spent[name] += elapsed - nested
            if _stack:
                _stack[-1][2] += elapsed

    return timed


def _instrument() -> None:
    import mkdocs.commands.build
    import mkdocs.plugins

    register = mkdocs.plugins.PluginCollection._register_event

    def register_timed(self: Any, event_name: str, method: Any, plugin_name: str | None = None) -> None:
        if HOOK in getattr(method, "__module__", ""):
            method = _timed(f"hook: on_{event_name}", method)
        register(self, event_name, method, plugin_name)

    mkdocs.plugins.PluginCollection._register_event = register_timed  # type: ignore[method-assign]
    mkdocs.commands.build.build = _timed("mkdocs: other languages", mkdocs.commands.build.build)

    exec_module = importlib.machinery.SourceFileLoader.exec_module

    def exec_timed(self: Any, module: Any) -> None:
        if HOOK not in module.__name__:
            return exec_module(self, module)
        _timed("hook: import", exec_module)(self, module)
        for name in STEPS:  # module globals: the hook's functions look them up at each call
            if hasattr(module, name):
                setattr(module, name, _timed(f"  step: {name}", getattr(module, name)))
        module.Renderer.render_page = _timed("  step: render_page", module.Renderer.render_page)

    importlib.machinery.SourceFileLoader.exec_module = exec_timed  # type: ignore[method-assign]


def main() -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    from mkdocs.commands.build import build  # before _instrument: this build is the one measured
    from mkdocs.config import load_config

    _instrument()

    start = time.thread_time()
    with tempfile.TemporaryDirectory() as site:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=site, strict=True))
    total = time.thread_time() - start
    own = sum(seconds for label, seconds in spent.items() if not label.startswith("mkdocs"))
    print(f"build: {total:.2f} s CPU; own code: {own:.2f} s = {own / total:.1%} (load {os.getloadavg()[0]:.1f})")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        if not label.startswith("mkdocs"):
            print(f"  {seconds:6.3f} s {seconds / total:6.1%}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

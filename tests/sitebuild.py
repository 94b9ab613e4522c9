"""Helpers for tests that run a real `mkdocs build` of a copy of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sistercity.record.languages import LANGUAGES, prefix
from sistercity.render.citation_markers import MARKER as CITATION

__all__ = [
    "LANGUAGES",
    "PINNED_EPOCH",
    "ROOT",
    "Build",
    "build_env",
    "copy_project",
    "mkdocs_command",
    "pages_of",
    "prefix",
    "run_build",
    "skip_or_fail",
]

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "CITATION.cff", "hooks", "overrides", "docs", "data")


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    def html(self, path: str) -> BeautifulSoup:
        """Parsed HTML of a page, by its path inside the site (e.g. 'en/timeline/')."""
        file = self.site / path / "index.html" if not path.endswith(".html") else self.site / path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def pages(self, lang: str) -> set[str]:
        """Directory paths of every page of one language, relative to that language's root."""
        return pages_of(self.site, lang)


def pages_of(site: Path, lang: str) -> set[str]:
    """Folder addresses of one language's pages, relative to that language's root ('' is the home)."""
    base = site / prefix(lang)
    found = set()
    for file in base.rglob("index.html"):
        rel = file.parent.relative_to(base).as_posix()
        if lang == LANGUAGES[0] and rel.split("/")[0] in LANGUAGES[1:]:
            continue
        found.add("" if rel == "." else rel + "/")
    return found


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the parts of the project a build needs into `dest`, optionally with other data.

    The hand-written pages cite records of the real data; with other data those records do not
    exist, so the copied pages lose their citation markers (tests add the ones they need)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if part == "data" and data is not None:
            src = data
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if data is not None:
        for page in (dest / "docs").rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            page.write_text(CITATION.sub("", text), encoding="utf-8")
    return dest


PINNED_EPOCH = 1767225600  # 2026-01-01: the build date of every test build unless a test sets another


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a test's MkDocs run: this one, with the build date pinned."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(PINNED_EPOCH), **extra}


def mkdocs_command(project: Path, *args: str, config: str = "mkdocs.yml") -> list[str]:
    """`mkdocs <args> -f <project>/<config>`, run by this Python."""
    return [sys.executable, "-m", "mkdocs", *args, "-f", str(project / config)]


def run_build(
    project: Path, site: Path, config: str = "mkdocs.yml", options: tuple[str, ...] = ("--strict",), **env: str
) -> Build:
    """`mkdocs build --strict` of `project` into `site`, as a maintainer would run it, or with other
    command-line `options` (e.g. ("--dirty",)); `env` adds environment variables (e.g.
    SOURCE_DATE_EPOCH, GITHUB_ACTIONS)."""
    result = subprocess.run(
        [*mkdocs_command(project, "build", *options, config=config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=build_env(**env),
        cwd=project,
        timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def skip_or_fail(message: str) -> None:
    """A test that needs a tool this machine lacks: skipped locally, failed in CI (CI=true), where
    every tool must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)

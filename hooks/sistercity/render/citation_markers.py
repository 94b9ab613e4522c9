"""Citation markers in hand-written pages: `[[event:1988-founding]]`, `[[source:antara-2012]]`.

A marker links a claim to the record that supports it. Every marker must name a known record;
the pages that cite a record are listed on that record's page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..record.dataset import Dataset
from ..record.errors import Problem

MARKER = re.compile(r"\[\[([a-z]+):([^\]\s]*)\]\]")
KINDS = {"event": "events", "source": "sources", "actor": "actors", "sector": "sectors"}


@dataclass(frozen=True)
class CitingPage:
    src_uri: str
    title: str


@dataclass(frozen=True)
class BadMarker:
    line: int
    message: str


def check_markers(markdown: str, dataset: Dataset) -> list[BadMarker]:
    """Markers in `markdown` that name an unknown kind or record."""
    problems = []
    for match in MARKER.finditer(markdown):
        kind, record_id = match.groups()
        line = markdown.count("\n", 0, match.start()) + 1
        if kind not in KINDS:
            known = ", ".join(KINDS)
            problems.append(
                BadMarker(line, f"unknown citation kind '{kind}' in {match.group(0)}; expected one of: {known}")
            )
        elif record_id not in getattr(dataset, KINDS[kind]):
            problems.append(
                BadMarker(
                    line,
                    f"unknown {kind} '{record_id}' in {match.group(0)}; expected an id from data/{KINDS[kind]}.yml",
                )
            )
    return problems


def marker_problems(display_path: str, markdown: str, dataset: Dataset) -> list[Problem]:
    """`check_markers` as the one-line problems of data files, for the build and the data check."""
    return [Problem(display_path, bad.line, "", bad.message) for bad in check_markers(markdown, dataset)]


def page_title(markdown: str, default: str) -> str:
    """The page's first level-1 heading, which is also its title in the navigation."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.M)
    return match.group(1) if match else default


def index_citations(pages: dict[str, str]) -> dict[tuple[str, str], list[CitingPage]]:
    """(kind, id) -> the pages citing that record, from {src_uri: markdown} of hand-written pages."""
    cited: dict[tuple[str, str], list[CitingPage]] = defaultdict(list)
    for src_uri, markdown in sorted(pages.items()):
        page = CitingPage(src_uri, page_title(markdown, src_uri))
        for kind, record_id in dict.fromkeys(MARKER.findall(markdown)):
            cited[(kind, record_id)].append(page)
    return cited

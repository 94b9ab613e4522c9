"""The markers of hand-written pages, filled in from the data: `<!-- data:key-figures -->` (a
generated fragment or a count, see Renderer.FRAGMENTS and Renderer.COUNTS) and the citation markers of citations.py
(`[[event:1988-founding]]`)."""

from __future__ import annotations

import re

from .citation_markers import MARKER as CITATION
from .renderer import Renderer

DATA_MARKER = re.compile(r"<!--\s*data:([^\s>]*)\s*-->")
# Data markers and citation markers are replaced in one pass, so text from the data that a
# replacement brings into the page is never read as a marker itself.
_ANY_MARKER = re.compile(f"{DATA_MARKER.pattern}|{CITATION.pattern}")


class MarkerError(Exception):
    """A marker the data cannot fill, at a line of the page."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


def fill_markers(markdown: str, renderer: Renderer, src_uri: str) -> str:
    """`markdown` with every marker replaced. Citation markers must have passed
    citations.check_markers; an unknown data marker raises MarkerError."""

    def replace(match: re.Match[str]) -> str:
        name, kind, record_id = match.groups()
        if name is None:
            return renderer.render_citation(kind, record_id, src_uri)
        try:
            return renderer.render_fragment(name, src_uri)
        except KeyError:
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join((*Renderer.FRAGMENTS, *Renderer.COUNTS))
            raise MarkerError(line, f"unknown data marker '{name}'; expected one of: {known}") from None

    return _ANY_MARKER.sub(replace, markdown)

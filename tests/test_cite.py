"""The how-to-cite block comes from CITATION.cff."""

from __future__ import annotations

import datetime as dt

from sistercity.outputs.site_citation import Citation
from sitebuild import ROOT


def test_apa_and_bibtex_from_citation_cff() -> None:
    citation = Citation.from_cff(ROOT / "CITATION.cff", url="https://example.org/record/")
    day = dt.date(2026, 11, 28)
    assert citation.apa(day) == (
        "Padang–Hildesheim record contributors. (2026). Padang – Hildesheim: a public record of a sister-city "
        f"partnership (Version {citation.version}) [Data set]. https://example.org/record/"
    )
    bib = citation.bibtex(day)
    assert bib.startswith("@misc{padang_hildesheim_2026,\n  author = {{Padang–Hildesheim record contributors}},")
    assert "  note = {Version " + citation.version + ", built 2026-11-28}," in bib
    assert bib.endswith("  url = {https://example.org/record/}\n}")


def test_the_version_is_the_projects_version() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert Citation.from_cff(ROOT / "CITATION.cff").version == project["version"]

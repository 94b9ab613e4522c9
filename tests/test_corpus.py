"""The corpus of bad data files in tests/corpus/ (see its README): each stops loading with exactly the
one line stored beside it, and a real `mkdocs build` of a few of them shows what a maintainer sees:
a non-zero exit, that line, and no traceback."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sistercity import DataError, load_dataset
from sistercity.record.yamlfile import MAX_BYTES
from sitebuild import ROOT, copy_project, run_build
from test_loader import JARGON

CORPUS = ROOT / "tests" / "corpus"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

_RECORD = """\
- id: visit-{n:05d}
  date: "2022-11-21"
  type: visit
  title: {{en: Visit number {n}}}
  sectors: [education]
  actors: [city-b]
  sources: [news-2012]
  certainty: uncertain
"""


def very_large_events() -> bytes:
    """Thousands of valid records, one byte over the size limit (made here: megabytes stay out of git)."""
    text = (FIXTURE_DATA / "events.yml").read_text(encoding="utf-8")
    parts = [text]
    size, n = len(text.encode("utf-8")), 0
    while size < MAX_BYTES - 1000:
        parts.append(_RECORD.format(n=n))
        size += len(parts[-1])  # ASCII: one byte per character
        n += 1
    padding = MAX_BYTES + 1 - size - 1
    return "".join(parts).encode("utf-8") + b"#" * padding + b"\n"


GENERATED: dict[str, Callable[[], bytes]] = {"events/very-large-file": very_large_events}


def corpus_cases() -> list[str]:
    """'<kind>/<case>' for every expected line in the corpus."""
    return sorted(f"{path.parent.name}/{path.stem}" for path in CORPUS.glob("*/*.expected"))


def expected_line(case: str) -> str:
    text = (CORPUS / f"{case}.expected").read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 1, f"{case}.expected must hold exactly one line"
    return text.removesuffix("\n")


def data_with(case: str, dest: Path) -> Path:
    """A copy of the fixture data with data/<kind>.yml replaced by the corpus file."""
    data = dest / "data"
    shutil.copytree(FIXTURE_DATA, data)
    kind = case.split("/")[0]
    bad = GENERATED[case]() if case in GENERATED else (CORPUS / f"{case}.yml").read_bytes()
    (data / f"{kind}.yml").write_bytes(bad)
    return data


def test_every_bad_file_has_its_expected_line_and_the_corpus_covers_the_issue() -> None:
    inputs = {f"{path.parent.name}/{path.stem}" for path in CORPUS.glob("*/*.yml")}
    cases = set(corpus_cases())
    assert inputs | set(GENERATED) == cases, "every <case>.yml needs a <case>.expected and the reverse"
    assert not inputs & set(GENERATED)
    assert len(cases) >= 30
    # The problems the issue names, at least one file each.
    named = {
        "tab-indentation", "unclosed-quote", "bad-indentation", "scalar-for-list", "list-for-scalar", "unknown-key",
        "missing-required", "empty-string", "id-with-space", "id-with-capitals", "id-non-ascii", "duplicate-id",
        "duplicate-key", "date-month-13", "date-day-first", "date-in-words", "end-date-before-date",
        "unknown-sector", "unknown-actor", "unknown-source", "unknown-language", "anchor", "alias",
        "very-large-file", "not-utf-8", "empty-file", "top-level-mapping", "yaml11-no", "yaml11-on", "yaml11-octal",
        # issue 13, "Bad input": dates the calendar cannot hold, invisible characters written as
        # escapes, a record part of itself or of a circle, an id named twice in one list
        "date-year-zero", "date-year-only-zero", "date-february-30", "date-arabic-digits", "control-escape-bell",
        "control-escape-nul", "line-separator", "lone-surrogate", "bidi-override", "part-of-itself", "part-of-cycle",
        "duplicate-sector", "duplicate-actor", "duplicate-signatory", "duplicate-source",
    }  # fmt: skip
    assert named <= {case.split("/")[1] for case in cases}


@pytest.mark.parametrize("case", corpus_cases())
def test_a_bad_file_gives_exactly_its_one_clear_line(case: str, tmp_path: Path) -> None:
    expected = expected_line(case)
    kind = case.split("/")[0]
    assert re.match(rf"^data/{kind}\.yml:\d+: (({kind}\[\d+\][^ ]*): )?[^;]+; .+$", expected), expected
    for word in JARGON:
        assert word not in expected
    with pytest.raises(DataError) as caught:
        load_dataset(data_with(case, tmp_path))
    assert [str(problem) for problem in caught.value.problems] == [expected]


BUILT = ["events/tab-indentation", "events/not-utf-8", "events/unknown-sector", "events/duplicate-key"]


@pytest.mark.parametrize("case", [*BUILT, "events/very-large-file"])
def test_a_real_build_stops_with_that_line_and_no_traceback(case: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=data_with(case, tmp_path))
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert "The data files need fixing (1 problem):" in build.log
    assert expected_line(case) in build.log.splitlines()
    assert not (tmp_path / "site" / "index.html").exists()

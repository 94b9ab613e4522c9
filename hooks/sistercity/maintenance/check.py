"""The editors' data check: everything the build checks in the data, without building the site.

    .venv/bin/python -m sistercity.maintenance.check [project folder]      (or .venv/bin/sistercity-check)

Loads and validates the data files (sector icons included) and the citation markers (`[[event:id]]`)
in the hand-written pages, prints each problem as the same one line the build prints, and exits
with 1 if there is any (0 otherwise). In GitHub Actions each problem is also printed as a
workflow annotation, so a pull request shows it on its line. It imports only what loading the
data needs, so that it answers within a second (README, "Check the data").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..record.dataset import Dataset, load_dataset
from ..record.errors import DataError, Problem, github_annotation, in_github_actions
from ..record.languages import LANGUAGES, docs_folder
from ..render.citation_markers import marker_problems

DATA_DIR = "data"


def find_problems(root: Path) -> list[Problem]:
    """Every problem the build would report in the data and the hand-written pages under `root`."""
    try:
        dataset = load_dataset(root / DATA_DIR, display_prefix=DATA_DIR)
    except DataError as exc:
        return exc.problems  # the pages' markers can only be checked against loaded data
    pages = {}
    for lang in LANGUAGES:
        docs = root / docs_folder(lang)
        for page in sorted(docs.rglob("*.md")):
            pages[f"{docs_folder(lang)}/{page.relative_to(docs).as_posix()}"] = page.read_text(encoding="utf-8")
    return marker_problems_in(pages, dataset)


def marker_problems_in(pages: dict[str, str], dataset: Dataset) -> list[Problem]:
    """Citation markers naming unknown records in `pages` ({path as shown: Markdown}), sorted."""
    problems = []
    for display, markdown in pages.items():
        problems += marker_problems(display, markdown, dataset)
    return sorted(set(problems))


def report(problems: list[Problem], stream: TextIO | None = None) -> None:
    """Print `problems` one per line, and as annotations when running in GitHub Actions."""
    stream = stream or sys.stdout
    for problem in problems:
        print(problem, file=stream)
    if in_github_actions():
        for problem in problems:
            print(github_annotation(problem), file=stream)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m sistercity.maintenance.check [project folder]", file=sys.stderr)
        return 2
    root = Path(args[0]) if args else Path.cwd()
    problems = find_problems(root)
    report(problems)
    count = len(problems)
    if count:
        print(f"The data check found {count} problem{'s' * (count != 1)}.", file=sys.stderr)
        return 1
    print("The data check found no problems.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

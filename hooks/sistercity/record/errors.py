"""Problems found in the data files, reported as `file:line: path: message` lines."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one data file, at one place."""

    file: str  # as the maintainer sees it, e.g. "data/events.yml"
    line: int
    path: str  # e.g. "events[7].sectors[1]"; empty for the file as a whole
    message: str  # "<what is wrong>; <what was expected>"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class DataError(Exception):
    """Raised when data files break the contract; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def github_annotation(problem: Problem) -> str:
    """`problem` as a GitHub Actions workflow command, which shows it on its file and line in a pull
    request. Escaped as GitHub's toolkit does: %, CR and LF in the message; also ':' and ',' in the
    properties, which would otherwise end a property."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    title = problem.path or problem.file
    return f"::error file={prop(problem.file)},line={problem.line},title={prop(title)}::{data(problem.message)}"


def in_github_actions() -> bool:
    """True when running in a GitHub Actions job, which sets GITHUB_ACTIONS=true."""
    return os.environ.get("GITHUB_ACTIONS") == "true"

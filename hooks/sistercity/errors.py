"""Problems found in the data files, reported as `file:line: path: message` lines."""

from __future__ import annotations

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

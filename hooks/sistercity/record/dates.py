"""Dates with the precision the source gives: a year, a year and month, or a full day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer
from pydantic_core import PydanticCustomError

# [0-9], not \d: \d also matches other scripts' digits (٢٠٢٢), which int() would read as 2022.
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")

DATE_PATTERN = r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""What editors check while typing (JSON Schema): the form of a date; the loader also checks the calendar."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a year, a month or a day; never with an invented day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `1988`, `1988-06` or `1988-06-20`; raise ValueError with a reader's message."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1:  # four digits allow it, but the calendar (and Python's datetime) starts at year 1
            raise ValueError(f"'{text}' has no year 0 (years start at 0001)")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}' has no day {day} (that month has {last} days)")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out


def _validate(value: Any) -> PartialDate:  # Any: pydantic hands over raw input
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str) or not value.strip():
        found = "no date given" if value is None or isinstance(value, str) else f"found a {type(value).__name__}"
        raise PydanticCustomError(
            "partial_date",
            "{problem}; expected a date written as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1988-06-20",
            {"problem": found},
        )
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise PydanticCustomError(
            "partial_date",
            "{problem}; expected a date written as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1988-06-20",
            {"problem": str(exc)},
        ) from None


# In a data file a date is text: that is what the JSON Schema for editors describes.
_DateText = Annotated[str, Field(pattern=DATE_PATTERN, examples=["1988", "1988-06", "1988-06-20"])]

Date = Annotated[
    PartialDate,
    BeforeValidator(_validate, json_schema_input_type=_DateText),
    PlainSerializer(str, return_type=str),
]

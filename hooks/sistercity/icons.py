"""Sector icons: names from the icon set of Material for MkDocs, the site's theme."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .dataset import Dataset
from .errors import Problem


def icon_folder() -> Path:
    """Material's icon set, found without importing the theme (the data check stays fast)."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None, "Material for MkDocs is not installed"
    return Path(spec.origin).parent / "templates" / ".icons"


def unknown_icons(dataset: Dataset, display_path: str = "data/sectors.yml") -> list[Problem]:
    """A problem for each sector whose icon is not in Material's icon set."""
    icons = icon_folder()
    return [
        Problem(
            display_path,
            dataset.documents["sectors"].line_of((index, "icon")),
            f"sectors[{index}].icon",
            f"unknown icon '{sector.icon}'; expected a Material icon name such as material/school",
        )
        for index, sector in enumerate(dataset.sectors.values())
        if sector.icon and not (icons / f"{sector.icon}.svg").is_file()
    ]

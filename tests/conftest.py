"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
import sitecheck
from sitebuild import Build


@pytest.fixture(scope="module")
def site() -> Build:
    """The real project, built once per test run (`mkdocs build --strict`); modules that need
    another build define their own `site`."""
    build = sitecheck.real_site()
    assert build.returncode == 0, build.log
    return build

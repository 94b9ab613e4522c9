"""Two clean builds of the same sources give byte-identical sites.

The only input besides the sources is the build date, which MkDocs (sitemap.xml.gz's timestamp,
sitemap <lastmod> when site_url is set) and the hook (the "years since" figure) read from
SOURCE_DATE_EPOCH when it is set: CI and the deploy workflow set it to the last commit's time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sitecheck
from sitebuild import PINNED_EPOCH, Build, copy_project, run_build

A_YEAR_LATER = PINNED_EPOCH + 365 * 86400


def build(project: Path, site: Path, epoch: int, hash_seed: str) -> Build:
    result = run_build(project, site, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED=hash_seed)
    assert result.returncode == 0, result.log
    return result


def digests(site: Path) -> dict[str, str]:
    return {
        file.relative_to(site).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(site.rglob("*"))
        if file.is_file()
    }


def differences(a: Path, b: Path) -> list[str]:
    first, second = digests(a), digests(b)
    return sorted(
        [f"only in the first build: {f}" for f in first.keys() - second.keys()]
        + [f"only in the second build: {f}" for f in second.keys() - first.keys()]
        + [f"differs: {f}" for f in first.keys() & second.keys() if first[f] != second[f]]
    )


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    # The second build runs from another folder with another hash seed: no absolute path, set
    # order or dict order may leak into the output.
    first = sitecheck.real_site()
    assert first.returncode == 0, first.log
    project = copy_project(tmp_path / "elsewhere" / "project")
    second = build(project, tmp_path / "site", PINNED_EPOCH, hash_seed="12345")
    assert len(digests(first.site)) > 100
    assert differences(first.site, second.site) == []


def test_comparison_sees_a_different_build_date(tmp_path: Path) -> None:
    # The same sources a year later: the comparison must notice, or it proves nothing.
    first = sitecheck.real_site()
    later = build(copy_project(tmp_path / "project"), tmp_path / "site", A_YEAR_LATER, hash_seed="0")
    found = differences(first.site, later.site)
    assert "differs: sitemap.xml.gz" in found
    assert "differs: index.html" in found  # the home page's "years since" figure
    assert "differs: en/index.html" in found

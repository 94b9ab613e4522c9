"""A source's `archived` address (a copy in a public web archive): checked like `url`, shown next to
the original on the sources page and in event pages' references, and part of the downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.outputs.exports import to_csv, to_json
from sistercity.record.errors import DataError
from sistercity.render.pages import page_specs
from sistercity.render.renderer import Renderer
from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "data"
ARCHIVED = "https://web.archive.org/web/2024/https://example.org/partner"


def _data(tmp: Path, archived: str = ARCHIVED):
    data = tmp / "data"
    shutil.copytree(FIXTURES, data)
    sources = (data / "sources.yml").read_text(encoding="utf-8")
    sources = sources.replace(
        "  url: https://example.org/partner\n", f"  url: https://example.org/partner\n  archived: {archived}\n"
    )
    (data / "sources.yml").write_text(sources, encoding="utf-8")
    return load_dataset(data)


@pytest.mark.parametrize(
    ("lang", "label"), [("id", "salinan arsip"), ("en", "archived copy"), ("de", "archivierte Kopie")]
)
def test_archived_copy_is_shown_next_to_the_original(tmp_path, lang, label) -> None:
    data = _data(tmp_path)
    renderer = Renderer(data, lang, lambda target, source: f"/{target}", dt.date(2026, 11, 28))
    link = f'(<a class="ph-ref__archived" href="{ARCHIVED}" rel="noopener">{label}</a>)'
    specs = {spec.src_uri: spec for spec in page_specs(data)}
    sources_page = renderer.render_page(specs["sources.md"])
    event_page = renderer.render_page(specs["events/1988-founding.md"])
    for text in (sources_page, event_page):
        assert f'href="https://example.org/partner" rel="noopener">https://example.org/partner</a> {link}' in text
    assert sources_page.count("ph-ref__archived") == 1  # only the source that has a copy


def test_archived_copy_is_in_the_downloads(tmp_path) -> None:
    data = _data(tmp_path)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(data, "sources")))}
    assert rows["city-page"]["archived"] == ARCHIVED and rows["news-2012"]["archived"] == ""
    document = json.loads(to_json(data))
    assert document["sources"][0]["archived"] == ARCHIVED


def test_archived_must_be_a_web_address(tmp_path) -> None:
    with pytest.raises(DataError) as caught:
        _data(tmp_path, "web.archive.org/x")
    assert str(caught.value) == (
        "data/sources.yml:8: sources[0].archived: 'web.archive.org/x' is not a web address; "
        "expected one starting with https:// or http://"
    )

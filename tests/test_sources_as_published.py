"""data/sources.yml records sources as published: a title that is either read from the page or marked as
the editors' description, and the page's canonical address rather than a variant of it (AMP, print,
embed, diff, pagination or tracking views, a host with a trailing dot, a share-link artefact)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sistercity import load_dataset
from sistercity.analysis.evidence import address_problem  # one rule set, also behind tests/test_evidence.py

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    "url",
    [
        "https://id.m.wikipedia.org./wiki/Daftar_wali_kota_Padang",
        "https://sumbar.inews.id/amp/berita/padang-dan-hildesheim/all",
        "https://m.antaranews.com/amp/berita/2079062/pelantikan",
        "https://sistercities.org/about-us/what-is-a-sister-city-3/embed/",
        "https://wiki-indonesia.club/w/index.php?diff=cur&oldid=19802511&title=Hendri_Septa",
        "https://www.kompasiana.com/user/62956f/tata-cara?page=2&page_images=1",
        "https://kabaterkini.com/baca/19219/awal-mula-persahabatan/2",
        "https://indonesienmagazin.de/index.php/community/265-im-geiste?tmpl=component&print=1&layout=default",
        "https://tonkuhle.de/nachrichten/45009-gerold-klemke-ist-tot.html?rCH=2",
        "https://www.antaranews.com/berita/3949689/x?utm_source=antaranews&utm_medium=desktop",
        "https://regional.kompas.com/read/2024/02/06/075350678/twitter.com",
    ],
)
def test_variant_addresses_are_recognised(url: str) -> None:
    assert address_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://id.wikipedia.org/wiki/Daftar_wali_kota_Padang",
        "https://peraturan.info/pp/2018/28",
        "https://wiki-indonesia.club/w/index.php?title=Hendri_Septa",
        "http://www.hawk-hhg.de/pressestelle/189939_193985.php",
        "https://regional.kompas.com/read/2024/02/06/075350678",
    ],
)
def test_canonical_addresses_pass(url: str) -> None:
    assert address_problem(url) is None


def test_every_address_in_the_record_is_canonical() -> None:
    dataset = load_dataset(DATA)
    problems = [
        f"{source.id}: {problem} in {source.url}"
        for source in dataset.sources.values()
        if source.url and (problem := address_problem(str(source.url)))
    ]
    assert problems == []


def test_no_title_is_a_bracketed_placeholder() -> None:
    dataset = load_dataset(DATA)
    placeholders = [s.id for s in dataset.sources.values() if re.fullmatch(r"\[.*\]", s.title.strip())]
    assert placeholders == []

"""schema.org JSON-LD from fixture data, safe inside a <script> element."""

from __future__ import annotations

import json

from sistercity import load_dataset
from sistercity.outputs.linked_data import actor_ld, event_ld, page_meta, script_json
from sitebuild import ROOT

DATA = load_dataset(ROOT / "tests" / "fixtures" / "data")


def test_event_description() -> None:
    data = event_ld(DATA.events["2022-trip"], DATA, "de")
    assert data["@type"] == "Event" and data["name"] == "Studienreise"
    assert (data["startDate"], data["endDate"]) == ("2022-11-21", "2022-12-02")
    assert data["organizer"] == [{"@type": "GovernmentOrganization", "name": "Stadt B"}]
    assert event_ld(DATA.events["2012-evening"], DATA, "en")["startDate"] == "2012-02"  # precision kept


def test_official_is_a_person_with_the_office_as_job_title() -> None:
    data = actor_ld(DATA.actors["mayor-a"], "en")
    assert (data["@type"], data["jobTitle"]) == ("Person", "Mayor of A")


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json(event_ld(DATA.events["2012-evening"], DATA, "id"))
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["name"] == "Malam <script>alert(1)</script> informasi"


def test_page_metadata_comes_from_the_pages_record() -> None:
    meta = page_meta(
        DATA,
        "de",
        title="Studienreise &amp; mehr",
        description="",
        url="https://example.org/de/events/2022-trip/",
        is_home=False,
        record=("events", "2022-trip"),
    )
    assert meta["title"] == "Studienreise & mehr"  # front matter arrives HTML-escaped
    assert (meta["type"], meta["locale"]) == ("article", "de_DE")
    assert json.loads(meta["jsonld"])["name"] == "Studienreise"
    actor = page_meta(DATA, "en", title="", description="", url=None, is_home=False, record=("actors", "mayor-a"))
    assert json.loads(actor["jsonld"])["jobTitle"] == "Mayor of A"
    home = page_meta(DATA, "id", title="", description="", url=None, is_home=True, site_name="S", site_description="D")
    assert (json.loads(home["jsonld"])["@type"], home["locale"]) == ("WebSite", "id_ID")
    assert page_meta(DATA, "en", title="", description="", url=None, is_home=False)["jsonld"] is None

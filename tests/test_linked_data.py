"""schema.org JSON-LD from fixture data, safe inside a <script> element."""

from __future__ import annotations

import json

from sistercity import load_dataset
from sistercity.linked_data import actor_ld, event_ld, script_json
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

"""schema.org descriptions (JSON-LD) of events, actors and the site, for search engines."""

from __future__ import annotations

import html
import json
from typing import Any

from ..record.dataset import Dataset
from ..record.languages import site_language
from ..record.models import Actor, Event
from ..render import i18n

_ACTOR_TYPES = {
    "city-government": "GovernmentOrganization",
    "office": "GovernmentOrganization",
    "national-government": "GovernmentOrganization",
    "diplomatic-mission": "GovernmentOrganization",
    "university": "CollegeOrUniversity",
    "agency": "Organization",
    "ngo": "NGO",
    "official": "Person",
}


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: '<', '>' and '&' are escaped, so data cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def event_ld(event: Event, dataset: Dataset, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": i18n.localize(event.title, lang).text,
        "startDate": str(event.date),
        "inLanguage": lang,
    }
    if event.end_date:
        data["endDate"] = str(event.end_date)
    if event.summary:
        data["description"] = i18n.localize(event.summary, lang).text
    if event.place:
        data["location"] = {"@type": "Place", "name": i18n.localize(event.place, lang).text}
    data["organizer"] = [
        {"@type": _ACTOR_TYPES[dataset.actors[a].kind], "name": i18n.localize(dataset.actors[a].name, lang).text}
        for a in event.actors
    ]
    return data


def actor_ld(actor: Actor, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _ACTOR_TYPES[actor.kind],
        "name": i18n.localize(actor.name, lang).text,
    }
    if actor.office:
        data["jobTitle"] = i18n.localize(actor.office, lang).text
    if actor.description:
        data["description"] = i18n.localize(actor.description, lang).text
    if actor.url:
        data["url"] = actor.url
    return data


def website_ld(name: str, description: str, lang: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "description": description,
        "inLanguage": lang,
    }


def page_meta(
    dataset: Dataset,
    lang: str,
    *,
    title: str,
    description: str,
    url: str | None,
    is_home: bool,
    record: tuple[str | None, str | None] = (None, None),
    site_name: str = "",
    site_description: str = "",
) -> dict[str, Any]:
    """Open Graph, Twitter and schema.org data for a page, made without any outside service.

    `record` is the (data file, id) of the record a generated page shows, e.g. ("events",
    "1988-founding"). Front-matter values of generated pages arrive HTML-escaped (they are
    printed unescaped by Material's templates); the meta tags escape on output, so they get the
    plain text here."""
    kind, record_id = record
    jsonld = None
    if kind == "events" and record_id in dataset.events:
        jsonld = script_json(event_ld(dataset.events[record_id], dataset, lang))
    elif kind == "actors" and record_id in dataset.actors:
        jsonld = script_json(actor_ld(dataset.actors[record_id], lang))
    elif is_home:
        jsonld = script_json(website_ld(site_name, site_description, lang))
    return {
        "title": html.unescape(title),
        "description": html.unescape(description),
        "type": "website" if is_home else "article",
        "locale": site_language(lang).og_locale,
        "url": url,
        "jsonld": jsonld,
    }

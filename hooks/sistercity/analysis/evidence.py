"""How well the record shows its evidence: events still without a quote, and web addresses that
are not the canonical address of what they cite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from ..record.dataset import Dataset
from ..record.errors import Problem
from ..record.yamlfile import YamlDocument, format_loc


@dataclass(frozen=True)
class UnquotedEvent:
    """An event that cites a source with a web address but carries no quote from any source."""

    file: str  # "data/events.yml"
    line: int  # the line of its `sources` key, where a quote goes
    path: str  # e.g. "events[3].sources"
    event_id: str
    online_sources: tuple[str, ...]  # ids of its sources that have a url


def events_without_quote(dataset: Dataset) -> list[UnquotedEvent]:
    """Events with at least one online source and no quote yet, in the order of the file."""
    doc = dataset.documents["events"]
    found = []
    for index, raw in enumerate(doc.data or []):
        event = dataset.events[raw["id"]]  # the data loaded, so every record has its unique id
        online = tuple(c.source for c in event.sources if dataset.sources[c.source].url)
        if online and not any(c.quote for c in event.sources):
            loc = (index, "sources")
            found.append(UnquotedEvent(doc.display_path, doc.line_of(loc), format_loc("events", loc), event.id, online))
    return found


# --- canonical addresses -----------------------------------------------------------------------

# Query keys that only track where a reader came from; the page is the same without them.
_TRACKING = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|rch)$")
# A share button's target left at the end of an address by a copy-and-paste.
_SHARE_TARGET = re.compile(r"^(twitter|facebook|whatsapp)\.com$", re.I)


def address_problem(url: str) -> str | None:
    """Why `url` is not the canonical address of what it cites, or None when it is.

    News sites and wikis serve one text under many addresses (an AMP copy, a print view, an
    embed, a comparison of revisions, the second page, a link with tracking codes); such addresses
    change or vanish sooner than the page itself, and several of them make one source look like
    many. A wiki's revision permalink (?oldid= alone) is kept: it is the stable address of the
    version that was read."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    segments = [s.lower() for s in parts.path.split("/") if s]
    typed = [key for key, _ in parse_qsl(parts.query, keep_blank_values=True)]
    query = {(key.lower(), value.lower()) for key, value in parse_qsl(parts.query, keep_blank_values=True)}
    keys = {key for key, _ in query}
    last = segments[-1] if segments else ""
    if host.endswith("."):
        return "its host ends in a dot; expected the host without the final dot"
    if host.startswith("amp.") or "amp" in segments or "amp" in keys or ("outputtype", "amp") in query:
        return "it is the AMP copy of a page; expected the address of the page itself, without the AMP part"
    if host.startswith("m.antaranews."):  # ANTARA's mobile copy; its articles live on the main host
        return "it is the mobile copy of a page; expected the address on the site's main host"
    if "print" in segments or "print" in keys or ("tmpl", "component") in query or "layout" in keys:
        return "it is the print view of a page; expected the address of the page itself"
    if "embed" in segments:
        return "it is the embedded view of a page; expected the address of the page itself, without /embed/"
    if "all" in segments:
        return "it is the all-pages view of a text; expected the address of the text itself, without /all"
    if "diff" in keys:
        return "it is a comparison of revisions of a wiki page; expected the page or one revision's permalink"
    if keys & {"page", "page_images"} or "page" in segments[-2:-1] or re.fullmatch(r"[2-9]", last):
        return "it is a later page of a text; expected the address of its first page"
    if _SHARE_TARGET.match(last):
        return "it ends in a share button's target; expected the address without it"
    tracking = [key for key in typed if _TRACKING.match(key.lower())]
    if tracking:
        return f"it carries the tracking parameter '{tracking[0]}'; expected the address without it"
    return None


def address_problems(doc: YamlDocument) -> list[Problem]:
    """One problem per web address in the sources file that is not canonical, at its line."""
    problems = []
    for index, raw in enumerate(doc.data or []):
        url = raw.get("url") if isinstance(raw, dict) else None
        reason = address_problem(url) if isinstance(url, str) else None
        if reason:
            loc = (index, "url")
            problems.append(
                Problem(doc.display_path, doc.line_of(loc), format_loc(doc.root, loc), f"'{url}': {reason}")
            )
    return problems

"""Proposals without Git: the issue forms, and a proposal's form body turned into records.

    PYTHONPATH=hooks python -m sistercity.maintenance.proposals forms [--check]      # .github/ISSUE_TEMPLATE/
    PYTHONPATH=hooks python -m sistercity.maintenance.proposals convert --body FILE --issue N --out DIR

The forms' choices (types, precision, sectors, actors, sources) are made from data/ and the
models, so a form never offers an id that does not exist; a test fails while the committed forms
are out of date. `convert` reads the body GitHub makes of a filled-in form, builds the event (and a
new source where the address is new), validates it together with the existing data with the same
loader that builds the site, and either writes the problems (one line each, in the proposer's
language) or appends the records to data/events.yml and data/sources.yml, leaving every existing
byte as it was.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlsplit

import yaml

from ..record.dataset import Dataset, load_dataset
from ..record.dates import PartialDate
from ..record.errors import DataError
from ..record.models import (
    ID_PATTERN,
    LANGUAGE_CODES,
    LANGUAGES,
    QUOTE_MAX,
    URL_PATTERN,
    AgreementKind,
    EventType,
    Host,
    Side,
    SourceKind,
)
from ..render.i18n import translate
from ..render.issue_forms import CORRECTION_FORM, PROPOSE_FORM

STRINGS_FILE = Path(__file__).with_name("proposal_strings.yml")
ROOT = Path(__file__).resolve().parents[3]
FORMS_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
PROPOSAL_LABEL = "proposal"
CORRECTION_LABEL = "correction"
NO_RESPONSE = "_No response_"
SEP = " · "  # between an option's id and its names; never in an id, and options hold no commas
LANGUAGE_OPTIONS = {"Bahasa Indonesia": "id", "English": "en", "Deutsch": "de"}
PRECISIONS = ("day", "month", "year")


@cache
def strings() -> dict[str, dict[str, str]]:
    with STRINGS_FILE.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml, as for the other files


def say(key: str, lang: str, **values: str) -> str:
    return strings()[key][lang].format(**values)


def trilingual(key: str, sep: str = SEP) -> str:
    """'Tanggal · Date · Datum': the form speaks all three languages at once."""
    return sep.join(dict.fromkeys(strings()[key][lang] for lang in LANGUAGES))


# --- the forms --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    id: str
    kind: str  # input, textarea, dropdown
    required: bool = False
    multiple: bool = False
    hint: str | None = None  # key of the description in proposal_strings.yml

    @property
    def label(self) -> str:
        return trilingual(f"field.{self.id}")


PROPOSAL_FIELDS: tuple[Field, ...] = (
    Field("language", "dropdown", required=True),
    Field("date", "input", required=True, hint="field.date.hint"),
    Field("precision", "dropdown", required=True),
    Field("end_date", "input", hint="field.end_date.hint"),
    Field("type", "dropdown", required=True),
    Field("agreement_kind", "dropdown", hint="field.agreement_kind.hint"),
    Field("title_id", "input", hint="field.title.hint"),
    Field("title_en", "input", hint="field.title.hint"),
    Field("title_de", "input", hint="field.title.hint"),
    Field("summary_id", "textarea"),
    Field("summary_en", "textarea"),
    Field("summary_de", "textarea"),
    Field("place", "input"),
    Field("host", "dropdown"),
    Field("sectors", "dropdown", required=True, multiple=True),
    Field("actors", "dropdown", required=True, multiple=True),
    Field("new_actor", "textarea", hint="field.new_actor.hint"),
    Field("sources", "dropdown", multiple=True),
    Field("source_url", "input"),
    Field("source_title", "input", hint="field.source_title.hint"),
    Field("source_publisher", "input"),
    Field("source_date", "input", hint="field.date.hint"),
    Field("source_kind", "dropdown"),
    Field("source_side", "dropdown"),
    Field("source_language", "input", hint="field.source_language.hint"),
    Field("quote", "textarea", hint="field.quote.hint"),
    Field("locator", "input", hint="field.locator.hint"),
    Field("notes", "textarea"),
)
FIELDS_BY_ID = {f.id: f for f in PROPOSAL_FIELDS}

CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("language", "dropdown", required=True),
    Field("record", "input", required=True, hint="field.record.hint"),
    Field("wrong", "textarea", required=True),
    Field("right", "textarea"),
    Field("evidence", "textarea", required=True, hint="field.evidence.hint"),
)


def _plain(text: str) -> str:
    # Dropdown options are joined with ", " in the issue body: keep commas out of them.
    return " ".join(text.replace(",", "").split())


def _names(texts: dict[str, str]) -> str:
    return " / ".join(dict.fromkeys(_plain(texts[lang]) for lang in LANGUAGES if lang in texts))


def _vocabulary_options(prefix: str, values: tuple[str, ...]) -> list[str]:
    return [f"{v}{SEP}{_names({lang: translate(f'{prefix}.{v}', lang) for lang in LANGUAGES})}" for v in values]


def options(dataset: Dataset) -> dict[str, list[str]]:
    """The choices of each dropdown, each starting with the id that the conversion reads back."""
    return {
        "language": list(LANGUAGE_OPTIONS),
        "precision": [f"{p}{SEP}{_names(strings()[f'precision.{p}'])}" for p in PRECISIONS],
        "type": _vocabulary_options("type", get_args(EventType)),
        "agreement_kind": _vocabulary_options("agreement_kind", get_args(AgreementKind)),
        "host": [
            f"{h}{SEP}{_names({lang: translate(f'host.{h}', lang) for lang in LANGUAGES})}" for h in get_args(Host)
        ],
        "sectors": [f"{s.id}{SEP}{_names(s.name)}" for s in sorted(dataset.sectors.values(), key=lambda s: s.id)],
        "actors": [f"{a.id}{SEP}{_names(a.name)}" for a in sorted(dataset.actors.values(), key=lambda a: a.id)],
        "sources": [f"{s.id}{SEP}{_plain(s.title)[:70]}" for s in sorted(dataset.sources.values(), key=lambda s: s.id)],
        "source_kind": _vocabulary_options("source_kind", get_args(SourceKind)),
        "source_side": [
            f"{s}{SEP}{_names({lang: translate(f'side.{s}', lang) for lang in LANGUAGES})}" for s in get_args(Side)
        ],
    }


def _element(f: Field, choices: dict[str, list[str]]) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": f.label}
    if f.hint:
        attributes["description"] = trilingual(f.hint, " / ")
    if f.kind == "dropdown":
        attributes["multiple"] = f.multiple
        attributes["options"] = choices[f.id]
    return {"type": f.kind, "id": f.id, "attributes": attributes, "validations": {"required": f.required}}


def _form(name_key: str, intro_key: str, label: str, title: str, fields: tuple[Field, ...], choices: dict) -> str:
    intro = "\n\n".join(strings()[intro_key][lang] for lang in LANGUAGES)
    form = {
        "name": trilingual(name_key, " / "),
        "description": trilingual(f"{name_key.rsplit('.', 1)[0]}.description", " / "),
        "title": title,
        "labels": [label],
        "body": [{"type": "markdown", "attributes": {"value": intro}}, *(_element(f, choices) for f in fields)],
    }
    header = (
        "# Generated from data/ by `PYTHONPATH=hooks python -m sistercity.maintenance.proposals forms`: "
        "do not edit by hand.\n"
        "# A test fails while this file is out of date with the data (new sectors, actors, sources).\n"
    )
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


def render_forms(dataset: Dataset) -> dict[str, str]:
    """The issue forms, by file name."""
    choices = options(dataset)
    return {
        PROPOSE_FORM: _form(
            "form.propose.name", "form.propose.intro", PROPOSAL_LABEL, "Proposal: ", PROPOSAL_FIELDS, choices
        ),
        CORRECTION_FORM: _form(
            "form.correction.name",
            "form.correction.intro",
            CORRECTION_LABEL,
            "Correction: ",
            CORRECTION_FIELDS,
            choices,
        ),
    }


# --- reading a filled-in form --------------------------------------------------------------------


def parse_body(body: str, fields: tuple[Field, ...] = PROPOSAL_FIELDS) -> tuple[dict[str, str], list[str]]:
    """The answers in an issue body made by GitHub from a form: `### <label>` then the answer.
    Returns the answers by field id (empty ones left out) and the ids whose heading is missing."""
    by_label = {f.label: f.id for f in fields}
    answers: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            text = "\n".join(lines).strip()
            if text and text != NO_RESPONSE:
                answers[current] = text

    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### ") and line[4:].strip() in by_label:
            close()
            current, lines = by_label[line[4:].strip()], []
        elif current is not None:
            lines.append(line)
    close()
    seen = {by_label[line[4:].strip()] for line in body.splitlines() if line[4:].strip() in by_label}
    return answers, [f.id for f in fields if f.id not in seen]


def _choice_ids(answer: str) -> list[str]:
    return [item.split(SEP, 1)[0].strip() for item in answer.split(", ") if item.strip()]


@dataclass
class Proposal:
    """What a form body became: records to append, or the problems that stop it."""

    lang: str
    problems: list[str] = field(default_factory=list)
    event_id: str | None = None
    event_yaml: str = ""
    source_id: str | None = None
    source_yaml: str = ""
    new_actors: str = ""
    notes: str = ""
    title: str = ""


def _slug(text: str, words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)[:words]
    return "-".join(parts)[:50].strip("-")


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`, whatever it holds (quotes,
    colons, '#', '&', '*', '!', line breaks, Unicode line separators, control characters)."""
    out = json.dumps(text, ensure_ascii=False)
    # JSON leaves these raw; YAML would read them as line breaks or refuse them.
    for ch in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", out)


def _id_or_quoted(value: str) -> str:
    return value if re.match(ID_PATTERN, value) else yaml_quote(value)


def _text_block(key: str, texts: dict[str, str]) -> list[str]:
    return [f"  {key}:", *(f"    {lang}: {yaml_quote(texts[lang])}" for lang in LANGUAGES if lang in texts)]


def event_yaml(record: dict[str, Any]) -> str:
    """The event as the maintainers write it, every text quoted so that it stays text."""
    lines = [f"- id: {record['id']}", f"  date: {yaml_quote(record['date'])}"]
    if "end_date" in record:
        lines.append(f"  end_date: {yaml_quote(record['end_date'])}")
    lines.append(f"  type: {_id_or_quoted(record['type'])}")
    lines += _text_block("title", record["title"])
    if "summary" in record:
        lines += _text_block("summary", record["summary"])
    if "place" in record:
        lines.append(f"  place: {yaml_quote(record['place'])}")
    if "host" in record:
        lines.append(f"  host: {_id_or_quoted(record['host'])}")
    for key in ("sectors", "actors"):
        lines.append(f"  {key}: [{', '.join(_id_or_quoted(v) for v in record[key])}]")
    lines.append("  sources:")
    for citation in record["sources"]:
        if isinstance(citation, str):
            lines.append(f"    - {_id_or_quoted(citation)}")
            continue
        lines.append(f"    - source: {_id_or_quoted(citation['source'])}")
        for key in ("quote", "locator"):
            if key in citation:
                lines.append(f"      {key}: {yaml_quote(citation[key])}")
    lines.append(f"  certainty: {record['certainty']}")
    if "agreement" in record:
        lines.append(f"  agreement: {{kind: {_id_or_quoted(record['agreement']['kind'])}, signatories: []}}")
    return "\n".join(lines) + "\n"


def source_yaml(record: dict[str, Any]) -> str:
    lines = [f"- id: {record['id']}"]
    for key in ("title", "kind", "side", "publisher", "date", "url", "language"):
        if key in record:
            value = record[key]
            shown = _id_or_quoted(value) if key in ("kind", "side", "language") else yaml_quote(value)
            lines.append(f"  {key}: {shown}")
    return "\n".join(lines) + "\n"


def append_block(original: bytes, block: str) -> bytes:
    """The file with `block` appended: every existing byte stays as it was (no YAML round trip),
    separated the way the file separates its records."""
    text = original
    if text and not text.endswith(b"\n"):
        text += b"\n"
    gap = b"\n" if b"\n\n- id:" in original else b""
    return text + gap + block.encode("utf-8")


_FIELD_OF_PATH = {
    # path in the data files -> form field, for problems the models find
    ("events", "date"): "date",
    ("events", "end_date"): "end_date",
    ("events", "type"): "type",
    ("events", "place"): "place",
    ("events", "host"): "host",
    ("events", "sectors"): "sectors",
    ("events", "actors"): "actors",
    ("events", "agreement"): "agreement_kind",
    ("sources", "url"): "source_url",
    ("sources", "title"): "source_title",
    ("sources", "publisher"): "source_publisher",
    ("sources", "date"): "source_date",
    ("sources", "kind"): "source_kind",
    ("sources", "side"): "source_side",
    ("sources", "language"): "source_language",
}


def _field_for(path: str) -> str:
    match = re.match(r"(\w+)\[\d+\]\.?(\w*)(?:\.(\w+))?(?:\[\d+\])?\.?(\w*)", path)
    if not match:
        return "date"
    kind, name, sub, leaf = match.groups()
    if name in ("title", "summary") and sub in LANGUAGES:
        return f"{name}_{sub}"
    if name == "sources" and (leaf in ("quote", "locator")):
        return leaf
    if name == "sources":
        return "sources"
    return _FIELD_OF_PATH.get((kind, name), "notes")


class _Reader:
    """Turns answers into raw records, collecting problems in the proposer's language."""

    def __init__(self, answers: dict[str, str], lang: str, dataset: Dataset) -> None:
        self.answers, self.lang, self.dataset = answers, lang, dataset
        self.problems: list[str] = []

    def label(self, field_id: str) -> str:
        return strings()[f"field.{field_id}"][self.lang]

    def problem(self, key: str, field_id: str = "", value: str = "", **extra: str) -> None:
        shown = " ".join(value.replace("`", "'").split())[:120]
        self.problems.append(say(key, self.lang, field=self.label(field_id) if field_id else "", value=shown, **extra))

    def text(self, field_id: str, one_line: bool = False) -> str | None:
        value = self.answers.get(field_id)
        if value is not None and one_line and "\n" in value.strip():
            self.problem("problem.one_line", field_id)
        return value.strip() if value is not None else None

    def date(self, field_id: str, precision: str | None = None) -> str | None:
        value = self.text(field_id, one_line=True)
        if value is None:
            return None
        try:
            parsed = PartialDate.parse(value)
        except ValueError:
            self.problem("problem.date", field_id, value)
            return None
        if precision and parsed.precision != precision:
            given, chosen = (strings()[f"precision.{p}"][self.lang] for p in (parsed.precision, precision))
            self.problem("problem.precision", field_id, value, given=given, chosen=chosen)
            return None
        return str(parsed)

    def choice(self, field_id: str, allowed: tuple[str, ...] | dict[str, Any]) -> list[str]:
        answer = self.answers.get(field_id)
        if answer is None:
            return []
        chosen = []
        for value in _choice_ids(answer):
            if value in allowed:
                chosen.append(value)
            else:
                self.problem("problem.unknown", field_id, value)
        return chosen


def read_proposal(body: str, dataset: Dataset) -> tuple[Proposal, dict[str, Any] | None, dict[str, Any] | None]:
    """The proposal's raw event and new source (None where problems stop them)."""
    answers, missing = parse_body(body)
    lang = LANGUAGE_OPTIONS.get(answers.get("language", "").strip(), "en")
    proposal = Proposal(lang=lang)
    reader = _Reader(answers, lang, dataset)
    if missing:  # the text was changed by hand: say so rather than lose an answer
        for field_id in missing:
            proposal.problems.append(say("problem.form_changed", lang, field=reader.label(field_id)))
        return proposal, None, None
    for field_id in ("date", "precision", "type", "sectors", "actors"):
        if field_id not in answers:
            reader.problem("problem.required", field_id)

    precision = next(iter(reader.choice("precision", PRECISIONS)), None)
    event: dict[str, Any] = {}
    date = reader.date("date", precision)
    end_date = reader.date("end_date")
    if date and end_date and PartialDate.parse(end_date).last_day() < PartialDate.parse(date).first_day():
        reader.problem("problem.end_before_start", "end_date", end_date)
    event_type = next(iter(reader.choice("type", get_args(EventType))), None)
    agreement_kind = next(iter(reader.choice("agreement_kind", get_args(AgreementKind))), None)
    if event_type == "agreement" and not agreement_kind:
        reader.problem("problem.agreement_kind", "agreement_kind")
    if event_type and event_type != "agreement" and agreement_kind:
        reader.problem("problem.not_agreement", "agreement_kind")
    titles = {lang: t for lang in LANGUAGES if (t := reader.text(f"title_{lang}", one_line=True))}
    if not titles:
        reader.problem("problem.title")
    summaries = {lang: t for lang in LANGUAGES if (t := reader.text(f"summary_{lang}"))}
    sectors = reader.choice("sectors", dataset.sectors)
    actors = reader.choice("actors", dataset.actors)
    host = next(iter(reader.choice("host", get_args(Host))), None)
    cited = reader.choice("sources", dataset.sources)

    source: dict[str, Any] | None = None
    url = reader.text("source_url", one_line=True)
    if url is not None and not re.match(URL_PATTERN, url):
        reader.problem("problem.url", "source_url", url)
    elif url is not None:
        existing = next((s.id for s in dataset.sources.values() if url in (s.url, s.archived)), None)
        if existing:
            cited = [existing, *(c for c in cited if c != existing)]
        else:
            source = _new_source(reader, url, date)
    quote = reader.text("quote")
    locator = reader.text("locator", one_line=True)
    if not cited and source is None and url is None:
        reader.problem("problem.no_source")
    if quote and len(" ".join(quote.split())) > QUOTE_MAX:
        reader.problem("problem.check", "quote", f"longer than {QUOTE_MAX} characters; shorten it with '...'")

    proposal.new_actors = answers.get("new_actor", "")
    proposal.notes = answers.get("notes", "")
    if reader.problems:
        proposal.problems = reader.problems
        return proposal, None, None

    assert date and event_type and titles
    first_title = titles.get("en") or titles.get("id") or titles["de"]
    event["id"] = _unique(f"{date[:4]}-{_slug(first_title) or 'event'}", set(dataset.events))
    event["date"] = date
    if end_date:
        event["end_date"] = end_date
    event["type"] = event_type
    event["title"] = titles
    if summaries:
        event["summary"] = summaries
    if place := reader.text("place", one_line=True):
        event["place"] = place
    if host:
        event["host"] = host
    event["sectors"], event["actors"] = sectors, actors
    ids = ([source["id"]] if source else []) + cited
    citations: list[Any] = list(ids)
    if quote or locator:
        first: dict[str, str] = {"source": ids[0]}
        if quote:
            first["quote"] = " ".join(quote.split())  # a passage is one line; its line breaks are layout
        if locator:
            first["locator"] = locator
        citations[0] = first
    event["sources"] = citations
    event["certainty"] = "confirmed" if len(ids) >= 2 else "single-source"
    if event_type == "agreement":
        event["agreement"] = {"kind": agreement_kind, "signatories": []}
    proposal.event_id, proposal.title = event["id"], first_title
    proposal.source_id = source["id"] if source else None
    return proposal, event, source


def _new_source(reader: _Reader, url: str, event_date: str | None) -> dict[str, Any] | None:
    title = reader.text("source_title", one_line=True)
    kind = next(iter(reader.choice("source_kind", get_args(SourceKind))), None)
    side = next(iter(reader.choice("source_side", get_args(Side))), None)
    for field_id, value in (("source_title", title), ("source_kind", kind), ("source_side", side)):
        if not value:
            reader.problem("problem.new_source_field", field_id)
    publisher = reader.text("source_publisher", one_line=True)
    date = reader.date("source_date")
    language = reader.text("source_language", one_line=True)
    if language is not None and language.lower() not in LANGUAGE_CODES:
        reader.problem("problem.language_code", "source_language", language)
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    year = (date or event_date or "")[:4]
    base = "-".join(p for p in (_slug(host.rsplit(".", 1)[0], 3), year) if p) or "source"
    record: dict[str, Any] = {"id": _unique(base, set(reader.dataset.sources))}
    record.update(title=title, kind=kind, side=side)
    if publisher:
        record["publisher"] = publisher
    if date:
        record["date"] = date
    record["url"] = url
    if language:
        record["language"] = language.lower()
    return record


def convert(body: str, data_dir: Path) -> Proposal:
    """Read the form body, build the records and check them together with `data_dir`. Nothing
    is written to `data_dir`; a Proposal without problems holds the YAML to append."""
    try:
        dataset = load_dataset(data_dir)
    except DataError as exc:  # the existing data is broken: not the proposer's fault, but say it
        return Proposal(lang="en", problems=[f"data/: {p}" for p in exc.problems])
    proposal, event, source = read_proposal(body, dataset)
    if event is None:
        return proposal
    proposal.event_yaml = event_yaml(event)
    proposal.source_yaml = source_yaml(source) if source else ""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        starts = {}
        for kind, block in (("events", proposal.event_yaml), ("sources", proposal.source_yaml)):
            if block:
                path = copy / f"{kind}.yml"
                new = append_block(path.read_bytes(), block)
                starts[f"data/{kind}.yml"] = new.count(b"\n") - block.count("\n") + 1
                path.write_bytes(new)
        try:
            load_dataset(copy)
        except DataError as exc:
            reader = _Reader({}, proposal.lang, dataset)
            for p in exc.problems:
                if p.file in starts and p.line >= starts[p.file]:
                    reader.problem("problem.check", _field_for(p.path), p.message)
                else:
                    reader.problems.append(str(p))
            proposal.problems = reader.problems
    return proposal


def apply(proposal: Proposal, data_dir: Path) -> None:
    """Append the proposal's records to the data files (only what `convert` checked)."""
    assert not proposal.problems and proposal.event_yaml
    for kind, block in (("sources", proposal.source_yaml), ("events", proposal.event_yaml)):
        if block:
            path = data_dir / f"{kind}.yml"
            path.write_bytes(append_block(path.read_bytes(), block))


def _fenced(text: str) -> str:
    # A fence longer than any run of backticks inside, so nothing in the text can close it.
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def pr_body(proposal: Proposal, issue: int) -> str:
    """The pull request's description, for the reviewing maintainer (in English)."""
    lines = [
        f"Closes #{issue} once merged. Made by the proposal workflow from the issue form; nothing here is checked "
        "against the sources yet.",
        "",
        "Review:",
        "",
        "- [ ] every statement in the event is in the cited source (open it; compare the quote word for word);",
        "- [ ] the date has the precision the source gives; certainty follows the number of sources;",
        "- [ ] titles are in the language of their key; the id is sensible (it becomes the page address);",
        "- [ ] officials appear by public office; no private persons;",
    ]
    if proposal.source_id:
        lines.append(f"- [ ] the new source `{proposal.source_id}`: title as published, kind, side, language.")
    lines += [
        "",
        f"Event: `{proposal.event_id}`" + (f"; new source: `{proposal.source_id}`" if proposal.source_id else ""),
    ]
    if proposal.new_actors.strip():
        lines += [
            "",
            "**Actors not in the list** (add them to data/actors.yml with a source, then to the event's `actors`):",
            "",
            _fenced(proposal.new_actors),
        ]
    if proposal.notes.strip():
        lines += ["", "Notes from the proposer:", "", _fenced(proposal.notes)]
    return "\n".join(lines) + "\n"


def comment(proposal: Proposal) -> str:
    if proposal.problems:
        return say("comment.problems", proposal.lang) + "\n\n" + "\n".join(f"- {p}" for p in proposal.problems) + "\n"
    return say("comment.ok", proposal.lang) + " "


# --- command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sistercity.maintenance.proposals", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    forms = commands.add_parser("forms", help="write the issue forms from the data")
    forms.add_argument("--data", type=Path, default=ROOT / "data")
    forms.add_argument("--out", type=Path, default=FORMS_DIR)
    forms.add_argument("--check", action="store_true", help="only check that the committed forms are current")
    conv = commands.add_parser("convert", help="turn an issue body into records, or problems")
    conv.add_argument("--body", type=Path, required=True, help="the issue body, as a file")
    conv.add_argument("--data", type=Path, default=Path("data"))
    conv.add_argument("--issue", type=int, required=True)
    conv.add_argument("--out", type=Path, required=True, help="folder for status, comment.md, pr-title, pr-body.md")
    args = parser.parse_args(argv)

    if args.command == "forms":
        try:
            dataset = load_dataset(args.data)
        except DataError as exc:
            print(exc, file=sys.stderr)
            return 2
        stale = []
        for name, text in render_forms(dataset).items():
            path = args.out / name
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    stale.append(path)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
        for path in stale:
            print(
                f"{path} is out of date with data/; regenerate: "
                "PYTHONPATH=hooks python -m sistercity.maintenance.proposals forms"
            )
        return 1 if stale else 0

    proposal = convert(args.body.read_text(encoding="utf-8"), args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "comment.md").write_text(comment(proposal), encoding="utf-8")
    if proposal.problems:
        (args.out / "status").write_text("problems\n", encoding="utf-8")
        print("\n".join(proposal.problems))
        return 0
    apply(proposal, args.data)
    title = f"Proposal #{args.issue}: {' '.join(proposal.title.split())[:80]}"
    (args.out / "pr-title").write_text(title + "\n", encoding="utf-8")
    (args.out / "pr-body.md").write_text(pr_body(proposal, args.issue), encoding="utf-8")
    (args.out / "status").write_text("ok\n", encoding="utf-8")
    print(f"appended event {proposal.event_id}" + (f" and source {proposal.source_id}" if proposal.source_id else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

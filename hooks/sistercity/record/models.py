"""The data contract: one pydantic model per record kind, with the vocabularies maintainers use.

The field descriptions are written for maintainers; they end up in the JSON Schemas that editors
use (see schema.py). A validator's `json_schema_input_type` describes what a maintainer types in
the YAML file (text), where that differs from what the loader makes of it.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from babel import Locale
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .dates import Date
from .languages import LANGUAGES

Language = Literal[LANGUAGES]  # type: ignore[valid-type]  # the codes of languages.py, as a type

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


def _check_id(value: Any) -> Any:
    if isinstance(value, str) and not _ID.match(value):
        raise PydanticCustomError(
            "record_id",
            "'{value}' is not a valid id; expected lowercase letters a-z, digits and single hyphens, "
            "e.g. 1988-founding",
            {"value": value},
        )
    return value


RecordId = Annotated[
    str,
    BeforeValidator(_check_id, json_schema_input_type=Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]),
    Field(max_length=80),
]


def _check_text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty_text", "the text is empty; expected some text, or leave the field out")
    return value.strip() if isinstance(value, str) else value


def _check_one_line(value: str) -> str:
    if "\n" in value:
        raise PydanticCustomError("one_line", "the text has a line break; expected a single line")
    return value


# For editors: some text that is not only spaces; for a Line, no line break inside it.
_SOME_TEXT = Annotated[str, Field(pattern=r"\S")]
_ONE_LINE_PATTERN = r"^\s*\S([^\n]*\S)?\s*$"
_ONE_LINE = Annotated[str, Field(pattern=_ONE_LINE_PATTERN)]

Paragraphs = Annotated[str, BeforeValidator(_check_text, json_schema_input_type=_SOME_TEXT)]
Line = Annotated[str, BeforeValidator(_check_text, json_schema_input_type=_ONE_LINE), AfterValidator(_check_one_line)]


def _same_in_all_languages(value: Any) -> Any:
    # A proper name written as plain text is the same in every language.
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, _check_text(value))  # one problem for empty text, not one per language
    return value


Text = Annotated[dict[Language, Paragraphs], Field(min_length=1)]
"""Text for readers: a mapping from language code to text, at least one language."""
LineText = Annotated[dict[Language, Line], Field(min_length=1)]
Name = Annotated[
    dict[Language, Line],
    Field(min_length=1),
    BeforeValidator(_same_in_all_languages, json_schema_input_type=Line | LineText),
]
"""A name: plain text (the same in every language) or a mapping like Text."""


URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"


def _check_url(value: Any) -> Any:
    if isinstance(value, str) and not re.match(URL_PATTERN, value.strip()):
        raise PydanticCustomError(
            "http_url",
            "'{value}' is not a web address; expected one starting with https:// or http://",
            {"value": value},
        )
    return value.strip() if isinstance(value, str) else value


def _check_flag(value: Any) -> Any:
    # The loader keeps every scalar as typed; only YAML's own words for yes and no are accepted.
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise PydanticCustomError("flag", "'{value}' is not a yes/no value; expected true or false", {"value": value})
    return value


Flag = Annotated[bool, BeforeValidator(_check_flag, json_schema_input_type=bool)]

Url = Annotated[str, BeforeValidator(_check_url, json_schema_input_type=Annotated[str, Field(pattern=URL_PATTERN)])]


COUNTRY_CODES: tuple[str, ...] = tuple(sorted(c for c in Locale("en").territories if re.match(r"^[A-Z]{2}$", c)))
"""ISO 3166 alpha-2 codes known to the locale data (Babel's CLDR)."""


def _check_country(value: Any) -> Any:
    if isinstance(value, str) and value not in COUNTRY_CODES:
        raise PydanticCustomError(
            "country",
            "'{value}' is not a country code; expected an ISO 3166 alpha-2 code in capitals, e.g. ID or DE",
            {"value": value},
        )
    return value


Country = Annotated[
    str,
    BeforeValidator(_check_country, json_schema_input_type=Annotated[str, WithJsonSchema({"enum": COUNTRY_CODES})]),
]


LANGUAGE_CODES: tuple[str, ...] = tuple(sorted(c for c in Locale("en").languages if re.match(r"^[a-z]{2}$", c)))
"""ISO 639-1 codes known to the locale data (Babel's CLDR)."""


def _check_language_code(value: Any) -> Any:
    if isinstance(value, str) and value not in LANGUAGE_CODES:
        raise PydanticCustomError(
            "language_code",
            "'{value}' is not a language code; expected an ISO 639-1 code such as id, en or de",
            {"value": value},
        )
    return value


LanguageCode = Annotated[
    str,
    BeforeValidator(
        _check_language_code, json_schema_input_type=Annotated[str, WithJsonSchema({"enum": LANGUAGE_CODES})]
    ),
]

SourceKind = Literal[
    "web", "news", "press-release", "journal", "thesis", "book", "law", "document", "report", "blog", "reference"
]
ActorKind = Literal[
    "city-government",
    "office",
    "official",
    "national-government",
    "diplomatic-mission",
    "university",
    "agency",
    "ngo",
]
EventType = Literal[
    "agreement",
    "visit",
    "meeting",
    "conference",
    "ceremony",
    "cultural-event",
    "exchange",
    "programme",
    "aid",
    "announcement",
]
Certainty = Literal["confirmed", "single-source", "uncertain"]
Side = Literal["padang", "hildesheim", "third-party"]
Position = Literal["mayor", "vice-mayor"]
"""A city's mayor or vice mayor: the figures compare activity across their terms."""
Host = Literal["padang", "hildesheim", "online", "elsewhere"]
"""Where an event took place, for counting activity on each side."""
"""Whose view a source gives: Padang or Indonesian, Hildesheim or German, or neither."""
AgreementKind = Literal["administrative-agreement", "mou", "loi", "minutes", "contract", "partnership-agreement"]

VOCABULARIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # prefix of the values' interface words in ui_strings.yml -> (data file, field, the values it takes)
    "type": ("events", "type", get_args(EventType)),
    "certainty": ("events", "certainty", get_args(Certainty)),
    "agreement_kind": ("events", "agreement.kind", get_args(AgreementKind)),
    "actor_kind": ("actors", "kind", get_args(ActorKind)),
    "source_kind": ("sources", "kind", get_args(SourceKind)),
    "side": ("sources", "side", get_args(Side)),
    "position": ("actors", "position", get_args(Position)),
    "host": ("events", "host", get_args(Host)),
}
"""The fixed lists of values a field takes, for the contributor guide."""

REFERENCE_FIELDS: dict[str, dict[str, str]] = {
    # record kind -> field holding ids -> the file those ids live in
    "actors": {"sources": "sources", "part_of": "actors", "disagreements[].claims[].source": "sources"},
    "events": {
        "sectors": "sectors",
        "actors": "actors",
        "sources[].source": "sources",  # a plain id in the list stands for {source: id}
        "agreement.signatories": "actors",
        "disagreements[].claims[].source": "sources",
    },
}


def _only_when(field: str, value: str, required: tuple[str, ...], allowed: tuple[str, ...]) -> dict[str, Any]:
    """For editors, the rule a model validator enforces: the fields `required` must be given when
    `field` is `value`, and the fields `allowed` must be left out (or empty) otherwise."""
    return {
        "if": {"properties": {field: {"const": value}}, "required": [field]},
        "then": {"required": list(required), "properties": {name: {"not": {"type": "null"}} for name in required}},
        "else": {"properties": {name: {"type": "null"} for name in allowed}},
    }


# For editors, the rule the loader enforces in lists of ids (dataset.py): each id once.
_EACH_ONCE: dict[str, Any] = {"uniqueItems": True}


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: RecordId = Field(description="Id of the source that says it.")
    says: LineText = Field(description="What that source says, briefly, e.g. {en: since 1982, de: seit 1982}.")


class Disagreement(BaseModel):
    """Sources that contradict each other on one point: each claim is shown, none is picked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: LineText = Field(description="The point in question, e.g. {en: Start of the university link}.")
    claims: Annotated[list[Claim], Field(min_length=2)] = Field(description="What each source says (two or more).")


Disagreements = Annotated[list[Disagreement], Field(min_length=1)]


QUOTE_MAX = 600
"""Hard limit of a quote's length; the guide asks for about 300 characters (a citation, not a copy)."""


def _check_quote_length(value: str) -> str:
    if len(value) > QUOTE_MAX:
        raise PydanticCustomError(
            "quote_too_long",
            "the quote has {length} characters; expected at most {limit} (about 300 is enough: "
            "cite the passage that supports the event, shorten it with ... where needed)",
            {"length": len(value), "limit": QUOTE_MAX},
        )
    return value


Quote = Annotated[
    str,
    BeforeValidator(
        _check_text, json_schema_input_type=Annotated[str, Field(pattern=_ONE_LINE_PATTERN, max_length=QUOTE_MAX)]
    ),
    AfterValidator(_check_one_line),
    AfterValidator(_check_quote_length),
]


class Citation(BaseModel):
    """One source cited for an event, optionally with the passage that supports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: RecordId = Field(description="Id of the source.")
    quote: Quote | None = Field(
        None,
        description="The passage that supports the event, copied verbatim in the source's own language, on one "
        "line; about 300 characters at most (hard limit 600), '...' for cuts.",
    )
    locator: Line | None = Field(
        None, description="Where in the source the passage stands, e.g. 'paragraph 2', 'p. 14', 'minute 3:10'."
    )


def _citation_from_id(value: Any) -> Any:
    # A plain id is the short form of a citation without quote or locator.
    return {"source": value} if isinstance(value, str) else value


CitationItem = Annotated[
    Citation,
    BeforeValidator(
        _citation_from_id,
        json_schema_input_type=Annotated[str, Field(pattern=ID_PATTERN, max_length=80)] | Citation,
    ),
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: RecordId = Field(
        description="Unique within its file; lowercase letters, digits, hyphens. "
        "Used in URLs: never change or reuse it."
    )


class Source(Record):
    """A publication that supports facts in the record."""

    title: Line = Field(description="The title as published, in its original language (titles are not translated).")
    kind: SourceKind = Field(description="What sort of publication it is.")
    side: Side = Field(
        description="Whose view it gives: padang (Padang, Indonesian), hildesheim (Hildesheim, German), third-party."
    )
    authors: list[Line] | None = Field(None, description="Authors as credited, if any.")
    publisher: Line | None = Field(None, description="Publisher, outlet or website.")
    date: Date | None = Field(
        None, description="Publication date with the precision given: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    url: Url | None = Field(None, description="Web address (http or https).")
    language: LanguageCode | None = Field(None, description="Language of the publication, ISO 639-1 (id, en, de, ...).")
    accessed: Date | None = Field(None, description="When the address was last checked.")
    archived: Url | None = Field(
        None,
        description="A copy of the page in a public web archive (e.g. web.archive.org), shown next to url; "
        "the weekly link check lists dead sources without one first.",
    )
    title_by_editors: Flag = Field(
        False,
        description="true when no published title could be read and 'title' is a description written by the "
        "editors; the site shows it in square brackets with a note. Leave out for a title as published.",
    )


class Coordinates(BaseModel):
    """A point on the map, in decimal degrees (south and west negative)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lat: Annotated[float, Field(ge=-90, le=90)] = Field(description="Latitude, e.g. -0.95 for 0°57′S.")
    lon: Annotated[float, Field(ge=-180, le=180)] = Field(description="Longitude, e.g. 100.353 for 100°21′E.")


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Date = Field(alias="from", description="Start of the term.")
    to: Date | None = Field(None, description="End of the term; leave out while in office or when no source gives it.")

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.to is not None and self.to.last_day() < self.from_.first_day():
            raise PydanticCustomError(
                "term_order",
                "the term ends ({to}) before it starts ({start}); expected 'to' on or after 'from'",
                {"to": str(self.to), "start": str(self.from_)},
            )
        return self


class Actor(Record):
    """A government, office, official, institution or association that takes part."""

    model_config = ConfigDict(
        json_schema_extra=_only_when("kind", "official", ("office",), ("office", "term", "position"))
    )

    name: Name = Field(
        description="Name; plain text if it is the same in every language, else {id: ..., en: ..., de: ...}."
    )
    kind: ActorKind = Field(description="What sort of actor it is.")
    country: Country = Field(description="ISO 3166 alpha-2 country code, e.g. ID or DE.")
    city: Name | None = Field(None, description="City, if the actor belongs to one.")
    description: Text | None = Field(None, description="A short description for readers.")
    url: Url | None = Field(None, description="Official web address.")
    part_of: RecordId | None = Field(
        None, description="Id of the actor this one belongs to (e.g. an office of a city government)."
    )
    office: LineText | None = Field(
        None, description="For officials: the public office, e.g. {id: Wali Kota Padang, en: Mayor of Padang}."
    )
    term: Term | None = Field(None, description="For officials: the term in that office.")
    position: Position | None = Field(
        None, description="For officials: mayor or vice-mayor of the city in part_of (used by the figures)."
    )
    coordinates: Coordinates | None = Field(
        None, description="For a city government: where the city lies, for the map; cite the source in sources."
    )
    sources: Annotated[list[RecordId], Field(min_length=1)] = Field(
        description="Ids of the sources that document this actor.", json_schema_extra=_EACH_ONCE
    )
    disagreements: Disagreements | None = Field(None, description="Points on which the sources contradict each other.")

    @model_validator(mode="after")
    def _officials_have_office(self) -> Actor:
        if self.kind == "official" and self.office is None:
            raise PydanticCustomError("official_office", "an official needs 'office'; expected the public office held")
        if self.kind != "official" and (self.office is not None or self.term is not None or self.position is not None):
            raise PydanticCustomError(
                "office_for_officials",
                "'office', 'term' and 'position' belong to officials; expected kind: official or none of them",
            )
        return self


_ICON = r"^(material|fontawesome/(solid|regular|brands)|octicons|simple)/[a-z0-9-]+$"


@functools.cache
def _icon_folder() -> Path | None:
    # The theme's own icon set is the vocabulary of sector icons. find_spec locates the installed
    # mkdocs-material package without importing it (the core does not run MkDocs code).
    spec = importlib.util.find_spec("material")
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))) / "templates" / ".icons" if locations else None


def _check_icon(value: str) -> str:
    folder = _icon_folder()
    if folder is not None and not (folder / f"{value}.svg").is_file():
        raise PydanticCustomError(
            "unknown_icon",
            "unknown icon '{value}'; expected a Material icon name such as material/school",
            {"value": value},
        )
    return value


class Sector(Record):
    """A field of cooperation."""

    name: LineText = Field(description="Name of the sector in each language.")
    description: Text = Field(description="What the sector covers.")
    icon: Annotated[str, Field(pattern=_ICON), AfterValidator(_check_icon)] | None = Field(
        None, description="A Material for MkDocs icon name, e.g. material/school."
    )


class Agreement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AgreementKind = Field(description="What was signed.")
    signatories: list[RecordId] = Field(
        description="Ids of the actors who signed; [] if no source names them.", json_schema_extra=_EACH_ONCE
    )
    term_years: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="Validity in years, if the source gives it."
    )


class Event(Record):
    """Something that happened in the partnership, dated as precisely as a source allows."""

    model_config = ConfigDict(json_schema_extra=_only_when("type", "agreement", ("agreement",), ("agreement",)))

    date: Date = Field(description="When it happened (or began): YYYY, YYYY-MM or YYYY-MM-DD.")
    end_date: Date | None = Field(None, description="When it ended, for events that lasted more than a day.")
    type: EventType = Field(description="What kind of event it is; 'agreement' for MoU, LoI and minutes signings.")
    title: LineText = Field(description="A short title in each language.")
    summary: Text | None = Field(None, description="What happened, in a few sentences.")
    place: Name | None = Field(None, description="Where it happened.")
    host: Host | None = Field(
        None, description="Where it took place: padang, hildesheim, online or elsewhere (for the per-side counts)."
    )
    sectors: Annotated[list[RecordId], Field(min_length=1)] = Field(
        description="Ids of the sectors it belongs to.", json_schema_extra=_EACH_ONCE
    )
    actors: Annotated[list[RecordId], Field(min_length=1)] = Field(
        description="Ids of the actors taking part.", json_schema_extra=_EACH_ONCE
    )
    sources: Annotated[list[CitationItem], Field(min_length=1)] = Field(
        description="The sources that document it: each an id, or {source: id, quote: ..., locator: ...} "
        "with the passage that supports the event."
    )
    certainty: Certainty = Field(description="confirmed (two or more sources), single-source, or uncertain.")
    agreement: Agreement | None = Field(None, description="For type agreement: what was signed, by whom, for how long.")
    disagreements: Disagreements | None = Field(None, description="Points on which the sources contradict each other.")

    @property
    def source_ids(self) -> list[str]:
        """Ids of the cited sources, in the order given."""
        return [citation.source for citation in self.sources]

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.end_date is not None and self.end_date.last_day() < self.date.first_day():
            raise PydanticCustomError(
                "date_order",
                "end_date {end} is before date {start}; expected end_date on or after date",
                {"end": str(self.end_date), "start": str(self.date)},
            )
        if self.type == "agreement" and self.agreement is None:
            raise PydanticCustomError(
                "agreement_missing", "an event of type agreement needs 'agreement'; expected kind and signatories"
            )
        if self.type != "agreement" and self.agreement is not None:
            raise PydanticCustomError(
                "agreement_type", "'agreement' belongs to events of type agreement; expected type: agreement"
            )
        return self


RECORD_MODELS: dict[str, type[Record]] = {"sources": Source, "actors": Actor, "sectors": Sector, "events": Event}
"""Each data file (by stem, in loading order) and the model of its records."""

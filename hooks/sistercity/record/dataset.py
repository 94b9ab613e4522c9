"""Load the four data files into one checked, cross-referenced Dataset."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import DataError, Problem
from .models import RECORD_MODELS, REFERENCE_FIELDS, Actor, Event, Record, Sector, Source
from .validation import validate_record
from .yamlfile import Loc, YamlDocument, format_loc, read_yaml

T = TypeVar("T")


@dataclass
class Dataset:
    """All records, by id, with the indexes the pages need. Events are sorted by date."""

    sources: dict[str, Source]
    actors: dict[str, Actor]
    sectors: dict[str, Sector]
    events: dict[str, Event]
    documents: dict[str, YamlDocument] = field(repr=False)
    _derived: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, once for this Dataset: what is made from the records alone (the same in
        every language, such as the downloads) is made once for all the builds that share the
        Dataset (load_dataset_cached). `key` names it and everything else it depends on."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def __post_init__(self) -> None:
        self.events = dict(sorted(self.events.items(), key=lambda kv: (kv[1].date.first_day(), kv[0])))
        self._order = list(self.events.values())
        self._position = {event_id: i for i, event_id in enumerate(self.events)}
        self.events_by_sector: dict[str, list[Event]] = defaultdict(list)
        self.events_by_actor: dict[str, list[Event]] = defaultdict(list)
        self.citations: dict[str, list[Record]] = defaultdict(list)
        for event in self.events.values():
            for sector_id in event.sectors:
                self.events_by_sector[sector_id].append(event)
            involved = dict.fromkeys([*event.actors, *(event.agreement.signatories if event.agreement else [])])
            for actor_id in involved:
                self.events_by_actor[actor_id].append(event)
            for source_id in event.source_ids:
                self.citations[source_id].append(event)
        self.parts_of: dict[str, list[Actor]] = defaultdict(list)  # actor id -> actors that are part of it
        for actor in self.actors.values():
            for source_id in actor.sources:
                self.citations[source_id].append(actor)
            if actor.part_of:
                self.parts_of[actor.part_of].append(actor)

    def neighbours(self, event: Event) -> tuple[Event | None, Event | None]:
        """The events just before and just after `event` in time (the record's date order)."""
        i = self._position[event.id]
        return (self._order[i - 1] if i > 0 else None, self._order[i + 1] if i + 1 < len(self._order) else None)

    def related(self, event: Event, limit: int = 5) -> list[Event]:
        """Up to `limit` other events that share actors or sectors with `event`, most related first.

        A shared actor or sector counts for more the fewer events it has (1 / its number of
        events), so two events of the same university exchange are closer than two events that
        merely both involve the City of Padang. Actors and sectors in more than half of all events
        (the two city governments) say nothing about relatedness and are left out. Ties go to the
        event nearer in time, then to the earlier one. Computed once per event and limit (every
        language's page shows the same)."""
        return self.derived(("related", event.id, limit), lambda: self._related(event, limit))

    def _related(self, event: Event, limit: int) -> list[Event]:
        half = len(self.events) / 2
        score: dict[str, float] = defaultdict(float)
        for groups, ids in ((self.events_by_actor, event.actors), (self.events_by_sector, event.sectors)):
            for key in ids:
                others = groups.get(key, [])
                if len(others) > half:
                    continue
                for other in others:
                    if other.id != event.id:
                        score[other.id] += 1 / len(others)
        start = event.date.first_day()

        def rank(event_id: str) -> tuple[float, int, object, str]:
            other = self.events[event_id]
            return (
                -round(score[event_id], 9),
                abs((other.date.first_day() - start).days),
                other.date.first_day(),
                event_id,
            )

        return [self.events[i] for i in sorted(score, key=rank)[:limit]]

    @property
    def agreements(self) -> list[Event]:
        return [e for e in self.events.values() if e.type == "agreement"]

    def sides_of(self, event: Event) -> list[str]:
        """Whose sources document `event`, in the order padang, hildesheim, third-party."""
        found = {self.sources[source_id].side for source_id in event.source_ids}
        return [side for side in ("padang", "hildesheim", "third-party") if side in found]

    def one_sided(self, event: Event) -> bool:
        """True when only Padang's or only Hildesheim's sources document `event`."""
        return self.sides_of(event) in (["padang"], ["hildesheim"])

    def documented_only_by(self, side: str) -> list[Event]:
        """Events whose every source speaks for `side`."""
        return [e for e in self.events.values() if self.sides_of(e) == [side]]

    def line_of(self, kind: str, record_id: str) -> int:
        """Line where the record `record_id` of data/<kind>.yml starts."""
        doc = self.documents[kind]
        for index, raw in enumerate(doc.data or []):
            if isinstance(raw, dict) and raw.get("id") == record_id:
                return doc.line_of((index,))
        return 1


def load_dataset(data_dir: Path, display_prefix: str = "data") -> Dataset:
    """Read and check every data file in `data_dir`; raise DataError listing every problem."""
    problems: list[Problem] = []
    records: dict[str, dict[str, Record]] = {}
    documents: dict[str, YamlDocument] = {}
    for kind, model in RECORD_MODELS.items():
        display = f"{display_prefix}/{kind}.yml"
        try:
            doc = read_yaml(data_dir / f"{kind}.yml", display, kind)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        documents[kind] = doc
        records[kind] = _validate_file(doc, model, problems)
    if not problems:
        problems.extend(_check_references(records, documents))
        problems.extend(_check_repeated_sources(documents["events"]))
    if not problems:
        problems.extend(_check_part_of(records["actors"], documents["actors"]))  # type: ignore[arg-type]
    if problems:
        raise DataError(problems)
    return Dataset(
        sources=records["sources"],  # type: ignore[arg-type]
        actors=records["actors"],  # type: ignore[arg-type]
        sectors=records["sectors"],  # type: ignore[arg-type]
        events=records["events"],  # type: ignore[arg-type]
        documents=documents,
    )


_last_load: tuple[tuple[object, ...], Dataset] | None = None


def load_dataset_cached(data_dir: Path, display_prefix: str = "data") -> Dataset:
    """`load_dataset`, reusing the previous result while the files' bytes are unchanged.

    One `mkdocs build` builds the three languages in one process from the same files, and
    `mkdocs serve` rebuilds after edits elsewhere; reading them once saves most of the load
    time. The Dataset is shared, so nothing may change it after loading."""
    global _last_load
    try:
        contents = tuple(hashlib.sha256((data_dir / f"{kind}.yml").read_bytes()).digest() for kind in RECORD_MODELS)
    except OSError:
        return load_dataset(data_dir, display_prefix)  # its message names the file that cannot be read
    key = (data_dir.resolve(), display_prefix, contents)
    if _last_load is not None and _last_load[0] == key:
        return _last_load[1]
    dataset = load_dataset(data_dir, display_prefix)
    _last_load = (key, dataset)
    return dataset


def _validate_file(doc: YamlDocument, model: type[Record], problems: list[Problem]) -> dict[str, Record]:
    example = "- id: ...\n    title: ..."
    if doc.data is None:
        problems.append(
            Problem(
                doc.display_path,
                1,
                "",
                f"the file is empty; expected a list of records, each starting with '{example.splitlines()[0]}'",
            )
        )
        return {}
    if not isinstance(doc.data, list):
        found = "a mapping" if isinstance(doc.data, dict) else "a single value"
        problems.append(
            Problem(
                doc.display_path,
                doc.line_of(()),
                "",
                f"the file holds {found}; expected a list of records, each starting with '- id: ...'",
            )
        )
        return {}
    result: dict[str, Record] = {}
    first_line: dict[str, int] = {}
    for index, raw in enumerate(doc.data):
        record, found = validate_record(model, raw, index, doc)
        problems.extend(found)
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str) and raw_id in first_line:
            problems.append(
                Problem(
                    doc.display_path,
                    doc.line_of((index, "id")),
                    format_loc(doc.root, (index, "id")),
                    f"duplicate id '{raw_id}' (first used on line {first_line[raw_id]}); "
                    "expected every id once per file",
                )
            )
            continue
        if isinstance(raw_id, str):
            first_line[raw_id] = doc.line_of((index, "id"))
        if record is not None:
            result[record.id] = record
        problems.extend(_repeated_ids(raw, index, doc))
    return result


def _repeated_ids(raw: object, index: int, doc: YamlDocument) -> list[Problem]:
    """An id named twice in one list of ids (sectors, actors, signatories, an actor's sources):
    the second time adds nothing, and is most often a slip for another id. Ids inside lists of
    mappings are not items of a list of ids: an event's citations have their own check
    (`_check_repeated_sources`), and two claims of a disagreement may come from one source."""
    problems = []
    for dotted in REFERENCE_FIELDS.get(doc.root, {}):
        if "[]" in dotted:
            continue  # a list of mappings, such as citations or claims
        first: dict[tuple[Loc, str], Loc] = {}
        for where, ref in _ids_at(raw, dotted.split("."), (index,)):
            if not isinstance(where[-1], int):
                continue  # a single id, or one inside a mapping
            key = (where[:-1], ref)
            if key not in first:
                first[key] = where
                continue
            problems.append(
                Problem(
                    doc.display_path,
                    doc.line_of(where),
                    format_loc(doc.root, where),
                    f"'{ref}' is named twice in this list (first as {format_loc(doc.root, first[key])}); "
                    "expected each id once",
                )
            )
    return problems


def _check_part_of(actors: dict[str, Actor], doc: YamlDocument) -> list[Problem]:
    """`part_of` must lead up to an actor that is part of nothing: an actor that is part of itself,
    or a circle (a in b, b in a), has no top and would make the actors' pages refer in a ring."""
    problems = []
    reported: set[str] = set()
    for index, actor in enumerate(actors.values()):
        chain = [actor.id]
        while (parent := actors[chain[-1]].part_of) is not None and parent not in chain:
            chain.append(parent)
        if parent != actor.id or actor.id in reported:
            continue  # no circle, or one that does not pass through this actor, or already reported
        reported.update(chain)
        where = (index, "part_of")
        if len(chain) == 1:
            message = f"'{actor.id}' is part of itself; expected the id of another actor, the one it belongs to"
        else:
            circle = " → ".join([*chain, actor.id])
            message = (
                f"part_of goes round in a circle ({circle}); expected a chain that ends at an actor without part_of"
            )
        problems.append(Problem(doc.display_path, doc.line_of(where), format_loc(doc.root, where), message))
    return problems


def _check_references(records: dict[str, dict[str, Record]], documents: dict[str, YamlDocument]) -> list[Problem]:
    problems = []
    for kind, fields in REFERENCE_FIELDS.items():
        doc = documents[kind]
        for index, raw in enumerate(doc.data):
            for dotted, target in fields.items():
                for where, ref in _ids_at(raw, dotted.split("."), (index,)):
                    if ref in records[target]:
                        continue
                    known = sorted(records[target])
                    import difflib  # only for a wrong value: not imported on every build

                    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
                    problems.append(
                        Problem(
                            doc.display_path,
                            doc.line_of(where),
                            format_loc(kind, where),
                            f"unknown {_SINGULAR[target]} '{ref}'{hint}; "
                            f"expected an id from data/{target}.yml: {shown}",
                        )
                    )
    return problems


def _check_repeated_sources(doc: YamlDocument) -> list[Problem]:
    """A source cited twice for one event: its quotes belong in one citation, and the count of
    sources (certainty, sides) must not count it twice."""
    problems = []
    for index, raw in enumerate(doc.data):
        first: dict[str, int] = {}
        for where, ref in _ids_at(raw, ["sources[]", "source"], (index,)):
            if ref in first:
                problems.append(
                    Problem(
                        doc.display_path,
                        doc.line_of(where),
                        format_loc(doc.root, where),
                        f"source '{ref}' is cited twice for this event (first as sources[{first[ref]}]); "
                        "expected each source once, with one quote",
                    )
                )
            else:
                first[ref] = int(where[2])  # where is (index, "sources", i) or (..., i, "source")
    return problems


def _ids_at(value: object, parts: list[str], loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Ids found along a path like ['disagreements[]', 'claims[]', 'source'], with their places."""
    if not parts:
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, list):
            yield from (((*loc, i), item) for i, item in enumerate(value) if isinstance(item, str))
        return
    part, rest = parts[0], parts[1:]
    child = value.get(part.removesuffix("[]")) if isinstance(value, dict) else None
    if part.endswith("[]"):
        for i, item in enumerate(child if isinstance(child, list) else []):
            if isinstance(item, str) and rest == ["source"]:
                yield (*loc, part[:-2], i), item  # a citation's short form: the id alone
            else:
                yield from _ids_at(item, rest, (*loc, part[:-2], i))
    else:
        yield from _ids_at(child, rest, (*loc, part))


_SINGULAR = {"sources": "source", "actors": "actor", "sectors": "sector", "events": "event"}

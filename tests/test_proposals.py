"""Proposals without Git (hooks/sistercity/maintenance/proposals.py): the issue forms made from the data, and
form bodies (tests/fixtures/proposals/, as GitHub writes them) turned into records or problems."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from sistercity import load_dataset
from sistercity.maintenance import proposals
from sistercity.record.errors import DataError
from sistercity.render.pages import page_specs
from sistercity.render.renderer import Renderer
from sistercity.render.terminology import retired_in
from sitebuild import ROOT, copy_project, run_build

FIXTURES = ROOT / "tests" / "fixtures" / "proposals"
DATA = ROOT / "data"
REPO = "https://github.com/example/padang-hildesheim"


def body(name: str) -> str:
    return (FIXTURES / f"{name}.md").read_text(encoding="utf-8")


def convert(name: str, data: Path = DATA) -> proposals.Proposal:
    return proposals.convert(body(name), data)


# --- the forms -----------------------------------------------------------------------------------


def test_committed_forms_are_made_from_the_current_data() -> None:
    made = proposals.render_forms(load_dataset(DATA))
    for name, text in made.items():
        committed = (ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8")
        regenerate = "PYTHONPATH=hooks python -m sistercity.maintenance.proposals forms"
        assert committed == text, f"{name} is out of date: {regenerate}"


def test_forms_check_fails_when_the_data_gains_a_sector(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "sectors.yml").open("a", encoding="utf-8") as f:
        f.write("\n- id: sport\n  name: {id: Olahraga, en: Sport, de: Sport}\n  description: {en: Sport.}\n")
    committed = ROOT / ".github" / "ISSUE_TEMPLATE"
    assert proposals.main(["forms", "--check", "--data", str(DATA), "--out", str(committed)]) == 0
    assert proposals.main(["forms", "--check", "--data", str(data), "--out", str(committed)]) == 1
    assert "propose-event.yml is out of date with data/" in capsys.readouterr().out


def test_the_form_offers_exactly_the_ids_in_the_data() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / proposals.PROPOSE_FORM).read_text(encoding="utf-8"))
    dataset = load_dataset(DATA)
    elements = {e["id"]: e for e in form["body"] if "id" in e}
    offered = {k: [o.split(proposals.SEP)[0] for o in e["attributes"].get("options", [])] for k, e in elements.items()}
    assert offered["sectors"] == sorted(dataset.sectors)
    assert offered["actors"] == sorted(dataset.actors)
    assert offered["sources"] == sorted(dataset.sources)
    assert offered["precision"] == ["day", "month", "year"]
    assert "agreement" in offered["type"] and "mou" in offered["agreement_kind"]
    assert form["labels"] == ["proposal"]


@pytest.mark.parametrize("name", [proposals.PROPOSE_FORM, proposals.CORRECTION_FORM])
def test_forms_keep_githubs_rules(name: str) -> None:
    # Issue forms: unique ids (letters, digits, - and _) and labels, non-empty unique options; options
    # must not hold ", " because the issue body joins several choices with it.
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    elements = [e for e in form["body"] if e["type"] != "markdown"]
    assert {e["type"] for e in elements} <= {"input", "textarea", "dropdown", "checkboxes"}
    ids = [e["id"] for e in elements]
    labels = [e["attributes"]["label"] for e in elements]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert len(set(labels)) == len(labels)
    for e in elements:
        opts = e["attributes"].get("options", [])
        assert len(set(opts)) == len(opts) and all(o and "," not in o for o in opts), e["id"]


def test_every_proposal_string_has_three_languages() -> None:
    for key, texts in proposals.strings().items():
        assert set(texts) == {"id", "en", "de"} and all(t.strip() for t in texts.values()), key
    # The forms and answers speak with the site's agreed terms (hooks/sistercity/render/terminology.yml).
    retired = [
        (k, lang, h.variant) for k, t in proposals.strings().items() for lang in t for h in retired_in(t[lang], lang)
    ]
    assert retired == []


# --- conversion ----------------------------------------------------------------------------------


def test_complete_proposal() -> None:
    p = convert("complete")
    assert p.problems == [] and p.lang == "en"
    event = yaml.safe_load(p.event_yaml)[0]
    assert event["id"] == "2025-test-delegation-visit-to-hildesheim"
    assert (event["date"], event["end_date"], event["type"], event["host"]) == (
        "2025-09-14",
        "2025-09-16",
        "visit",
        "hildesheim",
    )
    assert set(event["title"]) == {"id", "en", "de"}
    assert event["summary"]["en"] == "A test record for the proposal form.\n\nIt has two paragraphs."
    assert event["sectors"] == ["culture", "education"] and event["actors"] == ["pemko-padang", "stadt-hildesheim"]
    first, second = event["sources"]
    assert first["quote"] == "A test passage, copied word for word." and first["locator"] == "paragraph 2"
    assert isinstance(second, str) and event["certainty"] == "confirmed"
    assert p.source_yaml == ""


def test_minimal_proposal_in_indonesian() -> None:
    p = convert("minimal")
    assert p.problems == [] and p.lang == "id"
    event = yaml.safe_load(p.event_yaml)[0]
    assert event == {
        "id": "2025-pertemuan-uji",
        "date": "2025",
        "type": "meeting",
        "title": {"id": "Pertemuan uji"},
        "sectors": ["culture"],
        "actors": ["pemko-padang"],
        "sources": [event["sources"][0]],
        "certainty": "single-source",
    }


def test_proposal_with_a_new_source_makes_a_source_record() -> None:
    p = convert("new-source")
    assert p.problems == [] and p.lang == "de"
    source = yaml.safe_load(p.source_yaml)[0]
    assert source == {
        "id": "example-2025",
        "title": "Testtreffen in Padang",
        "kind": "news",
        "side": "third-party",
        "publisher": "Example News",
        "date": "2025-10-02",
        "url": "https://example.org/news/test-meeting",
        "language": "de",
    }
    event = yaml.safe_load(p.event_yaml)[0]
    assert event["sources"] == [{"source": "example-2025", "quote": "Ein Testtreffen fand statt."}]
    # A new actor is never made an id: it goes to the maintainer in the pull request.
    assert "kantor" not in p.event_yaml.lower()
    assert "Kantor Uji Coba Padang\nTest-Verein Hildesheim" in proposals.pr_body(p, 12)


def test_an_address_already_in_the_record_reuses_its_source() -> None:
    dataset = load_dataset(DATA)
    known = next(s for s in dataset.sources.values() if s.url)
    text = body("new-source").replace("https://example.org/news/test-meeting", known.url)
    p = proposals.convert(text, DATA)
    assert p.problems == [] and p.source_yaml == ""
    assert yaml.safe_load(p.event_yaml)[0]["sources"][0]["source"] == known.id


def test_bad_date_is_answered_in_the_proposers_language() -> None:
    p = convert("bad-date")
    assert p.lang == "id" and p.event_yaml == ""
    assert p.problems == [
        "Tanggal: '2025-02-30' bukan tanggal yang valid; tulis TTTT-BB-HH, TTTT-BB, atau TTTT.",
        "Tanggal berakhir: '14 September' bukan tanggal yang valid; tulis TTTT-BB-HH, TTTT-BB, atau TTTT.",
    ]
    comment = proposals.comment(p)
    assert comment.startswith("Terima kasih atas usulan Anda.") and "\n- Tanggal: '2025-02-30'" in comment


def test_unknown_actor_is_a_problem_not_a_record() -> None:
    p = convert("unknown-actor")
    assert p.problems == [
        "Actors: 'no-such-actor' is not in the record; choose from the list in the form "
        "(a new actor goes into the field for actors not in the list)."
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ("2025\n", "2025-06\n"),
            "Tanggal: '2025-06' ditulis sampai bulan, tetapi ketepatan yang dipilih adalah tahun;",
        ),
        (("meeting · Pertemuan", "agreement · Kesepakatan"), "Jenis kesepakatan: wajib diisi jika jenis peristiwanya"),
        (("Pertemuan uji", "_No response_"), "Judul: isi judul sedikitnya dalam satu bahasa."),
        (("### Aktor · Actors · Akteure", "### Akteure"), "Bagian formulir 'Aktor' tidak ditemukan."),
    ],
)
def test_one_line_problems(change: tuple[str, str], problem: str) -> None:
    p = proposals.convert(body("minimal").replace(*change, 1), DATA)
    assert len(p.problems) == 1 and p.problems[0].startswith(problem), p.problems


def test_year_zero_is_a_clean_error_also_for_the_loader(tmp_path: Path) -> None:
    p = proposals.convert(body("minimal").replace("\n2025\n", "\n0000\n", 1), DATA)
    assert p.problems == ["Tanggal: '0000' bukan tanggal yang valid; tulis TTTT-BB-HH, TTTT-BB, atau TTTT."]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    events = data / "events.yml"
    events.write_bytes(
        proposals.append_block(events.read_bytes(), convert("minimal").event_yaml.replace("2025", "0000"))
    )
    with pytest.raises(DataError, match="'0000' has no year 0"):
        load_dataset(data)


def test_a_new_source_needs_a_web_address_and_its_title(tmp_path: Path) -> None:
    text = body("new-source").replace("https://example.org/news/test-meeting", "example.org/x")
    assert proposals.convert(text, DATA).problems == [
        "Adresse einer neuen Quelle: 'example.org/x' ist keine Webadresse; sie muss mit https:// oder http:// beginnen."
    ]
    text = body("new-source").replace("Testtreffen in Padang", "_No response_")
    assert proposals.convert(text, DATA).problems == ["Titel der neuen Quelle: für eine neue Quelle erforderlich."]


def test_hostile_text_stays_text_in_the_yaml(tmp_path: Path) -> None:
    p = convert("hostile")
    assert p.problems == []
    event = yaml.safe_load(p.event_yaml)[0]
    assert len(yaml.safe_load(p.event_yaml)) == 1  # the injected "- id: injected" is inside a string
    assert event["title"]["en"] == "<script>alert('x')</script> & \"quotes\": {a: b} #not-a-comment"
    assert event["title"]["de"] == '=HYPERLINK("http://evil.example","click")'
    assert event["title"]["id"] == "- [x](javascript:alert(1)) *&anchor !!python/object:os.system"
    assert event["summary"]["en"].endswith('- id: injected\n  date: "1900"\nafter the injected lines')
    assert event["place"] == "@SUM(1+1)|calc" and event["sources"][0]["locator"] == "-2+3"
    # The project's loader reads it back the same, with every check.
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    proposals.apply(p, data)
    loaded = load_dataset(data).events[p.event_id]
    assert loaded.title["en"] == event["title"]["en"] and loaded.place["en"] == "@SUM(1+1)|calc"
    body_md = proposals.pr_body(p, 3)
    assert "````text\n``` closing fence\n@everyone <script>\n````" in body_md  # the fence cannot be closed early


def test_an_invisible_character_is_a_problem_in_the_proposers_language() -> None:
    # An invisible line separator (U+2028) would break a line in the YAML, feed and calendar: the
    # loader refuses it, so the proposal gets the loader's problem, not a pull request.
    text = body("hostile").replace("after the injected lines", "\u2028after a line separator")
    problems = proposals.convert(text, DATA).problems
    assert len(problems) == 1 and problems[0].startswith("Summary (English): ") and "U+2028" in problems[0]


def test_appending_keeps_every_existing_byte(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = {kind: (data / f"{kind}.yml").read_bytes() for kind in ("events", "sources")}
    p = convert("new-source", data)
    proposals.apply(p, data)
    for kind, block in (("events", p.event_yaml), ("sources", p.source_yaml)):
        after = (data / f"{kind}.yml").read_bytes()
        assert after.startswith(before[kind])
        assert after[len(before[kind]) :].lstrip(b"\n") == block.encode("utf-8")
    assert proposals.append_block(b"- id: a\n  x: 1", "- id: b\n") == b"- id: a\n  x: 1\n- id: b\n"


def test_convert_command_writes_what_the_workflow_reads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (tmp_path / "body.md").write_text(body("complete"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["convert", "--body", str(tmp_path / "body.md"), "--data", str(data), "--issue", "42", "--out", str(out)]
    assert proposals.main(args) == 0
    assert (out / "status").read_text() == "ok\n"
    assert (out / "pr-title").read_text() == "Proposal #42: Test delegation visit to Hildesheim\n"
    assert (out / "pr-body.md").read_text().startswith("Closes #42 once merged.")
    assert "2025-test-delegation-visit-to-hildesheim" in (data / "events.yml").read_text(encoding="utf-8")
    (tmp_path / "body.md").write_text(body("bad-date"), encoding="utf-8")
    before = (data / "events.yml").read_bytes()
    assert proposals.main([*args[:-1], str(tmp_path / "out2")]) == 0
    assert (tmp_path / "out2" / "status").read_text() == "problems\n"
    assert (data / "events.yml").read_bytes() == before  # nothing appended


# --- links to the forms --------------------------------------------------------------------------


def test_record_pages_link_the_forms_only_with_a_repository_address() -> None:
    dataset = load_dataset(DATA)
    spec = next(s for s in page_specs(dataset) if s.src_uri.startswith("events/"))

    def render(repo_url: str | None) -> str:
        renderer = Renderer(dataset, "de", lambda t, s: f"/{t}", dt.date(2026, 12, 1), repo_url=repo_url)
        return renderer.render_page(spec)

    with_repo = render(REPO + "/")
    record = f"events%2F{spec.record_id}"
    assert (
        f'<a href="{REPO}/issues/new?template=propose-event.yml" rel="noopener">Ereignis vorschlagen</a>' in with_repo
    )
    assert (
        f'<a href="{REPO}/issues/new?template=report-mistake.yml&amp;title=Correction%3A+{record}&amp;record={record}"'
        ' rel="noopener">Fehler melden</a>'
    ) in with_repo
    assert "issues/new" not in render(None)


@pytest.mark.parametrize("lang", ["id", "en", "de"])
def test_contributor_guide_links_the_forms_or_says_why_not(lang: str) -> None:
    dataset = load_dataset(DATA)

    def fragment(repo_url: str | None) -> str:
        renderer = Renderer(dataset, lang, lambda t, s: f"/{t}", dt.date(2026, 12, 1), repo_url=repo_url)
        return renderer.render_fragment("proposal-links", "contributing.md")

    linked = fragment(REPO)
    assert f'href="{REPO}/issues/new?template=propose-event.yml"' in linked
    assert f'href="{REPO}/issues/new?template=report-mistake.yml"' in linked
    assert ".github/ISSUE_TEMPLATE/" in fragment(None) and "issues/new" not in fragment(None)


def test_full_build_shows_converted_proposals_in_every_language(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    converted = {}
    for name in ("complete", "new-source", "hostile"):
        p = convert(name, project / "data")
        assert p.problems == []
        proposals.apply(p, project / "data")
        converted[name] = p
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    complete, hostile = converted["complete"], converted["hostile"]
    for prefix, title in (
        ("", "Kunjungan uji delegasi"),
        ("en/", "Test delegation visit"),
        ("de/", "Testbesuch einer"),
    ):
        page = build.html(f"{prefix}events/{complete.event_id}/")
        assert title in page.find("h1").get_text()
        assert page.find("blockquote") is not None  # the quoted passage under its source
        assert build.html(f"{prefix}timeline/").find("article", id=complete.event_id) is not None
        de_only = build.html(f"{prefix}events/{converted['new-source'].event_id}/")
        assert "Testtreffen mit neuer Quelle" in de_only.find("h1").get_text()
        assert "example.org/news/test-meeting" in str(build.html(f"{prefix}sources/"))
        # Hostile text is shown as typed, never run as markup or script.
        page = build.html(f"{prefix}events/{hostile.event_id}/")
        raw = (build.site / prefix / "events" / hostile.event_id / "index.html").read_text(encoding="utf-8")
        scripts = page.find_all("script")
        assert not [s for s in scripts if s.get("type") != "application/ld+json" and "alert" in s.get_text()]
        assert all("<" not in s.get_text() for s in scripts if s.get("type") == "application/ld+json")
        assert page.find("img", src="x") is None and "javascript:alert" not in str(page.find_all("a"))
        assert "&lt;script&gt;alert" in raw or "<script>alert" not in raw
        shown = {
            "": "- [x](javascript:alert(1)) *&anchor",
            "en/": "<script>alert('x')</script> & \"quotes\"",
            "de/": "=HYPERLINK(",
        }
        assert page.find("h1").get_text().startswith(shown[prefix])
        # Local builds have no repository address, so no form links.
        assert "issues/new" not in raw
    rows = list(csv.DictReader(io.StringIO((build.site / "data" / "events.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["id"] == hostile.event_id)
    assert row["title_de"].startswith("'=HYPERLINK") and row["place_en"] == "'@SUM(1+1)|calc"


def test_published_build_links_the_forms_from_every_record_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.published.yml"
    config.write_text(f'INHERIT: mkdocs.yml\nrepo_url: "{REPO}"\nedit_uri: edit/main/\n', encoding="utf-8")
    build = run_build(project, tmp_path / "site", config.name)
    assert build.returncode == 0, build.log
    dataset = load_dataset(DATA)
    event, actor, sector = next(iter(dataset.events)), next(iter(dataset.actors)), next(iter(dataset.sectors))
    for prefix in ("", "en/", "de/"):
        for kind, record_id in (("events", event), ("actors", actor), ("sectors", sector)):
            links = build.html(f"{prefix}{kind}/{record_id}/").select(".ph-issue-links a")
            hrefs = [a["href"] for a in links]
            assert hrefs[0] == f"{REPO}/issues/new?template=propose-event.yml", (prefix, kind)
            assert hrefs[1].endswith(f"record={kind}%2F{record_id}"), (prefix, kind)
        guide = build.html(f"{prefix}contributing/").select("ul.ph-issue-links a")
        assert [a["href"].split("?")[1] for a in guide] == ["template=propose-event.yml", "template=report-mistake.yml"]

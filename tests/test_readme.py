"""The README's promises: its example event works, and its commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import ROOT, copy_project, run_build

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_example_event() -> str:
    section = README[README.index("## Add an event") :]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_event_appears_everywhere_in_every_language(tmp_path: Path) -> None:
    record = readme_example_event()
    record = re.sub(r"^- id: .*$", "- id: readme-example", record, count=1, flags=re.M)
    project = copy_project(tmp_path / "project")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8") + "\n" + record, encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    sectors = re.search(r"sectors: \[(.*)\]", record).group(1).split(", ")
    actors = re.search(r"actors: \[(.*)\]", record).group(1).split(", ")
    for prefix in ("", "en/", "de/"):
        assert (build.site / prefix / "events" / "readme-example" / "index.html").is_file()
        pages = ["timeline/"] + [f"sectors/{s}/" for s in sectors] + [f"actors/{a}/" for a in actors]
        for page in pages:
            assert build.html(prefix + page).find("article", id="readme-example") is not None, prefix + page
        # Counts, figures, downloads and the feed follow the data too.
        assert "readme-example" in (build.site / prefix / "data" / "events.csv").read_text(encoding="utf-8")
        assert "readme-example" in (build.site / prefix / "data" / "dataset.json").read_text(encoding="utf-8")
        events = (ROOT / "data" / "events.yml").read_text(encoding="utf-8").count("\n- id: ") + 1
        home = build.html(prefix)
        assert f" {events} " in home.select_one("#overview-desc").get_text()
        description = build.html(prefix + "analysis/").select_one("#figure-per-year desc").get_text()
        assert f" {events} " in description


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n# run the whole test suite\n(.*?)\n```", README, re.S)
    assert len(commands) == 1
    assert commands[0] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()

"""The editors' data check (`python -m sistercity.maintenance.check`, README "Check the data"): it finds what the
build finds, prints the same lines, exits non-zero on any problem, answers within a second, runs as
a pre-commit hook, and in GitHub Actions also prints each problem as an annotation on its line."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sistercity.maintenance.check import main
from sistercity.record.errors import Problem, github_annotation
from sitebuild import ROOT, build_env, copy_project, run_build
from test_corpus import corpus_cases, data_with, expected_line

CHECK = [sys.executable, "-m", "sistercity.maintenance.check"]
COMMAND = ".venv/bin/python -m sistercity.maintenance.check"


def run_check(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHECK, str(project)], capture_output=True, text=True, env=build_env(**env), timeout=60)


SECTOR = "unknown sector 'no-such-sector' in [[sector:no-such-sector]]; expected an id from data/sectors.yml"
MARKER = "unknown event 'no-such-event' in [[event:no-such-event]]; expected an id from data/events.yml"


def broken_project(tmp_path: Path) -> tuple[Path, int, int]:
    """The real project with citations of an unknown sector and an unknown event in two pages
    (problems that only show once the data has loaded; both must come in one list), and their lines."""
    project = copy_project(tmp_path / "project")
    lines = []
    for page, marker in (("analysis.md", "[[sector:no-such-sector]]"), ("method.md", "[[event:no-such-event]]")):
        path = project / "docs" / "id" / page
        path.write_text(path.read_text(encoding="utf-8") + f"\nLihat {marker}.\n", encoding="utf-8")
        lines.append(path.read_text(encoding="utf-8").count("\n"))
    return project, lines[0], lines[1]


def lines_of(sector_line: int, marker_line: int) -> list[str]:
    return [f"docs/id/analysis.md:{sector_line}: {SECTOR}", f"docs/id/method.md:{marker_line}: {MARKER}"]


def test_the_real_record_passes_within_a_second() -> None:
    # Measured as the processor time of the check (user + system), which other work on a shared
    # machine does not inflate; on an idle machine the wall-clock time is about the same.
    timings = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run_check(ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == ""
    assert min(timings) < 1.0, timings


def test_it_prints_the_builds_lines_and_fails(tmp_path: Path) -> None:
    project, *where = broken_project(tmp_path)
    lines = lines_of(*where)
    check = run_check(project)
    assert check.returncode == 1
    assert check.stdout.splitlines() == lines
    assert "2 problems" in check.stderr
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "The data files need fixing (2 problems):" in build.log
    assert all(line in build.log.splitlines() for line in lines), build.log
    assert "Traceback" not in build.log + check.stderr


@pytest.mark.parametrize("case", corpus_cases())
def test_every_corpus_file_gives_its_line(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_with(case, tmp_path)
    for lang in ("id", "en", "de"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
    assert main([str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [expected_line(case)]


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 2
    assert "usage:" in capsys.readouterr().err


# --- GitHub Actions annotations -----------------------------------------------------------------


def test_annotation_format_and_escaping() -> None:
    plain = Problem("data/events.yml", 42, "events[7].sectors[1]", "unknown sector 'budaya'; expected an id")
    assert github_annotation(plain) == (
        "::error file=data/events.yml,line=42,title=events[7].sectors[1]::unknown sector 'budaya'; expected an id"
    )
    # GitHub's rules (actions/toolkit, command.ts): %, CR and LF in the message; also : and , in
    # properties, which would otherwise end the property or the command.
    odd = Problem("data/a,b:c.yml", 3, "", "100% sure\r\nnext: line, here")
    assert github_annotation(odd) == (
        "::error file=data/a%2Cb%3Ac.yml,line=3,title=data/a%2Cb%3Ac.yml::100%25 sure%0D%0Anext: line, here"
    )


def test_annotations_only_in_github_actions(tmp_path: Path) -> None:
    project, sector_line, marker_line = broken_project(tmp_path)
    annotations = [
        f"::error file=docs/id/analysis.md,line={sector_line},title=docs/id/analysis.md::{SECTOR}",
        f"::error file=docs/id/method.md,line={marker_line},title=docs/id/method.md::{MARKER}",
    ]
    in_actions = run_check(project, GITHUB_ACTIONS="true").stdout.splitlines()
    assert in_actions == [*lines_of(sector_line, marker_line), *annotations]
    assert run_check(project, GITHUB_ACTIONS="false").stdout.splitlines() == lines_of(sector_line, marker_line)
    build = run_build(project, tmp_path / "site", GITHUB_ACTIONS="true")
    assert all(annotation in build.log.splitlines() for annotation in annotations), build.log


# --- pre-commit ------------------------------------------------------------------------------------


def test_the_pre_commit_hook_runs_the_check_without_network(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"  # nothing to download
    assert hook["entry"] == COMMAND
    assert COMMAND in (ROOT / "README.md").read_text(encoding="utf-8")

    project, *where = broken_project(tmp_path)
    lines = lines_of(*where)
    shutil.copy2(ROOT / ".pre-commit-config.yaml", project)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = build_env(PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_CONFIG_GLOBAL="/dev/null")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=project, check=True,
                       capture_output=True, env=env)  # fmt: skip

    pre_commit = [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files"]
    git("init", "-q")
    git("add", "-A", "--", ".", ":!.venv")
    failed = subprocess.run(pre_commit, cwd=project, capture_output=True, text=True, env=env, timeout=120)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert all(line in failed.stdout.splitlines() for line in lines), failed.stdout
    for page in ("analysis.md", "method.md"):
        shutil.copy2(ROOT / "docs" / "id" / page, project / "docs" / "id" / page)
    git("add", "-A", "--", ".", ":!.venv")  # pre-commit checks what is staged
    passed = subprocess.run(pre_commit, cwd=project, capture_output=True, text=True, env=env, timeout=120)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_contributor_guides_give_the_command() -> None:
    for lang in ("id", "en", "de"):
        guide = (ROOT / "docs" / lang / "contributing.md").read_text(encoding="utf-8")
        assert f"```sh\n{COMMAND}\n```" in guide, lang
        assert ".venv/bin/pre-commit install" in guide, lang

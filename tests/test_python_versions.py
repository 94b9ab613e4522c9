"""The Python versions the project promises (pyproject's requires-python, stated in the README) can
install every pinned dependency: the oldest promised interpreter on this machine resolves the pins
in a fresh virtual environment, and every promised minor version finds a release of each pin.

Both ask the package index (`pip install --dry-run` downloads nothing but the index pages)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from sitebuild import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PROMISED = SpecifierSet(PROJECT["requires-python"])
PINS = [*PROJECT["dependencies"], *(pin for extra in PROJECT["optional-dependencies"].values() for pin in extra)]


def promised_minors() -> list[str]:
    """'3.11', '3.12', ... up to the cap of requires-python, which must have one."""
    minors = [f"3.{minor}" for minor in range(0, 40) if PROMISED.contains(f"3.{minor}.0")]
    assert minors and not PROMISED.contains("3.99.0"), f"requires-python needs a lower and an upper bound: {PROMISED}"
    return minors


def interpreters() -> dict[Version, str]:
    """Python interpreters on this machine, by version: Debian's own first."""
    found: dict[Version, str] = {}
    candidates = ["/usr/bin/python3", sys.executable]
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in range(11, 20)]
    candidates += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.*/bin/python3"))
    for path in filter(None, candidates):
        if not Path(path).is_file():
            continue
        out = subprocess.run([path, "-c", "import platform; print(platform.python_version())"], capture_output=True)
        if out.returncode == 0:
            found.setdefault(Version(out.stdout.decode().strip()), path)
    return found


def test_every_dependency_is_pinned_exactly() -> None:
    for pin in PINS:
        specifiers = list(Requirement(pin).specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", pin


def test_the_readme_states_the_promised_range() -> None:
    minors = promised_minors()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {minors[0]} to {minors[-1]}" in readme
    assert "3.11.2" in readme  # Debian 12's python3, named where people look


def test_the_oldest_promised_python_here_installs_the_pins(tmp_path: Path) -> None:
    available = {version: path for version, path in interpreters().items() if PROMISED.contains(version)}
    assert available, f"no Python on this machine is within {PROMISED}"
    oldest = min(available)
    venv = tmp_path / "venv"
    made = subprocess.run([available[oldest], "-m", "venv", str(venv)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr  # Debian: apt-get install python3-venv
    report = tmp_path / "report.json"
    command = [str(venv / "bin" / "python"), "-m", "pip", "install", "--dry-run", "--quiet", "--report", str(report)]
    result = subprocess.run([*command, *PINS], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"Python {oldest} ({available[oldest]}):\n{result.stderr[-3000:]}"
    chosen = {item["metadata"]["name"].lower().replace("_", "-"): item["metadata"]["version"] for item in json.loads(
        report.read_text(encoding="utf-8"))["install"]}  # fmt: skip
    for pin in PINS:
        requirement = Requirement(pin)
        assert chosen[requirement.name.lower().replace("_", "-")] in requirement.specifier, pin


@pytest.mark.parametrize("minor", promised_minors())
def test_every_promised_python_finds_a_release_of_every_pin(minor: str, tmp_path: Path) -> None:
    # Without the interpreter at hand, pip resolves for that version from the published wheels.
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed"]
    command += ["--python-version", minor, "--only-binary=:all:", "--target", str(tmp_path / "target")]
    result = subprocess.run([*command, *PINS], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"Python {minor}:\n{result.stderr[-3000:]}"

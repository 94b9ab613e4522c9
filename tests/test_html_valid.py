"""Every built page is valid HTML by the W3C Nu HTML Checker (vnu.jar from npm, run with Debian's
Java): zero errors on every page of every language, and the check fails on a broken page.

The checker starts slowly (a JVM), so the whole site and the deliberately broken page go to one
java call; its JSON report is grouped by file."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitebuild import ROOT, Build, skip_or_fail

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A fault the checker must find: an element that HTML does not allow where it stands.
BROKEN = ("<main", '<main><div><li id="twice">list item outside a list</li><p id="twice">same id</p></div></main><main')


def validate(files: list[Path]) -> dict[Path, list[str]]:
    """Errors per file, as 'line:column: message', from one run of the checker."""
    java = shutil.which("java")
    missing = [
        f"{what} is not installed ({how})"
        for what, how, ok in (
            ("Java", "apt-get install -y default-jre-headless", java),
            (f"the Nu HTML Checker at {VNU_JAR}", "npm ci", VNU_JAR.is_file()),
        )
        if not ok
    ]
    if missing:
        skip_or_fail("the HTML checker cannot run: " + "; ".join(missing))
    command = [str(java), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)
    errors: dict[Path, list[str]] = defaultdict(list)
    for message in report["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            path = Path(unquote(urlsplit(message["url"]).path))
            errors[path].append(
                f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: {message['message']}"
            )
    return errors


@pytest.fixture(scope="module")
def report(site: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, dict[Path, list[str]]]:
    pages = sorted(site.site.rglob("*.html"))
    broken = tmp_path_factory.mktemp("broken") / "broken.html"
    text = (site.site / "en" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert BROKEN[0] in text
    broken.write_text(text.replace(*BROKEN, 1), encoding="utf-8")
    return pages, broken, validate([*pages, broken])


def test_every_page_is_valid_html(site: Build, report: tuple[list[Path], Path, dict[Path, list[str]]]) -> None:
    pages, broken, errors = report
    # Every page type in every language is among the files checked.
    checked = {p.relative_to(site.site).as_posix() for p in pages}
    for lang in ("", "en/", "de/"):
        for page in ("index.html", "404.html", "timeline/index.html", "analysis/index.html", "sources/index.html"):
            assert lang + page in checked
        for kind in ("events", "actors", "sectors"):
            assert any(c.startswith(f"{lang}{kind}/") and c.count("/") == lang.count("/") + 2 for c in checked), kind
    found = {p.relative_to(site.site).as_posix(): e for p, e in errors.items() if p != broken}
    assert found == {}


def test_the_check_fails_on_a_broken_page(report: tuple[list[Path], Path, dict[Path, list[str]]]) -> None:
    _, broken, errors = report
    messages = "\n".join(errors.get(broken, []))
    assert "Element “li” not allowed as child of element “div”" in messages
    assert "Duplicate ID “twice”" in messages


def test_the_checker_is_pinned() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["vnu-jar"].split(".")[0].isdigit()  # an exact version, no range
    assert "default-jre-headless" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

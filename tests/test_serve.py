"""`mkdocs serve` shows an edit to data/ without a restart, in every language, and an edit that
breaks the data shows its one line in the terminal and recovers once fixed."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sitebuild import ROOT, build_env, copy_project, mkdocs_command

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
TIMEOUT = 60  # seconds to wait for each step; a rebuild of the fixture site takes about 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log_file = process, port, log

    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not check():
            if time.monotonic() > deadline:
                pytest.fail(f"gave up after {TIMEOUT} s waiting for {what}; the server said:\n{self.log()}")
            time.sleep(0.5)

    def get(self, path: str) -> str | None:
        """The page at `path`, or None while the server has none to give."""
        assert self.process.poll() is None, self.log()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            return None


def _interruptible() -> None:
    # Started from a shell's background job, the server would inherit an ignored SIGINT: give it
    # back, so that stopping the server lets mkdocs remove its temporary site folder.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def serving(project: Path, log: Path, config: str = "mkdocs.yml") -> Iterator[Server]:
    port = free_port()
    command = mkdocs_command(project, "serve", "-a", f"127.0.0.1:{port}", config=config)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=project, env=build_env(), stdout=output, stderr=subprocess.STDOUT, preexec_fn=_interruptible
        )
    try:
        yield Server(process, port, log)
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: mkdocs removes its temporary site folder
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    with serving(project, tmp_path / "serve.log") as running:
        yield running


def shows(server: Server, path: str, text: str) -> Callable[[], bool]:
    return lambda: text in (server.get(path) or "")


def test_an_edit_to_data_is_served_in_every_language_without_a_restart(server: Server, tmp_path: Path) -> None:
    events = tmp_path / "project" / "data" / "events.yml"
    server.wait_for("the first build", shows(server, "en/events/2022-trip/", "Study trip"))
    original = events.read_text(encoding="utf-8")

    # One save, three languages: `mkdocs serve` builds the other two in child processes.
    titles = {"id: Kunjungan studi": "(direvisi)", "en: Study trip": "(revised)", "de: Studienreise": "(überarbeitet)"}
    revised = original
    for title, revision in titles.items():
        revised = revised.replace(title, f"{title} {revision}")
    events.write_text(revised, encoding="utf-8")
    for path, text in [
        ("events/2022-trip/", "Kunjungan studi (direvisi)"),
        ("en/events/2022-trip/", "Study trip (revised)"),
        ("de/events/2022-trip/", "Studienreise (überarbeitet)"),
        ("en/timeline/", "Study trip (revised)"),
        ("de/timeline/", "Studienreise (überarbeitet)"),
    ]:
        server.wait_for(f"the edit on {path}", shows(server, path, text))

    events.write_text(original.replace("type: visit", "type: vist"), encoding="utf-8")
    line = "data/events.yml:27: events[2].type: 'vist' is not allowed here; expected one of: agreement, visit"
    server.wait_for("the error line in the terminal", lambda: line in server.log())

    events.write_text(original.replace("de: Studienreise", "de: Studienreise (korrigiert)"), encoding="utf-8")
    server.wait_for("the fix in /de/", shows(server, "de/events/2022-trip/", "Studienreise (korrigiert)"))
    server.wait_for("the fix in /", shows(server, "events/2022-trip/", "Kunjungan studi"))
    assert server.log().count(line) == 1  # said once, not once per language
    assert "Traceback" not in server.log()
    assert server.process.poll() is None  # the same server all along


def test_an_error_in_one_language_stops_the_rebuild_and_the_server_recovers(server: Server, tmp_path: Path) -> None:
    # Only the German build reads docs/de: its error comes from a child process of the server.
    page = tmp_path / "project" / "docs" / "de" / "background.md"
    server.wait_for("the first build", shows(server, "de/background/", "Hintergrund"))
    original = page.read_text(encoding="utf-8")
    lines = original.count("\n")

    page.write_text(original + "\n[[event:no-such-event]]\n", encoding="utf-8")
    line = (
        f"docs/de/background.md:{lines + 2}: unknown event 'no-such-event' in [[event:no-such-event]]; "
        "expected an id from data/events.yml"
    )
    server.wait_for("the error line in the terminal", lambda: line in server.log())
    failed = "An error happened during the rebuild"
    server.wait_for("the rebuild to stop", lambda: failed in server.log().split(line, 1)[1])

    page.write_text(original + "\nEin neuer Absatz 4711.\n", encoding="utf-8")
    server.wait_for("the fix in /de/", shows(server, "de/background/", "Ein neuer Absatz 4711."))
    server.wait_for("the rebuild after the fix", lambda: "Reloading browsers" in server.log().split(line, 1)[1])
    assert server.log().count(line) == 1
    assert "Traceback" not in server.log()
    assert server.process.poll() is None


def test_an_edit_to_any_config_or_word_the_site_is_made_from_is_served(tmp_path: Path) -> None:
    # Served from a wrapper config (as the README's publishing method writes one): MkDocs itself
    # watches only that file, the hook adds mkdocs.yml, which it inherits.
    project = copy_project(tmp_path / "project", data=FIXTURE_DATA)
    (project / "mkdocs.wrapper.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    with serving(project, tmp_path / "serve.log", config="mkdocs.wrapper.yml") as server:
        server.wait_for("the first build", shows(server, "de/timeline/", "Zeitleiste"))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + 'copyright: "Edited notice 0815"\n', encoding="utf-8")
        server.wait_for("the inherited config's edit in /de/", shows(server, "de/timeline/", "Edited notice 0815"))
        words = project / "hooks" / "sistercity" / "render" / "ui_strings.yml"
        text = words.read_text(encoding="utf-8")
        assert "en: Switch to dark mode" in text
        words.write_text(text.replace("en: Switch to dark mode", "en: Darker please"), encoding="utf-8")
        server.wait_for("the edited word in /en/", shows(server, "en/timeline/", "Darker please"))
        assert "Traceback" not in server.log()

"""Where "edit this page" leads in the repository: a hand-written page opens its Markdown, a page
made from one record opens the data file at that record's line, another page made from data
opens its data file. Plain addresses; the MkDocs adapter gives them to the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record.dataset import Dataset
from ..record.languages import LANGUAGES, docs_folder
from .pages import PageSpec

DATA_FOLDER = "data"


@dataclass(frozen=True)
class Repository:
    """A repository's web view: `url` (MkDocs' repo_url) and `edit_uri`, the edit view of a branch
    at the repository's root, e.g. https://github.com/owner/name and edit/main/."""

    url: str
    edit_uri: str

    def edit(self, path: str) -> str:
        """The edit view of the file at `path` (relative to the repository's root)."""
        return f"{self.url.rstrip('/')}/{self.edit_uri.lstrip('/')}{path}"

    def view(self, path: str, line: int) -> str:
        """The file view at a line: GitHub's and GitLab's edit/ becomes blob/ (which has #L<line>)."""
        view_uri = re.sub(r"^(/?(?:-/)?)edit/", r"\1blob/", self.edit_uri)
        return f"{self.url.rstrip('/')}/{view_uri.lstrip('/')}{path}#L{line}"


def edit_uri_problem(edit_uri: str) -> str | None:
    """Why `edit_uri` cannot be the repository root's edit view, or None when it can."""
    if not edit_uri.endswith("/"):
        return f"edit_uri '{edit_uri}' does not end with '/'; expected the edit view of a branch, e.g. edit/main/"
    folders = "|".join(["docs", *(re.escape(docs_folder(code)) for code in LANGUAGES)])
    if re.search(rf"(^|/)({folders})/$", edit_uri):
        return (
            f"edit_uri '{edit_uri}' leads to a docs folder; expected the edit view of the repository's root, "
            "e.g. edit/main/ (each language's pages are found in docs/<language>/ from there)"
        )
    return None


def edit_url(repository: Repository, dataset: Dataset, lang: str, src_uri: str, spec: PageSpec | None) -> str | None:
    """The address "edit this page" opens for the page `src_uri` of language `lang`; `spec` is the
    page's PageSpec when the data makes it. None for a page made from several data files."""
    if spec is None:
        return repository.edit(f"{docs_folder(lang)}/{src_uri}")
    if spec.data_file is None:
        return None
    if spec.record_id is not None:
        return record_url(repository, dataset, spec.data_file, spec.record_id)
    return repository.edit(f"{DATA_FOLDER}/{spec.data_file}.yml")


def record_url(repository: Repository, dataset: Dataset, kind: str, record_id: str) -> str:
    """The record `record_id` of data/<kind>.yml in the repository's file view, at its line."""
    return repository.view(f"{DATA_FOLDER}/{kind}.yml", dataset.line_of(kind, record_id))

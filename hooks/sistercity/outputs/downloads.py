"""Every download of the record, by file name: the same files in every language's data/ folder."""

from __future__ import annotations

from ..record.dataset import Dataset
from ..record.models import RECORD_MODELS
from ..record.schema import data_file_schema
from .bibliography import BIBLIOGRAPHY_FILES
from .datapackage import open_data_files
from .exports import to_json


def download_files(dataset: Dataset, version: str = "") -> dict[str, str]:
    """The CSV files with the Data Package that describes them (datapackage.json), dataset.json
    (all records with the JSON Schemas that describe them) and the sources for reference managers.
    Made once per Dataset and version: every language's build shares them."""
    return dataset.derived(("downloads", version), lambda: _make(dataset, version))


def _make(dataset: Dataset, version: str) -> dict[str, str]:
    files = open_data_files(dataset, version)
    schemas = {kind: data_file_schema(kind) for kind in RECORD_MODELS}
    files["dataset.json"] = to_json(dataset, schemas, version)
    sources = list(dataset.sources.values())
    for name, write in BIBLIOGRAPHY_FILES.items():
        files[name] = write(sources)
    return files

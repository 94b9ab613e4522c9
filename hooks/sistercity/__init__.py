"""The Padang–Hildesheim record: loading, checking and modelling the data (no MkDocs here)."""

from .record.dataset import Dataset, load_dataset, load_dataset_cached
from .record.errors import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load_dataset", "load_dataset_cached"]

"""The Padang–Hildesheim record: loading, checking and modelling the data (no MkDocs here)."""

from .dataset import Dataset, load_dataset, load_dataset_cached
from .errors import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load_dataset", "load_dataset_cached"]

"""The Padang–Hildesheim record: loading, checking and modelling the data (no MkDocs here)."""

from .dataset import Dataset, load_dataset
from .errors import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load_dataset"]

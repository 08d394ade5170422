"""``tensorlib.utils``: helpers around tensors (``tensorlib.utils.data``: datasets and loaders)."""
from . import data

__all__ = ["data"]

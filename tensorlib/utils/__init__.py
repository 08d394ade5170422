"""``tensorlib.utils``: helpers around tensors (``tensorlib.utils.data``: datasets and loaders;
``tensorlib.utils.hooks``: marking hooks that pickling may drop)."""
from . import data, hooks

__all__ = ["data", "hooks"]

"""``tensorlib.utils``: helpers around tensors (``tensorlib.utils.data``: datasets and loaders;
``tensorlib.utils.hooks``: marking hooks that pickling may drop)."""
from . import data, hooks
from . import checkpoint

__all__ = ["data", "hooks"]
__all__ += ["checkpoint"]

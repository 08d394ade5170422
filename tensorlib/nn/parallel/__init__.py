"""``torch.nn.parallel``: ``DistributedDataParallel`` (see its module: no process
group can exist in tensorlib)."""
from .distributed import DistributedDataParallel

__all__ = ["DistributedDataParallel"]

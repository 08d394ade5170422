"""``torch.nn.parallel``: ``DataParallel`` and ``DistributedDataParallel`` (see
its module: no process group can exist in tensorlib)."""
from .data_parallel import DataParallel
from .distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel"]

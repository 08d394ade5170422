"""``DistributedSampler``: the share of a dataset's indices that one of
``num_replicas`` processes reads.  ``num_replicas`` and ``rank`` default to the
default process group's world size and rank; each replica gets every
``num_replicas``-th index of one (per-epoch, seeded) order, padded or cut to
equal shares, the order and shares PyTorch's sampler gives."""
import math

from ..._creation import randperm
from ... import distributed as dist
from ...random import Generator
from .sampler import Sampler

__all__ = ["DistributedSampler"]


def _require_distributed():
    if not dist.is_available():
        raise RuntimeError("Requires distributed package to be available")


class DistributedSampler(Sampler):
    """Indices of ``dataset`` for replica ``rank`` of ``num_replicas``: a permutation seeded by
    ``seed + epoch`` (``set_epoch``) when ``shuffle``, else the natural order; with ``drop_last`` the
    tail that does not divide evenly is dropped, otherwise the first indices are repeated to fill it."""

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        if num_replicas is None:
            _require_distributed()
            num_replicas = dist.get_world_size()
        if rank is None:
            _require_distributed()
            rank = dist.get_rank()
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        if drop_last and len(dataset) % num_replicas != 0:
            self.num_samples = math.ceil((len(dataset) - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(len(dataset) / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            indices = randperm(n, generator=Generator().manual_seed(self.seed + self.epoch)).tolist()
        else:
            indices = list(range(n))
        if self.drop_last:
            indices = indices[:self.total_size]
        else:
            padding = self.total_size - len(indices)
            if padding:
                indices += (indices * math.ceil(padding / len(indices)))[:padding]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Makes the next pass use the order of ``epoch`` (with ``shuffle``, each epoch has its own)."""
        self.epoch = epoch

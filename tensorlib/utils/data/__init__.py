"""Datasets and data loading: ``Dataset``, ``TensorDataset``, ``Subset``,
``random_split``, samplers and ``DataLoader``, as in ``torch.utils.data``.

A *map-style* dataset answers ``len(ds)`` and ``ds[i]``.  A ``DataLoader``
draws indices from a sampler (in order, or a fresh ``tensorlib.randperm``
each epoch when ``shuffle=True``, so ``tensorlib.manual_seed`` makes it
repeatable), groups them into batches, and turns each list of samples into a
batch with ``collate_fn`` (``default_collate`` stacks tensors along a new first
dimension, turns numbers into tensors and recurses into tuples, lists and
dicts)::

    >>> import tensorlib as torch
    >>> from tensorlib.utils.data import DataLoader, TensorDataset
    >>> ds = TensorDataset(torch.arange(10.).view(5, 2), torch.arange(5))
    >>> [y.tolist() for x, y in DataLoader(ds, batch_size=2)]
    [[0, 1], [2, 3], [4]]

With ``num_workers > 0`` worker processes fetch and collate the batches (the
same batches, in the same order); inside a worker ``get_worker_info()`` says
which one it is, so that an ``IterableDataset`` can split its stream.
"""
from ._worker import WorkerInfo, get_worker_info
from .dataloader import DataLoader, default_collate, default_convert
from .distributed import DistributedSampler
from .dataset import (ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset, Subset, TensorDataset,
                      random_split)
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,
                      WeightedRandomSampler)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "ConcatDataset", "ChainDataset", "StackDataset", "Subset",
           "random_split", "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler", "DataLoader", "default_collate", "default_convert",
           "get_worker_info", "WorkerInfo", "DistributedSampler"]

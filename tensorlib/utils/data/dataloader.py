"""``DataLoader`` and the collation of samples into batches (``default_collate``,
``default_convert``), as in ``torch.utils.data.dataloader``."""
import collections.abc
import copy
import multiprocessing
import numbers
import os
import warnings

import numpy as np

from ... import _dtype as D
from ..._creation import from_numpy, tensor
from ..._functional import stack
from ..._tensor import Tensor
from ...cuda import is_available as cuda_available
from ._fetch import InfiniteConstantSampler, make_fetcher
from ._multiprocessing import MultiProcessingIter
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler, draw_seed

_COLLATE_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _stack(tensors):
    """``tensorlib.stack(tensors, 0)``, its size check first."""
    first = tensors[0]
    for i, t in enumerate(tensors):
        if t.shape != first.shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(first.shape)} at "
                               f"entry 0 and {list(t.shape)} at entry {i}")
    return stack(tensors, 0)


def _from_numpy(array):
    return from_numpy(np.ascontiguousarray(array))


def _is_numpy_numeric(elem):
    return isinstance(elem, (np.ndarray, np.generic)) and elem.dtype.kind in "biuf"


def default_collate(batch):
    """Turns a list of samples into a batch: tensors are stacked along a new
    first dimension; NumPy arrays and scalars become tensors (stacked); Python
    floats a float64 tensor, ints (and bools) an int64 (bool) tensor; strings
    and bytes stay a list; dicts are collated key by key; tuples and lists
    position by position (giving a list; a namedtuple stays one)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stack(batch)
    if isinstance(elem, (np.ndarray, np.generic)) and not isinstance(elem, (np.str_, np.bytes_)):
        if not _is_numpy_numeric(elem):
            raise TypeError(_COLLATE_ERROR.format(elem.dtype))
        if elem.shape == ():
            return _from_numpy(np.array(batch))
        return _stack([_from_numpy(b) for b in batch])
    if isinstance(elem, float):
        return tensor(batch, dtype=D.float64)
    if isinstance(elem, numbers.Integral):
        return tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        if isinstance(elem, collections.abc.MutableMapping):  # keeps the type (OrderedDict...) and order
            clone = copy.copy(elem)
            clone.update(collated)
            return clone
        try:
            return type(elem)(collated)
        except TypeError:
            return collated
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(list(samples)) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(b) != size for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        collated = [default_collate(list(samples)) for samples in zip(*batch)]
        if isinstance(elem, (tuple, list)):
            return collated
        try:
            return type(elem)(collated)
        except TypeError:
            return collated
    raise TypeError(_COLLATE_ERROR.format(type(elem)))


def default_convert(data):
    """What a loader without batching yields: NumPy arrays become tensors,
    recursively through dicts, tuples and lists; anything else is unchanged."""
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        return _from_numpy(data)
    if isinstance(data, collections.abc.Mapping):
        converted = {k: default_convert(v) for k, v in data.items()}
        try:
            return type(data)(converted)
        except TypeError:
            return converted
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (list, tuple)):
        return type(data)(default_convert(d) for d in data)
    return data


# ==================================================================== the loader
def _check_workers(num_workers, prefetch_factor, persistent_workers, timeout, multiprocessing_context):
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                         "multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                         "to enable multiprocessing, otherwise set prefetch_factor to None.")
    if prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")
    if multiprocessing_context is None:
        return
    if num_workers == 0:
        raise ValueError(f"multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
                         f"but got num_workers={num_workers}")
    if isinstance(multiprocessing_context, str):
        methods = multiprocessing.get_all_start_methods()
        if multiprocessing_context not in methods:
            raise ValueError(f"multiprocessing_context option should specify a valid start method in {methods!r}, "
                             f"but got multiprocessing_context={multiprocessing_context!r}")
    elif not isinstance(multiprocessing_context, multiprocessing.context.BaseContext):
        raise TypeError(f"multiprocessing_context option should be a valid context object or a string specifying "
                        f"the start method, but got multiprocessing_context={multiprocessing_context}")


def _warn_if_too_many_workers(num_workers):
    """PyTorch's warning when a loader would start more worker processes than this
    process may use CPUs (its cpuset where the platform reports one)."""
    cpuset_checked = hasattr(os, "sched_getaffinity")
    suggested = len(os.sched_getaffinity(0)) if cpuset_checked else os.cpu_count()
    if not num_workers or (suggested is not None and num_workers <= suggested):
        return
    if suggested is None:
        advice = "DataLoader is not able to compute a suggested max number of worker in current system."
    else:
        advice = (f"Our suggested max number of worker in current system is {suggested}"
                  f"{'' if cpuset_checked else ' (`cpuset` is not taken into account)'}, which is smaller than what "
                  "this DataLoader is going to create.")
    warnings.warn(f"This DataLoader will create {num_workers} worker processes in total. {advice} Please be aware "
                  "that excessive worker creation might get DataLoader running slow or even freeze, lower the worker "
                  "number to avoid potential slowness/freeze if necessary.", UserWarning, stacklevel=2)


class DataLoader:
    """Iterates over ``dataset`` in batches: it draws indices, fetches the samples and collates them.

    ``len(loader)`` is the number of batches.  With ``num_workers > 0`` the batches are fetched
    in worker processes, each seeded with the pass's base seed plus its id; the batches and their
    order are those of ``num_workers=0``.

    Args:
        dataset (Dataset or IterableDataset): where the samples come from.
        batch_size (int or None): samples per batch; None yields the samples one by one (through
            ``default_convert``). Default: ``1``.
        shuffle (bool): draw a new random order each pass (from ``generator``). Default: ``False``.
        sampler (Sampler or iterable, optional): a custom order of indices (not with ``shuffle``).
        batch_sampler (Sampler or iterable, optional): yields lists of indices, one per batch.
        num_workers (int): worker processes; 0 loads in this process. Default: ``0``.
        collate_fn (callable, optional): turns a list of samples into a batch. Default: ``default_collate``.
        pin_memory (bool): accepted; tensorlib does not pin host memory. Default: ``False``.
        drop_last (bool): skip a final short batch. Default: ``False``.
        timeout (float): seconds to wait for a worker's batch (0: no limit). Default: ``0``.
        worker_init_fn (callable, optional): ``worker_init_fn(worker_id)`` runs first in each worker.
        multiprocessing_context (str or context, optional): the workers' start method.
        generator (Generator, optional): the source of the shuffling and of the workers' seeds.
        prefetch_factor (int, optional): batches fetched ahead per worker. Default: ``2`` with workers.
        persistent_workers (bool): keep the workers between passes. Default: ``False``.
        pin_memory_device (str): accepted; unused.
        in_order (bool): yield the batches in order. Default: ``True``.

    Example::

        >>> data = torch.utils.data.TensorDataset(torch.arange(10.0), torch.arange(10) % 2)
        >>> loader = torch.utils.data.DataLoader(data, batch_size=4)
        >>> len(loader)
        3
        >>> for x, y in loader:
        ...     print(x, y)
        tensor([0., 1., 2., 3.]) tensor([0, 1, 0, 1])
        tensor([4., 5., 6., 7.]) tensor([0, 1, 0, 1])
        tensor([8., 9.]) tensor([0, 1])
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None,
                 persistent_workers=False, pin_memory_device="", in_order=True):
        _check_workers(num_workers, prefetch_factor, persistent_workers, timeout, multiprocessing_context)
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = 2 if prefetch_factor is None and num_workers > 0 else prefetch_factor
        self.persistent_workers = persistent_workers
        self.multiprocessing_context = multiprocessing_context
        self.worker_init_fn = worker_init_fn
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.in_order = in_order
        self.generator = generator
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in (None, False):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, "
                                 f"but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, "
                                 f"but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler "
                                 f"option, but got batch_sampler={batch_sampler}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, "
                                 "sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")
        if sampler is None:
            if self._iterable:
                sampler = InfiniteConstantSampler()
            else:
                sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self._auto_collation = batch_sampler is not None
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self._iterator = None
        _warn_if_too_many_workers(num_workers)

    @property
    def _index_sampler(self):
        """What each fetch takes: a batch of indices (auto-collation) or one index."""
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        _warn_if_too_many_workers(self.num_workers)
        if self.pin_memory and not cuda_available():
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned "
                          "memory won't be used.", UserWarning, stacklevel=2)
        if self.num_workers > 0 and self.persistent_workers and self._iterator is not None:
            self._iterator._reset()   # the workers keep their seeds: no new base seed is drawn
            return self._iterator
        # drawn for every new iterator, in every mode, as PyTorch does (so shuffled orders agree between modes)
        base_seed = draw_seed(self.generator)
        if self.num_workers == 0:
            return self._single_process()
        iterator = MultiProcessingIter(self, base_seed)
        if self.persistent_workers:
            self._iterator = iterator
        return iterator

    def _single_process(self):
        fetcher = make_fetcher(self.dataset, self._iterable, self._auto_collation, self.collate_fn, self.drop_last)
        for index in self._index_sampler:
            try:
                yield fetcher.fetch(index)
            except StopIteration:
                return

    def __len__(self):
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        return len(self._index_sampler)

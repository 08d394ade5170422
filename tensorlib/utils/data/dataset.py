"""Datasets: ``Dataset``, ``IterableDataset``, ``TensorDataset``, ``ConcatDataset``,
``ChainDataset``, ``StackDataset``, ``Subset`` and ``random_split``, as in
``torch.utils.data.dataset``."""
import bisect
import itertools
import math
import numbers
import typing
import warnings

from ..._creation import randperm

T_co = typing.TypeVar("T_co", covariant=True)


# ==================================================================== datasets
class Dataset(typing.Generic[T_co]):
    """Base class of the map-style datasets: subclasses define ``__getitem__(index)`` and usually ``__len__``.

    ``dataset_a + dataset_b`` is their ``ConcatDataset``.

    Example::

        >>> class Squares(torch.utils.data.Dataset):
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, i):
        ...         return torch.tensor(float(i * i))
        >>> next(iter(torch.utils.data.DataLoader(Squares(), batch_size=4)))
        tensor([0., 1., 4., 9.])
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co]):
    """Base class of the stream datasets: subclasses define ``__iter__``, which yields the samples.

    A ``DataLoader`` with workers runs a copy of the stream in each; use ``get_worker_info()`` to
    give each worker its share.
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        return ChainDataset([self, other])


def _index_first_dim(tensor, index):
    if isinstance(index, numbers.Integral) and not isinstance(index, bool):
        return tensor.select(0, int(index))  # what tensor[int] is
    return tensor[index]


class TensorDataset(Dataset):
    r"""A dataset of tensors sharing their first dim: sample ``i`` is ``(t0[i], t1[i], ...)``.

    Args:
        \*tensors (Tensor): the tensors, all of the same size along dim 0.

    Example::

        >>> ds = torch.utils.data.TensorDataset(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([0, 1]))
        >>> len(ds), ds[1]
        (2, (tensor([3., 4.]), tensor(1)))
    """

    def __init__(self, *tensors):
        assert all(tensors[0].size(0) == t.size(0) for t in tensors), "Size mismatch between tensors"
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(_index_first_dim(t, index) for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class ConcatDataset(Dataset):
    """The datasets one after another, as one dataset.

    Args:
        datasets (iterable of Dataset): map-style datasets (not iterable ones).
    """

    def __init__(self, datasets):
        self.datasets = list(datasets)
        assert len(self.datasets) > 0, "datasets should not be an empty iterable"
        for d in self.datasets:
            assert not isinstance(d, IterableDataset), "ConcatDataset does not support IterableDataset"
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]


class ChainDataset(IterableDataset):
    """Iterable datasets one after another: their streams chained on the fly.

    Args:
        datasets (iterable of IterableDataset): the streams.
    """

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            assert isinstance(d, IterableDataset), "ChainDataset only supports IterableDataset"
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            assert isinstance(d, IterableDataset), "ChainDataset only supports IterableDataset"
            total += len(d)
        return total


class StackDataset(Dataset):
    r"""Datasets of one length side by side: sample ``i`` is ``(d0[i], d1[i], ...)`` for positional
    datasets, or ``{name: d[i]}`` for keyword datasets.

    Args:
        \*args (Dataset): the datasets, as a tuple sample.
        \*\*kwargs (Dataset): the datasets, as a dict sample (give one form only).
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                             "input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        self.datasets = args or kwargs
        lengths = [len(d) for d in (args or kwargs.values())]
        if any(n != lengths[0] for n in lengths):
            raise ValueError("Size mismatch between datasets")
        self._length = lengths[0]

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {name: d[index] for name, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __len__(self):
        return self._length


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    Args:
        dataset (Dataset): the whole dataset.
        indices (sequence of int): the indices to keep.
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        """The samples at ``indices`` (a list): through the dataset's own ``__getitems__`` where it has one."""
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    r"""Splits ``dataset`` into non-overlapping random ``Subset``\ s.

    Args:
        dataset (Dataset): the dataset to split.
        lengths (sequence of int or float): the lengths of the parts, or fractions of the length
            summing to 1 (the remainder goes one by one to the first parts).
        generator (Generator, optional): the source of the permutation. Default: the default generator.

    Returns:
        list of Subset: the parts.

    Example::

        >>> train, val = torch.utils.data.random_split(range(10), [0.8, 0.2],
        ...                                            generator=torch.Generator().manual_seed(0))
        >>> len(train), len(val)
        (8, 2)
    """
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        n = len(dataset)
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(int(math.floor(n * frac)))
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for i, size in enumerate(sizes):
            if size == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              UserWarning, stacklevel=2)
        lengths = sizes
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    indices = randperm(sum(lengths), generator=generator).tolist()
    return [Subset(dataset, indices[end - length:end])
            for end, length in zip(itertools.accumulate(lengths), lengths)]



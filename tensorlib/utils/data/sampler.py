"""Samplers: the indices a ``DataLoader`` draws, as in ``torch.utils.data.sampler``.
Random samplers draw as they are iterated (a permutation per pass through the
data, or 32 draws at a time with replacement), so ``num_samples`` may be huge."""
import itertools
import numbers
import typing


from ... import _dtype as D
from ..._creation import as_tensor, empty, randint, randperm
from ...random import Generator
from .dataset import T_co

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler"]

_CHUNK = 32   # draws with replacement come this many at a time


def draw_seed(generator):
    """A 63-bit seed from ``generator`` (the default generator if None), drawn as PyTorch's
    data loading draws its seeds: ``random_()`` on an empty int64 scalar."""
    return int(empty((), dtype=D.int64).random_(generator=generator).item())


def _check_num_samples(num_samples):
    if isinstance(num_samples, bool) or not isinstance(num_samples, int) or num_samples <= 0:
        raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")


# ==================================================================== samplers
class Sampler(typing.Generic[T_co]):
    """Base class of the samplers: iterables of indices (or of lists of indices) into a dataset, which
    a ``DataLoader`` takes as ``sampler`` or ``batch_sampler``.

    Subclasses define ``__iter__`` and, where they can, ``__len__``.

    Args:
        data_source: accepted for compatibility and unused.
    """

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Yields ``0, 1, ..., len(data_source) - 1`` in order: the sampler of a ``DataLoader`` without shuffling.

    Args:
        data_source (Sized): the dataset.

    Example::

        >>> list(torch.utils.data.SequentialSampler(range(4)))
        [0, 1, 2, 3]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """Yields random indices into ``data_source``: the sampler of a ``DataLoader`` with ``shuffle=True``.

    Without ``replacement`` each pass through the data is a fresh permutation (``num_samples``
    may span several passes); with it, ``num_samples`` independent draws.  Each iteration seeds a
    generator of its own from ``generator``, as PyTorch does.

    Args:
        data_source (Sized): the dataset.
        replacement (bool): draw with replacement. Default: ``False``.
        num_samples (int, optional): indices per pass. Default: ``len(data_source)``.
        generator (Generator, optional): the source of randomness. Default: the default generator.

    Example::

        >>> sampler = torch.utils.data.RandomSampler(range(5), generator=torch.Generator().manual_seed(0))
        >>> sorted(sampler)
        [0, 1, 2, 3, 4]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        _check_num_samples(self.num_samples)

    @property
    def num_samples(self):
        """The number of indices a pass yields: ``num_samples`` if given, else ``len(data_source)``."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = self.generator
        if generator is None:
            generator = Generator().manual_seed(draw_seed(None))
        if self.replacement:
            for _ in range(self.num_samples // _CHUNK):
                yield from randint(0, n, (_CHUNK,), generator=generator).tolist()
            yield from randint(0, n, (self.num_samples % _CHUNK,), generator=generator).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from randperm(n, generator=generator).tolist()
        yield from randperm(n, generator=generator).tolist()[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """Yields ``indices`` in a fresh random order each pass.

    Args:
        indices (sequence of int): the indices to draw from.
        generator (Generator, optional): the source of randomness. Default: the default generator.
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Yields ``num_samples`` indices into ``weights``, each drawn with probability proportional to its weight.

    Args:
        weights (sequence of float): one non-negative weight per index.
        num_samples (int): how many indices to draw.
        replacement (bool): draw with replacement; without it no index comes twice. Default: ``True``.
        generator (Generator, optional): the source of randomness. Default: the default generator.

    Example::

        >>> sampler = torch.utils.data.WeightedRandomSampler([0.0, 1.0, 0.0], num_samples=3)
        >>> list(sampler)
        [1, 1, 1]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        _check_num_samples(num_samples)
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        weights = as_tensor(weights, dtype=D.float64)
        if weights.dim() != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape {tuple(weights.shape)}")
        self.weights = weights
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        yield from self.weights.multinomial(self.num_samples, self.replacement, generator=self.generator).tolist()

    def __len__(self):
        return self.num_samples


def check_batching(batch_size, drop_last):
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size <= 0:
        raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
    if not isinstance(drop_last, bool):
        raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` into lists of ``batch_size``.

    Args:
        sampler (Sampler or iterable): the indices.
        batch_size (int): the size of each list.
        drop_last (bool): drop a final shorter list.

    Example::

        >>> list(torch.utils.data.BatchSampler(range(5), batch_size=2, drop_last=False))
        [[0, 1], [2, 3], [4]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        check_batching(batch_size, drop_last)
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        it = iter(self.sampler)
        while True:
            batch = list(itertools.islice(it, self.batch_size))
            if not batch or (self.drop_last and len(batch) < self.batch_size):
                return
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size

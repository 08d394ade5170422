"""Fetching one batch (or one sample) of a dataset from what the sampler gave: the
step the loader's own process and its worker processes share."""
import itertools


class MapFetcher:
    """For a map-style dataset: ``fetch(indices)`` collates ``dataset[i]`` for each index (through
    ``__getitems__`` where the dataset has it); without auto-collation ``fetch(index)`` converts one
    sample."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn

    def fetch(self, index):
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        getitems = getattr(self.dataset, "__getitems__", None)
        samples = getitems(index) if getitems is not None else [self.dataset[i] for i in index]
        return self.collate_fn(samples)


class IterableFetcher:
    """For an iterable dataset: ``fetch(placeholder)`` takes the next sample (or the next ``len(placeholder)``
    samples, collated) from one pass over the dataset; StopIteration once the pass is over (a short last
    batch too, with ``drop_last``)."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.iterator = iter(dataset)
        self.auto_collation, self.collate_fn, self.drop_last = auto_collation, collate_fn, drop_last
        self.ended = False

    def fetch(self, placeholder):
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.iterator))
        batch = list(itertools.islice(self.iterator, len(placeholder)))
        if len(batch) < len(placeholder):
            self.ended = True
        if not batch or (self.drop_last and len(batch) < len(placeholder)):
            raise StopIteration
        return self.collate_fn(batch)


def make_fetcher(dataset, is_iterable, auto_collation, collate_fn, drop_last):
    fetcher = IterableFetcher if is_iterable else MapFetcher
    return fetcher(dataset, auto_collation, collate_fn, drop_last)


class InfiniteConstantSampler:
    """What an iterable dataset's loader samples: None, forever (the fetcher ignores it)."""

    def __iter__(self):
        return itertools.repeat(None)

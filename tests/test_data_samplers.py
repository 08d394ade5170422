"""torch.utils.data's samplers (lazy random draws, SubsetRandomSampler, WeightedRandomSampler,
BatchSampler's checks), random_split by fractions, ChainDataset, StackDataset, Subset.__getitems__
and default_collate over dicts, namedtuples and NumPy values."""
import collections
import itertools
import warnings

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib.utils.data import (BatchSampler, ChainDataset, DataLoader, IterableDataset, RandomSampler,
                                  StackDataset, Subset, SubsetRandomSampler, WeightedRandomSampler, default_collate,
                                  random_split)


def test_random_sampler_with_replacement_draws_lazily():
    sampler = RandomSampler(range(10), replacement=True, num_samples=10 ** 10)
    assert len(sampler) == 10 ** 10
    first = list(itertools.islice(sampler, 10))
    assert len(first) == 10 and all(0 <= i < 10 for i in first)
    draws = list(RandomSampler(range(5), replacement=True, num_samples=70, generator=torch.Generator().manual_seed(1)))
    assert len(draws) == 70 and set(draws) <= set(range(5))


def test_random_sampler_without_replacement_is_a_permutation_per_pass():
    drawn = list(RandomSampler(range(4), num_samples=10))
    assert len(drawn) == 10
    assert sorted(drawn[:4]) == sorted(drawn[4:8]) == [0, 1, 2, 3] and len(set(drawn[8:])) == 2
    g = torch.Generator().manual_seed(3)
    sampler = RandomSampler(range(6), generator=g)
    passes = [list(sampler) for _ in range(4)]
    assert all(sorted(p) == list(range(6)) for p in passes) and len({tuple(p) for p in passes}) > 1
    torch.manual_seed(0)
    seeded = list(RandomSampler(range(6)))
    torch.manual_seed(0)
    assert list(RandomSampler(range(6))) == seeded


def test_random_sampler_errors():
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=0"):
        RandomSampler([1, 2], num_samples=0)
    with pytest.raises(TypeError, match="replacement should be a boolean value, but got replacement=1"):
        RandomSampler([1, 2], replacement=1)
    with pytest.raises(ValueError, match="num_samples=0"):
        RandomSampler([])


def test_subset_random_sampler():
    sampler = SubsetRandomSampler([5, 6, 7], generator=torch.Generator().manual_seed(0))
    assert len(sampler) == 3 and sorted(sampler) == [5, 6, 7]
    loader = DataLoader(list(range(10)), batch_size=2, sampler=SubsetRandomSampler([1, 3, 5, 7]))
    assert sorted(v for b in loader for v in b.tolist()) == [1, 3, 5, 7]


def test_weighted_random_sampler():
    sampler = WeightedRandomSampler([1, 0, 3], 2000, generator=torch.Generator().manual_seed(0))
    assert len(sampler) == 2000 and sampler.weights.dtype is torch.float64 and sampler.replacement
    counts = np.bincount(list(sampler), minlength=3)
    assert counts[1] == 0 and 0.2 < counts[0] / 2000 < 0.3
    once = list(WeightedRandomSampler([1, 0, 5, 2], 3, replacement=False))
    assert len(set(once)) == 3 and 1 not in once
    assert sorted(WeightedRandomSampler([1, 0], 2, replacement=False)) == [0, 1]


# WeightedRandomSampler draws through multinomial (with replacement), as PyTorch's does


@pytest.mark.parametrize("weights, message", [
    ([1, -1], r"invalid multinomial distribution \(encountering probability entry < 0\)"),
    ([1, float("nan")], r"invalid multinomial distribution \(encountering probability entry < 0\)"),
    ([1, float("inf")], r"invalid multinomial distribution \(encountering probability entry = infinity or NaN\)"),
    ([0, 0], r"invalid multinomial distribution \(sum of probabilities <= 0\)")])
def test_weighted_random_sampler_distribution_errors(weights, message):
    with pytest.raises(RuntimeError, match=message):
        list(WeightedRandomSampler(weights, 2))


def test_weighted_random_sampler_argument_errors():
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=2.0"):
        WeightedRandomSampler([1, 2], 2.0)
    with pytest.raises(ValueError, match="replacement should be a boolean value, but got replacement=1"):
        WeightedRandomSampler([1, 2], 2, replacement=1)
    with pytest.raises(ValueError, match=r"weights should be a 1d sequence but given weights have shape \(1, 2\)"):
        WeightedRandomSampler([[1, 2]], 2)
    with pytest.raises(RuntimeError, match="cannot sample n_sample > prob_dist.size"):
        list(WeightedRandomSampler([1, 1], 3, replacement=False))


def test_batch_sampler_checks():
    assert list(BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert len(BatchSampler(range(5), 2, True)) == 2
    with pytest.raises(ValueError, match="batch_size should be a positive integer value, but got batch_size=True"):
        BatchSampler([1, 2], True, False)
    with pytest.raises(ValueError, match="batch_size=0"):
        BatchSampler([1, 2], 0, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean value, but got drop_last=1"):
        BatchSampler([1, 2], 2, 1)


def test_random_split_by_fractions():
    assert [len(s) for s in random_split(range(10), [0.1] * 10)] == [1] * 10
    assert [len(s) for s in random_split(range(7), [0.5, 0.25, 0.25])] == [4, 2, 1]
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0. This might result in an empty dataset."):
        assert [len(s) for s in random_split(range(3), [0.1, 0.1, 0.8])] == [1, 0, 2]
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of the input dataset!"):
        random_split(range(5), [0.5, 0.6])
    with pytest.raises(ValueError, match="Fraction at index 0 is not between 0 and 1"):
        random_split(range(5), [-0.5, 1.5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = random_split(range(10), [0.3, 0.7], generator=torch.Generator().manual_seed(4))
    assert sorted(i for p in parts for i in p.indices) == list(range(10))


class Numbers(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n


def test_chain_dataset():
    chain = ChainDataset([Numbers(2), Numbers(3)])
    assert list(chain) == [0, 1, 0, 1, 2] and len(chain) == 5
    assert list(Numbers(2) + Numbers(1)) == [0, 1, 0]
    with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
        list(ChainDataset([Numbers(1), [1]]))
    assert [b.tolist() for b in DataLoader(chain, batch_size=2)] == [[0, 1], [0, 1], [2]]


def test_stack_dataset():
    stacked = StackDataset(range(3), torch.arange(3.) * 2)
    assert len(stacked) == 3 and stacked[1][0] == 1 and stacked[1][1].item() == 2.0
    assert StackDataset(a=range(3), b=range(3))[2] == {"a": 2, "b": 2}
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        StackDataset(range(3), range(2))
    with pytest.raises(ValueError, match="Supported either ``tuple``- \\(via ``args``\\) or``dict``-"):
        StackDataset(range(3), b=range(3))
    with pytest.raises(ValueError, match="At least one dataset should be passed"):
        StackDataset()
    batch = next(iter(DataLoader(StackDataset(x=torch.arange(4.), y=range(4)), batch_size=4)))
    assert batch["x"].tolist() == [0.0, 1.0, 2.0, 3.0] and batch["y"].tolist() == [0, 1, 2, 3]


def test_subset_getitems():
    assert Subset(range(10), [4, 2])
    assert Subset(range(10), [4, 2, 7]).__getitems__([0, 2]) == [4, 7]

    class Batched(list):
        def __getitems__(self, indices):
            return [("batched", self[i]) for i in indices]
    assert Subset(Batched(range(5)), [3, 1]).__getitems__([1]) == [("batched", 1)]


Point = collections.namedtuple("Point", "x y")


def test_default_collate_structures():
    points = default_collate([Point(1, 2.0), Point(3, 4.0)])
    assert type(points) is Point and points.x.tolist() == [1, 3] and points.y.dtype is torch.float64
    assert default_collate([{"a": np.float32(1)}, {"a": np.float32(2)}])["a"].dtype is torch.float32
    stacked = default_collate([np.array([1, 2]), np.array([3, 4])])
    assert stacked.tolist() == [[1, 2], [3, 4]] and stacked.dtype is torch.int64
    with pytest.raises(TypeError, match="default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                                        "lists; found <class 'object'>"):
        default_collate([object()])
    with pytest.raises(TypeError, match="found <U1"):
        default_collate([np.array(["a"])])


class TestParity:
    pytestmark = pytest.mark.parity

    def test_random_split_sizes_and_warnings_match_pytorch(self):
        real = real_torch()
        for n, fractions in ((10, [0.1] * 10), (7, [0.5, 0.25, 0.25]), (3, [0.1, 0.1, 0.8]), (2, [0.2, 0.2, 0.6])):
            with warnings.catch_warnings(record=True) as theirs_warned:
                warnings.simplefilter("always")
                theirs = [len(s) for s in real.utils.data.random_split(range(n), fractions)]
            with warnings.catch_warnings(record=True) as ours_warned:
                warnings.simplefilter("always")
                ours = [len(s) for s in random_split(range(n), fractions)]
            assert ours == theirs
            assert [str(w.message) for w in ours_warned] == [str(w.message) for w in theirs_warned]

    def test_collate_matches_pytorch(self):
        real = real_torch()
        samples = [{"p": Point(1, 2.5), "a": np.arange(3, dtype=np.int16), "s": "x"},
                   {"p": Point(4, 5.5), "a": np.arange(3, dtype=np.int16) + 1, "s": "y"}]
        theirs = real.utils.data.default_collate(samples)
        ours = default_collate(samples)
        assert ours["s"] == theirs["s"]
        assert str(ours["a"].dtype) == str(theirs["a"].dtype) and ours["a"].tolist() == theirs["a"].tolist()
        assert str(ours["p"].y.dtype) == str(theirs["p"].y.dtype) and ours["p"].x.tolist() == theirs["p"].x.tolist()


def test_distributed_sampler_shares():
    from tensorlib.utils.data.distributed import DistributedSampler
    shares = [list(DistributedSampler(range(5), num_replicas=2, rank=r, shuffle=False)) for r in range(2)]
    assert shares == [[0, 2, 4], [1, 3, 0]]
    assert list(DistributedSampler(range(5), num_replicas=2, rank=1, shuffle=False, drop_last=True)) == [1, 3]
    assert list(DistributedSampler(range(3), num_replicas=4, rank=3, shuffle=False)) == [0]
    assert list(DistributedSampler([], num_replicas=2, rank=0)) == []
    sampler = DistributedSampler(range(8), num_replicas=2, rank=0, seed=3)
    first = list(sampler)
    assert list(sampler) == first and len(sampler) == 4
    sampler.set_epoch(1)
    other = DistributedSampler(range(8), num_replicas=2, rank=1, seed=3)
    other.set_epoch(1)
    assert sorted(list(sampler) + list(other)) == list(range(8))
    from tensorlib import distributed
    if distributed.is_available():
        with pytest.raises(ValueError, match="Default process group has not been initialized"):
            DistributedSampler(range(5))
    else:
        with pytest.raises(RuntimeError, match="^Requires distributed package to be available$"):
            DistributedSampler(range(5), num_replicas=2)
    with pytest.raises(ValueError, match=r"Invalid rank 2, rank should be in the interval \[0, 1\]"):
        DistributedSampler(range(5), num_replicas=2, rank=2)

"""tensorlib.utils.data: datasets, default_collate, samplers and DataLoader."""
import collections
import warnings

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.utils import data as data_module
from tensorlib.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset,
                                  RandomSampler, SequentialSampler, Subset, TensorDataset, default_collate,
                                  default_convert, random_split)


def xy(n=5):
    return TensorDataset(torch.arange(2. * n).view(n, 2), torch.arange(n))


# ---- datasets -----------------------------------------------------------------------------
def test_tensor_dataset():
    ds = xy()
    assert len(ds) == 5
    x, y = ds[1]
    assert x.tolist() == [2.0, 3.0] and y.item() == 1 and y.dim() == 0
    assert ds[-1][1].item() == 4
    with pytest.raises(IndexError):
        ds[5]
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(torch.ones(2), torch.ones(3))


def test_dataset_base_and_concat():
    class Squares(Dataset):
        def __init__(self, n):
            self.n = n

        def __len__(self):
            return self.n

        def __getitem__(self, i):
            return i * i

    with pytest.raises(NotImplementedError):
        Dataset()[0]
    both = Squares(3) + Squares(2)
    assert isinstance(both, ConcatDataset) and len(both) == 5
    assert [both[i] for i in range(5)] == [0, 1, 4, 0, 1] and both[-1] == 1
    assert Dataset[int] is not None  # generic, for type hints


def test_subset_and_random_split():
    ds = list(range(10))
    sub = Subset(ds, [3, 1, 4])
    assert len(sub) == 3 and [sub[i] for i in range(3)] == [3, 1, 4]
    a, b = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(0))
    assert len(a) == 7 and len(b) == 3
    assert sorted(list(a.indices) + list(b.indices)) == ds
    again = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(0))
    assert again[0].indices == a.indices
    assert [len(s) for s in random_split(range(10), [0.3, 0.3, 0.4])] == [3, 3, 4]
    assert [len(s) for s in random_split(range(11), [0.5, 0.5])] == [6, 5]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        random_split(range(1), [0.5, 0.5])
    assert any("Length of split at index 1 is 0" in str(w.message) for w in caught)
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(ds, [3, 3])


# ---- default_collate ------------------------------------------------------------------------
def test_collate_tensors_stack_along_a_new_dim():
    batch = default_collate([torch.ones(2, 3), torch.zeros(2, 3)])
    assert batch.shape == torch.Size([2, 2, 3]) and batch.dtype is torch.float32
    assert batch.tolist() == [[[1.0] * 3] * 2, [[0.0] * 3] * 2]
    mixed = default_collate([torch.ones(2, dtype=torch.int32), torch.ones(2)])
    assert mixed.dtype is torch.float32
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size, but got \\[2\\] at "
                                           "entry 0 and \\[3\\] at entry 1"):
        default_collate([torch.ones(2), torch.ones(3)])


def test_collate_stacks_non_contiguous_samples():
    t = torch.arange(6).view(2, 3)
    batch = default_collate([t.t(), t.t().clone()])
    assert batch.shape == torch.Size([2, 3, 2]) and batch.is_contiguous()
    assert batch.tolist()[0] == [[0, 3], [1, 4], [2, 5]]


def test_collate_numbers_strings_and_numpy():
    ints = default_collate([1, 2])
    assert ints.dtype is torch.int64 and ints.tolist() == [1, 2]
    floats = default_collate([1.5, 2.0])
    assert floats.dtype is torch.float64 and floats.tolist() == [1.5, 2.0]
    assert default_collate([True, False]).dtype is torch.bool
    assert default_collate(["a", "b"]) == ["a", "b"] and default_collate([b"a", b"b"]) == [b"a", b"b"]
    scalars = default_collate([np.float32(1), np.float32(2)])
    assert scalars.dtype is torch.float32 and scalars.tolist() == [1.0, 2.0]
    zero_d = default_collate([np.array(3.0), np.array(4.0)])
    assert zero_d.dtype is torch.float64 and zero_d.tolist() == [3.0, 4.0]
    arrays = default_collate([np.arange(2), np.arange(2)[::-1]])
    assert arrays.dtype is torch.int64 and arrays.tolist() == [[0, 1], [1, 0]]
    for bad in (object(), None, np.array(["x"])):
        with pytest.raises(TypeError, match="default_collate: batch must contain tensors"):
            default_collate([bad, bad])


def test_collate_recurses_into_containers():
    pairs = default_collate([(1, 2.0), (3, 4.0)])
    assert isinstance(pairs, list) and pairs[0].tolist() == [1, 3] and pairs[1].dtype is torch.float64
    lists = default_collate([[1, 2], [3, 4]])
    assert [t.tolist() for t in lists] == [[1, 3], [2, 4]]
    dicts = default_collate([{"a": 1, "b": (1, 2)}, {"a": 2, "b": (3, 4)}])
    assert type(dicts) is dict and dicts["a"].tolist() == [1, 2]
    assert [t.tolist() for t in dicts["b"]] == [[1, 3], [2, 4]]
    ordered = default_collate([collections.OrderedDict(z=1, a=torch.ones(1))] * 2)
    assert type(ordered) is collections.OrderedDict and list(ordered) == ["z", "a"]
    assert ordered["a"].shape == torch.Size([2, 1])
    Point = collections.namedtuple("Point", "x y")
    point = default_collate([Point(1, 2), Point(3, 4)])
    assert type(point) is Point and point.x.tolist() == [1, 3]
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal size"):
        default_collate([[1, 2], [3]])


def test_default_convert():
    out = default_convert({"a": np.arange(3), "b": [np.ones(2)], "c": "s", "d": 1})
    assert isinstance(out["a"], torch.Tensor) and isinstance(out["b"][0], torch.Tensor)
    assert out["c"] == "s" and out["d"] == 1


# ---- samplers and the loader -------------------------------------------------------------------
def test_samplers():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    perm = list(RandomSampler(range(6), generator=torch.Generator().manual_seed(1)))
    assert sorted(perm) == list(range(6))
    assert len(list(RandomSampler(range(3), replacement=True, num_samples=7))) == 7
    assert len(list(RandomSampler(range(3), num_samples=7))) == 7
    assert list(BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert list(BatchSampler(range(5), 2, True)) == [[0, 1], [2, 3]]
    assert len(BatchSampler(range(5), 2, False)) == 3 and len(BatchSampler(range(5), 2, True)) == 2
    with pytest.raises(ValueError, match="batch_size should be a positive integer value, but got batch_size=0"):
        BatchSampler(range(3), 0, False)


def test_loader_batches_in_order():
    loader = DataLoader(xy(5), batch_size=2)
    batches = list(loader)
    assert len(loader) == 3 and len(batches) == 3
    x, y = batches[0]
    assert x.shape == torch.Size([2, 2]) and y.tolist() == [0, 1]
    assert batches[-1][1].tolist() == [4]
    dropped = DataLoader(xy(5), batch_size=2, drop_last=True)
    assert len(dropped) == 2 and [y.tolist() for _, y in dropped] == [[0, 1], [2, 3]]
    one = list(DataLoader(xy(3)))
    assert len(one) == 3 and one[0][0].shape == torch.Size([1, 2])


def test_loader_shuffle_uses_the_default_generator():
    ds = xy(8)

    def epoch(loader):
        return [v for _, y in loader for v in y.tolist()]

    torch.manual_seed(0)
    first = epoch(DataLoader(ds, batch_size=3, shuffle=True))
    torch.manual_seed(0)
    assert epoch(DataLoader(ds, batch_size=3, shuffle=True)) == first
    assert sorted(first) == list(range(8))
    # with its own generator: the passes follow from its seed alone, a fresh permutation each
    def passes(seed):
        loader = DataLoader(ds, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(seed))
        return [epoch(loader) for _ in range(3)]

    torch.manual_seed(1)
    three = passes(3)
    torch.manual_seed(2)
    assert passes(3) == three and len({tuple(p) for p in three}) > 1
    assert all(sorted(p) == list(range(8)) for p in three)


def test_loader_collate_fn_and_no_batching():
    loader = DataLoader(list(range(5)), batch_size=2, collate_fn=lambda batch: sum(batch))
    assert list(loader) == [1, 5, 4]
    assert list(DataLoader(range(3), batch_size=None)) == [0, 1, 2]
    singles = list(DataLoader([np.ones(2)], batch_size=None))
    assert isinstance(singles[0], torch.Tensor)
    custom = DataLoader(range(6), batch_sampler=[[0, 5], [1]])
    assert [b.tolist() for b in custom] == [[0, 5], [1]]


def test_loader_argument_errors():
    with pytest.raises(ValueError, match="batch_size should be a positive integer value"):
        DataLoader(range(3), batch_size=0)
    with pytest.raises(ValueError, match="mutually exclusive with drop_last"):
        DataLoader(range(3), batch_size=None, drop_last=True)
    with pytest.raises(ValueError, match="sampler option is mutually exclusive with shuffle"):
        DataLoader(range(3), sampler=[0, 1], shuffle=True)
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        DataLoader(range(3), batch_size=2, batch_sampler=[[0]])


def test_iterable_dataset():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(5))

        def __len__(self):
            return 5

    assert [b.tolist() for b in DataLoader(Stream(), batch_size=2)] == [[0, 1], [2, 3], [4]]
    assert len(DataLoader(Stream(), batch_size=2, drop_last=True)) == 2
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        DataLoader(Stream(), shuffle=True)


def test_module_exports():
    import tensorlib.utils
    assert tensorlib.utils.data is data_module

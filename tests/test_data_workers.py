"""DataLoader with worker processes: the batches of num_workers=0 in the same order (map-style,
shuffled, unbatched, custom collate), worker_init_fn / get_worker_info / seeding, IterableDataset
sharding, persistent workers, prefetch and timeout, errors raised again with the worker's traceback,
and the argument checks."""
import multiprocessing
import os

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib.utils.data import (DataLoader, Dataset, IterableDataset, TensorDataset, WorkerInfo,
                                  get_worker_info)


def xy(n=10):
    return TensorDataset(torch.arange(2. * n).view(n, 2), torch.arange(n))


def as_lists(batches):
    """Batches as nested Python lists (tensors by value), for equality."""
    def plain(value):
        if isinstance(value, torch.Tensor):
            return (str(value.dtype), value.tolist())
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value
    return [plain(b) for b in batches]


def both(make_loader, seed=0):
    """The batches of ``make_loader(num_workers)`` with 0 and with 2 workers, from one seed each."""
    torch.manual_seed(seed)
    single = as_lists(make_loader(0))
    torch.manual_seed(seed)
    workers = as_lists(make_loader(2))
    return single, workers


@pytest.mark.parametrize("kwargs", [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                                    dict(batch_size=4, shuffle=True), dict(batch_size=1, prefetch=1)])
def test_workers_give_the_single_process_batches(kwargs):
    kwargs = dict(kwargs)
    prefetch = kwargs.pop("prefetch", None)

    def make(num_workers):
        extra = {"prefetch_factor": prefetch} if prefetch and num_workers else {}
        return list(DataLoader(xy(), num_workers=num_workers, **kwargs, **extra))
    single, workers = both(make)
    assert single == workers and len(single) > 0


def test_workers_with_generator_collate_fn_and_dict_samples():
    class Records(Dataset):
        def __len__(self):
            return 7

        def __getitem__(self, i):
            return {"x": np.full(2, i, dtype=np.float32), "label": i, "name": f"r{i}"}

    def make(num_workers):
        return list(DataLoader(Records(), batch_size=3, shuffle=True, num_workers=num_workers,
                               generator=torch.Generator().manual_seed(5)))
    single, workers = both(make)
    assert single == workers
    assert workers[0]["x"][0] == "torch.float32"

    def make_summed(num_workers):
        return list(DataLoader(list(range(9)), batch_size=4, collate_fn=sum, num_workers=num_workers))
    assert both(make_summed) == ([6, 22, 8], [6, 22, 8])


def test_len_and_iterator_of_a_worker_loader():
    loader = DataLoader(xy(), batch_size=3, num_workers=2)
    assert len(loader) == 4
    it = iter(loader)
    assert len(it) == 4
    assert next(it)[1].tolist() == [0, 1, 2]
    del it  # an abandoned pass shuts its workers down


class Seeds(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = get_worker_info()
        return [info.id, info.num_workers, info.seed, os.getpid(), torch.randint(0, 10**9, ()).item()]


def test_worker_info_seeds_and_init_fn():
    assert get_worker_info() is None
    torch.manual_seed(0)
    rows = list(DataLoader(Seeds(), batch_size=None, num_workers=2))
    ids = [r[0] for r in rows]
    assert ids == [0, 1, 0, 1] and {r[1] for r in rows} == {2}
    seeds = {r[0]: r[2] for r in rows}
    assert seeds[1] == seeds[0] + 1  # the pass's base seed plus the worker id
    assert len({r[3] for r in rows}) == 2 and os.getpid() not in {r[3] for r in rows}
    torch.manual_seed(0)
    again = list(DataLoader(Seeds(), batch_size=None, num_workers=2))
    assert [r[4] for r in again] == [r[4] for r in rows]  # seeded from the default generator's state

    def init(worker_id):
        np.random.seed(100 + worker_id)

    class Draw(Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return np.random.randint(0, 10**6)

    drawn = [int(b) for b in DataLoader(Draw(), batch_size=None, num_workers=2, worker_init_fn=init)]
    assert drawn == [np.random.RandomState(100).randint(0, 10**6), np.random.RandomState(101).randint(0, 10**6)]


def test_worker_info_is_read_only():
    info = WorkerInfo(id=0, num_workers=1, seed=3, dataset=None)
    assert repr(info) == "WorkerInfo(id=0, num_workers=1, seed=3, dataset=None)"
    with pytest.raises(RuntimeError, match="Cannot assign attributes to WorkerInfo objects"):
        info.id = 1


class Sharded(IterableDataset):
    """range(start, end), split between the workers by get_worker_info()."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.start, self.end))
        per_worker = -(-(self.end - self.start) // info.num_workers)
        first = self.start + info.id * per_worker
        return iter(range(first, min(first + per_worker, self.end)))


def test_iterable_dataset_sharded_by_worker_info():
    assert [b.tolist() for b in DataLoader(Sharded(3, 10), batch_size=2)] == [[3, 4], [5, 6], [7, 8], [9]]
    # the workers' batches interleave, each worker's in its own order, as in PyTorch
    batches = [b.tolist() for b in DataLoader(Sharded(3, 10), batch_size=2, num_workers=2)]
    assert batches == [[3, 4], [7, 8], [5, 6], [9]]
    assert [b.tolist() for b in DataLoader(Sharded(3, 10), batch_size=2, num_workers=2, drop_last=True)] == \
        [[3, 4], [7, 8], [5, 6]]
    assert sorted(int(v) for v in DataLoader(Sharded(0, 5), batch_size=None, num_workers=3)) == list(range(5))


def test_persistent_workers_serve_every_pass():
    loader = DataLoader(xy(), batch_size=4, num_workers=2, persistent_workers=True)
    first = as_lists(loader)
    pids = [w.pid for w in loader._iterator._workers]
    assert as_lists(loader) == first
    it = iter(loader)
    next(it)  # an abandoned pass...
    assert as_lists(loader) == first  # ...does not leak into the next
    assert [w.pid for w in loader._iterator._workers] == pids
    iterable = DataLoader(Sharded(0, 6), batch_size=2, num_workers=2, persistent_workers=True)
    assert as_lists(iterable) == as_lists(iterable)
    loader._iterator._shutdown_workers()
    iterable._iterator._shutdown_workers()


def test_spawn_context_and_out_of_order_results():
    context = multiprocessing.get_context("spawn")
    loader = DataLoader(list(range(6)), batch_size=2, num_workers=2, multiprocessing_context=context)
    assert [b.tolist() for b in loader] == [[0, 1], [2, 3], [4, 5]]
    unordered = DataLoader(list(range(6)), batch_size=2, num_workers=2, in_order=False)
    assert sorted(b.tolist() for b in unordered) == [[0, 1], [2, 3], [4, 5]]


class Failing(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise KeyError("boom")
        return i


def test_worker_errors_are_raised_again_with_the_worker_traceback():
    with pytest.raises(KeyError) as caught:
        list(DataLoader(Failing(), num_workers=2))
    message = str(caught.value)
    assert message.startswith("Caught KeyError in DataLoader worker process 0.\nOriginal Traceback (most recent "
                              "call last):\n")
    assert "raise KeyError(\"boom\")" in message and message.rstrip().endswith("KeyError: 'boom'")

    def init(worker_id):
        raise ValueError("init failed")
    with pytest.raises(ValueError, match="Caught ValueError in DataLoader worker process 0"):
        list(DataLoader(range(4), num_workers=1, worker_init_fn=init))


def test_timeout():
    class Slow(Dataset):
        def __len__(self):
            return 1

        def __getitem__(self, i):
            import time
            time.sleep(1)
            return i

    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.2 seconds"):
        list(DataLoader(Slow(), num_workers=1, timeout=0.2))


def test_argument_errors():
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(range(3), num_workers=-1)
    with pytest.raises(ValueError, match="prefetch_factor option could only be specified in multiprocessing"):
        DataLoader(range(3), prefetch_factor=2)
    with pytest.raises(ValueError, match="prefetch_factor option should be non-negative"):
        DataLoader(range(3), num_workers=2, prefetch_factor=-1)
    with pytest.raises(AssertionError, match="prefetch_factor must be greater than 0"):
        iter(DataLoader(range(3), num_workers=2, prefetch_factor=0))
    with pytest.raises(ValueError, match="persistent_workers option needs num_workers > 0"):
        DataLoader(range(3), persistent_workers=True)
    with pytest.raises(ValueError, match="timeout option should be non-negative"):
        DataLoader(range(3), timeout=-1)
    with pytest.raises(ValueError, match="multiprocessing_context option should specify a valid start method in"):
        DataLoader(range(3), num_workers=1, multiprocessing_context="foo")
    with pytest.raises(ValueError, match="multiprocessing_context can only be used with multi-process loading"):
        DataLoader(range(3), multiprocessing_context="fork")
    with pytest.raises(TypeError, match="multiprocessing_context option should be a valid context object"):
        DataLoader(range(3), num_workers=1, multiprocessing_context=3)


def test_pin_memory_is_accepted_on_the_cpu():
    loader = DataLoader(xy(4), batch_size=2, pin_memory=True)
    if torch.cuda.is_available():
        assert len(list(loader)) == 2
    else:
        with pytest.warns(UserWarning, match="'pin_memory' argument is set as true but no accelerator is found"):
            assert len(list(loader)) == 2


class TestParity:
    pytestmark = pytest.mark.parity

    def test_sharded_iterable_order_matches_pytorch(self):
        real = real_torch()

        class RealSharded(real.utils.data.IterableDataset):
            def __iter__(self):
                info = real.utils.data.get_worker_info()
                per_worker = -(-7 // info.num_workers)
                first = 3 + info.id * per_worker
                return iter(range(first, min(first + per_worker, 10)))

        for drop_last in (False, True):
            theirs = [b.tolist() for b in real.utils.data.DataLoader(RealSharded(), batch_size=2, num_workers=2,
                                                                     drop_last=drop_last)]
            ours = [b.tolist() for b in DataLoader(Sharded(3, 10), batch_size=2, num_workers=2, drop_last=drop_last)]
            assert ours == theirs

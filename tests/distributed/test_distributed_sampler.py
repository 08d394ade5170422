"""DistributedSampler: the shares of the indices that the replicas read, their order
against PyTorch's for many sizes, seeds and epochs, and the defaults taken from the
default process group."""
import itertools

import pytest

from tensorlib import distributed as dist
from tensorlib.utils.data.distributed import DistributedSampler

SIZES = (0, 1, 2, 3, 5, 7, 10, 11, 16, 17, 31, 64, 101, 1000)
REPLICAS = (1, 2, 3, 4, 7)


def shares(n, replicas, **options):
    return [list(DistributedSampler(range(n), num_replicas=replicas, rank=rank, **options))
            for rank in range(replicas)]


@pytest.mark.parity
def test_indices_equal_pytorchs():
    torch = pytest.importorskip("torch", minversion="2.13")
    from torch.utils.data.distributed import DistributedSampler as TorchSampler
    for n, replicas, shuffle, drop_last in itertools.product(SIZES, REPLICAS, (True, False), (True, False)):
        for seed, epoch in ((0, 0), (7, 1), (2**40, 5)) if shuffle else ((0, 0),):
            for rank in range(replicas):
                ours = DistributedSampler(range(n), replicas, rank, shuffle, seed, drop_last)
                theirs = TorchSampler(range(n), replicas, rank, shuffle, seed, drop_last)
                ours.set_epoch(epoch)
                theirs.set_epoch(epoch)
                case = (n, replicas, rank, shuffle, drop_last, seed, epoch)
                assert list(ours) == list(theirs), case
                assert len(ours) == len(theirs), case
    assert torch.distributed.is_available()


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("replicas", REPLICAS)
def test_shares_cover_the_order_padded_or_cut(n, replicas):
    order = [i for share in zip(*shares(n, replicas, shuffle=False)) for i in share]
    assert order == (list(range(n)) * (replicas + 1))[:len(order)]
    assert len(order) == -(-n // replicas) * replicas
    kept = [i for share in zip(*shares(n, replicas, shuffle=False, drop_last=True)) for i in share]
    assert kept == list(range(n // replicas * replicas))
    shuffled = shares(n, replicas, seed=3)
    assert all(len(share) == len(shuffled[0]) for share in shuffled)
    if n % replicas == 0:
        assert sorted(i for share in shuffled for i in share) == list(range(n))


def test_each_epoch_has_its_own_order_and_seed_plus_epoch_fixes_it():
    sampler = DistributedSampler(range(50), num_replicas=2, rank=1, seed=4)
    first = list(sampler)
    assert list(sampler) == first
    sampler.set_epoch(1)
    second = list(sampler)
    assert second != first
    assert list(DistributedSampler(range(50), num_replicas=2, rank=1, seed=5)) == second


def test_defaults_come_from_the_default_group():
    if not dist.is_initialized():
        pytest.skip("no default process group")
    sampler = DistributedSampler(range(10))
    assert (sampler.num_replicas, sampler.rank) == (dist.get_world_size(), dist.get_rank())
    assert list(sampler) == shares(10, dist.get_world_size())[dist.get_rank()]


def test_rank_outside_the_replicas_is_refused():
    for rank in (2, -1):
        with pytest.raises(ValueError, match=rf"^Invalid rank {rank}, rank should be in the interval \[0, 1\]$"):
            DistributedSampler(range(5), num_replicas=2, rank=rank)

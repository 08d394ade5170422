"""The same data-parallel program (ddp_cases.py) on 2 processes under torchrun with PyTorch's
gloo and under ``python -m tensorlib.distributed.run``: trained parameters, gradients after
no_sync, the gradients of parameters used on one rank or none, buffers, state_dict names and
the error of an unused parameter alike: names, errors, shapes and which gradients are None
exactly, float values to rounding (the two libraries' float kernels differ in their last bits
on these shapes, DistributedDataParallel itself adds no rounding of its own)."""
import ast
import math

import pytest
from parity import real_torch

from .test_dist_parity import results

pytestmark = pytest.mark.parity


def test_a_data_parallel_program_gives_what_pytorch_gives(tmp_path, rank):
    real_torch()
    if rank != 0:
        pytest.skip("rank 0 starts both launchers")
    theirs = results("torch.distributed.run", tmp_path / "torch", "ddp_cases.py")
    ours = results("tensorlib.distributed.run", tmp_path / "tensorlib", "ddp_cases.py")
    for their_rank, our_rank in zip(theirs, ours):
        assert list(our_rank) == list(their_rank)
        for name, value in their_rank.items():
            assert close(ast.literal_eval(our_rank[name]), ast.literal_eval(value)), name


def close(ours, theirs):
    """Equal, but floats within rounding."""
    if isinstance(theirs, float):
        return isinstance(ours, float) and math.isclose(ours, theirs, rel_tol=1e-5, abs_tol=1e-6)
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(close, ours, theirs))
    return type(ours) is type(theirs) and ours == theirs

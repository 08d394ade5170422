"""The core CUDA checks of tests/test_cuda_stand_in.py on a real GPU through CuPy,
plus interop with CuPy itself.  Skipped unless CuPy is installed and sees a CUDA
device (and the NumPy stand-in is off): see docs/cuda.md."""
import os
import sys

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import cuda as cuda_backend

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # also under --import-mode=importlib
import test_cuda_stand_in as suite  # noqa: E402

pytestmark = pytest.mark.skipif(
    cuda_backend.stand_in_active() or not torch.cuda.is_available(), reason="needs CuPy and a CUDA GPU")

# every core test of the stand-in suite, collected here without the stand-in fixture
globals().update({name: getattr(suite, name) for name in suite.CORE})


def test_storage_is_cupy_memory():
    import cupy
    g = torch.arange(6.0, device="cuda").view(2, 3)
    assert isinstance(g._storage.data, cupy.ndarray) and isinstance(g._array(), cupy.ndarray)
    assert g.data_ptr() == g._storage.data.data.ptr
    assert not cuda_backend.stand_in_active() and "stand-in" not in torch.cuda.get_device_name()


def test_cupy_shares_memory_both_ways():
    import cupy
    g = torch.arange(6.0, device="cuda").view(2, 3)
    through_cai = cupy.asarray(g.t())           # __cuda_array_interface__
    through_cai[0, 1] = -5.0
    assert g[1, 0].item() == -5.0
    through_dlpack = cupy.from_dlpack(g)        # __dlpack__
    through_dlpack[0, 0] = 42.0
    assert g[0, 0].item() == 42.0
    c = cupy.arange(4, dtype=cupy.int32)
    t = suite.from_dlpack(c)
    assert t.device == torch.device("cuda", 0) and t.dtype == torch.int32
    t[2] = 9
    assert int(c[2]) == 9
    cupy.cuda.Device().synchronize()


def test_kernels_run_asynchronously_and_synchronize():
    a = torch.randn(512, 512, device="cuda")
    for _ in range(4):
        a = a @ a.t() / 512
    torch.cuda.synchronize()
    assert np.isfinite(a.cpu().numpy()).all()

"""The CPU backend's buffers start on 64-byte boundaries (tensorlib/backends/_aligned_memory,
installed as NumPy's allocation policy when the backend loads)."""
import json
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import _aligned_memory, _cpu_memory

pytestmark = pytest.mark.skipif(not _cpu_memory.ALIGNED, reason="TENSORLIB_ALIGNED_MEMORY=0")


@pytest.mark.parametrize("dtype", [torch.bool, torch.uint8, torch.int64, torch.float16, torch.float32, torch.float64])
@pytest.mark.parametrize("n", [0, 1, 3, 17, 1000, 100_003, 1_048_577])
def test_new_tensors_start_on_64_byte_boundaries(dtype, n):
    x = torch.zeros(n, dtype=dtype)
    made = [x, torch.empty(n, dtype=dtype), torch.ones(n, dtype=dtype), x + x, x.clone(), x.to(torch.float64),
            torch.full((n,), 1, dtype=dtype).flip(0)]
    for t in made:
        assert t.data_ptr() % _aligned_memory.ALIGNMENT == 0
    assert not x.any()


def test_numpy_arrays_made_through_it_behave_as_numpy_s():
    zeros = np.zeros(3_000_000)          # calloc's path, huge pages advised
    assert zeros.ctypes.data % 64 == 0 and not zeros.any()
    grown = np.arange(10.0)
    grown.resize(1_000_000, refcheck=False)   # realloc's path keeps the old elements
    assert grown.ctypes.data % 64 == 0 and grown[:10].tolist() == list(range(10)) and not grown[10:].any()
    shrunk = np.arange(1000.0)
    shrunk.resize(5, refcheck=False)
    assert shrunk.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_freed_buffers_are_given_back():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(200):
        torch.empty(16 << 20, dtype=torch.uint8).fill_(1)   # 16 MiB, written so that it is resident
        np.ones(5 << 20, np.uint8)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 << 10   # KiB


@pytest.mark.parametrize("value, name", [(None, "tensorlib_aligned_64"), ("0", "default_allocator")])
def test_the_switch(value, name):
    env = {k: v for k, v in os.environ.items() if k != "TENSORLIB_ALIGNED_MEMORY"}
    if value is not None:
        env["TENSORLIB_ALIGNED_MEMORY"] = value
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(torch.__file__)))
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    probe = ("import json, numpy, tensorlib; from tensorlib.backends import _cpu_memory\n"
             "try:\n    from numpy._core.multiarray import get_handler_name\n"
             "except ImportError:  # NumPy 1\n    from numpy.core.multiarray import get_handler_name\n"
             "print(json.dumps([_cpu_memory.ALIGNED, get_handler_name()]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir(), check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [value is None, name]

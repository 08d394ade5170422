"""Without a GPU: CUDA is unavailable, tensorlib never imports CuPy on its own,
and asking for a CUDA tensor raises a RuntimeError naming what is missing."""
import os
import subprocess
import sys
import tempfile
import types

import pytest

import tensorlib as torch
from tensorlib.backends import cuda as cuda_backend

# the directory holding the tensorlib this test process imported (source tree or site-packages)
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(torch.__file__)))


def _python(code, **env):
    """Runs ``code`` in a fresh interpreter importing the same tensorlib, outside the source tree."""
    environ = {k: v for k, v in os.environ.items() if k != "TENSORLIB_CUDA_STAND_IN"}
    environ.update(env)
    environ["PYTHONPATH"] = PACKAGE_PARENT + os.pathsep + environ.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ,
                          cwd=tempfile.gettempdir())


def test_importing_tensorlib_imports_no_cupy_and_prints_nothing():
    done = _python("import sys, tensorlib\nassert 'cupy' not in sys.modules, 'cupy imported'\n"
                   "t = tensorlib.ones(2) + 1\nassert 'cupy' not in sys.modules")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_is_available_is_false_without_cupy():
    # a process where CuPy cannot be imported, whatever this machine has installed
    done = _python("import sys\nsys.modules['cupy'] = None\nimport tensorlib as torch\n"
                   "print(torch.cuda.is_available(), torch.cuda.device_count())\n"
                   "try:\n    torch.ones(2, device='cuda')\nexcept RuntimeError as e:\n    print(e)")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "False 0"
    assert lines[1].startswith("CUDA is not available: tensorlib reaches CUDA through CuPy, which is not installed")


def test_is_available_is_false_by_default_on_this_machine():
    try:
        import cupy  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("CuPy is installed here: availability depends on the GPU")
    done = _python("import tensorlib as torch; print(torch.cuda.is_available(), torch.cuda.device_count())")
    assert done.returncode == 0 and done.stdout == "False 0\n", done.stderr


@pytest.fixture
def no_cuda(monkeypatch):
    """This process, as if CuPy were not installed (and the stand-in off)."""
    monkeypatch.setattr(cuda_backend, "_stand_in", False)
    monkeypatch.setattr(cuda_backend, "_real", None)
    monkeypatch.setitem(sys.modules, "cupy", None)
    yield
    monkeypatch.setattr(cuda_backend, "_real", None)


@pytest.mark.parametrize("make", [
    lambda: torch.ones(2, device="cuda"), lambda: torch.zeros(2, device="cuda:0"), lambda: torch.ones(2).to("cuda"),
    lambda: torch.ones(2).cuda(), lambda: torch.tensor([1, 2], device=torch.device("cuda")),
    lambda: torch.ones_like(torch.ones(2), device="cuda"), lambda: torch.randn(2, device="cuda"),
    lambda: torch.ones(2).to(torch.device("cuda"), torch.float64), lambda: torch.cuda.current_device(),
    lambda: torch.cuda.synchronize(), lambda: torch.cuda.get_device_name(),
])
def test_cuda_requests_raise_naming_cupy(no_cuda, make):
    with pytest.raises(RuntimeError, match="CUDA is not available: tensorlib reaches CUDA through CuPy, which is "
                                           "not installed"):
        make()


def test_cuda_module_without_cuda(no_cuda):
    assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
    torch.cuda.manual_seed(1)  # accepted and ignored, as PyTorch does
    torch.cuda.manual_seed_all(1)
    assert torch.ones(2).to("cpu").device == torch.device("cpu")


def test_cupy_without_a_device_is_named(monkeypatch):
    fake = types.ModuleType("cupy")

    def no_device():
        raise RuntimeError("cudaErrorNoDevice: no CUDA-capable device is detected")

    fake.cuda = types.SimpleNamespace(runtime=types.SimpleNamespace(getDeviceCount=no_device))
    monkeypatch.setattr(cuda_backend, "_stand_in", False)
    monkeypatch.setattr(cuda_backend, "_real", None)
    monkeypatch.setitem(sys.modules, "cupy", fake)
    assert not torch.cuda.is_available()
    with pytest.raises(RuntimeError, match="CuPy is installed but no CUDA device is visible .*no CUDA-capable device"):
        torch.ones(2, device="cuda")
    monkeypatch.setattr(cuda_backend, "_real", None)


def test_cpu_tensors_report_no_cuda_interface():
    t = torch.ones(2)
    assert not t.is_cuda and t.device == torch.device("cpu")
    assert not hasattr(t, "__cuda_array_interface__")
    assert t.__dlpack_device__() == (1, 0)

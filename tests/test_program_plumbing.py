"""What PyTorch programs touch at start-up: torch.backends flags, the float32 matmul precision,
torch.compile, determinism, the default device, threads, torch.cpu, torch.cuda extras,
torch.distributed and torch.nn.parallel."""
import importlib
import importlib.util
import subprocess
import sys

import pytest

import tensorlib as torch
from parity import real_torch

NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."


def test_modules_import_by_pytorch_s_names():
    for name in ("amp", "amp.autocast_mode", "amp.grad_scaler", "cuda.amp", "cpu.amp", "backends.cudnn",
                 "backends.mps", "backends.mkldnn", "backends.openmp", "distributed", "nn.parallel",
                 "nn.parallel.distributed"):
        module = importlib.import_module("tensorlib." + name)
        assert module is eval("torch." + name)  # reachable as an attribute after `import torch`
    from tensorlib.nn.parallel import DistributedDataParallel  # noqa: F401
    from tensorlib.distributed import destroy_process_group, init_process_group  # noqa: F401


def test_backends_flags():
    cudnn = torch.backends.cudnn
    assert (cudnn.enabled, cudnn.benchmark, cudnn.deterministic, cudnn.allow_tf32) == (True, False, False, True)
    assert not cudnn.is_available() and cudnn.version() is None
    cudnn.benchmark = True
    assert torch.backends.cudnn.benchmark
    cudnn.benchmark = False
    with cudnn.flags(enabled=False, deterministic=True):
        assert not cudnn.enabled and cudnn.deterministic
    assert cudnn.enabled and not cudnn.deterministic
    assert not torch.backends.mps.is_available() and not torch.backends.mps.is_built()
    assert not torch.backends.mkldnn.is_available() and not torch.backends.openmp.is_available()


def test_matmul_precision_and_tf32_flag_are_one_setting():
    matmul = torch.backends.cuda.matmul
    assert torch.get_float32_matmul_precision() == "highest" and not matmul.allow_tf32
    try:
        torch.set_float32_matmul_precision("high")
        assert matmul.allow_tf32
        matmul.allow_tf32 = False
        assert torch.get_float32_matmul_precision() == "highest"
        matmul.allow_tf32 = True
        assert torch.get_float32_matmul_precision() == "high"
        with pytest.warns(UserWarning, match="foo is not one of 'highest', 'high', or 'medium'"):
            torch.set_float32_matmul_precision("foo")
        assert torch.get_float32_matmul_precision() == "high"
    finally:
        torch.set_float32_matmul_precision("highest")
    assert matmul.allow_fp16_reduced_precision_reduction


def test_compile_returns_its_argument():
    model = torch.nn.Linear(2, 2)
    assert torch.compile(model) is model
    assert torch.compile(model, mode="max-autotune", fullgraph=True, dynamic=False, backend="eager") is model

    @torch.compile(mode="reduce-overhead")
    def step(x):
        return x + 1

    assert step(torch.ones(1)).tolist() == [2.0]

    @torch.compile
    def bare(x):
        return x * 2

    assert bare(torch.ones(1)).tolist() == [2.0]
    with pytest.raises(RuntimeError, match="Unrecognized mode=foo, should be one of: default, lite"):
        torch.compile(model, mode="foo")
    with pytest.raises(RuntimeError, match="Either mode or options can be specified"):
        torch.compile(model, mode="default", options={})
    with pytest.raises(AssertionError, match="A callable function is expected, but <class 'int'> is provided."):
        torch.compile(3)


def test_deterministic_algorithms():
    assert not torch.are_deterministic_algorithms_enabled()
    try:
        torch.use_deterministic_algorithms(True, warn_only=True)
        assert torch.are_deterministic_algorithms_enabled() and torch.is_deterministic_algorithms_warn_only_enabled()
        assert torch.get_deterministic_debug_mode() == 1
        torch.set_deterministic_debug_mode("error")
        assert not torch.is_deterministic_algorithms_warn_only_enabled()
        with pytest.raises(TypeError, match=r"argument 'mode' \(position 1\) must be bool, not int"):
            torch.use_deterministic_algorithms(1)
        with pytest.raises(RuntimeError, match="expected one of `default`, `warn`, `error`, but got foo"):
            torch.set_deterministic_debug_mode("foo")
        with pytest.raises(RuntimeError, match="expected 0, 1, or 2, but got 5"):
            torch.set_deterministic_debug_mode(5)
    finally:
        torch.use_deterministic_algorithms(False)
    assert torch.get_deterministic_debug_mode() == 0


def test_default_device():
    assert torch.get_default_device() == torch.device("cpu")
    try:
        torch.set_default_device("cpu")
        assert torch.zeros(1).device == torch.device("cpu")
        if not torch.cuda.is_available():
            torch.set_default_device("cuda")
            with pytest.raises(RuntimeError, match="CUDA is not available"):
                torch.zeros(1)
            with pytest.raises(RuntimeError, match="CUDA is not available"):
                torch.tensor([1.0])
            assert torch.ones(1, device="cpu").device == torch.device("cpu")
    finally:
        torch.set_default_device(None)
    assert torch.randn(2).device == torch.device("cpu")


def test_threads_and_manual_seed():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    assert torch.get_num_threads() == 1
    torch.set_num_threads(threads)
    with pytest.raises(RuntimeError, match="set_num_threads expects a positive integer"):
        torch.set_num_threads(0)
    assert torch.manual_seed(0) is torch.default_generator


def test_cpu_and_cuda_modules():
    assert torch.cpu.is_available() and torch.cpu.device_count() == 1 and torch.cpu.current_device() == "cpu"
    torch.cpu.synchronize()
    if not torch.cuda.is_available():
        assert not torch.cuda.is_bf16_supported() and torch.cuda.device_count() == 0


def test_distributed_without_a_process_group():
    dist = torch.distributed
    assert dist.is_available() == (importlib.util.find_spec("mpi4py") is not None)
    assert not dist.is_initialized()
    for query in (dist.get_rank, dist.get_world_size, dist.barrier, dist.get_backend, dist.new_group):
        with pytest.raises(ValueError, match=NO_GROUP):
            query()
    with pytest.raises(ValueError, match=NO_GROUP):
        dist.all_reduce(torch.ones(1), op=dist.ReduceOp.SUM)
    with pytest.raises(TypeError, match="Expected parameter `tensor` of type torch.Tensor"):
        dist.all_reduce(None)
    with pytest.raises(AssertionError, match="Process group cannot be None"):
        dist.destroy_process_group()
    with pytest.raises(ValueError, match=NO_GROUP):
        torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2))


def test_importing_tensorlib_starts_no_mpi():
    code = "import sys, tensorlib, tensorlib.distributed.run; print('mpi4py.MPI' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_init_process_group_checks_the_rendezvous_then_joins(monkeypatch):
    for name in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK",
                 "MPI_LOCALRANKID"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="env:// rendezvous: environment variable RANK expected, but not set"):
        torch.distributed.init_process_group(backend="gloo")
    monkeypatch.setenv("RANK", "0")
    with pytest.raises(ValueError, match="environment variable WORLD_SIZE expected"):
        torch.distributed.init_process_group("gloo")
    for name, value in (("WORLD_SIZE", "1"), ("MASTER_ADDR", "localhost"), ("MASTER_PORT", "29500")):
        monkeypatch.setenv(name, value)
    if not torch.distributed.is_available():
        with pytest.raises(RuntimeError, match="not available in tensorlib without mpi4py"):
            torch.distributed.init_process_group("gloo")
        return
    torch.distributed.init_process_group("gloo")  # a group of one: this process alone
    try:
        assert (torch.distributed.get_rank(), torch.distributed.get_world_size()) == (0, 1)
        assert torch.distributed.get_backend() == "gloo"
    finally:
        torch.distributed.destroy_process_group()
    assert not torch.distributed.is_initialized()
    monkeypatch.setenv("WORLD_SIZE", "2")  # but MPI started this process alone
    with pytest.raises(RuntimeError, match=r"the world size asked for \(2\) differs from MPI's \(1\)"):
        torch.distributed.init_process_group("gloo")
    assert not torch.distributed.is_initialized()


def test_set_num_threads_limits_the_blas_with_threadpoolctl():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    code = ("import tensorlib, threadpoolctl; tensorlib.set_num_threads(1); "
            "print(sorted({i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() in ("[1]", "[]"), threadpoolctl.__version__


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.fixture
    def real(self):
        return real_torch()

    def test_flags_and_errors_read_as_pytorch_s(self, real):
        assert real.backends.cudnn.enabled == torch.backends.cudnn.enabled
        assert real.backends.cudnn.benchmark == torch.backends.cudnn.benchmark
        assert real.backends.cudnn.deterministic == torch.backends.cudnn.deterministic
        assert real.get_float32_matmul_precision() == torch.get_float32_matmul_precision()
        assert real.distributed.is_initialized() == torch.distributed.is_initialized()
        for name in ("get_rank", "get_world_size", "barrier"):
            with pytest.raises(ValueError) as theirs:
                getattr(real.distributed, name)()
            with pytest.raises(ValueError) as ours:
                getattr(torch.distributed, name)()
            assert str(ours.value) == str(theirs.value)
        with pytest.raises(Exception) as theirs:
            real.nn.parallel.DistributedDataParallel(real.nn.Linear(2, 2))
        with pytest.raises(Exception) as ours:
            torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2))
        assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))

    def test_autocast_float16_dtypes(self, real):
        a, b = real.randn(2, 3), real.randn(3, 2)
        ours_a, ours_b = torch.tensor(a.numpy()), torch.tensor(b.numpy())
        with real.autocast("cpu", dtype=real.float16), torch.autocast("cpu", dtype=torch.float16):
            theirs, ours = a @ b, ours_a @ ours_b
            assert str(theirs.dtype) == str(ours.dtype)
            assert ours.view(-1).tolist() == pytest.approx(theirs.view(-1).tolist(), rel=2e-3, abs=2e-3)
            theirs_loss = real.nn.functional.mse_loss(theirs, real.zeros(2, 2))
            ours_loss = torch.nn.functional.mse_loss(ours, torch.zeros(2, 2))
            assert str(theirs_loss.dtype) == str(ours_loss.dtype)

    def test_grad_scaler_trajectory(self, real):
        scales = []
        for lib in (real, torch):
            lib.manual_seed(0)
            model = lib.nn.Linear(2, 1)
            with lib.no_grad():
                model.weight.fill_(0.5)
                model.bias.fill_(0.1)
            opt = lib.optim.SGD(model.parameters(), lr=0.1)
            scaler = lib.amp.GradScaler("cpu", init_scale=4.0, growth_interval=2)
            trail = []
            for factor in (1.0, float("inf"), 1.0, 1.0, 1.0):
                opt.zero_grad()
                scaler.scale(model(lib.ones(3, 2)).sum() * factor).backward()
                scaler.step(opt)
                scaler.update()
                trail.append((scaler.get_scale(), round(model.weight.sum().item(), 5)))
            scales.append((trail, scaler.state_dict()))
        assert scales[0] == scales[1]


def test_data_parallel_without_a_gpu_wraps_the_module():
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here")
    inner = torch.nn.Linear(2, 1)
    model = torch.nn.DataParallel(inner, device_ids=[0])
    assert model.module is inner and model.device_ids == []
    assert list(model.state_dict()) == ["module.weight", "module.bias"]
    assert repr(model) == "DataParallel(\n  (module): Linear(in_features=2, out_features=1, bias=True)\n)"
    assert torch.equal(model(torch.ones(3, 2)), inner(torch.ones(3, 2)))


def test_data_parallel_on_the_cuda_stand_in():
    from tensorlib.backends import cuda as cuda_backend
    with cuda_backend.use_stand_in():
        inner = torch.nn.Linear(2, 1).to("cuda")
        model = torch.nn.DataParallel(inner)
        assert model.device_ids == [0] and model.output_device == 0
        out = model(torch.ones(3, 2))
        assert out.device == torch.device("cuda", 0) and out.shape == (3, 1)
        with pytest.raises(RuntimeError, match="module must have its parameters and buffers on device cuda:0"):
            torch.nn.DataParallel(torch.nn.Linear(2, 1))

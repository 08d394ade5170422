"""The optimisers' whole-step kernels (tensorlib/optim/_fused_steps.py, backends/_cpu_optim.py,
pyx/_optim_kernels.pyx): Adam, AdamW, SGD, RMSprop and Adagrad run each parameter's step as one kernel and must
leave exactly the bits -- parameters, moments, momentum buffers, step counters -- that the
op-by-op step leaves.  Each test runs both routes (the kernel switched on and off in
``_fused_steps``) from the same seed and compares raw bytes; where the kernel declines
(non-contiguous or overlapping tensors, differentiable and capturable steps) the op path runs.
RMSprop and Adagrad have kernels of the same kind."""
import copy
import itertools

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.optim as optim
from tensorlib import _optim_kernels
from tensorlib.backends import cpu as cpu_backend
from tensorlib.backends import cuda as cuda_backend
from tensorlib.backends import _vector_math
from tensorlib.optim import _fused_steps
from parity import single_threaded_torch

real_torch = pytest.fixture(scope="module", name="real_torch")(single_threaded_torch)


@pytest.fixture
def kernel_calls(monkeypatch):
    """Counts the CPU backend's kernel steps that ran (were not declined), by optimiser."""
    calls = {"adam": 0, "sgd": 0, "rmsprop": 0, "adagrad": 0}
    for name in calls:
        kernel = getattr(cpu_backend, name + "_update")

        def counted(*args, name=name, kernel=kernel):
            result = kernel(*args)
            calls[name] += result is not None and result is not False
            return result

        monkeypatch.setattr(cpu_backend, name + "_update", counted)
    return calls


def _bits(t):
    return np.ascontiguousarray(t.detach().cpu().numpy()).reshape(-1).view(np.uint8).tobytes()


def _train(monkeypatch, kernel, make_opt, shapes=((13, 7), (5,)), dtype=torch.float32, steps=5, layout=None,
           device="cpu"):
    """Steps an optimiser over parameters of ``shapes`` with seeded gradients of mixed scales;
    ``layout(tensor)`` may give each parameter another layout.  Returns the parameters and the
    optimiser."""
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", kernel)
    rng = np.random.default_rng(7)
    params = []
    for shape in shapes:
        p = torch.tensor(rng.standard_normal(shape), dtype=dtype, device=device)
        params.append((layout(p) if layout else p).detach().requires_grad_())
    opt = make_opt(params)
    for _ in range(steps):
        for p in params:
            scale = 10.0 ** rng.integers(-4, 3)
            p.grad = torch.tensor(rng.standard_normal(tuple(p.shape)) * scale, dtype=dtype, device=device)
        opt.step()
    return params, opt


def _assert_same(monkeypatch, make_opt, **kwargs):
    fused_params, fused_opt = _train(monkeypatch, True, make_opt, **kwargs)
    plain_params, plain_opt = _train(monkeypatch, False, make_opt, **kwargs)
    for a, b in zip(fused_params, plain_params):
        assert _bits(a) == _bits(b)
    fused_state, plain_state = fused_opt.state_dict()["state"], plain_opt.state_dict()["state"]
    assert fused_state.keys() == plain_state.keys()
    for index in plain_state:
        assert fused_state[index].keys() == plain_state[index].keys()
        for key, value in plain_state[index].items():
            other = fused_state[index][key]
            assert (other.dtype, other.shape, other.device) == (value.dtype, value.shape, value.device)
            assert _bits(other) == _bits(value), key


_ADAM_OPTIONS = [dict(weight_decay=wd, amsgrad=amsgrad, maximize=maximize, decoupled_weight_decay=decoupled)
                 for wd, amsgrad, maximize, decoupled in itertools.product((0, 0.1), (False, True), (False, True),
                                                                           (False, True))]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("options", _ADAM_OPTIONS, ids=str)
def test_adam_kernel_same_bits(monkeypatch, kernel_calls, options, dtype):
    _assert_same(monkeypatch, lambda ps: optim.Adam(ps, lr=0.01, **options), dtype=dtype)
    assert kernel_calls["adam"] == 10


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("kwargs", [dict(betas=(0.3, 0.6), eps=1e-3), dict(betas=(0.0, 0.0)), dict(foreach=True),
                                    dict(fused=True), dict(lr=torch.tensor(0.02)), dict(lr=1, weight_decay=1)],
                         ids=str)
def test_adam_kernel_same_bits_hyperparameters(monkeypatch, kernel_calls, kwargs, dtype):
    """lerp's far side (weight 0.7), zero betas, the foreach/fused spellings (float32 step
    counters), a tensor lr, integer hyper-parameters."""
    _assert_same(monkeypatch, lambda ps: optim.Adam(ps, **kwargs), dtype=dtype)
    assert kernel_calls["adam"] == 10


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("kwargs", [dict(), dict(weight_decay=0.3, amsgrad=True), dict(maximize=True)], ids=str)
def test_adamw_kernel_same_bits(monkeypatch, kernel_calls, kwargs, dtype):
    _assert_same(monkeypatch, lambda ps: optim.AdamW(ps, lr=3e-3, **kwargs), dtype=dtype)
    assert kernel_calls["adam"] == 10


_SGD_OPTIONS = [dict(momentum=momentum, dampening=dampening, nesterov=nesterov, weight_decay=wd, maximize=maximize)
                for momentum, dampening, nesterov, wd, maximize in itertools.product(
                    (0, 0.9), (0, 0.3), (False, True), (0, 0.01), (False, True))
                if not (nesterov and (momentum == 0 or dampening != 0))]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("options", _SGD_OPTIONS, ids=str)
def test_sgd_kernel_same_bits(monkeypatch, kernel_calls, options, dtype):
    _assert_same(monkeypatch, lambda ps: optim.SGD(ps, lr=0.05, **options), dtype=dtype)
    assert kernel_calls["sgd"] == 10


_RMSPROP_OPTIONS = [dict(momentum=momentum, centered=centered, weight_decay=wd, maximize=maximize, alpha=alpha)
                    for momentum, centered, wd, maximize, alpha in itertools.product(
                        (0, 0.9), (False, True), (0, 0.01), (False, True), (0.99, 0.3))]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("options", _RMSPROP_OPTIONS, ids=str)
def test_rmsprop_kernel_same_bits(monkeypatch, kernel_calls, options, dtype):
    """Centred or not, with momentum or not; alpha 0.3 takes lerp's far side for grad_avg."""
    _assert_same(monkeypatch, lambda ps: optim.RMSprop(ps, lr=0.01, **options), dtype=dtype)
    assert kernel_calls["rmsprop"] == 10


_ADAGRAD_OPTIONS = [dict(lr_decay=decay, weight_decay=wd, maximize=maximize, initial_accumulator_value=start)
                    for decay, wd, maximize, start in itertools.product((0, 0.1), (0, 0.01), (False, True), (0, 0.5))]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("options", _ADAGRAD_OPTIONS + [dict(fused=True), dict(foreach=True)], ids=str)
def test_adagrad_kernel_same_bits(monkeypatch, kernel_calls, options, dtype):
    _assert_same(monkeypatch, lambda ps: optim.Adagrad(ps, lr=0.1, **options), dtype=dtype)
    assert kernel_calls["adagrad"] == 10


def test_sgd_without_momentum_keeps_no_state(monkeypatch, kernel_calls):
    params, opt = _train(monkeypatch, True, lambda ps: optim.SGD(ps, lr=0.1))
    assert kernel_calls["sgd"] == 10
    assert opt.state_dict()["state"] == {}


@pytest.mark.parametrize("shape", [(), (1,), (1023,), (1025,), (3, 2049), (70001,)], ids=str)
@pytest.mark.parametrize("threads", [1, 2])
def test_kernel_sizes_and_threads(monkeypatch, kernel_calls, shape, threads):
    """0-d and one-element parameters, the kernel's 1024-element blocks and their tails, and
    parameters large enough to be cut into chunks for the thread pool."""
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        for make_opt in (lambda ps: optim.Adam(ps, lr=0.01, amsgrad=True),
                         lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
                         lambda ps: optim.RMSprop(ps, momentum=0.5, centered=True),
                         lambda ps: optim.Adagrad(ps, lr_decay=0.01)):
            for dtype in (torch.float32, torch.float64):
                _assert_same(monkeypatch, make_opt, shapes=(shape,), dtype=dtype, steps=3)
    finally:
        torch.set_num_threads(previous)
    assert set(kernel_calls.values()) == {6}


def test_adam_kernel_without_vector_math(monkeypatch, kernel_calls):
    """With MKL's vector math off, the kernel takes C's sqrt, as tensorlib's sqrt then does."""
    previous = _vector_math.set_enabled(False)
    try:
        for make_opt in (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: optim.RMSprop(ps, centered=True),
                         lambda ps: optim.Adagrad(ps)):
            _assert_same(monkeypatch, make_opt, shapes=((2000,),))
    finally:
        _vector_math.set_enabled(previous)
    assert kernel_calls["adam"] == kernel_calls["rmsprop"] == kernel_calls["adagrad"] == 5


def test_baseline_loops_same_bits(monkeypatch, kernel_calls):
    """The loops compiled for baseline x86-64 (fma/fmaf from the C library) round as the AVX2+FMA
    ones do."""
    fma = _optim_kernels._use_fma(True)
    try:
        _optim_kernels._use_fma(False)
        for make_opt in (lambda ps: optim.AdamW(ps, lr=0.01, amsgrad=True),
                         lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
                         lambda ps: optim.RMSprop(ps, momentum=0.5, centered=True), lambda ps: optim.Adagrad(ps)):
            _assert_same(monkeypatch, make_opt, shapes=((3000,),))
    finally:
        _optim_kernels._use_fma(fma)
    assert set(kernel_calls.values()) == {5}


@pytest.mark.parametrize("layout", [lambda t: t.t(), lambda t: t[:, ::2]], ids=["transposed", "sliced"])
def test_non_contiguous_parameters_take_the_op_path(monkeypatch, kernel_calls, layout):
    for make_opt in (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: optim.SGD(ps, lr=0.1, momentum=0.5),
                     lambda ps: optim.RMSprop(ps, momentum=0.5), lambda ps: optim.Adagrad(ps)):
        _assert_same(monkeypatch, make_opt, shapes=((6, 8),), layout=layout)
    assert set(kernel_calls.values()) == {0}


def test_non_contiguous_gradient_takes_the_op_path(monkeypatch, kernel_calls):
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", True)
    p = torch.ones(4, 3, requires_grad=True)
    q = torch.ones(4, 3, requires_grad=True)
    opt_p, opt_q = optim.Adam([p], lr=0.1), optim.Adam([q], lr=0.1)
    p.grad = torch.arange(12.0).reshape(3, 4).t()
    q.grad = p.grad.contiguous()
    opt_p.step()
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", False)
    opt_q.step()
    assert kernel_calls["adam"] == 0
    assert _bits(p) == _bits(q)


def test_half_precision_parameters_take_the_op_path(monkeypatch, kernel_calls):
    for make_opt in (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: optim.SGD(ps, lr=0.1, momentum=0.5)):
        _assert_same(monkeypatch, make_opt, dtype=torch.float16)
    assert set(kernel_calls.values()) == {0}


def test_float64_step_counters(monkeypatch, kernel_calls):
    """With float64 the default dtype, the step counters are float64 (and advance as such)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for make_opt in (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: optim.RMSprop(ps),
                         lambda ps: optim.Adagrad(ps, lr_decay=0.1)):
            _assert_same(monkeypatch, make_opt)
            params, opt = _train(monkeypatch, True, make_opt, steps=2)
            assert opt.state[params[0]]["step"].dtype == torch.float64
    finally:
        torch.set_default_dtype(previous)
    assert kernel_calls["adam"] == kernel_calls["rmsprop"] == kernel_calls["adagrad"] == 14


def test_gradient_sharing_the_parameters_memory_takes_the_op_path(monkeypatch, kernel_calls):
    results = []
    for kernel in (True, False):
        monkeypatch.setattr(_fused_steps, "FAST_PATHS", kernel)
        p = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
        opt = optim.AdamW([p], lr=0.1, weight_decay=0.5)
        p.grad = p.detach()
        opt.step()
        results.append(_bits(p))
    assert kernel_calls["adam"] == 0
    assert results[0] == results[1]


def test_capturable_steps_take_the_op_path(monkeypatch, kernel_calls):
    _assert_same(monkeypatch, lambda ps: optim.Adam(ps, lr=0.01, capturable=True))
    _assert_same(monkeypatch, lambda ps: optim.RMSprop(ps, capturable=True))
    assert kernel_calls["adam"] == kernel_calls["rmsprop"] == 0


@pytest.mark.parametrize("make_opt", [lambda ps: optim.Adam(ps, lr=0.01, differentiable=True),
                                      lambda ps: optim.SGD(ps, lr=0.01, momentum=0.9, differentiable=True),
                                      lambda ps: optim.RMSprop(ps, differentiable=True),
                                      lambda ps: optim.Adagrad(ps, differentiable=True)],
                         ids=["adam", "sgd", "rmsprop", "adagrad"])
def test_differentiable_steps_take_the_op_path(monkeypatch, kernel_calls, make_opt):
    """A recorded step (non-leaf parameters) is the op sequence, graph and all."""
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", True)
    leaf = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    p = leaf * 1.0
    opt = make_opt([p])
    p.grad = torch.tensor([0.1, 0.2, -0.3])
    opt.step()
    assert set(kernel_calls.values()) == {0}
    assert p.grad_fn is not None


def test_step_counter_stays_a_zero_dim_tensor(monkeypatch, kernel_calls):
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", True)
    p = torch.zeros(3, requires_grad=True)
    opt = optim.Adam([p])
    p.grad = torch.ones(3)
    opt.step()
    step = opt.state[p]["step"]
    versions = (p._version, step._version)
    opt.step()
    assert kernel_calls["adam"] == 2
    assert step is opt.state[p]["step"] and step.shape == () and step.dtype == torch.float32
    assert step.item() == 2.0
    assert p._version > versions[0] and step._version > versions[1]


def test_state_dict_round_trip_continues_alike(monkeypatch, kernel_calls):
    """A state saved after kernel steps loads into a fresh optimiser, which then steps exactly
    as the original does (the kernel on both)."""
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", True)
    make = lambda ps: optim.Adam(ps, lr=0.01, amsgrad=True)  # noqa: E731
    params, opt = _train(monkeypatch, True, make, steps=3)
    clones = [p.detach().clone().requires_grad_() for p in params]
    restored = make(clones)
    restored.load_state_dict(copy.deepcopy(opt.state_dict()))
    rng = np.random.default_rng(3)
    for _ in range(2):
        for p, c in zip(params, clones):
            p.grad = torch.tensor(rng.standard_normal(tuple(p.shape)), dtype=p.dtype)
            c.grad = p.grad.clone()
        opt.step()
        restored.step()
    for p, c in zip(params, clones):
        assert _bits(p) == _bits(c)
    assert restored.state[clones[0]]["step"].item() == 5.0


@pytest.mark.parametrize("make_opt", [
    lambda ps: optim.Adam(ps, lr=0.01, amsgrad=True, weight_decay=0.1),
    lambda ps: optim.AdamW(ps, lr=0.01, maximize=True),
    lambda ps: optim.Adam(ps, lr=0.01, fused=True),
    lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
    lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.2, maximize=True),
    lambda ps: optim.RMSprop(ps, momentum=0.9, centered=True, weight_decay=0.1),
    lambda ps: optim.RMSprop(ps, maximize=True),
    lambda ps: optim.Adagrad(ps, lr_decay=0.1, weight_decay=0.1),
], ids=["adam-amsgrad", "adamw-maximize", "adam-fused", "sgd-nesterov", "sgd-dampening", "rmsprop-centered",
        "rmsprop", "adagrad"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_cuda_backend_composition_same_values(monkeypatch, make_opt, dtype):
    """The CUDA backend composes the step from its own kernels (run here on the NumPy stand-in)."""
    calls = []
    for name in ("adam_update", "sgd_update", "rmsprop_update", "adagrad_update"):
        composed = getattr(cuda_backend, name)
        monkeypatch.setattr(cuda_backend, name, lambda *args, composed=composed: calls.append(1) or composed(*args))
    with cuda_backend.use_stand_in():
        _assert_same(monkeypatch, make_opt, dtype=dtype, device="cuda")
    assert len(calls) == 10


@pytest.mark.parity
@pytest.mark.parametrize("name,kwargs", [
    ("AdamW", dict(lr=1e-3)), ("Adam", dict(lr=1e-2, amsgrad=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)),
    ("RMSprop", dict(momentum=0.9, centered=True)), ("Adagrad", dict(lr_decay=0.01)),
], ids=["adamw", "adam-amsgrad", "sgd-nesterov", "rmsprop-centered", "adagrad"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_parity_kernel_bits_over_twenty_steps(monkeypatch, kernel_calls, real_torch, name, kwargs, dtype):
    """PyTorch's bits after 20 steps of a 5000-element parameter (several kernel blocks)."""
    monkeypatch.setattr(_fused_steps, "FAST_PATHS", True)
    rng = np.random.default_rng(11)
    start = rng.standard_normal((50, 100)).astype(dtype)
    ours = torch.tensor(start, requires_grad=True)
    theirs = real_torch.tensor(start, requires_grad=True)
    opt_ours = getattr(optim, name)([ours], **kwargs)
    opt_theirs = getattr(real_torch.optim, name)([theirs], **kwargs)
    for _ in range(20):
        grad = rng.standard_normal((50, 100)).astype(dtype)
        ours.grad, theirs.grad = torch.tensor(grad), real_torch.tensor(grad)
        opt_ours.step()
        opt_theirs.step()
    assert sum(kernel_calls.values()) == 20
    assert _bits(ours) == theirs.detach().numpy().reshape(-1).view(np.uint8).tobytes()

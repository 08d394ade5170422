"""tensorlib.optim's RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam and LBFGS.

First steps computed by hand, argument errors and state layout without torch;
then parity with PyTorch: parameter trajectories over 20 steps on the same
gradients, LBFGS on a Rosenbrock function, state_dict layout, reprs and
argument errors."""
import math

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.optim as optim
from parity import real_torch
from test_optim import _approx, _linear_trajectory, _quadratic_trajectory, _run_constant_grads


def _param(values, dtype=torch.float64):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


# ---- first steps, hand-computed -------------------------------------------------------------------
def test_rmsprop_first_step_moves_lr_over_sqrt_one_minus_alpha():
    p = _param([1.0, -1.0])
    opt = optim.RMSprop([p], lr=0.01, eps=0.0)
    # v = 0.01 g^2, so g / sqrt(v) = 10 sign(g)
    assert _run_constant_grads(opt, p, [[3.0, -0.5]]) == _approx([[0.9, -0.9]])
    assert list(opt.state[p]) == ["step", "square_avg"]
    assert opt.state[p]["step"].item() == 1.0


def test_rmsprop_centered_momentum_state():
    p = _param([1.0])
    opt = optim.RMSprop([p], momentum=0.9, centered=True)
    p.grad = torch.tensor([2.0], dtype=torch.float64)
    opt.step()
    assert list(opt.state[p]) == ["step", "square_avg", "momentum_buffer", "grad_avg"]
    # centered: v - m^2 = 0.01*4 - 0.0004 = 0.0396; buf = 2 / (sqrt(0.0396) + 1e-8)
    buf = 2 / (math.sqrt(0.0396) + 1e-8)
    assert opt.state[p]["momentum_buffer"].tolist() == pytest.approx([buf])
    assert p.tolist() == pytest.approx([1 - 0.01 * buf])


def test_adagrad_state_made_by_constructor_and_lr_decay():
    p = _param([1.0])
    opt = optim.Adagrad([p], lr=0.1, lr_decay=1.0, initial_accumulator_value=0.5)
    assert opt.state[p]["sum"].tolist() == [0.5] and opt.state[p]["step"].item() == 0.0
    traj = _run_constant_grads(opt, p, [[1.0], [1.0]])
    # step 1: clr = 0.1, sum = 1.5;  step 2: clr = 0.05, sum = 2.5
    first = 1 - 0.1 / (math.sqrt(1.5) + 1e-10)
    assert traj == _approx([[first], [first - 0.05 / (math.sqrt(2.5) + 1e-10)]])


def test_adadelta_first_step():
    p = _param([0.0])
    opt = optim.Adadelta([p], lr=1.0, rho=0.9, eps=1e-6)
    # v = 0.1 * 4, delta = sqrt(eps) / sqrt(v + eps) * g
    delta = math.sqrt(1e-6) / math.sqrt(0.4 + 1e-6) * 2
    assert _run_constant_grads(opt, p, [[2.0]]) == _approx([[-delta]])
    assert opt.state[p]["acc_delta"].tolist() == pytest.approx([0.1 * delta * delta])


def test_adamax_first_step_is_lr_times_sign():
    p = _param([1.0, 1.0])
    opt = optim.Adamax([p], lr=0.1, eps=0.0)
    assert _run_constant_grads(opt, p, [[5.0, -0.1]]) == _approx([[0.9, 1.1]])
    assert opt.state[p]["exp_inf"].tolist() == pytest.approx([5.0, 0.1])


def test_radam_early_steps_are_plain_momentum():
    # rho_t <= 5 for the first steps: p -= lr * m / (1 - beta1^t), which is lr * g for a constant g
    p = _param([1.0])
    opt = optim.RAdam([p], lr=0.1)
    assert _run_constant_grads(opt, p, [[2.0], [2.0]]) == _approx([[0.8], [0.6]])


def test_nadam_first_step():
    p = _param([1.0])
    opt = optim.NAdam([p], lr=0.1)
    mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004)
    mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    denom = 2.0 + 1e-8  # sqrt(v / (1 - beta2)) = |g|
    expected = 1 - 0.1 * (1 - mu1) / (1 - mu1) * 2 / denom - 0.1 * mu2 / (1 - mu1 * mu2) * 0.2 / denom
    assert _run_constant_grads(opt, p, [[2.0]]) == _approx([[expected]], rel=1e-6)
    assert list(opt.state[p]) == ["step", "mu_product", "exp_avg", "exp_avg_sq"]


@pytest.mark.parametrize("cls", ["RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD",
                                 "Adafactor"])
def test_maximize_is_descent_on_the_negated_grad(cls):
    a, b = _param([1.0, -2.0]), _param([1.0, -2.0])
    opt_a = getattr(optim, cls)([a], maximize=True)
    opt_b = getattr(optim, cls)([b])
    for g in ([0.5, 1.0], [-0.3, 2.0]):
        a.grad = torch.tensor(g, dtype=torch.float64)
        b.grad = -torch.tensor(g, dtype=torch.float64)
        opt_a.step()
        opt_b.step()
    assert a.tolist() == b.tolist()


@pytest.mark.parametrize("cls", ["RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD",
                                 "Adafactor"])
def test_float32_state_and_params_without_grad(cls):
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    q = torch.tensor([1.0], requires_grad=True)
    opt = getattr(optim, cls)([p, q])
    p.grad = torch.tensor([0.5, -0.5])
    opt.step()
    assert q.tolist() == [1.0]
    assert p.dtype is torch.float32 and p.is_leaf and p.grad_fn is None
    for name, value in opt.state[p].items():
        assert value.dtype is torch.float32, name


def test_decoupled_weight_decay_changes_only_the_parameter_scale():
    for cls in ("NAdam", "RAdam"):
        p = _param([2.0])
        opt = getattr(optim, cls)([p], lr=0.1, weight_decay=0.5, decoupled_weight_decay=True)
        p.grad = torch.tensor([0.0], dtype=torch.float64)
        opt.step()
        assert p.tolist() == pytest.approx([2.0 * (1 - 0.05)])


def test_rprop_grows_shrinks_and_skips_after_a_sign_change():
    p = _param([0.0, 0.0])
    opt = optim.Rprop([p], lr=0.1, etas=(0.5, 2.0), step_sizes=(0.01, 0.3))
    traj = _run_constant_grads(opt, p, [[1.0, 1.0], [1.0, -1.0], [1.0, -1.0]])
    # step 1: both move 0.1; step 2: coordinate 0 grows to 0.2, coordinate 1 changed sign:
    # its step size halves to 0.05 and it does not move; step 3: 0.3 (clamped) and 0.05
    assert traj == _approx([[-0.1, -0.1], [-0.3, -0.1], [-0.6, -0.05]])
    assert opt.state[p]["step_size"].tolist() == pytest.approx([0.3, 0.05])


def test_asgd_averages_after_t0():
    p = _param([1.0])
    opt = optim.ASGD([p], lr=0.1, lambd=0.0, t0=1)
    _run_constant_grads(opt, p, [[1.0]] * 4)
    # eta stays 0.1 (lambd = 0): p = 0.9, 0.8, 0.7, 0.6; mu = 1 / max(1, t - t0) is 1 through
    # step 3 (ax copies p) and 0.5 at step 4: ax = 0.7 + 0.5 * (0.6 - 0.7)
    assert p.tolist() == pytest.approx([0.6])
    assert opt.state[p]["ax"].tolist() == pytest.approx([0.65])
    assert opt.state[p]["mu"].item() == pytest.approx(1 / 3)
    assert list(opt.state[p]) == ["step", "eta", "mu", "ax"]


def test_adafactor_factors_matrices_and_keeps_vectors():
    w = torch.ones(3, 4, dtype=torch.float64, requires_grad=True)
    v = torch.ones(4, dtype=torch.float64, requires_grad=True)
    opt = optim.Adafactor([w, v], lr=0.01)
    w.grad = torch.full((3, 4), 2.0, dtype=torch.float64)
    v.grad = torch.full((4,), 2.0, dtype=torch.float64)
    opt.step()
    assert list(opt.state[w]) == ["step", "row_var", "col_var"] and list(opt.state[v]) == ["step", "variance"]
    assert opt.state[w]["row_var"].shape == (3, 1) and opt.state[w]["col_var"].shape == (1, 4)
    # step 1: the decay is 1, so v = g^2 = 4 exactly and u = g / 2 = 1; rms(p) = 1, alpha = 0.01
    assert opt.state[v]["variance"].tolist() == [4.0] * 4
    assert w.tolist() == _approx([[0.99] * 4] * 3) and v.tolist() == pytest.approx([0.99] * 4)


# ---- LBFGS ----------------------------------------------------------------------------------------
def _quadratic_closure(lib, x, opt):
    a = lib.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=x.dtype)
    c = lib.tensor([1.0, -1.0], dtype=x.dtype)

    def closure():
        opt.zero_grad()
        loss = 0.5 * (x @ a @ x) - c @ x
        loss.backward()
        return loss
    return closure


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_solves_a_quadratic(line_search_fn):
    x = _param([5.0, -3.0])
    opt = optim.LBFGS([x], line_search_fn=line_search_fn, max_iter=50)
    closure = _quadratic_closure(torch, x, opt)
    first = opt.step(closure)
    assert first.item() == pytest.approx(0.5 * (75 - 30 + 18) - 8)
    # a x = c  ->  x = (3/5, -4/5)
    assert x.tolist() == pytest.approx([0.6, -0.8], abs=1e-6)
    state = opt.state[x]
    assert state["n_iter"] >= 2 and state["func_evals"] >= state["n_iter"]


def test_lbfgs_defaults_and_errors():
    x = _param([1.0])
    opt = optim.LBFGS([x], max_iter=8)
    assert opt.defaults == dict(lr=1, max_iter=8, max_eval=10, tolerance_grad=1e-7, tolerance_change=1e-9,
                                history_size=100, line_search_fn=None)
    with pytest.raises(TypeError, match=r"(LBFGS\.)?step\(\) missing 1 required positional argument: 'closure'"):
        opt.step()
    with pytest.raises(ValueError, match=r"LBFGS doesn't support per-parameter options \(parameter groups\)"):
        optim.LBFGS([{"params": [x]}, {"params": [_param([1.0])]}])
    opt = optim.LBFGS([x], line_search_fn="foo")
    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        opt.step(lambda: _square_loss(x, opt))


def _square_loss(x, opt):
    opt.zero_grad()
    loss = (x ** 2).sum()
    loss.backward()
    return loss


def test_lbfgs_stops_at_once_on_a_zero_gradient():
    x = _param([0.0, 0.0])
    opt = optim.LBFGS([x])
    opt.step(lambda: _square_loss(x, opt))
    assert dict(opt.state[x]) == {"func_evals": 1, "n_iter": 0}


# ---- argument errors ------------------------------------------------------------------------------
_BAD_ARGS = [
    ("RMSprop", dict(lr=-1), ValueError, "Invalid learning rate: -1"),
    ("RMSprop", dict(eps=-1), ValueError, "Invalid epsilon value: -1"),
    ("RMSprop", dict(momentum=-1), ValueError, "Invalid momentum value: -1"),
    ("RMSprop", dict(weight_decay=-1), ValueError, "Invalid weight_decay value: -1"),
    ("RMSprop", dict(alpha=-1), ValueError, "Invalid alpha value: -1"),
    ("Adagrad", dict(lr_decay=-1), ValueError, "Invalid lr_decay value: -1"),
    ("Adagrad", dict(initial_accumulator_value=-1), ValueError, "Invalid initial_accumulator_value value: -1"),
    ("Adagrad", dict(eps=-1), ValueError, "Invalid epsilon value: -1"),
    ("Adagrad", dict(fused=True, foreach=True), RuntimeError, "`fused` and `foreach` cannot be `True` together."),
    ("Adagrad", dict(fused=True, differentiable=True), RuntimeError, "`fused` does not support `differentiable`"),
    ("Adadelta", dict(rho=1.5), ValueError, "Invalid rho value: 1.5"),
    ("Adadelta", dict(lr=-0.5), ValueError, "Invalid learning rate: -0.5"),
    ("Adamax", dict(betas=(1.0, 0.9)), ValueError, "Invalid beta parameter at index 0: 1.0"),
    ("Adamax", dict(betas=(0.9, -0.1)), ValueError, "Invalid beta parameter at index 1: -0.1"),
    ("NAdam", dict(momentum_decay=-1), ValueError, "Invalid momentum_decay value: -1"),
    ("NAdam", dict(weight_decay=-1), ValueError, "Invalid weight_decay value: -1"),
    ("RAdam", dict(eps=-1e-3), ValueError, "Invalid epsilon value: -0.001"),
    ("LBFGS", dict(lr=-1), ValueError, "Invalid learning rate: -1"),
    ("Rprop", dict(etas=(0.5, 1.0)), ValueError, "Invalid eta values: 0.5, 1.0"),
    ("Rprop", dict(lr=-2), ValueError, "Invalid learning rate: -2"),
    ("ASGD", dict(weight_decay=-0.1), ValueError, "Invalid weight_decay value: -0.1"),
    ("Adafactor", dict(lr=-1), ValueError, "Learning rate should be >= 0 but is: -1"),
    ("Adafactor", dict(beta2_decay=0.5), ValueError, "beta2_decay should be <= 0 but is: 0.5"),
    ("Adafactor", dict(eps=(-1, 1e-3)), ValueError, "epsilon1 should be >= 0 but is: -1"),
    ("Adafactor", dict(eps=(None, -1)), ValueError, "epsilon2 should be >= 0 but is: -1"),
    ("Adafactor", dict(d=0.5), ValueError, "Clipping threshold d should be >= 1 but is: 0.5"),
    ("Adafactor", dict(weight_decay=-1), ValueError, "weight_decay should be >= 0 but is: -1"),
    ("SGD", dict(fused=True, foreach=True), RuntimeError, "`fused` and `foreach` cannot be `True` together."),
    ("Adam", dict(fused=True, differentiable=True), RuntimeError, "`fused` does not support `differentiable`"),
    ("Adam", dict(lr=-1.0, foreach=True, eps=-1), ValueError, "Invalid learning rate: -1.0"),
    ("AdamW", dict(betas=(0.9, 1.5), eps=-1), ValueError, "Invalid epsilon value: -1"),
]


def _bad_args_id(case):
    return f"{case[0]}-{'-'.join(case[1])}"


@pytest.mark.parametrize("cls,kwargs,error,message", _BAD_ARGS, ids=[_bad_args_id(c) for c in _BAD_ARGS])
def test_argument_errors(cls, kwargs, error, message):
    with pytest.raises(error) as info:
        getattr(optim, cls)([_param([1.0])], **kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize("cls", ["RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "LBFGS", "Rprop",
                                 "ASGD"])
def test_tensor_lr_must_have_one_element(cls):
    with pytest.raises(ValueError, match="Tensor lr must be 1-element"):
        getattr(optim, cls)([_param([1.0])], lr=torch.tensor([0.1, 0.2]))


def test_tensor_hyper_parameters_of_adam():
    with pytest.raises(ValueError, match="lr as a Tensor is not supported for capturable=False and foreach=True"):
        optim.Adam([_param([1.0])], lr=torch.tensor([0.1, 0.2]), foreach=True)
    with pytest.raises(ValueError, match="betas must be either both floats or both Tensors"):
        optim.Adam([_param([1.0])], betas=(torch.tensor(0.9), 0.999))
    with pytest.raises(ValueError, match=r"betas\[0\] as a Tensor is not supported for capturable=False and "
                                         "foreach=True"):
        optim.AdamW([_param([1.0])], betas=(torch.tensor(0.9), torch.tensor(0.999)), foreach=True)
    p = _param([1.0])
    opt = optim.Adam([p], lr=torch.tensor(0.1), betas=(torch.tensor(0.9), torch.tensor(0.999)))
    assert _run_constant_grads(opt, p, [[2.0]]) == _approx([[0.9]])


# ---- parity with PyTorch ------------------------------------------------------------------------
_CONFIGS = [
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, maximize=True, centered=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5, maximize=True)),
    ("Adadelta", dict(lr=1.0)),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1, maximize=True)),
    ("Adamax", dict(lr=0.05)),
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.9), weight_decay=0.1, maximize=True)),
    ("NAdam", dict(lr=0.05)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, momentum_decay=0.01)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.05)),
    ("RAdam", dict(lr=0.05, betas=(0.5, 0.6), weight_decay=0.1)),
    ("RAdam", dict(lr=0.05, betas=(0.5, 0.6), weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("Rprop", dict(lr=0.01)),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.1), maximize=True)),
    ("ASGD", dict(lr=0.05)),
    ("ASGD", dict(lr=0.05, lambd=0.01, alpha=0.5, t0=5, weight_decay=0.1, maximize=True)),
    ("Adafactor", dict(lr=0.05)),
    ("Adafactor", dict(lr=0.05, beta2_decay=-0.5, eps=(1e-20, 1e-2), d=1.5, weight_decay=0.1, maximize=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.2, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, maximize=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.05, decoupled_weight_decay=True, weight_decay=0.1)),
    ("AdamW", dict(lr=0.05, amsgrad=True, maximize=True)),
]
_IDS = [f"{c}-{'-'.join(k)}" for c, k in _CONFIGS]


@pytest.fixture
def real():
    torch_module = real_torch()
    import torch.optim  # noqa: F401
    return torch_module


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("cls,kwargs", _CONFIGS, ids=_IDS)
def test_parity_same_gradients(real, cls, kwargs, dtype):
    ours = _quadratic_trajectory(torch, cls, kwargs, dtype)
    theirs = _quadratic_trajectory(real, cls, kwargs, dtype)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours, theirs, **tol)


def _final_state(lib, cls, kwargs, steps=20):
    """The optimiser's per-parameter state after ``steps`` steps on the fixed quadratic's gradients."""
    a = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 3.0]])
    p = lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64, requires_grad=True)
    opt = getattr(lib.optim, cls)([p], **kwargs)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    for _ in range(steps):
        p.grad = lib.tensor(sign * (a @ p.detach().numpy() - 1.0), dtype=lib.float64)
        opt.step()
    return {name: np.asarray(value.tolist()) for name, value in opt.state[p].items()}


@pytest.mark.parity
@pytest.mark.parametrize("cls,kwargs", _CONFIGS, ids=_IDS)
def test_parity_final_state_values(real, cls, kwargs):
    ours, theirs = _final_state(torch, cls, kwargs), _final_state(real, cls, kwargs)
    assert list(ours) == list(theirs)
    for name in theirs:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parity
@pytest.mark.parametrize("cls,kwargs", _CONFIGS, ids=_IDS)
def test_parity_linear_model_two_groups(real, cls, kwargs):
    ours, our_losses = _linear_trajectory(torch, cls, kwargs, "float64")
    theirs, their_losses = _linear_trajectory(real, cls, kwargs, "float64")
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-12, atol=1e-13)


def _rosenbrock_run(lib, kwargs, steps=4):
    x = lib.tensor([-1.5, 2.0, 0.5, -0.3], dtype=lib.float64, requires_grad=True)
    opt = lib.optim.LBFGS([x], **kwargs)

    def closure():
        opt.zero_grad()
        a, b = x[:-1], x[1:]
        loss = (100 * (b - a ** 2) ** 2 + (1 - a) ** 2).sum()
        loss.backward()
        return loss
    rows = []
    for _ in range(steps):
        loss = opt.step(closure)
        rows.append(np.concatenate([x.detach().numpy(), [loss.item()]]))
    state = opt.state_dict()["state"][0]
    return np.array(rows), list(state), state["func_evals"], state["n_iter"]


@pytest.mark.parity
@pytest.mark.parametrize("kwargs", [
    dict(), dict(line_search_fn="strong_wolfe"), dict(lr=0.5, history_size=3, max_iter=7),
    dict(line_search_fn="strong_wolfe", history_size=2, max_iter=50, tolerance_change=1e-12),
], ids=["plain", "strong_wolfe", "short-history", "strong_wolfe-long"])
def test_parity_lbfgs_rosenbrock(real, kwargs):
    ours, our_keys, our_evals, our_iters = _rosenbrock_run(torch, kwargs)
    theirs, their_keys, their_evals, their_iters = _rosenbrock_run(real, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-10)
    assert (our_keys, our_evals, our_iters) == (their_keys, their_evals, their_iters)


def _adafactor_run(lib, kwargs, dtype, steps=20):
    """Adafactor on parameters of 2, 3, 1 and 0 dims, fed gradients of a fixed function."""
    rng = np.random.default_rng(5)
    shapes = [(3, 4), (2, 3, 5), (4,), ()]
    dt = getattr(lib, dtype)
    params = [lib.tensor(rng.standard_normal(s), dtype=dt, requires_grad=True) for s in shapes]
    targets = [rng.standard_normal(s) for s in shapes]
    opt = lib.optim.Adafactor(params, **kwargs)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    rows = []
    for _ in range(steps):
        for p, target in zip(params, targets):
            p.grad = lib.tensor(sign * (p.detach().numpy() ** 3 - target), dtype=dt)
        opt.step()
        rows.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    return np.array(rows), {k: list(v) for k, v in opt.state_dict()["state"].items()}


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kwargs", [c[1] for c in _CONFIGS if c[0] == "Adafactor"], ids=["default", "options"])
def test_parity_adafactor_matrices(real, kwargs, dtype):
    (ours, our_keys), (theirs, their_keys) = _adafactor_run(torch, kwargs, dtype), _adafactor_run(real, kwargs, dtype)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours, theirs, **tol)
    assert our_keys == their_keys


def _differentiable_run(lib, cls, kwargs):
    """Three recorded steps on a non-leaf parameter, then the gradient of a loss
    of the result with respect to the leaf it came from."""
    w0 = lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64, requires_grad=True)
    p = w0.clone()
    opt = getattr(lib.optim, cls)([p], differentiable=True, **kwargs)
    for i in range(3):
        p.grad = (p * p * (i + 1)).detach() + 0.5
        opt.step()
    (p ** 2).sum().backward()
    return np.concatenate([p.detach().numpy(), w0.grad.numpy()])


_DIFFERENTIABLE = [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.1, amsgrad=True)),
                   ("AdamW", dict(lr=0.1)), ("RMSprop", dict(centered=True, momentum=0.5)), ("Adagrad", {}),
                   ("Adadelta", {}), ("NAdam", {}), ("RAdam", {}), ("Rprop", {}), ("ASGD", dict(t0=1))]


@pytest.mark.parity
@pytest.mark.parametrize("cls,kwargs", _DIFFERENTIABLE, ids=[c[0] for c in _DIFFERENTIABLE])
def test_parity_differentiable_steps(real, cls, kwargs):
    ours, theirs = _differentiable_run(torch, cls, kwargs), _differentiable_run(real, cls, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def _least_squares_run(lib, kwargs, steps=3):
    """LBFGS over two parameters of different shapes (and one without a grad)."""
    rng = np.random.default_rng(3)
    x, y = lib.tensor(rng.standard_normal((6, 3))), lib.tensor(rng.standard_normal((6, 2)))
    w = lib.tensor(rng.standard_normal((2, 3)), requires_grad=True)
    b = lib.tensor(rng.standard_normal(2), requires_grad=True)
    unused = lib.tensor([1.0, 2.0], requires_grad=True)
    opt = lib.optim.LBFGS([w, unused, b], **kwargs)

    def closure():
        opt.zero_grad()
        loss = ((x @ w.t() + b - y) ** 2).mean() + 0.01 * (w ** 4).sum()
        loss.backward()
        return loss
    losses = [opt.step(closure).item() for _ in range(steps)]
    return np.concatenate([w.detach().numpy().ravel(), b.detach().numpy(), unused.detach().numpy(), losses])


@pytest.mark.parity
@pytest.mark.parametrize("kwargs", [dict(max_iter=5), dict(line_search_fn="strong_wolfe", history_size=4)],
                         ids=["plain", "strong_wolfe"])
def test_parity_lbfgs_several_parameters(real, kwargs):
    our_default, default = torch.get_default_dtype(), real.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    real.set_default_dtype(real.float64)
    try:
        ours, theirs = _least_squares_run(torch, kwargs), _least_squares_run(real, kwargs)
    finally:
        torch.set_default_dtype(our_default)
        real.set_default_dtype(default)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-11)


@pytest.mark.parity
@pytest.mark.parametrize("cls,kwargs", [c for c in _CONFIGS if c[0] != "SGD"] + [("LBFGS", dict(lr=0.5))],
                         ids=[i for i, c in zip(_IDS, _CONFIGS) if c[0] != "SGD"] + ["LBFGS"])
def test_parity_state_dict_and_repr(real, cls, kwargs):
    layouts = []
    for lib in (torch, real):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor(0.5, requires_grad=True)
        opt = getattr(lib.optim, cls)([w, b], **kwargs)

        def closure():
            opt.zero_grad()
            loss = (w.sum() ** 2) + b * 3
            loss.backward()
            return loss
        opt.step(closure)
        sd = opt.state_dict()
        state = {k: {name: (str(v.dtype), tuple(v.shape)) if hasattr(v, "dtype") else type(v).__name__
                     for name, v in st.items()} for k, st in sd["state"].items()}
        layouts.append((state, sd["param_groups"], repr(opt)))
    assert layouts[0] == layouts[1]


@pytest.mark.parity
@pytest.mark.parametrize("cls,kwargs,error,message", _BAD_ARGS, ids=[_bad_args_id(c) for c in _BAD_ARGS])
def test_parity_argument_errors(real, cls, kwargs, error, message):
    with pytest.raises(error) as info:
        getattr(real.optim, cls)([real.tensor([1.0], requires_grad=True)], **kwargs)
    assert str(info.value) == message


# ---- on the CUDA path (NumPy standing in for CuPy) ------------------------------------------------
@pytest.mark.parametrize("cls,kwargs", [c for c in _CONFIGS if c[0] != "SGD"] + [("LBFGS", {})],
                         ids=[i for i, c in zip(_IDS, _CONFIGS) if c[0] != "SGD"] + ["LBFGS"])
def test_cuda_parameters_follow_the_cpu_trajectory(cls, kwargs):
    from tensorlib.backends import cuda as cuda_backend

    def run(device):
        w = torch.tensor([[0.5, -1.0], [2.0, 0.3]], dtype=torch.float64, device=device, requires_grad=True)
        b = torch.tensor([0.1, -0.2], dtype=torch.float64, device=device, requires_grad=True)
        opt = getattr(optim, cls)([w, b], **kwargs)

        def closure():
            opt.zero_grad()
            loss = ((w @ b - 1.0) ** 2).sum() + (w ** 2).sum() * 0.1
            loss.backward()
            return loss
        for _ in range(5):
            opt.step(closure)
        for value in opt.state[w].values():
            if isinstance(value, torch.Tensor) and value.dim() > 0:
                assert value.device == w.device
        return np.concatenate([w.detach().cpu().numpy().ravel(), b.detach().cpu().numpy()])

    # LBFGS's five steps amplify a last-bit difference a millionfold on this problem: its first step
    # is lr / sum(|g|), and its dot products, which the CPU computes in PyTorch's order (MKL's with
    # the mkl extra) and the device its own way
    rtol, atol = (1e-3, 1e-6) if cls == "LBFGS" else (1e-12, 1e-14)
    with cuda_backend.use_stand_in():
        np.testing.assert_allclose(run("cuda"), run("cpu"), rtol=rtol, atol=atol)


# ---- hooks ----------------------------------------------------------------------------------------
def _hook_log(lib):
    """The order in which global and per-optimiser step hooks and state_dict hooks run."""
    from importlib import import_module
    optimizer_module = import_module(lib.__name__ + ".optim.optimizer")
    log = []
    p = lib.tensor([1.0], requires_grad=True)
    opt = lib.optim.SGD([p], lr=0.1)
    handles = [
        optimizer_module.register_optimizer_step_pre_hook(lambda o, a, k: log.append("global pre")),
        optimizer_module.register_optimizer_step_post_hook(lambda o, a, k: log.append("global post")),
        opt.register_step_pre_hook(lambda o, a, k: log.append("pre")),
        opt.register_step_post_hook(lambda o, a, k: log.append("post")),
        opt.register_state_dict_pre_hook(lambda o: log.append("sd pre")),
        opt.register_state_dict_pre_hook(lambda o: log.append("sd pre first"), prepend=True),
        opt.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1}),
        opt.register_load_state_dict_pre_hook(lambda o, sd: log.append(sorted(sd))),
        opt.register_load_state_dict_post_hook(lambda o: log.append("load post")),
    ]
    try:
        p.grad = lib.tensor([1.0])
        opt.step()
        sd = opt.state_dict()
        log.append(sorted(sd))
        opt.load_state_dict({"state": sd["state"], "param_groups": sd["param_groups"]})
    finally:
        for handle in handles:
            handle.remove()
    opt.step()  # removed: nothing more is logged
    return log


def test_hooks_order_and_removal():
    assert _hook_log(torch) == ["global pre", "pre", "post", "global post", "sd pre first", "sd pre",
                                ["extra", "param_groups", "state"], ["param_groups", "state"], "load post"]


@pytest.mark.parity
def test_parity_hooks(real):
    assert _hook_log(torch) == _hook_log(real)


@pytest.mark.parametrize("cls,kwargs,scalars_on_param_device", [
    ("Adam", {}, False), ("Adam", dict(capturable=True), True), ("Adam", dict(fused=True), True),
    ("RMSprop", dict(capturable=True), True), ("NAdam", {}, False), ("ASGD", {}, True),
    ("Adagrad", {}, False), ("Adagrad", dict(fused=True), True), ("Adafactor", {}, False),
])
def test_scalar_state_device(cls, kwargs, scalars_on_param_device):
    """Step counters live on the CPU, except in capturable and fused modes and for ASGD (as in PyTorch)."""
    from tensorlib.backends import cuda as cuda_backend
    with cuda_backend.use_stand_in():
        p = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
        opt = getattr(optim, cls)([p], **kwargs)
        p.grad = torch.tensor([0.5, -0.5], device="cuda")
        opt.step()
        expected = "cuda" if scalars_on_param_device else "cpu"
        for name, value in opt.state[p].items():
            assert value.device.type == (expected if value.dim() == 0 else "cuda"), name

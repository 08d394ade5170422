"""tensorlib.optim: SGD, Adam, AdamW, the Optimizer base class and the
learning-rate schedulers.

Hand-computed tests fix the update rules; the parity tests follow parameter
trajectories against PyTorch itself (skipped when torch is not installed)."""
import copy
import io
import math
import warnings

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.optim as optim
from tensorlib.optim import lr_scheduler
from parity import real_torch


def _param(values, dtype=torch.float64):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


def _run_constant_grads(opt, p, grads):
    """Step ``opt`` once per entry of ``grads`` (set as p.grad); the values of p after each step."""
    out = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=p.dtype)
        opt.step()
        out.append(p.tolist())
    return np.array(out)


def _approx(expected, **kwargs):
    return pytest.approx(np.asarray(expected, dtype=float), **kwargs)


# ---- SGD, hand-computed --------------------------------------------------------------------------
def test_sgd_plain():
    p = _param([1.0, -2.0])
    opt = optim.SGD([p], lr=0.1)
    assert _run_constant_grads(opt, p, [[2.0, 1.0]]) == _approx([[0.8, -2.1]])
    assert len(opt.state) == 0  # no momentum: no state at all


def test_sgd_momentum_first_buffer_is_grad():
    p = _param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    traj = _run_constant_grads(opt, p, [[2.0], [2.0], [-1.0]])
    # buf1 = 2; buf2 = 0.9*2 + 2 = 3.8; buf3 = 0.9*3.8 - 1 = 2.42
    assert traj == _approx([[0.8], [0.42], [0.178]])
    assert opt.state[p]["momentum_buffer"].tolist() == pytest.approx([2.42])


def test_sgd_dampening_skipped_on_first_step():
    p = _param([0.0])
    opt = optim.SGD([p], lr=1.0, momentum=0.9, dampening=0.5)
    traj = _run_constant_grads(opt, p, [[2.0], [2.0]])
    # buf1 = 2 (no dampening); buf2 = 0.9*2 + 0.5*2 = 2.8
    assert traj == _approx([[-2.0], [-4.8]])


def test_sgd_nesterov():
    p = _param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    traj = _run_constant_grads(opt, p, [[2.0], [2.0]])
    # step 1: buf = 2, g = 2 + 0.9*2 = 3.8;  step 2: buf = 3.8, g = 2 + 0.9*3.8 = 5.42
    assert traj == _approx([[0.62], [0.078]])


def test_sgd_weight_decay_and_momentum():
    p = _param([1.0])
    opt = optim.SGD([p], lr=0.1, weight_decay=0.1)
    traj = _run_constant_grads(opt, p, [[2.0], [2.0]])
    # g1 = 2 + 0.1*1 = 2.1 -> 0.79;  g2 = 2 + 0.079 = 2.079 -> 0.5821
    assert traj == _approx([[0.79], [0.5821]])

    p = _param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.5, weight_decay=0.1)
    traj = _run_constant_grads(opt, p, [[2.0], [2.0]])
    # buf1 = 2.1 -> 0.79;  g2 = 2.079, buf2 = 1.05 + 2.079 = 3.129 -> 0.4771
    assert traj == _approx([[0.79], [0.4771]])


def test_sgd_maximize():
    p = _param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9, maximize=True)
    assert _run_constant_grads(opt, p, [[2.0], [2.0]]) == _approx([[1.2], [1.58]])


def test_sgd_float32_in_place():
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    storage_before = p.data_ptr() if hasattr(p, "data_ptr") else None
    version = p._version
    p.grad = torch.tensor([0.5, 0.5])
    optim.SGD([p], lr=0.5).step()
    assert p.dtype is torch.float32 and p.requires_grad and p.is_leaf and p.grad_fn is None
    assert p.tolist() == [0.75, 1.75]
    assert p._version > version
    if storage_before is not None:
        assert p.data_ptr() == storage_before


def test_sgd_skips_params_without_grad():
    a, b = _param([1.0]), _param([1.0])
    opt = optim.SGD([a, b], lr=0.1, momentum=0.9)
    a.grad = torch.tensor([1.0], dtype=torch.float64)
    opt.step()
    assert a.tolist() == pytest.approx([0.9]) and b.tolist() == [1.0]
    assert b not in opt.state and a in opt.state


def test_sgd_validation():
    p = _param([1.0])
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        optim.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="Invalid momentum value: -0.5"):
        optim.SGD([p], lr=0.1, momentum=-0.5)
    with pytest.raises(ValueError, match="Invalid weight_decay value: -1"):
        optim.SGD([p], lr=0.1, weight_decay=-1)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum and zero dampening"):
        optim.SGD([p], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Nesterov momentum requires"):
        optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)


def test_sgd_default_lr():
    opt = optim.SGD([_param([1.0])])
    assert opt.defaults["lr"] == 1e-3


# ---- Adam / AdamW, hand-computed -----------------------------------------------------------------
def _adam_reference(p0, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, decoupled=False,
                    amsgrad=False):
    """Adam written out in scalar Python floats (one parameter)."""
    p, m, v, vmax, out = p0, 0.0, 0.0, 0.0, []
    for t, g in enumerate(grads, 1):
        if decoupled:
            p *= 1 - lr * weight_decay
        elif weight_decay:
            g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        vmax = max(vmax, v)
        vv = vmax if amsgrad else v
        denom = math.sqrt(vv) / math.sqrt(1 - beta2 ** t) + eps
        p -= lr / (1 - beta1 ** t) * m / denom
        out.append(p)
    return out


def test_adam_first_two_steps():
    p = _param([1.0])
    opt = optim.Adam([p], lr=0.1)
    traj = _run_constant_grads(opt, p, [[2.0], [-1.0]])
    # step 1: m = 0.2, v = 0.004; m_hat = 2, v_hat = 4 -> p = 1 - 0.1 * 2 / (2 + 1e-8)
    step1 = 1 - 0.1 * 2 / (2 + 1e-8)
    # step 2: m = 0.18 - 0.1 = 0.08, v = 0.003996 + 0.001 = 0.004996
    step2 = step1 - (0.1 / 0.19) * 0.08 / (math.sqrt(0.004996) / math.sqrt(1 - 0.999 ** 2) + 1e-8)
    assert traj[0, 0] == pytest.approx(step1, rel=1e-12)
    assert traj[1, 0] == pytest.approx(step2, rel=1e-12)
    st = opt.state[p]
    assert sorted(st) == ["exp_avg", "exp_avg_sq", "step"]
    assert st["step"].dtype is torch.float32 and st["step"].dim() == 0 and st["step"].item() == 2.0
    assert st["exp_avg"].tolist() == pytest.approx([0.08])
    assert st["exp_avg_sq"].tolist() == pytest.approx([0.004996])


@pytest.mark.parametrize("kwargs", [
    dict(lr=0.05),
    dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6),
    dict(lr=0.05, weight_decay=0.1),
    dict(lr=0.05, amsgrad=True),
    dict(lr=0.05, weight_decay=0.1, amsgrad=True),
])
def test_adam_matches_scalar_reference(kwargs):
    grads = [3.0, -1.0, 0.5, 0.1, -2.0, 0.0, 1.5]
    p = _param([0.7])
    traj = _run_constant_grads(optim.Adam([p], **kwargs), p, [[g] for g in grads])[:, 0].tolist()
    ref_kw = dict(kwargs)
    if "betas" in ref_kw:
        ref_kw["beta1"], ref_kw["beta2"] = ref_kw.pop("betas")
    assert traj == pytest.approx(_adam_reference(0.7, grads, **ref_kw), rel=1e-12)


def test_adam_amsgrad_keeps_the_max():
    p = _param([0.0])
    opt = optim.Adam([p], lr=0.1, amsgrad=True)
    _run_constant_grads(opt, p, [[10.0], [0.0]])
    st = opt.state[p]
    assert st["max_exp_avg_sq"].tolist() == pytest.approx([0.1])
    assert st["exp_avg_sq"].tolist() == pytest.approx([0.0999])


def test_adamw_decoupled_weight_decay():
    p = _param([1.0])
    opt = optim.AdamW([p], lr=0.1, weight_decay=0.1)
    traj = _run_constant_grads(opt, p, [[2.0], [-1.0]])
    assert traj[:, 0].tolist() == pytest.approx(
        _adam_reference(1.0, [2.0, -1.0], lr=0.1, weight_decay=0.1, decoupled=True), rel=1e-12)
    # the decay never enters the moments
    assert opt.state[p]["exp_avg"].tolist() == pytest.approx([0.08])
    assert opt.defaults["weight_decay"] == 0.1
    assert optim.AdamW([_param([1.0])]).defaults["weight_decay"] == 1e-2
    assert opt.param_groups[0]["decoupled_weight_decay"] is True


def test_adam_maximize():
    p = _param([1.0])
    opt = optim.Adam([p], lr=0.1, maximize=True)
    _run_constant_grads(opt, p, [[2.0]])
    assert p.tolist() == pytest.approx([1.1])


def test_adam_validation():
    p = _param([1.0])
    with pytest.raises(ValueError, match="Invalid learning rate: -0.1"):
        optim.Adam([p], lr=-0.1)
    with pytest.raises(ValueError, match="Invalid epsilon value: -1"):
        optim.Adam([p], eps=-1)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 0: 1.0"):
        optim.Adam([p], betas=(1.0, 0.9))
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: -0.1"):
        optim.Adam([p], betas=(0.9, -0.1))
    with pytest.raises(ValueError, match="Invalid weight_decay value: -1"):
        optim.AdamW([p], weight_decay=-1)


def test_adam_float32_state_dtypes():
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    p.grad = torch.tensor([0.1, -0.1])
    opt = optim.Adam([p], lr=0.01)
    opt.step()
    st = opt.state[p]
    assert st["exp_avg"].dtype is torch.float32 and st["exp_avg"].shape == p.shape
    assert p.tolist() == pytest.approx([0.99, 2.01], rel=1e-6)


# ---- Optimizer base ----------------------------------------------------------------------------
def test_zero_grad_set_to_none_default():
    p = _param([1.0, 2.0])
    (p * p).sum().backward()
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad()
    assert p.grad is None


def test_zero_grad_in_place_zeros():
    p = _param([1.0, 2.0])
    (p * p).sum().backward()
    g = p.grad
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and g.tolist() == [0.0, 0.0]
    # a later backward accumulates into the zeroed buffer
    (3 * p).sum().backward()
    assert p.grad.tolist() == [3.0, 3.0]


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_zero_grad_detaches_a_grad_with_history():
    p = _param([1.0, 2.0])
    (p * p).sum().backward(create_graph=True)
    assert p.grad.grad_fn is not None
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad(set_to_none=False)
    assert p.grad.grad_fn is None and not p.grad.requires_grad and p.grad.tolist() == [0.0, 0.0]


def test_zero_grad_skips_missing_grads():
    a, b = _param([1.0]), _param([1.0])
    optim.SGD([a, b], lr=0.1).zero_grad(set_to_none=False)
    assert a.grad is None and b.grad is None


def test_param_groups_and_defaults():
    a, b, c = _param([1.0]), _param([2.0]), _param([3.0])
    opt = optim.SGD([{"params": [a, b]}, {"params": c, "lr": 0.5, "momentum": 0.9}], lr=0.1)
    assert len(opt.param_groups) == 2
    g0, g1 = opt.param_groups
    assert g0["params"] == [a, b] or (g0["params"][0] is a and g0["params"][1] is b)
    assert g0["lr"] == 0.1 and g0["momentum"] == 0
    assert g1["params"][0] is c and g1["lr"] == 0.5 and g1["momentum"] == 0.9
    for p in (a, b, c):
        p.grad = torch.ones(1, dtype=torch.float64)
    opt.step()
    assert [a.item(), b.item(), c.item()] == pytest.approx([0.9, 1.9, 2.5])


def test_add_param_group():
    a, b = _param([1.0]), _param([1.0])
    opt = optim.Adam([a], lr=0.1)
    opt.add_param_group({"params": b, "lr": 0.2})
    g = opt.param_groups[1]
    assert g["params"][0] is b and g["lr"] == 0.2 and g["betas"] == (0.9, 0.999) and g["amsgrad"] is False
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="param_group must be a dict"):
        opt.add_param_group([b])
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {_param([1.0])}})


def test_constructor_errors():
    p = _param([1.0])
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="should be an iterable of Tensors or dicts, but got torch.DoubleTensor"):
        optim.SGD(p, lr=0.1)
    with pytest.raises(TypeError, match="optimizer can only optimize Tensors, but one of the params is int"):
        optim.SGD([1], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.SGD([p * 2], lr=0.1)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([p, p], lr=0.1)


def test_generator_of_params():
    ps = [_param([1.0]), _param([2.0])]
    opt = optim.SGD((q for q in ps), lr=0.1)
    assert len(opt.param_groups[0]["params"]) == 2


def test_named_params():
    a, b = _param([1.0]), _param([2.0])
    opt = optim.SGD([("w", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["w", "b"]
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["w", "b"]


def test_step_with_closure_runs_with_grad_enabled():
    p = _param([3.0])
    opt = optim.SGD([p], lr=0.1)
    calls = []

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        calls.append(torch.is_grad_enabled())
        return loss

    with torch.no_grad():
        loss = opt.step(closure)
    assert calls == [True]
    assert loss.item() == 9.0
    assert p.item() == pytest.approx(3.0 - 0.1 * 6.0)
    assert opt.step() is None  # no closure: returns None (the grad from the closure is reused)


def test_step_does_not_record_history():
    p = _param([1.0, 2.0])
    (p * p).sum().backward()
    for opt in (optim.SGD([p], lr=0.1, momentum=0.9), optim.Adam([p], lr=0.1)):
        opt.step()
        assert p.grad_fn is None and p.is_leaf and p.requires_grad


def test_step_hooks():
    p = _param([1.0])
    p.grad = torch.ones(1, dtype=torch.float64)
    opt = optim.SGD([p], lr=0.1)
    seen = []
    h1 = opt.register_step_pre_hook(lambda o, args, kwargs: seen.append(("pre", p.item())))
    opt.register_step_post_hook(lambda o, args, kwargs: seen.append(("post", p.item())))
    opt.step()
    assert seen == [("pre", 1.0), ("post", pytest.approx(0.9))]
    h1.remove()
    opt.step()
    assert [s[0] for s in seen] == ["pre", "post", "post"]


def test_repr():
    a, b = _param([1.0]), _param([1.0])
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    text = repr(opt)
    assert text.startswith("SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n")
    assert "    lr: 0.1\n" in text and "\n\nParameter Group 1\n" in text
    assert text.endswith("    weight_decay: 0\n)")
    assert "params" not in text


# ---- state_dict ----------------------------------------------------------------------------------
def _train(opt, params, steps, start=0):
    for k in range(start, start + steps):
        opt.zero_grad()
        loss = sum(((p - 0.1 * (k + 1)) ** 2).sum() * (i + 1) for i, p in enumerate(params))
        loss.backward()
        opt.step()


@pytest.mark.parametrize("make", [
    lambda ps: optim.SGD([{"params": ps[:1]}, {"params": ps[1:], "lr": 0.05}], lr=0.1, momentum=0.9,
                         nesterov=True),
    lambda ps: optim.Adam([{"params": ps[:1]}, {"params": ps[1:], "lr": 0.05}], lr=0.1, amsgrad=True),
    lambda ps: optim.AdamW([{"params": ps[:1]}, {"params": ps[1:], "lr": 0.05}], lr=0.1),
])
def test_state_dict_round_trip(make):
    def fresh():
        return [_param([1.0, -1.0]), _param([[0.5, 2.0], [3.0, -4.0]]), _param(0.25)]

    ps1 = fresh()
    opt1 = make(ps1)
    _train(opt1, ps1, 3)
    sd = opt1.state_dict()
    # PyTorch's layout: state keyed by index, groups list their params' indices
    assert sorted(sd["state"]) == [0, 1, 2]
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1, 2]]
    assert [g["lr"] for g in sd["param_groups"]] == [0.1, 0.05]
    assert list(sd["param_groups"][0])[-1] == "params"

    ps2 = [p.detach().clone().requires_grad_() for p in ps1]
    opt2 = make(ps2)
    opt2.load_state_dict(copy.deepcopy(sd))
    assert opt2.param_groups[1]["params"][0] is ps2[1]
    _train(opt1, ps1, 4, start=3)
    _train(opt2, ps2, 4, start=3)
    for a, b in zip(ps1, ps2):
        assert a.tolist() == b.tolist()


def test_state_dict_through_save_and_load():
    ps = [_param([1.0, -1.0]), _param([2.0])]
    opt = optim.Adam(ps, lr=0.1)
    _train(opt, ps, 2)
    buf = io.BytesIO()
    torch.save(opt.state_dict(), buf)
    buf.seek(0)
    loaded = torch.load(buf)
    opt2 = optim.Adam([p.detach().clone().requires_grad_() for p in ps], lr=0.3)
    opt2.load_state_dict(loaded)
    assert opt2.param_groups[0]["lr"] == 0.1
    assert opt2.state_dict()["state"][0]["exp_avg"].tolist() == opt.state[ps[0]]["exp_avg"].tolist()


def test_load_state_dict_casts_to_param_dtype_but_not_step():
    p32 = torch.tensor([1.0, 2.0], requires_grad=True)
    opt = optim.Adam([p32], lr=0.1)
    p32.grad = torch.tensor([1.0, 1.0])
    opt.step()
    sd = opt.state_dict()
    p64 = _param([1.0, 2.0])
    opt64 = optim.Adam([p64], lr=0.1)
    opt64.load_state_dict(sd)
    st = opt64.state[p64]
    assert st["exp_avg"].dtype is torch.float64
    assert st["step"].dtype is torch.float32


def test_load_state_dict_mismatch():
    a, b = _param([1.0]), _param([1.0])
    sd = optim.SGD([a, b], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        optim.SGD([a], lr=0.1).load_state_dict(sd)


def test_load_state_dict_numeric_step_becomes_tensor():
    p = _param([1.0])
    opt = optim.Adam([p], lr=0.1)
    sd = {"state": {0: {"step": 3, "exp_avg": torch.zeros(1, dtype=torch.float64),
                        "exp_avg_sq": torch.zeros(1, dtype=torch.float64)}},
          "param_groups": [dict(opt.state_dict()["param_groups"][0])]}
    opt.load_state_dict(sd)
    assert opt.state[p]["step"].dim() == 0 and opt.state[p]["step"].item() == 3.0


# ---- lr schedulers -------------------------------------------------------------------------------
def _lrs(sched, opt, epochs):
    out = []
    for _ in range(epochs):
        opt.step()
        sched.step()
        out.append(sched.get_last_lr()[0])
    return out


def test_steplr_schedule():
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    assert sched.get_last_lr() == [1.0] and sched.last_epoch == 0
    assert opt.param_groups[0]["initial_lr"] == 1.0
    assert _lrs(sched, opt, 7) == [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]
    assert opt.param_groups[0]["lr"] == 0.25 and sched.last_epoch == 7


def test_steplr_two_groups_and_state_dict():
    a, b = _param([1.0]), _param([1.0])
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.2}], lr=0.1)
    sched = lr_scheduler.StepLR(opt, step_size=2)
    _lrs(sched, opt, 2)
    assert sched.get_last_lr() == pytest.approx([0.01, 0.02])
    sd = sched.state_dict()
    assert "optimizer" not in sd and sd["last_epoch"] == 2 and sd["base_lrs"] == [0.1, 0.2]
    opt2 = optim.SGD([{"params": [_param([1.0])]}, {"params": [_param([1.0])], "lr": 0.2}], lr=0.1)
    sched2 = lr_scheduler.StepLR(opt2, step_size=5)
    sched2.load_state_dict(sd)
    assert sched2.step_size == 2 and sched2.last_epoch == 2


def test_multisteplr_and_exponentiallr():
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.MultiStepLR(opt, milestones=[2, 5, 5], gamma=0.1)
    assert _lrs(sched, opt, 6) == pytest.approx([1.0, 0.1, 0.1, 0.1, 0.001, 0.001])
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.ExponentialLR(opt, gamma=0.5)
    assert _lrs(sched, opt, 3) == [0.5, 0.25, 0.125]


def test_lambdalr():
    opt = optim.SGD([_param([1.0])], lr=2.0)
    sched = lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (e + 1))
    assert sched.get_last_lr() == [2.0]
    assert _lrs(sched, opt, 3) == pytest.approx([1.0, 2.0 / 3, 0.5])


def test_scheduler_order_warning():
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=1)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=1)
    opt.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sched.step()


def test_scheduler_step_with_epoch_uses_closed_form():
    opt = optim.SGD([_param([1.0])], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    opt.step()
    with pytest.warns(UserWarning, match="epoch parameter"):
        sched.step(5)
    assert sched.get_last_lr() == [0.25]


def test_scheduler_rejects_non_optimizer():
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        lr_scheduler.StepLR([], step_size=1)


# ---- parity with PyTorch -------------------------------------------------------------------------
_CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.5, maximize=True)),
    ("Adam", dict(lr=0.05)),
    ("Adam", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-6)),
    ("Adam", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    ("Adam", dict(lr=0.05, maximize=True)),
    ("AdamW", dict(lr=0.05)),
    ("AdamW", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
]


def _linear_trajectory(lib, cls, kwargs, dtype, steps=20):
    """A tiny linear model (2 groups: weight, bias at half the lr) trained on fixed data."""
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((8, 3))
    y_np = rng.standard_normal((8, 2))
    w_np = rng.standard_normal((2, 3))
    b_np = rng.standard_normal(2)
    dt = getattr(lib, dtype)
    w = lib.tensor(w_np, dtype=dt, requires_grad=True)
    b = lib.tensor(b_np, dtype=dt, requires_grad=True)
    x, y = lib.tensor(x_np, dtype=dt), lib.tensor(y_np, dtype=dt)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    opt = getattr(lib.optim, cls)([{"params": [w]}, {"params": [b], "lr": kwargs["lr"] / 2}], **kwargs)
    traj, losses = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w.t() + b - y) ** 2).mean() * sign
        loss.backward()
        opt.step()
        losses.append(loss.item())
        traj.append(np.concatenate([w.detach().numpy().ravel(), b.detach().numpy().ravel()]))
    return np.array(traj), np.array(losses)


def _quadratic_trajectory(lib, cls, kwargs, dtype, steps=20):
    """Gradients of a fixed quadratic, computed in NumPy from the current parameter and
    set as .grad, so only the optimiser's arithmetic is compared."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 4))
    a = a @ a.T / 4 + np.eye(4)
    c = rng.standard_normal(4)
    p = lib.tensor(rng.standard_normal(4), dtype=getattr(lib, dtype), requires_grad=True)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    opt = getattr(lib.optim, cls)([p], **kwargs)
    traj = []
    for _ in range(steps):
        v = p.detach().numpy().astype(np.float64)
        p.grad = lib.tensor(sign * (a @ v - c), dtype=getattr(lib, dtype))
        opt.step()
        traj.append(p.detach().numpy().copy())
    return np.array(traj)


def _torch():
    real = real_torch()
    import torch.optim  # noqa: F401
    return real


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("cls,kwargs", _CONFIGS, ids=[f"{c}-{'-'.join(k)}" for c, k in _CONFIGS])
def test_parity_linear_model(cls, kwargs, dtype):
    real = _torch()
    ours, our_losses = _linear_trajectory(torch, cls, kwargs, dtype)
    theirs, their_losses = _linear_trajectory(real, cls, kwargs, dtype)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours, theirs, **tol)
    np.testing.assert_allclose(our_losses, their_losses, **tol)


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("cls,kwargs", _CONFIGS, ids=[f"{c}-{'-'.join(k)}" for c, k in _CONFIGS])
def test_parity_quadratic(cls, kwargs, dtype):
    real = _torch()
    ours = _quadratic_trajectory(torch, cls, kwargs, dtype)
    theirs = _quadratic_trajectory(real, cls, kwargs, dtype)
    # PyTorch's CPU kernels fuse multiply-adds (add with alpha, lerp, addcmul), so float32
    # results may differ from tensorlib's by an ulp per step, and such differences accumulate
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(ours, theirs, **tol)


@pytest.mark.parity
def test_parity_state_dict_layout():
    real = _torch()
    layouts = []
    for lib in (torch, real):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor(0.5, requires_grad=True)
        sds = []
        for opt in (lib.optim.SGD([w, b], lr=0.1, momentum=0.9),
                    lib.optim.Adam([{"params": [w]}, {"params": [b], "lr": 0.01}], amsgrad=True),
                    lib.optim.AdamW([w])):
            opt.zero_grad()
            ((w.sum() ** 2) + b * 3).backward()
            opt.step()
            sd = opt.state_dict()
            sds.append((
                {k: {name: (v.tolist(), str(v.dtype)) for name, v in st.items()} for k, st in sd["state"].items()},
                sd["param_groups"], repr(opt)))
        layouts.append(sds)
    ours, theirs = layouts
    for (s1, g1, r1), (s2, g2, r2) in zip(ours, theirs):
        assert list(s1) == list(s2)
        for k in s1:
            assert list(s1[k]) == list(s2[k])
            for name in s1[k]:
                np.testing.assert_allclose(s1[k][name][0], s2[k][name][0], rtol=1e-6)
                assert s1[k][name][1] == s2[k][name][1]
        assert g1 == g2
        assert r1 == r2


@pytest.mark.parity
@pytest.mark.parametrize("name,kwargs", [
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[2, 4, 4, 7], gamma=0.3)),
    ("ExponentialLR", dict(gamma=0.9)),
])
def test_parity_schedulers(name, kwargs):
    real = _torch()
    import torch.optim.lr_scheduler  # noqa: F401
    seqs = []
    for lib in (torch, real):
        p = lib.tensor([1.0], requires_grad=True)
        opt = lib.optim.SGD([{"params": [p]}, {"params": [lib.tensor([1.0], requires_grad=True)], "lr": 0.3}],
                            lr=1.0)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        seq = [sched.get_last_lr()]
        for _ in range(10):
            opt.step()
            sched.step()
            seq.append(sched.get_last_lr())
        seqs.append((seq, {k: v for k, v in sched.state_dict().items()}))
    (ours, our_sd), (theirs, their_sd) = seqs
    np.testing.assert_allclose(ours, theirs, rtol=1e-15)
    assert sorted(our_sd) == sorted(their_sd)
    assert our_sd["last_epoch"] == their_sd["last_epoch"] and our_sd["base_lrs"] == their_sd["base_lrs"]

"""tensorlib.optim.lr_scheduler: the cosine, cyclical, plateau, linear/constant/
polynomial and composite schedulers.

Values computed by hand, errors and warnings without torch; then parity with
PyTorch: lr (and momentum) sequences over 60 steps equal to 1e-12, state_dict
keys, and argument errors."""
import math
import warnings

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib.optim import lr_scheduler


def _opt(lib=torch, name="SGD", **kwargs):
    """An optimiser with two groups (lr 1.0 and 0.3)."""
    p = lib.tensor([1.0], requires_grad=True)
    q = lib.tensor([1.0], requires_grad=True)
    return getattr(lib.optim, name)([{"params": [p]}, {"params": [q], "lr": 0.3}], lr=1.0, **kwargs)


def _run(opt, sched, steps, metrics=None):
    """get_last_lr() after construction and after each of ``steps`` steps."""
    lrs = [list(sched.get_last_lr())]
    for i in range(steps):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
        lrs.append(list(sched.get_last_lr()))
    return np.array(lrs)


# ---- values ---------------------------------------------------------------------------------------
def test_cosine_annealing_recursive_form_follows_the_closed_form():
    opt = _opt()
    lrs = _run(opt, lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=0.1), 35)
    for epoch, row in enumerate(lrs):
        for base, lr in zip((1.0, 0.3), row):
            assert lr == pytest.approx(0.1 + (base - 0.1) * (1 + math.cos(math.pi * epoch / 10)) / 2, abs=1e-12)


def test_cosine_warm_restarts_periods_grow_by_t_mult():
    opt = _opt()
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
    lrs = _run(opt, sched, 7)[:, 0]
    # periods 2, 4, 8: restarts at epochs 2 and 6
    expected = [1.0, 0.5, 1.0, (1 + math.cos(math.pi / 4)) / 2, 0.5, (1 + math.cos(3 * math.pi / 4)) / 2, 1.0, None]
    assert lrs[:7] == pytest.approx(expected[:7], abs=1e-12)
    sched.step(2.5)  # a fractional epoch inside the second period
    assert sched.T_i == 4 and sched.T_cur == pytest.approx(0.5) and sched.last_epoch == 2


def test_one_cycle_endpoints_and_momentum():
    opt = _opt(momentum=0.9)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=2.0, total_steps=20, pct_start=0.25)
    lrs = _run(opt, sched, 19)
    assert lrs[0, 0] == pytest.approx(2.0 / 25)
    assert lrs[:, 0].max() == pytest.approx(2.0) and np.argmax(lrs[:, 0]) == 4
    assert lrs[-1, 0] == pytest.approx(2.0 / 25 / 1e4)
    assert opt.param_groups[0]["momentum"] == pytest.approx(0.95)
    opt.step()
    sched.step()  # the 20th step is allowed, the 21st is not
    with pytest.raises(ValueError, match="Tried to step 21 times. The specified number of total steps is 20"):
        sched.step()


def test_one_cycle_cycles_beta1_of_adam():
    opt = _opt(name="Adam")
    lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10, base_momentum=0.8, max_momentum=0.9)
    group = opt.param_groups[0]
    assert group["betas"] == (0.9, 0.999)
    assert (group["max_momentum"], group["base_momentum"]) == (0.9, 0.8)
    assert group["initial_lr"] == pytest.approx(0.04) and group["min_lr"] == pytest.approx(0.04 / 1e4)


def test_cyclic_triangular_wave():
    opt = _opt(momentum=0.9)
    sched = lr_scheduler.CyclicLR(opt, base_lr=0.0, max_lr=1.0, step_size_up=2, step_size_down=4)
    lrs = _run(opt, sched, 8)[:, 0]
    assert lrs == pytest.approx([0.0, 0.5, 1.0, 0.75, 0.5, 0.25, 0.0, 0.5, 1.0])
    assert opt.param_groups[0]["momentum"] == pytest.approx(0.8)


def test_reduce_on_plateau_patience_cooldown_and_min_lr():
    opt = _opt()
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1, cooldown=1, min_lr=[0.0, 0.2])
    lrs = _run(opt, sched, 6, metrics=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    # epoch 1 sets best; bad epochs 2, 3 -> reduce at 3; cooldown epoch 4; bad 5, 6 -> reduce at 6
    assert lrs[:, 0] == pytest.approx([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25])
    assert lrs[:, 1] == pytest.approx([0.3, 0.3, 0.3, 0.2, 0.2, 0.2, 0.2])


def test_reduce_on_plateau_max_mode_abs_threshold():
    opt = _opt()
    sched = lr_scheduler.ReduceLROnPlateau(opt, mode="max", threshold_mode="abs", threshold=0.1, patience=0)
    sched.step(1.0)
    sched.step(1.05)  # not better by more than 0.1
    assert sched.get_last_lr() == pytest.approx([0.1, 0.03])
    assert sched.best == 1.0


def test_linear_constant_polynomial():
    opt = _opt()
    lrs = _run(opt, lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=4), 6)[:, 0]
    assert lrs == pytest.approx([0.5, 0.625, 0.75, 0.875, 1.0, 1.0, 1.0])
    opt = _opt()
    lrs = _run(opt, lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2), 3)[:, 0]
    assert lrs == pytest.approx([0.5, 0.5, 1.0, 1.0])
    opt = _opt()
    lrs = _run(opt, lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0), 5)[:, 0]
    assert lrs == pytest.approx([1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0])


def test_sequential_switches_at_milestones():
    opt = _opt()
    warm = lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=10)
    decay = lr_scheduler.ExponentialLR(opt, gamma=0.5)
    sched = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[2])
    lrs = _run(opt, sched, 4)[:, 0]
    assert lrs == pytest.approx([0.1, 0.1, 1.0, 0.5, 0.25])


def test_chained_multiplies_effects():
    opt = _opt()
    sched = lr_scheduler.ChainedScheduler([lr_scheduler.ExponentialLR(opt, gamma=0.5),
                                           lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)])
    lrs = _run(opt, sched, 3)[:, 0]
    assert lrs == pytest.approx([1.0, 0.5, 0.025, 0.0125])


def test_multiplicative():
    opt = _opt()
    lrs = _run(opt, lr_scheduler.MultiplicativeLR(opt, lambda epoch: 0.5), 2)[:, 1]
    assert lrs == pytest.approx([0.3, 0.15, 0.075])


@pytest.mark.parametrize("make", [
    lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=5),
    lambda opt: lr_scheduler.CyclicLR(opt, 0.1, 1.0, step_size_up=3),
    lambda opt: lr_scheduler.OneCycleLR(opt, 1.0, total_steps=30),
    lambda opt: lr_scheduler.SequentialLR(opt, [lr_scheduler.LinearLR(opt), lr_scheduler.StepLR(opt, 3)], [4]),
], ids=["cosine", "cyclic", "onecycle", "sequential"])
def test_state_dict_resumes_the_same_sequence(make):
    opt_a = _opt(momentum=0.9)
    sched_a = make(opt_a)
    _run(opt_a, sched_a, 7)
    opt_b = _opt(momentum=0.9)
    sched_b = make(opt_b)
    opt_b.load_state_dict(opt_a.state_dict())
    sched_b.load_state_dict(sched_a.state_dict())
    np.testing.assert_array_equal(_run(opt_a, sched_a, 10), _run(opt_b, sched_b, 10))


class _HalfEachCycle:
    """A callable scale_fn with state (what a state_dict keeps of it)."""

    def __init__(self):
        self.base = 0.5

    def __call__(self, cycle):
        return self.base ** (cycle - 1)


def test_cyclic_custom_scale_fn_state():
    opt = _opt(momentum=0.9)
    plain = lr_scheduler.CyclicLR(opt, 0.1, 1.0, step_size_up=2, scale_fn=lambda cycle: 1.0)
    assert plain.state_dict()["_scale_fn_custom"] is None and "_scale_fn_ref" not in plain.state_dict()
    fn = _HalfEachCycle()
    opt = _opt(momentum=0.9)
    sched = lr_scheduler.CyclicLR(opt, 0.0, 1.0, step_size_up=1, scale_fn=fn)
    lrs = _run(opt, sched, 4)[:, 0]
    assert lrs == pytest.approx([0.0, 1.0, 0.0, 0.5, 0.0])
    state = sched.state_dict()
    assert state["_scale_fn_custom"] == {"base": 0.5}
    other = _HalfEachCycle()
    other.base = 0.1
    restored = lr_scheduler.CyclicLR(_opt(momentum=0.9), 0.0, 1.0, step_size_up=1, scale_fn=other)
    restored.load_state_dict(state)
    assert other.base == 0.5 and restored.last_epoch == 4


# ---- warnings and errors --------------------------------------------------------------------------
def test_step_before_optimizer_step_warns():
    opt = _opt()
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`"):
        sched.step()


def test_get_lr_outside_step_warns():
    opt = _opt()
    sched = lr_scheduler.LinearLR(opt)
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()



_ERRORS = [
    ("ConstantLR", lambda L, o: L.ConstantLR(o, factor=1.5), ValueError,
     "Constant multiplicative factor expected to be between 0 and 1."),
    ("LinearLR-start", lambda L, o: L.LinearLR(o, start_factor=0), ValueError,
     "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."),
    ("LinearLR-end", lambda L, o: L.LinearLR(o, end_factor=2), ValueError,
     "Ending multiplicative factor expected to be between 0 and 1."),
    ("WarmRestarts-T_0", lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=0), ValueError,
     "Expected positive integer T_0, but got 0"),
    ("WarmRestarts-T_mult", lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=1.5), ValueError,
     "Expected integer T_mult >= 1, but got 1.5"),
    ("WarmRestarts-epoch", lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=2).step(-1), ValueError,
     "Expected non-negative epoch, but got -1"),
    ("OneCycle-no-steps", lambda L, o: L.OneCycleLR(o, 1.0), ValueError,
     "You must define either total_steps OR (epochs AND steps_per_epoch)"),
    ("OneCycle-total", lambda L, o: L.OneCycleLR(o, 1.0, total_steps=0), ValueError,
     "Expected positive integer total_steps, but got 0"),
    ("OneCycle-epochs", lambda L, o: L.OneCycleLR(o, 1.0, epochs=2.0, steps_per_epoch=3), ValueError,
     "Expected positive integer epochs, but got 2.0"),
    ("OneCycle-pct", lambda L, o: L.OneCycleLR(o, 1.0, total_steps=5, pct_start=1), ValueError,
     "Expected float between 0 and 1 pct_start, but got 1"),
    ("OneCycle-anneal", lambda L, o: L.OneCycleLR(o, 1.0, total_steps=5, anneal_strategy="exp"), ValueError,
     "anneal_strategy must be one of 'cos' or 'linear', instead got exp"),
    ("OneCycle-max_lr", lambda L, o: L.OneCycleLR(o, [1.0], total_steps=5), ValueError,
     "max_lr must have the same length as optimizer.param_groups. max_lr has 1 values, param_groups has 2."),
    ("Cyclic-mode", lambda L, o: L.CyclicLR(o, 0.1, 1.0, mode="square"), ValueError,
     "mode is invalid and scale_fn is None"),
    ("Cyclic-not-optimizer", lambda L, o: L.CyclicLR([], 0.1, 1.0), TypeError, "list is not an Optimizer"),
    ("Plateau-factor", lambda L, o: L.ReduceLROnPlateau(o, factor=1.0), ValueError, "Factor should be < 1.0."),
    ("Plateau-mode", lambda L, o: L.ReduceLROnPlateau(o, mode="up"), ValueError, "mode up is unknown!"),
    ("Plateau-threshold", lambda L, o: L.ReduceLROnPlateau(o, threshold_mode="x"), ValueError,
     "threshold mode x is unknown!"),
    ("Plateau-min_lr", lambda L, o: L.ReduceLROnPlateau(o, min_lr=[0.1]), ValueError, "expected 2 min_lrs, got 1"),
    ("Sequential-empty", lambda L, o: L.SequentialLR(o, [], []), ValueError,
     "SequentialLR expects at least one scheduler, but got no scheduler."),
    ("Sequential-milestones", lambda L, o: L.SequentialLR(o, [L.StepLR(o, 2)], [3]), ValueError,
     "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone "
     "points, but got number of schedulers 1 and the number of milestones to be equal to 1"),
    ("Sequential-plateau", lambda L, o: L.SequentialLR(o, [L.ReduceLROnPlateau(o)], []), ValueError,
     "SequentialLR does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be "
     "specified when calling `step`, but got one at index 0 in the given schedulers sequence."),
    ("Chained-empty", lambda L, o: L.ChainedScheduler([]), ValueError,
     "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler."),
    ("Chained-member", lambda L, o: L.ChainedScheduler([object()], o), TypeError,
     "ChainedScheduler at index 0 should have `optimizer` as its attribute."),
    ("Multiplicative-callable", lambda L, o: L.MultiplicativeLR(o, [0.5, 0.5]), TypeError,
     "lr_lambda should be a function, but got float"),
]


@pytest.mark.parametrize("make,error,message", [c[1:] for c in _ERRORS], ids=[c[0] for c in _ERRORS])
def test_errors(make, error, message):
    with pytest.raises(error) as info:
        make(lr_scheduler, _opt())
    assert str(info.value) == message


def test_cycle_momentum_needs_momentum_or_betas():
    opt = _opt(name="Adagrad")
    with pytest.raises(ValueError, match="optimizer must support momentum or beta1 with `cycle_momentum`"):
        lr_scheduler.OneCycleLR(opt, 1.0, total_steps=10)
    lr_scheduler.CyclicLR(opt, 0.1, 1.0, cycle_momentum=False)


# ---- parity with PyTorch ------------------------------------------------------------------------
def _composite(L, opt, name):
    if name == "SequentialLR":
        return L.SequentialLR(opt, [L.LinearLR(opt, start_factor=0.1, total_iters=5), L.CosineAnnealingLR(opt, 10),
                                    L.ExponentialLR(opt, 0.9)], milestones=[5, 20])
    return L.ChainedScheduler([L.ConstantLR(opt, factor=0.5, total_iters=4), L.ExponentialLR(opt, gamma=0.95),
                               L.StepLR(opt, 7, 0.5)])


_METRICS = list(np.concatenate([np.linspace(1, 0.5, 10), np.full(20, 0.5), np.linspace(0.5, 0.4, 5),
                                np.full(25, 0.45)]))
_CASES = [
    ("CosineAnnealingLR", dict(T_max=10), "SGD"),
    ("CosineAnnealingLR", dict(T_max=7, eta_min=0.01), "SGD"),
    ("CosineAnnealingWarmRestarts", dict(T_0=5), "SGD"),
    ("CosineAnnealingWarmRestarts", dict(T_0=3, T_mult=2, eta_min=0.05), "SGD"),
    ("OneCycleLR", dict(max_lr=1.0, total_steps=60), "SGD"),
    ("OneCycleLR", dict(max_lr=[1.0, 0.5], total_steps=60, anneal_strategy="linear", three_phase=True), "Adam"),
    ("OneCycleLR", dict(max_lr=1.0, epochs=6, steps_per_epoch=10, cycle_momentum=False, pct_start=0.25), "Adam"),
    ("LinearLR", dict(start_factor=0.2, end_factor=0.9, total_iters=13), "SGD"),
    ("ConstantLR", dict(factor=0.4, total_iters=6), "SGD"),
    ("PolynomialLR", dict(total_iters=30, power=2.0), "SGD"),
    ("SequentialLR", None, "SGD"),
    ("ChainedScheduler", None, "SGD"),
    ("CyclicLR", dict(base_lr=0.1, max_lr=1.0, step_size_up=7), "SGD"),
    ("CyclicLR", dict(base_lr=[0.1, 0.05], max_lr=1.0, step_size_up=5, step_size_down=9, mode="triangular2"),
     "Adam"),
    ("CyclicLR", dict(base_lr=0.1, max_lr=1.0, step_size_up=4, mode="exp_range", gamma=0.97,
                      cycle_momentum=False), "Adam"),
    ("MultiplicativeLR", dict(lr_lambda=lambda epoch: 0.97), "SGD"),
    ("LambdaLR", dict(lr_lambda=[lambda epoch: 0.9 ** epoch, lambda epoch: 1 / (epoch + 1)]), "SGD"),
    ("StepLR", dict(step_size=4), "SGD"),
    ("MultiStepLR", dict(milestones=[3, 10, 10, 40]), "SGD"),
    ("ExponentialLR", dict(gamma=0.93), "SGD"),
    ("ReduceLROnPlateau", dict(patience=3, cooldown=2, factor=0.5, min_lr=[0.01, 0.2]), "SGD"),
    ("ReduceLROnPlateau", dict(mode="max", threshold_mode="abs", threshold=0.01, patience=2), "SGD"),
]


@pytest.fixture
def real():
    torch_module = real_torch()
    import torch.optim.lr_scheduler  # noqa: F401
    return torch_module


def _sequence(lib, name, kwargs, opt_name, steps=60):
    """Per step: get_last_lr(), the groups' lrs and their momenta (or beta1)."""
    opt = _opt(lib, opt_name, **({"momentum": 0.9} if opt_name == "SGD" else {}))
    L = lib.optim.lr_scheduler
    sched = _composite(L, opt, name) if kwargs is None else getattr(L, name)(opt, **kwargs)

    def row():
        momenta = [g["momentum"] if "momentum" in g else g["betas"][0] for g in opt.param_groups]
        return list(sched.get_last_lr()) + [g["lr"] for g in opt.param_groups] + momenta
    rows = [row()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the proper order warns about nothing
        for i in range(steps):
            opt.step()
            if name == "ReduceLROnPlateau":
                sched.step(_METRICS[i])
            else:
                sched.step()
            rows.append(row())
    return np.array(rows, dtype=float), sched.state_dict()


@pytest.mark.parity
@pytest.mark.parametrize("name,kwargs,opt_name", _CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(_CASES)])
def test_parity_sequences_and_state_dict(real, name, kwargs, opt_name):
    ours, our_state = _sequence(torch, name, kwargs, opt_name)
    theirs, their_state = _sequence(real, name, kwargs, opt_name)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    assert list(our_state) == list(their_state)
    for key in ("last_epoch", "base_lrs", "_step_count", "best", "num_bad_epochs", "T_cur", "T_i",
                "_schedule_phases", "total_size", "step_ratio", "_milestones"):
        if key in their_state:
            assert our_state[key] == their_state[key], key


@pytest.mark.parity
@pytest.mark.parametrize("make,error,message", [c[1:] for c in _ERRORS], ids=[c[0] for c in _ERRORS])
def test_parity_errors(real, make, error, message):
    with pytest.raises(error) as info:
        make(real.optim.lr_scheduler, _opt(real))
    assert str(info.value) == message


@pytest.mark.parity
def test_parity_resume_with_last_epoch(real):
    """A scheduler built with last_epoch >= 0 (resuming) starts where PyTorch's does."""
    rows = []
    for lib in (torch, real):
        opt = _opt(lib)
        for group in opt.param_groups:
            group["initial_lr"] = group["lr"]
        sched = lib.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10, last_epoch=3)
        rows.append(_run(opt, sched, 12))
    np.testing.assert_allclose(rows[0], rows[1], rtol=1e-12)
    opt = _opt()
    with pytest.raises(KeyError, match=r"param 'initial_lr' is not specified in param_groups\[0\]"):
        lr_scheduler.StepLR(opt, 2, last_epoch=3)

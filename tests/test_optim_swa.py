"""tensorlib.optim.swa_utils: AveragedModel (SWA and EMA), SWALR and update_bn.

Hand-computed averages and errors without torch; parity with PyTorch for
averaged weights, batch-norm statistics, SWALR's lr sequence and state_dict."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib import nn
from tensorlib.optim import swa_utils


def _model(lib, seed=0):
    """Linear -> BatchNorm1d -> Linear in float64, weights from a fixed NumPy generator."""
    rng = np.random.default_rng(seed)
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.Linear(4, 2)).double()
    with lib.no_grad():
        for p in model.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape))))
    return model


def _perturb(lib, model, step):
    """Move every parameter deterministically (what an optimiser step would do)."""
    with lib.no_grad():
        for i, p in enumerate(model.parameters()):
            p.mul_(0.9).add_(0.1 * (step + i))


def test_swa_average_of_three_models():
    model = nn.Linear(2, 1).double()
    averaged = swa_utils.AveragedModel(model)
    values = []
    for step in range(3):
        with torch.no_grad():
            model.weight.fill_(float(step))
        averaged.update_parameters(model)
        values.append(float(step))
    assert averaged.module.weight.tolist() == [[pytest.approx(np.mean(values))] * 2]
    assert averaged.n_averaged.item() == 3 and averaged.n_averaged.dtype is torch.int64
    x = torch.ones(1, 2, dtype=torch.float64)
    assert averaged(x).tolist() == averaged.module(x).tolist()


def test_ema_functions():
    model = nn.Linear(1, 1, bias=False).double()
    for make in (lambda: dict(avg_fn=swa_utils.get_ema_avg_fn(0.5)),
                 lambda: dict(multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.5))):
        averaged = swa_utils.AveragedModel(model, **make())
        for value in (1.0, 3.0, 5.0):
            with torch.no_grad():
                model.weight.fill_(value)
            averaged.update_parameters(model)
        # 1, then 0.5 * 1 + 0.5 * 3 = 2, then 0.5 * 2 + 0.5 * 5 = 3.5
        assert averaged.module.weight.item() == pytest.approx(3.5)


def test_errors():
    with pytest.raises(ValueError, match=r"Invalid decay value 1.5 provided. Please provide a value in \[0,1\]"):
        swa_utils.get_ema_avg_fn(1.5)
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn should be provided"):
        swa_utils.AveragedModel(nn.Linear(1, 1), avg_fn=swa_utils.get_swa_avg_fn(),
                                multi_avg_fn=swa_utils.get_swa_multi_avg_fn())
    opt = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
    with pytest.raises(ValueError, match="anneal_strategy must be one of 'cos' or 'linear', instead got exp"):
        swa_utils.SWALR(opt, swa_lr=0.05, anneal_strategy="exp")
    with pytest.raises(ValueError, match="anneal_epochs must be equal or greater than 0, got -1"):
        swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=-1)


def test_swalr_reaches_swa_lr_linearly():
    opt = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
    sched = swa_utils.SWALR(opt, swa_lr=0.5, anneal_epochs=2, anneal_strategy="linear")
    lrs = [sched.get_last_lr()[0]]
    for _ in range(3):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    assert lrs == pytest.approx([1.0, 0.75, 0.5, 0.5])


def test_update_bn_without_batch_norm_is_a_no_op():
    model = nn.Linear(2, 2)
    swa_utils.update_bn([torch.ones(1, 2)], model)
    assert model.training


# ---- parity with PyTorch ------------------------------------------------------------------------
@pytest.fixture
def real():
    torch_module = real_torch()
    import torch.optim.swa_utils  # noqa: F401
    return torch_module


def _averaging_run(lib, kind):
    model = _model(lib)
    averaged_kwargs = {
        "swa": {},
        "ema-multi": dict(multi_avg_fn=lib.optim.swa_utils.get_ema_multi_avg_fn(0.9)),
        "ema-single": dict(avg_fn=lib.optim.swa_utils.get_ema_avg_fn(0.8)),
        "swa-multi": dict(multi_avg_fn=lib.optim.swa_utils.get_swa_multi_avg_fn()),
        "swa-buffers": dict(use_buffers=True),
        "ema-multi-buffers": dict(multi_avg_fn=lib.optim.swa_utils.get_ema_multi_avg_fn(0.7), use_buffers=True),
    }[kind]
    averaged = lib.optim.swa_utils.AveragedModel(model, **averaged_kwargs)
    rng = np.random.default_rng(1)
    batches = [lib.tensor(rng.standard_normal((5, 3))) for _ in range(3)]
    for step in range(6):
        _perturb(lib, model, step)
        model(batches[step % 3])  # moves the batch-norm running statistics
        averaged.update_parameters(model)
    lib.optim.swa_utils.update_bn(batches + [(batches[0], None)], averaged)
    state = averaged.state_dict()
    return {k: np.asarray(v.tolist(), dtype=float) for k, v in state.items()}


@pytest.mark.parity
@pytest.mark.parametrize("kind", ["swa", "ema-multi", "ema-single", "swa-multi", "swa-buffers",
                                  "ema-multi-buffers"])
def test_parity_averaged_model(real, kind):
    ours, theirs = _averaging_run(torch, kind), _averaging_run(real, kind)
    assert list(ours) == list(theirs)
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-12, atol=1e-14, err_msg=key)


def _swalr_run(lib, kwargs):
    p = lib.tensor([1.0], requires_grad=True)
    opt = lib.optim.SGD([{"params": [p]}, {"params": [lib.tensor([1.0], requires_grad=True)], "lr": 0.3}],
                        lr=1.0)
    decay = lib.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30)
    swa = lib.optim.swa_utils.SWALR(opt, **kwargs)
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for epoch in range(50):
            opt.step()
            (swa if epoch >= 20 else decay).step()
            lrs.append(swa.get_last_lr() + [g["lr"] for g in opt.param_groups])
    return np.array(lrs), list(swa.state_dict())


@pytest.mark.parity
@pytest.mark.parametrize("kwargs", [dict(swa_lr=0.05), dict(swa_lr=[0.1, 0.02], anneal_epochs=5,
                                                               anneal_strategy="linear"),
                                    dict(swa_lr=0.05, anneal_epochs=0)], ids=["cos", "linear", "no-anneal"])
def test_parity_swalr(real, kwargs):
    (ours, our_keys), (theirs, their_keys) = _swalr_run(torch, kwargs), _swalr_run(real, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert our_keys == their_keys

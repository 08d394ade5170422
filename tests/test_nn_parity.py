"""nn parity with a live PyTorch: the same weights (copied from the torch
module through its state_dict as NumPy arrays) give the same outputs,
gradients, node names, reprs and running statistics.

Skipped when torch is not importable; run them with
``PYTHONPATH=/work/venv-torch/lib/python3.11/site-packages python -m pytest -m parity tests/test_nn_parity.py``."""
import numpy as np
import pytest

import tensorlib
import tensorlib.nn as lnn
import tensorlib.nn.functional as LF
from parity import real_torch

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def _copy_weights(theirs, ours):
    """Loads ``theirs``' state_dict into ``ours`` through NumPy arrays."""
    state = {k: tensorlib.tensor(v.detach().numpy().copy()) for k, v in theirs.state_dict().items()}
    result = ours.load_state_dict(state)
    assert result.missing_keys == [] and result.unexpected_keys == []


def _pair(torch, array, requires_grad=True):
    return (torch.tensor(array, requires_grad=requires_grad), tensorlib.tensor(array, requires_grad=requires_grad))


def _close(a, b, atol=1e-5, rtol=1e-4):
    a = a.detach().numpy() if hasattr(a, "detach") else np.asarray(a)
    b = b.detach().numpy() if hasattr(b, "detach") else np.asarray(b)
    assert a.shape == b.shape
    np.testing.assert_allclose(b, a, atol=atol, rtol=rtol)


def _run_both(torch, t_module, l_module, inputs, rng, atol=1e-5):
    """Forward + backward with the same seed gradient; compares outputs, the
    input gradients, every parameter gradient and the grad_fn name."""
    t_in = [_pair(torch, a)[0] if a.dtype.kind == "f" else torch.tensor(a) for a in inputs]
    l_in = [tensorlib.tensor(a, requires_grad=a.dtype.kind == "f") for a in inputs]
    t_out, l_out = t_module(*t_in), l_module(*l_in)
    _close(t_out, l_out, atol)
    assert type(l_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
    seed = rng.standard_normal(tuple(t_out.shape)).astype(np.float32)
    t_out.backward(torch.tensor(seed))
    l_out.backward(tensorlib.tensor(seed))
    for a, b in zip(t_in, l_in):
        if a.requires_grad:
            _close(a.grad, b.grad, atol)
    t_params, l_params = dict(t_module.named_parameters()), dict(l_module.named_parameters())
    assert list(t_params) == list(l_params)
    for name in t_params:
        _close(t_params[name].grad, l_params[name].grad, atol)


@pytest.mark.parametrize("build, shape", [
    ("nn.Linear(4, 3)", (5, 4)),
    ("nn.Linear(4, 3)", (2, 5, 4)),
    ("nn.Linear(4, 3, bias=False)", (5, 4)),
    ("nn.Conv2d(3, 4, 3)", (2, 3, 6, 6)),
    ("nn.Conv2d(3, 4, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2))", (2, 3, 7, 6)),
    ("nn.Conv2d(4, 6, 3, groups=2, padding=1, bias=False)", (1, 4, 5, 5)),
    ("nn.Conv2d(2, 2, 3, padding='same', padding_mode='circular')", (1, 2, 4, 5)),
    ("nn.Conv2d(2, 3, 3, padding=1)", (2, 5, 5)),
    ("nn.MaxPool2d(2)", (2, 3, 6, 6)),
    ("nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", (2, 3, 8, 8)),
    ("nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)", (2, 3, 8, 8)),
    ("nn.BatchNorm1d(4)", (6, 4)),
    ("nn.BatchNorm1d(4, affine=False)", (6, 4, 3)),
    ("nn.BatchNorm2d(3)", (4, 3, 2, 2)),
    ("nn.Flatten()", (2, 3, 4)),
    ("nn.ReLU()", (3, 4)),
    ("nn.Sigmoid()", (3, 4)),
    ("nn.Tanh()", (3, 4)),
    ("nn.Softmax(dim=1)", (3, 4)),
    ("nn.LogSoftmax(dim=-1)", (3, 4)),
    ("nn.LeakyReLU(0.2)", (3, 4)),
    ("nn.GELU()", (3, 4)),
    ("nn.ELU()", (3, 4)),
    ("nn.SiLU()", (3, 4)),
    ("nn.Softplus()", (3, 4)),
    ("nn.Hardtanh()", (3, 4)),
    ("nn.Identity()", (3, 4)),
])
def test_layer_parity(torch, rng, build, shape):
    t_module = eval(build, {"nn": torch.nn})
    l_module = eval(build, {"nn": lnn})
    assert repr(l_module) == repr(t_module)
    _copy_weights(t_module, l_module)
    x = rng.standard_normal(shape).astype(np.float32)
    _run_both(torch, t_module, l_module, [x], rng)


def test_embedding_parity(torch, rng):
    t_module = torch.nn.Embedding(7, 3, padding_idx=2, scale_grad_by_freq=True)
    l_module = lnn.Embedding(7, 3, padding_idx=2, scale_grad_by_freq=True)
    _copy_weights(t_module, l_module)
    _run_both(torch, t_module, l_module, [rng.integers(0, 7, (4, 5))], rng)


def test_embedding_max_norm_parity(torch, rng):
    t_module = torch.nn.Embedding(5, 3, max_norm=0.5)
    l_module = lnn.Embedding(5, 3, max_norm=0.5)
    _copy_weights(t_module, l_module)
    idx = np.array([[0, 1], [1, 4]])
    with torch.no_grad():
        t_module(torch.tensor(idx))
    with tensorlib.no_grad():
        l_module(tensorlib.tensor(idx))
    _close(t_module.weight, l_module.weight)


def test_conv_net_parity(torch, rng):
    """A small digits-style CNN: forward, loss, backward, then a few SGD steps."""
    def build(nn):
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
                             nn.Linear(32, 16), nn.Tanh(), nn.Linear(16, 10))
    t_net, l_net = build(torch.nn), build(lnn)
    assert repr(l_net) == repr(t_net)
    _copy_weights(t_net, l_net)
    x = rng.standard_normal((16, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 10, 16)
    for _ in range(3):
        t_loss = torch.nn.functional.cross_entropy(t_net(torch.tensor(x)), torch.tensor(y))
        l_loss = LF.cross_entropy(l_net(tensorlib.tensor(x)), tensorlib.tensor(y))
        _close(t_loss, l_loss)
        t_net.zero_grad()
        l_net.zero_grad()
        t_loss.backward()
        l_loss.backward()
        for (name, tp), (_, lp) in zip(t_net.named_parameters(), l_net.named_parameters()):
            _close(tp.grad, lp.grad, atol=1e-4)
        with torch.no_grad():
            for p in t_net.parameters():
                p -= 0.1 * p.grad
        with tensorlib.no_grad():
            for p in l_net.parameters():
                p.sub_(p.grad * 0.1)
    for (name, tb), (_, lb) in zip(t_net.state_dict().items(), l_net.state_dict().items()):
        _close(tb, lb, atol=1e-4)
    t_net.eval()
    l_net.eval()
    _close(t_net(torch.tensor(x)), l_net(tensorlib.tensor(x)), atol=1e-4)


def test_batchnorm_running_stats_parity(torch, rng):
    for momentum in (0.1, None):
        t_bn, l_bn = torch.nn.BatchNorm1d(3, momentum=momentum), lnn.BatchNorm1d(3, momentum=momentum)
        for _ in range(3):
            x = (rng.standard_normal((5, 3, 2)) * 2 + 1).astype(np.float32)
            _close(t_bn(torch.tensor(x)), l_bn(tensorlib.tensor(x)))
        for key in ("running_mean", "running_var", "num_batches_tracked"):
            _close(t_bn.state_dict()[key], l_bn.state_dict()[key])
        t_bn.eval()
        l_bn.eval()
        _run_both(torch, t_bn, l_bn, [rng.standard_normal((4, 3)).astype(np.float32)], rng)


_LOSSES = [
    ("MSELoss", "float", {}),
    ("L1Loss", "float", {}),
    ("CrossEntropyLoss", "index", {}),
    ("CrossEntropyLoss", "index", {"label_smoothing": 0.2, "ignore_index": 1}),
    ("CrossEntropyLoss", "index", {"weight": "w", "label_smoothing": 0.1}),
    ("CrossEntropyLoss", "prob", {"weight": "w", "label_smoothing": 0.3}),
    ("CrossEntropyLoss", "index3", {"weight": "w"}),
    ("NLLLoss", "index", {"weight": "w"}),
    ("NLLLoss", "index", {"ignore_index": 0}),
    ("BCELoss", "binary", {"weight": "w"}),
    ("BCEWithLogitsLoss", "binary", {}),
    ("BCEWithLogitsLoss", "binary", {"weight": "w", "pos_weight": "w"}),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name, kind, kwargs", _LOSSES)
def test_loss_parity(torch, rng, name, kind, kwargs, reduction):
    n, c = 6, 4
    weight = (rng.random(c) + 0.5).astype(np.float32)
    x = rng.standard_normal((n, c, 3) if kind == "index3" else (n, c)).astype(np.float32)
    if kind == "float":
        target = rng.standard_normal((n, c)).astype(np.float32)
    elif kind == "index":
        target = rng.integers(0, c, n)
    elif kind == "index3":
        target = rng.integers(0, c, (n, 3))
    elif kind == "prob":
        target = rng.random((n, c)).astype(np.float32)
        target /= target.sum(1, keepdims=True)
    else:
        target = rng.random((n, c)).astype(np.float32)
    if name == "BCELoss":
        x = 1 / (1 + np.exp(-x))

    def make(lib, nn):
        args = {k: (lib.tensor(weight) if v == "w" else v) for k, v in kwargs.items()}
        return getattr(nn, name)(reduction=reduction, **args)

    t_loss, l_loss = make(torch, torch.nn), make(tensorlib, lnn)
    assert repr(l_loss) == repr(t_loss)
    t_x, l_x = _pair(torch, x)
    t_out = t_loss(t_x, torch.tensor(target))
    l_out = l_loss(l_x, tensorlib.tensor(target))
    _close(t_out, l_out)
    assert type(l_out.grad_fn).__name__ == type(t_out.grad_fn).__name__ or kind == "index3"
    seed = rng.standard_normal(tuple(t_out.shape)).astype(np.float32)
    t_out.backward(torch.tensor(seed))
    l_out.backward(tensorlib.tensor(seed))
    _close(t_x.grad, l_x.grad)


def test_bce_with_logits_target_gradient_parity(torch, rng):
    x, t = rng.standard_normal((3, 4)), rng.random((3, 4))
    pw = rng.random(4) + 0.5
    (tx, lx), (tt, lt) = _pair(torch, x), _pair(torch, t)
    torch.nn.functional.binary_cross_entropy_with_logits(tx, tt, pos_weight=torch.tensor(pw)).backward()
    LF.binary_cross_entropy_with_logits(lx, lt, pos_weight=tensorlib.tensor(pw)).backward()
    _close(tx.grad, lx.grad)
    _close(tt.grad, lt.grad)


@pytest.mark.parametrize("call", [
    "F.pad(X, (2, 1, 1, 2))",
    "F.pad(X, (-1, 2, 1, -2), value=2.5)",
    "F.pad(X, (2, 1, 1, 2), mode='reflect')",
    "F.pad(X, (2, 1, 1, 2), mode='replicate')",
    "F.pad(X, (2, 1, 1, 2), mode='circular')",
    "F.softmax(X, 0)",
    "F.log_softmax(X, 2)",
    "F.max_pool2d(X, 2, 1, 1, dilation=2)",
    "F.avg_pool2d(X, 2, divisor_override=3)",
    "F.logsigmoid(X)",
    "F.relu6(X)",
    "F.gelu(X, approximate='tanh')",
    "F.normalize(X, dim=1)",
    "F.dropout(X, 0.3, training=False)",
])
def test_functional_parity(torch, rng, call):
    x = rng.standard_normal((3, 5, 6)).astype(np.float32)
    t_x, l_x = _pair(torch, x)
    t_out = eval(call, {"F": torch.nn.functional, "X": t_x})
    l_out = eval(call, {"F": LF, "X": l_x})
    _close(t_out, l_out)
    seed = rng.standard_normal(tuple(t_out.shape)).astype(np.float32)
    t_out.backward(torch.tensor(seed))
    l_out.backward(tensorlib.tensor(seed))
    _close(t_x.grad, l_x.grad)


def test_max_pool_indices_parity(torch, rng):
    x = rng.standard_normal((2, 3, 7, 7)).astype(np.float32)
    _, t_idx = torch.nn.functional.max_pool2d(torch.tensor(x), 3, 2, 1, ceil_mode=True, return_indices=True)
    _, l_idx = LF.max_pool2d(tensorlib.tensor(x), 3, 2, 1, ceil_mode=True, return_indices=True)
    assert np.array_equal(t_idx.numpy(), l_idx.numpy())


def test_one_hot_parity(torch, rng):
    idx = rng.integers(0, 5, (3, 4))
    assert np.array_equal(torch.nn.functional.one_hot(torch.tensor(idx)).numpy(),
                          LF.one_hot(tensorlib.tensor(idx)).numpy())


def test_state_dict_keys_and_reprs_parity(torch):
    def build(nn):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
                self.heads = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
                self.emb = nn.Embedding(4, 2)
                self.register_buffer("counter", nn.Parameter(nn.init.zeros_(nn.Linear(1, 1).weight)).detach())

            def forward(self, x):
                return x

        return Net()

    t_net, l_net = build(torch.nn), build(lnn)
    assert repr(l_net) == repr(t_net)
    assert list(l_net.state_dict()) == list(t_net.state_dict())
    assert [n for n, _ in l_net.named_modules()] == [n for n, _ in t_net.named_modules()]
    assert [n for n, _ in l_net.named_parameters()] == [n for n, _ in t_net.named_parameters()]
    assert repr(lnn.Parameter(tensorlib.ones(2, 2))) == repr(torch.nn.Parameter(torch.ones(2, 2)))


def test_default_init_statistics_parity(torch):
    """Same distributions (not the same samples: the generators differ)."""
    torch.manual_seed(0)
    tensorlib.manual_seed(0)
    t_lin, l_lin = torch.nn.Linear(64, 256), lnn.Linear(64, 256)
    for t_p, l_p in zip(t_lin.parameters(), l_lin.parameters()):
        assert abs(t_p.abs().max().item() - l_p.abs().max().item()) < 0.01
        assert abs(t_p.std().item() - l_p.std().item()) < 0.01

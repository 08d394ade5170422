"""nn layers, functional ops, losses and init: gradcheck in float64 (inputs
and parameters), graph node names as PyTorch's, errors, train/eval
behaviour and initial distributions."""
import math

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck

D = torch.float64


@pytest.fixture(autouse=True)
def seeded():
    torch.manual_seed(0)


def _x(*shape, positive=False):
    t = torch.randn(*shape, dtype=D)
    if positive:
        t = t.abs() + 0.5
    return t.requires_grad_()


def _check_module(module, *inputs, seed=None, double=True):
    """gradcheck of ``module`` with respect to its float inputs and all its parameters."""
    module = module.double()
    params = tuple(p for p in module.parameters() if p.requires_grad)
    n = len(inputs)

    def run(*args):
        if seed is not None:
            torch.manual_seed(seed)
        return module(*args[:n])

    assert gradcheck(run, tuple(inputs) + params)
    if double:
        assert gradgradcheck(run, tuple(inputs) + params)


# ---- gradcheck: layers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("build, shape", [
    ("nn.Linear(3, 2)", (4, 3)),
    ("nn.Linear(3, 2)", (2, 2, 3)),
    ("nn.Linear(3, 2)", (3,)),
    ("nn.Linear(3, 2, bias=False)", (4, 3)),
    ("nn.Conv2d(2, 3, 3)", (2, 2, 4, 4)),
    ("nn.Conv2d(2, 2, (2, 3), stride=2, padding=(1, 2), dilation=(2, 1), bias=False)", (1, 2, 5, 5)),
    ("nn.Conv2d(4, 2, 2, groups=2, padding=1)", (1, 4, 3, 3)),
    ("nn.Conv2d(1, 2, 3, padding='same', padding_mode='reflect')", (1, 1, 4, 4)),
    ("nn.Conv2d(2, 2, 3, padding=1)", (2, 3, 3)),
    ("nn.MaxPool2d(2)", (1, 2, 4, 4)),
    ("nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", (2, 5, 5)),
    ("nn.MaxPool2d(2, stride=1, dilation=2)", (1, 1, 5, 5)),
    ("nn.AvgPool2d(2)", (1, 2, 4, 4)),
    ("nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)", (1, 1, 6, 6)),
    ("nn.Flatten()", (2, 3, 2)),
    ("nn.BatchNorm1d(3)", (4, 3)),
    ("nn.BatchNorm1d(3, affine=False)", (4, 3, 2)),
    ("nn.BatchNorm1d(2).eval()", (3, 2)),
    ("nn.BatchNorm2d(2)", (2, 2, 2, 2)),
    ("nn.ReLU()", (3, 4)),
    ("nn.Sigmoid()", (3, 4)),
    ("nn.Tanh()", (3, 4)),
    ("nn.Softmax(dim=1)", (3, 4)),
    ("nn.LogSoftmax(dim=0)", (3, 4)),
    ("nn.LeakyReLU(0.1)", (5,)),
    ("nn.GELU()", (5,)),
    ("nn.ELU()", (5,)),
    ("nn.SiLU()", (5,)),
    ("nn.Softplus()", (5,)),
    ("nn.Identity()", (2, 2)),
    ("nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3), "
     "nn.LogSoftmax(dim=1))", (2, 1, 4, 4)),
])
def test_layer_gradcheck(build, shape):
    """First and second derivatives (the Sequential: first only) for the input and every parameter."""
    module = eval(build, {"nn": nn})
    _check_module(module, _x(*shape), double=not isinstance(module, nn.Sequential))


def test_dropout_gradcheck():
    _check_module(nn.Dropout(0.4), _x(3, 4), seed=3)


def test_embedding_gradcheck():
    emb = nn.Embedding(5, 3)
    idx = torch.tensor([[0, 2, 2], [4, 1, 0]])
    _check_module(emb, idx)
    emb = nn.Embedding(5, 3, padding_idx=1, scale_grad_by_freq=True).double()
    out = emb(torch.tensor([1, 2, 2, 3]))
    out.sum().backward()
    assert emb.weight.grad.tolist() == [[0.0] * 3, [0.0] * 3, [1.0] * 3, [1.0] * 3, [0.0] * 3]


# ---- gradcheck: losses ---------------------------------------------------------------------------------
_TARGET = torch.tensor([1, 0, 3])
_PROBS = torch.rand(3, 4, dtype=D)
_PROBS = _PROBS / _PROBS.sum(1, keepdim=True)
_W4 = torch.rand(4, dtype=D) + 0.5
_BIN = torch.rand(3, 2, dtype=D)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name, fn", [
    ("mse", lambda x, t, r: nn.MSELoss(reduction=r)(x, t)),
    ("l1", lambda x, t, r: nn.L1Loss(reduction=r)(x, t)),
    ("ce", lambda x, t, r: nn.CrossEntropyLoss(reduction=r)(x, _TARGET)),
    ("ce_weight_ls", lambda x, t, r: nn.CrossEntropyLoss(weight=_W4, reduction=r, label_smoothing=0.2,
                                                         ignore_index=0)(x, _TARGET)),
    ("ce_probs", lambda x, t, r: nn.CrossEntropyLoss(weight=_W4, reduction=r, label_smoothing=0.1)(x, _PROBS)),
    ("ce_kdim", lambda x, t, r: F.cross_entropy(x.view(3, 2, 2), torch.tensor([[1, 0], [0, 0], [1, 1]]),
                                                reduction=r)),
    ("nll", lambda x, t, r: nn.NLLLoss(weight=_W4, reduction=r)(x, _TARGET)),
    ("bce", lambda x, t, r: nn.BCELoss(weight=_W4[:2], reduction=r)(x[:, :2].sigmoid(), _BIN)),
    ("bce_logits", lambda x, t, r: nn.BCEWithLogitsLoss(reduction=r)(x[:, :2], t[:, :2])),
    ("bce_logits_weights", lambda x, t, r: nn.BCEWithLogitsLoss(weight=_W4[:2], pos_weight=_W4[2:],
                                                                reduction=r)(x[:, :2], t[:, :2])),
])
def test_loss_gradcheck(name, fn, reduction):
    x = _x(3, 4)
    t = torch.rand(3, 4, dtype=D).requires_grad_()
    assert gradcheck(lambda a, b: fn(a, b, reduction), (x, t))


def test_loss_gradgradcheck():
    x = _x(3, 4)
    assert gradgradcheck(lambda a: F.cross_entropy(a, _TARGET), (x,))
    assert gradgradcheck(lambda a: F.binary_cross_entropy_with_logits(a, _PROBS), (x,))
    assert gradgradcheck(lambda a: F.mse_loss(a, _PROBS), (x,))


def test_functional_gradcheck():
    x = _x(2, 3, 4)
    assert gradcheck(lambda a: F.pad(a, (1, -1, 2, 0), value=3.0), (x,))
    assert gradcheck(lambda a: F.pad(a, (2, 1), mode="reflect"), (x,))
    assert gradcheck(lambda a: F.pad(a, (1, 2, 1, 0), mode="replicate"), (x,))
    assert gradcheck(lambda a: F.pad(a, (1, 1), mode="circular"), (x,))
    assert gradgradcheck(lambda a: F.pad(a, (1, 1, 0, 2)), (x,))
    assert gradcheck(lambda a: F.softmax(a, -1), (x,))
    assert gradcheck(lambda a: F.log_softmax(a, 1), (x,))
    assert gradcheck(lambda a: F.hardtanh(a, -0.5, 0.5), (x,))
    assert gradcheck(lambda a: F.logsigmoid(a), (x,))
    w, b = _x(3, 4), _x(3)
    assert gradcheck(F.linear, (x, w, b))
    rm, rv = torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5
    assert gradcheck(lambda a, g, h: F.batch_norm(a, rm, rv, g, h, training=False), (_x(4, 3), _x(3), _x(3)))
    assert gradgradcheck(lambda a, g, h: F.batch_norm(a, None, None, g, h, training=True), (_x(4, 3), _x(3), _x(3)))


# ---- graph node names (as PyTorch records them) ---------------------------------------------------------
def _names(t):
    return type(t.grad_fn).__name__, [type(fn).__name__ if fn is not None else None for fn, _ in
                                      t.grad_fn.next_functions]


def test_linear_graph():
    lin = nn.Linear(4, 3)
    x = torch.randn(2, 4, requires_grad=True)
    assert _names(lin(x)) == ("AddmmBackward0", ["AccumulateGrad", "AccumulateGrad", "TBackward0"])
    assert _names(lin(torch.randn(2, 4))) == ("AddmmBackward0", ["AccumulateGrad", None, "TBackward0"])
    out = lin(torch.randn(5, 2, 4))
    assert _names(out) == ("ViewBackward0", ["AddmmBackward0"])
    assert out.shape == (5, 2, 3)
    assert _names(lin(torch.randn(4))) == ("ViewBackward0", ["AddmmBackward0"])
    assert _names(F.linear(x, lin.weight)) == ("MmBackward0", ["AccumulateGrad", "TBackward0"])


@pytest.mark.parametrize("expr, name", [
    ("nn.Conv2d(2, 3, 3)(X4)", "ConvolutionBackward0"),
    ("nn.MaxPool2d(2)(X4)", "MaxPool2DWithIndicesBackward0"),
    ("nn.AvgPool2d(2)(X4)", "AvgPool2DBackward0"),
    ("nn.BatchNorm1d(4)(X2)", "NativeBatchNormBackward0"),
    ("nn.BatchNorm1d(4).eval()(X2)", "NativeBatchNormBackward0"),
    ("nn.Embedding(5, 2)(torch.tensor([1, 2]))", "EmbeddingBackward0"),
    ("nn.Dropout()(X2)", "MulBackward0"),
    ("nn.Flatten()(X4)", "ViewBackward0"),
    ("nn.ReLU()(X2)", "ReluBackward0"),
    ("nn.Sigmoid()(X2)", "SigmoidBackward0"),
    ("nn.Tanh()(X2)", "TanhBackward0"),
    ("nn.Softmax(dim=1)(X2)", "SoftmaxBackward0"),
    ("nn.LogSoftmax(dim=1)(X2)", "LogSoftmaxBackward0"),
    ("F.pad(X2, (1, 1))", "ConstantPadNdBackward0"),
    ("nn.MSELoss()(X2, torch.zeros(3, 4))", "MseLossBackward0"),
    ("nn.L1Loss()(X2, torch.zeros(3, 4))", "MeanBackward0"),
    ("nn.NLLLoss()(X2, torch.tensor([0, 1, 3]))", "NllLossBackward0"),
    ("nn.CrossEntropyLoss(label_smoothing=0.1)(X2, torch.tensor([0, 1, 3]))", "AddBackward0"),
    ("nn.BCELoss()(X2.sigmoid(), torch.ones(3, 4))", "BinaryCrossEntropyBackward0"),
    ("nn.BCEWithLogitsLoss()(X2, torch.ones(3, 4))", "BinaryCrossEntropyWithLogitsBackward0"),
    ("F.nll_loss(X4[:, :2].reshape(2, 2, 16), torch.zeros(2, 16, dtype=torch.int64))", "NllLoss2DBackward0"),
])
def test_node_names(expr, name):
    X2 = torch.randn(3, 4, requires_grad=True)   # noqa: F841  (used by expr)
    X4 = torch.randn(2, 2, 4, 4, requires_grad=True)   # noqa: F841
    out = eval(expr)
    assert type(out.grad_fn).__name__ == name


def test_cross_entropy_graph():
    x = torch.randn(3, 5, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor([1, 0, 4]))
    assert _names(loss) == ("NllLossBackward0", ["LogSoftmaxBackward0"])
    assert loss.grad_fn.next_functions[0][0].next_functions[0][0].variable is x
    conv = nn.Conv2d(1, 2, 3)
    out = conv(torch.randn(1, 1, 4, 4, requires_grad=True))
    assert _names(out) == ("ConvolutionBackward0", ["AccumulateGrad", "AccumulateGrad", "AccumulateGrad"])
    assert _names(nn.Conv2d(1, 2, 3, bias=False)(torch.randn(1, 1, 4, 4))) == (
        "ConvolutionBackward0", [None, "AccumulateGrad", None])


def test_no_graph_under_no_grad():
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2, 2))
    with torch.no_grad():
        out = net(torch.randn(2, 1, 4, 4))
    assert out.grad_fn is None and not out.requires_grad


# ---- values of small cases --------------------------------------------------------------------------------
def test_conv2d_known_values():
    x = torch.arange(16.0).view(1, 1, 4, 4)
    w = torch.ones(1, 1, 2, 2)
    assert F.conv2d(x, w).tolist() == [[[[10.0, 14.0, 18.0], [26.0, 30.0, 34.0], [42.0, 46.0, 50.0]]]]
    assert F.conv2d(x, w, torch.tensor([1.0]), stride=2).tolist() == [[[[11.0, 19.0], [43.0, 51.0]]]]
    assert F.conv2d(x, w, padding=1).shape == (1, 1, 5, 5)
    assert F.conv2d(x, w, dilation=3).tolist() == [[[[30.0]]]]


def test_max_pool_indices_and_values():
    x = torch.tensor([[[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0], [0.0, 0.0, 7.0, 7.0], [9.0, 0.0, 7.0, 6.0]]]])
    values, indices = F.max_pool2d(x, 2, return_indices=True)
    assert values.tolist() == [[[[5.0, 8.0], [9.0, 7.0]]]]
    assert indices.tolist() == [[[[1, 6], [12, 10]]]]     # ties: the first in the window
    assert F.avg_pool2d(x, 2).tolist() == [[[[3.25, 2.75], [2.25, 6.75]]]]


def test_softmax_is_stable_and_sums_to_one():
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -1000.0]])
    s = F.softmax(x, 1)
    assert np.allclose(s.sum(1).tolist(), [1.0, 1.0])
    assert np.allclose(F.log_softmax(x, 1).tolist()[0], [-2.40760596, -1.40760596, -0.40760596])
    assert F.softmax(torch.tensor(2.0), 0).item() == 1.0
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax has been deprecated"):
        F.softmax(torch.ones(2, 3))


def test_binary_cross_entropy_clamps_log():
    assert F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.0])).item() == 100.0


def test_cross_entropy_all_ignored_is_nan():
    assert math.isnan(F.cross_entropy(torch.ones(3, 5), torch.tensor([-100, -100, -100])).item())


def test_one_hot():
    assert F.one_hot(torch.tensor([0, 2, 1])).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    out = F.one_hot(torch.tensor([[0, 2], [1, 1]]), 4)
    assert out.dtype is torch.int64 and out.shape == (2, 2, 4)
    assert F.one_hot(torch.tensor(1), 3).tolist() == [0, 1, 0]


def test_pad_values():
    assert F.pad(torch.ones(2, 2), (1, 1)).tolist() == [[0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0]]
    assert F.pad(torch.arange(3.0).view(1, 3), (2, 1), mode="reflect").tolist() == [[2.0, 1.0, 0.0, 1.0, 2.0, 1.0]]
    assert F.pad(torch.arange(3.0), (-1, 2), value=9.0).tolist() == [1.0, 2.0, 9.0, 9.0]


# ---- errors (PyTorch's messages) --------------------------------------------------------------------------------
@pytest.mark.parametrize("action, error, message", [
    (lambda: nn.Linear(4, 5)(torch.ones(2, 3)), RuntimeError,
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda: nn.Linear(4, 3)(torch.ones(3)), RuntimeError, "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x3)"),
    (lambda: nn.Linear(4, 3)(torch.ones(5, 2, 3)), RuntimeError,
     "mat1 and mat2 shapes cannot be multiplied (10x3 and 4x3)"),
    (lambda: nn.Conv2d(2, 2, 3)(torch.ones(2, 3, 4, 4)), RuntimeError,
     "Given groups=1, weight of size [2, 2, 3, 3], expected input[2, 3, 4, 4] to have 2 channels, but got 3 "
     "channels instead"),
    (lambda: nn.Conv2d(2, 2, 3)(torch.ones(3, 4)), RuntimeError,
     "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 4]"),
    (lambda: nn.Conv2d(2, 2, 3)(torch.ones(1, 2, 2, 2)), RuntimeError,
     "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than "
     "actual input size"),
    (lambda: nn.MaxPool2d(2)(torch.ones(2, 3, 1, 1)), RuntimeError,
     "Given input size: (3x1x1). Calculated output size: (3x0x0). Output size is too small"),
    (lambda: nn.MaxPool2d(2, padding=2)(torch.ones(2, 3, 4, 4)), RuntimeError,
     "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"),
    (lambda: nn.Embedding(5, 2)(torch.tensor([5])), IndexError, "index out of range in self"),
    (lambda: nn.Embedding(5, 2)(torch.tensor([1.0])), RuntimeError,
     "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
     "torch.FloatTensor instead (while checking arguments for embedding)"),
    (lambda: nn.BatchNorm1d(3)(torch.ones(1, 3)), ValueError,
     "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])"),
    (lambda: nn.BatchNorm1d(3)(torch.ones(2, 4)), RuntimeError, "running_mean should contain 4 elements not 3"),
    (lambda: nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5)), ValueError, "expected 2D or 3D input (got 4D input)"),
    (lambda: nn.Dropout(1.5), ValueError, "dropout probability has to be between 0 and 1, but got 1.5"),
    (lambda: F.one_hot(torch.tensor([0, 5]), 3), RuntimeError, "Class values must be smaller than num_classes."),
    (lambda: F.one_hot(torch.tensor([0.0, 5.0]), 3), RuntimeError,
     "one_hot is only applicable to index tensor of type LongTensor."),
    (lambda: F.one_hot(torch.tensor([-1, 1])), RuntimeError, "Class values must be non-negative."),
    (lambda: F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 0, 5])), IndexError, "Target 5 is out of bounds."),
    (lambda: F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 0, -1])), IndexError,
     "Target -1 is out of bounds."),
    (lambda: F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 0])), ValueError,
     "Expected input batch_size (3) to match target batch_size (2)."),
    (lambda: F.nll_loss(torch.ones(3, 5), torch.tensor([1.0, 0.0, 2.0])), RuntimeError,
     "expected target dtype to be Long or Byte, but got Float"),
    (lambda: F.mse_loss(torch.ones(2), torch.ones(2), reduction="avg"), ValueError,
     "avg is not a valid value for reduction"),
    (lambda: F.binary_cross_entropy(torch.ones(3) * 0.5, torch.tensor([0.0, 1.0])), ValueError,
     "Using a target size (torch.Size([2])) that is different to the input size (torch.Size([3])) is deprecated. "
     "Please ensure they have the same size."),
    (lambda: F.binary_cross_entropy(torch.ones(3) * 3, torch.ones(3)), RuntimeError,
     "all elements of input should be between 0 and 1"),
    (lambda: F.binary_cross_entropy_with_logits(torch.ones(3), torch.tensor([0.0, 1.0])), ValueError,
     "Target size (torch.Size([2])) must be the same as input size (torch.Size([3]))"),
    (lambda: F.softmax(torch.tensor([1, 2]), 0), NotImplementedError,
     "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    (lambda: F.pad(torch.ones(2, 2), (1, 1, 1)), RuntimeError, "Padding length must be divisible by 2"),
    (lambda: nn.init.calculate_gain("foo"), ValueError, "Unsupported nonlinearity foo"),
    (lambda: nn.init.kaiming_uniform_(torch.ones(3)), ValueError,
     "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"),
    (lambda: nn.init.kaiming_uniform_(torch.ones(3, 2), mode="fan_x"), ValueError,
     "Mode fan_x not supported, please use one of ['fan_in', 'fan_out']"),
])
def test_errors(action, error, message):
    with pytest.raises(error) as info:
        action()
    assert str(info.value) == message


def test_mse_broadcast_warning():
    with pytest.warns(UserWarning, match=r"Using a target size \(torch.Size\(\[5\]\)\) that is different to the "
                                         r"input size \(torch.Size\(\[3, 5\]\)\)"):
        loss = F.mse_loss(torch.zeros(3, 5, requires_grad=True), torch.ones(5))
    assert loss.item() == 1.0


# ---- train / eval --------------------------------------------------------------------------------------------
def test_dropout_train_and_eval():
    drop = nn.Dropout(0.25)
    x = torch.ones(200, 100)
    out = drop(x)
    arr = out.numpy()
    assert np.all((arr == 0) | np.isclose(arr, 1 / 0.75))
    zero_fraction = float((out == 0).float().mean().item())
    assert 0.23 < zero_fraction < 0.27
    torch.manual_seed(5)
    a = drop(x)
    torch.manual_seed(5)
    b = drop(x)
    assert torch.equal(a, b)                     # tensorlib's RNG drives the mask
    drop.eval()
    assert drop(x) is x
    assert nn.Dropout(0.0)(x) is x
    assert nn.Dropout(1.0)(x).abs().sum().item() == 0


def test_dropout_inplace():
    x = torch.ones(10, 10)
    y = F.dropout(x, 0.5, inplace=True)
    assert y is x and set(np.unique(x.numpy()).tolist()) <= {0.0, 2.0}


def test_batchnorm_running_stats():
    bn = nn.BatchNorm1d(2, momentum=0.5)
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    out = bn(x)
    assert np.allclose(out.mean(0).tolist(), [0.0, 0.0], atol=1e-6)
    assert np.allclose(out.var(0, unbiased=False).tolist(), [1.0, 1.0], atol=1e-4)
    assert np.allclose(bn.running_mean.tolist(), [1.5, 3.0])          # 0.5 * 0 + 0.5 * mean
    assert np.allclose(bn.running_var.tolist(), [0.5 + 0.5 * 4.0, 0.5 + 0.5 * 16.0])   # unbiased variance
    assert bn.num_batches_tracked.item() == 1
    bn.eval()
    y = bn(torch.tensor([[1.5, 3.0]]))
    assert np.allclose(y.tolist(), [[0.0, 0.0]], atol=1e-6)
    assert bn.num_batches_tracked.item() == 1
    assert not y.grad_fn.training


def test_batchnorm_cumulative_average_and_no_tracking():
    bn = nn.BatchNorm1d(1, momentum=None)
    bn(torch.tensor([[0.0], [2.0]]))
    bn(torch.tensor([[4.0], [6.0]]))
    assert np.allclose(bn.running_mean.tolist(), [3.0])       # mean of the batch means
    free = nn.BatchNorm1d(1, track_running_stats=False).eval()
    assert free.running_mean is None
    out = free(torch.tensor([[0.0], [2.0]]))
    assert np.allclose(out.tolist(), [[-1.0], [1.0]], atol=1e-4)  # batch statistics even in eval mode


def test_batchnorm_3d_input():
    bn = nn.BatchNorm1d(2)
    x = torch.randn(4, 2, 5) * 3 + 1
    out = bn(x)
    assert np.allclose(out.mean((0, 2)).tolist(), [0.0, 0.0], atol=1e-5)


# ---- initialisation ------------------------------------------------------------------------------------------
def test_init_distributions():
    t = torch.empty(300, 200)
    nn.init.uniform_(t, -2.0, 3.0)
    assert -2.0 <= t.min().item() and t.max().item() <= 3.0 and abs(t.mean().item() - 0.5) < 0.05
    nn.init.normal_(t, 1.0, 2.0)
    assert abs(t.mean().item() - 1.0) < 0.05 and abs(t.std().item() - 2.0) < 0.05
    nn.init.kaiming_uniform_(t, a=math.sqrt(5))
    bound = 1 / math.sqrt(200)
    assert -bound <= t.min().item() and t.max().item() <= bound
    assert abs(t.std().item() - bound / math.sqrt(3)) < 0.002
    nn.init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu")
    assert abs(t.std().item() - math.sqrt(2 / 300)) < 0.003
    nn.init.xavier_uniform_(t, gain=2.0)
    bound = 2.0 * math.sqrt(6 / 500)
    assert -bound <= t.min().item() and t.max().item() <= bound
    nn.init.xavier_normal_(t)
    assert abs(t.std().item() - math.sqrt(2 / 500)) < 0.003
    nn.init.trunc_normal_(t, std=0.5, a=-1.0, b=1.0)
    assert -1.0 <= t.min().item() and t.max().item() <= 1.0 and abs(t.mean().item()) < 0.02
    assert nn.init.constant_(t, 0.3) is t and np.allclose(t.numpy(), 0.3)
    nn.init.ones_(t)
    assert t.sum().item() == 60000
    nn.init.zeros_(t)
    assert t.abs().sum().item() == 0
    nn.init.eye_(t[:3, :3])


def test_init_gain_and_fans():
    gains = [nn.init.calculate_gain(n) for n in ("linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu",
                                                 "selu")]
    assert np.allclose(gains, [1, 1, 1, 5 / 3, math.sqrt(2), math.sqrt(2 / (1 + 0.01 ** 2)), 0.75])
    assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert nn.init._calculate_fan_in_and_fan_out(torch.ones(4, 3, 2, 5)) == (30, 40)


def test_init_under_no_grad_and_generator():
    p = nn.Parameter(torch.empty(3, 4))
    nn.init.normal_(p)
    assert p.is_leaf and p.grad_fn is None and p.requires_grad
    g = torch.Generator().manual_seed(7)
    a = nn.init.uniform_(torch.empty(5), generator=g).tolist()
    g.manual_seed(7)
    assert nn.init.uniform_(torch.empty(5), generator=g).tolist() == a


def test_default_initialisation():
    torch.manual_seed(0)
    lin = nn.Linear(50, 400)
    bound = 1 / math.sqrt(50)
    for t in (lin.weight, lin.bias):
        assert -bound <= t.min().item() and t.max().item() <= bound
    assert abs(lin.weight.std().item() - bound / math.sqrt(3)) < 0.003
    conv = nn.Conv2d(4, 300, 3, groups=2)
    bound = 1 / math.sqrt(2 * 9)
    assert conv.weight.shape == (300, 2, 3, 3)
    assert -bound <= conv.weight.min().item() and conv.weight.max().item() <= bound
    assert -bound <= conv.bias.min().item() and conv.bias.max().item() <= bound
    emb = nn.Embedding(200, 50, padding_idx=3)
    assert abs(emb.weight.std().item() - 1.0) < 0.05 and emb.weight[3].abs().sum().item() == 0
    bn = nn.BatchNorm1d(3)
    assert bn.weight.tolist() == [1.0] * 3 and bn.bias.tolist() == [0.0] * 3
    torch.manual_seed(3)
    a = nn.Linear(3, 2).weight.tolist()
    torch.manual_seed(3)
    assert nn.Linear(3, 2).weight.tolist() == a


# ---- a small end-to-end training run ------------------------------------------------------------------------
def test_small_cnn_learns():
    torch.manual_seed(0)
    x = torch.randn(32, 1, 6, 6)
    y = (x.mean((1, 2, 3)) > 0).long()
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.BatchNorm1d(36), nn.Dropout(0.1), nn.Linear(36, 2))
    first = None
    for _ in range(30):
        loss = F.cross_entropy(net(x), y)
        first = first if first is not None else loss.item()
        net.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in net.parameters():
                p.sub_(p.grad * 0.5)
    assert loss.item() < first * 0.5


def test_binary_cross_entropy_gradient_reaches_a_target_that_requires_grad():
    import tensorlib
    import tensorlib.nn.functional as F
    x = tensorlib.tensor([0.3, 0.6], dtype=tensorlib.float64, requires_grad=True)
    t = tensorlib.tensor([0.2, 0.9], dtype=tensorlib.float64, requires_grad=True)
    assert tensorlib.autograd.gradcheck(lambda a, b: F.binary_cross_entropy(a, b), (x, t))
    F.binary_cross_entropy(x, t).backward()
    assert [round(v, 4) for v in t.grad.tolist()] == [0.4236, -0.2027]


def test_elu_in_place_writes_the_input_and_differentiates():
    import tensorlib
    import tensorlib.nn.functional as F
    x = tensorlib.tensor([-1.0, 2.0])
    assert F.elu(x, inplace=True) is x
    assert [round(v, 4) for v in x.tolist()] == [-0.6321, 2.0]
    w = tensorlib.tensor([-1.0, 2.0], requires_grad=True)
    F.elu(w * 1, inplace=True).sum().backward()
    assert [round(v, 4) for v in w.grad.tolist()] == [0.3679, 1.0]

"""The ``_saved_*`` attributes of backward nodes, which ``make_dot(show_attrs=True)``
and torchviz list: the same names as PyTorch's nodes, and the same values where they
are not tensors."""
import pytest
from parity import real_torch

import tensorlib

# (name, function of the library): each returns a tensor whose grad_fn is compared
OPS = [
    ("mul", lambda t, x, y, w, b: x * y), ("add_alpha", lambda t, x, y, w, b: t.add(x, y, alpha=2)),
    ("sub", lambda t, x, y, w, b: x - y), ("rsub", lambda t, x, y, w, b: 1 - x),
    ("div", lambda t, x, y, w, b: x / y), ("pow", lambda t, x, y, w, b: x ** 2),
    ("pow_tensor", lambda t, x, y, w, b: x.abs() ** y), ("exp", lambda t, x, y, w, b: x.exp()),
    ("sum", lambda t, x, y, w, b: x.sum()), ("sum_dim", lambda t, x, y, w, b: x.sum(1)),
    ("mean", lambda t, x, y, w, b: x.mean()), ("mean_dim", lambda t, x, y, w, b: x.mean(1, keepdim=True)),
    ("mm", lambda t, x, y, w, b: x.mm(w)), ("addmm", lambda t, x, y, w, b: t.addmm(b, x, w)),
    ("linear", lambda t, x, y, w, b: t.nn.functional.linear(x, w.t(), b)),
    ("relu", lambda t, x, y, w, b: x.relu()), ("view", lambda t, x, y, w, b: x.view(12)),
    ("reshape_copy", lambda t, x, y, w, b: x.t().reshape(12)), ("t", lambda t, x, y, w, b: x.t()),
    ("transpose", lambda t, x, y, w, b: x.transpose(0, 1)), ("permute", lambda t, x, y, w, b: x.permute(1, 0)),
    ("cat", lambda t, x, y, w, b: t.cat([x, y], 1)), ("stack", lambda t, x, y, w, b: t.stack([x, y])),
    ("select", lambda t, x, y, w, b: x.select(1, 2)), ("slice", lambda t, x, y, w, b: x[:, 1:3]),
    ("index", lambda t, x, y, w, b: x[t.tensor([0, 2])]), ("unsqueeze", lambda t, x, y, w, b: x.unsqueeze(0)),
    ("expand", lambda t, x, y, w, b: x[:, :1].expand(3, 4)), ("split", lambda t, x, y, w, b: x.split(2)[0]),
    ("max_dim", lambda t, x, y, w, b: x.max(1)[0]), ("max", lambda t, x, y, w, b: x.max()),
    ("sort", lambda t, x, y, w, b: x.sort(1)[0]), ("amax", lambda t, x, y, w, b: x.amax(1)),
    ("cumsum", lambda t, x, y, w, b: x.cumsum(1)), ("log_softmax", lambda t, x, y, w, b: x.log_softmax(1)),
    ("std", lambda t, x, y, w, b: x.std(correction=1)), ("var_dim", lambda t, x, y, w, b: x.var(1)),
    ("clamp", lambda t, x, y, w, b: x.clamp(-0.5, 0.5)),
    ("nll_loss", lambda t, x, y, w, b: t.nn.functional.nll_loss(x.log_softmax(1), t.tensor([0, 1, 2]))),
    ("mse_loss", lambda t, x, y, w, b: t.nn.functional.mse_loss(x, y)),
    ("gelu", lambda t, x, y, w, b: t.nn.functional.gelu(x, approximate="tanh")),
    ("leaky_relu", lambda t, x, y, w, b: t.nn.functional.leaky_relu(x, 0.1)),
    ("elu", lambda t, x, y, w, b: t.nn.functional.elu(x)),
    ("conv2d", lambda t, x, y, w, b: t.nn.functional.conv2d(x.view(1, 1, 3, 4), w[:2, :2].reshape(1, 1, 2, 2),
                                                            padding=1, stride=(1, 2))),
    ("embedding", lambda t, x, y, w, b: t.nn.functional.embedding(t.tensor([0, 2]), x)),
    ("batch_norm", lambda t, x, y, w, b: t.nn.functional.batch_norm(x, None, None, training=True)),
]

# what PyTorch's node keeps and tensorlib's does not (its formula does not need it)
GAPS = {"conv2d": {"_saved_bias_sym_sizes_opt", "_saved_output_padding"},
        "batch_norm": {"_saved_running_mean", "_saved_running_var"}}


def _saved(library, make):
    library.manual_seed(0)
    x, y = (library.randn(3, 4, dtype=library.float64, requires_grad=True) for _ in range(2))
    w = library.randn(4, 5, dtype=library.float64, requires_grad=True)
    b = library.randn(5, dtype=library.float64, requires_grad=True)
    node = make(library, x, y, w, b).grad_fn
    names = sorted(name for name in dir(node) if name.startswith("_saved_"))
    values = {}
    for name in names:
        value = getattr(node, name)
        if isinstance(value, (tuple, list)) and any(library.is_tensor(v) for v in value):
            value = tuple(None if v is None else tuple(v.shape) for v in value)
        values[name] = tuple(value.shape) if library.is_tensor(value) else value
    return type(node).__name__, values


@pytest.mark.parity
@pytest.mark.parametrize("name, make", OPS, ids=[name for name, _ in OPS])
def test_saved_attribute_names_and_values(name, make):
    torch = real_torch()
    node, values = _saved(torch, make)
    expected = node, {k: v for k, v in values.items() if k not in GAPS.get(name, ())}
    assert _saved(tensorlib, make) == expected


def test_saved_attributes_are_listed_and_read():
    x = tensorlib.ones(2, 3, requires_grad=True)
    node = x.sum(1).grad_fn
    assert {"_saved_dim", "_saved_keepdim", "_saved_self_sym_sizes"} <= set(dir(node))
    assert (node._saved_dim, node._saved_keepdim, node._saved_self_sym_sizes) == ((1,), False, (2, 3))
    with pytest.raises(AttributeError, match="_saved_nothing"):
        _ = node._saved_nothing

"""The compiled fast paths (pyx/_operators.pyx, pyx/autograd/_recording.pyx) against the
general Python paths: the same values, dtypes, strides, result types and
graphs on every layout at the edge of "the common case".  With
TENSORLIB_FAST_PATHS=0 the Tensor methods are the general ones and these tests
compare the general path with itself; the switch is tested at the end."""
import ast
import inspect
import json
import os
import subprocess
import sys
import tempfile
import types

import numpy as np
import pytest

import tensorlib as torch
from tensorlib._fast_paths import FAST_PATHS
from tensorlib.ops import arithmetic as E
from tensorlib.ops import unary as U

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
OPERATORS = {"add": lambda a, b: a + b, "radd": lambda a, b: b + a, "sub": lambda a, b: a - b,
             "mul": lambda a, b: a * b, "rmul": lambda a, b: b * a, "div": lambda a, b: a / b}
GENERAL = {"add": lambda a, b: E.add(a, b), "radd": lambda a, b: E.add(a, b), "sub": lambda a, b: E.sub(a, b),
           "mul": lambda a, b: E.mul(a, b), "rmul": lambda a, b: E.mul(a, b), "div": lambda a, b: E.div(a, b)}


def values(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return torch.from_numpy(np.asarray(rng.random(shape) > 0.5))
    if dtype.startswith("float"):
        return torch.from_numpy(np.asarray(rng.standard_normal(shape) * 3).astype(dtype))
    return torch.from_numpy(np.asarray(rng.integers(1, 100, shape)).astype(dtype))


def same(got, expected):
    assert type(got) is torch.Tensor
    assert got.dtype is expected.dtype and got.shape == expected.shape
    assert got.stride() == expected.stride()
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def operands(dtype):
    """(name, a, b) pairs at the edges of the fast path's conditions."""
    a, b = values(dtype, (4, 5), 0), values(dtype, (4, 5), 1)
    big = values(dtype, (6, 5), 2)
    yield "contiguous", a, b
    yield "offset views", big[1:5], big[2:]
    yield "size-1 dim with an odd stride", values(dtype, (5, 1), 3).t(), values(dtype, (1, 5), 4)
    yield "0-d", values(dtype, (), 5), values(dtype, (), 6)
    yield "empty", values(dtype, (0, 3), 7), values(dtype, (0, 3), 8)
    yield "transposed", a.t(), b.t()
    yield "expanded", values(dtype, (5,), 9).expand(4, 5), b
    yield "int scalar", a, 3
    yield "float scalar", a, 2.5
    yield "bool scalar", a, True
    yield "other dtype", a, values("float64" if dtype != "float64" else "int32", (4, 5), 10)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", sorted(OPERATORS))
def test_operators_match_the_general_path(op, dtype):
    for case, a, b in operands(dtype):
        try:
            expected = GENERAL[op](a, b)
        except Exception as error:
            with pytest.raises(type(error), match=None):
                OPERATORS[op](a, b)
            continue
        got = OPERATORS[op](a, b)
        same(got, expected)
        assert got.data_ptr() not in (a.data_ptr(), getattr(b, "data_ptr", lambda: None)()), case


@pytest.mark.parametrize("op", ["exp", "log", "sqrt", "tanh", "sigmoid", "neg", "abs", "relu"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32"])
def test_unary_methods_match_the_general_path(op, dtype):
    for case, a, _ in operands(dtype):
        if dtype == "int32" and op not in ("neg", "abs", "relu"):
            a = a.float()
        same(getattr(a, op)(), U.unary(op, a))


def test_results_of_subclasses_are_plain_tensors():
    p = torch.nn.Parameter(torch.ones(3))
    for result in (p + torch.ones(3), torch.ones(3) * p, p * 2, p.exp()):
        assert type(result) is torch.Tensor
        assert result.grad_fn is not None


def test_recording_matches_pytorch_names_and_edges():
    x = torch.ones(3, requires_grad=True)
    y = torch.ones(3)
    z = x * y
    assert z.grad_fn.name() == "MulBackward0"
    assert z.grad_fn.next_functions[0][0].variable is x
    assert z.grad_fn.next_functions[1] == (None, 0)
    assert (y * 2).grad_fn is None and not (y * 2).requires_grad
    w = (z + 1).exp()
    assert w.grad_fn.name() == "ExpBackward0"
    w.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp(2.0) * np.ones(3), rtol=1e-6)
    with torch.no_grad():
        assert (x * x).grad_fn is None
    assert (torch.ones(3, dtype=torch.int64) * 2).grad_fn is None


def test_view_edge_after_an_inplace_write_to_the_base():
    base = torch.zeros(4, requires_grad=True).clone()
    view = base[:2]
    base.mul_(2)
    out = view * view
    assert out.grad_fn.next_functions[0][0].name() == "AsStridedBackward0"


def test_inference_mode_marks_fast_path_results():
    with torch.inference_mode():
        for result in (torch.ones(3) + torch.ones(3), torch.ones(3).exp()):
            assert result.is_inference()


def test_out_of_range_scalars_wrap_as_the_general_path():
    a = torch.tensor([250, 3], dtype=torch.uint8)
    same(a + 10, E.add(a, 10))
    same(a * 300, E.mul(a, 300))


INPLACE = {"add_": lambda a, b, **kw: a.add_(b, **kw), "sub_": lambda a, b, **kw: a.sub_(b, **kw),
           "mul_": lambda a, b: a.mul_(b), "div_": lambda a, b: a.div_(b),
           "__iadd__": lambda a, b: a.__iadd__(b), "__isub__": lambda a, b: a.__isub__(b),
           "__imul__": lambda a, b: a.__imul__(b), "__itruediv__": lambda a, b: a.__itruediv__(b)}
INPLACE_GENERAL = {"add_": "add", "sub_": "sub", "mul_": "mul", "div_": "div",
                   "__iadd__": "add", "__isub__": "sub", "__imul__": "mul", "__itruediv__": "div"}


def inplace_general(name, a, b, **kw):
    fn = getattr(E, INPLACE_GENERAL[name])
    return fn(a, b, inplace=True, **kw) if not kw else fn(a, b, kw["alpha"], inplace=True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_operators_match_the_general_path(name, dtype):
    for case, a, b in operands(dtype):
        for kw in ({}, {"alpha": 2}, {"alpha": 0.5}) if name in ("add_", "sub_") else ({},):
            expected_self = a.clone()
            try:
                inplace_general(name, expected_self, b, **kw)
            except Exception as error:
                target = a.clone()
                before = target.numpy().copy()
                with pytest.raises(type(error)):
                    INPLACE[name](target, b, **kw)
                np.testing.assert_array_equal(target.numpy(), before)   # a failed op leaves self unchanged
                continue
            target = a.clone()
            version = target._version
            result = INPLACE[name](target, b, **kw)
            assert result is target, case
            assert target._version == version + 1
            np.testing.assert_array_equal(target.numpy(), expected_self.numpy())


def test_inplace_operand_sharing_storage():
    base = torch.arange(6.0)
    with pytest.raises(RuntimeError, match="some elements of the input tensor and the written-to tensor"):
        base[1:5].add_(base[:4])
    a = torch.arange(4.0)
    a.add_(a)
    np.testing.assert_array_equal(a.numpy(), [0, 2, 4, 6])


def test_inplace_autograd_rules_hold_on_the_fast_path():
    leaf = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        leaf.add_(1)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        leaf.mul_(torch.ones(3))
    with torch.no_grad():
        leaf.add_(torch.ones(3), alpha=-0.5)
    np.testing.assert_array_equal(leaf.detach().numpy(), [0.5, 0.5, 0.5])
    assert leaf.grad_fn is None and leaf.requires_grad
    y = torch.zeros(3)
    y.add_(leaf)
    assert y.grad_fn.name() == "AddBackward0"
    with pytest.raises(RuntimeError, match="unsupported operation: more than one element"):
        torch.zeros(1).expand(3).add_(1)


REDUCTION_DIMS = [None, 0, -1, 1, (0, 2), [2, 0], (), (-3,), (0, 1, 2)]


@pytest.mark.parametrize("op", ["sum", "mean"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sum_and_mean_match_the_general_path(op, dtype):
    from tensorlib.ops import reductions as R
    x = values(dtype, (3, 4, 5), 11)
    layouts = {"contiguous": x, "transposed": x.permute(2, 0, 1), "sliced": values(dtype, (6, 4, 5), 12)[::2],
               "expanded": values(dtype, (1, 4, 5), 13).expand(3, 4, 5)}
    for name, t in layouts.items():
        for dim in REDUCTION_DIMS:
            for keepdim in (False, True):
                got = getattr(t, op)(dim, keepdim)
                expected = getattr(R, op)(t, dim, keepdim)
                assert got.dtype is expected.dtype and got.shape == expected.shape, (name, dim, keepdim)
                assert got.stride() == expected.stride()
                np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6 if dtype == "float32" else 1e-12)


def test_sum_and_mean_record_pytorchs_nodes():
    x = torch.ones(2, 3, requires_grad=True)
    assert x.sum().grad_fn.name() == "SumBackward0"
    assert x.sum(1).grad_fn.name() == "SumBackward1"
    assert x.mean().grad_fn.name() == "MeanBackward0"
    assert x.mean((0, 1), keepdim=True).grad_fn.name() == "MeanBackward1"
    x.mean(0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 3), 0.5))


def test_sum_and_mean_outside_the_fast_path():
    x = torch.ones(2, 3)
    assert x.sum(dtype=torch.float64).dtype is torch.float64
    assert x.sum(axis=1, keepdims=True).shape == (2, 1)
    assert torch.ones(2, 3, dtype=torch.int32).sum().dtype is torch.int64
    assert torch.ones(0, 3).sum(0).tolist() == [0.0, 0.0, 0.0]
    assert torch.tensor(2.0).sum(0).item() == 2.0
    assert torch.ones(2, 3, dtype=torch.float16).mean().dtype is torch.float16
    with pytest.raises(IndexError, match="Dimension out of range"):
        x.sum(2)
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times in the list of dims"):
        x.sum((0, 0))
    with pytest.raises(RuntimeError, match="mean\\(\\): could not infer output dtype"):
        torch.ones(2, dtype=torch.int64).mean()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matmul_matches_the_general_path(dtype):
    from tensorlib.ops import linalg as L
    a, b = values(dtype, (5, 4), 20), values(dtype, (4, 3), 21)
    cases = [(a, b), (values(dtype, (4, 5), 22).t(), values(dtype, (3, 4), 23).t()),
             (values(dtype, (10, 4), 24)[::2], b), (values(dtype, (5, 0), 25), values(dtype, (0, 3), 26)),
             (values(dtype, (0, 4), 27), b), (a, values(dtype, (4, 1), 28))]
    for x, y in cases:
        for got in (x @ y, x.matmul(y), x.mm(y), torch.matmul(x, y)):
            expected = L.mm(x, y)
            assert got.shape == expected.shape and got.stride() == expected.stride() and got.dtype is expected.dtype
            np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6)


def test_matmul_outside_the_fast_path():
    a = torch.ones(2, 3)
    assert (a @ torch.ones(3)).shape == (2,)
    assert (a @ torch.ones(4, 3, 5)).shape == (4, 2, 5)
    assert (torch.ones(2, 3, dtype=torch.int64) @ torch.ones(3, 2, dtype=torch.int64)).dtype is torch.int64
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)"):
        a @ torch.ones(2, 3)
    with pytest.raises(RuntimeError, match="expected m1 and m2 to have the same dtype"):
        a.mm(torch.ones(3, 2, dtype=torch.float64))
    x = torch.ones(2, 3, requires_grad=True)
    y = x @ torch.full((3, 4), 2.0)
    assert y.grad_fn.name() == "MmBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((2, 3), 8.0))


def _node_names(fn):
    """The graph below ``fn``, depth first, as node names."""
    if fn is None:
        return []
    return [type(fn).__name__] + [name for nxt, _ in fn.next_functions for name in _node_names(nxt)]


def _linear_cases(dtype):
    """(name, input, weight, bias) at the edges of the linear fast path's conditions."""
    x, w, b = values(dtype, (5, 4), 30), values(dtype, (3, 4), 31), values(dtype, (3,), 32)
    yield "contiguous", x, w, b
    yield "transposed input", values(dtype, (4, 5), 33).t(), w, b
    yield "sliced input", values(dtype, (10, 6), 34)[::2, 1:5], w, b
    yield "transposed weight", x, values(dtype, (4, 3), 35).t(), b
    yield "strided bias", x, w, values(dtype, (6,), 36)[::2]
    yield "expanded bias", x, w, values(dtype, (1,), 37).expand(3)
    yield "one output", x, values(dtype, (1, 4), 38), values(dtype, (1,), 39)
    yield "no rows", values(dtype, (0, 4), 40), w, b
    yield "no inputs", values(dtype, (5, 0), 41), values(dtype, (3, 0), 42), b
    yield "3-d input", values(dtype, (2, 5, 4), 43), w, b
    yield "4-d input", values(dtype, (2, 1, 5, 4), 44), w, b
    yield "1-d input", values(dtype, (4,), 45), w, b
    yield "3-d input, size-1 dim's odd stride", values(dtype, (5, 1, 4), 46).transpose(0, 1), w, b
    yield "3-d transposed input", values(dtype, (5, 2, 4), 47).transpose(0, 1), w, b
    yield "3-d sliced input", values(dtype, (2, 5, 8), 48)[..., :4], w, b
    yield "no bias", x, w, None


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_linear_matches_the_general_path(dtype):
    F = torch.nn.functional
    general = getattr(F.linear, "__wrapped__", F.linear)
    for case, x, w, b in _linear_cases(dtype):
        for needs_grad in ((False, False, False), (True, False, False), (False, True, True), (True, True, True)):
            grads = []
            for linear in (F.linear, general):
                leaves = [t.detach().requires_grad_(flag) if t is not None else None
                          for t, flag in zip((x, w, b), needs_grad)]
                result = linear(*leaves)
                grads.append([result] + [t.grad for t in leaves if t is not None and t.requires_grad])
                if any(needs_grad):
                    assert _node_names(result.grad_fn) == _node_names(grads[0][0].grad_fn), case
                    result.backward(torch.ones_like(result))
                    grads[-1][1:] = [t.grad for t in leaves if t is not None and t.requires_grad]
            for got, expected in zip(*grads):
                same(got.detach(), expected.detach())


def test_linear_outside_the_fast_path():
    F = torch.nn.functional
    x, w, b = torch.ones(2, 3), torch.ones(4, 3), torch.ones(4)
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x4\)"):
        F.linear(x, torch.ones(4, 2), b)
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got Float and Double"):
        F.linear(x, w.double(), b)
    with pytest.raises(RuntimeError, match="self and mat2 must have the same dtype, but got Double and Float"):
        F.linear(x, w, b.double())
    with pytest.raises(RuntimeError, match=r"The expanded size of the tensor \(4\) must match the existing size \(5\)"):
        F.linear(x, w, torch.ones(5))
    assert F.linear(x, w, bias=b).tolist() == [[4.0] * 4] * 2
    assert F.linear(input=x, weight=w, bias=b).tolist() == [[4.0] * 4] * 2
    assert F.linear(x, w, torch.ones(2, 4)).tolist() == [[4.0] * 4] * 2
    assert F.linear(x.half(), w.half(), b.half()).dtype is torch.float16
    with torch.autocast("cpu"):
        y = F.linear(x.requires_grad_(), w, b)
    assert y.dtype is torch.bfloat16 and y.grad_fn.name() == "AddmmBackward0"
    with torch.inference_mode():
        assert F.linear(x, w, b).is_inference()
    assert F.linear.__name__ == "linear" and "affine map" in F.linear.__doc__
    assert list(inspect.signature(F.linear).parameters) == ["input", "weight", "bias"]


def _cross_entropy_cases(dtype):
    """(name, input, target, keyword arguments) at the edges of the fast path's conditions."""
    x, t = values(dtype, (6, 5), 50), torch.tensor([0, 4, 2, 2, 1, 3])
    yield "contiguous", x, t, {}
    yield "one row", values(dtype, (1, 5), 51), torch.tensor([3]), {}
    yield "ignored rows", x, torch.tensor([0, -100, 2, -100, 1, 3]), {}
    yield "all rows ignored", x, torch.full((6,), 7), {"ignore_index": 7}
    for reduction in ("sum", "none"):
        yield reduction, x, t, {"reduction": reduction}
    yield "ignore_index and none", x, t, {"ignore_index": 2, "reduction": "none"}
    yield "keywords at their defaults", x, t, {"weight": None, "size_average": None, "reduce": None,
                                               "label_smoothing": 0.0, "ignore_index": -100}
    yield "transposed input", values(dtype, (5, 6), 52).t(), t, {}
    yield "sliced target", x, torch.arange(12)[::2] % 5, {}
    yield "weight", x, t, {"weight": values(dtype, (5,), 53).abs()}
    yield "label smoothing", x, t, {"label_smoothing": 0.1}
    yield "legacy reduce", x, t, {"reduce": False}
    yield "1-d input", values(dtype, (5,), 54), torch.tensor(3), {}
    yield "3-d input", values(dtype, (2, 5, 3), 55), torch.tensor([[0, 1, 4], [2, 2, 3]]), {}
    yield "probabilities", x, values(dtype, (6, 5), 56).softmax(1), {}


@pytest.mark.filterwarnings("ignore:size_average and reduce args will be deprecated")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cross_entropy_matches_the_general_path(dtype):
    F = torch.nn.functional
    general = getattr(F.cross_entropy, "__wrapped__", F.cross_entropy)
    for case, x, t, kwargs in _cross_entropy_cases(dtype):
        for needs_grad in (False, True):
            results = []
            for cross_entropy in (F.cross_entropy, general):
                leaf = x.detach().requires_grad_(needs_grad)
                loss = cross_entropy(leaf, t, **kwargs)
                if needs_grad:
                    node = loss.grad_fn
                    results.append([type(node).__name__, type(node.next_functions[0][0]).__name__])
                    loss.backward(torch.ones_like(loss))
                    results[-1] += [loss.detach(), leaf.grad]
                else:
                    results.append([loss])
            fast, slow = results
            if needs_grad:
                assert fast[:2] == slow[:2], case
            for got, expected in zip(fast, slow):
                if isinstance(got, torch.Tensor):
                    same(got, expected)


def test_cross_entropy_outside_the_fast_path():
    F = torch.nn.functional
    x = torch.zeros(3, 4)
    with pytest.raises(IndexError, match="Target 4 is out of bounds."):
        F.cross_entropy(x, torch.tensor([0, 4, 1]))
    with pytest.raises(IndexError, match="Target -1 is out of bounds."):
        F.cross_entropy(x, torch.tensor([0, -1, 1]), reduction="none")
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        F.cross_entropy(x, torch.tensor([0, 1, 1]), reduction="average")
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Int"):
        F.cross_entropy(x, torch.tensor([0, 1, 1], dtype=torch.int32))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)"):
        F.cross_entropy(x, torch.tensor([0, 1]))
    assert F.cross_entropy(x.half(), torch.tensor([0, 1, 1])).dtype is torch.float16
    with torch.autocast("cpu"):
        assert F.cross_entropy(x.bfloat16(), torch.tensor([0, 1, 1])).dtype is torch.float32
    with torch.inference_mode():
        assert F.cross_entropy(x, torch.tensor([0, 1, 1])).is_inference()
    loss = torch.nn.CrossEntropyLoss(reduction="sum")(x.requires_grad_(), torch.tensor([0, 1, 1]))
    assert loss.grad_fn.name() == "NllLossBackward0" and loss.item() == pytest.approx(3 * np.log(4))
    assert F.cross_entropy.__name__ == "cross_entropy" and "label_smoothing" in F.cross_entropy.__doc__


def _layer_norm_cases(dtype):
    """(name, arguments) at the edges of the layer_norm fast path's conditions."""
    x, w, b = values(dtype, (3, 4, 5), 60), values(dtype, (5,), 61), values(dtype, (5,), 62)
    yield "affine", (x, (5,), w, b, 1e-5)
    yield "module's arguments", (x, [5], w, b)
    yield "no affine", (x, (5,))
    yield "weight only", (x, (5,), w)
    yield "bias only", (x, (5,), None, b, 0.1)
    yield "int eps", (x, (5,), w, b, 1)
    yield "1-d input", (w, (5,), w, b)
    yield "size-1 dim's odd stride", (values(dtype, (4, 1, 5), 63).transpose(0, 1), (5,), w, b)
    yield "one column", (values(dtype, (3, 1), 64), (1,), values(dtype, (1,), 65), None)
    yield "transposed input", (values(dtype, (5, 4), 66).t(), (5,), values(dtype, (5,), 67).expand(5), b)
    yield "sliced weight", (x, (5,), values(dtype, (10,), 68)[::2], b)
    yield "two normalised dims", (x, (4, 5), values(dtype, (4, 5), 69), None)
    yield "empty", (values(dtype, (0, 5), 70), (5,), w, b)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_layer_norm_matches_the_general_path(dtype):
    F = torch.nn.functional
    general = getattr(F.layer_norm, "__wrapped__", F.layer_norm)
    for case, args in _layer_norm_cases(dtype):
        for needs_grad in (False, True):
            results = []
            for layer_norm in (F.layer_norm, general):
                leaves = [a.detach().requires_grad_(needs_grad) if isinstance(a, torch.Tensor) else a for a in args]
                out = layer_norm(*leaves)
                results.append([out])
                if needs_grad:
                    results[-1].append(_node_names(out.grad_fn))
                    out.backward(torch.ones_like(out) * 0.5 + out.detach())
                    results[-1] += [t.grad for t in leaves if isinstance(t, torch.Tensor)]
            fast, slow = results
            if needs_grad:
                assert fast[1] == slow[1], case
            for got, expected in zip(fast[:1] + fast[2:], slow[:1] + slow[2:]):
                same(got.detach(), expected.detach())


def test_layer_norm_outside_the_fast_path():
    F = torch.nn.functional
    x = torch.ones(2, 3)
    with pytest.raises(RuntimeError, match=r"Given normalized_shape=\[4\], expected input with shape \[\*, 4\]"):
        F.layer_norm(x, (4,))
    with pytest.raises(RuntimeError, match="Expected weight to be of same shape as normalized_shape"):
        F.layer_norm(x, (3,), torch.ones(4))
    with pytest.raises(RuntimeError, match="mixed dtype"):
        F.layer_norm(x, (3,), torch.ones(3, dtype=torch.float64))
    with pytest.raises(TypeError, match="must be tuple of ints, not float"):
        F.layer_norm(x, 3.0)
    assert F.layer_norm(x, (3,), eps=0.5).tolist() == [[0.0] * 3] * 2
    assert F.layer_norm(x.half(), (3,)).dtype is torch.float16
    with torch.inference_mode():
        assert F.layer_norm(x, (3,)).is_inference()
    assert F.layer_norm.__name__ == "layer_norm" and "normalized_shape" in F.layer_norm.__doc__


# ---- the switch: TENSORLIB_FAST_PATHS=0 ---------------------------------------------------------------
SWITCHED_METHODS = ("__add__", "__radd__", "__sub__", "__mul__", "__rmul__", "__truediv__", "__eq__", "__lt__",
                    "add_", "sub_", "mul_", "div_", "__iadd__", "__itruediv__", "exp", "relu", "neg",
                    "sum", "mean", "__matmul__", "matmul", "mm")
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(torch.__file__)))  # the tensorlib under test
SWITCH_PROBE = f"""
import json, types
import tensorlib
from tensorlib._fast_paths import FAST_PATHS
from tensorlib.ops.nodes._fused import fused
with tensorlib.no_grad():
    fused_kernels = fused()
compiled = {{name: not isinstance(getattr(tensorlib.Tensor, name), types.FunctionType) for name in {SWITCHED_METHODS!r}}}
x = tensorlib.ones(2, 3, requires_grad=True)
(x * 2 + 1).exp().sum().backward()
print(json.dumps({{"switch": FAST_PATHS, "fused": fused_kernels, "compiled": compiled, "grad": x.grad.tolist()}}))
"""


def _probe_switch(value):
    """The switch, fused(), and which Tensor methods are compiled, in a fresh interpreter
    importing the same tensorlib with TENSORLIB_FAST_PATHS set to ``value`` (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k != "TENSORLIB_FAST_PATHS"}
    if value is not None:
        env["TENSORLIB_FAST_PATHS"] = value
    env["PYTHONPATH"] = PACKAGE_PARENT + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", SWITCH_PROBE], capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir())
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("value, on", [(None, True), ("1", True), ("0", False)])
def test_the_switch_chooses_the_compiled_or_the_python_methods(value, on):
    probe = _probe_switch(value)
    assert probe["switch"] is on and probe["fused"] is on
    assert probe["compiled"] == {name: on for name in SWITCHED_METHODS}
    expected = 2 * np.exp(3.0)
    np.testing.assert_allclose(probe["grad"], [[expected] * 3] * 2, rtol=1e-6)


def test_this_process_uses_the_route_the_switch_chose():
    for name in SWITCHED_METHODS:
        method = getattr(torch.Tensor, name)
        assert isinstance(method, types.FunctionType) is not FAST_PATHS, name
    assert torch.Tensor.__add__.__name__ == "__add__" and torch.Tensor.exp.__qualname__ == "Tensor.exp"
    for function in (torch.nn.functional.linear, torch.nn.functional.cross_entropy, torch.nn.functional.layer_norm):
        assert isinstance(function, types.FunctionType) is not FAST_PATHS
    assert FAST_PATHS is (os.environ.get("TENSORLIB_FAST_PATHS", "1").strip() != "0")


def test_the_switch_module_imports_nothing_from_tensorlib():
    from tensorlib import _fast_paths
    tree = ast.parse(open(_fast_paths.__file__).read())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert imported == ["os"]
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]

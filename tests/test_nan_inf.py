"""NaN and infinity semantics of reductions, activations and their gradients, with
the values PyTorch 2.13 gives hard-coded (tests/test_nan_inf_parity.py compares
the whole table with a live torch)."""
import math
import warnings

import numpy as np
import pytest

import tensorlib
import tensorlib.nn.functional as F

nan, inf = math.nan, math.inf


def _grad(op, values, seed=None):
    """(outputs as lists, the input's gradient as a list or None) of ``op(x)``, seeded
    with 1, 2, 3... so that a gradient sent to the wrong element shows."""
    x = tensorlib.tensor(values, requires_grad=True)
    result = op(x)
    outputs = tuple(result) if isinstance(result, tuple) else (result,)
    first = outputs[0]
    first.backward(tensorlib.arange(1.0, first.numel() + 1).reshape(first.shape))
    return [o.tolist() for o in outputs], None if x.grad is None else x.grad.tolist()


def _same(actual, expected):
    """Equal as float32, NaN where ``expected`` has NaN."""
    np.testing.assert_array_equal(np.asarray(actual, dtype=np.float32), np.asarray(expected, dtype=np.float32))


@pytest.mark.parametrize("op, values, result, grad", [
    (lambda x: x.max(), [1.0, nan, 3.0, nan], nan, [0.0, 0.5, 0.0, 0.5]),
    (lambda x: x.min(), [nan, nan], nan, [0.5, 0.5]),
    (lambda x: x.median(), [2.0, nan, 1.0], nan, [0.0, 1.0, 0.0]),
    (lambda x: x.max(), [3.0, 1.0, 3.0], 3.0, [0.5, 0.0, 0.5]),
    (lambda x: tensorlib.max(x), [-inf, nan], nan, [0.0, 1.0]),
])
def test_full_max_min_median_send_the_gradient_to_the_nans(op, values, result, grad):
    outputs, x_grad = _grad(op, values)
    _same(outputs[0], result)
    _same(x_grad, grad)


@pytest.mark.parametrize("op, values, result, grad", [
    (lambda x: x.amax(), [1.0, nan, 3.0], nan, [nan, nan, nan]),
    (lambda x: x.amax(1), [[1.0, nan, 3.0], [3.0, 1.0, 3.0]], [nan, 3.0], [[nan, nan, nan], [1.0, 0.0, 1.0]]),
    (lambda x: x.amin(0), [[1.0, nan], [-inf, 2.0], [-inf, 5.0]], [-inf, nan],
     [[0.0, nan], [0.5, nan], [0.5, nan]]),
])
def test_amax_amin_propagate_nan_to_the_whole_slice_gradient(op, values, result, grad):
    outputs, x_grad = _grad(op, values)
    _same(outputs[0], result)
    _same(x_grad, grad)


@pytest.mark.parametrize("op, values, result, indices, grad", [
    (lambda x: x.max(1), [[1.0, nan, 3.0, nan], [3.0, 1.0, 3.0, 0.0], [-inf, -inf, -inf, -inf]],
     [nan, 3.0, -inf], [1, 0, 0], [[0.0, 1.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0]]),
    (lambda x: x.min(1), [[1.0, nan, 3.0, nan], [3.0, 1.0, 1.0, 0.0]],
     [nan, 0.0], [1, 3], [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0]]),
    (lambda x: x.median(1), [[1.0, nan, 3.0, nan], [3.0, 1.0, 2.0, 0.0]],
     [nan, 1.0], [1, 1], [[0.0, 1.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0]]),
])
def test_dim_max_min_median_pick_the_first_nan(op, values, result, indices, grad):
    outputs, x_grad = _grad(op, values)
    _same(outputs[0], result)
    assert outputs[1] == indices
    _same(x_grad, grad)


def test_argmax_argmin_pick_the_first_nan():
    x = tensorlib.tensor([[1.0, nan, 3.0, nan], [3.0, 1.0, 3.0, 0.0]])
    assert x.argmax(1).tolist() == [1, 0]
    assert x.argmin(1).tolist() == [1, 3]


@pytest.mark.parametrize("fn, self_grad, other_grad", [
    (tensorlib.maximum, [1.0, 2.0, 1.5, 4.0, 0.0, 3.0], [1.0, 2.0, 1.5, 4.0, 5.0, 3.0]),
    (tensorlib.minimum, [1.0, 2.0, 1.5, 4.0, 5.0, 3.0], [1.0, 2.0, 1.5, 4.0, 0.0, 3.0]),
])
def test_maximum_minimum_give_both_operands_the_gradient_at_nan(fn, self_grad, other_grad):
    a = tensorlib.tensor([1.0, nan, 2.0, nan, 3.0, inf], requires_grad=True)
    b = tensorlib.tensor([nan, 1.0, 2.0, nan, inf, inf], requires_grad=True)
    fn(a, b).backward(tensorlib.arange(1.0, 7.0))
    _same(a.grad.tolist(), self_grad)
    _same(b.grad.tolist(), other_grad)


SOFTMAX_ROWS = [[1.0, inf, 0.0], [0.0, -inf, 0.0], [-inf, -inf, -inf], [1.0, nan, 2.0]]


def test_softmax_of_rows_holding_infinities_and_nan():
    outputs, grad = _grad(lambda x: F.softmax(x, 1), SOFTMAX_ROWS)
    _same(outputs[0], [[nan] * 3, [0.5, 0.0, 0.5], [nan] * 3, [nan] * 3])
    _same(grad, [[nan] * 3, [-0.5, 0.0, 0.5], [nan] * 3, [nan] * 3])


def test_log_softmax_of_rows_holding_infinities_and_nan():
    outputs, grad = _grad(lambda x: F.log_softmax(x, 1), SOFTMAX_ROWS)
    half = math.log(0.5)
    _same(outputs[0], [[nan] * 3, [half, -inf, half], [nan] * 3, [nan] * 3])
    _same(grad, [[nan] * 3, [-3.5, 5.0, -1.5], [nan] * 3, [nan] * 3])


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
@pytest.mark.parametrize("shape, dim", [((0,), 0), ((0, 3), 0), ((2, 0), 1)])
def test_softmax_of_an_empty_tensor_is_empty(name, shape, dim):
    x = tensorlib.zeros(shape, requires_grad=True)
    y = getattr(F, name)(x, dim)
    assert y.shape == shape and y.dtype == tensorlib.float32
    y.sum().backward()
    assert x.grad.shape == shape


@pytest.mark.parametrize("name, value, result, grad", [
    ("softmax", 3.0, 1.0, 0.0),
    ("softmax", nan, nan, nan),
    ("log_softmax", inf, nan, nan),
    ("log_softmax", -2.0, 0.0, 0.0),
])
def test_softmax_of_a_scalar(name, value, result, grad):
    outputs, x_grad = _grad(lambda x: getattr(F, name)(x, 0), value)
    _same(outputs[0], result)
    _same(x_grad, grad)


@pytest.mark.parametrize("op, values, result, grad", [
    (lambda x: x.prod(), [1.0, inf, -2.0, inf], -inf, [-inf, nan, inf, nan]),
    (lambda x: x.prod(), [1.0, nan, 3.0], nan, [nan, nan, nan]),
    (lambda x: x.prod(), [0.0, 2.0, 0.0, nan], nan, [0.0, 0.0, 0.0, 0.0]),
    (lambda x: x.prod(), [2.0, 0.0, 3.0, inf], nan, [nan, inf, nan, 0.0]),
    (lambda x: x.prod(1), [[2.0, 0.0, 3.0], [1.0, inf, 4.0]], [0.0, inf], [[0.0, 6.0, 0.0], [inf, 8.0, inf]]),
    (lambda x: x.cumprod(0), [2.0, 0.0, 3.0, nan], [2.0, 0.0, 0.0, nan], [1.0, nan, 0.0, 0.0]),
    (lambda x: x.cumprod(0), [1.0, nan, 3.0], [1.0, nan, nan], [nan, nan, nan]),
    (lambda x: x.cumprod(0), [inf, 2.0, 0.0, 5.0, 0.0, nan], [inf, inf, nan, nan, nan, nan],
     [nan, inf, inf, 0.0, 0.0, 0.0]),
])
def test_prod_and_cumprod_gradients(op, values, result, grad):
    outputs, x_grad = _grad(op, values)
    _same(outputs[0], result)
    _same(x_grad, grad)


def test_norm_of_order_zero_has_no_gradient():
    outputs, grad = _grad(lambda x: x.norm(p=0), [1.0, nan, 0.0])
    assert outputs[0] == 2.0
    assert grad is None


def test_infinity_norm_gradient_goes_to_the_nan():
    outputs, grad = _grad(lambda x: x.norm(p=inf), [1.0, nan, -3.0])
    _same(outputs[0], nan)
    _same(grad, [0.0, 0.0, 0.0])


@pytest.mark.parametrize("op, values, grad", [
    (lambda x: x.var(), [5.0], [nan]),
    (lambda x: x.std(0), [[5.0, 1.0]], [[nan, nan]]),
    (lambda x: x.var(1, correction=3), [[1.0, 2.0]], [[1.0, -1.0]]),
])
def test_variance_without_degrees_of_freedom(op, values, grad):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        _, x_grad = _grad(op, values)
    _same(x_grad, grad)


def test_elu_keeps_the_sign_of_zero():
    y = F.elu(tensorlib.tensor([-0.0, 0.0]))
    assert [math.copysign(1.0, v) for v in y.tolist()] == [-1.0, 1.0]


@pytest.mark.parametrize("name, grad_at_nan", [("hardtanh", 0.0), ("relu6", 0.0), ("elu", nan)])
def test_activation_gradient_at_nan(name, grad_at_nan):
    # 64 elements: PyTorch's vectorized kernel body, not the scalar tail of a short tensor
    _, grad = _grad(getattr(F, name), [nan, 0.5] * 32)
    _same(grad, [grad_at_nan if i % 2 == 0 else i + 1.0 for i in range(64)])

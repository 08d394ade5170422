"""exp2 and the inverse-trigonometric and hyperbolic ops (asin, acos, atan, sinh,
cosh, asinh, acosh, atanh, and the arc* aliases): method, in-place method,
``tensorlib.<op>`` with ``out=``; integer and bool inputs compute in the default
float dtype; values on every layout, 0-d and empty; float64 gradcheck (and
gradgradcheck) on contiguous, transposed, sliced, expanded, 0-d and empty
inputs; and, with PyTorch installed, its values, dtypes, errors, node names and
gradients."""
import math

import numpy as np
import pytest
from parity import real_torch

import tensorlib as torch
from tensorlib.autograd import gradcheck, gradgradcheck

D = torch.float64
nan, inf = math.nan, math.inf

# op -> (NumPy reference, node name, open interval of the domain used for gradients)
OPS = {
    "exp2": (np.exp2, "Exp2Backward0", (-3.0, 3.0)),
    "asin": (np.arcsin, "AsinBackward0", (-0.9, 0.9)),
    "acos": (np.arccos, "AcosBackward0", (-0.9, 0.9)),
    "atan": (np.arctan, "AtanBackward0", (-3.0, 3.0)),
    "sinh": (np.sinh, "SinhBackward0", (-3.0, 3.0)),
    "cosh": (np.cosh, "CoshBackward0", (-3.0, 3.0)),
    "asinh": (np.arcsinh, "AsinhBackward0", (-3.0, 3.0)),
    "acosh": (np.arccosh, "AcoshBackward0", (1.1, 4.0)),
    "atanh": (np.arctanh, "AtanhBackward0", (-0.9, 0.9)),
}
ALIASES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsinh": "asinh", "arccosh": "acosh",
           "arctanh": "atanh"}
ALL = sorted(OPS) + sorted(ALIASES)
# domain edges, outside the domain, signed zeros, infinities, NaN
SPECIAL = [nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-8, 20.0, -20.0, 800.0, 0.999999]


def base(op):
    return ALIASES.get(op, op)


def ref(op, values):
    with np.errstate(all="ignore"):
        return OPS[base(op)][0](np.asarray(values, dtype=np.float64))


def values_of(t):
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def close(t, expected, dtype=np.float64):
    rtol = {np.float16: 2e-3, np.float32: 2e-6}.get(dtype, 1e-13)
    with np.errstate(over="ignore"):   # values past the dtype's range round to inf
        expected = np.asarray(expected, dtype=np.float64).astype(dtype)
    np.testing.assert_allclose(values_of(t), expected, rtol=rtol, atol=0, equal_nan=True)


def layouts(values):
    """(name, tensor) holding ``values`` (a 3x4 float64 array) contiguous, transposed, sliced and expanded."""
    values = np.asarray(values, dtype=np.float64)
    wide = np.zeros((3, 8))
    wide[:, ::2] = values
    return [("contiguous", torch.tensor(values.tolist(), dtype=D)),
            ("transposed", torch.tensor(values.T.tolist(), dtype=D).t()),
            ("sliced", torch.tensor(wide.tolist(), dtype=D)[:, ::2]),
            ("expanded", torch.tensor(values[:1].tolist(), dtype=D).expand(3, 4))]


def grid(op):
    lo, hi = OPS[base(op)][2]
    return np.linspace(lo, hi, 12).reshape(3, 4)


# ---- values -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("op", ALL)
def test_values_on_every_layout(op):
    for name, t in layouts(grid(op)):
        want = ref(op, np.asarray(t.tolist()))
        assert not (name != "contiguous" and t.is_contiguous())
        close(getattr(t, op)(), want)
        close(getattr(torch, op)(t), want)
        copy = t.clone()
        assert getattr(copy, op + "_")() is copy
        close(copy, want)


@pytest.mark.parametrize("op", ALL)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_special_values(op, dtype):
    t = torch.tensor(SPECIAL, dtype=getattr(torch, dtype))
    r = getattr(t, op)()
    assert r.dtype is t.dtype
    close(r, ref(op, np.asarray(SPECIAL, dtype=dtype)), getattr(np, dtype))


@pytest.mark.parametrize("op", ALL)
def test_zero_dim_and_empty(op):
    x = torch.tensor(0.5, dtype=D) if op not in ("acosh", "arccosh") else torch.tensor(1.5, dtype=D)
    r = getattr(torch, op)(x)
    assert r.shape == () and r.dtype is D
    close(r, ref(op, x.item()))
    for shape in ((0,), (2, 0, 3)):
        for dtype in (torch.float32, torch.int64, torch.bool):
            e = getattr(torch.zeros(shape, dtype=dtype), op)()
            assert tuple(e.shape) == shape and e.dtype is (torch.float32 if dtype is not torch.float32 else dtype)


@pytest.mark.parametrize("op", ALL)
@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8", "bool"])
def test_integer_and_bool_inputs_give_the_default_float(op, dtype):
    values = [0, 1, 2, 5] if dtype != "bool" else [False, True, True, False]
    t = torch.tensor(values, dtype=getattr(torch, dtype))
    r = getattr(t, op)()
    assert r.dtype is torch.float32
    close(r, ref(op, np.asarray(values, dtype=np.float64)), np.float32)
    torch.set_default_dtype(torch.float64)
    try:
        assert getattr(torch, op)(t).dtype is torch.float64
    finally:
        torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize("op", ALL)
def test_integer_inplace_and_integer_out_are_refused(op):
    with pytest.raises(RuntimeError, match="^result type Float can't be cast to the desired output type Long$"):
        getattr(torch.tensor([1, 2]), op + "_")()
    with pytest.raises(RuntimeError, match="^result type Float can't be cast to the desired output type Long$"):
        getattr(torch, op)(torch.tensor([1.0, 2.0]), out=torch.empty(2, dtype=torch.long))


@pytest.mark.parametrize("op", ALL)
def test_out(op):
    x = torch.tensor(grid(op).tolist(), dtype=D)
    out = torch.empty(3, 4, dtype=D)
    assert getattr(torch, op)(x, out=out) is out
    close(out, ref(op, grid(op)))
    # an int input into a float64 out=, resized: computed in the default float dtype, as PyTorch does
    wider = torch.empty(12, dtype=D)
    ints = torch.tensor([0, 1, 2])
    with pytest.warns(UserWarning, match="was resized"):
        assert getattr(torch, op)(ints, out=wider) is wider
    assert tuple(wider.shape) == (3,) and wider.dtype is D
    close(wider, ref(op, [0.0, 1.0, 2.0]), np.float32)


# ---- gradients ------------------------------------------------------------------------------------------
def _leaves(op):
    """(name, float64 leaf) on each layout gradcheck accepts, values inside the op's domain."""
    lo, hi = OPS[base(op)][2]
    torch.manual_seed(0)

    def into(t):
        return (t.sigmoid() * (hi - lo) + lo).detach()

    return [("contiguous", into(torch.randn(3, 4, dtype=D))),
            ("transposed", into(torch.randn(4, 3, dtype=D)).t()),
            ("sliced", into(torch.randn(3, 8, dtype=D))[:, 1::2]),
            ("zero_dim", into(torch.randn((), dtype=D))),
            ("empty", torch.zeros(0, 3, dtype=D))]


@pytest.mark.parametrize("op", ALL)
def test_gradcheck(op):
    for name, x in _leaves(op):
        x.requires_grad_()
        assert gradcheck(lambda a: getattr(a, op)(), (x,)), name
        assert gradcheck(lambda a: getattr(a * 1, op + "_")(), (x,)), name
    lo, hi = OPS[base(op)][2]
    row = torch.tensor([np.linspace(lo, hi, 6)[1:-1].tolist()], dtype=D, requires_grad=True)
    assert gradcheck(lambda a: getattr(torch, op)(a.expand(3, 4)), (row,))   # an expanded operand


@pytest.mark.parametrize("op", sorted(OPS))
def test_gradgradcheck(op):
    x = _leaves(op)[0][1].requires_grad_()
    assert gradgradcheck(lambda a: getattr(a, op)(), (x,))


@pytest.mark.parametrize("op", ALL)
def test_node_name(op):
    x = torch.tensor(grid(op).tolist(), dtype=D, requires_grad=True)
    y = getattr(x, op)()
    assert type(y.grad_fn).__name__ == OPS[base(op)][1]
    assert [type(f).__name__ for f, _ in y.grad_fn.next_functions] == ["AccumulateGrad"]
    z = getattr(x * 1, op + "_")()
    assert type(z.grad_fn).__name__ == OPS[base(op)][1]
    assert [type(f).__name__ for f, _ in z.grad_fn.next_functions] == ["MulBackward0"]


def test_out_with_an_input_that_requires_grad_is_refused():
    x = torch.tensor([0.5], requires_grad=True)
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        torch.sinh(x, out=torch.empty(1))


# ---- parity with PyTorch --------------------------------------------------------------------------------
PARITY_DTYPES = ["float16", "float32", "float64", "int64", "int32", "uint8", "int8", "bool"]


def _theirs(torch_, values, dtype):
    return torch_.tensor(values, dtype=getattr(torch_, dtype))


@pytest.mark.parity
@pytest.mark.parametrize("op", ALL)
@pytest.mark.parametrize("dtype", PARITY_DTYPES)
def test_parity_values_and_dtypes(op, dtype):
    real = real_torch()
    if dtype == "bool":
        values = [True, False]
    elif dtype in ("float16", "float32", "float64"):
        values = SPECIAL
    else:
        values = [0, 1, 2, 3, 7] + ([-1, -5] if dtype != "uint8" else [200])
    theirs = getattr(real, op)(_theirs(real, values, dtype))
    mine = getattr(torch, op)(torch.tensor(values, dtype=getattr(torch, dtype)))
    assert str(mine.dtype) == str(theirs.dtype)
    want = theirs.double().numpy()
    tol = {"float16": 1e-3, "float64": 1e-14}.get(str(theirs.dtype).split(".")[1], 1e-6)
    np.testing.assert_allclose(values_of(mine), want, rtol=tol, atol=0, equal_nan=True)
    got_signs = np.signbit(values_of(mine))
    assert (got_signs == np.signbit(want))[~np.isnan(want)].all()


@pytest.mark.parity
@pytest.mark.parametrize("op", ALL)
def test_parity_gradients_and_node_names(op):
    real = real_torch()
    lo, hi = OPS[base(op)][2]
    values = np.linspace(lo, hi, 12).reshape(3, 4).T.tolist()   # transposed below: non-contiguous
    x = torch.tensor(values, dtype=D).t().requires_grad_()
    t = real.tensor(values, dtype=real.float64).t().requires_grad_()
    seed = np.arange(12.0).reshape(3, 4).tolist()
    mine, theirs = getattr(x, op)(), getattr(t, op)()
    assert type(mine.grad_fn).__name__ == type(theirs.grad_fn).__name__
    mine.backward(torch.tensor(seed, dtype=D))
    theirs.backward(real.tensor(seed, dtype=real.float64))
    np.testing.assert_allclose(values_of(x.grad), t.grad.numpy(), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(values_of(mine), theirs.detach().numpy(), rtol=1e-14, atol=0)


@pytest.mark.parity
@pytest.mark.parametrize("op", ALL)
def test_parity_errors(op):
    real = real_torch()

    def message(fn, lib):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        return str(info.value)

    cases = [lambda lib: getattr(lib.tensor([1, 2]), op + "_")(),
             lambda lib: getattr(lib, op)(lib.tensor([1.0, 2.0]), out=lib.empty(2, dtype=lib.long)),
             lambda lib: getattr(lib, op)(lib.tensor([0.5], requires_grad=True), out=lib.empty(1)),
             lambda lib: getattr(lib.tensor([0.5], requires_grad=True), op + "_")()]
    for case in cases:
        assert message(case, torch) == message(case, real)

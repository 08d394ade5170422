"""Every op declared in the registry (tensorlib/ops/_registry.py), through the same
checks: values against NumPy in every layout and through every form (function,
method, in-place, ``out=``), float64 gradcheck and gradgradcheck, argument errors,
a run on the CUDA stand-in, and parity with PyTorch (values, dtypes, node names,
errors).  Declaring an op adds it here; tests/op_table.py says how to call it."""
import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import cuda as cuda_backend
from tensorlib.ops._registry import OPS

from op_table import (LAYOUTS, OVERRIDES, declared, differentiable, dtypes, gradcheckable, layouts, reference,
                      result_dtype, sample)
from parity import real_torch

F32, F64 = torch.float32, torch.float64


def _numpy(value):
    return value.numpy() if isinstance(value, torch.Tensor) else value


def _expected(op, layout, dtype, numbers):
    _, (x, args, kwargs) = sample(op, layout, dtype, numbers=numbers)
    return np.asarray(reference(op)(x, *args, **kwargs))


def _close(result, expected, dtype):
    tol = dict(rtol=1e-12, atol=1e-12) if dtype is not F32 else dict(rtol=2e-6, atol=2e-6)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result.numpy(), expected.astype(result.numpy().dtype), **tol)


def _cases(choices, keep=lambda name: True):
    """(name, numbers, layout) for every declared case in the layouts of ``choices`` it takes."""
    return [(name, numbers, layout) for name, numbers in declared() if keep(name)
            for layout in choices if layout in layouts(name)]


@pytest.mark.parametrize("name, numbers, layout, dtype", [case + (dtype,) for case in _cases(LAYOUTS)
                                                           for dtype in dtypes(case[0])])
def test_function_and_method_match_numpy(name, numbers, layout, dtype):
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, layout, dtype, numbers=numbers)
    expected = _expected(op, layout, dtype, numbers)
    result = getattr(torch, name)(x, *args, **kwargs)
    assert result.dtype is (torch.bool if expected.dtype == np.bool_ else result_dtype(name, dtype))
    _close(result, expected, dtype)
    if op.method:
        _close(getattr(x, name)(*args, **kwargs), expected, dtype)
    for alias in op.aliases:
        _close(getattr(torch, alias)(x, *args, **kwargs), expected, dtype)


@pytest.mark.parametrize("name, numbers, layout", _cases(["contiguous", "transposed", "sliced", "0-d", "empty"]))
def test_out_and_inplace_forms_write_the_same_values(name, numbers, layout):
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, layout, dtypes(name)[-1], numbers=numbers)
    expected = getattr(torch, name)(x, *args, **kwargs)
    if op.out:
        out = torch.empty(0, dtype=expected.dtype)
        assert getattr(torch, name)(x, *args, out=out, **kwargs) is out
        assert torch.equal(out, expected)
    else:
        with pytest.raises(TypeError, match=f"{name}\\(\\) got an unexpected keyword argument 'out'"):
            getattr(torch, name)(x, *args, out=expected, **kwargs)
    if op.inplace:
        target = x.clone()
        assert getattr(target, name + "_")(*args, **kwargs) is target
        assert torch.equal(target, expected)
    else:
        assert not hasattr(x, name + "_")


def _differentiable_tensor(a):
    return isinstance(a, torch.Tensor) and a.is_floating_point()


@pytest.mark.parametrize("name, numbers, layout", _cases(["contiguous", "transposed", "expanded", "0-d"],
                                                         gradcheckable))
def test_gradcheck_and_gradgradcheck(name, numbers, layout):
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, layout, numbers=numbers)
    tensors = [x] + [a for a in args if _differentiable_tensor(a)]  # (not indices)
    leaves = [t.detach().clone().requires_grad_() for t in tensors]

    def call(*inputs):
        it = iter(inputs[1:])
        rest = [next(it) if _differentiable_tensor(a) else a for a in args]
        return getattr(torch, name)(inputs[0], *rest, **kwargs)

    assert torch.autograd.gradcheck(call, leaves)
    assert torch.autograd.gradgradcheck(call, leaves)


@pytest.mark.parametrize("name", [name for name, _ in declared() if not differentiable(name)])
def test_ops_without_a_derivative_record_nothing(name):
    (x, args, kwargs), _ = sample(OPS[name], "contiguous", dtypes(name)[-1])
    if x.is_floating_point():
        x.requires_grad_()
    result = getattr(torch, name)(x, *args, **kwargs)
    assert result.grad_fn is None and not result.requires_grad


@pytest.mark.parametrize("name, numbers", declared())
def test_arguments_of_the_wrong_kind_raise_type_errors(name, numbers):
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, "contiguous", dtypes(name)[-1], numbers=numbers)
    for i in range(len(args)):
        if isinstance(args[i], str):  # (a string of the wrong value is no wrong kind)
            continue
        bad = list(args)
        bad[i] = "x"
        if op.method:
            with pytest.raises(TypeError, match=rf"^{name}\(\)"):
                getattr(x, name)(*bad, **kwargs)
        with pytest.raises(TypeError, match=rf"^{name}\(\)"):
            getattr(torch, name)(x, *bad, **kwargs)
    with pytest.raises(TypeError, match=rf"^{name}\(\): argument 'input' \(position 1\) must be Tensor, not str"):
        getattr(torch, name)("x", *args, **kwargs)
    with pytest.raises(TypeError, match="positional arguments? but"):
        getattr(torch, name)(x, *args, *args, x, **kwargs)


@pytest.mark.parametrize("name, numbers", declared())
def test_the_cuda_stand_in_gives_the_cpu_values(name, numbers):
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, "transposed", dtypes(name)[-1], numbers=numbers)
    expected = getattr(torch, name)(x, *args, **kwargs)
    with cuda_backend.use_stand_in():
        moved = [a.cuda() if isinstance(a, torch.Tensor) else a for a in args]
        result = getattr(torch, name)(x.cuda(), *moved, **kwargs)
        assert result.device.type == "cuda"
        np.testing.assert_allclose(result.cpu().numpy(), expected.numpy(), rtol=1e-12, atol=1e-12)
        assert result.dtype is expected.dtype


def test_a_declared_op_is_reachable_in_every_form():
    for name, op in OPS.items():
        for alias in (name,) + op.aliases:
            assert callable(getattr(torch, alias, None)) == op.function
            assert hasattr(torch.Tensor, alias) == op.method
            assert hasattr(torch.Tensor, alias + "_") == op.inplace


# ---- parity with PyTorch --------------------------------------------------------------------------
def _to_torch(pt, value):
    return pt.tensor(value.numpy()) if isinstance(value, torch.Tensor) else value


def _outcome(fn):
    try:
        result = fn()
    except Exception as error:  # noqa: BLE001  (the outcome compared is the error itself)
        return type(error).__name__, str(error)
    return "ok", (str(result.dtype).replace("torch.", ""), result.detach().numpy().tolist())


@pytest.mark.parity
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool"])
@pytest.mark.parametrize("name, numbers", declared())
def test_values_dtypes_and_errors_match_pytorch(name, numbers, dtype):
    pt = real_torch()
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, "transposed", F64, numbers=numbers)
    cast = {"float32": F32, "float64": F64, "int64": torch.int64, "bool": torch.bool}[dtype]
    x, args = (x * 3).to(cast), [(a * 3).to(cast) if isinstance(a, torch.Tensor) else a for a in args]
    px, pargs = _to_torch(pt, x), [_to_torch(pt, a) for a in args]
    ours = _outcome(lambda: getattr(torch, name)(x, *args, **kwargs))
    theirs = _outcome(lambda: getattr(pt, name)(px, *pargs, **kwargs))
    assert ours[0] == theirs[0] and (ours[0] != "ok" or ours[1][0] == theirs[1][0]), (ours, theirs)
    if ours[0] == "ok":
        np.testing.assert_allclose(np.asarray(ours[1][1], float), np.asarray(theirs[1][1], float),
                                   rtol=1e-5 if dtype == "float32" else 1e-6,
                                   # float32 SVDs (pinverse) leave last-bit noise on elements near zero
                                   atol=1e-7 if dtype == "float32" else 0)
    else:
        assert ours == theirs
    if op.inplace:
        ours = _outcome(lambda: getattr(x.clone(), name + "_")(*args, **kwargs))
        theirs = _outcome(lambda: getattr(px.clone(), name + "_")(*pargs, **kwargs))
        assert ours[0] == theirs[0] and (ours[0] == "ok" or ours == theirs), (ours, theirs)


@pytest.mark.parity
@pytest.mark.parametrize("name, numbers", declared())
def test_node_names_gradients_and_argument_errors_match_pytorch(name, numbers):
    pt = real_torch()
    op = OPS[name]
    (x, args, kwargs), _ = sample(op, "contiguous", dtypes(name)[-1], numbers=numbers)
    grad = x.is_floating_point()
    ours_in = [t.detach().clone().requires_grad_(grad and t.is_floating_point()) if isinstance(t, torch.Tensor)
               else t for t in [x] + args]
    theirs_in = [_to_torch(pt, t).requires_grad_(grad and t.is_floating_point()) if isinstance(t, torch.Tensor)
                 else t for t in [x] + args]
    ours = getattr(torch, name)(*ours_in, **kwargs)
    theirs = getattr(pt, name)(*theirs_in, **kwargs)
    if not differentiable(name) or theirs.grad_fn is None:  # (positive returns its input itself)
        assert ours.grad_fn is None and theirs.grad_fn is None
        return
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    if not gradcheckable(name):
        return
    ours.sum().backward()
    theirs.sum().backward()
    for a, b in zip(ours_in, theirs_in):
        if isinstance(a, torch.Tensor) and a.requires_grad:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-12, atol=1e-12)
    for i in range(len(args)):
        if isinstance(args[i], str):
            continue
        bad, pbad = list(args), [_to_torch(pt, a) for a in args]
        bad[i] = pbad[i] = "x"
        if op.method:
            assert _outcome(lambda: getattr(x, name)(*bad, **kwargs)) == \
                _outcome(lambda: getattr(_to_torch(pt, x), name)(*pbad, **kwargs))
        # the function forms' overload lists are PyTorch's per-op text: the first line must agree
        if not OVERRIDES.get(name, {}).get("function_message", True):
            continue
        ours = _outcome(lambda: getattr(torch, name)(x, *bad, **kwargs))
        theirs = _outcome(lambda: getattr(pt, name)(_to_torch(pt, x), *pbad, **kwargs))
        assert (ours[0], ours[1].splitlines()[0]) == (theirs[0], theirs[1].splitlines()[0])

"""Elementwise ops: binary arithmetic with broadcasting and PyTorch's type
promotion, comparisons, logical and bitwise ops, unary maths, clamp,
fill_/zero_, isclose/allclose/equal.

Each op has one implementation taking ``(input, other, ..., out, inplace)``;
methods, operators, in-place methods and ``tensorlib.<op>`` functions are thin
wrappers over it (see the declarations at its end).  The hot path — two tensors of one
dtype and shape, the first contiguous — allocates the result and calls the
kernel with no other work."""

from functools import partial

import numpy as np

from .. import _dtype as D
from .._device import CPU
from .. import _layout
from .. import _tensor as _T
from .. import _operators
from .._C import Storage, TensorBase, make_tensor
from .._fast_paths import FAST_PATHS
from .._scalar_conversion import check_fits, scalar_argument
from ..backends import backend_for
from ._common import (as_method, check_inplace, compute_into, contiguous_strides, device_of, flat_elements,
                      is_contiguous, is_number, new_result, numel, operand, prepare_out, result_strides,
                      write_result)
from .._type_names import cpp_type_name, not_implemented, type_name
from ._op_docs import example
from ._registry import declare
from .unary import unary

# kinds of binary op: what the result dtype is
ARITH = 0      # the promoted dtype
TRUEDIV = 1    # the promoted dtype, integers going to the default float
COMPARE = 2    # bool, computed in the promoted dtype
LOGICAL = 3    # bool

_bool = D.bool


def _scalar_tensor(value):
    """A 0-d tensor of a Python or NumPy number, in the dtype ``tensorlib.tensor(value)`` gives it."""
    dtype = D.from_numpy(value.dtype) if isinstance(value, np.generic) else D.scalar_dtype(value)
    return _T.host_tensor(np.asarray(value), dtype, CPU)


# ---- binary core ----------------------------------------------------------------------------
def binary(op, a, b, kind=ARITH):
    """``a op b`` into a new tensor; ``a`` is a tensor, ``b`` a tensor or a Python scalar.

    Fast paths: same dtype and shape with ``a`` contiguous, and a contiguous
    tensor with a Python scalar that keeps its dtype (skipped with the fast
    paths off); the rest goes to ``binary_general``."""
    if FAST_PATHS and isinstance(a, TensorBase):
        cls = b.__class__
        if cls is int or cls is float or cls is bool:
            dt = a._dtype
            if cls is float:
                cdt = dt if dt.is_floating_point else None
            elif cls is int:
                cdt = dt if dt is not _bool else None
            else:
                cdt = dt
            shape = a._shape
            if cdt is not None and op in _SCALAR_IN_FLOAT32 and D.compute_dtype(dt) is not dt:
                cdt = None  # binary_general keeps the number in float32
            if cdt is not None and (kind != TRUEDIV or dt.is_floating_point) and is_contiguous(shape, a._strides):
                dev = a._storage.device
                backend = backend_for(dev)
                rdt = _bool if kind >= COMPARE else dt
                n = numel(shape)
                flat = backend.empty(n, rdt.numpy)
                res = make_tensor(_T.Tensor, Storage(flat, dev, backend), shape, contiguous_strides(shape), 0, rdt)
                scalar = backend.strided_view(backend.scalar_buffer(b, dt.numpy), (n,), (0,), 0)
                backend.binary(op, flat_elements(a, n), scalar, flat)
                return res
        elif isinstance(b, TensorBase):
            dt = a._dtype
            shape = a._shape
            if b._dtype is dt and b._shape == shape and (kind != TRUEDIV or dt.is_floating_point):
                dev = a._storage.device
                if b._storage.device is dev and is_contiguous(shape, a._strides):
                    backend = backend_for(dev)
                    rdt = _bool if kind >= COMPARE else dt
                    n = numel(shape)
                    flat = backend.empty(n, rdt.numpy)
                    strides = contiguous_strides(shape)
                    res = make_tensor(_T.Tensor, Storage(flat, dev, backend), shape, strides, 0, rdt)
                    if is_contiguous(shape, b._strides):
                        # same layout: the kernel runs over the flat element ranges
                        data = a._storage.data
                        off = a._offset
                        a_flat = data if off == 0 and len(data) == n else data[off:off + n]
                        data = b._storage.data
                        off = b._offset
                        backend.binary(op, a_flat, data if off == 0 and len(data) == n else data[off:off + n], flat)
                    else:
                        backend.binary(op, a._array(), b._array(),
                                       flat if len(shape) == 1 else backend.strided_view(flat, shape, strides, 0))
                    return res
    return binary_general(op, a, b, kind)


def binary_operator(op, kind, name, slow, bool_ok=True):
    """A Tensor method ``(self, other)`` computing ``self op other``: the common
    case — CPU, contiguous, no promotion: ``other`` a contiguous tensor of self's
    dtype and shape, or a Python int/float that keeps self's dtype — runs in one
    C call (``tensorlib._operators``); anything else (and bool ``self`` when not
    ``bool_ok``) goes to ``slow(self, other)``.  ``name`` is the autograd node
    (None: not recorded).  With the fast paths off: ``slow`` itself."""
    if not FAST_PATHS:
        return slow
    ctx = {"alpha": 1} if op in ("add", "sub") else {}
    return as_method(_operators.binary_operator(op, kind, name, slow, bool_ok, ctx), slow)


def inplace_operator(op, kind, slow, bool_ok=True):
    """An in-place Tensor method ``(self, other, **kwargs)`` (``add_``,
    ``__iadd__``...): with no autograd to record, a contiguous CPU ``self`` and an
    operand of its dtype, one C call; the rest goes to ``slow``.  With the fast
    paths off: ``slow`` itself."""
    if not FAST_PATHS:
        return slow
    return as_method(_operators.inplace_operator(op, kind, slow, bool_ok), slow)


def binary_general(op, a, b, kind, out=None, inplace=False, fname=None, alpha=None, validate=None,
                   keep_layout=True):
    """The full binary path: scalars on either side, promotion, broadcasting,
    ``out=`` (validated and resized) and in-place (``a`` is written).  A new
    result follows the operands' layout unless ``keep_layout`` is False."""
    if not isinstance(a, TensorBase):
        if not isinstance(b, TensorBase):
            a = _scalar_tensor(a)
    common = D.result_type(a, b)
    if kind == TRUEDIV and not common.is_floating_point:
        common = D.get_default_dtype()
    kdt = _bool if kind >= COMPARE else common
    device = device_of(a, b)
    backend = backend_for(device)
    sa = a._shape if isinstance(a, TensorBase) else ()
    sb = b._shape if isinstance(b, TensorBase) else ()
    shape = sa if sa == sb else _layout.broadcast_shapes(sa, sb)
    if inplace:  # PyTorch refuses a result self cannot hold before it looks at the dtypes' kernels
        check_inplace(a, shape, kdt, (b,))
    if validate is not None:
        validate(common, a, b, backend)
    target = res = None
    if inplace:
        target = a
    elif out is not None:
        target = prepare_out(out, shape, kdt, fname, (a, b))
    else:   # allocated before the operands' views: its size check names a result too big to exist
        res, arr = new_result(shape, kdt, device, backend,
                              result_strides(shape, (a, b), common) if keep_layout else None)
    work = common
    if D.compute_dtype(common) is not common and (
            alpha is not None or (op in _SCALAR_IN_FLOAT32 and (_is_scalar(b) or not isinstance(a, TensorBase)))):
        # float16/bfloat16 times or over a number, or plus alpha times: computed in float32 as PyTorch
        # does, the number kept in float32 (alpha rounded to the tensors' dtype first)
        work = D.compute_dtype(common)
    a_arr = operand(a, work, shape, backend, device)
    b_arr = operand(b, work, shape, backend, device)
    fused = alpha is not None and work.is_floating_point  # PyTorch: a + alpha * b in one multiply-add
    if alpha is not None:
        factor = alpha if work is common else float(np.asarray(alpha, np.float32).astype(common.numpy))
        factor = operand(factor, work, shape, backend)
        if not fused:
            scaled = backend.empty_array(shape, work.numpy)
            backend.binary("mul", b_arr, factor, scaled)
            b_arr = scaled

    def apply(into):
        if fused:
            backend.fused_multiply_add(b_arr, factor, a_arr, into)
        else:
            backend.binary(op, a_arr, b_arr, into)

    def run(into):
        if work is common:
            apply(into)
            return
        result = backend.empty_array(shape, work.numpy)
        apply(result)
        backend.copy_into(into, result)

    if res is not None:
        run(arr)
        return res
    return compute_into(target, kdt, shape, backend, run)


# the ops whose number operand a float16/bfloat16 tensor takes as float32 (others round it to the tensor's dtype)
_SCALAR_IN_FLOAT32 = _operators.SCALAR_IN_FLOAT32


def _is_scalar(x):
    """Whether ``x`` is a number or a 0-d tensor: the second operands PyTorch's kernels take as a scalar."""
    return not isinstance(x, TensorBase) or not x._shape


def dtype_of(x):
    return x._dtype if isinstance(x, TensorBase) else D.scalar_dtype(x)


def _has_zero(x, dtype, backend):
    if isinstance(x, TensorBase):
        return backend.any_zero(x._array())
    return x == 0


def int_division_check(common, a, b, backend):
    if common.is_floating_point:
        return
    if (isinstance(a, TensorBase) and not numel(a._shape)) or (isinstance(b, TensorBase) and not numel(b._shape)):
        return  # nothing is divided
    if _has_zero(b, common, backend):
        raise RuntimeError("ZeroDivisionError")


def finish_binary(a, res, out, inplace, name, inputs, **ctx):
    """Records a binary op's node (in place, on a new result; nothing for ``out=``) and returns its result."""
    if inplace:
        return a._record_inplace(name, inputs[1:], **ctx)
    if out is not None:
        return res
    if not isinstance(a, TensorBase):
        return inputs[1]._record_result(res, name, inputs, **ctx) if isinstance(inputs[1], TensorBase) else res
    return a._record_result(res, name, inputs, **ctx)


# ---- comparisons, logical, bitwise, maximum/minimum -----------------------------------------
def compare(op, a, b, out=None, inplace=False):
    if out is None and not inplace:
        return binary(op, a, b, COMPARE)
    res = binary_general(op, a, b, COMPARE, out, inplace, op)
    return a._record_inplace(op, (b,)) if inplace else res


def logical(op, a, b, out=None, inplace=False):
    if out is None and not inplace:
        return binary_general(op, a, b, LOGICAL)
    res = binary_general(op, a, b, LOGICAL, out, inplace, op)
    return a._record_inplace(op, (b,)) if inplace else res


def bitwise(op, a, b, out=None, inplace=False):
    def validate(common, a, b, backend):
        if common.is_floating_point:
            raise not_implemented(op + "_cpu", common)
    res = binary_general(op, a, b, ARITH, out, inplace, op, validate=validate)
    return a._record_inplace(op, (b,)) if inplace else res


def maximum(a, b, out=None):
    res = binary("maximum", a, b) if out is None else binary_general("maximum", a, b, ARITH, out, False, "maximum")
    return finish_binary(a, res, out, False, "MaximumBackward0", (a, b))


def minimum(a, b, out=None):
    res = binary("minimum", a, b) if out is None else binary_general("minimum", a, b, ARITH, out, False, "minimum")
    return finish_binary(a, res, out, False, "MinimumBackward0", (a, b))


def round_(x, decimals=0, out=None, inplace=False):
    if not decimals:
        return unary("round", x, out, inplace)
    dt = x._dtype
    if not dt.is_floating_point:
        raise not_implemented("round_cpu", dt)
    backend = backend_for(x._storage.device)
    shape = x._shape
    if inplace:
        check_inplace(x, shape, dt)
    elif out is not None:
        prepare_out(out, shape, dt, "round", (x,), exact_dtype=True)
    src = x._array()
    work = D.compute_dtype(dt)
    tmp = backend.cast(src, work.numpy)
    ten = operand(10.0 ** abs(decimals), work, shape, backend)
    if decimals > 0:
        backend.binary("mul", tmp, ten, tmp)
        backend.unary("round", tmp, tmp)
        backend.binary("div", tmp, ten, tmp)
    else:
        backend.binary("div", tmp, ten, tmp)
        backend.unary("round", tmp, tmp)
        backend.binary("mul", tmp, ten, tmp)
    if inplace:
        write_result(x, tmp, backend)
        return x._record_inplace("RoundBackward1", (), decimals=decimals)
    if out is not None:
        return write_result(out, tmp, backend)
    res, arr = new_result(shape, dt, x._storage.device, backend, result_strides(shape, (x,)))
    backend.copy_into(arr, tmp)
    return x._record_result(res, "RoundBackward1", (x,), decimals=decimals)


def positive(x):
    if x._dtype is _bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return x


# ---- clamp -----------------------------------------------------------------------------------
def clamp(x, min=None, max=None, out=None, inplace=False, fname="clamp"):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]  # tensors, or numbers (the registry checked)
    tensor_bounds = isinstance(bounds[0], TensorBase)
    if not tensor_bounds:
        dtype = D.result_type(x, *bounds)
        if dtype is not _bool:
            for b in bounds:
                check_fits(b.item() if hasattr(b, "item") else b, dtype)
    elif fname == "clamp" and D.result_type(x, *bounds) is _bool:
        raise not_implemented(f"clamp_{x._storage.device.type}", _bool)
    common = D.result_type(x, *bounds)
    device = device_of(x, *bounds)
    backend = backend_for(device)
    shape = x._shape
    for b in bounds:
        if isinstance(b, TensorBase) and b._shape != shape:
            shape = _layout.broadcast_shapes(shape, b._shape)
    if inplace:
        if common is not x._dtype and not D.can_cast(common, x._dtype):
            raise RuntimeError(f"result type {common.short_name} can't be cast to the desired output type "
                               f"{cpp_type_name(x._dtype)}")
        check_inplace(x, shape, common, bounds)
        target = x
    elif out is not None:
        target = prepare_out(out, shape, common, fname, (x, *bounds))
    else:
        target = None
    src = operand(x, common, shape, backend, device)
    if target is None:
        res, arr = new_result(shape, common, device, backend, result_strides(shape, (x,)))
    elif target._dtype is common:
        res, arr = target, target._array()
    else:
        res, arr = target, backend.empty_array(shape, common.numpy)
    if min is not None:
        backend.binary("maximum", src, operand(min, common, shape, backend, device), arr)
        src = arr
    if max is not None:
        backend.binary("minimum", src, operand(max, common, shape, backend, device), arr)
    if target is not None:
        if target._dtype is common:
            target._version_counter.bump()
        else:
            write_result(target, arr, backend)
    if fname == "clamp_min":
        name = "ClampMinBackward1" if tensor_bounds else "ClampMinBackward0"
    elif fname == "clamp_max":
        name = "ClampMaxBackward1" if tensor_bounds else "ClampMaxBackward0"
    else:
        name = "ClampBackward0" if tensor_bounds else "ClampBackward1"
    if inplace:
        return x._record_inplace(name, tuple(bounds), min=min, max=max)
    if out is not None:
        return res
    return x._record_result(res, name, (x, min, max))


# ---- fill_ / zero_ ---------------------------------------------------------------------------
def fill_(x, value):
    tensor_value = isinstance(value, TensorBase)
    if tensor_value:
        if value._shape:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{len(value._shape)} dimensions.")
        scalar = value.item()
    elif is_number(value):
        scalar = scalar_argument(value.item() if hasattr(value, "item") else value)
        check_fits(scalar, x._dtype)
    else:
        raise TypeError(f"fill_() received an invalid combination of arguments - got ({type_name(value)}), "
                        "but expected one of: (Number value, Tensor value)")
    x._check_inplace()
    backend = backend_for(x._storage.device)
    backend.fill(x._array(), backend.scalar_buffer(scalar, x._dtype.numpy)[0])
    x._version_counter.bump()
    if tensor_value:
        return x._record_inplace("FillBackward3", (value,))
    return x._record_inplace("FillBackward2", (), value=value)


def zero_(x):
    x._check_inplace()
    backend = backend_for(x._storage.device)
    backend.fill(x._array(), backend.scalar_buffer(0, x._dtype.numpy)[0])
    x._version_counter.bump()
    return x._record_inplace("ZeroBackward0", ())


# ---- closeness -------------------------------------------------------------------------------
def _fmt(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    if not isinstance(b, TensorBase):
        raise TypeError(f"isclose(): argument 'other' (position 2) must be Tensor, not {type_name(b)}")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{a._dtype.short_name} did not match {b._dtype.short_name}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {_fmt(rtol)}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {_fmt(atol)}")
    device = device_of(a, b)
    backend = backend_for(device)
    shape = _layout.broadcast_shapes(a._shape, b._shape)
    res, arr = new_result(shape, _bool, device, backend)
    backend.isclose(operand(a, a._dtype, shape, backend, device), operand(b, b._dtype, shape, backend, device),
                    rtol, atol, equal_nan, arr)
    return res


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    close = isclose(a, b, rtol, atol, equal_nan)
    return bool(backend_for(close._storage.device).to_host(close._array()).all())


def equal(a, b):
    if not isinstance(b, TensorBase):
        raise TypeError(f"equal(): argument 'other' (position 2) must be Tensor, not {type_name(b)}")
    device_of(a, b)
    if a._shape != b._shape:
        return False
    same = binary_general("eq", a, b, COMPARE)
    return bool(backend_for(same._storage.device).to_host(same._array()).all())


# ---- the declarations of the comparison, logical, bitwise and maximum/minimum ops ----------------
def is_operand(other):
    return isinstance(other, TensorBase) or is_number(other)


def python_operator(name, compute, accepts=is_operand):
    """The Python operator ``name``: ``compute(self, other)``, or NotImplemented for an operand
    it does not ``accept`` (so Python tries the other side)."""
    def operator(self, other):
        return compute(self, other) if accepts(other) else NotImplemented
    operator.__name__, operator.__qualname__ = name, "Tensor." + name
    return operator


_COMPARED = {"eq": ("equal to", "tensor([False,  True, False])"),
             "ne": ("not equal to", "tensor([ True, False,  True])"),
             "lt": ("less than", "tensor([ True, False, False])"),
             "le": ("less than or equal to", "tensor([ True,  True, False])"),
             "gt": ("greater than", "tensor([False, False,  True])"),
             "ge": ("greater than or equal to", "tensor([False,  True,  True])")}


def _comparison_doc(op):
    relation, result = _COMPARED[op]
    return f"""Compares ``input`` with ``other`` element by element: True where ``input`` is {relation} ``other``.

    Args:
        other: the tensor or number to compare with, broadcast against ``input``.

    Returns:
        a bool tensor of the broadcast shape.
    """ + example(f">>> torch.{op}(torch.tensor([1, 2, 3]), 2)", result)


for _op, _aliases in (("eq", ()), ("ne", ("not_equal",)), ("lt", ("less",)), ("le", ("less_equal",)),
                      ("gt", ("greater",)), ("ge", ("greater_equal",))):
    _dunder = f"__{_op}__"
    declare(_op, partial(compare, _op), "Tensor|Number other", aliases=_aliases, doc=_comparison_doc(_op), operators={
        _dunder: binary_operator(_op, COMPARE, None, python_operator(_dunder, partial(binary, _op, kind=COMPARE)))})
_LOGICAL = {"logical_and": ("both are", "tensor([ True, False, False])"),
            "logical_or": ("either is", "tensor([ True,  True, False])"),
            "logical_xor": ("exactly one is", "tensor([False,  True, False])")}
for _op, (_which, _result) in _LOGICAL.items():
    declare(_op, partial(logical, _op), "Tensor other", doc=f"""True where {_which} nonzero (true), element by element
        of ``input`` and ``other``.

        Returns:
            a bool tensor of the broadcast shape.
        """ + example(f">>> torch.{_op}(torch.tensor([True, True, False]), torch.tensor([True, False, False]))",
                      _result))
_BITWISE = {"bitwise_and": ("and", "&", "tensor([4, 2])"), "bitwise_or": ("or", "|", "tensor([14, 14])"),
            "bitwise_xor": ("xor", "^", "tensor([10, 12])")}
for _op, (_symbol, _operator, _result) in _BITWISE.items():
    declare(_op, partial(bitwise, _op), "Tensor|Number other", operators={
        f"__{_symbol}__": python_operator(f"__{_symbol}__", partial(bitwise, _op)),
        f"__r{_symbol}__": python_operator(f"__r{_symbol}__", partial(bitwise, _op)),
        f"__i{_symbol}__": python_operator(f"__i{_symbol}__", partial(bitwise, _op, inplace=True))},
        doc=f"""The bitwise {_symbol} of integer or bool ``input`` and ``other`` (``input {_operator} other``).

        Args:
            other: the integer or bool tensor or number, broadcast against ``input``.
        """ + example(f">>> torch.{_op}(torch.tensor([12, 10]), 6)", _result))
declare("maximum", maximum, "Tensor other", inplace=False, doc="""The larger of ``input`` and ``other``, element by
    element; NaN where either is NaN.""" + example(">>> torch.maximum(torch.tensor([1., 5.]), torch.tensor([3., 2.]))",
                                                  "tensor([3., 5.])"))
declare("minimum", minimum, "Tensor other", inplace=False, doc="""The smaller of ``input`` and ``other``, element by
    element; NaN where either is NaN.""" + example(">>> torch.minimum(torch.tensor([1., 5.]), torch.tensor([3., 2.]))",
                                                  "tensor([1., 2.])"))
declare("round", round_, "*, int decimals=0", doc="""Rounds each element of ``input`` to ``decimals`` decimal places,
    halves to the nearest even value.

    Args:
        decimals: how many decimal places to keep (negative: round to tens, hundreds...).
    """ + example(">>> torch.round(torch.tensor([0.5, 1.5, 2.567]))", "tensor([0., 2., 3.])",
                  ">>> torch.round(torch.tensor([2.567]), decimals=2)", "tensor([2.5700])"))
declare("positive", lambda x: positive(x), "", inplace=False, out=False, doc="""Returns ``input`` itself (``+input``);
    a bool tensor raises RuntimeError.""" + example(">>> torch.positive(torch.tensor([-1., 2.]))",
                                                    "tensor([-1.,  2.])"))
declare("clamp", clamp, ("Tensor? min=None, Tensor? max=None", "Number? min=None, Number? max=None"),
        aliases=("clip",), doc="""Limits each element of ``input`` to the range [``min``, ``max``]: elements below
    ``min`` become ``min``, those above ``max`` become ``max``.

    Args:
        min: the lower bound; None for none.
        max: the upper bound; None for none (at least one bound is needed).
    """ + example(">>> torch.clamp(torch.tensor([-2., 0.5, 3.]), min=0., max=1.)",
                  "tensor([0.0000, 0.5000, 1.0000])"))
declare("clamp_min", lambda x, min, out=None, inplace=False: clamp(x, min, None, out, inplace, "clamp_min"),
        ("Tensor min", "Number min"), doc="""Raises each element of ``input`` below ``min`` to ``min``.

    Args:
        min: the lower bound.
    """ + example(">>> torch.clamp_min(torch.tensor([-2., 0.5, 3.]), 0.)", "tensor([0.0000, 0.5000, 3.0000])"))
declare("clamp_max", lambda x, max, out=None, inplace=False: clamp(x, None, max, out, inplace, "clamp_max"),
        ("Tensor max", "Number max"), doc="""Lowers each element of ``input`` above ``max`` to ``max``.

    Args:
        max: the upper bound.
    """ + example(">>> torch.clamp_max(torch.tensor([-2., 0.5, 3.]), 1.)", "tensor([-2.0000,  0.5000,  1.0000])"))


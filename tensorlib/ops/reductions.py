"""Reductions (sum, mean, prod, max/min and arg*, amax/amin, std/var, norm,
logsumexp, all/any, count_nonzero), cumulative ops, sorting and selection
(sort, argsort, topk, median, unique)."""
import math

from .. import _dtype as D
from .. import _layout, _operators
from .._fast_paths import FAST_PATHS
from .._C import TensorBase
from . import _norm_order, return_types
from ._common import (array_of, backend_for, is_contiguous, keepdim_shape, new_result, numel, operand, prepare_out,
                      reduce_dims, reduced_shape, result_strides, warn_user)
from .._type_names import type_name

_bool = D.bool


def _integral(dt):
    return not dt.is_floating_point


def _reduce_into(op, x, axes, keepdim, cdt, kdt, rdt, out, fname, post=None):
    """Runs backend.reduce(op) over ``axes`` of ``x`` (read as ``cdt``) into a
    ``kdt`` array and returns the result as ``rdt`` in a new tensor or ``out``;
    ``post(tmp, backend)`` may finish the keepdims-shaped array in place."""
    shape = x._shape
    oshape = reduced_shape(shape, axes, keepdim)
    kshape = keepdim_shape(shape, axes)
    device = x._storage.device
    backend = backend_for(device)
    if out is not None:
        prepare_out(out, oshape, rdt, fname, (x,))
    if out is None and rdt is kdt:
        res, arr = new_result(oshape, rdt, device, backend)
        if cdt is x._dtype and len(axes) == len(shape) and is_contiguous(shape, x._strides):
            # a full reduction of contiguous data: reduce the flat elements
            n = numel(shape)
            data = x._storage.data
            src = data if x._offset == 0 and len(data) == n else data[x._offset:x._offset + n]
            karr = res._storage.data
            backend.reduce(op, src, (0,), karr)
        else:
            karr = arr.reshape(kshape)
            backend.reduce(op, array_of(x, cdt, backend), axes, karr)
        if post is not None:
            post(karr, backend)
        return res
    src = array_of(x, cdt, backend)
    tmp = backend.empty_array(kshape, kdt.numpy)
    backend.reduce(op, src, axes, tmp)
    if post is not None:
        post(tmp, backend)
    if out is None:
        res, arr = new_result(oshape, rdt, device, backend)
        backend.copy_into(arr, tmp.reshape(oshape))
        return res
    backend.copy_into(out._array(), tmp.reshape(oshape))
    out._version_counter.bump()
    return out


def _accumulation(x, dtype, out):
    """(input dtype, kernel dtype, result dtype) of sum/prod."""
    if dtype is not None:
        return dtype, dtype, dtype
    if isinstance(out, TensorBase):
        return out._dtype, out._dtype, out._dtype  # sum(out=) accumulates in the out dtype
    if _integral(x._dtype):
        return x._dtype, D.int64, D.int64
    return x._dtype, x._dtype, x._dtype


# ---- sum / mean / prod -----------------------------------------------------------------------
def _recorded(x, res, out, whole, full_node, dim_node, **ctx):
    """A sum-like reduction's result recorded as ``full_node`` (``whole``: no dim given) or
    ``dim_node``; ``out=`` results are never recorded."""
    if out is not None:
        return res
    if whole:
        return x._record_result(res, full_node, (x,))
    return x._record_result(res, dim_node, (x,), **ctx)


def sum(x, dim=None, keepdim=False, dtype=None, out=None):
    axes, full = reduce_dims(dim, len(x._shape))
    cdt, kdt, rdt = _accumulation(x, dtype, out)
    res = _reduce_into("sum", x, axes, keepdim, cdt, kdt, rdt, out, "sum")
    return _recorded(x, res, out, dim is None, "SumBackward0", "SumBackward1", dim=axes, keepdim=keepdim)


def reduction_method(op, slow):
    """``Tensor.sum``/``Tensor.mean``: float32/float64 CPU tensors reduce in one C
    call (``tensorlib._operators``), recording the same nodes; ``slow`` does the rest.
    With the fast paths off: ``slow`` itself."""
    if not FAST_PATHS:
        return slow
    full_node, dim_node = {"sum": ("SumBackward0", "SumBackward1"), "mean": ("MeanBackward0", "MeanBackward1")}[op]
    return _operators.reduction_method(op, full_node, dim_node, slow)


def mean(x, dim=None, keepdim=False, dtype=None, out=None):
    if dtype is None:
        if not x._dtype.is_floating_point:
            raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point "
                               f"or complex dtype. Got: {x._dtype.short_name}")
        rdt = x._dtype
    else:
        if not dtype.is_floating_point:
            raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating "
                               f"point or complex dtype. Got: {dtype.short_name}")
        rdt = dtype
    axes, full = reduce_dims(dim, len(x._shape))
    count = 1
    for a in axes:
        count *= x._shape[a]
    cdt = D.compute_dtype(rdt)

    def divide(arr, backend):
        backend.binary("div", arr, operand(count, cdt, arr.shape, backend), arr)

    res = _reduce_into("sum", x, axes, keepdim, cdt, cdt, rdt, out, "mean", divide)
    return _recorded(x, res, out, dim is None, "MeanBackward0", "MeanBackward1", dim=axes, keepdim=keepdim)


def prod(x, dim=None, keepdim=False, dtype=None, out=None):
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod() received an invalid combination of arguments - got ({type_name(dim)}), but "
                        "expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n"
                        " * (Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None)")
    axes, full = reduce_dims(dim, len(x._shape))
    cdt, kdt, rdt = _accumulation(x, dtype, out)
    res = _reduce_into("prod", x, axes, keepdim, cdt, kdt, rdt, out, "prod")
    return _recorded(x, res, out, dim is None, "ProdBackward0", "ProdBackward1", dim=axes[0] if axes else 0,
                     keepdim=keepdim)


# ---- max / min and friends -------------------------------------------------------------------
def _check_nonempty(x, axes, fname, full):
    if full:
        if not numel(x._shape):
            raise RuntimeError(f"{fname}(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        return
    for a in axes:
        if x._shape[a] == 0:
            raise IndexError(f"{fname}(): Expected reduction dim {a} to have non-zero size.")


def extreme(op, x, dim=None, keepdim=False, out=None):
    """max/min: full reduction, (values, indices) along ``dim``, or the binary form."""
    from . import elementwise
    if isinstance(dim, TensorBase):
        fn = elementwise.maximum if op == "max" else elementwise.minimum
        return fn(x, dim, out)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"{op}() received an invalid combination of arguments - got ({type_name(dim)}), but "
                        "expected one of:\n * (Tensor input, *, Tensor out = None)\n"
                        " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                        " * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)")
    nd = len(x._shape)
    if dim is None:
        _check_nonempty(x, (), op, True)
        axes = tuple(range(nd))
        res = _reduce_into(op, x, axes, False, x._dtype, x._dtype, x._dtype, out, op)
        if out is not None:
            return res
        return x._record_result(res, "MaxBackward1" if op == "max" else "MinBackward1", (x,))
    axes, _ = reduce_dims(dim, nd)
    _check_nonempty(x, axes, op, False)
    d = axes[0] if axes else 0
    values, indices = _values_indices(x, axes, keepdim, out, op)
    arg = "argmax" if op == "max" else "argmin"
    backend = backend_for(x._storage.device)
    src = x._array()
    kshape = keepdim_shape(x._shape, axes)
    itmp = backend.empty_array(kshape, D.int64.numpy)
    if axes:
        backend.arg_reduce(arg, src, d, itmp)
    else:
        backend.fill(itmp, D.int64.numpy.type(0))
    vtmp = backend.empty_array(kshape, x._dtype.numpy)
    backend.reduce(op, src, axes, vtmp)
    oshape = values._shape
    backend.copy_into(values._array(), vtmp.reshape(oshape))
    backend.copy_into(indices._array(), itmp.reshape(oshape))
    if out is not None:
        values._version_counter.bump()
        indices._version_counter.bump()
        return getattr(return_types, op + "_out")((values, indices))
    values = x._record_result(values, "MaxBackward0" if op == "max" else "MinBackward0", (x,),
                              dim=d, keepdim=keepdim, indices=indices)
    return getattr(return_types, op)((values, indices))


def _values_indices(x, axes, keepdim, out, fname):
    """New or validated ``out=(values, indices)`` tensors for a dim reduction."""
    oshape = reduced_shape(x._shape, axes, keepdim)
    device = x._storage.device
    backend = backend_for(device)
    if out is None:
        values, _ = new_result(oshape, x._dtype, device, backend)
        indices, _ = new_result(oshape, D.int64, device, backend)
        return values, indices
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"{fname}(): argument 'out' must be tuple of Tensors, not {type_name(out)}")
    values, indices = out
    prepare_out(values, oshape, x._dtype, fname, (x,), exact_dtype=True)
    prepare_out(indices, oshape, D.int64, fname, (x,), exact_dtype=True)
    return values, indices


def arg_extreme(op, x, dim=None, keepdim=False, out=None):
    if x._dtype is _bool:
        raise RuntimeError(f"{op}(): does not support bool input")
    nd = len(x._shape)
    device = x._storage.device
    backend = backend_for(device)
    if dim is None:
        if not numel(x._shape):
            raise IndexError(f"{op}(): Expected reduction dim to be specified for input.numel() == 0.")
        oshape = (1,) * nd if keepdim else ()
        axis = None
    else:
        axes, _ = reduce_dims(dim, nd)
        _check_nonempty(x, axes, op, False)
        oshape = reduced_shape(x._shape, axes, keepdim)
        axis = axes[0] if axes else None
    if out is not None:
        prepare_out(out, oshape, D.int64, op, (x,), exact_dtype=True)
        res, arr = out, out._array()
    else:
        res, arr = new_result(oshape, D.int64, device, backend)
    src = x._array()
    if axis is None:
        tmp = backend.empty_array((), D.int64.numpy)
        backend.arg_reduce(op, src if nd else src.reshape(1), None, tmp)
        backend.copy_into(arr, tmp.reshape(oshape) if oshape else tmp)
    else:
        tmp = backend.empty_array(keepdim_shape(x._shape, (axis,)), D.int64.numpy)
        backend.arg_reduce(op, src, axis, tmp)
        backend.copy_into(arr, tmp.reshape(oshape))
    if out is not None:
        out._version_counter.bump()
    return res


def amax_amin(op, x, dim=(), keepdim=False, out=None):
    fname = "amax" if op == "max" else "amin"
    axes, full = reduce_dims(dim, len(x._shape))
    _check_nonempty(x, axes, fname, full)
    res = _reduce_into(op, x, axes, keepdim, x._dtype, x._dtype, x._dtype, out, fname)
    if out is not None:
        return res
    return x._record_result(res, "AmaxBackward0" if op == "max" else "AminBackward0", (x,),
                            dim=axes, keepdim=keepdim)


# ---- std / var ---------------------------------------------------------------------------------
_DOF_WARNING = ("{}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor "
                "(input numel divided by output numel).")


def _var_args(fname, dim, unbiased, correction):
    if isinstance(dim, bool):  # var(unbiased) overload
        if unbiased is not None:
            raise TypeError(f"{fname}() received an invalid combination of arguments - got (bool, bool)")
        dim, unbiased = None, dim
    if unbiased is not None and not isinstance(unbiased, bool):
        raise TypeError(f"{fname}() received an invalid combination of arguments - got "
                        f"({type_name(dim)}, {type_name(unbiased)}), but expected one of:")
    if correction is None:
        correction = 0 if unbiased is False else 1
    return dim, correction


def var_std(fname, x, dim=None, unbiased=None, keepdim=False, correction=None, out=None):
    dim, correction = _var_args(fname, dim, unbiased, correction)
    dt = x._dtype
    if not dt.is_floating_point:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    axes, full = reduce_dims(dim, len(x._shape))
    count = 1
    for a in axes:
        count *= x._shape[a]
    shape = x._shape
    oshape = reduced_shape(shape, axes, keepdim)
    device = x._storage.device
    backend = backend_for(device)
    if out is not None:
        prepare_out(out, oshape, dt, fname, (x,))
    denominator = count - correction
    if denominator <= 0:
        warn_user(_DOF_WARNING.format(fname))
    if count == numel(shape) and count and dt in (D.float32, D.float64):
        s = _var_of_all(x, dt, correction, fname == "std", backend)
    else:
        s = _var_over(x, axes, count, denominator, fname == "std", backend)
    if out is not None:
        backend.copy_into(out._array(), s.reshape(oshape))
        out._version_counter.bump()
        return out
    res, arr = new_result(oshape, dt, device, backend)
    backend.copy_into(arr, s.reshape(oshape))
    return x._record_result(res, "StdBackward0" if fname == "std" else "VarBackward0", (x,),
                            dim=None if dim is None else axes, correction=correction, keepdim=keepdim)


def _var_of_all(x, dt, correction, take_sqrt, backend):
    """var/std of all of a float32/float64 x as PyTorch's CPU kernel computes it: the mean
    (of x's dtype, summed in PyTorch's order) as a double, the squared deviations added
    in double one by one in memory order, divided in double, rounded to x's dtype once."""
    src = array_of(x, dt, backend)
    whole = tuple(range(len(x._shape)))
    mean = backend.empty_array((1,) * len(x._shape), dt.numpy)
    backend.reduce("sum", src, whole, mean)
    backend.binary("div", mean, operand(numel(x._shape), dt, mean.shape, backend), mean)
    flat = src.ravel(order="K")
    dev = backend.empty_array(flat.shape, D.float64.numpy)
    backend.copy_into(dev, flat)
    mean64 = backend.empty_array((1,), D.float64.numpy)
    backend.copy_into(mean64, mean.reshape(1))
    backend.binary("sub", dev, backend.broadcast_to(mean64, flat.shape), dev)
    backend.binary("mul", dev, dev, dev)
    backend.cumulative("cumsum", dev, 0, dev)        # one by one, as its loop adds them
    total = dev[-1:]
    backend.binary("div", total, operand(max(0.0, numel(x._shape) - correction), D.float64, (1,), backend), total)
    if take_sqrt:
        backend.unary("rounded_sqrt", total, total)
    result = backend.empty_array((1,) * len(x._shape), dt.numpy)
    backend.copy_into(result, total.reshape(result.shape))
    return result


def _var_over(x, axes, count, denominator, take_sqrt, backend):
    """var/std over ``axes`` (keepdim shape): PyTorch's CPU kernel runs Welford's
    updates in double and rounds once; here the mean and the squared deviations, both
    summed in double (the same float32 and 2-byte results but in rare ties; float64
    results may differ in the last bits)."""
    shape = x._shape
    kshape = keepdim_shape(shape, axes)
    src = array_of(x, D.float64, backend)
    m = backend.empty_array(kshape, D.float64.numpy)
    backend.reduce("sum", src, axes, m)
    backend.binary("div", m, operand(count, D.float64, kshape, backend), m)
    dev = backend.empty_array(shape, D.float64.numpy)
    backend.binary("sub", src, backend.broadcast_to(m, shape), dev)
    backend.binary("mul", dev, dev, dev)
    s = backend.empty_array(kshape, D.float64.numpy)
    backend.reduce("sum", dev, axes, s)
    backend.binary("div", s, operand(max(0, denominator), D.float64, kshape, backend), s)
    if take_sqrt:
        backend.unary("rounded_sqrt", s, s)
    return s


# ---- norm --------------------------------------------------------------------------------------
def norm(x, p="fro", dim=None, keepdim=False, dtype=None, out=None):
    if dtype is not None:
        x = x.to(dtype)
    dt = x._dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {dt.short_name}")
    if isinstance(dim, int):
        dim = (dim,)
    if p == "nuc":
        return _nuclear_norm(x, dim, keepdim)
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise RuntimeError(f"norm(): invalid p value {p!r}")
    p = float(p)
    axes, full = reduce_dims(dim, len(x._shape))
    device = x._storage.device
    backend = backend_for(device)
    shape = x._shape
    work = D.compute_dtype(dt)
    src = array_of(x, work, backend)
    absx = backend.empty_array(shape, work.numpy)
    backend.unary("abs", src, absx)
    kshape = keepdim_shape(shape, axes)
    acc = backend.empty_array(kshape, work.numpy)
    if p == math.inf or p == -math.inf:
        if not numel(shape):
            _check_nonempty(x, axes, "linalg.vector_norm", full)
        backend.reduce("max" if p > 0 else "min", absx, axes, acc)
    elif p == 0:
        nonzero = backend.empty_array(shape, D.bool.numpy)
        backend.binary("ne", absx, operand(0, work, shape, backend), nonzero)
        backend.copy_into(absx, nonzero)
        backend.reduce("sum", absx, axes, acc)
    elif p in (1, 2) and work in (D.float32, D.float64) and numel(shape):
        backend.copy_into(acc, _norm_order.vector_norm(src, axes, int(p), backend).reshape(kshape))
    elif p == 1:
        backend.reduce("sum", absx, axes, acc)
    elif p == 2:
        backend.binary("mul", absx, absx, absx)
        backend.reduce("sum", absx, axes, acc)
        backend.unary("rounded_sqrt", acc, acc)
    else:
        backend.binary("pow", absx, operand(p, work, shape, backend), absx)
        backend.reduce("sum", absx, axes, acc)
        backend.binary("pow", acc, operand(1.0 / p, work, kshape, backend), acc)
    oshape = reduced_shape(shape, axes, keepdim)
    if out is not None:
        prepare_out(out, oshape, dt, "norm", (x,))
        backend.copy_into(out._array(), acc.reshape(oshape))
        out._version_counter.bump()
        return out
    res, arr = new_result(oshape, dt, device, backend)
    backend.copy_into(arr, acc.reshape(oshape))
    return x._record_result(res, "LinalgVectorNormBackward0", (x,), ord=p, dim=axes, keepdim=keepdim)


def _nuclear_norm(x, dim, keepdim):
    nd = len(x._shape)
    if dim is None:
        if nd != 2:
            raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
        dim = (0, 1)
    d0, d1 = (_layout.normalize_dim(d, nd) for d in dim)
    values = _svdvals(x.movedim((d0, d1), (-2, -1))).sum(-1)
    if keepdim:
        for d in sorted((d0, d1)):
            values = values.unsqueeze(d)
    return values


def _svdvals(x):
    """The singular values of each matrix of ``x`` (last two dims), descending.  As
    in PyTorch, a tensor that requires grad gets the whole SVD, whose node
    (LinalgSvdBackward0) keeps U and Vh for the gradient ``U @ diag(g) @ Vh``."""
    if x._requires_grad:
        return _svd(x)[1]
    return _factors(x, "svdvals")[0]


def _svd(x):
    """``(U, S, Vh)``, the thin SVD of each matrix of ``x`` (last two dims), with
    its derivative (LinalgSvdBackward0)."""
    return x._record_results(_factors(x, "svd"), "LinalgSvdBackward0")


def _factors(x, kernel):
    """The arrays of backend ``kernel`` (svd: U, S, Vh; svdvals: S) on ``x`` as new
    tensors of x's dtype and device (float16 and bfloat16 are computed in float32)."""
    device = x._storage.device
    backend = backend_for(device)
    work = D.compute_dtype(x._dtype)
    arrays = getattr(backend, kernel)(array_of(x, work, backend))
    results = []
    for array in (arrays,) if kernel == "svdvals" else arrays:
        res, arr = new_result(array.shape, x._dtype, device, backend)
        backend.copy_into(arr, array)
        results.append(res)
    return tuple(results)


# ---- logsumexp / all / any / count_nonzero -----------------------------------------------------
def logsumexp(x, dim, keepdim=False, out=None):
    axes, _ = reduce_dims(dim, len(x._shape))
    dt = x._dtype if x._dtype.is_floating_point else D.get_default_dtype()
    shape = x._shape
    oshape = reduced_shape(shape, axes, keepdim)
    kshape = keepdim_shape(shape, axes)
    device = x._storage.device
    backend = backend_for(device)
    if out is not None:
        prepare_out(out, oshape, dt, "logsumexp", (x,))
    work = D.compute_dtype(dt)
    tmp = backend.empty_array(kshape, work.numpy)
    if any(shape[a] == 0 for a in axes):
        backend.fill(tmp, work.numpy.type(-math.inf))
    else:
        backend.logsumexp(array_of(x, work, backend), axes, tmp)
    if out is not None:
        backend.copy_into(out._array(), tmp.reshape(oshape))
        out._version_counter.bump()
        return out
    res, arr = new_result(oshape, dt, device, backend)
    backend.copy_into(arr, tmp.reshape(oshape))
    return x._record_result(res, "LogsumexpBackward0", (x,), dim=axes, keepdim=keepdim)


def all_any(op, x, dim=None, keepdim=False, out=None):
    axes, _ = reduce_dims(dim, len(x._shape))
    rdt = D.uint8 if x._dtype is D.uint8 else _bool
    return _reduce_into(op, x, axes, keepdim, _bool, _bool, rdt, out, op)


def count_nonzero(x, dim=None):
    axes, _ = reduce_dims(dim, len(x._shape))
    device = x._storage.device
    backend = backend_for(device)
    oshape = reduced_shape(x._shape, axes, False)
    tmp = backend.empty_array(keepdim_shape(x._shape, axes), D.int64.numpy)
    backend.count_nonzero(x._array(), axes, tmp)
    res, arr = new_result(oshape, D.int64, device, backend)
    backend.copy_into(arr, tmp.reshape(oshape))
    return res


# ---- cumulative --------------------------------------------------------------------------------
def cumulative(op, x, dim, dtype=None, out=None):
    nd = len(x._shape)
    d = _layout.normalize_dim(dim, nd)
    rdt = dtype if dtype is not None else (D.int64 if _integral(x._dtype) else x._dtype)
    device = x._storage.device
    backend = backend_for(device)
    shape = x._shape
    if out is not None:
        prepare_out(out, shape, rdt, op, (x,))
    # PyTorch's CPU kernel carries float32 running values in double, rounding each output
    work = D.float64 if rdt is D.float32 else D.compute_dtype(rdt)
    src = array_of(x, work, backend)
    if out is None and work is rdt:
        res, arr = new_result(shape, rdt, device, backend)
        if nd:
            backend.cumulative(op, src, d, arr)
        else:
            backend.copy_into(arr, src)
    else:
        tmp = backend.empty_array(shape, work.numpy)
        if nd:
            backend.cumulative(op, src, d, tmp)
        else:
            backend.copy_into(tmp, src)
        if out is not None:
            backend.copy_into(out._array(), tmp)
            out._version_counter.bump()
            return out
        res, arr = new_result(shape, rdt, device, backend)
        backend.copy_into(arr, tmp)
    if out is not None:
        return out
    name = "CumsumBackward0" if op == "cumsum" else "CumprodBackward0"
    return x._record_result(res, name, (x,), dim=d)


# ---- sorting and selection ---------------------------------------------------------------------
def sort(x, dim=-1, descending=False, stable=False, out=None):
    nd = len(x._shape)
    d = _layout.normalize_dim(dim, nd)
    values, indices = _sorted_outputs(x, x._shape, out, "sort")
    backend = backend_for(x._storage.device)
    if nd == 0:
        backend.copy_into(values._array(), x._array())
        backend.fill(indices._array(), D.int64.numpy.type(0))
    else:
        backend.sort(x._array(), d, bool(descending), values._array(), indices._array())
    if out is not None:
        values._version_counter.bump()
        indices._version_counter.bump()
        return return_types.sort_out((values, indices))
    values = x._record_result(values, "SortBackward0", (x,), dim=d, indices=indices)
    return return_types.sort((values, indices))


def _sorted_outputs(x, oshape, out, fname):
    device = x._storage.device
    backend = backend_for(device)
    if out is None:
        strides = result_strides(oshape, (x,)) if oshape == x._shape else None
        return (new_result(oshape, x._dtype, device, backend, strides)[0],
                new_result(oshape, D.int64, device, backend, strides)[0])
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"{fname}(): argument 'out' must be tuple of Tensors, not {type_name(out)}")
    values, indices = out
    prepare_out(values, oshape, x._dtype, fname, (x,), exact_dtype=True)
    prepare_out(indices, oshape, D.int64, fname, (x,), exact_dtype=True)
    return values, indices


def argsort(x, dim=-1, descending=False, stable=False):
    nd = len(x._shape)
    d = _layout.normalize_dim(dim, nd)
    device = x._storage.device
    backend = backend_for(device)
    res, arr = new_result(x._shape, D.int64, device, backend)
    if nd == 0:
        backend.fill(arr, D.int64.numpy.type(0))
    else:
        backend.sort(x._array(), d, bool(descending), None, arr)
    return res


def topk(x, k, dim=-1, largest=True, sorted=True, out=None):
    if x._dtype is _bool:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    nd = len(x._shape)
    d = _layout.normalize_dim(dim, nd)
    size = x._shape[d] if nd else 1
    k = int(k)
    if k < 0 or k > size:
        raise RuntimeError("selected index k out of range")
    oshape = x._shape[:d] + (k,) + x._shape[d + 1:] if nd else ()
    values, indices = _sorted_outputs(x, oshape, out, "topk")
    backend = backend_for(x._storage.device)
    if nd == 0:
        backend.copy_into(values._array(), x._array())
        backend.fill(indices._array(), D.int64.numpy.type(0))
    else:
        vtmp = backend.empty_array(x._shape, x._dtype.numpy)
        itmp = backend.empty_array(x._shape, D.int64.numpy)
        backend.sort(x._array(), d, bool(largest), vtmp, itmp)
        cut = (slice(None),) * d + (slice(0, k),)
        backend.copy_into(values._array(), vtmp[cut])
        backend.copy_into(indices._array(), itmp[cut])
    if out is not None:
        values._version_counter.bump()
        indices._version_counter.bump()
        return return_types.topk_out((values, indices))
    values = x._record_result(values, "TopkBackward0", (x,), dim=d, indices=indices)
    return return_types.topk((values, indices))


def median(x, dim=None, keepdim=False, out=None):
    nd = len(x._shape)
    device = x._storage.device
    backend = backend_for(device)
    if dim is None:
        res, arr = new_result((), x._dtype, device, backend)
        n = numel(x._shape)
        if n == 0:
            backend.fill(arr, x._dtype.numpy.type("nan") if x._dtype.is_floating_point else x._dtype.numpy.type(0))
        else:
            flat = x.reshape(-1)._array()
            itmp = backend.empty_array((1,), D.int64.numpy)
            vtmp = backend.empty_array((1,), x._dtype.numpy)
            backend.median(flat, 0, vtmp, itmp)
            backend.copy_into(arr, vtmp.reshape(()))
        return x._record_result(res, "MedianBackward0", (x,))
    axes, _ = reduce_dims(dim, nd)
    if axes and x._shape[axes[0]] == 0:
        raise IndexError(f"median(): Expected reduction dim {axes[0]} to have non-zero size.")
    values, indices = _values_indices(x, axes, keepdim, out, "median")
    kshape = keepdim_shape(x._shape, axes)
    vtmp = backend.empty_array(kshape, x._dtype.numpy)
    itmp = backend.empty_array(kshape, D.int64.numpy)
    if axes:
        backend.median(x._array(), axes[0], vtmp, itmp)
    else:
        backend.copy_into(vtmp, x._array())
        backend.fill(itmp, D.int64.numpy.type(0))
    backend.copy_into(values._array(), vtmp.reshape(values._shape))
    backend.copy_into(indices._array(), itmp.reshape(indices._shape))
    if out is not None:
        values._version_counter.bump()
        indices._version_counter.bump()
        return return_types.median_out((values, indices))
    values = x._record_result(values, "MedianBackward1", (x,), dim=axes[0] if axes else 0, keepdim=keepdim,
                              indices=indices)
    return return_types.median((values, indices))


def unique(x, sorted=True, return_inverse=False, return_counts=False, dim=None):
    device = x._storage.device
    backend = backend_for(device)
    axis = None if dim is None else _layout.normalize_dim(dim, len(x._shape))
    values, inverse, counts = backend.unique(x._array(), axis, return_inverse, return_counts)

    def tensor_of(array, dtype):
        res, arr = new_result(tuple(array.shape), dtype, device, backend)
        backend.copy_into(arr, array)
        return res

    result = x._record_result(tensor_of(values, x._dtype), "Unique2Backward0", (x,))
    if not return_inverse and not return_counts:
        return result
    parts = [result]
    if return_inverse:
        parts.append(tensor_of(inverse, D.int64))
    if return_counts:
        parts.append(tensor_of(counts, D.int64))
    return tuple(parts)

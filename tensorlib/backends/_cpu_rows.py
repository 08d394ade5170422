"""The CPU's fused kernels of the transformer layers (``tensorlib._rows``), for the CPU backend:
layer_norm forward and backward, gelu forward and backward, and the masked softmax of attention
with its gradient.  Each takes float32/float64 arrays of one dtype and returns False (nothing
written) for anything else, leaving the call to the composed ops.

float32 gelu (erf form) is one compiled pass, forward and backward: erf by the formula PyTorch's
vectorised float32 erf follows (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7)
around a branch-free exp.  The tanh form and float64 run the backend's vector tanh/erf/exp (MKL's
with the ``mkl`` extra) over whole arrays, with compiled passes around them.  Attention's
products are NumPy's batched matmul (one call for all heads; MKL's gemm per matrix for large
ones) and its softmax exponentials NumPy's vectorised exp, both run from compiled code on the
pool's threads where NumPy's BLAS and exp loop are found (the same bits).  None of these last
bits are PyTorch's (nor were the composed ops').
"""
import math

import numpy as np

from .. import _blas, _rows
from .._unary import unary as _cy_unary
from . import _cpu_products, _numpy_blas, _vector_math
from ._quiet import quietly as _run

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_ROOT_HALF = 1.0 / math.sqrt(2.0)
_ROOT_TWO_OVER_PI = math.sqrt(2.0 / math.pi)
_DENSITY = 1.0 / math.sqrt(2.0 * math.pi)
_CUBE = 0.044715
_NO_BYTES = np.empty(0, np.uint8)


def _floats(*arrays):
    """Whether every array (None: absent, skipped) is float32/float64 of the first one's dtype."""
    dtype = arrays[0].dtype
    if dtype not in _FLOATS:
        return False
    for a in arrays:  # a plain loop: these checks run once per layer call
        if a is not None and a.dtype != dtype:
            return False
    return True


def _flat(a):
    """``a`` as a flat C-contiguous array (a copy where it is not contiguous)."""
    return np.ascontiguousarray(a).reshape(-1)


def _vector(op, a):
    """``op`` (erf, exp, tanh) of the flat array ``a`` in place, by the kernels ``unary`` uses."""
    return _vector_math.unary(op, a, a) or _cy_unary(op, a, a)


def _write(out, flat):
    """Copies the flat result ``flat`` into ``out`` unless it is already ``out``'s memory."""
    if not (out.flags.c_contiguous and np.may_share_memory(out, flat)):
        np.copyto(out, flat.reshape(out.shape))


def _target(out):
    """A flat buffer the kernel may write: ``out``'s own memory where it is contiguous."""
    return out.reshape(-1) if out.flags.c_contiguous and out.flags.writeable else np.empty(out.size, out.dtype)


def layer_norm(x, weight, bias, eps, out, mean, rstd):
    """``(x - mean) * rstd * weight + bias`` over the last dims of ``x`` that ``weight``'s shape
    (or ``mean``'s missing size) covers; ``mean``/``rstd`` flat per row.  ``weight``/``bias``
    None for none."""
    if not _floats(x, out, mean, rstd, weight, bias) or not x.size:
        return False
    rows = mean.size
    cols = x.size // rows
    flat_x = _flat(x)
    target = _target(out)
    _rows.layer_norm_rows(flat_x, flat_x if weight is None else _flat(weight), flat_x if bias is None else _flat(bias),
                          weight is not None, bias is not None, eps, target, mean, rstd, cols)
    _write(out, target)
    return True


def layer_norm_backward(g, x, mean, rstd, weight, grad_input, grad_weight, grad_bias):
    """layer_norm's gradients for the incoming ``g``: into ``grad_input``, and the weight's and
    bias's into ``grad_weight``/``grad_bias`` (None: not wanted; both or neither)."""
    if not _floats(g, x, mean, rstd, weight, grad_input, grad_weight, grad_bias) or not x.size:
        return False
    rows = mean.size
    cols = x.size // rows
    flat_x, flat_g = _flat(x), _flat(g)
    target = _NO_OUTPUT[x.dtype] if grad_input is None else _target(grad_input)
    want_params = grad_weight is not None
    sums = np.zeros((2, cols if want_params else 0))
    _rows.layer_norm_backward_rows(flat_g, flat_x, mean, rstd, flat_x if weight is None else _flat(weight),
                                   weight is not None, target, grad_input is not None, sums[0], sums[1],
                                   want_params, cols)
    if grad_input is not None:
        _write(grad_input, target)
    if want_params:
        np.copyto(grad_weight, sums[0].reshape(grad_weight.shape), casting="unsafe")
        np.copyto(grad_bias, sums[1].reshape(grad_bias.shape), casting="unsafe")
    return True


_NO_OUTPUT = {dtype: np.empty(0, dtype) for dtype in _FLOATS}


def gelu(x, approximate, out):
    """``x * 0.5 * (erf(x / sqrt 2) + 1)`` (``approximate`` "none") or its tanh approximation
    ``x * 0.5 * (tanh(sqrt(2 / pi) * (x + 0.044715 x**3)) + 1)``."""
    if not _floats(x, out) or not x.size:
        return False
    real = x.dtype.type
    flat_x = _flat(x)
    target = _target(out)
    if np.may_share_memory(target, flat_x):
        target = np.empty(x.size, x.dtype)
    if approximate == "tanh":
        _rows.gelu_tanh_inner(flat_x, target, real(_CUBE), real(_ROOT_TWO_OVER_PI))
        if not _vector("tanh", target):
            return False
        _rows.gelu_finish(flat_x, target)
    elif x.dtype == _FLOATS[0]:
        _rows.gelu_erf_float(flat_x, target, _ROOT_HALF)
    else:
        np.multiply(flat_x, _ROOT_HALF, target)
        if not _vector("erf", target):
            return False
        _rows.gelu_finish(flat_x, target)
    _write(out, target)
    return True


def gelu_backward(g, x, approximate, out):
    """gelu's gradient for the incoming ``g``: ``g * (Phi(x) + x * phi(x))`` (Phi, phi: the
    standard normal's distribution and density), or that of the tanh approximation."""
    if not _floats(g, x, out) or not x.size:
        return False
    real = x.dtype.type
    flat_x, flat_g = _flat(x), _flat(g)
    target = _target(out)
    if approximate == "tanh":
        first = np.empty(x.size, x.dtype)
        _rows.gelu_tanh_backward_inner(flat_x, first, real(_CUBE), real(_ROOT_TWO_OVER_PI))
        if not _vector("tanh", first):
            return False
        _rows.gelu_tanh_backward_finish(flat_g, flat_x, first, target, real(3 * _CUBE), real(_ROOT_TWO_OVER_PI))
    elif x.dtype == _FLOATS[0]:
        _rows.gelu_erf_backward_float(flat_g, flat_x, target, _ROOT_HALF, _DENSITY)
    else:
        first, second = np.empty(x.size, x.dtype), np.empty(x.size, x.dtype)
        _rows.gelu_erf_backward_inner(flat_x, first, second, real(_ROOT_HALF))
        if not (_vector("erf", first) and _vector("exp", second)):
            return False
        _rows.gelu_erf_backward_finish(flat_g, flat_x, first, second, target, real(_DENSITY))
    _write(out, target)
    return True


# from this many multiply-adds per matrix MKL's gemm per matrix beats NumPy's batched matmul
_LARGE_PRODUCT = 1 << 21


def _batched_product(a, b, out):
    """``out = a @ b`` over the leading dims: NumPy's batched matmul for small matrices (its
    BLAS calls made from compiled code, the matrices shared out among the pool's threads, where
    that BLAS is found), the backend's products (MKL's gemm per matrix where installed) for
    large ones."""
    if a.shape[-2] * a.shape[-1] * b.shape[-1] >= _LARGE_PRODUCT:
        _run(_cpu_products.matmul, a, b, out)
    elif not (_numpy_blas.bound() and _blas.numpy_matmul(a, b, out)):
        np.matmul(a, b, out=out)


# from this many query rows, a causal attention's first half of the rows is multiplied with the
# first half of the keys only (the rest are masked out): a quarter of the products' work saved;
# below it the extra calls cost more than they save
_CAUSAL_SPLIT_ROWS = 64


def _causal_half(causal, target, cols):
    """The row (and key) count ``h`` of the causal attention's top-left block computed alone
    (rows below ``h`` attend only to keys below ``h``); 0: the products run whole."""
    return target // 2 if causal and target >= _CAUSAL_SPLIT_ROWS and target // 2 <= cols else 0


def attention(query, key, value, mask, causal, scale, out, weights):
    """``softmax(query @ key^T * scale, masked) @ value`` into ``out`` (B, H, L, E), the weights
    into ``weights`` (B, H, L, S, contiguous).  ``mask``: None, bool (False: masked out) or an
    array of the query's dtype added to the scores, broadcastable to the weights; ``causal``: the
    top-left causal mask.  Rows with nothing to attend to get weights 0."""
    if not _floats(query, key, value, out, weights) or not weights.flags.c_contiguous or not weights.size:
        return False
    dtype = query.dtype
    target, cols = weights.shape[-2], weights.shape[-1]
    half = _causal_half(causal and mask is None, target, cols)
    key_t = np.swapaxes(key, -1, -2)
    if half:  # the top-right block is left unwritten: the causal mask overwrites it
        _batched_product(query[..., :half, :], key_t[..., :half], weights[..., :half, :half])
        _batched_product(query[..., half:, :], key_t, weights[..., half:, :])
    else:
        _batched_product(query, key_t, weights)
    flat = weights.reshape(-1)
    kind, bool_mask, add_mask = (1 if causal else 0), _NO_BYTES, _NO_OUTPUT[dtype]
    if mask is not None and mask.dtype == np.bool_:
        kind, bool_mask = 2, _flat(np.broadcast_to(mask, weights.shape)).view(np.uint8)
    elif mask is not None:
        kind, add_mask = 3, _flat(np.broadcast_to(mask, weights.shape))
    empty_rows = np.empty(flat.size // cols, np.uint8)
    if not _rows.attention_softmax_rows(flat, dtype.type(scale), kind, bool_mask, add_mask, target, cols, empty_rows):
        _rows.attention_scores_rows(flat, dtype.type(scale), kind, bool_mask, add_mask, target, cols, empty_rows)
        _run(np.exp, flat, flat)
        _rows.attention_normalize_rows(flat, empty_rows, cols)
    if half:
        _batched_product(weights[..., :half, :half], value[..., :half, :], out[..., :half, :])
        _batched_product(weights[..., half:, :], value, out[..., half:, :])
    else:
        _batched_product(weights, value, out)
    return True


def attention_backward(g, query, key, value, weights, scale, grad_query, grad_key, grad_value, causal=False):
    """The gradients of ``attention`` for the incoming ``g`` (B, H, L, E), given its
    ``weights``: into ``grad_query``, ``grad_key`` and ``grad_value`` (each None: not wanted);
    ``causal``: the weights are those of the causal mask alone (zero above the diagonal)."""
    wanted = [a for a in (grad_query, grad_key, grad_value) if a is not None]
    if not _floats(g, query, key, value, weights, *wanted) or not weights.flags.c_contiguous:
        return False
    dtype = weights.dtype
    half = _causal_half(causal, weights.shape[-2], weights.shape[-1])
    weights_t = np.swapaxes(weights, -1, -2)
    if grad_value is not None:
        if half:
            _batched_product(weights_t[..., :half, :], g, grad_value[..., :half, :])
            _batched_product(weights_t[..., half:, half:], g[..., half:, :], grad_value[..., half:, :])
        else:
            _batched_product(weights_t, g, grad_value)
    if grad_query is None and grad_key is None:
        return True
    grad_scores = np.empty(weights.shape, dtype)
    value_t = np.swapaxes(value, -1, -2)
    if half:  # zero where the weights are: the rows' softmax gradient reads it
        grad_scores[..., :half, half:] = 0
        _batched_product(g[..., :half, :], value_t[..., :half], grad_scores[..., :half, :half])
        _batched_product(g[..., half:, :], value_t, grad_scores[..., half:, :])
    else:
        _batched_product(g, value_t, grad_scores)
    flat = grad_scores.reshape(-1)
    _rows.softmax_backward_rows(flat, weights.reshape(-1), flat, dtype.type(scale), weights.shape[-1])
    if grad_query is not None:
        if half:
            _batched_product(grad_scores[..., :half, :half], key[..., :half, :], grad_query[..., :half, :])
            _batched_product(grad_scores[..., half:, :], key, grad_query[..., half:, :])
        else:
            _batched_product(grad_scores, key, grad_query)
    if grad_key is not None:
        scores_t = np.swapaxes(grad_scores, -1, -2)
        if half:
            _batched_product(scores_t[..., :half, :], query, grad_key[..., :half, :])
            _batched_product(scores_t[..., half:, half:], query[..., half:, :], grad_key[..., half:, :])
        else:
            _batched_product(scores_t, query, grad_key)
    return True

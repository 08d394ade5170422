"""Kernels written once against an array module ``xp`` (NumPy on the CPU, CuPy or
the stand-in on CUDA), for the backends to share where no faster CPU path exists."""
import numpy as np


def nll_loss_backward(xp, g, target, weight, ignore_index, total, out):
    """``weight[t] * -(g / total)`` at ``[i, t]`` of every row not ignored, 0 elsewhere
    (see ``backends/cpu.py``)."""
    out.fill(0)
    grad = -(g / total) if total is not None else -g
    rows = xp.flatnonzero(target != ignore_index)
    cols = target[rows]
    if grad.ndim:
        grad = grad[rows]
    out[rows, cols] = grad if weight is None else weight[cols] * grad


def scatter(xp, dst, index, src, axis, op, accumulate_at):
    """``dst[..index..] = src`` (op 0), ``+=`` (1) or ``*=`` (2) along ``axis`` over index's
    shape (see ``backends/cpu.py``), with the backend's ``accumulate_at``."""
    src = src[tuple(slice(0, n) for n in index.shape)]
    key = tuple(index if k == axis else xp.arange(n).reshape((-1,) + (1,) * (index.ndim - k - 1))
                for k, n in enumerate(index.shape))
    if op == 0:
        dst[key] = src
    else:
        accumulate_at("add" if op == 1 else "multiply", dst, key, src)


def unique(xp, a, axis, return_inverse, return_counts):
    """Sorted unique values (or slices along ``axis``), with the inverse and counts;
    built on stable argsort so that it runs on any CuPy version (see ``backends/cpu.py``)."""
    if axis is None:
        rows = xp.reshape(a, (-1, 1))
    else:
        moved = xp.moveaxis(a, axis, 0)
        rows = xp.reshape(moved, (moved.shape[0], -1))
    n = rows.shape[0]
    order = xp.arange(n)
    for col in range(rows.shape[1] - 1, -1, -1):  # least significant column first: lexicographic
        order = order[xp.argsort(rows[order, col])]
    ordered = rows[order]
    first = xp.ones(n, dtype=np.bool_)
    if n > 1:
        # NaN != NaN: every NaN is its own value, as PyTorch's sorted unique gives them
        first[1:] = xp.any(ordered[1:] != ordered[:-1], axis=1)
    starts = xp.nonzero(first)[0]
    if axis is None:
        values = ordered[starts, 0]
    else:
        picked = xp.take(moved, order[starts], axis=0)
        values = xp.moveaxis(picked, 0, axis)
    inverse = counts = None
    if return_inverse:
        group = xp.cumsum(first) - 1
        inverse = xp.empty(n, dtype=np.int64)
        inverse[order] = group
        if axis is None:
            inverse = xp.reshape(inverse, a.shape)
    if return_counts:
        bounds = xp.concatenate([starts, xp.asarray(np.array([n], dtype=starts.dtype))])
        counts = (bounds[1:] - bounds[:-1]).astype(np.int64)
    return values, inverse, counts


def axpby_two_byte(xp, a, x, b, y):
    """``y = a * x + b * y`` in place for float16/bfloat16 ``y`` as PyTorch's ``y.mul_(b).add_(x,
    alpha=a)`` computes it: ``y * b`` in float32 (b kept in float32) rounded to y's dtype, then
    ``y + a * x`` in float32 with ``a`` first rounded to y's dtype, as one fused multiply-add
    (its exact float64 product and sum rounded to float32), then rounded to y's dtype."""
    with np.errstate(all="ignore"):
        y32 = y.astype(np.float32)
        if b != 1:
            y32 = (y32 * np.float32(b)).astype(y.dtype).astype(np.float32)
        factor = np.float64(np.asarray(a, np.float32).astype(y.dtype))
        fused = x.astype(np.float64) * factor + y32.astype(np.float64)
        xp.copyto(y, fused.astype(np.float32), casting="unsafe")


def add_matrix_product(xp, a, b, out, alpha, beta):
    """``out = alpha * a @ b + beta * out`` (``out`` not read where ``beta`` is 0), in out's
    dtype, the product rounded before it is scaled and added."""
    product = xp.matmul(a, b)
    if alpha != 1:
        product *= out.dtype.type(alpha)
    if beta == 0:
        out[...] = product
        return
    if beta != 1:
        out *= out.dtype.type(beta)
    out += product


def lerp(xp, a, b, weight, out, fused_multiply_add, work):
    """``out = a + weight * (b - a)`` in ``work`` (float32 for two-byte floats) as PyTorch's kernel
    computes it, with the backend's ``fused_multiply_add``: ``a + w * diff`` where ``|w| < 0.5``,
    else ``b - diff * (1 - w)``."""
    a32, b32 = a.astype(work, copy=False), b.astype(work, copy=False)
    w = xp.asarray(weight, work)
    shape = np.broadcast_shapes(a32.shape, b32.shape, w.shape)
    diff = xp.subtract(b32, a32, dtype=work)
    near_start, near_end = xp.empty(shape, work), xp.empty(shape, work)
    fused_multiply_add(xp.broadcast_to(w, shape), xp.broadcast_to(diff, shape), xp.broadcast_to(a32, shape),
                       near_start)
    fused_multiply_add(xp.broadcast_to(-diff, shape), xp.broadcast_to(xp.subtract(1, w, dtype=work), shape),
                       xp.broadcast_to(b32, shape), near_end)
    xp.copyto(out, xp.where(xp.abs(w) < 0.5, near_start, near_end), casting="unsafe")

"""Kernels written once against an array module ``xp`` (NumPy on the CPU, CuPy or
the stand-in on CUDA), for the backends to share where no faster CPU path exists."""


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

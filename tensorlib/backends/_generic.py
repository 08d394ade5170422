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

"""Kernels written once against an array module ``xp`` (NumPy on the CPU, CuPy or
the stand-in on CUDA), for the backends to share where no faster CPU path exists."""


def nll_loss_backward(xp, g, target, weight, ignore_index, total, out):
    """``weight[t] * -(g / total)`` at ``[i, t]`` of every row not ignored, 0 elsewhere
    (see ``backends/cpu.py``); fixed shapes, so a GPU never waits for a row count."""
    out.fill(0)
    grad = -(g / total) if total is not None else -g
    keep = target != ignore_index
    cols = xp.where(keep, target, 0)
    scaled = grad if weight is None else weight[cols] * grad
    out[xp.arange(out.shape[0]), cols] = xp.where(keep, scaled, 0)
